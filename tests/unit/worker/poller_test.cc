// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// The poll-loop building blocks: slots are counted and handed over with the
// task; the backoff grows, is capped, has bounded jitter and is slower on
// RESOURCE_EXHAUSTED; the loop recovers after failures, never polls without
// a slot, stops promptly (canceling a poll in flight) and gives up on a
// permanent error only after its grace period.
#include "temporal/worker/internal/poller.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "temporal/client/rpc_error.h"
#include "temporal/worker/internal/timer_queue.h"

namespace {

using namespace std::chrono_literals;
using temporal::CallOptions;
using temporal::Duration;
using temporal::FormatLogfmt;
using temporal::FunctionLogger;
using temporal::LogRecord;
using temporal::NoopLogger;
using temporal::RpcError;
using temporal::worker_internal::PollBackoff;
using temporal::worker_internal::PollBackoffOptions;
using temporal::worker_internal::PollLoop;
using temporal::worker_internal::PollLoopOptions;
using temporal::worker_internal::SlotSupplier;
using temporal::worker_internal::TimerQueue;
using Clock = std::chrono::steady_clock;

// Waits until `condition` holds (checked every millisecond) or 10 s pass.
template <typename F>
bool Eventually(F condition) {
  const auto deadline = Clock::now() + 10s;
  while (Clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(1ms);
  }
  return condition();
}

// Blocks like a long poll until the call is canceled.
void BlockUntilCanceled(const CallOptions& call_options) {
  std::promise<void> canceled;
  auto registration = call_options.cancellation->OnCancel([&] { canceled.set_value(); });
  canceled.get_future().wait();
}

TEST(SlotSupplier, CountsTakenSlotsAndFreesThemWithThePermit) {
  auto slots = SlotSupplier::Create(2);
  EXPECT_EQ(slots->available(), 2);
  std::stop_source stop;
  SlotSupplier::Permit a = slots->Acquire(stop.get_token());
  SlotSupplier::Permit b = slots->TryAcquire();
  EXPECT_TRUE(a);
  EXPECT_TRUE(b);
  EXPECT_EQ(slots->available(), 0);
  EXPECT_EQ(slots->used(), 2);
  EXPECT_FALSE(slots->TryAcquire());
  SlotSupplier::Permit moved = std::move(a);
  EXPECT_EQ(slots->available(), 0);  // moving does not free it
  moved.Release();
  EXPECT_EQ(slots->available(), 1);
  moved.Release();  // releasing twice frees once
  EXPECT_EQ(slots->available(), 1);
  {
    SlotSupplier::Permit gone = std::move(b);
  }
  EXPECT_EQ(slots->available(), 2);
}

TEST(SlotSupplier, AcquireWaitsForAFreeSlotOrForStop) {
  auto slots = SlotSupplier::Create(1);
  std::stop_source stop;
  SlotSupplier::Permit held = slots->Acquire(stop.get_token());
  auto waiting =
      std::async(std::launch::async, [&] { return bool(slots->Acquire(stop.get_token())); });
  EXPECT_EQ(waiting.wait_for(50ms), std::future_status::timeout);
  held.Release();
  EXPECT_TRUE(waiting.get());

  // (The waiter's permit was a temporary: the slot is free again.) Take it
  // and wait for a stop instead.
  SlotSupplier::Permit again = slots->Acquire(stop.get_token());
  auto stopped =
      std::async(std::launch::async, [&] { return bool(slots->Acquire(stop.get_token())); });
  EXPECT_EQ(stopped.wait_for(50ms), std::future_status::timeout);
  stop.request_stop();
  EXPECT_FALSE(stopped.get());
}

TEST(SlotSupplier, WaitAllFreeHonorsItsDeadline) {
  auto slots = SlotSupplier::Create(3);
  SlotSupplier::Permit permit = slots->TryAcquire();
  EXPECT_FALSE(slots->WaitAllFree(Clock::now() + 20ms));
  std::thread releaser([&] {
    std::this_thread::sleep_for(20ms);
    permit.Release();
  });
  EXPECT_TRUE(slots->WaitAllFree(Clock::now() + 10s));
  releaser.join();
}

TEST(SlotSupplier, TellsItsObserverEveryChangeInOrder) {
  // The worker_task_slots_available / _used gauges follow this.
  auto slots = SlotSupplier::Create(2);
  std::vector<std::pair<int, int>> seen;
  slots->Observe([&](int available, int used) { seen.emplace_back(available, used); });
  SlotSupplier::Permit a = slots->TryAcquire();
  std::stop_source stop;
  SlotSupplier::Permit b = slots->Acquire(stop.get_token());
  EXPECT_FALSE(slots->TryAcquire());  // none free: no change, no call
  a.Release();
  b.Release();
  EXPECT_THAT(seen, ::testing::ElementsAre(std::pair(2, 0), std::pair(1, 1), std::pair(0, 2), std::pair(1, 1),
                                           std::pair(2, 0)));
}

TEST(SlotSupplier, NeedsAtLeastOneSlot) {
  EXPECT_THROW(SlotSupplier::Create(0), temporal::InvalidArgumentError);
}

TEST(PollBackoff, GrowsExponentiallyUpToItsCapAndResetsOnSuccess) {
  PollBackoff backoff({});
  std::vector<Duration> waits;
  for (int i = 0; i < 8; ++i) waits.push_back(backoff.Failed(grpc::StatusCode::UNAVAILABLE, 0.5));
  EXPECT_THAT(waits, ::testing::ElementsAre(200ms, 400ms, 800ms, 1600ms, 3200ms, 6400ms, 10s, 10s));
  EXPECT_EQ(backoff.consecutive_failures(), 8);
  backoff.Succeeded();
  EXPECT_EQ(backoff.Failed(grpc::StatusCode::UNAVAILABLE, 0.5), 200ms);
}

TEST(PollBackoff, JitterStaysWithinItsFactor) {
  PollBackoff low({});
  PollBackoff high({});
  EXPECT_EQ(low.Failed(grpc::StatusCode::INTERNAL, 0.0), 160ms);
  const Duration highest = high.Failed(grpc::StatusCode::INTERNAL, 0.999999);
  EXPECT_GT(highest, 239900us);
  EXPECT_LE(highest, 240ms);
}

TEST(PollBackoff, ResourceExhaustedWaitsAtLeastTheSlowerSchedule) {
  PollBackoff backoff({});
  EXPECT_EQ(backoff.Failed(grpc::StatusCode::RESOURCE_EXHAUSTED, 0.5), 1s);
  EXPECT_EQ(backoff.Failed(grpc::StatusCode::RESOURCE_EXHAUSTED, 0.5), 2s);
  EXPECT_EQ(backoff.Failed(grpc::StatusCode::RESOURCE_EXHAUSTED, 0.5), 4s);
  EXPECT_EQ(backoff.Failed(grpc::StatusCode::UNAVAILABLE, 0.5), 1600ms);  // normal schedule again
}

TEST(PollBackoff, PermanentCodes) {
  using temporal::worker_internal::IsPermanentPollError;
  EXPECT_TRUE(IsPermanentPollError(grpc::StatusCode::NOT_FOUND));
  EXPECT_TRUE(IsPermanentPollError(grpc::StatusCode::PERMISSION_DENIED));
  EXPECT_TRUE(IsPermanentPollError(grpc::StatusCode::UNAUTHENTICATED));
  EXPECT_FALSE(IsPermanentPollError(grpc::StatusCode::UNAVAILABLE));
  EXPECT_FALSE(IsPermanentPollError(grpc::StatusCode::RESOURCE_EXHAUSTED));
}

PollLoopOptions FastOptions(std::shared_ptr<SlotSupplier> slots, int pollers = 1) {
  PollLoopOptions options;
  options.name = "test";
  options.pollers = pollers;
  options.slots = std::move(slots);
  options.backoff.initial_interval = 20ms;
  options.backoff.max_interval = 200ms;
  options.backoff.resource_exhausted_initial_interval = 20ms;
  options.backoff.resource_exhausted_max_interval = 200ms;
  options.random = [] { return 0.5; };
  options.logger = std::make_shared<NoopLogger>();
  return options;
}

TEST(PollLoop, BacksOffOnUnavailableAndRecovers) {
  std::mutex mutex;
  std::vector<Clock::time_point> calls;
  std::atomic<bool> got_task{false};
  std::vector<std::string> log;
  auto options = FastOptions(SlotSupplier::Create(1));
  options.logger = std::make_shared<FunctionLogger>([&](const LogRecord& record) {
    std::lock_guard lock(mutex);
    log.push_back(FormatLogfmt(record));
  });
  PollLoop loop(options, [&](SlotSupplier::Permit, const CallOptions& call_options) {
    EXPECT_NE(call_options.cancellation, nullptr);
    ASSERT_TRUE(call_options.retry.has_value());
    EXPECT_EQ(call_options.retry->max_attempts, 1);  // the loop backs off, not the transport
    size_t n;
    {
      std::lock_guard lock(mutex);
      calls.push_back(Clock::now());
      n = calls.size();
    }
    if (n <= 3) throw RpcError("PollActivityTaskQueue", grpc::StatusCode::UNAVAILABLE, "down");
    if (n == 4) {
      got_task = true;
      return;
    }
    BlockUntilCanceled(call_options);
  });
  loop.Start();
  ASSERT_TRUE(Eventually([&] { return got_task.load(); }));
  loop.Stop();
  loop.Join();
  std::lock_guard lock(mutex);
  ASSERT_GE(calls.size(), 4u);
  // Waits of 20, 40, 80 ms between the failed polls.
  EXPECT_GE(calls[1] - calls[0], 20ms);
  EXPECT_GE(calls[2] - calls[1], 40ms);
  EXPECT_GE(calls[3] - calls[2], 80ms);
  EXPECT_EQ(loop.polls_failed(), 3);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_THAT(log[0], ::testing::HasSubstr("UNAVAILABLE"));
  EXPECT_THAT(log[0], ::testing::HasSubstr("level=warn msg=\"poll failed; retrying\" poller=test poller_index=0"));
  EXPECT_THAT(log[0], ::testing::HasSubstr("retry_in_ms=20"));
}

TEST(PollLoop, NeverPollsWithoutASlotAndHandsTheSlotToTheTask) {
  auto slots = SlotSupplier::Create(2);
  std::mutex mutex;
  std::vector<SlotSupplier::Permit> tasks;  // "running" tasks keep their permits
  std::atomic<int> polls{0};
  PollLoop loop(FastOptions(slots, /*pollers=*/3),
                [&](SlotSupplier::Permit permit, const CallOptions&) {
                  polls.fetch_add(1);
                  std::lock_guard lock(mutex);
                  tasks.push_back(std::move(permit));  // every poll returns a task
                });
  loop.Start();
  ASSERT_TRUE(Eventually([&] { return slots->available() == 0; }));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(polls.load(), 2);  // three pollers, two slots: two polls
  {
    std::lock_guard lock(mutex);
    tasks.front().Release();  // one task finishes
  }
  ASSERT_TRUE(Eventually([&] { return polls.load() == 3; }));
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(polls.load(), 3);
  loop.Stop();
  loop.Join();
}

TEST(PollLoop, AnEmptyPollFreesItsSlot) {
  auto slots = SlotSupplier::Create(1);
  std::atomic<int> polls{0};
  PollLoop loop(FastOptions(slots), [&](SlotSupplier::Permit, const CallOptions& call_options) {
    if (polls.fetch_add(1) >= 5) BlockUntilCanceled(call_options);
  });
  loop.Start();
  ASSERT_TRUE(Eventually([&] { return polls.load() >= 6; }));
  loop.Stop();
  loop.Join();
  EXPECT_EQ(slots->available(), 1);
  EXPECT_EQ(loop.polls_failed(), 0);
}

TEST(PollLoop, StopCancelsAPollInFlightPromptly) {
  std::atomic<int> blocked{0};
  PollLoop loop(FastOptions(SlotSupplier::Create(4), /*pollers=*/2),
                [&](SlotSupplier::Permit, const CallOptions& call_options) {
                  blocked.fetch_add(1);
                  BlockUntilCanceled(call_options);
                });
  loop.Start();
  ASSERT_TRUE(Eventually([&] { return blocked.load() == 2; }));
  const auto start = Clock::now();
  loop.Stop();
  loop.Join();
  EXPECT_LT(Clock::now() - start, 2s);
}

TEST(PollLoop, ReportsThePollsInFlight) {
  // The temporal_num_pollers gauge: polls in flight, up as each poller
  // blocks in its long poll, down to 0 once they are canceled.
  std::mutex mutex;
  std::vector<int> reported;
  auto options = FastOptions(SlotSupplier::Create(4), /*pollers=*/3);
  options.on_active_pollers = [&](int polls) {
    std::lock_guard lock(mutex);
    reported.push_back(polls);
  };
  std::atomic<int> blocked{0};
  PollLoop loop(options, [&](SlotSupplier::Permit, const CallOptions& call_options) {
    blocked.fetch_add(1);
    BlockUntilCanceled(call_options);
  });
  loop.Start();
  ASSERT_TRUE(Eventually([&] { return blocked.load() == 3; }));
  {
    std::lock_guard lock(mutex);
    EXPECT_THAT(reported, ::testing::ElementsAre(1, 2, 3));  // in order: reported under a lock
  }
  loop.Stop();
  loop.Join();
  std::lock_guard lock(mutex);
  EXPECT_THAT(reported, ::testing::ElementsAre(1, 2, 3, 2, 1, 0));
}

TEST(PollLoop, StopInterruptsABackoffWait) {
  auto options = FastOptions(SlotSupplier::Create(1));
  options.backoff.initial_interval = 60s;
  options.backoff.max_interval = 60s;
  std::atomic<int> polls{0};
  PollLoop loop(options, [&](SlotSupplier::Permit, const CallOptions&) {
    polls.fetch_add(1);
    throw RpcError("PollActivityTaskQueue", grpc::StatusCode::UNAVAILABLE, "down");
  });
  loop.Start();
  ASSERT_TRUE(Eventually([&] { return polls.load() == 1; }));
  std::this_thread::sleep_for(20ms);  // now waiting 60 s
  const auto start = Clock::now();
  loop.Stop();
  loop.Join();
  EXPECT_LT(Clock::now() - start, 2s);
  EXPECT_EQ(polls.load(), 1);
}

TEST(PollLoop, APermanentErrorIsFatalOnlyAfterItsGracePeriod) {
  auto options = FastOptions(SlotSupplier::Create(1));
  options.permanent_error_grace = 150ms;
  std::promise<std::exception_ptr> fatal;
  options.on_fatal_error = [&](std::exception_ptr error) { fatal.set_value(error); };
  std::atomic<int> polls{0};
  const auto start = Clock::now();
  PollLoop loop(options, [&](SlotSupplier::Permit, const CallOptions&) {
    polls.fetch_add(1);
    throw RpcError("PollActivityTaskQueue", grpc::StatusCode::NOT_FOUND, "namespace x not found");
  });
  loop.Start();
  auto future = fatal.get_future();
  ASSERT_EQ(future.wait_for(10s), std::future_status::ready);
  EXPECT_GE(Clock::now() - start, 150ms);
  EXPECT_GE(polls.load(), 2);  // retried meanwhile
  try {
    std::rethrow_exception(future.get());
  } catch (const RpcError& e) {
    EXPECT_EQ(e.code(), grpc::StatusCode::NOT_FOUND);
  }
  loop.Join();
  EXPECT_TRUE(loop.stopped());
}

TEST(PollLoop, ATransientErrorBetweenPermanentOnesRestartsTheGracePeriod) {
  auto options = FastOptions(SlotSupplier::Create(1));
  options.permanent_error_grace = 100ms;
  std::atomic<bool> fatal{false};
  options.on_fatal_error = [&](std::exception_ptr) { fatal = true; };
  std::atomic<int> polls{0};
  PollLoop loop(options, [&](SlotSupplier::Permit, const CallOptions& call_options) {
    const int n = polls.fetch_add(1);
    if (n > 12) BlockUntilCanceled(call_options);
    // Every third poll works: a flaky, not a broken, server.
    if (n % 3 != 2)
      throw RpcError("PollActivityTaskQueue", grpc::StatusCode::PERMISSION_DENIED, "no");
  });
  loop.Start();
  ASSERT_TRUE(Eventually([&] { return polls.load() > 12; }));
  loop.Stop();
  loop.Join();
  EXPECT_FALSE(fatal.load());
}

TEST(PollLoop, RefusesBadOptions) {
  auto poll = [](SlotSupplier::Permit, const CallOptions&) {};
  PollLoopOptions no_slots;
  EXPECT_THROW(PollLoop(no_slots, poll), temporal::InvalidArgumentError);
  auto zero_pollers = FastOptions(SlotSupplier::Create(1));
  zero_pollers.pollers = 0;
  EXPECT_THROW(PollLoop(zero_pollers, poll), temporal::InvalidArgumentError);
}

TEST(TimerQueue, RunsCallbacksInDueOrderAndSkipsCanceledOnes) {
  TimerQueue timers;
  std::mutex mutex;
  std::vector<int> order;
  std::promise<void> done;
  auto record = [&](int n) {
    std::lock_guard lock(mutex);
    order.push_back(n);
  };
  timers.ScheduleAfter(60ms, [&] {
    record(3);
    done.set_value();
  });
  timers.ScheduleAfter(20ms, [&] { record(1); });
  auto canceled = timers.ScheduleAfter(30ms, [&] { record(99); });
  timers.ScheduleAfter(40ms, [&] { record(2); });
  EXPECT_TRUE(timers.Cancel(canceled));
  EXPECT_FALSE(timers.Cancel(canceled));
  ASSERT_EQ(done.get_future().wait_for(10s), std::future_status::ready);
  std::lock_guard lock(mutex);
  EXPECT_THAT(order, ::testing::ElementsAre(1, 2, 3));
}

}  // namespace
