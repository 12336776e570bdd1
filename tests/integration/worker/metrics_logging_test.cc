// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Worker metrics and logging against the dev server: workflows run with a
// PrometheusMetricsHandler, then the rendered text must hold the official
// metric names with the right tags and counts; a custom Logger must receive
// a structured record when a workflow task fails.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "temporal/client/metrics_client_interceptor.h"
#include "temporal/logging/logger.h"
#include "temporal/metrics/prometheus_metrics_handler.h"
#include "temporal/workflow/workflow.h"
#include "worker/worker_test_base.h"

namespace temporal::testing {
namespace {
using ::testing::HasSubstr;
using namespace std::chrono_literals;

std::string Compose(std::string name) { return "Hello, " + name + "!"; }

Task<std::string> Greet(std::string name) {
  const workflow::ActivityOptions options{.start_to_close_timeout = std::chrono::seconds(10)};
  std::string greeting = co_await workflow::ExecuteActivity<std::string>("Compose", options, name);
  co_return greeting;
}

Task<std::string> GreetLocally(std::string name) {
  const workflow::ActivityOptions options{.start_to_close_timeout = std::chrono::seconds(10)};
  std::string greeting =
      co_await workflow::ExecuteLocalActivity<std::string>("Compose", options, name);
  co_return greeting;
}

Task<void> Refuse() {
  throw ApplicationError("refused on purpose", "Refused", {.non_retryable = true});
  co_return;
}

// Throws something outside the Temporal failure hierarchy: the workflow
// task fails (and is retried), the workflow does not.
Task<void> Broken() {
  throw std::runtime_error("the workflow code is broken");
  co_return;
}

// Sample: the value of the series `name{labels}` in a Prometheus text
// rendering (labels exactly as rendered: sorted by name), or nothing.
std::optional<double> Sample(const std::string& text, const std::string& series) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.size() > series.size() && line.compare(0, series.size(), series) == 0 &&
        line[series.size()] == ' ') {
      return std::strtod(line.c_str() + series.size() + 1, nullptr);
    }
  }
  return std::nullopt;
}

class MetricsLoggingTest : public WorkerTestBase {
 protected:
  // The labels of this test's worker: namespace and task_queue, with
  // `before` and `after` around them (labels render sorted by name).
  std::string Labels(const std::string& before, const std::string& after = "") const {
    return "{" + before + "namespace=\"default\",task_queue=\"" + task_queue_ + "\"" + after + "}";
  }
};

