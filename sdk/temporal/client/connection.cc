// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/client/connection.h"

#include "temporal/client/internal/connection_factory.h"
#include "temporal/client/internal/intercepted_connection.h"

namespace temporal {

namespace ws = temporal::api::workflowservice::v1;

std::shared_ptr<Connection> Connection::Connect(ConnectionOptions options) {
  return client_internal::ConnectWith(std::move(options), {});
}

std::shared_ptr<Connection> Connection::WithInterceptors(
    std::shared_ptr<Connection> connection,
    std::vector<std::shared_ptr<ClientInterceptor>> interceptors) {
  for (const auto& interceptor : interceptors) {
    if (interceptor == nullptr) {
      throw InvalidArgumentError("Connection::WithInterceptors: an interceptor is null");
    }
  }
  if (connection == nullptr) {
    throw InvalidArgumentError("Connection::WithInterceptors: the connection is null");
  }
  return std::make_shared<client_internal::InterceptedConnection>(std::move(connection),
                                                                  std::move(interceptors));
}

#define TEMPORAL_CONNECTION_DEFAULT_RPC(Name, kind)                                          \
  ws::Name##Response Connection::Name(const ws::Name##Request&, const CallOptions&) {        \
    throw RpcError(#Name, grpc::StatusCode::UNIMPLEMENTED,                                   \
                   "this temporal::Connection does not implement " #Name);                  \
  }
TEMPORAL_WORKFLOW_SERVICE_RPCS(TEMPORAL_CONNECTION_DEFAULT_RPC)
#undef TEMPORAL_CONNECTION_DEFAULT_RPC

const ConnectionOptions& Connection::options() const {
  static const ConnectionOptions* const kDefaults = new ConnectionOptions();
  return *kDefaults;
}

const ws::GetSystemInfoResponse& Connection::system_info() const {
  static const ws::GetSystemInfoResponse* const kEmpty = new ws::GetSystemInfoResponse();
  return *kEmpty;
}

}  // namespace temporal
