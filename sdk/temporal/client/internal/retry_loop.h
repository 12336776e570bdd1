// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// The retry loop behind every Connection call, with its time and randomness
// injected (Clock, Sleeper, RandomSource) so that tests check the exact
// backoff sequence without sleeping.
//
//   FakeClock clock;  FakeSleeper sleeper(clock);  // tests' fakes
//   RetryEnvironment env{clock, sleeper, [] { return 0.5; }};
//   grpc::Status status = RetryLoop(RpcRetryOptions{}, env, [&] { return stub.Call(call); });
#ifndef TEMPORAL_CLIENT_INTERNAL_RETRY_LOOP_H_
#define TEMPORAL_CLIENT_INTERNAL_RETRY_LOOP_H_

#include <grpcpp/support/status.h>

#include <chrono>
#include <functional>
#include <memory>

#include "temporal/client/rpc_retry_options.h"
#include "temporal/common/duration.h"

namespace temporal::client_internal {

// Clock: where the loop reads the time (to honor max_elapsed_time).
class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::steady_clock::time_point Now() = 0;
};

// Sleeper: how the loop waits between attempts.
class Sleeper {
 public:
  virtual ~Sleeper() = default;
  virtual void Sleep(Duration duration) = 0;
};

// RandomSource: numbers uniformly distributed in [0, 1), for jitter.
using RandomSource = std::function<double()>;

// The real ones: std::chrono::steady_clock, std::this_thread::sleep_for, and
// a per-thread Mersenne twister seeded from std::random_device.
std::shared_ptr<Clock> SteadyClock();
std::shared_ptr<Sleeper> ThreadSleeper();
RandomSource ThreadLocalRandom();

// ExponentialBackoff: the waits of one call. Each is the current interval
// with jitter, after which the interval grows by `multiplier` up to `max_interval`.
class ExponentialBackoff {
 public:
  ExponentialBackoff(Duration initial_interval, double multiplier, Duration max_interval,
                     double randomization_factor);

  // Next returns the next wait: the current interval times a factor in
  // [1 - randomization_factor, 1 + randomization_factor), placed by `random`
  // (in [0, 1)) in that range; then grows the interval.
  Duration Next(double random);

 private:
  Duration current_;
  double multiplier_;
  Duration max_interval_;
  double randomization_factor_;
};

// RetryClass: what the loop does with a failed attempt.
enum class RetryClass {
  kFinal,      // return the failure to the caller
  kRetry,      // wait (normal backoff) and try again
  kThrottled,  // RESOURCE_EXHAUSTED: wait at least the slower backoff, try again
};

// ClassifyForRetry: the codes Temporal's Rust core SDK retries (UNAVAILABLE,
// RESOURCE_EXHAUSTED, ABORTED, INTERNAL, UNKNOWN, OUT_OF_RANGE, DATA_LOSS),
// except a message too large for gRPC; everything else is final.
RetryClass ClassifyForRetry(const grpc::Status& status);

// RetryEnvironment: the loop's time and randomness.
struct RetryEnvironment {
  Clock& clock;
  Sleeper& sleeper;
  const RandomSource& random;
};

// RetryLoop runs `attempt` until it succeeds, fails finally (see
// ClassifyForRetry), has run options.max_attempts times, or the next wait
// would end past options.max_elapsed_time (counted from the loop's start).
// Returns the last attempt's status.
grpc::Status RetryLoop(const RpcRetryOptions& options, const RetryEnvironment& environment,
                       const std::function<grpc::Status()>& attempt);

}  // namespace temporal::client_internal

#endif  // TEMPORAL_CLIENT_INTERNAL_RETRY_LOOP_H_
