// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// InterceptedConnection: the decorator that runs ClientInterceptors around
// every call of another Connection (the real stack, or a mock in tests).
// InterceptorChain runs one call through the interceptors.
//
//   auto intercepted = std::make_shared<InterceptedConnection>(inner, options.interceptors);
#ifndef TEMPORAL_CLIENT_INTERNAL_INTERCEPTED_CONNECTION_H_
#define TEMPORAL_CLIENT_INTERNAL_INTERCEPTED_CONNECTION_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "temporal/client/client_interceptor.h"
#include "temporal/client/connection.h"

namespace temporal::client_internal {

// InterceptorChain: one call's trip through the interceptors to `terminal`,
// which makes the call with the options the interceptors left and fills
// `response` (or throws RpcError).
class InterceptorChain {
 public:
  using Terminal = std::function<void(const CallOptions&)>;

  InterceptorChain(const std::vector<std::shared_ptr<ClientInterceptor>>& interceptors,
                   std::string_view rpc, const google::protobuf::Message& request,
                   const CallOptions& options, const google::protobuf::Message& response,
                   Terminal terminal)
      : interceptors_(interceptors),
        call_(rpc, request, options),
        response_(response),
        terminal_(std::move(terminal)) {}

  // Run sends the call through every interceptor; throws what they throw.
  void Run() { Next(0); }

  // Next runs interceptor `index` (or the terminal, past the last one).
  const google::protobuf::Message& Next(std::size_t index);

 private:
  const std::vector<std::shared_ptr<ClientInterceptor>>& interceptors_;
  ClientCall call_;
  const google::protobuf::Message& response_;
  Terminal terminal_;
  std::size_t terminal_runs_ = 0;
};

class InterceptedConnection final : public Connection {
 public:
  InterceptedConnection(std::shared_ptr<Connection> inner,
                        std::vector<std::shared_ptr<ClientInterceptor>> interceptors);

#define TEMPORAL_INTERCEPTED_CONNECTION_DECLARE_RPC(Name, kind)           \
  ::temporal::api::workflowservice::v1::Name##Response Name(              \
      const ::temporal::api::workflowservice::v1::Name##Request& request, \
      const CallOptions& call_options) override;
  TEMPORAL_WORKFLOW_SERVICE_RPCS(TEMPORAL_INTERCEPTED_CONNECTION_DECLARE_RPC)
#undef TEMPORAL_INTERCEPTED_CONNECTION_DECLARE_RPC

  const ConnectionOptions& options() const override { return inner_->options(); }
  const ::temporal::api::workflowservice::v1::GetSystemInfoResponse& system_info() const override {
    return inner_->system_info();
  }

 private:
  std::shared_ptr<Connection> inner_;
  std::vector<std::shared_ptr<ClientInterceptor>> interceptors_;
};

}  // namespace temporal::client_internal

#endif  // TEMPORAL_CLIENT_INTERNAL_INTERCEPTED_CONNECTION_H_
