// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Client and WorkflowHandle on a MockConnection: the exact requests they
// build, and how they read responses. Also the example for users of how to
// unit test their own code that uses a temporal::Client.
#include "temporal/client/client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "temporal/api/errordetails/v1/message.pb.h"
#include "temporal/client/mocks/mock_connection.h"

namespace {

namespace ws = temporal::api::workflowservice::v1;
namespace enums = temporal::api::enums::v1;
using namespace std::chrono_literals;
using temporal::mocks::MockConnection;
using ::testing::_;
using ::testing::DoAll;
using ::testing::Return;
using ::testing::SaveArg;

ws::GetWorkflowExecutionHistoryResponse CloseEvent(enums::EventType type,
                                                   const std::function<void(temporal::api::history::v1::HistoryEvent&)>& fill) {
  ws::GetWorkflowExecutionHistoryResponse response;
  auto* event = response.mutable_history()->add_events();
  event->set_event_type(type);
  fill(*event);
  return response;
}

TEST(ClientRequests, StartWorkflowSendsEveryOption) {
  auto mock = std::make_shared<MockConnection>();
  ws::StartWorkflowExecutionRequest sent;
  ws::StartWorkflowExecutionResponse started;
  started.set_run_id("run-1");
  EXPECT_CALL(*mock, StartWorkflowExecution(_, _)).WillOnce(DoAll(SaveArg<0>(&sent), Return(started)));

  temporal::Client client(mock, {.namespace_ = "payments", .identity = "billing@host"});
  temporal::WorkflowOptions options{
      .id = "order-1",
      .task_queue = "orders",
      .execution_timeout = 1h,
      .run_timeout = 30min,
      .task_timeout = 5s,
      .id_reuse_policy = temporal::WorkflowIdReusePolicy::kRejectDuplicate,
      .id_conflict_policy = temporal::WorkflowIdConflictPolicy::kUseExisting,
      .retry_policy = temporal::RetryPolicy{.initial_interval = 2s, .maximum_attempts = 3},
      .cron_schedule = "",
      .memo = {{"note", temporal::Values::Of(std::string("hi"))}},
      .search_attributes = {},
      .start_delay = 10s,
      .request_id = "req-1",
  };
  options.search_attributes.Set(temporal::SearchAttributeKey<int64_t>::Int("Priority"), 3);
  auto handle = client.StartWorkflow("ProcessOrder", options, std::string("o-1"));

  EXPECT_EQ(handle.run_id(), "run-1");
  EXPECT_EQ(sent.namespace_(), "payments");
  EXPECT_EQ(sent.workflow_id(), "order-1");
  EXPECT_EQ(sent.workflow_type().name(), "ProcessOrder");
  EXPECT_EQ(sent.task_queue().name(), "orders");
  EXPECT_EQ(sent.input().payloads(0).data(), "\"o-1\"");
  EXPECT_EQ(sent.workflow_execution_timeout().seconds(), 3600);
  EXPECT_EQ(sent.workflow_run_timeout().seconds(), 1800);
  EXPECT_EQ(sent.workflow_task_timeout().seconds(), 5);
  EXPECT_EQ(sent.identity(), "billing@host");
  EXPECT_EQ(sent.request_id(), "req-1");
  EXPECT_EQ(sent.workflow_id_reuse_policy(), enums::WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE);
  EXPECT_EQ(sent.workflow_id_conflict_policy(), enums::WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING);
  EXPECT_EQ(sent.retry_policy().initial_interval().seconds(), 2);
  EXPECT_EQ(sent.retry_policy().maximum_attempts(), 3);
  EXPECT_EQ(sent.memo().fields().at("note").data(), "\"hi\"");
  EXPECT_EQ(sent.search_attributes().indexed_fields().at("Priority").data(), "3");
  EXPECT_EQ(sent.search_attributes().indexed_fields().at("Priority").metadata().at("type"), "Int");
  EXPECT_EQ(sent.workflow_start_delay().seconds(), 10);
}

TEST(ClientRequests, AStartWithoutRequestIdGetsAFreshUuidEachTime) {
  auto mock = std::make_shared<MockConnection>();
  std::vector<std::string> ids;
  EXPECT_CALL(*mock, StartWorkflowExecution(_, _))
      .Times(2)
      .WillRepeatedly([&](const ws::StartWorkflowExecutionRequest& request, const auto&) {
        ids.push_back(request.request_id());
        return ws::StartWorkflowExecutionResponse();
      });
  temporal::Client client(mock);
  client.StartWorkflow("T", {.id = "a", .task_queue = "q"});
  client.StartWorkflow("T", {.id = "b", .task_queue = "q"});
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0].size(), 36u);
  EXPECT_NE(ids[0], ids[1]);
}

TEST(WorkflowHandleRequests, ResultKeepsPollingThroughEmptyLongPollsAndFollowsNewRuns) {
  auto mock = std::make_shared<MockConnection>();
  ws::GetWorkflowExecutionHistoryResponse empty;
  empty.set_next_page_token("resume-here");
  auto continued = CloseEvent(enums::EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, [](auto& e) {
    e.mutable_workflow_execution_continued_as_new_event_attributes()->set_new_execution_run_id("run-2");
  });
  auto completed = CloseEvent(enums::EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, [](auto& e) {
    auto* payload = e.mutable_workflow_execution_completed_event_attributes()->mutable_result()->add_payloads();
    (*payload->mutable_metadata())["encoding"] = "json/plain";
    payload->set_data("7");
  });
  std::vector<std::string> polled_runs;
  EXPECT_CALL(*mock, GetWorkflowExecutionHistory(_, _))
      .Times(3)
      .WillRepeatedly([&](const ws::GetWorkflowExecutionHistoryRequest& request, const auto&) {
        polled_runs.push_back(request.execution().run_id());
        return polled_runs.size() == 1 ? empty : polled_runs.size() == 2 ? continued : completed;
      });

  temporal::Client client(mock);
  EXPECT_EQ(client.GetHandle("wf", "run-1").Result<int>(), 7);
  EXPECT_EQ(polled_runs, (std::vector<std::string>{"run-1", "run-1", "run-2"}));
}

