// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// PrometheusMetricsHandler: a MetricsHandler that keeps every value in
// memory and renders it in the Prometheus text exposition format (version
// 0.0.4), the way sdk-core's Prometheus exporter does with its default
// settings: metric names as given (no `_total` added to counters, no unit
// added to histograms), durations in milliseconds, and sdk-core's default
// histogram buckets for each Temporal latency metric.
//
//   auto prometheus = std::make_shared<temporal::PrometheusMetricsHandler>();
//   temporal::Worker worker(client, {.task_queue = "orders", .metrics = prometheus});
//   ...
//   std::string text = prometheus->Render();   // serve it at /metrics with any HTTP server
//
// gives, for example:
//
//   # HELP temporal_workflow_completed Count of successfully completed workflows
//   # TYPE temporal_workflow_completed counter
//   temporal_workflow_completed{namespace="default",task_queue="orders",workflow_type="ProcessOrder"}
//   3
//
// Families are sorted by name, series by their labels, labels by name.
// Histograms have cumulative `_bucket{le="..."}` series ending in
// le="+Inf", then `_sum` and `_count`. Label values and help texts are
// escaped as the format requires (backslash, double quote in label values,
// line feed). Everything is thread safe; recording on an instrument is an
// atomic add (counters, gauges) or a short uncontended lock (histograms).
#ifndef TEMPORAL_METRICS_PROMETHEUS_METRICS_HANDLER_H_
#define TEMPORAL_METRICS_PROMETHEUS_METRICS_HANDLER_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "temporal/metrics/metrics_handler.h"

namespace temporal {

namespace metrics_internal {
class PrometheusRegistry;
}  // namespace metrics_internal

// PrometheusOptions: how PrometheusMetricsHandler names and buckets its
// metrics. The defaults are those of sdk-core's Prometheus exporter.
struct PrometheusOptions {
  // Durations in seconds (fractional) instead of milliseconds. Bucket
  // boundaries follow (sdk-core's millisecond buckets divided by 1000).
  bool durations_as_seconds = false;
  // Counters get a "_total" suffix (unless their name has one already).
  bool counters_total_suffix = false;
  // Histograms get their unit as a suffix: "_milliseconds" or "_seconds"
  // for durations, "_<unit>" for others whose definition has a unit.
  bool unit_suffix = false;
  // Bucket boundaries by metric: the first entry whose key is contained in
  // the metric's name wins over the defaults. Boundaries must be finite and
  // increasing, in the unit the histogram exports.
  std::map<std::string, std::vector<double>> histogram_bucket_overrides;
};

class PrometheusMetricsHandler final : public MetricsHandler {
 public:
  // Throws InvalidArgumentError for bucket overrides that are not finite and increasing.
  explicit PrometheusMetricsHandler(PrometheusOptions options = {});

  std::shared_ptr<MetricsHandler> WithTags(const MetricTags& tags) const override;
  // Throw InvalidArgumentError for a name or tag name that Prometheus does
  // not accept (a name is [a-zA-Z_:][a-zA-Z0-9_:]*, a tag name
  // [a-zA-Z_][a-zA-Z0-9_]*; '-' in a metric name becomes '_', as in
  // sdk-core), or a name already used by another kind of instrument.
  std::shared_ptr<MetricCounter> Counter(const MetricDefinition& definition) const override;
  std::shared_ptr<MetricGauge> Gauge(const MetricDefinition& definition) const override;
  std::shared_ptr<MetricHistogram> Histogram(const MetricDefinition& definition) const override;
  std::shared_ptr<MetricDurationHistogram> DurationHistogram(
      const MetricDefinition& definition) const override;

  // Render: everything recorded so far through this handler and every
  // handler derived from it with WithTags, in the text exposition format.
  std::string Render() const;

  // The default bucket boundaries sdk-core uses for a metric (name with or
  // without the "temporal_" prefix), in milliseconds or seconds.
  static std::vector<double> DefaultBuckets(std::string_view metric_name, bool seconds);

 private:
  PrometheusMetricsHandler(std::shared_ptr<metrics_internal::PrometheusRegistry> registry,
                           MetricTags tags);

  std::shared_ptr<metrics_internal::PrometheusRegistry> registry_;
  // Sorted by name, one per name.
  MetricTags tags_;
};

}  // namespace temporal

#endif  // TEMPORAL_METRICS_PROMETHEUS_METRICS_HANDLER_H_
