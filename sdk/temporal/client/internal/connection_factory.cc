// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/client/internal/connection_factory.h"

#include "temporal/client/internal/channel.h"
#include "temporal/client/internal/grpc_stub.h"
#include "temporal/client/internal/intercepted_connection.h"
#include "temporal/client/internal/metadata_stub.h"
#include "temporal/client/internal/retry_stub.h"
#include "temporal/client/internal/stub_connection.h"

namespace temporal::client_internal {

namespace ws = temporal::api::workflowservice::v1;

std::shared_ptr<Connection> ConnectWith(ConnectionOptions options,
                                        ConnectionDependencies dependencies) {
  options.Validate();

  std::shared_ptr<Stub> stub = std::make_shared<GrpcStub>(
      ws::WorkflowService::NewStub(MakeChannel(options)), options.rpc_timeout);
  stub = std::make_shared<MetadataStub>(std::move(stub), options);
  stub = std::make_shared<RetryStub>(std::move(stub), options.retry, std::move(dependencies.clock),
                                     std::move(dependencies.sleeper),
                                     std::move(dependencies.random));
  auto stub_connection = std::make_shared<StubConnection>(options, std::move(stub));
  std::shared_ptr<Connection> connection = stub_connection;
  if (!options.interceptors.empty()) {
    connection = std::make_shared<InterceptedConnection>(std::move(connection), options.interceptors);
  }

  // One attempt, through the whole stack (interceptors may add credentials),
  // bounded by rpc_timeout: a wrong address or credential fails here, fast.
  // UNIMPLEMENTED fails too: every supported server (1.15+) has
  // GetSystemInfo, while any HTTP/2 server that is not Temporal answers 404,
  // which gRPC reports as UNIMPLEMENTED.
  CallOptions check;
  check.timeout = options.rpc_timeout;
  check.retry = RpcRetryOptions::NoRetries();
  try {
    stub_connection->set_system_info(connection->GetSystemInfo({}, check));
  } catch (const RpcError& error) {
    throw RpcError(error.rpc(), error.code(),
                   "cannot use the Temporal server at " + options.target + ": " + error.message(),
                   error.details());
  }
  return connection;
}

}  // namespace temporal::client_internal
