// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// MetricsClientInterceptor around a mock Connection: requests, long polls,
// failures by status code, and their tags.
#include "temporal/client/metrics_client_interceptor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "temporal/client/mocks/mock_connection.h"
#include "temporal/client/rpc_error.h"
#include "temporal/metrics/prometheus_metrics_handler.h"

namespace temporal {
namespace {

namespace ws = temporal::api::workflowservice::v1;
using ::testing::_;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Return;
using ::testing::Throw;

TEST(MetricsClientInterceptor, CountsRequestsFailuresAndLongPollsWithTheirTags) {
  auto mock = std::make_shared<mocks::MockConnection>();
  auto prometheus = std::make_shared<PrometheusMetricsHandler>();
  auto connection =
      Connection::WithInterceptors(mock, {std::make_shared<MetricsClientInterceptor>(prometheus)});

  EXPECT_CALL(*mock, DescribeNamespace(_, _))
      .WillOnce(Return(ws::DescribeNamespaceResponse{}))
      .WillOnce(
          Throw(RpcError("DescribeNamespace", grpc::StatusCode::NOT_FOUND, "no such namespace")));
  EXPECT_CALL(*mock, PollActivityTaskQueue(_, _))
      .WillOnce(Return(ws::PollActivityTaskQueueResponse{}));

  ws::DescribeNamespaceRequest describe;
  describe.set_namespace_("ns-a");
  connection->DescribeNamespace(describe);
  EXPECT_THROW(connection->DescribeNamespace(describe), RpcError);
  ws::PollActivityTaskQueueRequest poll;
  poll.set_namespace_("ns-a");
  poll.mutable_task_queue()->set_name("orders");
  connection->PollActivityTaskQueue(poll);

  const std::string text = prometheus->Render();
  EXPECT_THAT(
      text, HasSubstr("temporal_request{namespace=\"ns-a\",operation=\"DescribeNamespace\"} 2\n"));
  EXPECT_THAT(
      text, HasSubstr("temporal_request_failure{namespace=\"ns-a\",operation=\"DescribeNamespace\","
                      "status_code=\"NOT_FOUND\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("temporal_request_latency_count{namespace=\"ns-a\",operation="
                              "\"DescribeNamespace\"} 2\n"));
  EXPECT_THAT(
      text,
      HasSubstr("temporal_long_request{namespace=\"ns-a\",operation=\"PollActivityTaskQueue\","
                "task_queue=\"orders\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("temporal_long_request_latency_count{namespace=\"ns-a\",operation="
                              "\"PollActivityTaskQueue\","
                              "task_queue=\"orders\"} 1\n"));
  // A long poll is not a plain request, and nothing failed there.
  EXPECT_THAT(
      text,
      Not(HasSubstr("temporal_request{namespace=\"ns-a\",operation=\"PollActivityTaskQueue\"")));
  EXPECT_THAT(text, Not(HasSubstr("temporal_long_request_failure")));
}

TEST(MetricsClientInterceptor, AStickyPollIsTaggedWithItsNormalQueue) {
  auto mock = std::make_shared<mocks::MockConnection>();
  auto prometheus = std::make_shared<PrometheusMetricsHandler>();
  auto connection =
      Connection::WithInterceptors(mock, {std::make_shared<MetricsClientInterceptor>(prometheus)});
  EXPECT_CALL(*mock, PollWorkflowTaskQueue(_, _))
      .WillOnce(Return(ws::PollWorkflowTaskQueueResponse{}));
  ws::PollWorkflowTaskQueueRequest poll;
  poll.set_namespace_("default");
  poll.mutable_task_queue()->set_name("host-sticky-1234");
  poll.mutable_task_queue()->set_normal_name("orders");
  connection->PollWorkflowTaskQueue(poll);
  EXPECT_THAT(prometheus->Render(),
              HasSubstr("temporal_long_request{namespace=\"default\",operation="
                        "\"PollWorkflowTaskQueue\",task_queue=\"orders\"} 1\n"));
}

}  // namespace
}  // namespace temporal
