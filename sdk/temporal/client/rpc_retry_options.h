// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// RpcRetryOptions: how the connection retries a gRPC call that failed with a
// transient error, before anything is thrown to the caller. (Not to be
// confused with the retry policy of activities and workflows, which the
// server applies.) The defaults are those of Temporal's Rust core SDK; see
// docs/adr/0005-connection-retry-and-interceptors.md.
//
//   using namespace std::chrono_literals;
//   temporal::ConnectionOptions options;
//   options.retry.max_elapsed_time = 30s;                             // be more patient
//   temporal::CallOptions once{.retry = temporal::RpcRetryOptions::NoRetries()};  // one call
//
// Which failures are retried: UNAVAILABLE, RESOURCE_EXHAUSTED (with the
// slower `resource_exhausted` backoff), ABORTED, INTERNAL, UNKNOWN,
// OUT_OF_RANGE and DATA_LOSS; never a message that is too large for gRPC, and
// never any other code (INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, ...).
// Retrying a non-idempotent RPC is safe because Temporal deduplicates by the
// request's request_id, which a retry sends again unchanged.
#ifndef TEMPORAL_CLIENT_RPC_RETRY_OPTIONS_H_
#define TEMPORAL_CLIENT_RPC_RETRY_OPTIONS_H_

#include <chrono>
#include <optional>

#include "temporal/common/duration.h"

namespace temporal {

// RpcRetryOptions: exponential backoff with jitter, bounded by attempts and time.
// The n-th wait (n = 0, 1, ...) is min(initial_interval * multiplier^n,
// max_interval), then multiplied by a random factor in
// [1 - randomization_factor, 1 + randomization_factor].
struct RpcRetryOptions {
  // ResourceExhaustedBackoff: the slower backoff used when the server says it
  // is overloaded (RESOURCE_EXHAUSTED); each wait is the larger of the normal
  // backoff and this one, so that throttled clients do not pile on.
  struct ResourceExhaustedBackoff {
    Duration initial_interval = std::chrono::seconds(1);
    double multiplier = 2.0;
    Duration max_interval = std::chrono::seconds(10);
  };

  Duration initial_interval = std::chrono::milliseconds(100);
  double multiplier = 1.7;
  // Jitter: 0.2 means each wait is 80% to 120% of the computed interval.
  double randomization_factor = 0.2;
  Duration max_interval = std::chrono::seconds(5);
  // No wait starts that would end later than this after the first attempt
  // began. nullopt: no time limit.
  std::optional<Duration> max_elapsed_time = std::chrono::seconds(10);
  // Attempts in all, the first included. 1: never retry; 0: no limit.
  int max_attempts = 10;
  ResourceExhaustedBackoff resource_exhausted;

  // NoRetries: a single attempt.
  static RpcRetryOptions NoRetries() {
    RpcRetryOptions options;
    options.max_attempts = 1;
    return options;
  }
};

}  // namespace temporal

#endif  // TEMPORAL_CLIENT_RPC_RETRY_OPTIONS_H_
