// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Every workflow operation, executed for real by a Worker against the dev
// server: timers, signals (with start, during), queries (of a cached run and
// of a closed workflow), updates (accepted, rejected by the validator,
// completed, with start), child workflows, external signal and cancel,
// cancellation, continue-as-new chains, side effects, search attributes and
// memo, local activities.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "temporal/activity/context.h"
#include "temporal/client/client_errors.h"
#include "temporal/common/failure.h"
#include "temporal/replay/replayer.h"
#include "temporal/workflow/workflow.h"
#include "worker/worker_test_base.h"

namespace temporal::testing {
namespace {
namespace wf = temporal::workflow;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

// --- Workflows ---

Task<int64_t> TimerWorkflow(int seconds) {
  const Timestamp before = wf::Now();
  co_await wf::Sleep(std::chrono::seconds(seconds));
  co_return std::chrono::duration_cast<std::chrono::milliseconds>(wf::Now() - before).count();
}

// Adds the numbers signaled on "add" until "done"; query "total"; update
// "add" (validator: no negatives) returns the new total.
Task<int> AccumulatorWorkflow(int start) {
  auto total = std::make_shared<int>(start);
  auto done = std::make_shared<bool>(false);
  wf::SetSignalHandler<int>("add", [total](int n) { *total += n; });
  wf::SetSignalHandler<>("done", [done]() { *done = true; });
  wf::SetQueryHandler<>("total", [total]() { return *total; });
  wf::SetQueryHandler<std::string>("echo", [](std::string s) { return "echo " + s; });
  wf::SetUpdateHandler<int>(
      "add",
      [total](int n) {
        *total += n;
        return *total;
      },
      [](int n) {
        if (n < 0) throw ApplicationError("negative numbers are refused", "Negative");
      });
  auto is_done = [done] { return *done; };
  co_await wf::WaitCondition(is_done);
  co_return *total;
}

Task<std::string> WaitForNameWorkflow() {
  std::optional<std::string> name = co_await wf::WaitSignal<std::string>("name", std::chrono::minutes(5));
  co_return name ? "got " + *name : std::string("timed out");
}

Task<int> DoubleChild(int n) { co_return n * 2; }

Task<int> ParentWorkflow(int n) {
  const wf::ChildWorkflowOptions options{};
  int doubled = co_await wf::ExecuteChildWorkflow<int>("DoubleChild", options, n);
  int again = co_await wf::ExecuteChildWorkflow<int>("DoubleChild", options, doubled);
  co_return again;
}

Task<int> CountToThree(int n) {
  if (n < 3) wf::ContinueAsNew(n + 1);
  co_return n;
}

// Signals another workflow (by id) with "name".
Task<void> SignalSender(std::string target) {
  co_await wf::SignalExternalWorkflow(target, "", "name", std::string("from a workflow"));
}

// Waits (forever) on a timer; a cancellation request ends it with CanceledError.
Task<std::string> CancelableWorkflow() {
  try {
    co_await wf::Sleep(std::chrono::hours(1));
  } catch (const CanceledError&) {
    co_return std::string("canceled cleanly");
  }
  co_return std::string("slept");
}

Task<void> CancelSender(std::string target) { co_await wf::CancelExternalWorkflow(target); }

std::atomic<int> side_effect_calls{0};
Task<int> SideEffectWorkflow() {
  auto draw = [] {
    ++side_effect_calls;
    return 42;
  };
  int value = co_await wf::SideEffect<int>(draw);
  co_await wf::Sleep(std::chrono::milliseconds(10));  // a second task, so the marker is replayed
  co_return value;
}

Task<std::string> SearchAttributesWorkflow(std::string tag) {
  SearchAttributes attributes;
  attributes.Set(SearchAttributeKey<std::string>::Keyword("CppKeyword"), tag);
  wf::UpsertSearchAttributes(attributes);
  wf::UpsertMemo("owner", std::string("cpp-worker"));
  co_await wf::WaitSignal<std::string>("finish");
  co_return tag;
}

std::string Shout(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

Task<std::string> LocalActivityWorkflow(std::string s) {
  const wf::ActivityOptions options{.start_to_close_timeout = std::chrono::seconds(5)};
  std::string shouted = co_await wf::ExecuteLocalActivity<std::string>("Shout", options, s);
  std::string twice = co_await wf::ExecuteLocalActivity<std::string>("Shout", options, shouted + "!");
  co_return twice;
}

std::atomic<int> flaky_attempts{0};
std::string FlakyLocal(std::string s) {
  ++flaky_attempts;
  if (activity::Info().attempt < 3) throw ApplicationError("not yet", "Flaky");
  return s + " after " + std::to_string(activity::Info().attempt) + " attempts";
}

Task<std::string> FlakyLocalWorkflow() {
  RetryPolicy retry;
  retry.initial_interval = std::chrono::milliseconds(50);
  const wf::ActivityOptions options{.start_to_close_timeout = std::chrono::seconds(5), .retry_policy = retry};
  std::string result = co_await wf::ExecuteLocalActivity<std::string>("FlakyLocal", options, std::string("ok"));
  co_return result;
}

std::string SlowLocal(std::string s) {
  std::this_thread::sleep_for(2500ms);
  return s + " slowly";
}

Task<std::string> SlowLocalWorkflow() {
  const wf::ActivityOptions options{.start_to_close_timeout = std::chrono::seconds(30)};
  std::string result = co_await wf::ExecuteLocalActivity<std::string>("SlowLocal", options, std::string("done"));
  co_return result;
}

class WorkflowOperationsTest : public WorkerTestBase {
 protected:
  Worker& StartWorker(WorkerOptions options = {}) {
    Worker& worker = MakeWorker(std::move(options));
    worker.RegisterWorkflow("TimerWorkflow", TimerWorkflow);
    worker.RegisterWorkflow("AccumulatorWorkflow", AccumulatorWorkflow);
    worker.RegisterWorkflow("WaitForNameWorkflow", WaitForNameWorkflow);
    worker.RegisterWorkflow("DoubleChild", DoubleChild);
    worker.RegisterWorkflow("ParentWorkflow", ParentWorkflow);
    worker.RegisterWorkflow("CountToThree", CountToThree);
    worker.RegisterWorkflow("SignalSender", SignalSender);
    worker.RegisterWorkflow("CancelableWorkflow", CancelableWorkflow);
    worker.RegisterWorkflow("CancelSender", CancelSender);
    worker.RegisterWorkflow("SideEffectWorkflow", SideEffectWorkflow);
    worker.RegisterWorkflow("SearchAttributesWorkflow", SearchAttributesWorkflow);
    worker.RegisterWorkflow("LocalActivityWorkflow", LocalActivityWorkflow);
    worker.RegisterWorkflow("FlakyLocalWorkflow", FlakyLocalWorkflow);
    worker.RegisterActivity("Shout", Shout);
    worker.RegisterActivity("FlakyLocal", FlakyLocal);
    worker.RegisterWorkflow("SlowLocalWorkflow", SlowLocalWorkflow);
    worker.RegisterActivity("SlowLocal", SlowLocal);
    worker.Start();
    return worker;
  }

  // Waits until `condition` holds (polling), at most 20 s.
  static bool Eventually(const std::function<bool()>& condition) {
    for (int i = 0; i < 200; ++i) {
      if (condition()) return true;
      std::this_thread::sleep_for(100ms);
    }
    return condition();
  }
};

TEST_F(WorkflowOperationsTest, ATimerFiresAfterItsDuration) {
  StartWorker();
  const auto start = std::chrono::steady_clock::now();
  const int64_t workflow_ms = client_->ExecuteWorkflow<int64_t>("TimerWorkflow", Options(), 1);
  EXPECT_GE(workflow_ms, 1000);  // workflow time moved by the timer
  EXPECT_GE(std::chrono::steady_clock::now() - start, 1s);
}

TEST_F(WorkflowOperationsTest, SignalsBeforeStartAndDuringTheRun) {
  StartWorker();
  // Signal-with-start: the signal is in the history before the first task.
  auto handle = client_->SignalWithStartWorkflow("AccumulatorWorkflow", Options(), {"add", Values::Of(5)}, 10);
  handle.Signal("add", 7);
  EXPECT_TRUE(Eventually([&] { return handle.Query<int>("total") == 22; }));
  handle.Signal("done");
  EXPECT_EQ(handle.Result<int>(), 22);
}

TEST_F(WorkflowOperationsTest, WaitSignalReceivesASignalSentMidRun) {
  StartWorker();
  auto handle = client_->StartWorkflow("WaitForNameWorkflow", Options());
  std::this_thread::sleep_for(200ms);  // the first task is done; the run waits (cached)
  handle.Signal("name", std::string("Ada"));
  EXPECT_EQ(handle.Result<std::string>(), "got Ada");
}

TEST_F(WorkflowOperationsTest, QueriesARunningCachedWorkflowAndAClosedOne) {
  Worker& worker = StartWorker();
  auto handle = client_->StartWorkflow("AccumulatorWorkflow", Options(), 1);
  handle.Signal("add", 2);
  EXPECT_TRUE(Eventually([&] { return handle.Query<int>("total") == 3; }));
  EXPECT_GE(worker.cached_workflows(), 1u);  // answered from the cached run
  EXPECT_EQ(handle.Query<std::string>("echo", std::string("hi")), "echo hi");
  try {
    handle.Query<int>("no-such-query");
    ADD_FAILURE() << "an unknown query type must fail";
  } catch (const QueryFailedError& e) {
    EXPECT_THAT(e.what(), HasSubstr("no-such-query"));
  }
  handle.Signal("done");
  EXPECT_EQ(handle.Result<int>(), 3);
  // Closed: the worker replays the whole history to answer.
  EXPECT_EQ(handle.Query<int>("total"), 3);
}

TEST_F(WorkflowOperationsTest, UpdatesAcceptedRejectedAndCompleted) {
  StartWorker();
  auto handle = client_->StartWorkflow("AccumulatorWorkflow", Options(), 100);
  EXPECT_EQ(handle.Query<int>("total"), 100);  // the handlers are registered
  EXPECT_EQ(handle.ExecuteUpdate<int>("add", 5), 105);
  EXPECT_EQ(handle.ExecuteUpdate<int>("add", 1), 106);
  try {
    handle.ExecuteUpdate<int>("add", -1);
    ADD_FAILURE() << "the validator must reject a negative number";
  } catch (const WorkflowUpdateFailedError& e) {
    EXPECT_THAT(e.what(), HasSubstr("negative numbers are refused"));
  }
  try {
    handle.ExecuteUpdate<int>("no-such-update", 1);
    ADD_FAILURE() << "an unknown update must be rejected";
  } catch (const WorkflowUpdateFailedError& e) {
    EXPECT_THAT(e.what(), HasSubstr("no-such-update"));
  }
  EXPECT_EQ(handle.Query<int>("total"), 106);  // the rejected ones changed nothing
  EXPECT_EQ(handle.ExecuteUpdate<int>("add", 4), 110);  // the run goes on after rejections
  handle.Signal("done");
  EXPECT_EQ(handle.Result<int>(), 110);
  // Rejected updates leave no trace in history; the others do.
  int accepted = 0;
  const auto history = handle.FetchHistory();
  for (const auto& event : history.events()) accepted += event.has_workflow_execution_update_accepted_event_attributes();
  EXPECT_EQ(accepted, 3);
}

TEST_F(WorkflowOperationsTest, ReplayingAHistoryWithUpdatesFromScratch) {
  // No cache: each task replays the accepted and completed updates before it.
  StartWorker({.max_cached_workflows = 0});
  auto handle = client_->StartWorkflow("AccumulatorWorkflow", Options(), 1);
  EXPECT_EQ(handle.Query<int>("total"), 1);
  EXPECT_EQ(handle.ExecuteUpdate<int>("add", 1), 2);
  EXPECT_EQ(handle.ExecuteUpdate<int>("add", 2), 4);
  handle.Signal("done");
  EXPECT_EQ(handle.Result<int>(), 4);
}

TEST_F(WorkflowOperationsTest, UpdateWithStart) {
  StartWorker();
  auto options = Options();
  options.id_conflict_policy = WorkflowIdConflictPolicy::kUseExisting;
  const int first = client_->ExecuteUpdateWithStartWorkflow<int>("AccumulatorWorkflow", options,
                                                                 {.update_name = "add", .args = Values::Of(3)}, 10);
  EXPECT_EQ(first, 13);
  const int second = client_->ExecuteUpdateWithStartWorkflow<int>("AccumulatorWorkflow", options,
                                                                  {.update_name = "add", .args = Values::Of(4)}, 10);
  EXPECT_EQ(second, 17);  // the running workflow, not a new one
  auto handle = client_->GetHandle(options.id);
  handle.Signal("done");
  EXPECT_EQ(handle.Result<int>(), 17);
}

TEST_F(WorkflowOperationsTest, ChildWorkflows) {
  StartWorker();
  EXPECT_EQ(client_->ExecuteWorkflow<int>("ParentWorkflow", Options(), 5), 20);
}

TEST_F(WorkflowOperationsTest, ContinueAsNewChainFollowedByTheClient) {
  StartWorker();
  auto handle = client_->StartWorkflow("CountToThree", Options(), 0);
  EXPECT_EQ(handle.Result<int>(), 3);
  // Four runs: 0 -> 1 -> 2 -> 3.
  int runs = 0;
  for (const auto& run : client_->ListWorkflows("WorkflowId = '" + handle.workflow_id() + "'")) {
    (void)run;
    ++runs;
  }
  EXPECT_EQ(runs, 4);
}

TEST_F(WorkflowOperationsTest, ExternalSignal) {
  StartWorker();
  auto receiver = client_->StartWorkflow("WaitForNameWorkflow", Options("receiver"));
  client_->ExecuteWorkflow("SignalSender", Options("sender"), receiver.workflow_id());
  EXPECT_EQ(receiver.Result<std::string>(), "got from a workflow");
}

TEST_F(WorkflowOperationsTest, CancellationFromTheClientAndFromAnotherWorkflow) {
  StartWorker();
  auto first = client_->StartWorkflow("CancelableWorkflow", Options("first"));
  std::this_thread::sleep_for(200ms);
  first.Cancel("test");
  EXPECT_EQ(first.Result<std::string>(), "canceled cleanly");

  auto second = client_->StartWorkflow("CancelableWorkflow", Options("second"));
  client_->ExecuteWorkflow("CancelSender", Options("canceler"), second.workflow_id());
  EXPECT_EQ(second.Result<std::string>(), "canceled cleanly");
}

TEST_F(WorkflowOperationsTest, SideEffectRunsOnceAndReplaysItsValue) {
  // No cache: every task replays the whole history, side effect marker included.
  StartWorker({.max_cached_workflows = 0});
  side_effect_calls = 0;
  EXPECT_EQ(client_->ExecuteWorkflow<int>("SideEffectWorkflow", Options()), 42);
  EXPECT_EQ(side_effect_calls.load(), 1);
}

TEST_F(WorkflowOperationsTest, SearchAttributesAndMemoVisibleThroughDescribeAndList) {
  StartWorker();
  const std::string tag = UniqueName("tag");
  auto handle = client_->StartWorkflow("SearchAttributesWorkflow", Options(), tag);
  EXPECT_TRUE(Eventually([&] {
    auto description = handle.Describe();
    return description.search_attributes.Get(SearchAttributeKey<std::string>::Keyword("CppKeyword")) ==
               std::optional<std::string>(tag) &&
           description.memo.count("owner") == 1;
  }));
  EXPECT_EQ(handle.Describe().memo.at("owner").Get<std::string>(0), "cpp-worker");
  EXPECT_TRUE(Eventually([&] {
    int found = 0;
    for (const auto& run : client_->ListWorkflows("CppKeyword = '" + tag + "'")) {
      found += run.workflow_id == handle.workflow_id() ? 1 : 0;
    }
    return found == 1;
  }));
  handle.Signal("finish", std::string("now"));
  EXPECT_EQ(handle.Result<std::string>(), tag);
}

TEST_F(WorkflowOperationsTest, LocalActivities) {
  StartWorker();
  auto handle = client_->StartWorkflow("LocalActivityWorkflow", Options(), std::string("hi"));
  EXPECT_EQ(handle.Result<std::string>(), "HI!");
  // Recorded as markers, not as activity tasks.
  int markers = 0;
  const auto history = handle.FetchHistory();
  for (const auto& event : history.events()) {
    EXPECT_FALSE(event.has_activity_task_scheduled_event_attributes());
    if (event.has_marker_recorded_event_attributes()) ++markers;
  }
  EXPECT_EQ(markers, 2);
}

TEST_F(WorkflowOperationsTest, LocalActivityRetriedByTheWorker) {
  StartWorker();
  flaky_attempts = 0;
  EXPECT_EQ(client_->ExecuteWorkflow<std::string>("FlakyLocalWorkflow", Options()), "ok after 3 attempts");
  EXPECT_EQ(flaky_attempts.load(), 3);
}

TEST_F(WorkflowOperationsTest, ALocalActivityLongerThanTheTaskTimeoutHeartbeatsTheTask) {
  StartWorker();
  auto options = Options();
  options.task_timeout = 1s;
  auto handle = client_->StartWorkflow("SlowLocalWorkflow", options);
  EXPECT_EQ(handle.Result<std::string>(), "done slowly");
  // The 2.5 s activity outlived the 1 s task timeout: the task was completed
  // (heartbeated) and continued at least twice, and never timed out.
  int completed = 0;
  const auto history = handle.FetchHistory();
  for (const auto& event : history.events()) {
    EXPECT_NE(event.event_type(), temporal::api::enums::v1::EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
    completed += event.event_type() == temporal::api::enums::v1::EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
  }
  EXPECT_GE(completed, 3);
  // And the history replays (the heartbeat tasks are one logical task).
  workflow::WorkflowRegistry workflows;
  workflows.Register("SlowLocalWorkflow", SlowLocalWorkflow);
  replay::Replayer replayer({.workflows = workflows});
  auto replayed = replayer.Replay(history);
  EXPECT_TRUE(replayed.ok()) << replayed.message;
}

}  // namespace
}  // namespace temporal::testing
