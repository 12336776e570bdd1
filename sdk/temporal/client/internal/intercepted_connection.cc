// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/client/internal/intercepted_connection.h"

#include <string>

#include "temporal/client/rpc_error.h"

namespace temporal {

const google::protobuf::Message& ClientCallNext::operator()() const {
  return chain_->Next(index_);
}

namespace client_internal {

namespace ws = temporal::api::workflowservice::v1;

const google::protobuf::Message& InterceptorChain::Next(std::size_t index) {
  if (index == interceptors_.size()) {
    ++terminal_runs_;
    terminal_(call_.options());
    return response_;
  }
  const std::size_t runs_before = terminal_runs_;
  interceptors_[index]->Intercept(call_, ClientCallNext(this, index + 1));
  if (terminal_runs_ == runs_before) {
    // Returning an empty response the server never sent would hide the bug.
    throw RpcError(std::string(call_.rpc()), grpc::StatusCode::INTERNAL,
                   "client interceptor #" + std::to_string(index) +
                       " returned without calling next() or throwing");
  }
  return response_;
}

InterceptedConnection::InterceptedConnection(
    std::shared_ptr<Connection> inner, std::vector<std::shared_ptr<ClientInterceptor>> interceptors)
    : inner_(std::move(inner)), interceptors_(std::move(interceptors)) {}

#define TEMPORAL_INTERCEPTED_CONNECTION_DEFINE_RPC(Name, kind)                           \
  ws::Name##Response InterceptedConnection::Name(const ws::Name##Request& request,      \
                                                 const CallOptions& call_options) {     \
    ws::Name##Response response;                                                         \
    InterceptorChain chain(interceptors_, #Name, request, call_options, response,        \
                           [&](const CallOptions& options) {                             \
                             response = inner_->Name(request, options);                  \
                           });                                                           \
    chain.Run();                                                                         \
    return response;                                                                     \
  }
TEMPORAL_WORKFLOW_SERVICE_RPCS(TEMPORAL_INTERCEPTED_CONNECTION_DEFINE_RPC)
#undef TEMPORAL_INTERCEPTED_CONNECTION_DEFINE_RPC

}  // namespace client_internal
}  // namespace temporal
