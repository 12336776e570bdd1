// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/worker/worker.h"

#include "temporal/common/error.h"
#include "temporal/metrics/metric_names.h"
#include "temporal/worker/internal/activity_worker.h"
#include "temporal/worker/internal/local_activity_runner.h"
#include "temporal/worker/internal/worker_metrics.h"
#include "temporal/worker/internal/workflow_worker.h"

namespace temporal {

Worker::Worker(Client client, WorkerOptions options) : client_(std::move(client)), options_(std::move(options)) {
  if (options_.task_queue.empty()) throw InvalidArgumentError("WorkerOptions.task_queue is required");
  if (options_.namespace_name.empty()) options_.namespace_name = client_.options().namespace_;
  if (options_.identity.empty()) {
    options_.identity =
        client_.options().identity.empty() ? client_.connection()->identity() : client_.options().identity;
  }
  if (!options_.data_converter) options_.data_converter = client_.options().data_converter;
  if (!options_.logger) options_.logger = DefaultLogger();
  if (!options_.metrics) options_.metrics = NoopMetricsHandler::Instance();
  auto positive = [](int value, const char* field) {
    if (value < 1) {
      throw InvalidArgumentError(std::string("WorkerOptions.") + field + " must be at least 1, not " +
                                 std::to_string(value));
    }
  };
  positive(options_.max_concurrent_workflow_tasks, "max_concurrent_workflow_tasks");
  positive(options_.max_concurrent_activities, "max_concurrent_activities");
  positive(options_.max_concurrent_local_activities, "max_concurrent_local_activities");
  positive(options_.workflow_task_pollers, "workflow_task_pollers");
  positive(options_.activity_task_pollers, "activity_task_pollers");
  if (options_.max_cache_bytes < 0) throw InvalidArgumentError("WorkerOptions.max_cache_bytes must not be negative");
}

Worker::~Worker() {
  bool running;
  {
    std::lock_guard lock(mutex_);
    running = started_ && !stopped_flag_;
  }
  if (running) Shutdown();
}

void Worker::Start() {
  std::lock_guard lock(mutex_);
  if (started_) return;
  if (workflows_.names().empty() && workflows_.Find("") == nullptr && activities_.empty()) {
    throw InvalidArgumentError("the worker for task queue " + options_.task_queue +
                               " has no workflows and no activities registered");
  }
  // Every record and instrument of this worker names its namespace and task queue.
  auto logger = WithLogFields(options_.logger, {{std::string(metric_names::kTagNamespace), options_.namespace_name},
                                                {std::string(metric_names::kTagTaskQueue), options_.task_queue}});
  auto metrics =
      std::make_shared<worker_internal::WorkerMetrics>(options_.metrics, options_.namespace_name, options_.task_queue);
  auto fatal = [logger](std::exception_ptr error) {
    try {
      if (error) std::rethrow_exception(error);
    } catch (const std::exception& e) {
      logger->Error("polling stopped for good; shut the worker down", {{"error", e.what()}});
    }
  };

  worker_internal::LocalActivityRunnerOptions local_options;
  local_options.namespace_name = options_.namespace_name;
  local_options.converter = *options_.data_converter;
  local_options.local_retry_threshold = options_.local_activity_retry_threshold;
  local_options.max_concurrent = options_.max_concurrent_local_activities;
  local_options.metrics = metrics;
  local_options.interceptors.assign(options_.interceptors.begin(), options_.interceptors.end());
  local_activities_ = std::make_unique<worker_internal::RegistryLocalActivityRunner>(local_options, activities_);

  worker_internal::WorkflowWorkerOptions workflow_options;
  workflow_options.connection = client_.connection();
  workflow_options.namespace_name = options_.namespace_name;
  workflow_options.task_queue = options_.task_queue;
  workflow_options.identity = options_.identity;
  workflow_options.build_id = options_.build_id;
  workflow_options.converter = *options_.data_converter;
  workflow_options.max_concurrent_workflow_tasks = options_.max_concurrent_workflow_tasks;
  workflow_options.pollers = options_.workflow_task_pollers;
  workflow_options.max_cached_workflows = options_.max_cached_workflows;
  workflow_options.max_cache_bytes = options_.max_cache_bytes;
  workflow_options.sticky_schedule_to_start_timeout = options_.sticky_schedule_to_start_timeout;
  workflow_options.deadlock_detection_threshold = options_.deadlock_detection_threshold;
  workflow_options.on_deadlock = [this](const worker_internal::DeadlockReport& report) {
    if (!options_.on_deadlock) return;
    options_.on_deadlock(WorkerDeadlockReport{.workflow_id = report.workflow_id,
                                              .run_id = report.run_id,
                                              .workflow_type = report.workflow_type,
                                              .elapsed = report.elapsed,
                                              .message = report.Message()});
  };
  workflow_options.logger = logger;
  workflow_options.metrics = metrics;
  workflow_options.on_fatal_error = fatal;
  workflow_options.interceptors.assign(options_.interceptors.begin(), options_.interceptors.end());
  workflow_worker_ =
      std::make_unique<worker_internal::WorkflowWorker>(workflow_options, workflows_, local_activities_.get());

  worker_internal::ActivityWorkerOptions activity_options;
  activity_options.connection = client_.connection();
  activity_options.namespace_name = options_.namespace_name;
  activity_options.task_queue = options_.task_queue;
  activity_options.identity = options_.identity;
  activity_options.converter = *options_.data_converter;
  activity_options.max_concurrent_activities = options_.max_concurrent_activities;
  activity_options.pollers = options_.activity_task_pollers;
  activity_options.logger = logger;
  activity_options.metrics = metrics;
  activity_options.on_fatal_error = fatal;
  activity_options.interceptors.assign(options_.interceptors.begin(), options_.interceptors.end());
  activity_worker_ = std::make_unique<worker_internal::ActivityWorker>(activity_options, activities_);

  workflow_worker_->Start();
  activity_worker_->Start();
  started_ = true;
  metrics->worker_start->Add(1);
}

void Worker::Run() {
  Start();
  std::unique_lock lock(mutex_);
  stopped_.wait(lock, [&] { return stopped_flag_; });
}

void Worker::Shutdown() {
  {
    std::unique_lock lock(mutex_);
    if (!started_) {
      stopped_flag_ = true;
      stopped_.notify_all();
      return;
    }
    if (shutdown_started_) {
      // Another thread is shutting down: wait for it.
      stopped_.wait(lock, [&] { return stopped_flag_; });
      return;
    }
    shutdown_started_ = true;
  }
  // Stop polling on both sides first, so no new work arrives while the
  // tasks in hand finish.
  workflow_worker_->InitiateShutdown();
  activity_worker_->InitiateShutdown();
  // Activities and the local activities of workflow tasks in hand get the
  // grace period, then are canceled.
  const auto deadline = std::chrono::steady_clock::now() + options_.graceful_shutdown_timeout;
  activity_worker_->Shutdown(options_.graceful_shutdown_timeout);
  workflow_worker_->WaitIdle(deadline);
  local_activities_->CancelAll();
  workflow_worker_->Shutdown();
  {
    std::lock_guard lock(mutex_);
    stopped_flag_ = true;
  }
  stopped_.notify_all();
}

const std::string& Worker::sticky_queue() const {
  static const std::string kNone;
  return workflow_worker_ ? workflow_worker_->sticky_queue() : kNone;
}

size_t Worker::cached_workflows() const { return workflow_worker_ ? workflow_worker_->cache().size() : 0; }

}  // namespace temporal
