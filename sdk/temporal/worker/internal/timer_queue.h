// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// TimerQueue: runs callbacks at given times on one thread of its own. The
// activity worker uses it for heartbeat throttling (send the latest details
// when the throttle interval ends) and for local timeouts (cancel an
// activity whose start-to-close or heartbeat timeout has passed).
//
//   TimerQueue timers;
//   TimerQueue::Id id = timers.ScheduleAfter(400ms, [] { SendHeartbeat(); });
//   timers.Cancel(id);    // false if it already ran (or is running)
//
// Callbacks run one at a time, in due order; a slow callback delays the
// others, so keep them short (one RPC at most).
#ifndef TEMPORAL_WORKER_INTERNAL_TIMER_QUEUE_H_
#define TEMPORAL_WORKER_INTERNAL_TIMER_QUEUE_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

#include "temporal/common/duration.h"

namespace temporal::worker_internal {

class TimerQueue {
 public:
  using Id = uint64_t;
  using Clock = std::chrono::steady_clock;

  TimerQueue();
  // Stops: pending callbacks are dropped; a running one finishes first.
  ~TimerQueue();
  TimerQueue(const TimerQueue&) = delete;
  TimerQueue& operator=(const TimerQueue&) = delete;

  // Schedule runs `callback` at `when` (at once if it is past). Never 0.
  Id Schedule(Clock::time_point when, std::function<void()> callback);
  Id ScheduleAfter(Duration delay, std::function<void()> callback) {
    return Schedule(Clock::now() + std::chrono::duration_cast<Clock::duration>(delay),
                    std::move(callback));
  }
  // Cancel drops a pending callback; returns false when it is not pending
  // (already ran, running now, or unknown).
  bool Cancel(Id id);
  // Stop drops pending callbacks and joins the thread (idempotent).
  void Stop();

 private:
  void Run();

  std::mutex mutex_;
  std::condition_variable changed_;
  // Ordered by (due time, id): equal times run in scheduling order.
  std::map<std::pair<Clock::time_point, Id>, std::function<void()>> pending_;
  std::map<Id, Clock::time_point> due_;
  Id last_id_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace temporal::worker_internal

#endif  // TEMPORAL_WORKER_INTERNAL_TIMER_QUEUE_H_
