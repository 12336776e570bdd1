// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// LocalActivitiesInFlight: the local activities that one workflow task (and
// the tasks that heartbeat it) has started and still waits for, with what
// the workflow asked about them since. A workflow task is not answered
// while any is outstanding; the rules are sdk-core's:
// - Cancel (TryCancel or WaitCancellationCompleted): the running attempt is
//   asked to stop, and the task still waits for it to end (with
//   WaitCancellationCompleted its result resolves the workflow's call);
// - Abandon: no longer waited for and not told anything; it runs to its end
//   on the runner's thread and its result is dropped;
// - CancelAll (the workflow closed, or the task ended without it: eviction,
//   a task failure): every one is asked to stop and none is waited for.
// Results come back in completion order, only for those still waited for.
//
//   LocalActivitiesInFlight in_flight(runner);
//   in_flight.Start(request);                      // seq 3
//   in_flight.Cancel(3);                           // the attempt sees IsCancelRequested()
//   while (in_flight.outstanding() > 0) {
//     if (auto next = in_flight.NextUntil(deadline)) machines.ResolveLocalActivity(next->first,
//     next->second);
//   }
#ifndef TEMPORAL_WORKER_INTERNAL_LOCAL_ACTIVITIES_IN_FLIGHT_H_
#define TEMPORAL_WORKER_INTERNAL_LOCAL_ACTIVITIES_IN_FLIGHT_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include "temporal/worker/internal/local_activity_cancellation.h"
#include "temporal/worker/internal/workflow_task_handler.h"
#include "temporal/workflow/internal/machines/local_activity_machine.h"

namespace temporal::worker_internal {

class LocalActivitiesInFlight {
 public:
  explicit LocalActivitiesInFlight(LocalActivityRunner& runner);
  // Asks those still waited for to stop (CancelAll); waits for none.
  ~LocalActivitiesInFlight();
  LocalActivitiesInFlight(const LocalActivitiesInFlight&) = delete;
  LocalActivitiesInFlight& operator=(const LocalActivitiesInFlight&) = delete;

  // Start: runs `request` (its command's seq names it from now on).
  void Start(LocalActivityRequest request);
  // Cancel, Abandon, CancelAll: see the file comment. A seq that is not
  // waited for (already resolved, or abandoned) is ignored.
  void Cancel(uint32_t seq);
  void Abandon(uint32_t seq);
  void CancelAll();

  // How many are still waited for.
  size_t outstanding() const { return waiting_.size(); }

  // NextUntil: the next result of one still waited for, by `deadline`;
  // nothing when the deadline passed first (or none is outstanding).
  std::optional<std::pair<uint32_t, workflow_internal::machines::LocalActivityResult>> NextUntil(
      std::chrono::steady_clock::time_point deadline);

 private:
  // Shared with the runner's threads, which may outlive this object.
  struct Results {
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<std::pair<uint32_t, workflow_internal::machines::LocalActivityResult>> done;
  };

  LocalActivityRunner& runner_;
  std::shared_ptr<Results> results_ = std::make_shared<Results>();
  std::map<uint32_t, std::shared_ptr<LocalActivityCancellation>> waiting_;
};

}  // namespace temporal::worker_internal

#endif  // TEMPORAL_WORKER_INTERNAL_LOCAL_ACTIVITIES_IN_FLIGHT_H_
