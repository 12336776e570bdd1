// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// HeartbeatManager: throttles the heartbeats of running activities and sends
// them, off the activity threads, as the official SDKs do:
//   - the first heartbeat of an activity is sent at once;
//   - then, until its throttle interval (counted from the start of the last
//     send) is over, heartbeats only replace the pending details;
//   - when the interval ends, the latest pending details are sent (and a new
//     interval begins); with none pending, the next heartbeat is sent at once.
// The server's answer is handed back: cancel requested, paused, reset, or
// NOT_FOUND (the server no longer knows the attempt).
//
//   HeartbeatManager heartbeats(timers, [&](const std::string& token, const auto& details) {
//     return connection->RecordActivityTaskHeartbeat(...);
//   });
//   heartbeats.Track(token, 24s, [&](const HeartbeatOutcome& outcome) { ... });
//   heartbeats.Record(token, details);                 // from the activity thread; never blocks
//   auto unsent = heartbeats.Forget(token);            // when the activity is done
#ifndef TEMPORAL_WORKER_INTERNAL_HEARTBEAT_MANAGER_H_
#define TEMPORAL_WORKER_INTERNAL_HEARTBEAT_MANAGER_H_

#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "temporal/api/workflowservice/v1/request_response.pb.h"
#include "temporal/common/duration.h"
#include "temporal/common/payload_converter.h"
#include "temporal/worker/internal/timer_queue.h"

namespace temporal::worker_internal {

// ThrottleInterval: how often an activity's heartbeats reach the server:
// 0.8 x its heartbeat timeout, or `default_interval` without one; never more
// than `max_interval`.
Duration ThrottleInterval(std::optional<Duration> heartbeat_timeout, Duration default_interval,
                          Duration max_interval);

// HeartbeatOutcome: what one send found out.
struct HeartbeatOutcome {
  bool sent = false;  // the server recorded it
  bool cancel_requested = false;
  bool activity_paused = false;
  bool activity_reset = false;
  bool not_found = false;  // NOT_FOUND: the attempt is over as far as the server knows
};

class HeartbeatManager {
 public:
  // Send: one RecordActivityTaskHeartbeat; throws RpcError on failure.
  using Send =
      std::function<temporal::api::workflowservice::v1::RecordActivityTaskHeartbeatResponse(
          const std::string& task_token, const std::vector<Payload>& details)>;
  using OnOutcome = std::function<void(const HeartbeatOutcome&)>;

  // Sends run on `timers`' thread. `log` reports failed sends.
  HeartbeatManager(TimerQueue& timers, Send send, std::function<void(const std::string&)> log);
  HeartbeatManager(const HeartbeatManager&) = delete;
  HeartbeatManager& operator=(const HeartbeatManager&) = delete;

  // Track starts heartbeating for an activity attempt. `on_outcome` runs on
  // the timer thread after every send.
  void Track(const std::string& task_token, Duration throttle_interval, OnOutcome on_outcome);
  // Record queues `details` for the server (see the file comment). Unknown
  // (untracked or forgotten) tokens are ignored.
  void Record(const std::string& task_token, std::vector<Payload> details);
  // Forget stops heartbeating: drops the throttle timer, waits for a send in
  // flight, and returns the details recorded but not sent yet (the caller
  // sends them with its failure or flushes them).
  std::optional<std::vector<Payload>> Forget(const std::string& task_token);

  // Sends made so far (for tests and metrics).
  int64_t sends() const;

 private:
  struct State {
    Duration throttle_interval{};
    OnOutcome on_outcome;
    std::optional<std::vector<Payload>> pending;
    bool in_flight = false;
    TimerQueue::Clock::time_point last_send_started{};
    std::optional<TimerQueue::Id> throttle_timer;
    bool forgetting = false;  // Forget is waiting: no new sends or timers
  };

  // StartSendLocked: marks a send in flight and schedules it on the timer thread.
  void StartSendLocked(const std::string& task_token, State& state, std::vector<Payload> details);
  void SendNow(const std::string& task_token, std::vector<Payload> details);
  void ThrottleEnded(const std::string& task_token);

  TimerQueue& timers_;
  Send send_;
  std::function<void(const std::string&)> log_;
  mutable std::mutex mutex_;
  std::condition_variable send_finished_;
  std::map<std::string, State> states_;
  int64_t sends_ = 0;
};

}  // namespace temporal::worker_internal

#endif  // TEMPORAL_WORKER_INTERNAL_HEARTBEAT_MANAGER_H_
