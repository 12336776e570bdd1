// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Stub: one layer of the stack under a Connection. The bottom layer
// (GrpcStub) calls the generated gRPC stub; the layers above it are
// decorators, each adding one concern (MetadataStub: headers; RetryStub:
// retries). They speak grpc::Status; the Connection on top turns a failure
// into an RpcError. See docs/adr/0005-connection-retry-and-interceptors.md.
//
//   UnaryCall call{kDescribeNamespaceMethod, request, response, call_options};
//   grpc::Status status = stub->Call(call);
#ifndef TEMPORAL_CLIENT_INTERNAL_STUB_H_
#define TEMPORAL_CLIENT_INTERNAL_STUB_H_

#include <google/protobuf/message.h>
#include <grpcpp/support/status.h>

#include "temporal/client/call_options.h"
#include "temporal/client/internal/rpc_method.h"

namespace temporal::client_internal {

// UnaryCall: one call on its way down the stack.
struct UnaryCall {
  const RpcMethod& method;
  const google::protobuf::Message& request;
  // Filled by a successful attempt; cleared before each attempt.
  google::protobuf::Message& response;
  const CallOptions& options;
  // The headers of the attempt, set by MetadataStub, sent by GrpcStub.
  Metadata headers = {};

  bool long_poll() const { return method.kind == RpcKind::kLongPoll || options.long_poll; }
};

class Stub {
 public:
  virtual ~Stub() = default;
  // Call makes the call (or, in a decorator, passes it on). Thread safe.
  virtual grpc::Status Call(UnaryCall& call) = 0;
};

}  // namespace temporal::client_internal

#endif  // TEMPORAL_CLIENT_INTERNAL_STUB_H_
