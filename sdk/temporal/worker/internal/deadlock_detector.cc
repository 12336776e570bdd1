// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/worker/internal/deadlock_detector.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

namespace temporal::worker_internal {

std::string DeadlockReport::Message() const {
  return "potential deadlock: workflow " + workflow_id + " (run " + run_id + ", type " + workflow_type +
         ") has held its worker thread for " +
         std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()) +
         " ms without yielding; workflow code must not block (no mutexes, sleeps, I/O or busy loops: "
         "co_await temporal::workflow operations instead)";
}

DeadlockDetector::DeadlockDetector(DeadlockDetectorOptions options) : options_(std::move(options)) {
  if (options_.threshold > Duration::zero()) watchdog_ = std::thread([this] { RunWatchdog(); });
}

DeadlockDetector::~DeadlockDetector() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (watchdog_.joinable()) watchdog_.join();
}

DeadlockDetector::Watch DeadlockDetector::Begin(std::string workflow_id, std::string run_id,
                                                std::string workflow_type) {
  if (options_.threshold <= Duration::zero()) return Watch();
  std::lock_guard lock(mutex_);
  const uint64_t id = ++next_id_;
  Active& active = active_[id];
  active.report.workflow_id = std::move(workflow_id);
  active.report.run_id = std::move(run_id);
  active.report.workflow_type = std::move(workflow_type);
  active.started = std::chrono::steady_clock::now();
  changed_.notify_all();
  return Watch(this, id);
}

DeadlockDetector::Watch::~Watch() {
  if (owner_ != nullptr) owner_->End(id_);
}

void DeadlockDetector::End(uint64_t id) {
  std::lock_guard lock(mutex_);
  active_.erase(id);
}

int64_t DeadlockDetector::reports() const {
  std::lock_guard lock(mutex_);
  return reports_;
}

void DeadlockDetector::RunWatchdog() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    // Sleep until the oldest unreported activation reaches the threshold.
    auto now = std::chrono::steady_clock::now();
    std::optional<std::chrono::steady_clock::time_point> next;
    std::vector<DeadlockReport> due;
    for (auto& [id, active] : active_) {
      if (active.reported) continue;
      const auto deadline = active.started + options_.threshold;
      if (deadline <= now) {
        active.reported = true;
        active.report.elapsed = std::chrono::duration_cast<Duration>(now - active.started);
        due.push_back(active.report);
      } else if (!next || deadline < *next) {
        next = deadline;
      }
    }
    if (!due.empty()) {
      reports_ += static_cast<int64_t>(due.size());
      lock.unlock();
      for (const auto& report : due) {
        if (options_.on_deadlock) options_.on_deadlock(report);
      }
      lock.lock();
      continue;
    }
    if (next) {
      changed_.wait_until(lock, *next);
    } else {
      changed_.wait(lock);
    }
  }
}

}  // namespace temporal::worker_internal
