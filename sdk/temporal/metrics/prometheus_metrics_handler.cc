// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/metrics/prometheus_metrics_handler.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cmath>
#include <mutex>
#include <utility>

#include "temporal/common/error.h"

namespace temporal {
namespace metrics_internal {
namespace {

// ---- Series: one metric with one set of labels ----

class CounterSeries final : public MetricCounter {
 public:
  void Add(uint64_t value) override { value_.fetch_add(value, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

class GaugeSeries final : public MetricGauge {
 public:
  void Set(double value) override { value_.store(value, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// HistogramSeries: counts per bucket (not cumulative; Render accumulates),
// the sum and the count, under one lock so that a rendering never sees a
// count that disagrees with its buckets.
class HistogramSeries final : public MetricHistogram, public MetricDurationHistogram {
 public:
  // `nanoseconds_per_unit`: how durations are scaled (1e6 for milliseconds).
  HistogramSeries(const std::vector<double>& bounds, double nanoseconds_per_unit)
      : bounds_(bounds),
        nanoseconds_per_unit_(nanoseconds_per_unit),
        counts_(bounds.size() + 1, 0) {}

  void Record(double value) override {
    // A value equal to a bound belongs to that bound's bucket (le: "less or equal").
    const size_t bucket =
        std::isnan(value)
            ? bounds_.size()
            : static_cast<size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), value) -
                                  bounds_.begin());
    std::lock_guard lock(mutex_);
    ++counts_[bucket];
    sum_ += value;
    ++count_;
  }
  void Record(std::chrono::nanoseconds value) override {
    Record(static_cast<double>(value.count()) / nanoseconds_per_unit_);
  }

  struct Snapshot {
    std::vector<uint64_t> counts;
    double sum = 0;
    uint64_t count = 0;
  };
  Snapshot Take() const {
    std::lock_guard lock(mutex_);
    return Snapshot{counts_, sum_, count_};
  }

 private:
  const std::vector<double>& bounds_;  // the family's; families are never removed
  const double nanoseconds_per_unit_;
  mutable std::mutex mutex_;
  std::vector<uint64_t> counts_;
  double sum_ = 0;
  uint64_t count_ = 0;
};

enum class Kind { kCounter, kGauge, kHistogram, kDurationHistogram };

const char* KindName(Kind kind) {
  switch (kind) {
    case Kind::kCounter:
      return "counter";
    case Kind::kGauge:
      return "gauge";
    case Kind::kHistogram:
      return "histogram";
    case Kind::kDurationHistogram:
      return "duration histogram";
  }
  return "instrument";
}

bool IsNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

void CheckLabelName(const std::string& name) {
  bool valid =
      !name.empty() && IsNameStart(name[0]) && std::all_of(name.begin(), name.end(), IsNameChar);
  if (!valid) {
    throw InvalidArgumentError("metric tag name \"" + name +
                               "\" is not a valid Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)");
  }
  if (name.starts_with("__")) {
    throw InvalidArgumentError("metric tag name \"" + name +
                               "\" is reserved (names starting with \"__\")");
  }
}

// FormatNumber: the shortest text that reads back as `value`, never in
// exponent notation (100000, not 1e+05: le="..." labels are compared as
// text by queries), with the format's spellings of the special values.
std::string FormatNumber(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  std::array<char, 400> buffer;  // the longest fixed-notation double is ~330 characters
  auto [end, error] =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed);
  if (error != std::errc()) return "NaN";  // cannot happen with this buffer size
  return std::string(buffer.data(), end);
}

void AppendEscaped(std::string& out, std::string_view text, bool quote) {
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '"':
        out += quote ? "\\\"" : "\"";
        break;
      default:
        out += c;
    }
  }
}

// AppendLabels: {a="x",b="y"} (plus le="..." for a bucket); nothing when
// there are no labels at all.
void AppendLabels(std::string& out, const MetricTags& labels, const std::string* le = nullptr) {
  if (labels.empty() && le == nullptr) return;
  out += '{';
  bool first = true;
  for (const auto& [name, value] : labels) {
    if (!first) out += ',';
    first = false;
    out += name;
    out += "=\"";
    AppendEscaped(out, value, true);
    out += '"';
  }
  if (le != nullptr) {
    if (!first) out += ',';
    out += "le=\"";
    out += *le;
    out += '"';
  }
  out += '}';
}

}  // namespace

// PrometheusRegistry: every family (metric name) and its series; shared by
// a handler and the handlers derived from it.
class PrometheusRegistry {
 public:
  explicit PrometheusRegistry(PrometheusOptions options) : options_(std::move(options)) {}

  const PrometheusOptions& options() const { return options_; }

  std::shared_ptr<CounterSeries> Counter(const MetricDefinition& definition,
                                         const MetricTags& tags) {
    std::lock_guard lock(mutex_);
    Family& family = FamilyFor(definition, Kind::kCounter, tags);
    auto& series = family.counters[tags];
    if (!series) series = std::make_shared<CounterSeries>();
    return series;
  }

