// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// The workers' thread pool: every job runs; threads are made only when none
// is idle and never beyond the limit; a job is freed as soon as it has run;
// Stop runs what is queued and joins; Submit after Stop is refused.
#include "temporal/worker/internal/executor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "temporal/common/error.h"

namespace temporal::worker_internal {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
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

// Gate: jobs wait on it until the test opens it. Declared before the
// Executor, with an OpenOnExit after it, so that a failed assertion opens it
// before the Executor's destructor waits for the jobs (instead of hanging).
class Gate {
 public:
  void Wait() { opened_.wait(); }
  void Open() { std::call_once(once_, [this] { promise_.set_value(); }); }

  struct OpenOnExit {
    Gate& gate;
    ~OpenOnExit() { gate.Open(); }
  };

 private:
  std::once_flag once_;
  std::promise<void> promise_;
  std::shared_future<void> opened_ = promise_.get_future().share();
};

TEST(Executor, RunsEveryJob) {
  std::atomic<int> ran = 0;
  Executor executor("test", 4);
  for (int i = 0; i < 100; ++i) executor.Submit([&] { ++ran; });
  executor.Stop();
  EXPECT_EQ(ran, 100);
}

TEST(Executor, NeverMakesMoreThreadsThanTheLimit) {
  Gate gate;
  std::mutex mutex;
  std::set<std::thread::id> thread_ids;
  std::atomic<int> running = 0;
  std::atomic<int> most_running = 0;
  std::atomic<int> ran = 0;
  Executor executor("test", 3);
  Gate::OpenOnExit open_on_exit{gate};
  for (int i = 0; i < 10; ++i) {
    executor.Submit([&] {
      {
        std::lock_guard lock(mutex);
        thread_ids.insert(std::this_thread::get_id());
      }
      const int now = ++running;
      int seen = most_running;
      while (now > seen && !most_running.compare_exchange_weak(seen, now)) {
      }
      gate.Wait();
      --running;
      ++ran;
    });
  }
  ASSERT_TRUE(Eventually([&] { return running == 3; }));
  std::this_thread::sleep_for(50ms);  // a fourth thread would show up here
  EXPECT_EQ(running, 3);
  EXPECT_EQ(executor.threads(), 3);
  gate.Open();
  executor.Stop();
  EXPECT_EQ(ran, 10);
  EXPECT_EQ(most_running, 3);
  EXPECT_EQ(thread_ids.size(), 3u);
}

TEST(Executor, ReusesAnIdleThreadInsteadOfMakingOne) {
  std::atomic<int> ran = 0;
  Executor executor("test", 5);
  for (int i = 1; i <= 5; ++i) {
    executor.Submit([&] { ++ran; });
    ASSERT_TRUE(Eventually([&] { return ran == i && executor.idle_threads() == 1; })) << "job " << i;
  }
  EXPECT_EQ(executor.threads(), 1);
}

TEST(Executor, MakesAThreadWhenEveryThreadIsBusy) {
  Gate gate;
  std::atomic<bool> first_started = false;
  std::atomic<bool> second_ran = false;
  Executor executor("test", 5);
  Gate::OpenOnExit open_on_exit{gate};
  executor.Submit([&] {
    first_started = true;
    gate.Wait();
  });
  ASSERT_TRUE(Eventually([&] { return first_started.load(); }));
  executor.Submit([&] { second_ran = true; });
  // The first job still holds its thread: the second needs one of its own.
  EXPECT_TRUE(Eventually([&] { return second_ran.load(); }));
  EXPECT_EQ(executor.threads(), 2);
  gate.Open();
  executor.Stop();
}

TEST(Executor, FreesAJobAsSoonAsItHasRun) {
  // What a job owns (a task slot's permit in the workers) must not wait for
  // the thread's next job, nor for Stop.
  std::atomic<bool> ran = false;
  Executor executor("test", 1);
  auto owned = std::make_shared<int>(7);
  std::weak_ptr<int> watch = owned;
  executor.Submit([owned = std::move(owned), &ran] { ran = *owned == 7; });
  EXPECT_TRUE(Eventually([&] { return watch.expired(); }));
  EXPECT_TRUE(ran);
  EXPECT_EQ(executor.threads(), 1);  // the thread lives on, idle
}

TEST(Executor, StopRunsTheQueuedJobsThenJoins) {
  Gate gate;
  std::atomic<int> ran = 0;
  Executor executor("test", 1);
  Gate::OpenOnExit open_on_exit{gate};
  executor.Submit([&] {
    gate.Wait();
    ++ran;
  });
  for (int i = 0; i < 5; ++i) {
    executor.Submit([&] {
      std::this_thread::sleep_for(2ms);
      ++ran;
    });
  }
  auto stopped = std::async(std::launch::async, [&] { executor.Stop(); });
  EXPECT_EQ(stopped.wait_for(50ms), std::future_status::timeout) << "Stop returned while a job was running";
  gate.Open();
  stopped.get();
  EXPECT_EQ(ran, 6);  // none dropped, and all done by the time Stop returned
  EXPECT_EQ(executor.threads(), 0);
  executor.Stop();  // idempotent
}

TEST(Executor, RefusesSubmitAfterStop) {
  std::atomic<bool> ran = false;
  Executor executor("activity tasks", 2);
  executor.Submit([] {});
  executor.Stop();
  try {
    executor.Submit([&] { ran = true; });
    FAIL() << "Submit after Stop was accepted";
  } catch (const std::logic_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("executor \"activity tasks\": Submit after Stop"));
  }
  std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(ran);
  EXPECT_EQ(executor.threads(), 0);
}

TEST(Executor, RefusesBadArguments) {
  try {
    Executor executor("test", 0);
    FAIL() << "max_threads 0 was accepted";
  } catch (const InvalidArgumentError& e) {
    EXPECT_THAT(e.what(), HasSubstr("max_threads must be at least 1, not 0"));
  }
  Executor executor("test", 1);
  EXPECT_THROW(executor.Submit(std::function<void()>()), InvalidArgumentError);
}

}  // namespace
}  // namespace temporal::worker_internal