TEST_F(MetricsLoggingTest, WorkerMetricsHaveTheOfficialNamesTagsAndCounts) {
  auto prometheus = std::make_shared<PrometheusMetricsHandler>();
  Worker& worker = MakeWorker(
      {.max_concurrent_workflow_tasks = 10, .workflow_task_pollers = 2, .metrics = prometheus});
  worker.RegisterWorkflow("Greet", Greet);
  worker.RegisterWorkflow("GreetLocally", GreetLocally);
  worker.RegisterWorkflow("Refuse", Refuse);
  worker.RegisterActivity("Compose", Compose);
  worker.Start();

  constexpr int kGreetings = 3;
  for (int i = 0; i < kGreetings; ++i) {
    EXPECT_EQ(client_->ExecuteWorkflow<std::string>("Greet", Options(), "n" + std::to_string(i)),
              "Hello, n" + std::to_string(i) + "!");
  }
  EXPECT_EQ(client_->ExecuteWorkflow<std::string>("GreetLocally", Options(), std::string("local")),
            "Hello, local!");
  EXPECT_THROW(client_->ExecuteWorkflow<void>("Refuse", Options()), WorkflowFailedError);

  // The client sees a workflow close once the server records it; the worker
  // records its metrics and evicts the run when its completion call returns,
  // a moment later. Wait for that before reading.
  const std::string refused = "temporal_workflow_failed" + Labels("", ",workflow_type=\"Refuse\"");
  std::string text = prometheus->Render();
  for (auto deadline = std::chrono::steady_clock::now() + 10s;
       (worker.cached_workflows() != 0 || Sample(text, refused) != 1) &&
       std::chrono::steady_clock::now() < deadline;) {
    std::this_thread::sleep_for(20ms);
    text = prometheus->Render();
  }
  SCOPED_TRACE(text);
  if (std::getenv("TEMPORAL_TEST_PRINT_METRICS") != nullptr) std::cout << text;
  const std::string greet = ",workflow_type=\"Greet\"";
  // Counts that must be exact.
  EXPECT_EQ(Sample(text, "temporal_workflow_completed" + Labels("", greet)), kGreetings);
  EXPECT_EQ(
      Sample(text, "temporal_workflow_completed" + Labels("", ",workflow_type=\"GreetLocally\"")),
      1);
  EXPECT_EQ(Sample(text, "temporal_workflow_failed" + Labels("", ",workflow_type=\"Refuse\"")), 1);
  EXPECT_EQ(Sample(text, "temporal_workflow_endtoend_latency_count" + Labels("", greet)),
            kGreetings);
  const std::string activity_labels = Labels("activity_type=\"Compose\",", greet);
  EXPECT_EQ(Sample(text, "temporal_activity_execution_latency_count" + activity_labels),
            kGreetings);
  EXPECT_EQ(Sample(text, "temporal_activity_succeed_endtoend_latency_count" + activity_labels),
            kGreetings);
  EXPECT_EQ(Sample(text, "temporal_activity_task_received" + activity_labels), kGreetings);
  const std::string local_labels =
      Labels("activity_type=\"Compose\",", ",workflow_type=\"GreetLocally\"");
  EXPECT_EQ(Sample(text, "temporal_local_activity_total" + local_labels), 1);
  EXPECT_EQ(Sample(text, "temporal_local_activity_execution_latency_count" + local_labels), 1);
  EXPECT_EQ(Sample(text, "temporal_worker_start" + Labels("")), 1);
  // Each Greet run has two workflow tasks (start; activity done), at least
  // one of them on the sticky queue with its run cached.
  EXPECT_GE(Sample(text, "temporal_workflow_task_execution_latency_count" + Labels("", greet))
                .value_or(0),
            2 * kGreetings);
  EXPECT_GE(Sample(text, "temporal_sticky_cache_hit" + Labels("", greet)).value_or(0), 1);
  EXPECT_GE(Sample(text, "temporal_workflow_task_queue_poll_succeed" + Labels("")).value_or(0),
            2 * kGreetings + 2);
  EXPECT_GE(Sample(text, "temporal_workflow_task_schedule_to_start_latency_count" + Labels(""))
                .value_or(0),
            2 * kGreetings + 2);
  EXPECT_EQ(Sample(text, "temporal_activity_schedule_to_start_latency_count" + Labels("")),
            kGreetings);
  // Gauges: present, within their bounds. Idle pollers hold a slot each
  // while they long-poll (2 on the task queue, 2 on the sticky queue).
  const auto workflow_slots = Sample(
      text, "temporal_worker_task_slots_available" + Labels("", ",worker_type=\"WorkflowWorker\""));
  ASSERT_TRUE(workflow_slots.has_value());
  EXPECT_GE(*workflow_slots, 10 - 4);
  EXPECT_LE(*workflow_slots, 10);
  EXPECT_TRUE(Sample(
      text, "temporal_worker_task_slots_used" + Labels("", ",worker_type=\"ActivityWorker\"")));
  EXPECT_TRUE(Sample(text, "temporal_worker_task_slots_available" +
                               Labels("", ",worker_type=\"LocalActivityWorker\"")));
  auto pollers = [&](const std::string& type) {
    return Sample(text, "temporal_num_pollers{namespace=\"default\",poller_type=\"" + type +
                            "\",task_queue=\"" + task_queue_ + "\"}");
  };
  EXPECT_TRUE(pollers("sticky_workflow_task"));
  EXPECT_LE(pollers("workflow_task").value_or(99), 2);
  EXPECT_TRUE(pollers("activity_task"));
  // Runs leave the cache when they close.
  EXPECT_EQ(Sample(text, "temporal_sticky_cache_size" + Labels("")), 0);
  EXPECT_EQ(worker.cached_workflows(), 0u);
  // Latencies are in milliseconds with sdk-core's buckets.
  EXPECT_THAT(text, HasSubstr("temporal_workflow_task_execution_latency_bucket" +
                              Labels("", greet + ",le=\"1000\"")));
}

