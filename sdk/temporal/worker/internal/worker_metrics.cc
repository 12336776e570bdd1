// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/worker/internal/worker_metrics.h"

#include "temporal/metrics/metric_names.h"

namespace temporal::worker_internal {
namespace {
namespace names = temporal::metric_names;

MetricDefinition Def(std::string_view name, std::string description) {
  return MetricDefinition{
      .name = std::string(name), .description = std::move(description), .unit = ""};
}
MetricDefinition Latency(std::string_view name, std::string description) {
  return MetricDefinition{
      .name = std::string(name), .description = std::move(description), .unit = "duration"};
}

MetricTags Tag(std::string_view name, std::string value) {
  return {{std::string(name), std::move(value)}};
}

SlotMetrics Slots(const MetricsHandler& handler, std::string_view worker_type) {
  auto tagged = handler.WithTags(Tag(names::kTagWorkerType, std::string(worker_type)));
  return SlotMetrics{
      .available = tagged->Gauge(
          Def(names::kWorkerTaskSlotsAvailable, "Current number of available slots per task type")),
      .used = tagged->Gauge(
          Def(names::kWorkerTaskSlotsUsed, "Current number of used slots per task type"))};
}

std::shared_ptr<MetricGauge> Pollers(const MetricsHandler& handler, std::string_view poller_type) {
  return handler.WithTags(Tag(names::kTagPollerType, std::string(poller_type)))
      ->Gauge(Def(names::kNumPollers, "Current number of active pollers per queue type"));
}

}  // namespace

WorkerMetrics::WorkerMetrics(std::shared_ptr<MetricsHandler> handler,
                             const std::string& namespace_name, const std::string& task_queue) {
  if (!handler) handler = NoopMetricsHandler::Instance();
  handler_ = handler->WithTags({{std::string(names::kTagNamespace), namespace_name},
                                {std::string(names::kTagTaskQueue), task_queue}});
  const MetricsHandler& h = *handler_;
  // Descriptions are sdk-core's, so that a scrape reads the same from either SDK.
  worker_start = h.Counter(Def(names::kWorkerStart, "Count of the number of initialized workers"));
  workflow_task_poll_succeed = h.Counter(
      Def(names::kWorkflowTaskQueuePollSucceed, "Count of workflow task queue poll successes"));
  workflow_task_poll_empty =
      h.Counter(Def(names::kWorkflowTaskQueuePollEmpty,
                    "Count of workflow task queue poll timeouts (no new task)"));
  workflow_task_schedule_to_start_latency =
      h.DurationHistogram(Latency(names::kWorkflowTaskScheduleToStartLatency,
                                  "Histogram of workflow task schedule-to-start latencies"));
  sticky_cache_miss =
      h.Counter(Def(names::kStickyCacheMiss,
                    "Count of times the workflow cache was missing a workflow for a sticky task"));
  sticky_cache_size = h.Gauge(Def(names::kStickyCacheSize, "Current number of cached workflows"));
  sticky_cache_forced_eviction =
      h.Counter(Def(names::kStickyCacheForcedEviction, "Count of evictions of cached workflows"));
  activity_poll_no_task = h.Counter(
      Def(names::kActivityPollNoTask, "Count of activity task queue poll timeouts (no new task)"));
  activity_schedule_to_start_latency = h.DurationHistogram(Latency(
      names::kActivityScheduleToStartLatency, "Histogram of activity schedule-to-start latencies"));
  workflow_slots = Slots(h, names::kWorkerTypeWorkflow);
  activity_slots = Slots(h, names::kWorkerTypeActivity);
  local_activity_slots = Slots(h, names::kWorkerTypeLocalActivity);
  workflow_pollers = Pollers(h, names::kPollerTypeWorkflowTask);
  sticky_workflow_pollers = Pollers(h, names::kPollerTypeStickyWorkflowTask);
  activity_pollers = Pollers(h, names::kPollerTypeActivityTask);
}

std::shared_ptr<WorkerMetrics> WorkerMetrics::NoOp() {
  return std::make_shared<WorkerMetrics>(NoopMetricsHandler::Instance(), "", "");
}

const WorkflowTypeMetrics& WorkerMetrics::ForWorkflow(const std::string& workflow_type) {
  std::lock_guard lock(mutex_);
  auto& slot = workflows_[workflow_type];
  if (!slot) {
    auto h = handler_->WithTags(Tag(names::kTagWorkflowType, workflow_type));
    auto failed_task = [&](std::string_view reason) {
      return h->WithTags(Tag(names::kTagFailureReason, std::string(reason)))
          ->Counter(Def(names::kWorkflowTaskExecutionFailed,
                        "Count of workflow task execution failures"));
    };
    slot = std::make_unique<WorkflowTypeMetrics>(WorkflowTypeMetrics{
        .completed =
            h->Counter(Def(names::kWorkflowCompleted, "Count of successfully completed workflows")),
        .failed = h->Counter(Def(names::kWorkflowFailed, "Count of failed workflows")),
        .canceled = h->Counter(Def(names::kWorkflowCanceled, "Count of canceled workflows")),
        .continue_as_new =
            h->Counter(Def(names::kWorkflowContinueAsNew, "Count of continued-as-new workflows")),
        .endtoend_latency = h->DurationHistogram(Latency(
            names::kWorkflowEndToEndLatency, "Histogram of total workflow execution latencies")),
        .task_execution_latency = h->DurationHistogram(
            Latency(names::kWorkflowTaskExecutionLatency,
                    "Histogram of workflow task execution (not replay) latencies")),
        .task_replay_latency = h->DurationHistogram(Latency(
            names::kWorkflowTaskReplayLatency, "Histogram of workflow task replay latencies")),
        .task_failed_nondeterminism = failed_task(names::kFailureReasonNonDeterminism),
        .task_failed_workflow = failed_task(names::kFailureReasonWorkflow),
        .sticky_cache_hit =
            h->Counter(Def(names::kStickyCacheHit,
                           "Count of times the workflow cache was used for a new workflow task")),
    });
  }
  return *slot;
}

const ActivityTypeMetrics& WorkerMetrics::ForActivity(const std::string& activity_type,
                                                      const std::string& workflow_type) {
  std::lock_guard lock(mutex_);
  auto& slot = activities_[{activity_type, workflow_type}];
  if (!slot) {
    auto h = handler_->WithTags({{std::string(names::kTagActivityType), activity_type},
                                 {std::string(names::kTagWorkflowType), workflow_type}});
    slot = std::make_unique<ActivityTypeMetrics>(ActivityTypeMetrics{
        .task_received = h->Counter(
            Def(names::kActivityTaskReceived, "Count of activity task queue poll successes")),
        .execution_latency = h->DurationHistogram(
            Latency(names::kActivityExecutionLatency, "Histogram of activity execution latencies")),
        .succeed_endtoend_latency = h->DurationHistogram(
            Latency(names::kActivitySucceedEndToEndLatency,
                    "Histogram of activity execution latencies for successful activities")),
        .execution_failed = h->Counter(
            Def(names::kActivityExecutionFailed, "Count of activity task execution failures")),
    });
  }
  return *slot;
}

const LocalActivityTypeMetrics& WorkerMetrics::ForLocalActivity(const std::string& activity_type,
                                                                const std::string& workflow_type) {
  std::lock_guard lock(mutex_);
  auto& slot = local_activities_[{activity_type, workflow_type}];
  if (!slot) {
    auto h = handler_->WithTags({{std::string(names::kTagActivityType), activity_type},
                                 {std::string(names::kTagWorkflowType), workflow_type}});
    slot = std::make_unique<LocalActivityTypeMetrics>(LocalActivityTypeMetrics{
        .total = h->Counter(Def(names::kLocalActivityTotal, "Count of local activities executed")),
        .execution_latency =
            h->DurationHistogram(Latency(names::kLocalActivityExecutionLatency,
                                         "Histogram of local activity execution latencies")),
        .succeed_endtoend_latency = h->DurationHistogram(Latency(
            names::kLocalActivitySucceedEndToEndLatency,
            "Histogram of local activity execution latencies for successful local activities")),
        .execution_failed = h->Counter(Def(names::kLocalActivityExecutionFailed,
                                           "Count of local activity executions that failed")),
        .execution_cancelled =
            h->Counter(Def(names::kLocalActivityExecutionCancelled,
                           "Count of local activity executions that were cancelled")),
    });
  }
  return *slot;
}

}  // namespace temporal::worker_internal
