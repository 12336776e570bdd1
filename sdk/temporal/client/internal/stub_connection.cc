// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/client/internal/stub_connection.h"

#include "temporal/client/internal/options_validation.h"

namespace temporal::client_internal {

namespace ws = temporal::api::workflowservice::v1;

StubConnection::StubConnection(ConnectionOptions options, std::shared_ptr<Stub> stub)
    : options_(std::move(options)), stub_(std::move(stub)) {}

void StubConnection::Invoke(const RpcMethod& method, const google::protobuf::Message& request,
                            google::protobuf::Message& response,
                            const CallOptions& call_options) {
  // gRPC aborts the process on a malformed header, so check before sending.
  ValidateCallOptions(method.name, call_options);
  UnaryCall call{method, request, response, call_options};
  grpc::Status status = stub_->Call(call);
  if (!status.ok()) ThrowRpcError(std::string(method.name), status);
}

#define TEMPORAL_STUB_CONNECTION_DEFINE_RPC(Name, kind)                                \
  ws::Name##Response StubConnection::Name(const ws::Name##Request& request,           \
                                          const CallOptions& call_options) {          \
    ws::Name##Response response;                                                       \
    Invoke(k##Name##Method, request, response, call_options);                          \
    return response;                                                                   \
  }
TEMPORAL_WORKFLOW_SERVICE_RPCS(TEMPORAL_STUB_CONNECTION_DEFINE_RPC)
#undef TEMPORAL_STUB_CONNECTION_DEFINE_RPC

}  // namespace temporal::client_internal
