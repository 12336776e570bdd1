// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// WorkflowWorker: the workflow half of a worker. Two poll loops, one on the
// task queue and one on this worker's sticky queue (its cached runs' tasks
// come there), share the workflow task slots; each polled task is processed
// by a WorkflowTaskHandler on a thread of the worker's pool.
//
//   WorkflowWorker worker({.connection = connection, .task_queue = "orders"}, workflows, &local_activities);
//   worker.Start();
//   ...
//   worker.Shutdown();   // stop polling, finish the tasks in hand, release the sticky queue
//
// temporal::Worker composes it with the activity side; use that.
#ifndef TEMPORAL_WORKER_INTERNAL_WORKFLOW_WORKER_H_
#define TEMPORAL_WORKER_INTERNAL_WORKFLOW_WORKER_H_

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "temporal/client/connection.h"
#include "temporal/common/duration.h"
#include "temporal/converter/data_converter.h"
#include "temporal/logging/logger.h"
#include "temporal/worker/internal/deadlock_detector.h"
#include "temporal/worker/internal/executor.h"
#include "temporal/worker/internal/poller.h"
#include "temporal/worker/internal/worker_metrics.h"
#include "temporal/worker/internal/workflow_run_cache.h"
#include "temporal/worker/internal/workflow_task_handler.h"
#include "temporal/workflow/workflow_definition.h"

namespace temporal::worker_internal {

struct WorkflowWorkerOptions {
  std::shared_ptr<Connection> connection;  // required
  std::string namespace_name = "default";
  std::string task_queue;  // required
  // Default: the connection's identity.
  std::string identity;
  std::string build_id;
  converter::DataConverter converter;
  // Workflow tasks processed at once (slots, and threads of the pool).
  int max_concurrent_workflow_tasks = 100;
  // Poller threads on the task queue, and as many on the sticky queue.
  int pollers = 2;
  // Runs kept between tasks (0: no sticky execution), and their estimated
  // size in bytes (0: no limit).
  size_t max_cached_workflows = 600;
  int64_t max_cache_bytes = 0;
  Duration sticky_schedule_to_start_timeout = std::chrono::seconds(10);
  // See DeadlockDetector; 0 disables it.
  Duration deadlock_detection_threshold = std::chrono::seconds(2);
  // Called for each deadlock report (after the log line).
  std::function<void(const DeadlockReport&)> on_deadlock;
  PollBackoffOptions poll_backoff;
  // Default: DefaultLogger().
  std::shared_ptr<Logger> logger;
  // The worker's instruments; default: none recorded.
  std::shared_ptr<WorkerMetrics> metrics;
  std::function<void(std::exception_ptr)> on_fatal_error;
  // Interceptors of each workflow run, the first listed outermost.
  std::vector<std::shared_ptr<workflow::WorkflowInterceptorFactory>> interceptors;
};

class WorkflowWorker {
 public:
  // Throws InvalidArgumentError for missing or invalid options.
  WorkflowWorker(WorkflowWorkerOptions options, workflow::WorkflowRegistry workflows,
                 LocalActivityRunner* local_activities);
  ~WorkflowWorker();
  WorkflowWorker(const WorkflowWorker&) = delete;
  WorkflowWorker& operator=(const WorkflowWorker&) = delete;

  // Start begins polling. A worker with no workflows registered polls nothing.
  void Start();
  // InitiateShutdown stops polling (polls in flight are canceled) and returns at once.
  void InitiateShutdown();
  // Shutdown: InitiateShutdown, then waits for the workflow tasks in hand
  // (they are short: workflow code must not block), tells the server this
  // worker's sticky queue is gone, and empties the cache. Idempotent.
  void Shutdown();
  // WaitIdle waits until no workflow task is in hand or `deadline` passes;
  // returns whether none is.
  bool WaitIdle(std::chrono::steady_clock::time_point deadline) const { return slots_->WaitAllFree(deadline); }

  const std::string& sticky_queue() const { return sticky_queue_; }
  WorkflowRunCache& cache() { return *cache_; }
  const DeadlockDetector& deadlock_detector() const { return *deadlocks_; }
  int available_slots() const { return slots_->available(); }

 private:
  struct Job {
    temporal::api::workflowservice::v1::PollWorkflowTaskQueueResponse task;
    SlotSupplier::Permit permit;
  };
  void Poll(bool sticky, SlotSupplier::Permit permit, const CallOptions& call_options);

  WorkflowWorkerOptions options_;
  bool has_workflows_;
  std::string sticky_queue_;
  std::shared_ptr<SlotSupplier> slots_;
  std::unique_ptr<WorkflowRunCache> cache_;
  std::unique_ptr<DeadlockDetector> deadlocks_;
  std::unique_ptr<WorkflowTaskHandler> handler_;
  std::unique_ptr<PollLoop> normal_polls_;
  std::unique_ptr<PollLoop> sticky_polls_;

  std::mutex mutex_;
  bool started_ = false;
  std::mutex shutdown_mutex_;
  bool shut_down_ = false;
  // Runs the polled tasks, a thread per slot at most. Last, so that it is
  // stopped (its threads joined) before the handler and cache go.
  Executor executor_;
};

}  // namespace temporal::worker_internal

#endif  // TEMPORAL_WORKER_INTERNAL_WORKFLOW_WORKER_H_