  std::shared_ptr<GaugeSeries> Gauge(const MetricDefinition& definition, const MetricTags& tags) {
    std::lock_guard lock(mutex_);
    Family& family = FamilyFor(definition, Kind::kGauge, tags);
    auto& series = family.gauges[tags];
    if (!series) series = std::make_shared<GaugeSeries>();
    return series;
  }

  std::shared_ptr<HistogramSeries> Histogram(const MetricDefinition& definition,
                                             const MetricTags& tags, bool durations) {
    std::lock_guard lock(mutex_);
    Family& family =
        FamilyFor(definition, durations ? Kind::kDurationHistogram : Kind::kHistogram, tags);
    auto& series = family.histograms[tags];
    if (!series) {
      const double nanoseconds_per_unit = options_.durations_as_seconds ? 1e9 : 1e6;
      series = std::make_shared<HistogramSeries>(family.bounds, nanoseconds_per_unit);
    }
    return series;
  }

  std::string Render() const {
    std::lock_guard lock(mutex_);
    std::string out;
    for (const auto& [name, family] : families_) {
      out += "# HELP ";
      out += name;
      out += ' ';
      AppendEscaped(out, family.help, false);
      out += "\n# TYPE ";
      out += name;
      switch (family.kind) {
        case Kind::kCounter:
          out += " counter\n";
          for (const auto& [labels, series] : family.counters) {
            out += name;
            AppendLabels(out, labels);
            out += ' ';
            out += std::to_string(series->value());
            out += '\n';
          }
          break;
        case Kind::kGauge:
          out += " gauge\n";
          for (const auto& [labels, series] : family.gauges) {
            out += name;
            AppendLabels(out, labels);
            out += ' ';
            out += FormatNumber(series->value());
            out += '\n';
          }
          break;
        case Kind::kHistogram:
        case Kind::kDurationHistogram:
          out += " histogram\n";
          for (const auto& [labels, series] : family.histograms) {
            const HistogramSeries::Snapshot snapshot = series->Take();
            uint64_t cumulative = 0;
            for (size_t i = 0; i <= family.bounds.size(); ++i) {
              cumulative += snapshot.counts[i];
              const std::string le =
                  i < family.bounds.size() ? FormatNumber(family.bounds[i]) : "+Inf";
              out += name;
              out += "_bucket";
              AppendLabels(out, labels, &le);
              out += ' ';
              out += std::to_string(cumulative);
              out += '\n';
            }
            out += name;
            out += "_sum";
            AppendLabels(out, labels);
            out += ' ';
            out += FormatNumber(snapshot.sum);
            out += '\n';
            out += name;
            out += "_count";
            AppendLabels(out, labels);
            out += ' ';
            out += std::to_string(snapshot.count);
            out += '\n';
          }
          break;
      }
    }
    return out;
  }

 private:
  struct Family {
    Kind kind = Kind::kCounter;
    std::string help;
    std::vector<double> bounds;  // histograms only
    std::map<MetricTags, std::shared_ptr<CounterSeries>> counters;
    std::map<MetricTags, std::shared_ptr<GaugeSeries>> gauges;
    std::map<MetricTags, std::shared_ptr<HistogramSeries>> histograms;
  };

