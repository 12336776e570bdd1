// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Replaying from the server: histories fetched from a real dev server (one
// workflow by id, several by visibility query) replay against C++ workflows,
// OK when the code matches and as non-determinism when it does not. The
// worker does not exist yet, so the TaskDriver plays its part with raw RPCs
// (a StartTimer command, then the completion), and the C++ workflows do
// what the driver did.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/client_test_base.h"
#include "temporal/common/duration.h"
#include "temporal/replay/replayer.h"
#include "temporal/workflow/workflow.h"

namespace {
namespace enums = temporal::api::enums::v1;
namespace ws = temporal::api::workflowservice::v1;
namespace wf = temporal::workflow;
using namespace std::chrono_literals;
using temporal::WorkflowHandle;
using temporal::api::command::v1::Command;
using temporal::replay::Replayer;
using temporal::replay::ReplayResult;
using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr auto kTimer = 100ms;

// What the driver records: a 100 ms timer, then completion with "done".
temporal::Task<std::string> SleepThenDone() {
  co_await wf::Sleep(kTimer);
  co_return "done";
}

// Runs an activity where the history holds the timer: non-deterministic.
// (Options in a named variable: GCC 12 and temporaries in co_await, ADR 9.)
temporal::Task<std::string> RunsAnActivityInstead() {
  const wf::ActivityOptions options{.start_to_close_timeout = 10s};
  co_return co_await wf::ExecuteActivity<std::string>("Charge", options);
}

// Counts `expected` "item" signals, then returns how many came.
temporal::Task<int> CountItems(int expected) {
  int received = 0;
  wf::SetSignalHandler<int>("item", [&received](int) { ++received; });
  const auto all_received = [&] { return received == expected; };
  co_await wf::WaitCondition(all_received);
  co_return received;
}

Replayer ReplayerWith(const std::string& type, auto workflow) {
  wf::WorkflowRegistry workflows;
  workflows.Register(type, workflow);
  return Replayer({.workflows = std::move(workflows)});
}

class ReplayFromServerTest : public temporal::testing::ClientTestBase {
 protected:
  // Starts workflow `type` and drives it as SleepThenDone does: the first
  // workflow task starts a timer, the next (once it fired) completes.
  WorkflowHandle RunTimerWorkflow(const std::string& type) {
    WorkflowHandle handle = client_->StartWorkflow(type, Options(type));
    Command start_timer;
    start_timer.set_command_type(enums::COMMAND_TYPE_START_TIMER);
    auto* timer = start_timer.mutable_start_timer_command_attributes();
    timer->set_timer_id("1");
    *timer->mutable_start_to_fire_timeout() = temporal::ToProto(kTimer);
    driver_->Respond(driver_->PollWorkflowTask(), {std::move(start_timer)});
    driver_->CompleteWorkflow(driver_->PollWorkflowTask(), Convert(std::string("done")));
    EXPECT_EQ(handle.Result<std::string>(), "done");
    return handle;
  }

  // Polls visibility until `query` lists `count` runs (it is eventually
  // consistent); returns what it lists last.
  std::set<std::string> WaitUntilListed(const std::string& query, size_t count) {
    std::set<std::string> ids;
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < deadline) {
      ids.clear();
      for (const auto& run : client_->ListWorkflows(query)) ids.insert(run.workflow_id);
      if (ids.size() >= count) break;
      std::this_thread::sleep_for(200ms);
    }
    return ids;
  }
};

TEST_F(ReplayFromServerTest, AWorkflowReplaysByIdAndADifferentOneIsNonDeterministic) {
  const std::string type = "ReplayTimer";
  WorkflowHandle handle = RunTimerWorkflow(type);

  ReplayResult ok = ReplayerWith(type, SleepThenDone).ReplayWorkflow(*client_, handle.workflow_id());
  EXPECT_TRUE(ok.ok()) << ok.message;
  EXPECT_EQ(ok.name, handle.workflow_id());

  // By run id too.
  ReplayResult by_run =
      ReplayerWith(type, SleepThenDone).ReplayWorkflow(*client_, handle.workflow_id(), handle.run_id());
  EXPECT_TRUE(by_run.ok()) << by_run.message;
  EXPECT_EQ(by_run.run_id, handle.run_id());

  ReplayResult changed =
      ReplayerWith(type, RunsAnActivityInstead).ReplayWorkflow(*client_, handle.workflow_id());
  ASSERT_FALSE(changed.ok());
  EXPECT_TRUE(changed.nondeterminism) << changed.message;
  EXPECT_THAT(changed.message, AllOf(HasSubstr("history event 5"), HasSubstr("TimerStarted"),
                                     HasSubstr("ScheduleActivityTask, activity type \"Charge\""),
                                     HasSubstr("replay_test.cc")));

  // No workflow registered for the type: a clear failure, not non-determinism.
  ReplayResult unregistered = ReplayerWith("SomethingElse", SleepThenDone)
                                  .ReplayWorkflow(*client_, handle.workflow_id());
  ASSERT_FALSE(unregistered.ok());
  EXPECT_FALSE(unregistered.nondeterminism);
  EXPECT_THAT(unregistered.message, HasSubstr("no workflow is registered for workflow type \"ReplayTimer\""));
}