TEST_F(MetricsLoggingTest, ClientRequestMetricsThroughTheInterceptor) {
  auto prometheus = std::make_shared<PrometheusMetricsHandler>();
  ConnectionOptions connection_options{.target = server_address()};
  connection_options.interceptors.push_back(std::make_shared<MetricsClientInterceptor>(prometheus));
  Client client = Client::Connect(connection_options);
  workers_.push_back(std::make_unique<Worker>(
      client, WorkerOptions{.task_queue = task_queue_, .metrics = prometheus}));
  Worker& worker = *workers_.back();
  worker.RegisterWorkflow("Greet", Greet);
  worker.RegisterActivity("Compose", Compose);
  worker.Start();
  EXPECT_EQ(client.ExecuteWorkflow<std::string>("Greet", Options(), std::string("x")), "Hello, x!");

  const std::string text = prometheus->Render();
  SCOPED_TRACE(text);
  EXPECT_EQ(
      Sample(text, "temporal_request{namespace=\"default\",operation=\"StartWorkflowExecution\"}"),
      1);
  EXPECT_GE(
      Sample(text,
             "temporal_request{namespace=\"default\",operation=\"RespondWorkflowTaskCompleted\"}")
          .value_or(0),
      2);
  EXPECT_EQ(
      Sample(text,
             "temporal_request{namespace=\"default\",operation=\"RespondActivityTaskCompleted\"}"),
      1);
  EXPECT_GE(Sample(text,
                   "temporal_long_request{namespace=\"default\",operation="
                   "\"PollWorkflowTaskQueue\",task_queue=\"" +
                       task_queue_ + "\"}")
                .value_or(0),
            2);
  EXPECT_THAT(text, HasSubstr("temporal_request_latency_bucket{namespace=\"default\",operation="
                              "\"StartWorkflowExecution\",le=\"50\"}"));
}

TEST_F(MetricsLoggingTest, ACustomLoggerReceivesAStructuredRecordForAFailedWorkflowTask) {
  struct Captured {
    LogLevel level;
    std::string message;
    LogFields fields;
  };
  // Shared with the logger, which the worker (owned by the fixture) may
  // still call after this body's locals are gone.
  struct Capture {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<Captured> records;
  };
  auto capture = std::make_shared<Capture>();
  auto logger = std::make_shared<FunctionLogger>([capture](const LogRecord& record) {
    std::lock_guard lock(capture->mutex);
    capture->records.push_back({record.level, std::string(record.message), record.fields});
    capture->changed.notify_all();
  });
  auto prometheus = std::make_shared<PrometheusMetricsHandler>();
  Worker& worker = MakeWorker({.logger = logger, .metrics = prometheus});
  worker.RegisterWorkflow("Broken", Broken);
  worker.Start();
  auto options = Options("broken");
  auto handle = client_->StartWorkflow("Broken", options);

  auto field = [](const Captured& record, const std::string& key) -> std::string {
    for (const auto& [k, v] : record.fields) {
      if (k == key) return v;
    }
    return "<missing>";
  };
  std::optional<Captured> failure;
  {
    std::unique_lock lock(capture->mutex);
    capture->changed.wait_for(lock, 20s, [&] {
      for (const auto& record : capture->records) {
        if (record.message == "workflow task failed" &&
            field(record, "workflow_id") == options.id) {
          failure = record;
          return true;
        }
      }
      return false;
    });
  }
  handle.Terminate("test over");
  ASSERT_TRUE(failure.has_value()) << "no workflow task failure was logged";
  EXPECT_EQ(failure->level, LogLevel::kError);
  EXPECT_EQ(field(*failure, "namespace"), "default");
  EXPECT_EQ(field(*failure, "task_queue"), task_queue_);
  EXPECT_EQ(field(*failure, "workflow_type"), "Broken");
  EXPECT_EQ(field(*failure, "run_id"), handle.run_id());
  EXPECT_EQ(field(*failure, "attempt"), "1");
  EXPECT_EQ(field(*failure, "cause"),
            "WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE");
  EXPECT_THAT(field(*failure, "error"), HasSubstr("the workflow code is broken"));
  // The namespace and task queue come first, as WithLogFields puts them.
  ASSERT_GE(failure->fields.size(), 2u);
  EXPECT_EQ(failure->fields[0].first, "namespace");
  EXPECT_EQ(failure->fields[1].first, "task_queue");
  // And it is counted.
  EXPECT_GE(Sample(prometheus->Render(),
                   "temporal_workflow_task_execution_failed" +
                       Labels("failure_reason=\"WorkflowError\",", ",workflow_type=\"Broken\""))
                .value_or(0),
            1);
}

}  // namespace
}  // namespace temporal::testing
