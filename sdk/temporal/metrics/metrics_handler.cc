// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/metrics/metrics_handler.h"

namespace temporal {
namespace {

class NoopCounter final : public MetricCounter {
 public:
  void Add(uint64_t) override {}
};
class NoopGauge final : public MetricGauge {
 public:
  void Set(double) override {}
};
class NoopHistogram final : public MetricHistogram {
 public:
  void Record(double) override {}
};
class NoopDurationHistogram final : public MetricDurationHistogram {
 public:
  void Record(std::chrono::nanoseconds) override {}
};

}  // namespace

std::shared_ptr<MetricsHandler> NoopMetricsHandler::Instance() {
  static const std::shared_ptr<MetricsHandler> instance = std::make_shared<NoopMetricsHandler>();
  return instance;
}

std::shared_ptr<MetricsHandler> NoopMetricsHandler::WithTags(const MetricTags&) const {
  return Instance();
}

std::shared_ptr<MetricCounter> NoopMetricsHandler::Counter(const MetricDefinition&) const {
  static const auto counter = std::make_shared<NoopCounter>();
  return counter;
}

std::shared_ptr<MetricGauge> NoopMetricsHandler::Gauge(const MetricDefinition&) const {
  static const auto gauge = std::make_shared<NoopGauge>();
  return gauge;
}

std::shared_ptr<MetricHistogram> NoopMetricsHandler::Histogram(const MetricDefinition&) const {
  static const auto histogram = std::make_shared<NoopHistogram>();
  return histogram;
}

std::shared_ptr<MetricDurationHistogram> NoopMetricsHandler::DurationHistogram(
    const MetricDefinition&) const {
  static const auto histogram = std::make_shared<NoopDurationHistogram>();
  return histogram;
}

}  // namespace temporal
