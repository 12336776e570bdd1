// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/worker/internal/workflow_worker.h"

#include <algorithm>
#include <utility>

#include "temporal/common/error.h"
#include "temporal/common/uuid.h"

namespace temporal::worker_internal {
namespace {
namespace enums = temporal::api::enums::v1;
namespace wfs = temporal::api::workflowservice::v1;
}  // namespace

WorkflowWorker::WorkflowWorker(WorkflowWorkerOptions options, workflow::WorkflowRegistry workflows,
                               LocalActivityRunner* local_activities)
    : options_(std::move(options)),
      has_workflows_(!workflows.names().empty() || workflows.Find("") != nullptr),
      // Checked below; at least 1 here so that the check's message is the one seen.
      executor_("workflow tasks", std::max(options_.max_concurrent_workflow_tasks, 1)) {
  if (!options_.connection) throw InvalidArgumentError("WorkflowWorkerOptions.connection is required");
  if (options_.task_queue.empty()) throw InvalidArgumentError("WorkflowWorkerOptions.task_queue is required");
  if (options_.max_concurrent_workflow_tasks < 1) {
    throw InvalidArgumentError("max_concurrent_workflow_tasks must be at least 1, not " +
                               std::to_string(options_.max_concurrent_workflow_tasks));
  }
  if (options_.pollers < 1) {
    throw InvalidArgumentError("workflow task pollers must be at least 1, not " + std::to_string(options_.pollers));
  }
  if (options_.identity.empty()) options_.identity = options_.connection->identity();
  if (!options_.logger) options_.logger = DefaultLogger();
  if (!options_.metrics) options_.metrics = WorkerMetrics::NoOp();
  // Unique per worker instance (and across restarts), as the server requires.
  if (options_.max_cached_workflows > 0) sticky_queue_ = options_.identity + "-sticky-" + RandomUuid();

  slots_ = SlotSupplier::Create(options_.max_concurrent_workflow_tasks);
  slots_->Observe([metrics = options_.metrics](int available, int used) {
    metrics->workflow_slots.Record(available, used);
  });
  cache_ = std::make_unique<WorkflowRunCache>(WorkflowRunCacheOptions{
      .max_runs = options_.max_cached_workflows,
      .max_bytes = options_.max_cache_bytes,
      .on_evict =
          [metrics = options_.metrics, logger = options_.logger](const std::string& run_id, const std::string& reason) {
            // A run whose workflow closed leaves normally; any other reason is forced (sdk-core's count).
            if (reason != kEvictedWorkflowClosed) metrics->sticky_cache_forced_eviction->Add(1);
            if (logger->Enabled(LogLevel::kDebug)) {
              logger->Debug("workflow run evicted from the cache", {{"run_id", run_id}, {"reason", reason}});
            }
          },
      .on_size = [metrics = options_.metrics](size_t runs) {
        metrics->sticky_cache_size->Set(static_cast<double>(runs));
      }});
  deadlocks_ = std::make_unique<DeadlockDetector>(DeadlockDetectorOptions{
      .threshold = options_.deadlock_detection_threshold,
      .on_deadlock = [this](const DeadlockReport& report) {
        options_.logger->Warn(
            "potential deadlock: workflow code has held its worker thread without yielding; workflow code must not "
            "block (no mutexes, sleeps, I/O or busy loops: co_await temporal::workflow operations instead)",
            {{"workflow_id", report.workflow_id},
             {"run_id", report.run_id},
             {"workflow_type", report.workflow_type},
             {"elapsed_ms",
              std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(report.elapsed).count())}});
        if (options_.on_deadlock) options_.on_deadlock(report);
      }});
  WorkflowTaskHandlerOptions handler_options;
  handler_options.connection = options_.connection;
  handler_options.namespace_name = options_.namespace_name;
  handler_options.task_queue = options_.task_queue;
  handler_options.identity = options_.identity;
  handler_options.build_id = options_.build_id;
  handler_options.sticky_queue = sticky_queue_;
  handler_options.sticky_schedule_to_start_timeout = options_.sticky_schedule_to_start_timeout;
  handler_options.converter = options_.converter;
  handler_options.logger = options_.logger;
  handler_options.metrics = options_.metrics;
  handler_options.interceptors = options_.interceptors;
  handler_ = std::make_unique<WorkflowTaskHandler>(std::move(handler_options), std::move(workflows), *cache_,
                                                   *deadlocks_, local_activities);

