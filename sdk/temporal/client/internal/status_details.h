// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// The `grpc-status-details-bin` trailer: a serialized google.rpc.Status
// { int32 code = 1; string message = 2; repeated google.protobuf.Any details = 3; }.
// Debian ships no generated google/rpc/status.pb.h, and the Temporal API has a
// message with exactly that wire layout
// (errordetails.v1.MultiOperationExecutionFailure.OperationStatus), so these
// functions use it instead of compiling another proto.
//
//   std::vector<google::protobuf::Any> details = DecodeStatusDetails(status.error_details());
//   grpc::Status back(code, message, EncodeStatusDetails(code, message, details));
#ifndef TEMPORAL_CLIENT_INTERNAL_STATUS_DETAILS_H_
#define TEMPORAL_CLIENT_INTERNAL_STATUS_DETAILS_H_

#include <google/protobuf/any.pb.h>
#include <grpcpp/support/status.h>

#include <string>
#include <string_view>
#include <vector>

namespace temporal::client_internal {

// DecodeStatusDetails returns the details of a serialized google.rpc.Status;
// empty when `bytes` is empty or not a google.rpc.Status (a malformed trailer
// must not hide the status code and message, which gRPC delivers apart).
std::vector<google::protobuf::Any> DecodeStatusDetails(std::string_view bytes);

// EncodeStatusDetails serializes a google.rpc.Status, for servers (test
// servers, the in-process test service) and for RpcError::ToStatus.
std::string EncodeStatusDetails(grpc::StatusCode code, std::string_view message,
                                const std::vector<google::protobuf::Any>& details);

}  // namespace temporal::client_internal

#endif  // TEMPORAL_CLIENT_INTERNAL_STATUS_DETAILS_H_
