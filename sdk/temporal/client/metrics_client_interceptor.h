// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// MetricsClientInterceptor: the client request metrics of the official SDKs
// for every call a Connection makes, through a MetricsHandler:
//   temporal_request, temporal_request_latency                 calls and their latency
//   temporal_request_failure                                   calls that failed (tag status_code)
//   temporal_long_request, temporal_long_request_latency,      the same for long polls
//   (Poll*TaskQueue, temporal_long_request_failure                              update waits,
//   history waits)
// tagged operation (the RPC's name) and namespace (from the request), and
// task_queue for task queue polls.
//
//   auto prometheus = std::make_shared<temporal::PrometheusMetricsHandler>();
//   temporal::ConnectionOptions options{.target = "localhost:7233"};
//   options.interceptors.push_back(std::make_shared<temporal::MetricsClientInterceptor>(prometheus));
//   auto client = temporal::Client::Connect(options);
//   temporal::Worker worker(client, {.task_queue = "orders", .metrics = prometheus});   // worker
//   metrics too
//
// Interceptors wrap the connection's retry loop, so a call retried by the
// connection counts once, with the latency of all its attempts (sdk-core
// counts attempts); list it first to see calls as the caller does.
#ifndef TEMPORAL_CLIENT_METRICS_CLIENT_INTERCEPTOR_H_
#define TEMPORAL_CLIENT_METRICS_CLIENT_INTERCEPTOR_H_

#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "temporal/client/client_interceptor.h"
#include "temporal/metrics/metrics_handler.h"

namespace temporal {

class MetricsClientInterceptor final : public ClientInterceptor {
 public:
  // A null handler records nothing.
  explicit MetricsClientInterceptor(std::shared_ptr<MetricsHandler> handler);

  void Intercept(ClientCall& call, const ClientCallNext& next) override;

 private:
  // The instruments of one operation, namespace and task queue.
  struct Instruments {
    std::shared_ptr<MetricsHandler> tagged;
    bool long_poll = false;
    std::shared_ptr<MetricCounter> requests;
    std::shared_ptr<MetricDurationHistogram> latency;
    // By gRPC status code, created on the first failure with that code.
    std::array<std::shared_ptr<MetricCounter>, 17> failures;
  };
  Instruments& InstrumentsFor(const ClientCall& call);
  void CountFailure(Instruments& instruments, int code);

  std::shared_ptr<MetricsHandler> handler_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Instruments>> instruments_;
};

}  // namespace temporal

#endif  // TEMPORAL_CLIENT_METRICS_CLIENT_INTERCEPTOR_H_
