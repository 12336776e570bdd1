// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// PrometheusMetricsHandler: exact text exposition output (golden strings
// written by hand from the format's rules), escaping, tags, bucket
// boundaries, options, and recording from many threads.
#include "temporal/metrics/prometheus_metrics_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "temporal/common/error.h"
#include "temporal/metrics/metric_names.h"

namespace temporal {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(PrometheusMetricsHandler, RendersNothingBeforeAnyInstrument) {
  PrometheusMetricsHandler handler;
  EXPECT_EQ(handler.Render(), "");
}

TEST(PrometheusMetricsHandler, RendersCountersAndGaugesExactly) {
  auto root = std::make_shared<PrometheusMetricsHandler>();
  auto queue = root->WithTags({{"task_queue", "orders"}, {"namespace", "default"}});
  auto polls = queue->Counter({.name = "temporal_workflow_task_queue_poll_succeed",
                               .description = "Count of workflow task queue poll successes"});
  auto cache = queue->Gauge(
      {.name = "temporal_sticky_cache_size", .description = "Current number of cached workflows"});
  auto untagged =
      root->Counter({.name = "temporal_worker_start"});  // no description: the name is the help
  polls->Add(2);
  polls->Add(3);
  cache->Set(7);
  untagged->Add(1);
  // Families sorted by name; labels sorted by name; integral gauges without a fraction.
  EXPECT_EQ(
      root->Render(),
      "# HELP temporal_sticky_cache_size Current number of cached workflows\n"
      "# TYPE temporal_sticky_cache_size gauge\n"
      "temporal_sticky_cache_size{namespace=\"default\",task_queue=\"orders\"} 7\n"
      "# HELP temporal_worker_start temporal_worker_start\n"
      "# TYPE temporal_worker_start counter\n"
      "temporal_worker_start 1\n"
      "# HELP temporal_workflow_task_queue_poll_succeed Count of workflow task queue poll "
      "successes\n"
      "# TYPE temporal_workflow_task_queue_poll_succeed counter\n"
      "temporal_workflow_task_queue_poll_succeed{namespace=\"default\",task_queue=\"orders\"} 5\n");
}

TEST(PrometheusMetricsHandler, RendersHistogramsExactly) {
  PrometheusMetricsHandler handler(
      {.histogram_bucket_overrides = {{"payload_size", {10, 100, 1000}}}});
  auto sizes = handler.WithTags({{"namespace", "default"}})
                   ->Histogram({.name = "payload_size", .description = "Sizes"});
  sizes->Record(10);    // on a bound: that bound's bucket (le is "less or equal")
  sizes->Record(10.5);  // just above: the next one
  sizes->Record(100);
  sizes->Record(5000);  // above every bound: only +Inf
  EXPECT_EQ(handler.Render(),
            "# HELP payload_size Sizes\n"
            "# TYPE payload_size histogram\n"
            "payload_size_bucket{namespace=\"default\",le=\"10\"} 1\n"
            "payload_size_bucket{namespace=\"default\",le=\"100\"} 3\n"
            "payload_size_bucket{namespace=\"default\",le=\"1000\"} 3\n"
            "payload_size_bucket{namespace=\"default\",le=\"+Inf\"} 4\n"
            "payload_size_sum{namespace=\"default\"} 5120.5\n"
            "payload_size_count{namespace=\"default\"} 4\n");
}

TEST(PrometheusMetricsHandler, HistogramWithoutTagsHasOnlyLeOnBuckets) {
  PrometheusMetricsHandler handler({.histogram_bucket_overrides = {{"x", {1}}}});
  handler.Histogram({.name = "x", .description = "X"})->Record(0.25);
  EXPECT_EQ(handler.Render(),
            "# HELP x X\n"
            "# TYPE x histogram\n"
            "x_bucket{le=\"1\"} 1\n"
            "x_bucket{le=\"+Inf\"} 1\n"
            "x_sum 0.25\n"
            "x_count 1\n");
}

TEST(PrometheusMetricsHandler, DurationsInMillisecondsWithSdkCoreBuckets) {
  PrometheusMetricsHandler handler;
  auto latency = handler.DurationHistogram(
      {.name = std::string(metric_names::kWorkflowTaskExecutionLatency), .description = "Latency"});
  latency->Record(std::chrono::microseconds(1500));  // 1.5 ms: above le="1", within le="10"
  latency->Record(std::chrono::milliseconds(20));    // exactly on le="20"
  EXPECT_EQ(handler.Render(),
            "# HELP temporal_workflow_task_execution_latency Latency\n"
            "# TYPE temporal_workflow_task_execution_latency histogram\n"
            "temporal_workflow_task_execution_latency_bucket{le=\"1\"} 0\n"
            "temporal_workflow_task_execution_latency_bucket{le=\"10\"} 1\n"
            "temporal_workflow_task_execution_latency_bucket{le=\"20\"} 2\n"
            "temporal_workflow_task_execution_latency_bucket{le=\"50\"} 2\n"
            "temporal_workflow_task_execution_latency_bucket{le=\"100\"} 2\n"
            "temporal_workflow_task_execution_latency_bucket{le=\"200\"} 2\n"
            "temporal_workflow_task_execution_latency_bucket{le=\"500\"} 2\n"
            "temporal_workflow_task_execution_latency_bucket{le=\"1000\"} 2\n"
            "temporal_workflow_task_execution_latency_bucket{le=\"+Inf\"} 2\n"
            "temporal_workflow_task_execution_latency_sum 21.5\n"
            "temporal_workflow_task_execution_latency_count 2\n");
}

TEST(PrometheusMetricsHandler, DurationsInSecondsWithUnitSuffix) {
  PrometheusMetricsHandler handler({.durations_as_seconds = true, .unit_suffix = true});
  auto latency = handler.DurationHistogram(
      {.name = "temporal_activity_execution_latency", .description = "L"});
  latency->Record(std::chrono::milliseconds(250));
  const std::string text = handler.Render();
  EXPECT_THAT(text, HasSubstr("# TYPE temporal_activity_execution_latency_seconds histogram\n"));
  // sdk-core's activity buckets (50 ms ... 60 s) in seconds, never in exponent notation.
  EXPECT_THAT(text,
              HasSubstr("temporal_activity_execution_latency_seconds_bucket{le=\"0.1\"} 0\n"
                        "temporal_activity_execution_latency_seconds_bucket{le=\"0.5\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("le=\"0.05\""));
  EXPECT_THAT(text, HasSubstr("le=\"60\""));
  EXPECT_THAT(text, HasSubstr("temporal_activity_execution_latency_seconds_sum 0.25\n"));
}

TEST(PrometheusMetricsHandler, LargeBoundsRenderWithoutExponent) {
  PrometheusMetricsHandler handler;
  handler.DurationHistogram({.name = "temporal_workflow_endtoend_latency"})
      ->Record(std::chrono::hours(1));
  const std::string text = handler.Render();
  EXPECT_THAT(text, HasSubstr("le=\"300000\""));  // not "3e+05"
  EXPECT_THAT(text, HasSubstr("le=\"86400000\""));
  EXPECT_THAT(text, Not(HasSubstr("e+")));
  EXPECT_THAT(text, HasSubstr("temporal_workflow_endtoend_latency_sum 3600000\n"));
}

TEST(PrometheusMetricsHandler, CounterTotalSuffixOption) {
  PrometheusMetricsHandler handler({.counters_total_suffix = true});
  handler.Counter({.name = "temporal_request", .description = "R"})->Add(1);
  handler.Counter({.name = "already_total", .description = "T"})->Add(1);
  const std::string text = handler.Render();
  EXPECT_THAT(text, HasSubstr("# TYPE temporal_request_total counter\ntemporal_request_total 1\n"));
  EXPECT_THAT(text, HasSubstr("already_total 1\n"));
  EXPECT_THAT(text, Not(HasSubstr("already_total_total")));
}

TEST(PrometheusMetricsHandler, EscapesLabelValuesAndHelp) {
  PrometheusMetricsHandler handler;
  auto tagged = handler.WithTags({{"workflow_type", "a\\b\"c\nd"}});
  tagged->Counter({.name = "escaped", .description = "line one\nback\\slash \"quoted\""})->Add(1);
  // Label values: \\ \" \n. Help: \\ and \n, quotes as they are.
  EXPECT_EQ(handler.Render(),
            "# HELP escaped line one\\nback\\\\slash \"quoted\"\n"
            "# TYPE escaped counter\n"
            "escaped{workflow_type=\"a\\\\b\\\"c\\nd\"} 1\n");
}

TEST(PrometheusMetricsHandler, WithTagsMergesReplacesAndShares) {
  auto root = std::make_shared<PrometheusMetricsHandler>();
  auto a = root->WithTags({{"namespace", "one"}, {"task_queue", "q"}});
  auto b = a->WithTags({{"namespace", "two"}, {"activity_type", "Charge"}});
  a->Counter({.name = "c"})->Add(1);
  b->Counter({.name = "c"})->Add(10);
  // Asking again for the same name and tags records into the same series.
  root->WithTags({{"task_queue", "q"}, {"namespace", "one"}})->Counter({.name = "c"})->Add(100);
  EXPECT_EQ(root->Render(),
            "# HELP c c\n"
            "# TYPE c counter\n"
            "c{activity_type=\"Charge\",namespace=\"two\",task_queue=\"q\"} 10\n"
            "c{namespace=\"one\",task_queue=\"q\"} 101\n");
}

TEST(PrometheusMetricsHandler, GaugesKeepTheLastValueAndFractions) {
  PrometheusMetricsHandler handler;
  auto gauge = handler.Gauge({.name = "g", .description = "G"});
  gauge->Set(3);
  gauge->Set(0.125);
  EXPECT_EQ(handler.Render(), "# HELP g G\n# TYPE g gauge\ng 0.125\n");
  gauge->Set(-2);
  EXPECT_THAT(handler.Render(), HasSubstr("g -2\n"));
}

TEST(PrometheusMetricsHandler, RefusesBadNamesAndKindConflicts) {
  PrometheusMetricsHandler handler;
  EXPECT_THROW(handler.Counter({.name = ""}), InvalidArgumentError);
  EXPECT_THROW(handler.Counter({.name = "9lives"}), InvalidArgumentError);
  EXPECT_THROW(handler.Counter({.name = "has space"}), InvalidArgumentError);
  EXPECT_THROW(handler.WithTags({{"bad-label", "x"}}), InvalidArgumentError);
  EXPECT_THROW(handler.WithTags({{"__reserved", "x"}}), InvalidArgumentError);
  EXPECT_THROW(handler.WithTags({{"le", "x"}})->Histogram({.name = "h"}), InvalidArgumentError);
  handler.Counter({.name = "used"});
  try {
    handler.Gauge({.name = "used"});
    FAIL() << "a counter name was accepted for a gauge";
  } catch (const InvalidArgumentError& e) {
    EXPECT_STREQ(e.what(), "metric used is already a counter; it cannot also be a gauge");
  }
  EXPECT_THROW(PrometheusMetricsHandler({.histogram_bucket_overrides = {{"x", {5, 1}}}}),
               InvalidArgumentError);
  // A dash becomes an underscore, as in sdk-core.
  handler.Counter({.name = "with-dash"})->Add(1);
  EXPECT_THAT(handler.Render(), HasSubstr("with_dash 1\n"));
}

TEST(PrometheusMetricsHandler, DefaultBucketsAreSdkCores) {
  using V = std::vector<double>;
  EXPECT_EQ(
      PrometheusMetricsHandler::DefaultBuckets("temporal_workflow_task_execution_latency", false),
      (V{1, 10, 20, 50, 100, 200, 500, 1000}));
  EXPECT_EQ(PrometheusMetricsHandler::DefaultBuckets("workflow_task_replay_latency", false),
            (V{1, 10, 20, 50, 100, 200, 500, 1000}));
  EXPECT_EQ(PrometheusMetricsHandler::DefaultBuckets("temporal_activity_execution_latency", false),
            (V{50, 100, 500, 1000, 5000, 10000, 60000}));
  EXPECT_EQ(
      PrometheusMetricsHandler::DefaultBuckets("temporal_activity_schedule_to_start_latency", true),
      (V{0.1, 0.5, 1, 5, 10, 100, 1000}));
  EXPECT_EQ(PrometheusMetricsHandler::DefaultBuckets("temporal_request_latency", false),
            (V{50, 100, 500, 1000, 2500, 10000}));
  EXPECT_EQ(
      PrometheusMetricsHandler::DefaultBuckets("temporal_workflow_endtoend_latency", false).size(),
      16u);
}

TEST(PrometheusMetricsHandler, CountsExactlyUnderConcurrency) {
  auto handler = std::make_shared<PrometheusMetricsHandler>(
      PrometheusOptions{.histogram_bucket_overrides = {{"latency", {1, 2}}}});
  constexpr int kThreads = 8;
  constexpr int kPerThread = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&handler, t] {
      // Each thread resolves its own instruments (the registry's lock) and records.
      auto tagged = handler->WithTags({{"task_queue", "q"}});
      auto counter = tagged->Counter({.name = "hits"});
      auto histogram = tagged->Histogram({.name = "latency"});
      auto gauge = tagged->Gauge({.name = "level"});
      for (int i = 0; i < kPerThread; ++i) {
        counter->Add(1);
        histogram->Record(i % 3);  // 0, 1, 2: le="1" gets two of three, le="2" all
        gauge->Set(t);
        if (i % 5000 == 0) (void)handler->Render();  // rendering while recording is safe
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const std::string text = handler->Render();
  constexpr int kTotal = kThreads * kPerThread;
  EXPECT_THAT(text, HasSubstr("hits{task_queue=\"q\"} " + std::to_string(kTotal) + "\n"));
  EXPECT_THAT(text, HasSubstr("latency_count{task_queue=\"q\"} " + std::to_string(kTotal) + "\n"));
  EXPECT_THAT(text, HasSubstr("latency_bucket{task_queue=\"q\",le=\"+Inf\"} " +
                              std::to_string(kTotal) + "\n"));
  // Per thread: i % 3 over 0..19999 gives 6667 zeros, 6667 ones, 6666 twos.
  EXPECT_THAT(text, HasSubstr("latency_bucket{task_queue=\"q\",le=\"1\"} " +
                              std::to_string(kThreads * 13334) + "\n"));
  EXPECT_THAT(text, HasSubstr("latency_sum{task_queue=\"q\"} " +
                              std::to_string(kThreads * (6667 + 2 * 6666)) + "\n"));
}

TEST(NoopMetricsHandler, AcceptsEverythingAndRecordsNothing) {
  auto handler = NoopMetricsHandler::Instance();
  auto tagged = handler->WithTags({{"any thing", "goes"}});
  tagged->Counter({.name = "not checked"})->Add(1);
  tagged->Gauge({.name = ""})->Set(1);
  tagged->Histogram({.name = "h"})->Record(1);
  tagged->DurationHistogram({.name = "d"})->Record(std::chrono::seconds(1));
  EXPECT_EQ(handler->Counter({.name = "a"}), handler->Counter({.name = "b"}));  // shared singletons
}

}  // namespace
}  // namespace temporal
