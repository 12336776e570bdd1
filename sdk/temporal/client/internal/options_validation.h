// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Checks shared by ConnectionOptions::Validate and every call's CallOptions.
// Each throws InvalidArgumentError whose message starts with `where`, the
// field path, for example:
//   ConnectionOptions.metadata: key "X-Tenant" has characters gRPC does not allow (use lowercase a-z, 0-9, '-', '_', '.')
//
//   ValidateMetadata(options.metadata, "ConnectionOptions.metadata");
#ifndef TEMPORAL_CLIENT_INTERNAL_OPTIONS_VALIDATION_H_
#define TEMPORAL_CLIENT_INTERNAL_OPTIONS_VALIDATION_H_

#include <string_view>

#include "temporal/client/call_options.h"
#include "temporal/client/rpc_retry_options.h"

namespace temporal::client_internal {

// ValidateMetadata: keys non-empty, of [0-9a-z-_.], not starting with
// "grpc-" (reserved); values of keys not ending in "-bin" printable ASCII.
void ValidateMetadata(const Metadata& metadata, std::string_view where);

// ValidateRetryOptions: positive intervals, multipliers >= 1, jitter in
// [0, 1], max_interval >= initial_interval, attempts >= 0.
void ValidateRetryOptions(const RpcRetryOptions& retry, std::string_view where);

// ValidateCallOptions: the call's metadata, retry options and timeout.
void ValidateCallOptions(std::string_view rpc, const CallOptions& options);

}  // namespace temporal::client_internal

#endif  // TEMPORAL_CLIENT_INTERNAL_OPTIONS_VALIDATION_H_
