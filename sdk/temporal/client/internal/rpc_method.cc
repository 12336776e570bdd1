// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/client/internal/rpc_method.h"

namespace temporal::client_internal {

namespace ws = temporal::api::workflowservice::v1;

#define TEMPORAL_DEFINE_RPC_METHOD(Name, kind)                                               \
  const RpcMethod k##Name##Method{                                                           \
      #Name, RpcKind::kind,                                                                  \
      [](ws::WorkflowService::StubInterface& stub, grpc::ClientContext* context,             \
         const google::protobuf::Message& request, google::protobuf::Message* response) {    \
        return stub.Name(context, static_cast<const ws::Name##Request&>(request),            \
                         static_cast<ws::Name##Response*>(response));                        \
      }};
TEMPORAL_WORKFLOW_SERVICE_RPCS(TEMPORAL_DEFINE_RPC_METHOD)
#undef TEMPORAL_DEFINE_RPC_METHOD

const std::vector<const RpcMethod*>& AllRpcMethods() {
#define TEMPORAL_LIST_RPC_METHOD(Name, kind) &k##Name##Method,
  static const std::vector<const RpcMethod*> methods = {
      TEMPORAL_WORKFLOW_SERVICE_RPCS(TEMPORAL_LIST_RPC_METHOD)};
#undef TEMPORAL_LIST_RPC_METHOD
  return methods;
}

}  // namespace temporal::client_internal
