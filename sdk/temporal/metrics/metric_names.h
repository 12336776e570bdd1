// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// The names of the metrics the SDK emits, their tag names and tag values:
// those of the official SDKs (sdk-core's worker and client metrics, which
// the Go SDK shares), so that Temporal's dashboards and alerts work
// unchanged. Use them to find a metric in a handler's output:
//
//   std::string text = prometheus->Render();
//   bool seen = text.find(std::string(temporal::metric_names::kWorkflowCompleted) + "{") !=
//   std::string::npos;
//
// Which tags each metric carries is listed in docs/adr/0021-metrics-and-logging.md.
#ifndef TEMPORAL_METRICS_METRIC_NAMES_H_
#define TEMPORAL_METRICS_METRIC_NAMES_H_

#include <string_view>

namespace temporal::metric_names {

// ---- Worker: workflows ----
inline constexpr std::string_view kWorkflowCompleted = "temporal_workflow_completed";
inline constexpr std::string_view kWorkflowFailed = "temporal_workflow_failed";
inline constexpr std::string_view kWorkflowCanceled = "temporal_workflow_canceled";
inline constexpr std::string_view kWorkflowContinueAsNew = "temporal_workflow_continue_as_new";
inline constexpr std::string_view kWorkflowEndToEndLatency = "temporal_workflow_endtoend_latency";
inline constexpr std::string_view kWorkflowTaskQueuePollSucceed =
    "temporal_workflow_task_queue_poll_succeed";
inline constexpr std::string_view kWorkflowTaskQueuePollEmpty =
    "temporal_workflow_task_queue_poll_empty";
inline constexpr std::string_view kWorkflowTaskScheduleToStartLatency =
    "temporal_workflow_task_schedule_to_start_latency";
inline constexpr std::string_view kWorkflowTaskExecutionLatency =
    "temporal_workflow_task_execution_latency";
inline constexpr std::string_view kWorkflowTaskReplayLatency =
    "temporal_workflow_task_replay_latency";
inline constexpr std::string_view kWorkflowTaskExecutionFailed =
    "temporal_workflow_task_execution_failed";

// ---- Worker: sticky cache ----
inline constexpr std::string_view kStickyCacheHit = "temporal_sticky_cache_hit";
inline constexpr std::string_view kStickyCacheMiss = "temporal_sticky_cache_miss";
inline constexpr std::string_view kStickyCacheSize = "temporal_sticky_cache_size";
inline constexpr std::string_view kStickyCacheForcedEviction =
    "temporal_sticky_cache_total_forced_eviction";

// ---- Worker: activities ----
inline constexpr std::string_view kActivityPollNoTask = "temporal_activity_poll_no_task";
inline constexpr std::string_view kActivityTaskReceived = "temporal_activity_task_received";
inline constexpr std::string_view kActivityScheduleToStartLatency =
    "temporal_activity_schedule_to_start_latency";
inline constexpr std::string_view kActivityExecutionLatency = "temporal_activity_execution_latency";
inline constexpr std::string_view kActivitySucceedEndToEndLatency =
    "temporal_activity_succeed_endtoend_latency";
inline constexpr std::string_view kActivityExecutionFailed = "temporal_activity_execution_failed";

// ---- Worker: local activities ----
inline constexpr std::string_view kLocalActivityTotal = "temporal_local_activity_total";
inline constexpr std::string_view kLocalActivityExecutionLatency =
    "temporal_local_activity_execution_latency";
inline constexpr std::string_view kLocalActivitySucceedEndToEndLatency =
    "temporal_local_activity_succeed_endtoend_latency";
inline constexpr std::string_view kLocalActivityExecutionFailed =
    "temporal_local_activity_execution_failed";
inline constexpr std::string_view kLocalActivityExecutionCancelled =
    "temporal_local_activity_execution_cancelled";

// ---- Worker: slots, pollers, lifecycle ----
inline constexpr std::string_view kWorkerStart = "temporal_worker_start";
inline constexpr std::string_view kWorkerTaskSlotsAvailable =
    "temporal_worker_task_slots_available";
inline constexpr std::string_view kWorkerTaskSlotsUsed = "temporal_worker_task_slots_used";
inline constexpr std::string_view kNumPollers = "temporal_num_pollers";

// ---- Client (MetricsClientInterceptor) ----
inline constexpr std::string_view kRequest = "temporal_request";
inline constexpr std::string_view kRequestFailure = "temporal_request_failure";
inline constexpr std::string_view kRequestLatency = "temporal_request_latency";
inline constexpr std::string_view kLongRequest = "temporal_long_request";
inline constexpr std::string_view kLongRequestFailure = "temporal_long_request_failure";
inline constexpr std::string_view kLongRequestLatency = "temporal_long_request_latency";

// ---- Tag names ----
inline constexpr std::string_view kTagNamespace = "namespace";
inline constexpr std::string_view kTagTaskQueue = "task_queue";
inline constexpr std::string_view kTagWorkflowType = "workflow_type";
inline constexpr std::string_view kTagActivityType = "activity_type";
inline constexpr std::string_view kTagWorkerType = "worker_type";
inline constexpr std::string_view kTagPollerType = "poller_type";
inline constexpr std::string_view kTagOperation = "operation";
inline constexpr std::string_view kTagStatusCode = "status_code";
inline constexpr std::string_view kTagFailureReason = "failure_reason";

// ---- Tag values ----
inline constexpr std::string_view kWorkerTypeWorkflow = "WorkflowWorker";
inline constexpr std::string_view kWorkerTypeActivity = "ActivityWorker";
inline constexpr std::string_view kWorkerTypeLocalActivity = "LocalActivityWorker";
inline constexpr std::string_view kPollerTypeWorkflowTask = "workflow_task";
inline constexpr std::string_view kPollerTypeStickyWorkflowTask = "sticky_workflow_task";
inline constexpr std::string_view kPollerTypeActivityTask = "activity_task";
// failure_reason of workflow_task_execution_failed.
inline constexpr std::string_view kFailureReasonNonDeterminism = "NonDeterminismError";
inline constexpr std::string_view kFailureReasonWorkflow = "WorkflowError";

}  // namespace temporal::metric_names

#endif  // TEMPORAL_METRICS_METRIC_NAMES_H_
