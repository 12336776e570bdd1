// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/client/internal/channel.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <string>

#include "temporal/common/version.h"

namespace temporal::client_internal {
namespace {

int ClampedMilliseconds(Duration duration) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(duration).count();
  return static_cast<int>(std::clamp<decltype(ms)>(ms, 1, INT_MAX));
}

}  // namespace

grpc::ChannelArguments ChannelArgumentsFor(const ConnectionOptions& options) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(kMaxReceiveMessageBytes);
  args.SetUserAgentPrefix(std::string(SdkName()) + "/" + std::string(SdkVersion()));
  if (options.keepalive) {
    args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, ClampedMilliseconds(options.keepalive->time));
    args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, ClampedMilliseconds(options.keepalive->timeout));
    args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS,
                options.keepalive->permit_without_calls ? 1 : 0);
    // gRPC otherwise stops pinging after 2 pings without data, which defeats
    // keepalive on an idle connection.
    args.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  }
  if (options.tls && !options.tls->server_name_override.empty()) {
    args.SetSslTargetNameOverride(options.tls->server_name_override);
  }
  return args;
}

std::shared_ptr<grpc::Channel> MakeChannel(const ConnectionOptions& options) {
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (options.tls) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = options.tls->server_ca_pem;
    ssl.pem_cert_chain = options.tls->client_cert_pem;
    ssl.pem_private_key = options.tls->client_private_key_pem;
    credentials = grpc::SslCredentials(ssl);
  } else {
    credentials = grpc::InsecureChannelCredentials();
  }
  return grpc::CreateCustomChannel(options.target, credentials, ChannelArgumentsFor(options));
}

}  // namespace temporal::client_internal
