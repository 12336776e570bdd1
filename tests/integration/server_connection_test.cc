// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// The generated WorkflowService stub talks to a real Temporal dev server.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "temporal/api/workflowservice/v1/service.grpc.pb.h"
#include "temporal/testing/dev_server_environment.h"

namespace {

namespace ws = temporal::api::workflowservice::v1;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

class ServerConnectionTest : public temporal::testing::DevServerTest {
 protected:
  void SetUp() override {
    DevServerTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    stub_ = ws::WorkflowService::NewStub(
        grpc::CreateChannel(server_address(), grpc::InsecureChannelCredentials()));
  }

  static std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return context;
  }

  std::unique_ptr<ws::WorkflowService::Stub> stub_;
};

TEST_F(ServerConnectionTest, GetSystemInfoReportsTheServerVersionAndCapabilities) {
  ws::GetSystemInfoResponse info;
  grpc::Status status = stub_->GetSystemInfo(Context().get(), {}, &info);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // The CLI v1.5.1 dev server embeds Temporal server 1.29.x.
  EXPECT_THAT(info.server_version(), MatchesRegex("1\\.[0-9]+\\.[0-9]+.*"));
  EXPECT_TRUE(info.capabilities().signal_and_query_header());
  EXPECT_TRUE(info.capabilities().internal_error_differentiation());
}

TEST_F(ServerConnectionTest, DescribesTheDefaultNamespace) {
  ws::DescribeNamespaceRequest request;
  request.set_namespace_("default");
  ws::DescribeNamespaceResponse response;
  grpc::Status status = stub_->DescribeNamespace(Context().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.namespace_info().name(), "default");
  EXPECT_EQ(response.namespace_info().state(),
            temporal::api::enums::v1::NAMESPACE_STATE_REGISTERED);
  EXPECT_FALSE(response.namespace_info().id().empty());
}

TEST_F(ServerConnectionTest, UnknownNamespaceIsNotFound) {
  ws::DescribeNamespaceRequest request;
  request.set_namespace_(temporal::testing::UniqueName("missing-ns"));
  ws::DescribeNamespaceResponse response;
  grpc::Status status = stub_->DescribeNamespace(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr(request.namespace_()));
}

}  // namespace
