// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/client/internal/retry_loop.h"

#include <algorithm>
#include <random>
#include <thread>

#include "temporal/client/rpc_error.h"

namespace temporal::client_internal {
namespace {

class SteadyClockImpl final : public Clock {
 public:
  std::chrono::steady_clock::time_point Now() override { return std::chrono::steady_clock::now(); }
};

class ThreadSleeperImpl final : public Sleeper {
 public:
  void Sleep(Duration duration) override { std::this_thread::sleep_for(duration); }
};

}  // namespace

std::shared_ptr<Clock> SteadyClock() {
  static const auto clock = std::make_shared<SteadyClockImpl>();
  return clock;
}

std::shared_ptr<Sleeper> ThreadSleeper() {
  static const auto sleeper = std::make_shared<ThreadSleeperImpl>();
  return sleeper;
}

RandomSource ThreadLocalRandom() {
  return [] {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
  };
}

ExponentialBackoff::ExponentialBackoff(Duration initial_interval, double multiplier,
                                       Duration max_interval, double randomization_factor)
    : current_(std::min(initial_interval, max_interval)),
      multiplier_(multiplier),
      max_interval_(max_interval),
      randomization_factor_(randomization_factor) {}

Duration ExponentialBackoff::Next(double random) {
  const double current = static_cast<double>(current_.count());
  const double delta = randomization_factor_ * current;
  const double jittered = current - delta + random * 2.0 * delta;
  const Duration wait(static_cast<Duration::rep>(jittered));

  // Grow in floating point, compared before converting back, so that a
  // large max_interval cannot overflow the integer count.
  const double grown = current * multiplier_;
  current_ = grown >= static_cast<double>(max_interval_.count())
                 ? max_interval_
                 : Duration(static_cast<Duration::rep>(grown));
  return wait;
}

RetryClass ClassifyForRetry(const grpc::Status& status) {
  switch (status.error_code()) {
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return IsMessageTooLarge(status.error_code(), status.error_message()) ? RetryClass::kFinal
                                                                             : RetryClass::kThrottled;
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::OUT_OF_RANGE:
    case grpc::StatusCode::DATA_LOSS:
      return RetryClass::kRetry;
    default:
      return RetryClass::kFinal;
  }
}

grpc::Status RetryLoop(const RpcRetryOptions& options, const RetryEnvironment& environment,
                       const std::function<grpc::Status()>& attempt) {
  const auto start = environment.clock.Now();
  ExponentialBackoff backoff(options.initial_interval, options.multiplier, options.max_interval,
                             options.randomization_factor);
  ExponentialBackoff throttled_backoff(
      options.resource_exhausted.initial_interval, options.resource_exhausted.multiplier,
      options.resource_exhausted.max_interval, options.randomization_factor);

  for (int attempts = 1;; ++attempts) {
    grpc::Status status = attempt();
    if (status.ok()) return status;
    const RetryClass retry_class = ClassifyForRetry(status);
    if (retry_class == RetryClass::kFinal) return status;
    if (options.max_attempts > 0 && attempts >= options.max_attempts) return status;

    Duration wait = backoff.Next(environment.random());
    if (retry_class == RetryClass::kThrottled) {
      wait = std::max(wait, throttled_backoff.Next(environment.random()));
    }
    if (options.max_elapsed_time &&
        (environment.clock.Now() - start) + wait > *options.max_elapsed_time) {
      return status;
    }
    environment.sleeper.Sleep(wait);
  }
}

}  // namespace temporal::client_internal