TEST_F(ReplayFromServerTest, AHistoryOfSeveralPagesIsFetchedWhole) {
  constexpr int kSignals = 300;
  const std::string type = "ReplayCounter";
  WorkflowHandle handle = client_->StartWorkflow(type, Options(type), kSignals);
  driver_->Respond(driver_->PollWorkflowTask());  // no command: it waits for the signals
  for (int i = 0; i < kSignals; ++i) handle.Signal("item", i);
  driver_->CompleteWorkflow(driver_->PollWorkflowTask(), Convert(kSignals));
  EXPECT_EQ(handle.Result<int>(), kSignals);

  // The premise: the server sends this history in more than one page.
  ws::GetWorkflowExecutionHistoryRequest request;
  request.set_namespace_("default");
  request.mutable_execution()->set_workflow_id(handle.workflow_id());
  const auto first_page = connection_->GetWorkflowExecutionHistory(request);
  ASSERT_FALSE(first_page.next_page_token().empty())
      << "the history fits in one page (" << first_page.history().events_size() << " events)";

  const auto history = handle.FetchHistory();
  EXPECT_GT(history.events_size(), first_page.history().events_size());
  EXPECT_GT(history.events_size(), kSignals);
  EXPECT_EQ(history.events().rbegin()->event_type(), enums::EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);

  ReplayResult result = ReplayerWith(type, CountItems).ReplayWorkflow(*client_, handle.workflow_id());
  EXPECT_TRUE(result.ok()) << result.message;
}

TEST_F(ReplayFromServerTest, EveryWorkflowAVisibilityQueryListsReplays) {
  // A workflow type of this test alone, so the query lists exactly its runs.
  const std::string type = temporal::testing::UniqueName("ReplayListed");
  const std::set<std::string> started = {RunTimerWorkflow(type).workflow_id(),
                                         RunTimerWorkflow(type).workflow_id()};
  const std::string query = "WorkflowType = '" + type + "'";
  ASSERT_EQ(WaitUntilListed(query, 2), started) << "visibility did not list both runs in time";

  const auto results = ReplayerWith(type, SleepThenDone).ReplayWorkflows(*client_, query);
  ASSERT_EQ(results.size(), 2u);
  std::set<std::string> replayed;
  for (const auto& result : results) {
    EXPECT_TRUE(result.ok()) << result.name << ": " << result.message;
    EXPECT_FALSE(result.run_id.empty()) << result.name;
    replayed.insert(result.name);
  }
  EXPECT_EQ(replayed, started);

  const auto changed = ReplayerWith(type, RunsAnActivityInstead).ReplayWorkflows(*client_, query);
  ASSERT_EQ(changed.size(), 2u);
  for (const auto& result : changed) {
    EXPECT_TRUE(result.nondeterminism) << result.name << ": " << result.message;
  }
}

TEST_F(ReplayFromServerTest, AnUnknownWorkflowIsAFailedResultThatSaysSo) {
  const std::string missing = temporal::testing::UniqueName("no-such-workflow");
  ReplayResult result = ReplayerWith("ReplayTimer", SleepThenDone).ReplayWorkflow(*client_, missing);
  ASSERT_FALSE(result.ok());
  EXPECT_FALSE(result.nondeterminism);
  EXPECT_EQ(result.name, missing);
  EXPECT_THAT(result.message, AllOf(HasSubstr("cannot fetch the history of workflow \"" + missing + "\""),
                                    HasSubstr("GetWorkflowExecutionHistory")));
  EXPECT_THROW(std::rethrow_exception(result.error), temporal::NotFoundError);

  // An unknown run of a workflow that exists, likewise.
  WorkflowHandle handle = RunTimerWorkflow("ReplayTimer");
  const std::string wrong_run = "5d3e7f6a-0000-4000-8000-000000000000";
  ReplayResult wrong = ReplayerWith("ReplayTimer", SleepThenDone)
                           .ReplayWorkflow(*client_, handle.workflow_id(), wrong_run);
  ASSERT_FALSE(wrong.ok());
  EXPECT_THAT(wrong.message, HasSubstr("run \"" + wrong_run + "\""));

  // A query the server cannot run is the caller's mistake: an RpcError.
  EXPECT_THROW(ReplayerWith("ReplayTimer", SleepThenDone).ReplayWorkflows(*client_, "NoSuchField = 'x'"),
               temporal::RpcError);
}

}  // namespace
