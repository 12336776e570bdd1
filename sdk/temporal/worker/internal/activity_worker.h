// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ActivityWorker: the activity half of a worker. It polls a task queue for
// activity tasks (PollLoop, a slot taken before each poll), runs each task's
// activity on a thread of its own pool with an activity::Context current,
// heartbeats for it (HeartbeatManager: throttled, cancellation from the
// response), and answers the server: RespondActivityTaskCompleted, Failed
// (the exception through the failure converter) or Canceled, or nothing for
// an activity that completes asynchronously.
//
//   temporal::activity::ActivityRegistry activities;
//   activities.Register("Charge", Charge);
//   ActivityWorker worker({.connection = connection, .namespace_name = "default",
//                          .task_queue = "orders"}, activities);
//   worker.Start();
//   ...
//   worker.Shutdown(std::chrono::seconds(10));   // stop polling, let running activities
//                                                // finish for up to 10 s, then cancel them
//
// temporal::Worker composes it with the workflow side; use that.
#ifndef TEMPORAL_WORKER_INTERNAL_ACTIVITY_WORKER_H_
#define TEMPORAL_WORKER_INTERNAL_ACTIVITY_WORKER_H_

#include <chrono>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "temporal/activity/activity_definition.h"
#include "temporal/activity/context.h"
#include "temporal/activity/interceptor.h"
#include "temporal/api/workflowservice/v1/request_response.pb.h"
#include "temporal/client/connection.h"
#include "temporal/common/duration.h"
#include "temporal/converter/data_converter.h"
#include "temporal/logging/logger.h"
#include "temporal/worker/internal/executor.h"
#include "temporal/worker/internal/heartbeat_manager.h"
#include "temporal/worker/internal/poller.h"
#include "temporal/worker/internal/timer_queue.h"
#include "temporal/worker/internal/worker_metrics.h"

namespace temporal::worker_internal {

struct ActivityWorkerOptions {
  std::shared_ptr<Connection> connection;  // required
  std::string namespace_name = "default";
  std::string task_queue;  // required
  // Reported to the server with polls and responses; default: the connection's identity.
  std::string identity;
  converter::DataConverter converter;
  // Activities running at once (slots, and threads of the activity pool).
  int max_concurrent_activities = 100;
  // Poller threads for the task queue.
  int pollers = 2;
  // Heartbeat throttling: see ThrottleInterval.
  Duration default_heartbeat_throttle = std::chrono::seconds(30);
  Duration max_heartbeat_throttle = std::chrono::seconds(60);
  // An activity whose start-to-close (or heartbeat) timeout has passed by
  // this much more is canceled by the worker (CancelReason::kTimedOut): the
  // server has given up on it already. The buffer covers clock differences.
  Duration local_timeout_buffer = std::chrono::seconds(5);
  PollBackoffOptions poll_backoff;
  // Where events worth telling go (poll failures, responses the server
  // refused), with fields naming the activity; default: DefaultLogger().
  std::shared_ptr<Logger> logger;
  // The worker's instruments; default: none recorded.
  std::shared_ptr<WorkerMetrics> metrics;
  // The pollers gave up (a permanent error persisted, see PollLoopOptions):
  // the owner should shut the worker down.
  std::function<void(std::exception_ptr)> on_fatal_error;
  // Interceptors of each attempt, the first listed outermost.
  std::vector<std::shared_ptr<activity::ActivityInterceptorFactory>> interceptors;
};

class ActivityWorker {
 public:
  // Throws InvalidArgumentError for missing or invalid options.
  ActivityWorker(ActivityWorkerOptions options, activity::ActivityRegistry activities);
  // Shuts down with no grace period (running activities are canceled).
  ~ActivityWorker();
  ActivityWorker(const ActivityWorker&) = delete;
  ActivityWorker& operator=(const ActivityWorker&) = delete;

  // Start begins polling. A worker with no activities registered polls
  // nothing (there is nothing it could run).
  void Start();
  // InitiateShutdown stops polling (polls in flight are canceled) and
  // returns at once; running activities go on.
  void InitiateShutdown();
  // Shutdown: InitiateShutdown, then waits up to `grace` for running
  // activities; then cancels those still running (CancelReason::
  // kWorkerShutdown), waits for them to return and for their responses to be
  // sent, and joins every thread. An activity canceled this way that throws
  // is reported as a retryable "WorkerShutdown" failure, so that the server
  // retries it at once instead of waiting for a timeout. Idempotent.
  void Shutdown(Duration grace);

  // Activities running now, and slots free (the temporal_worker_task_slots_available metric).
  int running_activities() const;
  int available_slots() const { return slots_->available(); }
  const ActivityWorkerOptions& options() const { return options_; }

 private:
  using PollResponse = temporal::api::workflowservice::v1::PollActivityTaskQueueResponse;
  struct Job {
    PollResponse task;
    SlotSupplier::Permit permit;
  };
  struct Running {
    std::shared_ptr<activity::Context> context;
    std::optional<TimerQueue::Id> local_timeout;
  };

  void Poll(SlotSupplier::Permit permit, const CallOptions& call_options);
  void Execute(Job job);
  // ScheduleLocalTimeout (re)arms the worker-side timeout of a running activity.
  void ScheduleLocalTimeout(const std::string& task_token, Duration timeout);
  // `info` names the activity in the log record written when the server refuses the answer.
  void RespondCompleted(const std::string& task_token, Payloads result, const activity::ActivityInfo& info);
  void RespondFailed(const std::string& task_token, const activity::ActivityInfo& info,
                     const converter::Failure& failure,
                     std::optional<std::vector<Payload>> last_heartbeat_details);
  void RespondCanceled(const std::string& task_token, const converter::Failure& canceled,
                       const activity::ActivityInfo& info);

  ActivityWorkerOptions options_;
  activity::ActivityRegistry activities_;
  std::shared_ptr<SlotSupplier> slots_;
  TimerQueue timers_;
  HeartbeatManager heartbeats_;
  std::unique_ptr<PollLoop> poll_loop_;

  mutable std::mutex mutex_;
  bool started_ = false;
  // Set when the grace period is over: later tasks are canceled at once.
  bool cancel_new_activities_ = false;
  std::map<std::string, Running> running_;
  std::mutex shutdown_mutex_;
  bool shut_down_ = false;
  // Runs the polled tasks, a thread per slot at most. Last, so that it is
  // stopped (its threads joined) before anything they use goes.
  Executor executor_;
};

}  // namespace temporal::worker_internal

#endif  // TEMPORAL_WORKER_INTERNAL_ACTIVITY_WORKER_H_