  // ExportedName: the name as rendered (validated; '-' becomes '_', then the suffixes the options
  // ask for).
  std::string ExportedName(const MetricDefinition& definition, Kind kind) const {
    std::string name = definition.name;
    std::replace(name.begin(), name.end(), '-', '_');
    const bool valid =
        !name.empty() && (IsNameStart(name[0]) || name[0] == ':') &&
        std::all_of(name.begin(), name.end(), [](char c) { return IsNameChar(c) || c == ':'; });
    if (!valid) {
      throw InvalidArgumentError(
          "metric name \"" + definition.name +
          "\" is not a valid Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
    }
    if (kind == Kind::kCounter && options_.counters_total_suffix && !name.ends_with("_total"))
      name += "_total";
    if (options_.unit_suffix) {
      if (kind == Kind::kDurationHistogram) {
        name += options_.durations_as_seconds ? "_seconds" : "_milliseconds";
      } else if (kind == Kind::kHistogram && !definition.unit.empty()) {
        name += "_" + definition.unit;
      }
    }
    return name;
  }

  std::vector<double> BucketsFor(const std::string& name, Kind kind) const {
    for (const auto& [pattern, buckets] : options_.histogram_bucket_overrides) {
      if (name.find(pattern) != std::string::npos) return buckets;
    }
    // Plain histograms keep sdk-core's millisecond-scale defaults: only
    // durations change unit.
    return PrometheusMetricsHandler::DefaultBuckets(
        name, kind == Kind::kDurationHistogram && options_.durations_as_seconds);
  }

  Family& FamilyFor(const MetricDefinition& definition, Kind kind, const MetricTags& tags) {
    const std::string name = ExportedName(definition, kind);
    if (kind == Kind::kHistogram || kind == Kind::kDurationHistogram) {
      for (const auto& tag : tags) {
        if (tag.first == "le") {
          throw InvalidArgumentError(
              "histogram " + name +
              " cannot have a tag named \"le\" (Prometheus uses it for buckets)");
        }
      }
    }
    auto it = families_.find(name);
    if (it != families_.end()) {
      if (it->second.kind != kind) {
        throw InvalidArgumentError("metric " + name + " is already a " + KindName(it->second.kind) +
                                   "; it cannot also be a " + KindName(kind));
      }
      return it->second;
    }
    Family family;
    family.kind = kind;
    family.help = definition.description.empty() ? name : definition.description;
    if (kind == Kind::kHistogram || kind == Kind::kDurationHistogram)
      family.bounds = BucketsFor(definition.name, kind);
    return families_.emplace(name, std::move(family)).first->second;
  }

  const PrometheusOptions options_;
  mutable std::mutex mutex_;
  // std::map: Render lists families by name, and a family's address stays
  // put (series keep a reference to its bucket bounds).
  std::map<std::string, Family> families_;
};

}  // namespace metrics_internal

namespace {

MetricTags MergeTags(MetricTags base, const MetricTags& more) {
  for (const auto& [name, value] : more) {
    auto it =
        std::find_if(base.begin(), base.end(), [&](const auto& tag) { return tag.first == name; });
    if (it != base.end()) {
      it->second = value;
    } else {
      base.emplace_back(name, value);
    }
  }
  std::sort(base.begin(), base.end());
  return base;
}

}  // namespace

PrometheusMetricsHandler::PrometheusMetricsHandler(PrometheusOptions options) {
  for (const auto& [pattern, buckets] : options.histogram_bucket_overrides) {
    for (size_t i = 0; i < buckets.size(); ++i) {
      if (!std::isfinite(buckets[i]) || (i > 0 && buckets[i] <= buckets[i - 1])) {
        throw InvalidArgumentError("PrometheusOptions.histogram_bucket_overrides[\"" + pattern +
                                   "\"] must be finite and strictly increasing");
      }
    }
  }
  registry_ = std::make_shared<metrics_internal::PrometheusRegistry>(std::move(options));
}

PrometheusMetricsHandler::PrometheusMetricsHandler(
    std::shared_ptr<metrics_internal::PrometheusRegistry> registry, MetricTags tags)
    : registry_(std::move(registry)), tags_(std::move(tags)) {}

std::shared_ptr<MetricsHandler> PrometheusMetricsHandler::WithTags(const MetricTags& tags) const {
  for (const auto& tag : tags) metrics_internal::CheckLabelName(tag.first);
  // The constructor is private: no make_shared.
  return std::shared_ptr<PrometheusMetricsHandler>(
      new PrometheusMetricsHandler(registry_, MergeTags(tags_, tags)));
}

std::shared_ptr<MetricCounter> PrometheusMetricsHandler::Counter(
    const MetricDefinition& definition) const {
  return registry_->Counter(definition, tags_);
}

std::shared_ptr<MetricGauge> PrometheusMetricsHandler::Gauge(
    const MetricDefinition& definition) const {
  return registry_->Gauge(definition, tags_);
}

std::shared_ptr<MetricHistogram> PrometheusMetricsHandler::Histogram(
    const MetricDefinition& definition) const {
  return registry_->Histogram(definition, tags_, false);
}

std::shared_ptr<MetricDurationHistogram> PrometheusMetricsHandler::DurationHistogram(
    const MetricDefinition& definition) const {
  return registry_->Histogram(definition, tags_, true);
}

std::string PrometheusMetricsHandler::Render() const { return registry_->Render(); }

std::vector<double> PrometheusMetricsHandler::DefaultBuckets(std::string_view metric_name,
                                                             bool seconds) {
  // sdk-core's defaults (crates/common/src/telemetry/metrics.rs), in milliseconds.
  if (metric_name.starts_with("temporal_")) metric_name.remove_prefix(9);
  std::vector<double> buckets;
  if (metric_name == "workflow_endtoend_latency") {
    buckets = {100,    500,     1000,    1500,    2000,      5000,      10'000,     30'000,
               60'000, 120'000, 300'000, 600'000, 1'800'000, 3'600'000, 30'600'000, 86'400'000};
  } else if (metric_name == "workflow_task_execution_latency" ||
             metric_name == "workflow_task_replay_latency") {
    buckets = {1, 10, 20, 50, 100, 200, 500, 1000};
  } else if (metric_name == "activity_execution_latency") {
    buckets = {50, 100, 500, 1000, 5000, 10'000, 60'000};
  } else if (metric_name == "workflow_task_schedule_to_start_latency" ||
             metric_name == "activity_schedule_to_start_latency") {
    buckets = {100, 500, 1000, 5000, 10'000, 100'000, 1'000'000};
  } else {
    buckets = {50, 100, 500, 1000, 2500, 10'000};
  }
  if (seconds) {
    for (double& bound : buckets) bound /= 1000.0;
  }
  return buckets;
}

}  // namespace temporal
