// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// A workflow that cancels a local activity stops its running attempt, by
// cancellation type (docs/adr/0020): the loser of a WhenAny (TryCancel), a
// scope cancelled by a signal handler while the attempt runs
// (WaitCancellationCompleted: the call ends with the attempt's own
// cancellation), the workflow's own cancellation from a client, and an
// abandoned one, which is not told and not waited for. The workflow task
// timeout is 1 s, so the events that trigger the cancellations (a timer, a
// signal, a cancel request) reach the run within a second, through the
// workflow task heartbeat that runs while the local activities do.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include "temporal/activity/context.h"
#include "temporal/client/client_errors.h"
#include "temporal/common/failure.h"
#include "temporal/workflow/cancellation_scope.h"
#include "temporal/workflow/workflow.h"
#include "worker/worker_test_base.h"

namespace temporal::testing {
namespace {
namespace wf = temporal::workflow;
namespace enums = temporal::api::enums::v1;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

// What the activities saw, by the tag each was called with.
struct Seen {
  std::mutex mutex;
  std::map<std::string, activity::CancelReason> cancel;  // how each attempt was asked to stop
  std::map<std::string, bool> started;
  std::map<std::string, bool> finished;

  void Set(std::map<std::string, bool>& flags, const std::string& tag) {
    std::lock_guard lock(mutex);
    flags[tag] = true;
  }
  bool Get(std::map<std::string, bool>& flags, const std::string& tag) {
    std::lock_guard lock(mutex);
    return flags[tag];
  }
};
Seen* seen = nullptr;

// Runs until asked to stop (at most 30 s), then cleans up for 200 ms and
// reports the cancellation.
std::string WaitsForCancel(std::string tag) {
  seen->Set(seen->started, tag);
  if (!activity::WaitForCancel(30s)) return "never canceled";
  {
    std::lock_guard lock(seen->mutex);
    seen->cancel[tag] = activity::Context::Current().cancel_reason();
  }
  std::this_thread::sleep_for(200ms);
  seen->Set(seen->finished, tag);
  activity::ThrowIfCancelRequested();
  return "unreachable";
}

// Works for 3 s whatever happens, then says whether it was asked to stop.
std::string IgnoresCancel(std::string tag) {
  seen->Set(seen->started, tag);
  std::this_thread::sleep_for(3s);
  if (activity::IsCancelRequested()) {
    std::lock_guard lock(seen->mutex);
    seen->cancel[tag] = activity::Context::Current().cancel_reason();
  }
  seen->Set(seen->finished, tag);
  return "done";
}

Task<std::string> RaceAgainstATimer() {
  const wf::ActivityOptions options{.start_to_close_timeout = 60s};  // TryCancel
  const std::string tag = "race";
  auto slow = wf::ExecuteLocalActivity<std::string>("WaitsForCancel", options, tag);
  auto timer = wf::Sleep(300ms);
  auto race = wf::WhenAny(std::move(slow), std::move(timer));
  auto winner = co_await race;
  const std::string quick_tag = "quick";
  auto quick = wf::ExecuteLocalActivity<std::string>("Echo", options, quick_tag);
  const std::string echoed = co_await quick;
  co_return std::string(winner.index() == 1 ? "the timer won" : "the activity won") + "; then " +
      echoed;
}

Task<std::string> CancelFromASignal() {
  auto scope = wf::CancellationScope::Create();
  wf::SetSignalHandler<>("stop", [scope] { scope->Cancel(); });
  const wf::ActivityOptions options{
      .start_to_close_timeout = 60s,
      .cancellation_type = wf::ActivityCancellationType::kWaitCancellationCompleted};
  const std::string tag = "signal";
  auto slow = scope->Run(wf::ExecuteLocalActivity<std::string>("WaitsForCancel", options, tag));
  try {
    const std::string result = co_await slow;
    co_return "completed: " + result;
  } catch (const ActivityError& e) {
    const auto* canceled = e.cause_as<CanceledError>();
    co_return canceled != nullptr ? "canceled: " + std::string(canceled->what())
                                  : "failed: " + std::string(e.what());
  }
}

Task<std::string> CanceledWhileALocalActivityRuns() {
  const wf::ActivityOptions options{.start_to_close_timeout = 60s};
  const std::string tag = "workflow";
  auto slow = wf::ExecuteLocalActivity<std::string>("WaitsForCancel", options, tag);
  co_return co_await slow;  // its ActivityError(CanceledError) cancels the workflow
}

Task<std::string> AbandonInARace() {
  const wf::ActivityOptions options{.start_to_close_timeout = 60s,
                                    .cancellation_type = wf::ActivityCancellationType::kAbandon};
  const std::string tag = "abandon";
  auto slow = wf::ExecuteLocalActivity<std::string>("IgnoresCancel", options, tag);
  auto timer = wf::Sleep(300ms);
  auto race = wf::WhenAny(std::move(slow), std::move(timer));
  auto winner = co_await race;
  co_return winner.index() == 1 ? "the timer won" : "the activity won";
}

class LocalActivityCancellationTest : public WorkerTestBase {
 protected:
  void SetUp() override {
    WorkerTestBase::SetUp();
    seen = &seen_;
  }
  void TearDown() override {
    WorkerTestBase::TearDown();  // the worker joins what still runs
    seen = nullptr;
  }

