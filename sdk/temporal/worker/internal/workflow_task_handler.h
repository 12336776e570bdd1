// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// WorkflowTaskHandler: processes one polled workflow task from start to
// answer. It finds the run in the cache (sticky execution) or rebuilds it
// from the whole history (fetched page by page), hands the task's new events
// and update messages to the replay core, drives the workflow through
// Activate until it waits, runs the local activities it asks for, answers
// the task's queries, and responds to the server:
//   RespondWorkflowTaskCompleted   the commands, protocol messages and query
//                                  answers (with the sticky queue, so the next
//                                  task comes back to this worker)
//   RespondWorkflowTaskFailed      the workflow failed the task; the cause is
//                                  NON_DETERMINISTIC_ERROR for a mismatch with
//                                  history, with the replay core's message
//   RespondQueryTaskCompleted      a query-only (legacy) task
// A run leaves the cache when its task fails, when it closes, and when the
// cache needs room. Three rules taken from sdk-core:
// - a task's failure is reported on its first attempt only; later attempts
//   are left to time out, so that a broken deploy does not spin with the
//   server (the retries come every workflow task timeout until a fixed
//   worker takes one);
// - while local activities run past 80 % of the workflow task timeout, the
//   task is completed with force_create_new_workflow_task and the next one,
//   returned in the response, carries on (a workflow task heartbeat);
// - when the server discards a speculative task (an update that was only
//   rejected), the run's replay core forgets that task's events.
//
//   WorkflowTaskHandler handler(options, registry, cache, detector, local_activities);
//   handler.Handle(connection->PollWorkflowTaskQueue(request));   // thread safe; one run at a time
#ifndef TEMPORAL_WORKER_INTERNAL_WORKFLOW_TASK_HANDLER_H_
#define TEMPORAL_WORKER_INTERNAL_WORKFLOW_TASK_HANDLER_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "temporal/api/workflowservice/v1/request_response.pb.h"
#include "temporal/client/connection.h"
#include "temporal/common/duration.h"
#include "temporal/converter/data_converter.h"
#include "temporal/logging/logger.h"
#include "temporal/worker/internal/deadlock_detector.h"
#include "temporal/worker/internal/local_activity_cancellation.h"
#include "temporal/worker/internal/worker_metrics.h"
#include "temporal/worker/internal/workflow_run_cache.h"
#include "temporal/workflow/internal/machines/local_activity_machine.h"
#include "temporal/workflow/interceptor.h"
#include "temporal/workflow/workflow_definition.h"

namespace temporal::worker_internal {

// LocalActivityRequest: one local activity a workflow asked for, with what
// the runner needs to know about the workflow.
struct LocalActivityRequest {
  workflow_internal::ScheduleLocalActivityCommand command;
  std::string workflow_id;
  std::string run_id;
  std::string workflow_type;
  std::string task_queue;
  // The workflow time of the task that scheduled it.
  Timestamp scheduled_time{};
};

// LocalActivityRunner: runs local activities for the workflow worker, with
// the retries the worker does itself. Start runs one on a thread of the
// runner until it is resolved (completed, failed for good, canceled, or a
// retry whose backoff is long enough that the workflow should wait for it on
// a timer) and then calls `done` with the result, once, on that thread. The
// returned cancellation asks it to stop (see LocalActivityCancellation).
class LocalActivityRunner {
 public:
  using Done = std::function<void(workflow_internal::machines::LocalActivityResult)>;
  virtual ~LocalActivityRunner() = default;
  virtual std::shared_ptr<LocalActivityCancellation> Start(LocalActivityRequest request, Done done) = 0;
};

struct WorkflowTaskHandlerOptions {
  std::shared_ptr<Connection> connection;
  std::string namespace_name = "default";
  std::string task_queue;
  std::string identity;
  std::string build_id;
  // The worker's sticky queue; empty: no sticky execution.
  std::string sticky_queue;
  Duration sticky_schedule_to_start_timeout = std::chrono::seconds(10);
  converter::DataConverter converter;
  // Where events worth a log go (task failures, rebuilt runs, the
  // workflow's own log lines); default: DefaultLogger().
  std::shared_ptr<Logger> logger;
  // The worker's instruments; default: none recorded.
  std::shared_ptr<WorkerMetrics> metrics;
  // Interceptors of each workflow run, the first listed outermost.
  std::vector<std::shared_ptr<workflow::WorkflowInterceptorFactory>> interceptors;
};

class WorkflowTaskHandler {
 public:
  WorkflowTaskHandler(WorkflowTaskHandlerOptions options, workflow::WorkflowRegistry workflows,
                      WorkflowRunCache& cache, DeadlockDetector& deadlocks,
                      LocalActivityRunner* local_activities);

  // Handle: see the file comment. Never throws: what goes wrong is answered
  // to the server (a failed task) or logged (a failed answer).
  void Handle(temporal::api::workflowservice::v1::PollWorkflowTaskQueueResponse task);

  const WorkflowTaskHandlerOptions& options() const { return options_; }

 private:
  using Task = temporal::api::workflowservice::v1::PollWorkflowTaskQueueResponse;

  void HandleWorkflowTask(Task& task);
  void HandleQueryTask(Task& task);
  // Builds lease's run from the task's whole history (fetching what the
  // task does not carry) up to and including `last_event_id` (0: all of it).
  void BuildRun(CachedRun& run, Task& task, int64_t last_event_id);
  // AppendTaskEvents: the task's new events (all its pages) for a cached run.
  void AppendTaskEvents(CachedRun& run, const Task& task);
  // Runs activations until the workflow waits, with the local activities it
  // asks for; heartbeats the task (which replaces `task`) while they run long.
  void Drive(CachedRun& run, Task& task);
  void Heartbeat(CachedRun& run, Task& task);
  // The answer to the task: commands, messages, query answers, sticky queue.
  temporal::api::workflowservice::v1::RespondWorkflowTaskCompletedRequest CompletionRequest(CachedRun& run,
                                                                                            const Task& task);
  std::vector<workflow_internal::QueryAnswer> AnswerQueries(
      CachedRun& run, std::vector<workflow_internal::QueryWorkflowJob> queries);
  // Returns whether the answer closes the run (complete, fail, cancel, continue-as-new).
  bool RespondCompleted(CachedRun& run, Task& task);
  // FailTask: logs the failure and reports it (first attempt only).
  void FailTask(const Task& task, temporal::api::enums::v1::WorkflowTaskFailedCause cause,
                temporal::api::failure::v1::Failure failure);
  void RespondFailed(const Task& task, temporal::api::enums::v1::WorkflowTaskFailedCause cause,
                     temporal::api::failure::v1::Failure failure);
  // The instruments of the run's workflow type (kept on the run).
  const WorkflowTypeMetrics& MetricsOf(CachedRun& run);

  WorkflowTaskHandlerOptions options_;
  workflow::WorkflowRegistry workflows_;
  WorkflowRunCache& cache_;
  DeadlockDetector& deadlocks_;
  LocalActivityRunner* local_activities_;
};

}  // namespace temporal::worker_internal

#endif  // TEMPORAL_WORKER_INTERNAL_WORKFLOW_TASK_HANDLER_H_
