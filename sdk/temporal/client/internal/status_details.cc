// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/client/internal/status_details.h"

#include "temporal/api/errordetails/v1/message.pb.h"

namespace temporal::client_internal {
namespace {

// Wire-identical to google.rpc.Status (see the header).
using RpcStatusLayout = temporal::api::errordetails::v1::MultiOperationExecutionFailure::OperationStatus;

}  // namespace

std::vector<google::protobuf::Any> DecodeStatusDetails(std::string_view bytes) {
  if (bytes.empty()) return {};
  RpcStatusLayout status;
  if (!status.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return {};
  return {status.details().begin(), status.details().end()};
}

std::string EncodeStatusDetails(grpc::StatusCode code, std::string_view message,
                                const std::vector<google::protobuf::Any>& details) {
  RpcStatusLayout status;
  status.set_code(static_cast<int32_t>(code));
  status.set_message(std::string(message));
  for (const auto& detail : details) *status.add_details() = detail;
  return status.SerializeAsString();
}

}  // namespace temporal::client_internal
