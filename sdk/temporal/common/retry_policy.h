// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// RetryPolicy: how the server retries a workflow or an activity that fails.
// Unset fields take the server's defaults (1 s initial interval, coefficient
// 2.0, maximum interval 100 x initial, unlimited attempts).
//
//   using namespace std::chrono_literals;
//   temporal::RetryPolicy retry{.initial_interval = 1s,
//                               .maximum_attempts = 5,
//                               .non_retryable_error_types = {"PaymentDeclined"}};
#ifndef TEMPORAL_COMMON_RETRY_POLICY_H_
#define TEMPORAL_COMMON_RETRY_POLICY_H_

#include <optional>
#include <string>
#include <vector>

#include "temporal/api/common/v1/message.pb.h"
#include "temporal/common/duration.h"

namespace temporal {

// RetryPolicy: see the file comment.
struct RetryPolicy {
  std::optional<Duration> initial_interval;
  // Each retry waits this many times longer than the one before (>= 1).
  std::optional<double> backoff_coefficient;
  std::optional<Duration> maximum_interval;
  // 0 means unlimited; 1 means no retries.
  int maximum_attempts = 0;
  // ApplicationError types that are never retried.
  std::vector<std::string> non_retryable_error_types;

  // Validate throws InvalidArgumentError naming the field that is wrong.
  void Validate() const;

  temporal::api::common::v1::RetryPolicy ToProto() const;
  static RetryPolicy FromProto(const temporal::api::common::v1::RetryPolicy& proto);
};

}  // namespace temporal

#endif  // TEMPORAL_COMMON_RETRY_POLICY_H_
