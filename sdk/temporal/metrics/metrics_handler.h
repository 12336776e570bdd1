// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// MetricsHandler: where the SDK's metrics go. The worker (and, with
// MetricsClientInterceptor, the connection) creates its instruments once,
// through a handler that already carries the tags they share, and records on
// them for every task:
//
//   std::shared_ptr<temporal::MetricsHandler> handler = ...;      // e.g. a
//   PrometheusMetricsHandler auto queue = handler->WithTags({{"namespace", "default"},
//   {"task_queue", "orders"}}); auto completed = queue->Counter({.name =
//   "temporal_workflow_completed",
//                                    .description = "Count of successfully completed workflows"});
//   auto latency = queue->DurationHistogram({.name = "temporal_activity_execution_latency"});
//   completed->Add(1);                                            // an atomic add, no lookup
//   latency->Record(std::chrono::milliseconds(12));
//
// Implement the interface to send metrics elsewhere (StatsD, OpenTelemetry,
// your own registry). Instruments must be thread safe: workers record from
// many threads at once. A handler resolves the name and tags when an
// instrument is created, so that recording is cheap; callers keep the
// instruments rather than asking for them per record.
//
// NoopMetricsHandler is the default when no handler is configured.
#ifndef TEMPORAL_METRICS_METRICS_HANDLER_H_
#define TEMPORAL_METRICS_METRICS_HANDLER_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace temporal {

// MetricTags: label names and values, e.g. {{"namespace", "default"}, {"task_queue", "orders"}}.
// Order does not matter; a later tag replaces an earlier one with the same name.
using MetricTags = std::vector<std::pair<std::string, std::string>>;

// MetricDefinition: what an instrument measures. `unit` is informative (a
// handler may put it in the name); durations are recorded through
// DurationHistogram, whose unit the handler chooses.
//
//   MetricDefinition{.name = "temporal_sticky_cache_size", .description = "Current number of cached
//   workflows"}
struct MetricDefinition {
  std::string name;
  std::string description;
  std::string unit;
};

// MetricCounter: a value that only goes up (tasks polled, workflows completed).
class MetricCounter {
 public:
  virtual ~MetricCounter() = default;
  virtual void Add(uint64_t value) = 0;
};

// MetricGauge: a value that is set (cache size, free slots).
class MetricGauge {
 public:
  virtual ~MetricGauge() = default;
  virtual void Set(double value) = 0;
};

// MetricHistogram: a distribution of plain values (sizes, counts).
class MetricHistogram {
 public:
  virtual ~MetricHistogram() = default;
  virtual void Record(double value) = 0;
};

// MetricDurationHistogram: a distribution of durations (latencies). The
// handler decides the unit it exports (PrometheusMetricsHandler: milliseconds
// by default, as sdk-core).
class MetricDurationHistogram {
 public:
  virtual ~MetricDurationHistogram() = default;
  virtual void Record(std::chrono::nanoseconds value) = 0;
};

// MetricsHandler: see the file comment. All methods are thread safe.
class MetricsHandler {
 public:
  virtual ~MetricsHandler() = default;

  // WithTags: a handler whose instruments carry this handler's tags plus
  // `tags` (a tag of the same name replaces the existing one). Both
  // handlers keep working and share what they record.
  virtual std::shared_ptr<MetricsHandler> WithTags(const MetricTags& tags) const = 0;

  // The instrument named `definition.name` with this handler's tags. Asking
  // twice for the same name and tags returns instruments that record into
  // the same series. A handler may throw InvalidArgumentError for a name it
  // cannot export, or one already used by an instrument of another kind.
  virtual std::shared_ptr<MetricCounter> Counter(const MetricDefinition& definition) const = 0;
  virtual std::shared_ptr<MetricGauge> Gauge(const MetricDefinition& definition) const = 0;
  virtual std::shared_ptr<MetricHistogram> Histogram(const MetricDefinition& definition) const = 0;
  virtual std::shared_ptr<MetricDurationHistogram> DurationHistogram(
      const MetricDefinition& definition) const = 0;
};

// NoopMetricsHandler: drops everything (the default). Its instruments are
// shared singletons whose methods do nothing.
//
//   std::shared_ptr<temporal::MetricsHandler> handler = temporal::NoopMetricsHandler::Instance();
class NoopMetricsHandler final : public MetricsHandler {
 public:
  // Instance: the one no-op handler.
  static std::shared_ptr<MetricsHandler> Instance();

  std::shared_ptr<MetricsHandler> WithTags(const MetricTags& tags) const override;
  std::shared_ptr<MetricCounter> Counter(const MetricDefinition& definition) const override;
  std::shared_ptr<MetricGauge> Gauge(const MetricDefinition& definition) const override;
  std::shared_ptr<MetricHistogram> Histogram(const MetricDefinition& definition) const override;
  std::shared_ptr<MetricDurationHistogram> DurationHistogram(
      const MetricDefinition& definition) const override;
};

}  // namespace temporal

#endif  // TEMPORAL_METRICS_METRICS_HANDLER_H_