  auto loop_options = [&](std::string name, std::shared_ptr<MetricGauge> pollers_gauge) {
    PollLoopOptions loop;
    loop.name = std::move(name);
    loop.pollers = options_.pollers;
    loop.slots = slots_;
    loop.backoff = options_.poll_backoff;
    loop.logger = options_.logger;
    loop.on_active_pollers = [gauge = std::move(pollers_gauge)](int polls) { gauge->Set(polls); };
    loop.on_fatal_error = options_.on_fatal_error;
    return loop;
  };
  normal_polls_ = std::make_unique<PollLoop>(
      loop_options("workflow task queue " + options_.task_queue, options_.metrics->workflow_pollers),
      [this](SlotSupplier::Permit permit, const CallOptions& call) { Poll(false, std::move(permit), call); });
  if (!sticky_queue_.empty()) {
    sticky_polls_ = std::make_unique<PollLoop>(
        loop_options("sticky queue " + sticky_queue_, options_.metrics->sticky_workflow_pollers),
        [this](SlotSupplier::Permit permit, const CallOptions& call) { Poll(true, std::move(permit), call); });
  }
}

WorkflowWorker::~WorkflowWorker() { Shutdown(); }

void WorkflowWorker::Start() {
  {
    std::lock_guard lock(mutex_);
    if (started_ || !has_workflows_) return;
    started_ = true;
  }
  normal_polls_->Start();
  if (sticky_polls_) sticky_polls_->Start();
}

void WorkflowWorker::Poll(bool sticky, SlotSupplier::Permit permit, const CallOptions& call_options) {
  wfs::PollWorkflowTaskQueueRequest request;
  request.set_namespace_(options_.namespace_name);
  request.set_identity(options_.identity);
  auto* queue = request.mutable_task_queue();
  if (sticky) {
    queue->set_name(sticky_queue_);
    queue->set_kind(enums::TASK_QUEUE_KIND_STICKY);
    queue->set_normal_name(options_.task_queue);
  } else {
    queue->set_name(options_.task_queue);
    queue->set_kind(enums::TASK_QUEUE_KIND_NORMAL);
  }
  if (!options_.build_id.empty()) {
    auto* deployment = request.mutable_deployment_options();
    deployment->set_build_id(options_.build_id);
    deployment->set_worker_versioning_mode(enums::WORKER_VERSIONING_MODE_UNVERSIONED);
  }
  auto task = options_.connection->PollWorkflowTaskQueue(request, call_options);
  if (task.task_token().empty()) {  // the long poll ended with nothing
    options_.metrics->workflow_task_poll_empty->Add(1);
    return;
  }
  options_.metrics->workflow_task_poll_succeed->Add(1);
  if (task.has_started_time() && task.has_scheduled_time()) {
    const Duration waited = FromProto(task.started_time()) - FromProto(task.scheduled_time());
    if (waited >= Duration::zero()) options_.metrics->workflow_task_schedule_to_start_latency->Record(waited);
  }
  // Shared because a std::function must be copyable and the permit is not.
  auto job = std::make_shared<Job>(Job{std::move(task), std::move(permit)});
  executor_.Submit([this, job] {
    handler_->Handle(std::move(job->task));
    job->permit.Release();
  });
}

void WorkflowWorker::InitiateShutdown() {
  normal_polls_->Stop();
  if (sticky_polls_) sticky_polls_->Stop();
}

void WorkflowWorker::Shutdown() {
  std::lock_guard shutdown_lock(shutdown_mutex_);
  if (shut_down_) return;
  shut_down_ = true;
  InitiateShutdown();
  normal_polls_->Join();
  if (sticky_polls_) sticky_polls_->Join();
  // The tasks in hand finish: a workflow task is short, and cutting one off
  // would only make the server wait for its timeout.
  executor_.Stop();

  bool was_started;
  {
    std::lock_guard lock(mutex_);
    was_started = started_;
  }
  if (was_started && !sticky_queue_.empty()) {
    // Tasks of this worker's runs go to the normal queue at once, instead
    // of after the sticky schedule-to-start timeout.
    try {
      wfs::ShutdownWorkerRequest request;
      request.set_namespace_(options_.namespace_name);
      request.set_identity(options_.identity);
      request.set_sticky_task_queue(sticky_queue_);
      request.set_reason("graceful shutdown");
      CallOptions call;
      call.timeout = std::chrono::seconds(5);
      call.retry = RpcRetryOptions::NoRetries();
      options_.connection->ShutdownWorker(request, call);
    } catch (const std::exception& e) {
      options_.logger->Warn("ShutdownWorker failed; the sticky queue's tasks will move after their timeout",
                            {{"sticky_queue", sticky_queue_}, {"error", e.what()}});
    }
  }
  cache_->EvictAll("worker shutdown");
}

}  // namespace temporal::worker_internal
