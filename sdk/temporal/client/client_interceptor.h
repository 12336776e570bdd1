// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ClientInterceptor: code that runs around every call a Connection makes, to
// add headers, log, measure, trace or veto calls. Interceptors are listed in
// ConnectionOptions::interceptors (the first is the outermost) and see each
// call once, retries included: they wrap the retry loop.
//
//   class Timing : public temporal::ClientInterceptor {
//    public:
//     void Intercept(temporal::ClientCall& call, const temporal::ClientCallNext& next) override {
//       call.AddMetadata("x-tenant", "blue");
//       auto start = std::chrono::steady_clock::now();
//       try {
//         next();                                   // the rest of the chain, then the server
//         Record(call.rpc(), "OK", std::chrono::steady_clock::now() - start);
//       } catch (const temporal::RpcError& e) {
//         Record(call.rpc(), temporal::StatusCodeName(e.code()), std::chrono::steady_clock::now() - start);
//         throw;
//       }
//     }
//   };
//   temporal::ConnectionOptions options;
//   options.interceptors.push_back(std::make_shared<Timing>());
//
// To test an interceptor, wrap a mock: Connection::WithInterceptors(mock, {interceptor}).
#ifndef TEMPORAL_CLIENT_CLIENT_INTERCEPTOR_H_
#define TEMPORAL_CLIENT_CLIENT_INTERCEPTOR_H_

#include <google/protobuf/message.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "temporal/client/call_options.h"

namespace temporal {

namespace client_internal {
class InterceptorChain;
}  // namespace client_internal

// ClientCall: one call as an interceptor sees it.
class ClientCall {
 public:
  // The RPC's name in WorkflowService, for example "StartWorkflowExecution".
  std::string_view rpc() const { return rpc_; }
  // The request; cast it to the RPC's request type, or use protobuf reflection.
  const google::protobuf::Message& request() const { return request_; }
  // The call's options; changes apply to the rest of the chain and the call.
  CallOptions& options() { return options_; }
  const CallOptions& options() const { return options_; }
  // AddMetadata adds a header to this call (it replaces connection-level
  // headers of the same key; see CallOptions::metadata).
  void AddMetadata(std::string key, std::string value) {
    options_.metadata.emplace_back(std::move(key), std::move(value));
  }

 private:
  friend class client_internal::InterceptorChain;
  ClientCall(std::string_view rpc, const google::protobuf::Message& request, CallOptions options)
      : rpc_(rpc), request_(request), options_(std::move(options)) {}

  std::string_view rpc_;
  const google::protobuf::Message& request_;
  CallOptions options_;
};

// ClientCallNext: continues a call past the current interceptor.
class ClientCallNext {
 public:
  // Runs the following interceptors and then the call itself. Returns the
  // response (of the RPC's response type), or throws RpcError. May be called
  // again, to retry on the interceptor's own terms.
  const google::protobuf::Message& operator()() const;

 private:
  friend class client_internal::InterceptorChain;
  ClientCallNext(client_internal::InterceptorChain* chain, std::size_t index)
      : chain_(chain), index_(index) {}

  client_internal::InterceptorChain* chain_;
  std::size_t index_;
};

// ClientInterceptor: see the file comment. Implementations must be thread
// safe: a connection runs calls from many threads at once.
class ClientInterceptor {
 public:
  virtual ~ClientInterceptor() = default;

  // Intercept handles one call. It continues the call with next(), or ends it
  // by throwing (an RpcError, normally). Returning without either is a bug,
  // reported to the caller as RpcError INTERNAL.
  virtual void Intercept(ClientCall& call, const ClientCallNext& next) = 0;
};

}  // namespace temporal

#endif  // TEMPORAL_CLIENT_CLIENT_INTERCEPTOR_H_
