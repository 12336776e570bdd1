// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// What a worker must survive: a non-deterministic deploy (the task fails
// with the replay core's message, and reverting the code lets the run
// finish), patches across a redeploy, a replaced worker resuming runs from
// history, a cache of one run with many concurrent workflows, and workflow
// code that blocks its thread (reported, not fatal). A worker process
// killed outright, and a server restarted under a running worker:
// worker_process_kill_test.cc and worker_server_outage_test.cc.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "temporal/workflow/workflow.h"
#include "worker/worker_test_base.h"

namespace temporal::testing {
namespace {
namespace wf = temporal::workflow;
namespace enums = temporal::api::enums::v1;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

std::string Step(std::string s) { return s; }

// Version 1 calls StepA; version 2 calls StepB at the same place: a change
// that is not deterministic for runs started under version 1.
Task<std::string> VersionedV1() {
  const wf::ActivityOptions options{.start_to_close_timeout = 10s};
  std::string a = co_await wf::ExecuteActivity<std::string>("StepA", options, std::string("a"));
  co_await wf::WaitSignal<std::string>("go");
  co_return "v1 finished after " + a;
}
Task<std::string> VersionedV2() {
  const wf::ActivityOptions options{.start_to_close_timeout = 10s};
  std::string b = co_await wf::ExecuteActivity<std::string>("StepB", options, std::string("b"));
  co_await wf::WaitSignal<std::string>("go");
  co_return "v2 finished after " + b;
}
// Version 2, done right: the new path behind a patch.
Task<std::string> VersionedPatched() {
  const wf::ActivityOptions options{.start_to_close_timeout = 10s};
  const bool patched = wf::Patched("use-step-b");
  std::string step = co_await wf::ExecuteActivity<std::string>(patched ? "StepB" : "StepA", options,
                                                                std::string(patched ? "b" : "a"));
  co_await wf::WaitSignal<std::string>("go");
  co_return (patched ? "new path after " : "old path after ") + step;
}

// Activities, a timer, activities: several workflow tasks per run.
Task<int> Steps(int n) {
  const wf::ActivityOptions options{.start_to_close_timeout = 10s};
  int total = 0;
  for (int i = 0; i < 3; ++i) {
    std::string s = co_await wf::ExecuteActivity<std::string>("StepA", options, std::to_string(n + i));
    total += std::stoi(s);
    co_await wf::Sleep(50ms);
  }
  co_return total;
}

Task<std::string> LongTimer() {
  const wf::ActivityOptions options{.start_to_close_timeout = 10s};
  std::string before = co_await wf::ExecuteActivity<std::string>("StepA", options, std::string("before"));
  co_await wf::Sleep(3s);
  std::string after = co_await wf::ExecuteActivity<std::string>("StepA", options, std::string("after"));
  co_return before + "+" + after;
}

Task<int> Spin() {
  // Holds the thread without yielding: what the deadlock detector reports.
  const auto until = std::chrono::steady_clock::now() + 600ms;
  int spins = 0;
  while (std::chrono::steady_clock::now() < until) ++spins;
  co_return spins > 0 ? 1 : 0;
}

class WorkerResilienceTest : public WorkerTestBase {
 protected:
  template <typename F>
  Worker& StartWorkerWith(const std::string& type, F workflow, WorkerOptions options = {}) {
    Worker& worker = MakeWorker(std::move(options));
    worker.RegisterWorkflow(type, workflow);
    worker.RegisterActivity("StepA", Step);
    worker.RegisterActivity("StepB", Step);
    worker.Start();
    return worker;
  }

  static bool Eventually(const std::function<bool()>& condition, std::chrono::seconds limit = 30s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (condition()) return true;
      std::this_thread::sleep_for(100ms);
    }
    return condition();
  }

