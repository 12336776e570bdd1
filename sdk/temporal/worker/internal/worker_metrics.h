// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// WorkerMetrics: the worker's instruments, created once through the
// configured MetricsHandler with the tags of the official SDKs, so that the
// hot path records on an instrument it already holds. Instruments that carry
// a workflow or activity type are created on the first task of that type and
// kept (one map lookup per task, no string building per record).
//
//   WorkerMetrics metrics(handler, "default", "orders");
//   metrics.workflow_task_poll_succeed->Add(1);
//   const WorkflowTypeMetrics& run = metrics.ForWorkflow("ProcessOrder");   // stable reference
//   run.completed->Add(1);
//
// Tags: every instrument has namespace and task_queue; the others are listed
// at each group (docs/adr/0021-metrics-and-logging.md has the whole table).
#ifndef TEMPORAL_WORKER_INTERNAL_WORKER_METRICS_H_
#define TEMPORAL_WORKER_INTERNAL_WORKER_METRICS_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "temporal/api/failure/v1/message.pb.h"
#include "temporal/metrics/metrics_handler.h"

namespace temporal::worker_internal {

// CountsAsFailure: whether a failure counts in the *_failed metrics. An
// application failure of category BENIGN does not (as in sdk-core).
inline bool CountsAsFailure(const temporal::api::failure::v1::Failure& failure) {
  return !(failure.has_application_failure_info() &&
           failure.application_failure_info().category() ==
               temporal::api::enums::v1::APPLICATION_ERROR_CATEGORY_BENIGN);
}

// WorkflowTypeMetrics: tagged with workflow_type.
struct WorkflowTypeMetrics {
  std::shared_ptr<MetricCounter> completed;
  std::shared_ptr<MetricCounter> failed;
  std::shared_ptr<MetricCounter> canceled;
  std::shared_ptr<MetricCounter> continue_as_new;
  std::shared_ptr<MetricDurationHistogram> endtoend_latency;
  std::shared_ptr<MetricDurationHistogram> task_execution_latency;
  std::shared_ptr<MetricDurationHistogram> task_replay_latency;
  // workflow_task_execution_failed, with failure_reason NonDeterminismError / WorkflowError.
  std::shared_ptr<MetricCounter> task_failed_nondeterminism;
  std::shared_ptr<MetricCounter> task_failed_workflow;
  std::shared_ptr<MetricCounter> sticky_cache_hit;
};

// ActivityTypeMetrics: tagged with activity_type and workflow_type.
struct ActivityTypeMetrics {
  std::shared_ptr<MetricCounter> task_received;
  std::shared_ptr<MetricDurationHistogram> execution_latency;
  std::shared_ptr<MetricDurationHistogram> succeed_endtoend_latency;
  std::shared_ptr<MetricCounter> execution_failed;
};

// LocalActivityTypeMetrics: tagged with activity_type and workflow_type.
struct LocalActivityTypeMetrics {
  std::shared_ptr<MetricCounter> total;
  std::shared_ptr<MetricDurationHistogram> execution_latency;
  std::shared_ptr<MetricDurationHistogram> succeed_endtoend_latency;
  std::shared_ptr<MetricCounter> execution_failed;
  std::shared_ptr<MetricCounter> execution_cancelled;
};

// SlotMetrics: worker_task_slots_available / _used for one worker_type.
struct SlotMetrics {
  std::shared_ptr<MetricGauge> available;
  std::shared_ptr<MetricGauge> used;
  void Record(int available_slots, int used_slots) const {
    available->Set(available_slots);
    used->Set(used_slots);
  }
};

class WorkerMetrics {
 public:
  // A null handler means the no-op one.
  WorkerMetrics(std::shared_ptr<MetricsHandler> handler, const std::string& namespace_name,
                const std::string& task_queue);
  // NoOp: instruments that record nothing (components built without a worker).
  static std::shared_ptr<WorkerMetrics> NoOp();

  // Tagged namespace and task_queue only.
  std::shared_ptr<MetricCounter> worker_start;
  std::shared_ptr<MetricCounter> workflow_task_poll_succeed;
  std::shared_ptr<MetricCounter> workflow_task_poll_empty;
  std::shared_ptr<MetricDurationHistogram> workflow_task_schedule_to_start_latency;
  std::shared_ptr<MetricCounter> sticky_cache_miss;
  std::shared_ptr<MetricGauge> sticky_cache_size;
  std::shared_ptr<MetricCounter> sticky_cache_forced_eviction;
  std::shared_ptr<MetricCounter> activity_poll_no_task;
  std::shared_ptr<MetricDurationHistogram> activity_schedule_to_start_latency;
  // Tagged worker_type.
  SlotMetrics workflow_slots;
  SlotMetrics activity_slots;
  SlotMetrics local_activity_slots;
  // temporal_num_pollers, tagged poller_type.
  std::shared_ptr<MetricGauge> workflow_pollers;
  std::shared_ptr<MetricGauge> sticky_workflow_pollers;
  std::shared_ptr<MetricGauge> activity_pollers;

  // The instruments of one type, created on first use; the reference stays
  // valid as long as this object. Thread safe.
  const WorkflowTypeMetrics& ForWorkflow(const std::string& workflow_type);
  const ActivityTypeMetrics& ForActivity(const std::string& activity_type,
                                         const std::string& workflow_type);
  const LocalActivityTypeMetrics& ForLocalActivity(const std::string& activity_type,
                                                   const std::string& workflow_type);

 private:
  std::shared_ptr<MetricsHandler> handler_;  // with namespace and task_queue
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<WorkflowTypeMetrics>> workflows_;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<ActivityTypeMetrics>> activities_;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<LocalActivityTypeMetrics>>
      local_activities_;
};

}  // namespace temporal::worker_internal

#endif  // TEMPORAL_WORKER_INTERNAL_WORKER_METRICS_H_
