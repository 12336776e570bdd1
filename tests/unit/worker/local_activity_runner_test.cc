// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// RegistryLocalActivityRunner: retries, and cancellation by the workflow
// (LocalActivityCancellation) reaching the running attempt's
// activity::Context, a wait for a retry, and an attempt not started yet;
// Start's threads outliving the caller. LocalActivitiesInFlight: what a
// workflow task waits for after Cancel, Abandon and CancelAll.
#include "temporal/worker/internal/local_activity_runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "temporal/activity/context.h"
#include "temporal/common/failure.h"
#include "temporal/worker/internal/local_activities_in_flight.h"

namespace temporal::worker_internal {
namespace {

using namespace std::chrono_literals;
using workflow_internal::Resolution;
using workflow_internal::machines::LocalActivityResult;

LocalActivityRequest RequestFor(const std::string& type, uint32_t seq = 1) {
  LocalActivityRequest request;
  request.command.seq = seq;
  request.command.activity_id = std::to_string(seq);
  request.command.activity_type = type;
  request.command.start_to_close_timeout = std::chrono::seconds(30);
  request.workflow_id = "wf";
  request.run_id = "run";
  request.workflow_type = "Workflow";
  request.task_queue = "tq";
  return request;
}

// Waits until `flag` is set (at most 10 s).
bool WaitFor(const std::atomic<bool>& flag) {
  for (int i = 0; i < 1000 && !flag; ++i) std::this_thread::sleep_for(10ms);
  return flag;
}

class LocalActivityRunnerTest : public ::testing::Test {
 protected:
  LocalActivityRunnerTest() {
    // Waits until canceled, then stops as activities should.
    activities_.Register("WaitsForCancel", [this]() -> std::string {
      started_ = true;
      if (!activity::WaitForCancel(std::chrono::seconds(30))) return "never canceled";
      saw_reason_ = activity::Context::Current().cancel_reason();
      activity::ThrowIfCancelRequested();
      return "unreachable";
    });
    // Hears the cancellation and finishes its work anyway.
    activities_.Register("FinishesAnyway", [this]() -> std::string {
      started_ = true;
      activity::WaitForCancel(std::chrono::seconds(30));
      return "finished";
    });
    activities_.Register("AlwaysFails", [this]() -> std::string {
      ++attempts_;
      throw ApplicationError("no", "Boom");
    });
    activities_.Register("Counts", [this]() -> std::string {
      ++attempts_;
      return "ran";
    });
  }

