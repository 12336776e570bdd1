// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/worker/internal/heartbeat_manager.h"

#include <algorithm>

#include "temporal/client/rpc_error.h"

namespace temporal::worker_internal {

Duration ThrottleInterval(std::optional<Duration> heartbeat_timeout, Duration default_interval,
                          Duration max_interval) {
  // A zero timeout means "none": the server reports unset timeouts as 0.
  Duration interval = default_interval;
  if (heartbeat_timeout && heartbeat_timeout->count() > 0) {
    interval = Duration(heartbeat_timeout->count() * 4 / 5);
  }
  return std::min(interval, max_interval);
}

HeartbeatManager::HeartbeatManager(TimerQueue& timers, Send send,
                                   std::function<void(const std::string&)> log)
    : timers_(timers), send_(std::move(send)), log_(std::move(log)) {}

void HeartbeatManager::Track(const std::string& task_token, Duration throttle_interval,
                             OnOutcome on_outcome) {
  std::lock_guard lock(mutex_);
  State& state = states_[task_token];
  state.throttle_interval = throttle_interval;
  state.on_outcome = std::move(on_outcome);
}

void HeartbeatManager::Record(const std::string& task_token, std::vector<Payload> details) {
  std::lock_guard lock(mutex_);
  auto it = states_.find(task_token);
  if (it == states_.end() || it->second.forgetting) return;
  State& state = it->second;
  if (!state.in_flight && !state.throttle_timer) {
    StartSendLocked(task_token, state, std::move(details));
  } else {
    state.pending = std::move(details);  // only the latest details matter
  }
}

void HeartbeatManager::StartSendLocked(const std::string& task_token, State& state,
                                       std::vector<Payload> details) {
  state.in_flight = true;
  state.last_send_started = TimerQueue::Clock::now();
  timers_.Schedule(state.last_send_started,
                   [this, task_token, details = std::move(details)]() mutable {
                     SendNow(task_token, std::move(details));
                   });
}

void HeartbeatManager::SendNow(const std::string& task_token, std::vector<Payload> details) {
  HeartbeatOutcome outcome;
  try {
    const auto response = send_(task_token, details);
    outcome.sent = true;
    outcome.cancel_requested = response.cancel_requested();
    outcome.activity_paused = response.activity_paused();
    outcome.activity_reset = response.activity_reset();
  } catch (const RpcError& e) {
    if (e.code() == grpc::StatusCode::NOT_FOUND) {
      outcome.not_found = true;
    } else if (log_) {
      log_("activity heartbeat failed (the next one will try again): " + std::string(e.what()));
    }
  } catch (const std::exception& e) {
    if (log_) log_("activity heartbeat failed: " + std::string(e.what()));
  }

  OnOutcome on_outcome;
  {
    std::lock_guard lock(mutex_);
    ++sends_;
    if (auto it = states_.find(task_token); it != states_.end()) on_outcome = it->second.on_outcome;
  }
  // Still in flight here, so Forget waits: the activity (and whatever the
  // callback points at) outlives the call.
  if (on_outcome) on_outcome(outcome);

  {
    std::lock_guard lock(mutex_);
    auto it = states_.find(task_token);
    if (it != states_.end()) {
      State& state = it->second;
      state.in_flight = false;
      if (!state.forgetting) {
        const auto interval_end =
            state.last_send_started +
            std::chrono::duration_cast<TimerQueue::Clock::duration>(state.throttle_interval);
        state.throttle_timer =
            timers_.Schedule(interval_end, [this, task_token] { ThrottleEnded(task_token); });
      }
    }
    // Under the lock: once Forget sees the send finished, the manager may be
    // destroyed, condition variable included.
    send_finished_.notify_all();
  }
}

void HeartbeatManager::ThrottleEnded(const std::string& task_token) {
  std::lock_guard lock(mutex_);
  auto it = states_.find(task_token);
  if (it == states_.end() || it->second.forgetting) return;
  State& state = it->second;
  state.throttle_timer.reset();
  if (state.pending) {
    std::vector<Payload> details = std::move(*state.pending);
    state.pending.reset();
    StartSendLocked(task_token, state, std::move(details));
  }
}

std::optional<std::vector<Payload>> HeartbeatManager::Forget(const std::string& task_token) {
  std::unique_lock lock(mutex_);
  auto it = states_.find(task_token);
  if (it == states_.end()) return std::nullopt;
  it->second.forgetting = true;
  if (it->second.throttle_timer) timers_.Cancel(*it->second.throttle_timer);
  send_finished_.wait(lock, [&] { return !states_.at(task_token).in_flight; });
  it = states_.find(task_token);
  // Swapped out rather than move-constructed: GCC 12 at -O3 warns (falsely)
  // that the moved-from optional may be uninitialized.
  std::optional<std::vector<Payload>> unsent;
  unsent.swap(it->second.pending);
  states_.erase(it);
  return unsent;
}

int64_t HeartbeatManager::sends() const {
  std::lock_guard lock(mutex_);
  return sends_;
}

}  // namespace temporal::worker_internal
