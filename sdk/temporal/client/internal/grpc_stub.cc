// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/client/internal/grpc_stub.h"

#include <chrono>

namespace temporal::client_internal {
namespace {

// Beyond this a timeout means "no deadline"; adding it to now() could overflow.
constexpr Duration kLongestDeadline = std::chrono::hours(24 * 365);

}  // namespace

GrpcStub::GrpcStub(
    std::shared_ptr<temporal::api::workflowservice::v1::WorkflowService::StubInterface> stub,
    Duration rpc_timeout)
    : stub_(std::move(stub)), rpc_timeout_(rpc_timeout) {}

grpc::Status GrpcStub::Call(UnaryCall& call) {
  grpc::ClientContext context;
  const Duration timeout =
      call.options.timeout.value_or(call.long_poll() ? kLongPollTimeout : rpc_timeout_);
  if (timeout < kLongestDeadline) {
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::duration_cast<std::chrono::system_clock::duration>(timeout));
  }
  for (const auto& [key, value] : call.headers) context.AddMetadata(key, value);
  call.response.Clear();
  // Keep the registration until the call returns: Cancel() may then no longer
  // touch `context`. TryCancel before the call starts cancels it as it starts.
  CallCancellation::Registration cancel_registration;
  if (call.options.cancellation) {
    if (call.options.cancellation->canceled()) {
      return grpc::Status(grpc::StatusCode::CANCELLED, "the call was canceled before it started");
    }
    cancel_registration = call.options.cancellation->OnCancel([&context] { context.TryCancel(); });
  }
  return call.method.invoke(*stub_, &context, call.request, &call.response);
}

}  // namespace temporal::client_internal
