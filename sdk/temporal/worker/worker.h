// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Worker: hosts workflows and activities for one task queue. It polls the
// server for workflow tasks (replaying each run's history through the
// workflow code, with runs cached between tasks) and activity tasks (running
// the activity functions on a thread pool), and answers the server.
//
//   temporal::Client client = temporal::Client::Connect({.target = "localhost:7233"});
//   temporal::Worker worker(client, {.task_queue = "orders"});
//   worker.RegisterWorkflow("ProcessOrder", ProcessOrder);      // Task<R>(Args...)
//   worker.RegisterActivity("Charge", Charge);                  // R(Args...)
//   worker.Run();            // until Shutdown() is called (e.g. from a signal-handling thread)
//
// For tests and for embedding, Start() returns at once and Shutdown() stops
// the worker gracefully: it stops polling, lets the tasks in hand finish
// (running activities for up to graceful_shutdown_timeout, then they are
// canceled), sends their answers, and returns.
//
//   worker.Start();
//   auto result = client.ExecuteWorkflow<std::string>("ProcessOrder", {.id = "o-1", .task_queue = "orders"}, order);
//   worker.Shutdown();
#ifndef TEMPORAL_WORKER_WORKER_H_
#define TEMPORAL_WORKER_WORKER_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "temporal/activity/activity_definition.h"
#include "temporal/client/client.h"
#include "temporal/common/duration.h"
#include "temporal/logging/logger.h"
#include "temporal/metrics/metrics_handler.h"
#include "temporal/worker/interceptor.h"
#include "temporal/workflow/workflow_definition.h"

namespace temporal {

namespace worker_internal {
class WorkflowWorker;
class ActivityWorker;
class RegistryLocalActivityRunner;
}  // namespace worker_internal

// DeadlockReport: workflow code that has held its worker thread longer than
// WorkerOptions::deadlock_detection_threshold without yielding. The
// activation goes on (it cannot be stopped from outside); the report says
// which workflow to look at.
struct WorkerDeadlockReport {
  std::string workflow_id;
  std::string run_id;
  std::string workflow_type;
  Duration elapsed{};
  // The log line the worker wrote for it.
  std::string message;
};

// WorkerOptions: see the file comment. Only task_queue is required.
struct WorkerOptions {
  std::string task_queue;
  // Default: the client's namespace.
  std::string namespace_name;
  // Default: the client's identity ("<pid>@<hostname>").
  std::string identity;
  // The build of the worker's code, reported with polls and answers (not
  // worker versioning: workflows are not routed by it).
  std::string build_id;

  // Tasks processed at once (slots): workflow tasks, activities, local activities.
  int max_concurrent_workflow_tasks = 100;
  int max_concurrent_activities = 100;
  int max_concurrent_local_activities = 100;
  // Poller threads: on the workflow task queue (and as many on the sticky
  // queue), and on the activity task queue.
  // Eight each: with 50 hello workflows in flight on the dev server, one
  // worker managed 21 workflows/s with two pollers, 29/s with five and
  // 110/s with eight (worker_benchmark). Likely cause: a task that finds no
  // poll waiting goes to the server's backlog, which is slower to dispatch.
  int workflow_task_pollers = 8;
  int activity_task_pollers = 8;

  // Sticky execution: runs kept in memory between their workflow tasks, by
  // count (0 turns caching off: every task replays the whole history) and
  // by estimated size in bytes (0: no limit).
  size_t max_cached_workflows = 600;
  int64_t max_cache_bytes = 0;
  // How long a task on this worker's sticky queue waits for it before the
  // server gives it to any worker.
  Duration sticky_schedule_to_start_timeout = std::chrono::seconds(10);

  // How long Shutdown lets running activities finish before canceling them.
  Duration graceful_shutdown_timeout = std::chrono::seconds(0);
  // Workflow code that holds its thread this long is reported (a log line
  // and on_deadlock); 0 turns detection off.
  Duration deadlock_detection_threshold = std::chrono::seconds(2);
  std::function<void(const WorkerDeadlockReport&)> on_deadlock;
  // Local activities retried by the worker; a retry waiting longer than this
  // is handed to the workflow (a durable timer) instead.
  Duration local_activity_retry_threshold = std::chrono::minutes(1);

  // Default: the client's data converter.
  std::optional<converter::DataConverter> data_converter;
  // Where the worker's log records go (poll failures, task failures with
  // the non-determinism message, deadlocks, workflow::Log lines), each with
  // fields namespace and task_queue, and workflow_id, run_id, workflow_type
  // or activity_type where known. Default: DefaultLogger(), logfmt lines on
  // stderr (level from TEMPORAL_LOG_LEVEL, default info).
  std::shared_ptr<Logger> logger;
  // Where the worker's metrics go: the official SDKs' names and tags
  // (temporal/metrics/metric_names.h), e.g. a PrometheusMetricsHandler.
  // Default: none (NoopMetricsHandler).
  std::shared_ptr<MetricsHandler> metrics;

  // Interceptors of every workflow run and activity attempt (local
  // activities included), the first listed outermost. See
  // temporal/worker/interceptor.h.
  std::vector<std::shared_ptr<WorkerInterceptor>> interceptors;
};

class Worker {
 public:
  // Throws InvalidArgumentError for missing or invalid options.
  Worker(Client client, WorkerOptions options);
  // Shuts down (as Shutdown()) if still running.
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // RegisterWorkflow: a workflow function `Task<R>(Args...)` under `name`.
  // Register before Start.
  template <typename F>
  void RegisterWorkflow(std::string name, F function, workflow::WorkflowOptions options = {}) {
    workflows_.Register(std::move(name), std::move(function), options);
  }
  // RegisterDynamicWorkflow: runs every workflow type not registered by name.
  void RegisterDynamicWorkflow(std::function<Task<Values>(std::string workflow_type, Values args)> function,
                               workflow::WorkflowOptions options = {}) {
    workflows_.RegisterDynamic(std::move(function), options);
  }
  // RegisterActivity: an activity function `R(Args...)` under `name` (also
  // used for local activities).
  template <typename F>
  void RegisterActivity(std::string name, F function) {
    activities_.Register(std::move(name), std::move(function));
  }
  // RegisterDynamicActivity: runs every activity type not registered by name.
  void RegisterDynamicActivity(std::function<Values(Values args)> function) {
    activities_.RegisterDynamic(std::move(function));
  }

  // Start begins polling and returns. Throws InvalidArgumentError when
  // nothing is registered.
  void Start();
  // Run: Start, then block until Shutdown is called (from another thread)
  // and has finished.
  void Run();
  // Shutdown stops the worker gracefully (see the file comment) and returns
  // when it has stopped. Thread safe and idempotent.
  void Shutdown();

  const WorkerOptions& options() const { return options_; }
  // This worker's sticky queue (empty when caching is off).
  const std::string& sticky_queue() const;
  // Runs in the sticky cache now.
  size_t cached_workflows() const;

 private:
  Client client_;
  WorkerOptions options_;
  workflow::WorkflowRegistry workflows_;
  activity::ActivityRegistry activities_;
  std::unique_ptr<worker_internal::RegistryLocalActivityRunner> local_activities_;
  std::unique_ptr<worker_internal::WorkflowWorker> workflow_worker_;
  std::unique_ptr<worker_internal::ActivityWorker> activity_worker_;

  std::mutex mutex_;
  std::condition_variable stopped_;
  bool started_ = false;
  bool shutdown_started_ = false;
  bool stopped_flag_ = false;
};

}  // namespace temporal

#endif  // TEMPORAL_WORKER_WORKER_H_
