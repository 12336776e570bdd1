// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// A worker process killed mid-workflow (SIGKILL: no shutdown, no answer to
// the tasks it holds, its sticky queue orphaned) is replaced by a new worker
// that resumes every workflow from its history: runs waiting for a signal,
// runs waiting on a timer, and a run whose activity was running in the dead
// process (the server times the attempt out and retries it on the new
// worker). The activities the dead worker completed are not run again.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "support/child_process.h"
#include "temporal/activity/context.h"
#include "worker/resilience_workflows.h"
#include "worker/worker_test_base.h"

namespace temporal::testing {
namespace {
namespace enums = temporal::api::enums::v1;
using namespace std::chrono_literals;

class WorkerProcessKillTest : public WorkerTestBase {
 protected:
  static int Count(const WorkflowHandle& handle, enums::EventType type) {
    int found = 0;
    const auto history =
        handle.FetchHistory();  // named: a range-for would not keep a temporary alive
    for (const auto& event : history.events()) found += event.event_type() == type;
    return found;
  }

  static bool Eventually(const std::function<bool()>& condition, std::chrono::seconds limit = 30s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (condition()) return true;
      std::this_thread::sleep_for(100ms);
    }
    return condition();
  }

  WorkflowOptions ShortTaskTimeout(const std::string& prefix) const {
    auto options = Options(prefix);
    // A task handed to the dead process just before it died comes back soon.
    options.task_timeout = 2s;
    return options;
  }
};

TEST_F(WorkerProcessKillTest, ANewWorkerResumesEveryWorkflowOfAKilledWorkerProcessFromHistory) {
  ChildProcess child({TEMPORAL_RESILIENCE_TEST_WORKER, "--address", server_address(),
                      "--task-queue", task_queue_});
  ASSERT_TRUE(child.running()) << child.Log();

  constexpr int kSignaled = 3;
  constexpr int kSleeping = 2;
  std::vector<WorkflowHandle> signaled;
  std::vector<WorkflowHandle> sleeping;
  for (int i = 0; i < kSignaled; ++i) {
    signaled.push_back(
        client_->StartWorkflow(resilience::kWaitsForSignal, ShortTaskTimeout("signal"), i));
  }
  for (int i = 0; i < kSleeping; ++i) {
    sleeping.push_back(
        client_->StartWorkflow(resilience::kWaitsOnTimer, ShortTaskTimeout("timer"), 10 + i));
  }
  auto hanging =
      client_->StartWorkflow(resilience::kActivityOutlivesItsWorker, ShortTaskTimeout("hang"), 7);

  // Mid-way in the child: the first activity done and the run waiting for
  // its signal or timer; the hanging activity started there.
  for (auto& handle : signaled) {
    ASSERT_TRUE(Eventually([&] {
      return Count(handle, enums::EVENT_TYPE_WORKFLOW_TASK_COMPLETED) >= 2;
    })) << child.Log();
  }
  for (auto& handle : sleeping) {
    ASSERT_TRUE(Eventually([&] { return Count(handle, enums::EVENT_TYPE_TIMER_STARTED) == 1; }))
        << child.Log();
  }
  // (The server writes ActivityTaskStarted of a retried activity only when
  // it closes: the child says it started it.)
  ASSERT_TRUE(Eventually([&] {
    return child.Log().find("activity Hang(7) started") != std::string::npos;
  })) << child.Log();
  for (auto& handle : sleeping) {
    ASSERT_EQ(Count(handle, enums::EVENT_TYPE_TIMER_FIRED), 0)
        << "the timer fired before the kill; lengthen it";
  }

  const auto killed_at = std::chrono::steady_clock::now();
  child.Kill(SIGKILL);
  EXPECT_EQ(child.WaitForExit(), "killed by signal 9");

  // The replacement: the same workflow code, in this process.
  std::mutex mutex;
  std::multiset<std::string> steps;
  std::atomic<int> hang_attempt{0};
  Worker& replacement = MakeWorker();
  replacement.RegisterWorkflow(resilience::kWaitsForSignal, resilience::WaitsForSignal);
  replacement.RegisterWorkflow(resilience::kWaitsOnTimer, resilience::WaitsOnTimer);
  replacement.RegisterWorkflow(resilience::kActivityOutlivesItsWorker,
                               resilience::ActivityOutlivesItsWorker);
  replacement.RegisterActivity(resilience::kStep, [&](std::string input) {
    std::lock_guard lock(mutex);
    steps.insert(input);
    return resilience::Step(input);
  });
  replacement.RegisterActivity(resilience::kHang, [&](int n) {
    hang_attempt = activity::Info().attempt;
    return "recovered " + std::to_string(n);
  });
  replacement.Start();
  for (auto& handle : signaled) handle.Signal("go", std::string("resumed"));

  for (int i = 0; i < kSignaled; ++i) {
    const std::string n = std::to_string(i);
    EXPECT_EQ(signaled[i].Result<std::string>(),
              "step(before-" + n + ")|resumed|step(after-" + n + ")");
  }
  for (int i = 0; i < kSleeping; ++i) {
    const std::string n = std::to_string(10 + i);
    EXPECT_EQ(sleeping[i].Result<std::string>(),
              "step(before-" + n + ")|slept|step(after-" + n + ")");
  }
  EXPECT_EQ(hanging.Result<std::string>(), "recovered 7");
  const auto recovered_in = std::chrono::steady_clock::now() - killed_at;
  std::cerr << "[resilience] every workflow finished "
            << std::chrono::duration_cast<std::chrono::milliseconds>(recovered_in).count()
            << " ms after the worker process was killed\n";

  // The new worker replayed what the dead one had done: it ran only the
  // second steps, and the timed-out attempt of the hanging activity again.
  std::lock_guard lock(mutex);
  for (const auto& step : steps) EXPECT_EQ(step.rfind("after-", 0), 0u) << step << " ran again";
  EXPECT_EQ(steps.size(), static_cast<size_t>(kSignaled + kSleeping));
  EXPECT_GE(hang_attempt.load(), 2);
  for (auto& handle : signaled) {
    // The tasks stuck on the dead worker's sticky queue moved to the normal
    // queue (a sticky schedule-to-start timeout) instead of failing.
    EXPECT_EQ(Count(handle, enums::EVENT_TYPE_WORKFLOW_TASK_FAILED), 0);
  }
}

}  // namespace
}  // namespace temporal::testing
