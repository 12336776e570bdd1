// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/client/internal/retry_stub.h"

namespace temporal::client_internal {

bool IsRoutineLongPollEnd(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED ||
         status.error_code() == grpc::StatusCode::CANCELLED;
}

RetryStub::RetryStub(std::shared_ptr<Stub> inner, RpcRetryOptions retry,
                     std::shared_ptr<Clock> clock, std::shared_ptr<Sleeper> sleeper,
                     RandomSource random)
    : inner_(std::move(inner)),
      retry_(std::move(retry)),
      clock_(std::move(clock)),
      sleeper_(std::move(sleeper)),
      random_(std::move(random)) {}

grpc::Status RetryStub::Call(UnaryCall& call) {
  const RpcRetryOptions& retry = call.options.retry ? *call.options.retry : retry_;
  const RetryEnvironment environment{*clock_, *sleeper_, random_};
  return RetryLoop(retry, environment, [&] {
    grpc::Status status = inner_->Call(call);
    if (!status.ok() && call.long_poll() && IsRoutineLongPollEnd(status)) {
      call.response.Clear();
      return grpc::Status::OK;
    }
    return status;
  });
}

}  // namespace temporal::client_internal
