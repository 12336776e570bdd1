// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/client/rpc_error.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

#include "temporal/client/internal/status_details.h"

namespace temporal {
namespace {

namespace errordetails = temporal::api::errordetails::v1;

template <typename T>
std::optional<T> FindDetail(const std::vector<google::protobuf::Any>& details) {
  for (const auto& any : details) {
    T detail;
    if (any.Is<T>() && any.UnpackTo(&detail)) return detail;
  }
  return std::nullopt;
}

std::string Describe(const std::string& rpc, grpc::StatusCode code, const std::string& message) {
  std::string text = rpc.empty() ? "RPC" : rpc;
  text += " failed: ";
  text += StatusCodeName(code);
  if (!message.empty()) {
    text += ": ";
    text += message;
  }
  return text;
}

// The RPCs that address one workflow execution: NOT_FOUND from them means
// that execution does not exist (an unknown namespace has its own detail).
bool AddressesOneWorkflowExecution(std::string_view rpc) {
  static constexpr std::array<std::string_view, 10> kRpcs = {
      "SignalWorkflowExecution",        "QueryWorkflow",
      "UpdateWorkflowExecution",        "PollWorkflowExecutionUpdate",
      "RequestCancelWorkflowExecution", "TerminateWorkflowExecution",
      "DescribeWorkflowExecution",      "GetWorkflowExecutionHistory",
      "GetWorkflowExecutionHistoryReverse", "ResetStickyTaskQueue",
  };
  return std::find(kRpcs.begin(), kRpcs.end(), rpc) != kRpcs.end();
}

}  // namespace

std::string_view StatusCodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return "OK";
    case grpc::StatusCode::CANCELLED: return "CANCELLED";
    case grpc::StatusCode::UNKNOWN: return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND: return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS: return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED: return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED: return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE: return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED: return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL: return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE: return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS: return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED: return "UNAUTHENTICATED";
    default: return "UNKNOWN_CODE";
  }
}

bool IsMessageTooLarge(grpc::StatusCode code, std::string_view message) {
  if (code != grpc::StatusCode::RESOURCE_EXHAUSTED) return false;
  // gRPC C++ says "Received message larger than max (5 vs. 4)" / "Sent message
  // larger than max ..."; grpc-go (the server) says "grpc: received message
  // larger than max ..." or "... after decompression larger than max ...".
  std::string lower(message);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find("message larger than max") != std::string::npos ||
         lower.find("after decompression larger than max") != std::string::npos;
}

RpcError::RpcError(std::string rpc, grpc::StatusCode code, std::string message,
                   std::vector<google::protobuf::Any> details)
    : Error(Describe(rpc, code, message)),
      rpc_(std::move(rpc)),
      code_(code),
      message_(std::move(message)),
      details_(std::move(details)) {}

grpc::Status RpcError::ToStatus() const {
  if (details_.empty()) return grpc::Status(code_, message_);
  return grpc::Status(code_, message_,
                      client_internal::EncodeStatusDetails(code_, message_, details_));
}

NamespaceNotFoundError::NamespaceNotFoundError(std::string rpc, grpc::StatusCode code,
                                               std::string message,
                                               std::vector<google::protobuf::Any> details)
    : NotFoundError(std::move(rpc), code, std::move(message), std::move(details)) {
  if (auto detail = Detail<errordetails::NamespaceNotFoundFailure>()) {
    namespace_name_ = detail->namespace_();
  }
}

WorkflowAlreadyStartedError::WorkflowAlreadyStartedError(std::string rpc, grpc::StatusCode code,
                                                         std::string message,
                                                         std::vector<google::protobuf::Any> details)
    : RpcError(std::move(rpc), code, std::move(message), std::move(details)) {
  if (auto detail = Detail<errordetails::WorkflowExecutionAlreadyStartedFailure>()) {
    start_request_id_ = detail->start_request_id();
    run_id_ = detail->run_id();
  }
}

QueryFailedError::QueryFailedError(std::string rpc, grpc::StatusCode code, std::string message,
                                   std::vector<google::protobuf::Any> details)
    : RpcError(std::move(rpc), code, std::move(message), std::move(details)) {
  if (auto detail = Detail<errordetails::QueryFailedFailure>()) failure_ = detail->failure();
}

std::unique_ptr<RpcError> RpcErrorFromStatus(std::string rpc, const grpc::Status& status) {
  const grpc::StatusCode code = status.error_code();
  std::vector<google::protobuf::Any> details =
      client_internal::DecodeStatusDetails(status.error_details());
  // Details name the failure more precisely than the code, so they decide first.
  if (FindDetail<errordetails::WorkflowExecutionAlreadyStartedFailure>(details)) {
    return std::make_unique<WorkflowAlreadyStartedError>(std::move(rpc), code,
                                                         status.error_message(), std::move(details));
  }
  if (FindDetail<errordetails::NamespaceNotFoundFailure>(details)) {
    return std::make_unique<NamespaceNotFoundError>(std::move(rpc), code, status.error_message(),
                                                    std::move(details));
  }
  if (FindDetail<errordetails::QueryFailedFailure>(details)) {
    return std::make_unique<QueryFailedError>(std::move(rpc), code, status.error_message(),
                                              std::move(details));
  }
  if (code == grpc::StatusCode::NOT_FOUND) {
    if (AddressesOneWorkflowExecution(rpc)) {
      return std::make_unique<WorkflowNotFoundError>(std::move(rpc), code, status.error_message(),
                                                     std::move(details));
    }
    return std::make_unique<NotFoundError>(std::move(rpc), code, status.error_message(),
                                           std::move(details));
  }
  return std::make_unique<RpcError>(std::move(rpc), code, status.error_message(),
                                    std::move(details));
}

void ThrowRpcError(std::string rpc, const grpc::Status& status) {
  RpcErrorFromStatus(std::move(rpc), status)->Rethrow();
  std::abort();  // Unreachable; g++ does not carry [[noreturn]] through a virtual call.
}

}  // namespace temporal
