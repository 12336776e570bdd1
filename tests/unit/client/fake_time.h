// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// FakeClock and FakeSleeper: time for the retry loop that only moves when the
// loop sleeps (or a test advances it), so backoff tests are exact and instant.
//
//   auto clock = std::make_shared<FakeClock>();
//   auto sleeper = std::make_shared<FakeSleeper>(clock);
//   ... run the loop ...
//   EXPECT_THAT(sleeper->sleeps(), ElementsAre(100ms, 170ms));
#ifndef TEMPORAL_TESTS_UNIT_CLIENT_FAKE_TIME_H_
#define TEMPORAL_TESTS_UNIT_CLIENT_FAKE_TIME_H_

#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

#include "temporal/client/internal/retry_loop.h"

namespace temporal::testing_client {

class FakeClock final : public client_internal::Clock {
 public:
  std::chrono::steady_clock::time_point Now() override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void Advance(Duration duration) {
    std::lock_guard lock(mutex_);
    now_ += std::chrono::duration_cast<std::chrono::steady_clock::duration>(duration);
  }

 private:
  std::mutex mutex_;
  std::chrono::steady_clock::time_point now_{};
};

class FakeSleeper final : public client_internal::Sleeper {
 public:
  explicit FakeSleeper(std::shared_ptr<FakeClock> clock) : clock_(std::move(clock)) {}

  void Sleep(Duration duration) override {
    {
      std::lock_guard lock(mutex_);
      sleeps_.push_back(duration);
    }
    clock_->Advance(duration);
  }
  std::vector<Duration> sleeps() const {
    std::lock_guard lock(mutex_);
    return sleeps_;
  }

 private:
  std::shared_ptr<FakeClock> clock_;
  mutable std::mutex mutex_;
  std::vector<Duration> sleeps_;
};

}  // namespace temporal::testing_client

#endif  // TEMPORAL_TESTS_UNIT_CLIENT_FAKE_TIME_H_
