// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// How to test your code against a mocked Temporal server: the code under
// test takes a temporal::Connection, the test hands it a
// temporal::mocks::MockConnection (CMake target temporal::mocks) and scripts
// responses and errors.
#include "temporal/client/mocks/mock_connection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "temporal/client/connection.h"

namespace {

namespace ws = temporal::api::workflowservice::v1;
using ::testing::_;
using ::testing::Field;
using ::testing::Property;
using ::testing::Return;
using ::testing::Throw;

// The code under test: starts a workflow, or finds the run that already
// exists; retries nothing itself (the connection does).
std::string StartOrFindRun(temporal::Connection& connection, const std::string& workflow_id) {
  ws::StartWorkflowExecutionRequest request;
  request.set_namespace_("default");
  request.set_workflow_id(workflow_id);
  request.mutable_workflow_type()->set_name("ProcessOrder");
  request.mutable_task_queue()->set_name("orders");
  try {
    return connection.StartWorkflowExecution(request).run_id();
  } catch (const temporal::WorkflowAlreadyStartedError& e) {
    return e.run_id();
  }
}

temporal::WorkflowAlreadyStartedError AlreadyStarted(const std::string& run_id) {
  temporal::api::errordetails::v1::WorkflowExecutionAlreadyStartedFailure failure;
  failure.set_run_id(run_id);
  google::protobuf::Any detail;
  detail.PackFrom(failure);
  return temporal::WorkflowAlreadyStartedError("StartWorkflowExecution",
                                               grpc::StatusCode::ALREADY_EXISTS,
                                               "Workflow execution is already running", {detail});
}

TEST(MockConnection, ScriptsAResponse) {
  temporal::mocks::MockConnection mock;
  ws::StartWorkflowExecutionResponse started;
  started.set_run_id("run-new");
  EXPECT_CALL(mock, StartWorkflowExecution(
                        Property(&ws::StartWorkflowExecutionRequest::workflow_id, "order-42"), _))
      .WillOnce(Return(started));

  EXPECT_EQ(StartOrFindRun(mock, "order-42"), "run-new");
}

TEST(MockConnection, ScriptsATypedError) {
  temporal::mocks::MockConnection mock;
  EXPECT_CALL(mock, StartWorkflowExecution).WillOnce(Throw(AlreadyStarted("run-old")));

  EXPECT_EQ(StartOrFindRun(mock, "order-42"), "run-old");
}

TEST(MockConnection, OtherErrorsReachTheCaller) {
  temporal::mocks::MockConnection mock;
  EXPECT_CALL(mock, StartWorkflowExecution)
      .WillOnce(Throw(temporal::RpcError("StartWorkflowExecution", grpc::StatusCode::UNAVAILABLE,
                                         "connection refused")));
  try {
    StartOrFindRun(mock, "order-42");
    FAIL() << "no error";
  } catch (const temporal::RpcError& e) {
    EXPECT_EQ(e.code(), grpc::StatusCode::UNAVAILABLE);
  }
}

TEST(MockConnection, SeesTheCallOptions) {
  temporal::mocks::MockConnection mock;
  EXPECT_CALL(mock, PollWorkflowTaskQueue(_, Field(&temporal::CallOptions::long_poll, true)))
      .WillOnce(Return(ws::PollWorkflowTaskQueueResponse{}));
  temporal::Connection& connection = mock;
  connection.PollWorkflowTaskQueue({}, {.long_poll = true});
}

// A hand-written fake overrides only what it needs; the rest answers UNIMPLEMENTED.
class OnlyDescribesNamespaces : public temporal::Connection {
 public:
  ws::DescribeNamespaceResponse DescribeNamespace(const ws::DescribeNamespaceRequest& request,
                                                  const temporal::CallOptions&) override {
    ws::DescribeNamespaceResponse response;
    response.mutable_namespace_info()->set_name(request.namespace_());
    return response;
  }
};

TEST(ConnectionDefaults, UnimplementedRpcsThrowUnimplementedNamingTheRpc) {
  OnlyDescribesNamespaces fake;
  temporal::Connection& connection = fake;  // default CallOptions come with the base class
  ws::DescribeNamespaceRequest describe;
  describe.set_namespace_("default");
  EXPECT_EQ(connection.DescribeNamespace(describe).namespace_info().name(), "default");
  try {
    connection.SignalWorkflowExecution({});
    FAIL() << "no error";
  } catch (const temporal::RpcError& e) {
    EXPECT_EQ(e.code(), grpc::StatusCode::UNIMPLEMENTED);
    EXPECT_EQ(e.rpc(), "SignalWorkflowExecution");
    EXPECT_THAT(e.what(), ::testing::HasSubstr("does not implement SignalWorkflowExecution"));
  }
}

TEST(ConnectionDefaults, OptionsAndSystemInfoHaveDefaults) {
  OnlyDescribesNamespaces fake;
  EXPECT_EQ(fake.options().target, "localhost:7233");
  EXPECT_FALSE(fake.identity().empty());
  EXPECT_FALSE(fake.system_info().capabilities().signal_and_query_header());
}

// Interceptors run around a mock too: the way to unit test an interceptor.
class AddsTenant : public temporal::ClientInterceptor {
 public:
  void Intercept(temporal::ClientCall& call, const temporal::ClientCallNext& next) override {
    call.AddMetadata("x-tenant", "blue");
    next();
  }
};

TEST(ConnectionInterceptors, RunAroundAMock) {
  auto mock = std::make_shared<temporal::mocks::MockConnection>();
  const temporal::Metadata expected = {{"x-tenant", "blue"}};
  EXPECT_CALL(*mock, GetSystemInfo(_, Field(&temporal::CallOptions::metadata, expected)))
      .WillOnce(Return(ws::GetSystemInfoResponse{}));
  auto connection =
      temporal::Connection::WithInterceptors(mock, {std::make_shared<AddsTenant>()});
  connection->GetSystemInfo({});
}

}  // namespace