  // True once the run's history holds an event of `type` (and `count` of them).
  static bool HistoryHas(const WorkflowHandle& handle, enums::EventType type, int count = 1) {
    const auto history = handle.FetchHistory();
    int found = 0;
    for (const auto& event : history.events()) found += event.event_type() == type;
    return found >= count;
  }
};

TEST_F(WorkerResilienceTest, ANonDeterministicDeployFailsTheTaskAndRevertingTheCodeCompletesTheRun) {
  Worker& v1 = StartWorkerWith("Versioned", VersionedV1);
  auto options = Options();
  options.task_timeout = 2s;  // unreported retries of the failed task come back quickly
  auto handle = client_->StartWorkflow("Versioned", options);
  // The run has done StepA and waits for the signal.
  ASSERT_TRUE(Eventually([&] { return HistoryHas(handle, enums::EVENT_TYPE_WORKFLOW_TASK_COMPLETED, 2); }));
  v1.Shutdown();

  Worker& v2 = StartWorkerWith("Versioned", VersionedV2);
  handle.Signal("go", std::string("now"));
  // v2 replays the history, meets StepA where it calls StepB, and fails the task.
  std::string message;
  ASSERT_TRUE(Eventually([&] {
    const auto history = handle.FetchHistory();
    for (const auto& event : history.events()) {
      if (!event.has_workflow_task_failed_event_attributes()) continue;
      const auto& failed = event.workflow_task_failed_event_attributes();
      EXPECT_EQ(failed.cause(), enums::WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR);
      message = failed.failure().message();
      return true;
    }
    return false;
  }));
  // The replay core's message, whole: the event, what the code did, where.
  EXPECT_THAT(message, HasSubstr("non-determinism at history event 5 (ActivityTaskScheduled"));
  EXPECT_THAT(message, HasSubstr("StepA"));
  EXPECT_THAT(message, HasSubstr("StepB"));
  EXPECT_THAT(message, HasSubstr("worker_resilience_test.cc"));
  // What the Temporal CLI shows.
  const std::string shown = RunCli(
      {"workflow", "show", "--address", server_address(), "--workflow-id", options.id, "--output", "json"});
  EXPECT_THAT(shown, HasSubstr("WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR"));
  EXPECT_THAT(shown, HasSubstr("non-determinism at history event 5"));
  bool logged = false;
  for (const auto& line : LogLines()) logged |= line.find("non-determinism at history event 5") != std::string::npos;
  EXPECT_TRUE(logged);
  v2.Shutdown();

  // Reverting the code: the retried task completes the run.
  StartWorkerWith("Versioned", VersionedV1);
  EXPECT_EQ(handle.Result<std::string>(), "v1 finished after a");
}

TEST_F(WorkerResilienceTest, APatchKeepsOldRunsOnTheOldPathAcrossARedeploy) {
  Worker& old_worker = StartWorkerWith("Patchable", VersionedV1);
  auto old_run = client_->StartWorkflow("Patchable", Options("old"));
  ASSERT_TRUE(Eventually([&] { return HistoryHas(old_run, enums::EVENT_TYPE_WORKFLOW_TASK_COMPLETED, 2); }));
  old_worker.Shutdown();

  StartWorkerWith("Patchable", VersionedPatched);
  old_run.Signal("go", std::string("now"));
  EXPECT_EQ(old_run.Result<std::string>(), "old path after a");
  auto new_run = client_->StartWorkflow("Patchable", Options("new"));
  ASSERT_TRUE(Eventually([&] { return HistoryHas(new_run, enums::EVENT_TYPE_WORKFLOW_TASK_COMPLETED, 2); }));
  new_run.Signal("go", std::string("now"));
  EXPECT_EQ(new_run.Result<std::string>(), "new path after b");
  EXPECT_TRUE(HistoryHas(new_run, enums::EVENT_TYPE_MARKER_RECORDED));
}

TEST_F(WorkerResilienceTest, AReplacedWorkerResumesTheRunFromHistory) {
  Worker& first = StartWorkerWith("LongTimer", LongTimer);
  auto handle = client_->StartWorkflow("LongTimer", Options());
  ASSERT_TRUE(Eventually([&] { return HistoryHas(handle, enums::EVENT_TYPE_TIMER_STARTED); }));
  first.Shutdown();  // while the timer runs

  StartWorkerWith("LongTimer", LongTimer);
  EXPECT_EQ(handle.Result<std::string>(), "before+after");
}

TEST_F(WorkerResilienceTest, ACacheOfOneRunServesManyConcurrentWorkflows) {
  Worker& worker = StartWorkerWith("Steps", Steps, {.max_cached_workflows = 1});
  std::vector<WorkflowHandle> handles;
  for (int i = 0; i < 12; ++i) handles.push_back(client_->StartWorkflow("Steps", Options(), i * 10));
  for (int i = 0; i < 12; ++i) EXPECT_EQ(handles[i].Result<int>(), 3 * (i * 10) + 3);
  EXPECT_LE(worker.cached_workflows(), 1u);
}

TEST_F(WorkerResilienceTest, TheCacheLimitBySizeEvictsRunsThatDoNotFit) {
  // Every history is bigger than one byte: no run stays cached, and runs
  // still complete (each task replays the history).
  Worker& tiny = StartWorkerWith("Versioned", VersionedV1, {.max_cache_bytes = 1});
  auto handle = client_->StartWorkflow("Versioned", Options());
  ASSERT_TRUE(Eventually([&] { return HistoryHas(handle, enums::EVENT_TYPE_WORKFLOW_TASK_COMPLETED, 2); }));
  EXPECT_EQ(tiny.cached_workflows(), 0u);
  handle.Signal("go", std::string("now"));
  EXPECT_EQ(handle.Result<std::string>(), "v1 finished after a");
}

TEST_F(WorkerResilienceTest, AWaitingRunStaysCachedWithinTheLimits) {
  Worker& worker = StartWorkerWith("Versioned", VersionedV1);
  auto handle = client_->StartWorkflow("Versioned", Options());
  ASSERT_TRUE(Eventually([&] { return HistoryHas(handle, enums::EVENT_TYPE_WORKFLOW_TASK_COMPLETED, 2); }));
  EXPECT_EQ(worker.cached_workflows(), 1u);
  handle.Signal("go", std::string("now"));
  EXPECT_EQ(handle.Result<std::string>(), "v1 finished after a");
  EXPECT_TRUE(Eventually([&] { return worker.cached_workflows() == 0; }));  // evicted when it closed
}

TEST_F(WorkerResilienceTest, AWorkflowThatBlocksItsThreadIsReportedNotKilled) {
  std::mutex mutex;
  std::vector<WorkerDeadlockReport> reports;
  WorkerOptions options;
  options.deadlock_detection_threshold = 100ms;
  options.on_deadlock = [&](const WorkerDeadlockReport& report) {
    std::lock_guard lock(mutex);
    reports.push_back(report);
  };
  StartWorkerWith("Spin", Spin, options);
  auto workflow_options = Options();
  EXPECT_EQ(client_->ExecuteWorkflow<int>("Spin", workflow_options), 1);  // it still finishes
  std::lock_guard lock(mutex);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].workflow_id, workflow_options.id);
  EXPECT_EQ(reports[0].workflow_type, "Spin");
  EXPECT_GE(reports[0].elapsed, 100ms);
  EXPECT_THAT(reports[0].message, HasSubstr("potential deadlock"));
  bool logged = false;
  for (const auto& line : LogLines()) {
    logged |= line.find("msg=\"potential deadlock") != std::string::npos &&
              line.find(" workflow_id=" + workflow_options.id + " ") != std::string::npos;
  }
  EXPECT_TRUE(logged);
}

}  // namespace
}  // namespace temporal::testing
