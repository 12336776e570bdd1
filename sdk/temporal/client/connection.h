// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Connection: the SDK's line to a Temporal server, one method per
// WorkflowService RPC. Each method returns the response or throws RpcError
// (or a subclass, see rpc_error.h) after the connection's retries. It is the
// seam for tests: everything above it (Client, Worker) talks to the server
// only through a Connection, so a temporal::mocks::MockConnection
// (temporal/client/mocks/mock_connection.h) stands in for the server.
//
//   auto connection = temporal::Connection::Connect({.target = "localhost:7233"});
//   std::cout << connection->system_info().server_version() << "\n";
//
//   temporal::api::workflowservice::v1::DescribeNamespaceRequest request;
//   request.set_namespace_("default");
//   auto described = connection->DescribeNamespace(request);
//
// A connection is thread safe and meant to be shared (one per process and
// server is typical); it reconnects by itself after network failures.
#ifndef TEMPORAL_CLIENT_CONNECTION_H_
#define TEMPORAL_CLIENT_CONNECTION_H_

#include <memory>
#include <vector>

#include "temporal/api/workflowservice/v1/request_response.pb.h"
#include "temporal/client/call_options.h"
#include "temporal/client/client_interceptor.h"
#include "temporal/client/connection_options.h"
#include "temporal/client/rpc_error.h"
#include "temporal/client/workflow_service_rpcs.h"

namespace temporal {

// Connection: see the file comment. Every RPC method has a default body that
// throws RpcError UNIMPLEMENTED, so a subclass (a mock, a fake) overrides only
// what it needs, and a new RPC in a later SDK version breaks no subclass.
class Connection {
 public:
  // Connect opens a connection (TLS or plaintext, with the API key, headers,
  // keepalive, retries and interceptors of `options`) and checks the server
  // once with GetSystemInfo, waiting at most options.rpc_timeout, so that a
  // wrong address fails here, quickly, rather than at the first real call.
  // Throws InvalidArgumentError for bad options; RpcError when the server
  // cannot be reached or refuses the check (the message names the target).
  static std::shared_ptr<Connection> Connect(ConnectionOptions options);

  // WithInterceptors wraps `connection` so that every call goes through
  // `interceptors` (outermost first). Connect does this with
  // ConnectionOptions::interceptors; tests use it to run interceptors
  // against a mock.
  static std::shared_ptr<Connection> WithInterceptors(
      std::shared_ptr<Connection> connection,
      std::vector<std::shared_ptr<ClientInterceptor>> interceptors);

  virtual ~Connection() = default;

  // One method per RPC of TEMPORAL_WORKFLOW_SERVICE_RPCS, for example
  //   virtual temporal::api::workflowservice::v1::StartWorkflowExecutionResponse
  //   StartWorkflowExecution(const temporal::api::workflowservice::v1::StartWorkflowExecutionRequest& request,
  //                          const CallOptions& call_options = {});
#define TEMPORAL_CONNECTION_DECLARE_RPC(Name, kind)                        \
  virtual ::temporal::api::workflowservice::v1::Name##Response Name(      \
      const ::temporal::api::workflowservice::v1::Name##Request& request, \
      const CallOptions& call_options = {});
  TEMPORAL_WORKFLOW_SERVICE_RPCS(TEMPORAL_CONNECTION_DECLARE_RPC)
#undef TEMPORAL_CONNECTION_DECLARE_RPC

  // The options the connection was made with. Default: ConnectionOptions{}.
  virtual const ConnectionOptions& options() const;
  // What the server said about itself when the connection was made (version,
  // capabilities). Default: an empty response (no capabilities).
  virtual const ::temporal::api::workflowservice::v1::GetSystemInfoResponse& system_info() const;

  // The identity to report in requests (options().identity).
  const std::string& identity() const { return options().identity; }

 protected:
  Connection() = default;
  Connection(const Connection&) = default;
  Connection& operator=(const Connection&) = default;
};

}  // namespace temporal

#endif  // TEMPORAL_CLIENT_CONNECTION_H_