TEST(WorkflowHandleRequests, ResultRequestsAreLongPollsForTheCloseEvent) {
  auto mock = std::make_shared<MockConnection>();
  ws::GetWorkflowExecutionHistoryRequest first, second;
  temporal::CallOptions first_options;
  ws::GetWorkflowExecutionHistoryResponse empty;
  empty.set_next_page_token("resume-here");
  auto completed = CloseEvent(enums::EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, [](auto&) {});
  EXPECT_CALL(*mock, GetWorkflowExecutionHistory(_, _))
      .WillOnce(DoAll(SaveArg<0>(&first), SaveArg<1>(&first_options), Return(empty)))
      .WillOnce(DoAll(SaveArg<0>(&second), Return(completed)));
  temporal::Client client(mock);
  client.GetHandle("wf", "run-1").Result();
  EXPECT_TRUE(first_options.long_poll);
  EXPECT_TRUE(first.wait_new_event());
  EXPECT_EQ(first.history_event_filter_type(), enums::HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT);
  EXPECT_EQ(first.execution().run_id(), "run-1");
  EXPECT_TRUE(first.next_page_token().empty());
  EXPECT_EQ(second.next_page_token(), "resume-here");
}

TEST(WorkflowHandleRequests, ARejectedQueryThrowsQueryRejectedErrorWithTheStatus) {
  auto mock = std::make_shared<MockConnection>();
  ws::QueryWorkflowResponse rejected;
  rejected.mutable_query_rejected()->set_status(enums::WORKFLOW_EXECUTION_STATUS_COMPLETED);
  EXPECT_CALL(*mock, QueryWorkflow(_, _)).WillOnce(Return(rejected));
  temporal::Client client(mock);
  try {
    client.GetHandle("wf").QueryWithOptions<int>(temporal::QueryRejectCondition::kNotOpen, "count");
    FAIL() << "expected QueryRejectedError";
  } catch (const temporal::QueryRejectedError& e) {
    EXPECT_EQ(e.status(), enums::WORKFLOW_EXECUTION_STATUS_COMPLETED);
    EXPECT_THAT(e.what(), ::testing::HasSubstr("WORKFLOW_EXECUTION_STATUS_COMPLETED"));
  }
}

TEST(ClientRequests, ListWorkflowsFetchesPagesOnlyAsTheIterationReachesThem) {
  auto mock = std::make_shared<MockConnection>();
  auto page = [](std::vector<std::string> ids, std::string token) {
    ws::ListWorkflowExecutionsResponse response;
    for (auto& id : ids) response.add_executions()->mutable_execution()->set_workflow_id(id);
    response.set_next_page_token(std::move(token));
    return response;
  };
  ::testing::InSequence in_order;
  EXPECT_CALL(*mock, ListWorkflowExecutions(_, _)).WillOnce(Return(page({"a", "b"}, "t1")));
  EXPECT_CALL(*mock, ListWorkflowExecutions(_, _)).WillOnce(Return(page({}, "t2")));
  EXPECT_CALL(*mock, ListWorkflowExecutions(_, _)).WillOnce(Return(page({"c"}, "")));

  temporal::Client client(mock);
  auto runs = client.ListWorkflows("WorkflowType = 'X'");  // nothing fetched yet
  std::vector<std::string> ids;
  for (const auto& run : runs) ids.push_back(run.workflow_id);
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "b", "c"}));
}

// --- How to unit test your own code that uses a Client. ---

// Code under test: a service function that starts an order workflow.
std::string SubmitOrder(const temporal::Client& client, const std::string& order_id) {
  try {
    return client.StartWorkflow("ProcessOrder", {.id = "order-" + order_id, .task_queue = "orders"},
                                order_id)
        .run_id();
  } catch (const temporal::WorkflowAlreadyStartedError& e) {
    return e.run_id();  // already submitted: idempotent
  }
}

TEST(MockingTheClient, UsersTestTheirCodeWithMockConnection) {
  auto mock = std::make_shared<MockConnection>();
  ws::StartWorkflowExecutionResponse started;
  started.set_run_id("run-1");
  temporal::api::errordetails::v1::WorkflowExecutionAlreadyStartedFailure detail;
  detail.set_run_id("run-1");
  google::protobuf::Any any;
  any.PackFrom(detail);
  EXPECT_CALL(*mock, StartWorkflowExecution(_, _))
      .WillOnce(Return(started))
      .WillOnce(::testing::Throw(temporal::WorkflowAlreadyStartedError(
          "StartWorkflowExecution", grpc::StatusCode::ALREADY_EXISTS, "already started", {any})));
  temporal::Client client(mock);
  EXPECT_EQ(SubmitOrder(client, "42"), "run-1");
  EXPECT_EQ(SubmitOrder(client, "42"), "run-1");
}

}  // namespace
