// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/worker/internal/timer_queue.h"

namespace temporal::worker_internal {

TimerQueue::TimerQueue() : thread_([this] { Run(); }) {}

TimerQueue::~TimerQueue() { Stop(); }

TimerQueue::Id TimerQueue::Schedule(Clock::time_point when, std::function<void()> callback) {
  Id id;
  {
    std::lock_guard lock(mutex_);
    id = ++last_id_;
    if (stopping_) return id;
    pending_.emplace(std::make_pair(when, id), std::move(callback));
    due_.emplace(id, when);
  }
  changed_.notify_all();
  return id;
}

bool TimerQueue::Cancel(Id id) {
  std::lock_guard lock(mutex_);
  auto it = due_.find(id);
  if (it == due_.end()) return false;
  pending_.erase(std::make_pair(it->second, id));
  due_.erase(it);
  return true;
}

void TimerQueue::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    pending_.clear();
    due_.clear();
  }
  changed_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void TimerQueue::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (pending_.empty()) {
      changed_.wait(lock);
      continue;
    }
    auto first = pending_.begin();
    const auto when = first->first.first;
    if (Clock::now() < when) {
      changed_.wait_until(lock, when);
      continue;
    }
    std::function<void()> callback = std::move(first->second);
    due_.erase(first->first.second);
    pending_.erase(first);
    lock.unlock();
    callback();
    lock.lock();
  }
}

}  // namespace temporal::worker_internal
