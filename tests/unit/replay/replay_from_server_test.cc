// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Replayer::ReplayWorkflow and ReplayWorkflows on a MockConnection: every
// page of a history is fetched and replayed, every page of a visibility
// listing is followed, and what the server refuses becomes a failed result
// (a history) or an exception (the listing). The same against a real dev
// server: tests/integration/replay_test.cc.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "temporal/client/client.h"
#include "temporal/client/mocks/mock_connection.h"
#include "temporal/replay/replayer.h"
#include "temporal/testing/history_builder.h"
#include "temporal/workflow/workflow.h"

namespace {
namespace ws = temporal::api::workflowservice::v1;
namespace wf = temporal::workflow;
using namespace std::chrono_literals;
using temporal::api::history::v1::History;
using temporal::mocks::MockConnection;
using temporal::replay::Replayer;
using ::testing::_;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Return;

temporal::Task<void> SleepTwice() {
  co_await wf::Sleep(1s);
  co_await wf::Sleep(1s);
}

// 13 events: two timers, one workflow task each, then completion.
History TwoTimers() {
  temporal::testing::HistoryBuilder builder;
  builder.AddWorkflowExecutionStarted("SleepTwice", "tq");
  builder.AddFullWorkflowTask();
  for (const std::string id : {"1", "2"}) {
    const int64_t started = builder.AddTimerStarted(id, 1s);
    builder.AddTimerFired(started, id);
    builder.AddFullWorkflowTask();
  }
  builder.AddWorkflowExecutionCompleted({});
  return builder.history();
}

Replayer SleepTwiceReplayer() {
  wf::WorkflowRegistry workflows;
  workflows.Register("SleepTwice", SleepTwice);
  return Replayer({.workflows = std::move(workflows)});
}

// Serves `history` for workflow `workflow_id` in pages of `page_size`
// events (tokens "page-1", "page-2", ...), as the server does; counts pages.
void ServeHistory(MockConnection& mock, const std::string& workflow_id, const History& history,
                  int page_size, int* pages_served) {
  EXPECT_CALL(mock, GetWorkflowExecutionHistory(
                        ::testing::Truly([workflow_id](const ws::GetWorkflowExecutionHistoryRequest& r) {
                          return r.execution().workflow_id() == workflow_id;
                        }),
                        _))
      .WillRepeatedly([=](const ws::GetWorkflowExecutionHistoryRequest& request, const temporal::CallOptions&) {
        const int page = request.next_page_token().empty()
                             ? 0
                             : std::stoi(request.next_page_token().substr(std::string("page-").size()));
        ws::GetWorkflowExecutionHistoryResponse response;
        for (int i = page * page_size; i < std::min((page + 1) * page_size, history.events_size()); ++i) {
          *response.mutable_history()->add_events() = history.events(i);
        }
        if ((page + 1) * page_size < history.events_size()) {
          response.set_next_page_token("page-" + std::to_string(page + 1));
        }
        ++*pages_served;
        return response;
      });
}

TEST(ReplayFromServer, EveryPageOfTheHistoryIsFetchedAndReplayed) {
  auto mock = std::make_shared<MockConnection>();
  int pages = 0;
  ServeHistory(*mock, "wf-1", TwoTimers(), 4, &pages);
  temporal::Client client(mock);

  auto result = SleepTwiceReplayer().ReplayWorkflow(client, "wf-1");
  EXPECT_TRUE(result.ok()) << result.message;
  EXPECT_EQ(result.name, "wf-1");
  EXPECT_EQ(pages, 4);  // 13 events in pages of 4
}

TEST(ReplayFromServer, ARunningWorkflowReplaysUpToWhereItIs) {
  // The first timer fired; the workflow task that follows is in flight.
  temporal::testing::HistoryBuilder builder;
  builder.AddWorkflowExecutionStarted("SleepTwice", "tq");
  builder.AddFullWorkflowTask();
  const int64_t started = builder.AddTimerStarted("1", 1s);
  builder.AddTimerFired(started, "1");
  builder.AddWorkflowTaskScheduled();
  builder.AddWorkflowTaskStarted();
  auto mock = std::make_shared<MockConnection>();
  int pages = 0;
  ServeHistory(*mock, "running", builder.history(), 100, &pages);
  temporal::Client client(mock);

  auto result = SleepTwiceReplayer().ReplayWorkflow(client, "running");
  EXPECT_TRUE(result.ok()) << result.message;
}

TEST(ReplayFromServer, AHistoryThatCannotBeFetchedIsAFailedResult) {
  auto mock = std::make_shared<MockConnection>();
  EXPECT_CALL(*mock, GetWorkflowExecutionHistory(_, _))
      .WillOnce(::testing::Throw(temporal::NotFoundError("GetWorkflowExecutionHistory", grpc::StatusCode::NOT_FOUND,
                                                         "workflow not found for ID: gone")));
  temporal::Client client(mock);

  auto result = SleepTwiceReplayer().ReplayWorkflow(client, "gone", "run-9");
  ASSERT_FALSE(result.ok());
  EXPECT_FALSE(result.nondeterminism);
  EXPECT_EQ(result.run_id, "run-9");
  EXPECT_THAT(result.message, AllOf(HasSubstr("cannot fetch the history of workflow \"gone\" run \"run-9\""),
                                    HasSubstr("workflow not found for ID: gone")));
  EXPECT_THROW(std::rethrow_exception(result.error), temporal::NotFoundError);
}

TEST(ReplayFromServer, EveryRunTheQueryListsIsReplayedInListingOrder) {
  auto mock = std::make_shared<MockConnection>();
  auto page = [](std::vector<std::string> ids, std::string token) {
    ws::ListWorkflowExecutionsResponse response;
    for (auto& id : ids) {
      auto* execution = response.add_executions()->mutable_execution();
      execution->set_workflow_id(id);
      execution->set_run_id(id + "-run");
    }
    response.set_next_page_token(std::move(token));
    return response;
  };
  ws::ListWorkflowExecutionsRequest listed;
  {
    ::testing::InSequence in_order;
    EXPECT_CALL(*mock, ListWorkflowExecutions(_, _))
        .WillOnce(::testing::DoAll(::testing::SaveArg<0>(&listed), Return(page({"a", "gone"}, "next"))));
    EXPECT_CALL(*mock, ListWorkflowExecutions(_, _)).WillOnce(Return(page({"b"}, "")));
  }
  int pages = 0;
  ServeHistory(*mock, "a", TwoTimers(), 100, &pages);
  ServeHistory(*mock, "b", TwoTimers(), 5, &pages);
  EXPECT_CALL(*mock, GetWorkflowExecutionHistory(
                         ::testing::Truly([](const ws::GetWorkflowExecutionHistoryRequest& r) {
                           return r.execution().workflow_id() == "gone";
                         }),
                         _))
      .WillOnce(::testing::Throw(temporal::NotFoundError("GetWorkflowExecutionHistory", grpc::StatusCode::NOT_FOUND,
                                                         "workflow not found")));
  temporal::Client client(mock);

  auto results = SleepTwiceReplayer().ReplayWorkflows(client, "WorkflowType = 'SleepTwice'");
  EXPECT_EQ(listed.query(), "WorkflowType = 'SleepTwice'");
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].name, "a");
  EXPECT_EQ(results[0].run_id, "a-run");
  EXPECT_TRUE(results[0].ok()) << results[0].message;
  EXPECT_EQ(results[1].name, "gone");
  EXPECT_FALSE(results[1].ok());
  EXPECT_THAT(results[1].message, HasSubstr("workflow not found"));
  EXPECT_EQ(results[2].name, "b");
  EXPECT_TRUE(results[2].ok()) << results[2].message;
}

TEST(ReplayFromServer, AQueryTheServerRefusesThrows) {
  auto mock = std::make_shared<MockConnection>();
  EXPECT_CALL(*mock, ListWorkflowExecutions(_, _))
      .WillOnce(::testing::Throw(temporal::RpcError("ListWorkflowExecutions", grpc::StatusCode::INVALID_ARGUMENT,
                                                    "invalid query")));
  temporal::Client client(mock);
  EXPECT_THROW(SleepTwiceReplayer().ReplayWorkflows(client, "NoSuchField = 1"), temporal::RpcError);
}

}  // namespace
