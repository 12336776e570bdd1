// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// RetryStub: the decorator that retries transient failures (RetryLoop, with
// the call's RpcRetryOptions or the connection's) and ends long polls
// routinely: DEADLINE_EXCEEDED or CANCELLED on a long poll becomes an OK
// status with an empty response, because a poll that found nothing is not an
// error.
//
//   auto retrying = std::make_shared<RetryStub>(with_headers, options.retry, SteadyClock(),
//                                               ThreadSleeper(), ThreadLocalRandom());
#ifndef TEMPORAL_CLIENT_INTERNAL_RETRY_STUB_H_
#define TEMPORAL_CLIENT_INTERNAL_RETRY_STUB_H_

#include <memory>

#include "temporal/client/internal/retry_loop.h"
#include "temporal/client/internal/stub.h"
#include "temporal/client/rpc_retry_options.h"

namespace temporal::client_internal {

class RetryStub final : public Stub {
 public:
  RetryStub(std::shared_ptr<Stub> inner, RpcRetryOptions retry, std::shared_ptr<Clock> clock,
            std::shared_ptr<Sleeper> sleeper, RandomSource random);

  grpc::Status Call(UnaryCall& call) override;

 private:
  std::shared_ptr<Stub> inner_;
  RpcRetryOptions retry_;
  std::shared_ptr<Clock> clock_;
  std::shared_ptr<Sleeper> sleeper_;
  RandomSource random_;
};

// IsRoutineLongPollEnd: how a long poll ends when there was nothing to hand out.
bool IsRoutineLongPollEnd(const grpc::Status& status);

}  // namespace temporal::client_internal

#endif  // TEMPORAL_CLIENT_INTERNAL_RETRY_STUB_H_
