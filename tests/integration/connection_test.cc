// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// temporal::Connection against a real Temporal dev server: Connect's server
// check, calls, the typed errors built from the server's error details, and
// a clear, bounded failure for an address where nothing listens.
#include "temporal/client/connection.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>

#include "temporal/testing/dev_server_environment.h"

namespace {

namespace ws = temporal::api::workflowservice::v1;
using namespace std::chrono_literals;
using ::testing::AnyOf;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using temporal::testing::UniqueName;

// A loopback port with nothing listening: bound by the kernel, then released.
int FreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    if (fd >= 0) close(fd);
    return 0;
  }
  close(fd);
  return ntohs(address.sin_port);
}

class ConnectionIntegrationTest : public temporal::testing::DevServerTest {
 protected:
  void SetUp() override {
    DevServerTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    temporal::ConnectionOptions options;
    options.target = server_address();
    connection_ = temporal::Connection::Connect(options);
  }

  ws::StartWorkflowExecutionRequest StartRequest(const std::string& workflow_id,
                                                 const std::string& task_queue) const {
    ws::StartWorkflowExecutionRequest request;
    request.set_namespace_("default");
    request.set_workflow_id(workflow_id);
    request.mutable_workflow_type()->set_name("NeverRuns");
    request.mutable_task_queue()->set_name(task_queue);
    request.set_identity(connection_->identity());
    request.set_request_id(UniqueName("request"));
    return request;
  }

  void Terminate(const std::string& workflow_id) {
    ws::TerminateWorkflowExecutionRequest request;
    request.set_namespace_("default");
    request.mutable_workflow_execution()->set_workflow_id(workflow_id);
    request.set_reason("test cleanup");
    request.set_identity(connection_->identity());
    connection_->TerminateWorkflowExecution(request);
  }

  std::shared_ptr<temporal::Connection> connection_;
};

TEST_F(ConnectionIntegrationTest, ConnectKeepsTheServersSystemInfo) {
  EXPECT_THAT(connection_->system_info().server_version(), MatchesRegex("1\\.[0-9]+\\.[0-9]+.*"));
  EXPECT_TRUE(connection_->system_info().capabilities().internal_error_differentiation());

  ws::GetSystemInfoResponse info = connection_->GetSystemInfo({});
  EXPECT_EQ(info.server_version(), connection_->system_info().server_version());
}

TEST_F(ConnectionIntegrationTest, DescribesTheDefaultNamespace) {
  ws::DescribeNamespaceRequest request;
  request.set_namespace_("default");
  ws::DescribeNamespaceResponse response = connection_->DescribeNamespace(request);
  EXPECT_EQ(response.namespace_info().name(), "default");
  EXPECT_EQ(response.namespace_info().state(),
            temporal::api::enums::v1::NAMESPACE_STATE_REGISTERED);
}

TEST_F(ConnectionIntegrationTest, AnUnknownNamespaceIsNamespaceNotFoundErrorNamingIt) {
  ws::DescribeNamespaceRequest request;
  request.set_namespace_(UniqueName("missing-ns"));
  try {
    connection_->DescribeNamespace(request);
    FAIL() << "DescribeNamespace of an unknown namespace succeeded";
  } catch (const temporal::NamespaceNotFoundError& e) {
    EXPECT_EQ(e.code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(e.rpc(), "DescribeNamespace");
    EXPECT_EQ(e.namespace_name(), request.namespace_());
    EXPECT_THAT(e.what(), HasSubstr(request.namespace_()));
  }
}

TEST_F(ConnectionIntegrationTest, AnUnknownWorkflowIsWorkflowNotFoundError) {
  ws::DescribeWorkflowExecutionRequest request;
  request.set_namespace_("default");
  request.mutable_execution()->set_workflow_id(UniqueName("missing-wf"));
  EXPECT_THROW(connection_->DescribeWorkflowExecution(request), temporal::WorkflowNotFoundError);
}

TEST_F(ConnectionIntegrationTest, StartingTheSameWorkflowIdTwiceGivesTheFirstRunId) {
  const std::string workflow_id = UniqueName("wf");
  const std::string task_queue = UniqueName("tq");
  const std::string first_run_id =
      connection_->StartWorkflowExecution(StartRequest(workflow_id, task_queue)).run_id();
  ASSERT_FALSE(first_run_id.empty());
  // Terminate whatever the assertions below do.
  std::shared_ptr<void> cleanup(nullptr, [&](void*) { Terminate(workflow_id); });

  try {
    connection_->StartWorkflowExecution(StartRequest(workflow_id, task_queue));
    FAIL() << "the second start succeeded";
  } catch (const temporal::WorkflowAlreadyStartedError& e) {
    EXPECT_EQ(e.code(), grpc::StatusCode::ALREADY_EXISTS);
    EXPECT_EQ(e.run_id(), first_run_id);
    EXPECT_FALSE(e.start_request_id().empty());
    EXPECT_THAT(e.what(), HasSubstr("StartWorkflowExecution failed: ALREADY_EXISTS"));
  }
}

TEST_F(ConnectionIntegrationTest, NothingListeningFailsWithinTheTimeoutNamingTheTarget) {
  const int port = FreeLoopbackPort();
  ASSERT_NE(port, 0);
  temporal::ConnectionOptions options;
  options.target = "127.0.0.1:" + std::to_string(port);
  options.rpc_timeout = 2s;
  const auto start = std::chrono::steady_clock::now();
  try {
    temporal::Connection::Connect(options);
    FAIL() << "Connect to " << options.target << " succeeded";
  } catch (const temporal::RpcError& e) {
    EXPECT_THAT(e.code(),
                AnyOf(grpc::StatusCode::UNAVAILABLE, grpc::StatusCode::DEADLINE_EXCEEDED));
    EXPECT_THAT(e.what(), HasSubstr(options.target));
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, options.rpc_timeout + 1s);
}

}  // namespace
