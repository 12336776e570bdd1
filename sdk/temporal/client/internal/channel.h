// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// MakeChannel: the gRPC channel for ConnectionOptions: plaintext or TLS/mTLS
// credentials, the TLS name override, keepalive, the 128 MiB receive limit
// and the SDK's user agent. gRPC connects lazily, on the first call.
//
//   std::shared_ptr<grpc::Channel> channel = MakeChannel(options);
#ifndef TEMPORAL_CLIENT_INTERNAL_CHANNEL_H_
#define TEMPORAL_CLIENT_INTERNAL_CHANNEL_H_

#include <grpcpp/channel.h>
#include <grpcpp/support/channel_arguments.h>

#include <memory>

#include "temporal/client/connection_options.h"

namespace temporal::client_internal {

// ChannelArgumentsFor: the channel arguments MakeChannel uses.
grpc::ChannelArguments ChannelArgumentsFor(const ConnectionOptions& options);

std::shared_ptr<grpc::Channel> MakeChannel(const ConnectionOptions& options);

}  // namespace temporal::client_internal

#endif  // TEMPORAL_CLIENT_INTERNAL_CHANNEL_H_
