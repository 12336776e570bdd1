// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ConnectionOptions: where the Temporal server is and how to talk to it (TLS,
// API key, headers, keepalive, timeouts, retries, interceptors). Every field
// has a default that suits a local dev server.
//
//   // Local dev server:
//   auto local = temporal::Connection::Connect({});                  // localhost:7233
//
//   // Temporal Cloud with an API key:
//   temporal::ConnectionOptions cloud;
//   cloud.target = "my-ns.a1b2c.tmprl.cloud:7233";
//   cloud.tls = temporal::TlsOptions{};                              // system CA roots
//   cloud.api_key = ReadSecret("temporal-api-key");
//
//   // A self-hosted cluster with mutual TLS:
//   temporal::ConnectionOptions mtls;
//   mtls.target = "temporal.internal:7233";
//   mtls.tls = temporal::TlsOptions{.server_ca_pem = ReadFile("ca.pem"),
//                                   .client_cert_pem = ReadFile("client.pem"),
//                                   .client_private_key_pem = ReadFile("client.key")};
//
// Connection::Connect validates the options first and throws
// temporal::InvalidArgumentError (temporal/common/error.h) naming the field
// and the problem, for example
//   ConnectionOptions.tls: client_cert_pem is set but client_private_key_pem is empty
#ifndef TEMPORAL_CLIENT_CONNECTION_OPTIONS_H_
#define TEMPORAL_CLIENT_CONNECTION_OPTIONS_H_

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "temporal/client/call_options.h"
#include "temporal/client/client_interceptor.h"
#include "temporal/client/rpc_retry_options.h"
#include "temporal/common/duration.h"
#include "temporal/common/error.h"

namespace temporal {

// TlsOptions: TLS for the connection; set ConnectionOptions::tls to enable it.
// All fields hold PEM text (not file names).
struct TlsOptions {
  // The CA certificates that the server's certificate must chain to. Empty:
  // the system's trusted roots (enough for Temporal Cloud).
  std::string server_ca_pem;
  // Check the server's certificate against this name (and send it as SNI)
  // instead of the target's host name; for servers reached by IP or alias.
  std::string server_name_override;
  // Mutual TLS: the client's certificate chain and its private key. Both or neither.
  std::string client_cert_pem;
  std::string client_private_key_pem;
};

// KeepaliveOptions: HTTP/2 pings that detect a dead connection (a silently
// dropped NAT mapping, a crashed load balancer) before a call hangs on it.
struct KeepaliveOptions {
  // Ping after this long without activity on the connection.
  Duration time = std::chrono::seconds(30);
  // Close the connection when a ping is not answered within this long.
  Duration timeout = std::chrono::seconds(15);
  // Keep pinging while no call is in flight (a worker between polls).
  bool permit_without_calls = true;
};

// DefaultIdentity: "<pid>@<hostname>", the identity the server records for
// this process (in workflow histories, task queue pollers).
std::string DefaultIdentity();

// kMaxReceiveMessageBytes: the largest response the connection accepts
// (gRPC's default is 4 MiB; workflow histories and query results exceed it).
inline constexpr int kMaxReceiveMessageBytes = 128 * 1024 * 1024;

// ConnectionOptions: see the file comment.
struct ConnectionOptions {
  // gRPC target: "host:port", "dns:///host:port", "ipv4:127.0.0.1:7233", ...
  std::string target = "localhost:7233";
  // TLS when set; plaintext otherwise.
  std::optional<TlsOptions> tls;
  // Sent with every call as `authorization: Bearer <api_key>` when not empty.
  // The connection does not turn TLS on by itself: set `tls` too for
  // Temporal Cloud (plaintext is allowed for local proxies). To rotate keys,
  // add the header per call from a ClientInterceptor instead.
  std::string api_key;
  // Headers sent with every call. A key here replaces the header the SDK
  // would send under that key (client-name, client-version,
  // temporal-namespace); "authorization" here conflicts with api_key.
  Metadata metadata;
  // HTTP/2 keepalive; nullopt disables it.
  std::optional<KeepaliveOptions> keepalive = KeepaliveOptions{};
  // The identity reported to the server (worker pollers, history events).
  std::string identity = DefaultIdentity();
  // Default deadline of each attempt of a unary call (long polls use
  // kLongPollTimeout). Connect also waits at most this long for the server.
  Duration rpc_timeout = std::chrono::seconds(10);
  // Retries of transient failures; per call, CallOptions::retry overrides it.
  RpcRetryOptions retry;
  // Interceptors, outermost first; see client_interceptor.h.
  std::vector<std::shared_ptr<ClientInterceptor>> interceptors;

  // Validate throws InvalidArgumentError when the options cannot work.
  // Connection::Connect calls it; call it earlier to fail at configuration time.
  void Validate() const;
};

}  // namespace temporal

#endif  // TEMPORAL_CLIENT_CONNECTION_OPTIONS_H_
