// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/worker/internal/executor.h"

#include <stdexcept>
#include <utility>

#include "temporal/common/error.h"

namespace temporal::worker_internal {

Executor::Executor(std::string name, int max_threads) : name_(std::move(name)), max_threads_(max_threads) {
  if (max_threads_ < 1) {
    throw InvalidArgumentError("executor \"" + name_ + "\": max_threads must be at least 1, not " +
                               std::to_string(max_threads_));
  }
}

Executor::~Executor() { Stop(); }

void Executor::Submit(std::function<void()> job) {
  if (!job) throw InvalidArgumentError("executor \"" + name_ + "\": Submit was given an empty job");
  std::lock_guard lock(mutex_);
  if (stopping_) {
    throw std::logic_error("executor \"" + name_ + "\": Submit after Stop; the job was not run");
  }
  jobs_.push_back(std::move(job));
  // A thread is made only for a job no idle thread can take, up to the limit.
  if (static_cast<size_t>(idle_threads_) < jobs_.size() && static_cast<int>(threads_.size()) < max_threads_) {
    threads_.emplace_back([this] { RunThread(); });
  }
  jobs_changed_.notify_one();
}

void Executor::RunThread() {
  std::unique_lock lock(mutex_);
  while (true) {
    ++idle_threads_;
    jobs_changed_.wait(lock, [&] { return !jobs_.empty() || stopping_; });
    --idle_threads_;
    if (jobs_.empty()) return;  // stopping, and nothing left to run
    {
      std::function<void()> job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job();
      // `job` goes here, before this thread waits again: what it owns is
      // freed as soon as it is done.
    }
    lock.lock();
  }
}

void Executor::Stop() {
  std::lock_guard stop_lock(stop_mutex_);
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    threads.swap(threads_);
  }
  // Each thread runs queued jobs until none is left, then ends.
  jobs_changed_.notify_all();
  for (auto& thread : threads) thread.join();
}

int Executor::threads() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(threads_.size());
}

int Executor::idle_threads() const {
  std::lock_guard lock(mutex_);
  return idle_threads_;
}

}  // namespace temporal::worker_internal
