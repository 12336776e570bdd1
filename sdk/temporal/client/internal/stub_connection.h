// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// StubConnection: the Connection over a stub stack. Each RPC method checks
// the call's options, sends the call down the stack and turns a failed
// status into the RpcError that RpcErrorFromStatus picks.
//
//   auto connection = std::make_shared<StubConnection>(options, retrying_stub);
//   auto info = connection->GetSystemInfo({});
#ifndef TEMPORAL_CLIENT_INTERNAL_STUB_CONNECTION_H_
#define TEMPORAL_CLIENT_INTERNAL_STUB_CONNECTION_H_

#include <memory>

#include "temporal/client/connection.h"
#include "temporal/client/internal/stub.h"

namespace temporal::client_internal {

class StubConnection final : public Connection {
 public:
  StubConnection(ConnectionOptions options, std::shared_ptr<Stub> stub);

#define TEMPORAL_STUB_CONNECTION_DECLARE_RPC(Name, kind)                  \
  ::temporal::api::workflowservice::v1::Name##Response Name(              \
      const ::temporal::api::workflowservice::v1::Name##Request& request, \
      const CallOptions& call_options) override;
  TEMPORAL_WORKFLOW_SERVICE_RPCS(TEMPORAL_STUB_CONNECTION_DECLARE_RPC)
#undef TEMPORAL_STUB_CONNECTION_DECLARE_RPC

  const ConnectionOptions& options() const override { return options_; }
  const ::temporal::api::workflowservice::v1::GetSystemInfoResponse& system_info() const override {
    return system_info_;
  }
  // Connect records the server's answer here once, before sharing the connection.
  void set_system_info(::temporal::api::workflowservice::v1::GetSystemInfoResponse info) {
    system_info_ = std::move(info);
  }

 private:
  void Invoke(const RpcMethod& method, const google::protobuf::Message& request,
              google::protobuf::Message& response, const CallOptions& call_options);

  ConnectionOptions options_;
  std::shared_ptr<Stub> stub_;
  ::temporal::api::workflowservice::v1::GetSystemInfoResponse system_info_;
};

}  // namespace temporal::client_internal

#endif  // TEMPORAL_CLIENT_INTERNAL_STUB_CONNECTION_H_
