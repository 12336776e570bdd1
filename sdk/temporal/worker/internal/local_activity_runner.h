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
//   RegistryLocalActivityRunner runner({.converter = converter}, activities);
//   LocalActivityResult result = runner.Run(request);   // blocks; on the caller's thread
#ifndef TEMPORAL_WORKER_INTERNAL_LOCAL_ACTIVITY_RUNNER_H_
#define TEMPORAL_WORKER_INTERNAL_LOCAL_ACTIVITY_RUNNER_H_

#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "temporal/activity/activity_definition.h"
#include "temporal/activity/context.h"
#include "temporal/common/duration.h"
#include "temporal/converter/data_converter.h"
#include "temporal/worker/internal/poller.h"
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
};

// RetryDelay: how long to wait after attempt `attempt` (1-based) failed,
// by `policy` (its unset fields take the Temporal defaults).
Duration RetryDelay(const temporal::api::common::v1::RetryPolicy& policy, uint32_t attempt);

class RegistryLocalActivityRunner final : public LocalActivityRunner {
 public:
  RegistryLocalActivityRunner(LocalActivityRunnerOptions options, activity::ActivityRegistry activities);

  workflow_internal::machines::LocalActivityResult Run(const LocalActivityRequest& request) override;

  // CancelAll asks the running attempts to stop (worker shutdown), and makes
  // later attempts fail at once.
  void CancelAll();

 private:
  // RunAttempt: one attempt; the outcome as the workflow would see it.
  workflow_internal::Resolution RunAttempt(const LocalActivityRequest& request, uint32_t attempt,
                                           Timestamp original_schedule_time);
  void Sleep(Duration duration);

  LocalActivityRunnerOptions options_;
  activity::ActivityRegistry activities_;
  std::shared_ptr<SlotSupplier> slots_;
  std::stop_source stop_;  // CancelAll: ends slot waits
  std::mutex mutex_;
  std::set<activity::Context*> running_;
  bool canceled_ = false;
};

}  // namespace temporal::worker_internal

#endif  // TEMPORAL_WORKER_INTERNAL_LOCAL_ACTIVITY_RUNNER_H_
