// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/common/retry_policy.h"

#include <string>

#include "temporal/common/error.h"

namespace temporal {

void RetryPolicy::Validate() const {
  if (initial_interval && *initial_interval <= Duration::zero()) {
    throw InvalidArgumentError("RetryPolicy.initial_interval must be positive");
  }
  if (backoff_coefficient && *backoff_coefficient < 1.0) {
    throw InvalidArgumentError("RetryPolicy.backoff_coefficient must be at least 1.0, not " +
                                std::to_string(*backoff_coefficient));
  }
  if (maximum_interval && *maximum_interval <= Duration::zero()) {
    throw InvalidArgumentError("RetryPolicy.maximum_interval must be positive");
  }
  if (maximum_interval && initial_interval && *maximum_interval < *initial_interval) {
    throw InvalidArgumentError(
        "RetryPolicy.maximum_interval must not be shorter than initial_interval");
  }
  if (maximum_attempts < 0) {
    throw InvalidArgumentError("RetryPolicy.maximum_attempts must not be negative");
  }
}

temporal::api::common::v1::RetryPolicy RetryPolicy::ToProto() const {
  temporal::api::common::v1::RetryPolicy proto;
  if (initial_interval) *proto.mutable_initial_interval() = temporal::ToProto(*initial_interval);
  if (backoff_coefficient) proto.set_backoff_coefficient(*backoff_coefficient);
  if (maximum_interval) *proto.mutable_maximum_interval() = temporal::ToProto(*maximum_interval);
  proto.set_maximum_attempts(maximum_attempts);
  for (const auto& type : non_retryable_error_types) proto.add_non_retryable_error_types(type);
  return proto;
}

RetryPolicy RetryPolicy::FromProto(const temporal::api::common::v1::RetryPolicy& proto) {
  RetryPolicy policy;
  if (proto.has_initial_interval()) policy.initial_interval = temporal::FromProto(proto.initial_interval());
  if (proto.backoff_coefficient() != 0) policy.backoff_coefficient = proto.backoff_coefficient();
  if (proto.has_maximum_interval()) policy.maximum_interval = temporal::FromProto(proto.maximum_interval());
  policy.maximum_attempts = proto.maximum_attempts();
  policy.non_retryable_error_types.assign(proto.non_retryable_error_types().begin(),
                                          proto.non_retryable_error_types().end());
  return policy;
}

}  // namespace temporal