  void StartWorker() {
    Worker& worker = MakeWorker();
    worker.RegisterWorkflow("RaceAgainstATimer", RaceAgainstATimer);
    worker.RegisterWorkflow("CancelFromASignal", CancelFromASignal);
    worker.RegisterWorkflow("CanceledWhileALocalActivityRuns", CanceledWhileALocalActivityRuns);
    worker.RegisterWorkflow("AbandonInARace", AbandonInARace);
    worker.RegisterActivity("WaitsForCancel", WaitsForCancel);
    worker.RegisterActivity("IgnoresCancel", IgnoresCancel);
    worker.RegisterActivity("Echo", [](std::string s) { return "echo " + s; });
    worker.Start();
  }

  WorkflowOptions OneSecondTasks() const {
    auto options = Options();
    options.task_timeout = 1s;
    return options;
  }

  std::optional<activity::CancelReason> CancelSeenBy(const std::string& tag) {
    std::lock_guard lock(seen_.mutex);
    auto it = seen_.cancel.find(tag);
    if (it == seen_.cancel.end()) return std::nullopt;
    return it->second;
  }

  static bool Eventually(const std::function<bool()>& condition) {
    for (int i = 0; i < 200 && !condition(); ++i) std::this_thread::sleep_for(50ms);
    return condition();
  }

  // The failure recorded in the run's local activity marker for `type`.
  static std::optional<temporal::api::failure::v1::Failure> MarkerFailure(
      const WorkflowHandle& handle, const std::string& type) {
    const auto history = handle.FetchHistory();
    for (const auto& event : history.events()) {
      if (!event.has_marker_recorded_event_attributes()) continue;
      const auto& marker = event.marker_recorded_event_attributes();
      const auto data = marker.details().find("data");
      if (data == marker.details().end() ||
          data->second.payloads(0).data().find(type) == std::string::npos)
        continue;
      return marker.failure();
    }
    return std::nullopt;
  }

  Seen seen_;
};

TEST_F(LocalActivityCancellationTest, TheLoserOfARaceIsAskedToStopAndTheRunGoesOn) {
  StartWorker();
  const auto started = std::chrono::steady_clock::now();
  auto handle = client_->StartWorkflow("RaceAgainstATimer", OneSecondTasks());
  EXPECT_EQ(handle.Result<std::string>(), "the timer won; then echo quick");
  // Not the 30 s the attempt would have run uncanceled.
  EXPECT_LT(std::chrono::steady_clock::now() - started, 15s);
  // The attempt was told and stopped (the run, which closed meanwhile, did
  // not wait for it: a closing run waits for no local activity).
  EXPECT_TRUE(Eventually([&] { return seen_.Get(seen_.finished, "race"); }));
  EXPECT_EQ(CancelSeenBy("race"), activity::CancelReason::kRequested);
  auto failure = MarkerFailure(handle, "WaitsForCancel");
  ASSERT_TRUE(failure.has_value());
  EXPECT_TRUE(failure->has_canceled_failure_info()) << failure->DebugString();
}

TEST_F(LocalActivityCancellationTest,
       AScopeCanceledMidTaskEndsTheCallWithTheAttemptsOwnCancellation) {
  StartWorker();
  auto handle = client_->StartWorkflow("CancelFromASignal", OneSecondTasks());
  ASSERT_TRUE(Eventually([&] { return seen_.Get(seen_.started, "signal"); }));
  handle.Signal("stop");
  // WaitCancellationCompleted: the call ended when the attempt did, with its
  // CanceledError, not one made up when the cancel was requested.
  EXPECT_EQ(handle.Result<std::string>(), "canceled: activity canceled: requested");
  EXPECT_EQ(CancelSeenBy("signal"), activity::CancelReason::kRequested);
  EXPECT_TRUE(seen_.Get(seen_.finished, "signal"));
}

TEST_F(LocalActivityCancellationTest, CancelingTheWorkflowStopsItsRunningLocalActivity) {
  StartWorker();
  auto handle = client_->StartWorkflow("CanceledWhileALocalActivityRuns", OneSecondTasks());
  ASSERT_TRUE(Eventually([&] { return seen_.Get(seen_.started, "workflow"); }));
  const auto canceled_at = std::chrono::steady_clock::now();
  handle.Cancel("the test is done with it");
  try {
    handle.Result<std::string>();
    ADD_FAILURE() << "the workflow must end canceled";
  } catch (const WorkflowFailedError& e) {
    EXPECT_EQ(e.status(), enums::WORKFLOW_EXECUTION_STATUS_CANCELED);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - canceled_at, 15s);
  EXPECT_EQ(CancelSeenBy("workflow"), activity::CancelReason::kRequested);
}

TEST_F(LocalActivityCancellationTest, AnAbandonedLocalActivityIsNeitherToldNorWaitedFor) {
  StartWorker();
  const auto started = std::chrono::steady_clock::now();
  auto handle = client_->StartWorkflow("AbandonInARace", OneSecondTasks());
  EXPECT_EQ(handle.Result<std::string>(), "the timer won");
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_FALSE(seen_.Get(seen_.finished, "abandon"))
      << "the workflow task waited for the abandoned attempt ("
      << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms)";
  // It runs to its end on the worker, and nobody asked it to stop.
  EXPECT_TRUE(Eventually([&] { return seen_.Get(seen_.finished, "abandon"); }));
  EXPECT_EQ(CancelSeenBy("abandon"), std::nullopt);
}

}  // namespace
}  // namespace temporal::testing
