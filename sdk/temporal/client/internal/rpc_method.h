// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// RpcMethod: what the stub stack knows about one WorkflowService RPC: its
// name, whether it is a long poll, and how to call it on the generated stub
// with type-erased messages. One constant per entry of
// TEMPORAL_WORKFLOW_SERVICE_RPCS, so decorators are written once for all RPCs.
//
//   const RpcMethod& method = kStartWorkflowExecutionMethod;
//   grpc::Status status = method.invoke(*generated_stub, &context, request, &response);
#ifndef TEMPORAL_CLIENT_INTERNAL_RPC_METHOD_H_
#define TEMPORAL_CLIENT_INTERNAL_RPC_METHOD_H_

#include <google/protobuf/message.h>
#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <string_view>
#include <vector>

#include "temporal/api/workflowservice/v1/service.grpc.pb.h"
#include "temporal/client/workflow_service_rpcs.h"

namespace temporal::client_internal {

enum class RpcKind { kUnary, kLongPoll };

struct RpcMethod {
  std::string_view name;
  RpcKind kind;
  // Calls the RPC; `request` and `response` must be of its request and response types.
  grpc::Status (*invoke)(temporal::api::workflowservice::v1::WorkflowService::StubInterface& stub,
                         grpc::ClientContext* context, const google::protobuf::Message& request,
                         google::protobuf::Message* response);
};

#define TEMPORAL_DECLARE_RPC_METHOD(Name, kind) extern const RpcMethod k##Name##Method;
TEMPORAL_WORKFLOW_SERVICE_RPCS(TEMPORAL_DECLARE_RPC_METHOD)
#undef TEMPORAL_DECLARE_RPC_METHOD

// AllRpcMethods: every RpcMethod, in the order of TEMPORAL_WORKFLOW_SERVICE_RPCS.
const std::vector<const RpcMethod*>& AllRpcMethods();

}  // namespace temporal::client_internal

#endif  // TEMPORAL_CLIENT_INTERNAL_RPC_METHOD_H_
