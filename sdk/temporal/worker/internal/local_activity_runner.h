// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// RegistryLocalActivityRunner: runs a workflow's local activities in the
// worker's process, with the worker's activity registry, and retries them
// itself as the activity's retry policy says (initial interval 1 s,
// coefficient 2, maximum interval 100 x initial when unset). A retry that
// would wait longer than `local_retry_threshold` is handed back to the
// workflow instead (LocalActivityResult::backoff): the workflow sleeps on a
// durable timer and schedules the next attempt, so a long wait does not hold
// a workflow task open. Each attempt runs with an activity::Context
// (Info().is_local is true); one that outlives its start-to-close timeout is
// asked to cancel (CancelReason::kTimedOut) and reported as timed out.
//
// Cancellation (the workflow canceled the local activity; see
// LocalActivityCancellation and docs/adr/0020): the running attempt is asked
// to stop (CancelReason::kRequested); an attempt that then throws
// CanceledError resolves the activity as canceled; one that completes anyway
// is completed; no further attempt is made. A cancel before an attempt
// starts, or between attempts, resolves it as canceled at once.
//
//   RegistryLocalActivityRunner runner({.converter = converter}, activities);
//   LocalActivityResult result = runner.Run(request);   // blocks; on the caller's thread
//   auto cancellation = runner.Start(request, [](LocalActivityResult r) { ... });  // on a thread of its own
//   cancellation->Cancel();
#ifndef TEMPORAL_WORKER_INTERNAL_LOCAL_ACTIVITY_RUNNER_H_
#define TEMPORAL_WORKER_INTERNAL_LOCAL_ACTIVITY_RUNNER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "temporal/activity/activity_definition.h"
#include "temporal/activity/context.h"
#include "temporal/activity/interceptor.h"
#include "temporal/common/duration.h"
#include "temporal/converter/data_converter.h"
#include "temporal/worker/internal/local_activity_cancellation.h"
#include "temporal/worker/internal/poller.h"
#include "temporal/worker/internal/worker_metrics.h"
#include "temporal/worker/internal/workflow_task_handler.h"

namespace temporal::worker_internal {

struct LocalActivityRunnerOptions {
  std::string namespace_name = "default";
  converter::DataConverter converter;
  Duration local_retry_threshold = std::chrono::minutes(1);
  // Attempts running at once; more wait for a slot.
  int max_concurrent = 100;
  // Waits between attempts go through this (tests make it instant).
  std::function<void(Duration)> sleep;
  // The worker's instruments (local_activity_* per attempt, the
  // LocalActivityWorker slots); default: none recorded.
  std::shared_ptr<WorkerMetrics> metrics;
  // Interceptors of each attempt, the first listed outermost.
  std::vector<std::shared_ptr<activity::ActivityInterceptorFactory>> interceptors;
};

// RetryDelay: how long to wait after attempt `attempt` (1-based) failed,
// by `policy` (its unset fields take the Temporal defaults).
Duration RetryDelay(const temporal::api::common::v1::RetryPolicy& policy, uint32_t attempt);

class RegistryLocalActivityRunner final : public LocalActivityRunner {
 public:
  RegistryLocalActivityRunner(LocalActivityRunnerOptions options, activity::ActivityRegistry activities);
  // Cancels what still runs (CancelAll) and waits for the threads Start made.
  ~RegistryLocalActivityRunner() override;
  RegistryLocalActivityRunner(const RegistryLocalActivityRunner&) = delete;
  RegistryLocalActivityRunner& operator=(const RegistryLocalActivityRunner&) = delete;

  // Run: the local activity with its retries, on the caller's thread, until
  // it is resolved; `cancellation` (optional) stops it early.
  workflow_internal::machines::LocalActivityResult Run(const LocalActivityRequest& request,
                                                       LocalActivityCancellation* cancellation = nullptr);

  // Start: Run on a thread the runner owns (it outlives the workflow task
  // that started it when the workflow abandons the activity or closes).
  std::shared_ptr<LocalActivityCancellation> Start(LocalActivityRequest request, Done done) override;

  // CancelAll asks the running attempts to stop (worker shutdown), and makes
  // later attempts fail at once.
  void CancelAll();

  // Threads Start made that have not been joined yet (finished or not).
  size_t threads() const;

 private:
  // RunAttempt: one attempt; the outcome as the workflow would see it.
  // `started` (optional) is set when the attempt got its slot and ran.
  workflow_internal::Resolution RunAttempt(const LocalActivityRequest& request, uint32_t attempt,
                                           Timestamp original_schedule_time, LocalActivityCancellation& cancellation,
                                           std::optional<std::chrono::steady_clock::time_point>* started = nullptr);
  // RecordAttempt: the local_activity_* metrics of an attempt that ran.
  void RecordAttempt(const LocalActivityRequest& request, const workflow_internal::Resolution& outcome,
                     std::chrono::steady_clock::duration ran_for, Timestamp original_schedule_time);
  // Sleep: the wait between attempts; ends early on `stop`.
  void Sleep(Duration duration, std::stop_token stop);
  // Joins the threads whose Run has returned.
  void JoinFinishedThreads();

  LocalActivityRunnerOptions options_;
  activity::ActivityRegistry activities_;
  std::shared_ptr<SlotSupplier> slots_;
  std::stop_source stop_;  // CancelAll: ends slot and retry waits
  mutable std::mutex mutex_;
  std::set<activity::Context*> running_;
  bool canceled_ = false;
  // Start's threads by id, and the ids of those whose Run returned.
  std::map<uint64_t, std::thread> threads_;
  std::vector<uint64_t> finished_;
  uint64_t next_thread_id_ = 0;
};

}  // namespace temporal::worker_internal

#endif  // TEMPORAL_WORKER_INTERNAL_LOCAL_ACTIVITY_RUNNER_H_
