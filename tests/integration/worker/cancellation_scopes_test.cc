// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Cancellation scopes end to end, against the dev server: a scope that a
// signal handler cancels stops the activity and the timer started in it (the
// server records the cancel requests; the activity hears of it through its
// heartbeat), while the workflow goes on; and a workflow canceled by a
// client runs its cleanup in a detached scope, which the cancellation does
// not reach.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "temporal/activity/context.h"
#include "temporal/common/failure.h"
#include "temporal/workflow/cancellation_scope.h"
#include "temporal/workflow/when_all.h"
#include "temporal/workflow/workflow.h"
#include "worker/worker_test_base.h"

namespace temporal::testing {
namespace {
namespace wf = temporal::workflow;
namespace enums = temporal::api::enums::v1;
using namespace std::chrono_literals;

std::atomic<int> heartbeating_started{0};

// Heartbeats every 100 ms until canceled (at most 20 s).
std::string HeartbeatsUntilCanceled() {
  ++heartbeating_started;
  for (int i = 0; i < 200; ++i) {
    activity::Heartbeat(i);
    activity::ThrowIfCancelRequested();
    activity::WaitForCancel(100ms);
  }
  return "never canceled";
}

std::string Echo(std::string s) { return "echo " + s; }

const wf::ActivityOptions kWaitsForTheCancellation{
    .start_to_close_timeout = 30s,
    .heartbeat_timeout = 1s,  // heartbeats (and the cancellation they bring back) every 0.8 s
    .cancellation_type = wf::ActivityCancellationType::kWaitCancellationCompleted};

Task<std::string> ActivityOutcome() {
  try {
    auto call =
        wf::ExecuteActivity<std::string>("HeartbeatsUntilCanceled", kWaitsForTheCancellation);
    const std::string result = co_await call;
    co_return "activity " + result;
  } catch (const ActivityError& e) {
    co_return e.cause_as<CanceledError>() != nullptr ? "activity canceled" : "activity failed";
  }
}

Task<std::string> TimerOutcome() {
  try {
    auto sleep = wf::Sleep(1h);
    co_await sleep;
    co_return "timer fired";
  } catch (const CanceledError&) {
    co_return "timer canceled";
  }
}

// Runs an activity and a timer in a scope that signal "stop" cancels, then
// an activity outside it.
Task<std::string> ScopeCanceledBySignal() {
  auto scope = wf::CancellationScope::Create();
  wf::SetSignalHandler<>("stop", [scope] { scope->Cancel(); });
  auto activity = scope->Run(ActivityOutcome());
  auto timer = scope->Run(TimerOutcome());
  auto both = wf::WhenAll(std::move(activity), std::move(timer));
  auto [activity_outcome, timer_outcome] = co_await both;
  const wf::ActivityOptions options{.start_to_close_timeout = 10s};
  const std::string input = "after the scope";
  auto after = wf::ExecuteActivity<std::string>("Echo", options, input);
  const std::string echoed = co_await after;
  co_return activity_outcome + ", " + timer_outcome + ", then " + echoed;
}

// Cleanup in a detached scope after the workflow is canceled.
Task<std::string> CleansUpWhenCanceled() {
  bool canceled = false;
  try {
    auto work =
        wf::ExecuteActivity<std::string>("HeartbeatsUntilCanceled", kWaitsForTheCancellation);
    co_await work;
  } catch (const ActivityError&) {
    if (!wf::IsCancelRequested()) throw;
    canceled = true;
  }
  if (!canceled) co_return "not canceled";
  auto cleanup = wf::CancellationScope::CreateDetached();
  const wf::ActivityOptions options{.start_to_close_timeout = 10s};
  const std::string input = "cleanup";
  auto release = cleanup->Run(wf::ExecuteActivity<std::string>("Echo", options, input));
  const std::string released = co_await release;
  co_return "canceled, then " + released;
}

class CancellationScopesTest : public WorkerTestBase {
 protected:
  void StartWorker() {
    Worker& worker = MakeWorker();
    worker.RegisterWorkflow("ScopeCanceledBySignal", ScopeCanceledBySignal);
    worker.RegisterWorkflow("CleansUpWhenCanceled", CleansUpWhenCanceled);
    worker.RegisterActivity("HeartbeatsUntilCanceled", HeartbeatsUntilCanceled);
    worker.RegisterActivity("Echo", Echo);
    worker.Start();
  }

  static int Count(const WorkflowHandle& handle, enums::EventType type) {
    int found = 0;
    const auto history = handle.FetchHistory();
    for (const auto& event : history.events()) found += event.event_type() == type;
    return found;
  }

  static bool Eventually(const std::function<bool()>& condition) {
    for (int i = 0; i < 200 && !condition(); ++i) std::this_thread::sleep_for(50ms);
    return condition();
  }
};

TEST_F(CancellationScopesTest, CancelingAScopeStopsWhatRunsInItAndTheWorkflowGoesOn) {
  StartWorker();
  heartbeating_started = 0;
  auto handle = client_->StartWorkflow("ScopeCanceledBySignal", Options());
  ASSERT_TRUE(Eventually([&] { return heartbeating_started.load() == 1; }));
  handle.Signal("stop");
  EXPECT_EQ(handle.Result<std::string>(),
            "activity canceled, timer canceled, then echo after the scope");
  EXPECT_EQ(Count(handle, enums::EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED), 1);
  EXPECT_EQ(Count(handle, enums::EVENT_TYPE_ACTIVITY_TASK_CANCELED),
            1);  // WaitCancellationCompleted
  EXPECT_EQ(Count(handle, enums::EVENT_TYPE_TIMER_CANCELED), 1);
}

TEST_F(CancellationScopesTest, ADetachedScopeRunsCleanupAfterTheWorkflowIsCanceled) {
  StartWorker();
  heartbeating_started = 0;
  auto handle = client_->StartWorkflow("CleansUpWhenCanceled", Options());
  ASSERT_TRUE(Eventually([&] { return heartbeating_started.load() == 1; }));
  handle.Cancel("stop working");
  EXPECT_EQ(handle.Result<std::string>(), "canceled, then echo cleanup");
  EXPECT_EQ(Count(handle, enums::EVENT_TYPE_ACTIVITY_TASK_CANCELED), 1);
  EXPECT_EQ(Count(handle, enums::EVENT_TYPE_ACTIVITY_TASK_COMPLETED), 1);  // the cleanup
}

}  // namespace
}  // namespace temporal::testing