  activity::ActivityRegistry activities_;
  std::atomic<bool> started_{false};
  std::atomic<int> attempts_{0};
  activity::CancelReason saw_reason_ = activity::CancelReason::kNone;
};

TEST_F(LocalActivityRunnerTest, ACancelReachesTheRunningAttemptWhichEndsCanceled) {
  RegistryLocalActivityRunner runner({}, activities_);
  LocalActivityCancellation cancellation;
  auto result = std::async(std::launch::async,
                           [&] { return runner.Run(RequestFor("WaitsForCancel"), &cancellation); });
  ASSERT_TRUE(WaitFor(started_));
  const auto canceled_at = std::chrono::steady_clock::now();
  cancellation.Cancel();
  const LocalActivityResult outcome = result.get();
  EXPECT_LT(std::chrono::steady_clock::now() - canceled_at, 5s);
  EXPECT_EQ(saw_reason_, activity::CancelReason::kRequested);
  EXPECT_EQ(outcome.outcome.kind, Resolution::Kind::kCanceled);
  EXPECT_TRUE(outcome.outcome.failure.has_canceled_failure_info())
      << outcome.outcome.failure.DebugString();
  EXPECT_EQ(outcome.attempt, 1u);
}

TEST_F(LocalActivityRunnerTest, AnActivityThatCompletesDespiteTheCancelIsCompleted) {
  RegistryLocalActivityRunner runner({}, activities_);
  LocalActivityCancellation cancellation;
  auto result = std::async(std::launch::async,
                           [&] { return runner.Run(RequestFor("FinishesAnyway"), &cancellation); });
  ASSERT_TRUE(WaitFor(started_));
  cancellation.Cancel();
  const LocalActivityResult outcome = result.get();
  EXPECT_EQ(outcome.outcome.kind, Resolution::Kind::kCompleted);
}

TEST_F(LocalActivityRunnerTest, ACancelBeforeTheAttemptStartsRunsNothing) {
  RegistryLocalActivityRunner runner({}, activities_);
  LocalActivityCancellation cancellation;
  cancellation.Cancel();
  const LocalActivityResult outcome = runner.Run(RequestFor("Counts"), &cancellation);
  EXPECT_EQ(outcome.outcome.kind, Resolution::Kind::kCanceled);
  EXPECT_EQ(attempts_.load(), 0);
}

TEST_F(LocalActivityRunnerTest, ACancelDuringTheWaitForTheNextAttemptEndsItAtOnce) {
  RegistryLocalActivityRunner runner({}, activities_);
  LocalActivityCancellation cancellation;
  auto request = RequestFor("AlwaysFails");
  request.command.retry_policy.mutable_initial_interval()->set_seconds(
      20);  // under the 1 min threshold
  auto result = std::async(std::launch::async, [&] { return runner.Run(request, &cancellation); });
  for (int i = 0; i < 1000 && attempts_ == 0; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_EQ(attempts_.load(), 1);
  std::this_thread::sleep_for(50ms);  // in the 20 s wait now
  const auto canceled_at = std::chrono::steady_clock::now();
  cancellation.Cancel();
  const LocalActivityResult outcome = result.get();
  EXPECT_LT(std::chrono::steady_clock::now() - canceled_at, 5s);
  EXPECT_EQ(outcome.outcome.kind, Resolution::Kind::kCanceled);
  EXPECT_EQ(attempts_.load(), 1);  // no attempt after the cancel
}

TEST_F(LocalActivityRunnerTest, AFailureAfterTheCancelIsNotRetried) {
  activity::ActivityRegistry activities;
  std::atomic<int> attempts{0};
  std::atomic<bool> started{false};
  activities.Register("FailsWhenCanceled", [&]() -> std::string {
    ++attempts;
    started = true;
    activity::WaitForCancel(std::chrono::seconds(30));
    throw ApplicationError("gave up", "GaveUp");
  });
  RegistryLocalActivityRunner runner({.sleep = [](Duration) {}}, activities);
  LocalActivityCancellation cancellation;
  auto result = std::async(std::launch::async, [&] {
    return runner.Run(RequestFor("FailsWhenCanceled"), &cancellation);
  });
  ASSERT_TRUE(WaitFor(started));
  cancellation.Cancel();
  const LocalActivityResult outcome = result.get();
  EXPECT_EQ(outcome.outcome.kind, Resolution::Kind::kFailed);
  EXPECT_EQ(outcome.outcome.failure.application_failure_info().type(), "GaveUp");
  EXPECT_EQ(attempts.load(), 1);
}

TEST_F(LocalActivityRunnerTest, StartRunsOnTheRunnersThreadAndTheCancellationItReturnsStopsIt) {
  RegistryLocalActivityRunner runner({}, activities_);
  std::promise<LocalActivityResult> done;
  auto cancellation =
      runner.Start(RequestFor("WaitsForCancel"),
                   [&done](LocalActivityResult result) { done.set_value(std::move(result)); });
  ASSERT_TRUE(WaitFor(started_));
  EXPECT_EQ(runner.threads(), 1u);
  cancellation->Cancel();
  auto future = done.get_future();
  ASSERT_EQ(future.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(future.get().outcome.kind, Resolution::Kind::kCanceled);
  // The finished thread is joined by the next Start.
  std::promise<LocalActivityResult> second;
  runner.Start(RequestFor("Counts", 2),
               [&second](LocalActivityResult result) { second.set_value(std::move(result)); });
  EXPECT_EQ(second.get_future().get().outcome.kind, Resolution::Kind::kCompleted);
  EXPECT_LE(runner.threads(), 2u);
}

TEST_F(LocalActivityRunnerTest, DestroyingTheRunnerCancelsAndJoinsWhatStillRuns) {
  std::atomic<bool> reported{false};
  {
    RegistryLocalActivityRunner runner({}, activities_);
    runner.Start(RequestFor("WaitsForCancel"), [&reported](LocalActivityResult result) {
      // Worker shutdown: the attempt ends with a cancellation it did not ask for.
      reported = result.outcome.kind != Resolution::Kind::kCompleted;
    });
    ASSERT_TRUE(WaitFor(started_));
  }
  EXPECT_TRUE(reported);
  EXPECT_EQ(saw_reason_, activity::CancelReason::kWorkerShutdown);
}

// A runner that records what it is asked and lets the test finish each one.
class ScriptedRunner final : public LocalActivityRunner {
 public:
  std::shared_ptr<LocalActivityCancellation> Start(LocalActivityRequest request,
                                                   Done done) override {
    auto cancellation = std::make_shared<LocalActivityCancellation>();
    started_[request.command.seq] = {cancellation, std::move(done)};
    return cancellation;
  }
  // Finish: activity `seq` reports `kind` (from any thread).
  void Finish(uint32_t seq, Resolution::Kind kind) {
    LocalActivityResult result;
    result.outcome.kind = kind;
    started_.at(seq).done(result);
  }
  bool Canceled(uint32_t seq) const { return started_.at(seq).cancellation->canceled(); }

 private:
  struct Started {
    std::shared_ptr<LocalActivityCancellation> cancellation;
    Done done;
  };
  std::map<uint32_t, Started> started_;
};

TEST(LocalActivitiesInFlight, ACanceledActivityIsStillWaitedForAndItsResultDelivered) {
  ScriptedRunner runner;
  LocalActivitiesInFlight in_flight(runner);
  in_flight.Start(RequestFor("A", 1));
  in_flight.Cancel(1);
  EXPECT_TRUE(runner.Canceled(1));
  EXPECT_EQ(in_flight.outstanding(), 1u);
  runner.Finish(1, Resolution::Kind::kCanceled);
  auto next = in_flight.NextUntil(std::chrono::steady_clock::now() + 1s);
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->first, 1u);
  EXPECT_EQ(next->second.outcome.kind, Resolution::Kind::kCanceled);
  EXPECT_EQ(in_flight.outstanding(), 0u);
}

TEST(LocalActivitiesInFlight, AnAbandonedActivityIsNotWaitedForNorCanceledAndItsResultIsDropped) {
  ScriptedRunner runner;
  LocalActivitiesInFlight in_flight(runner);
  in_flight.Start(RequestFor("A", 1));
  in_flight.Start(RequestFor("B", 2));
  in_flight.Abandon(1);
  EXPECT_FALSE(runner.Canceled(1));
  EXPECT_EQ(in_flight.outstanding(), 1u);
  runner.Finish(1, Resolution::Kind::kCompleted);  // dropped
  runner.Finish(2, Resolution::Kind::kCompleted);
  auto next = in_flight.NextUntil(std::chrono::steady_clock::now() + 1s);
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->first, 2u);
  EXPECT_FALSE(in_flight.NextUntil(std::chrono::steady_clock::now() + 10ms).has_value());
}

TEST(LocalActivitiesInFlight, NextUntilReturnsNothingWhenTheDeadlinePassesFirst) {
  ScriptedRunner runner;
  LocalActivitiesInFlight in_flight(runner);
  in_flight.Start(RequestFor("A", 1));
  const auto before = std::chrono::steady_clock::now();
  EXPECT_FALSE(in_flight.NextUntil(before + 50ms).has_value());
  EXPECT_GE(std::chrono::steady_clock::now() - before, 50ms);
  EXPECT_EQ(in_flight.outstanding(), 1u);
}

TEST(LocalActivitiesInFlight, CancelAllAndTheEndOfTheTaskCancelEverythingAndWaitForNothing) {
  ScriptedRunner runner;
  {
    LocalActivitiesInFlight in_flight(runner);
    in_flight.Start(RequestFor("A", 1));
    in_flight.Start(RequestFor("B", 2));
    in_flight.CancelAll();
    EXPECT_TRUE(runner.Canceled(1));
    EXPECT_TRUE(runner.Canceled(2));
    EXPECT_EQ(in_flight.outstanding(), 0u);
    in_flight.Start(RequestFor("C", 3));
  }
  EXPECT_TRUE(runner.Canceled(3));                // the task ended with it running
  runner.Finish(3, Resolution::Kind::kCanceled);  // a late result goes nowhere
}

}  // namespace
}  // namespace temporal::worker_internal
