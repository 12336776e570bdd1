// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Executor: a thread pool that grows on demand. Submit queues a job; a new
// thread is made only when the queued jobs outnumber the idle threads, and
// never more than `max_threads` in all. Threads that run out of work wait,
// idle, for the next job (they are not ended until Stop). The activity
// worker and the workflow worker each run their polled tasks on one, sized
// by their task slots, so a worker that is never busy never holds a thread
// per slot.
//
//   Executor executor("activity tasks", /*max_threads=*/100);
//   executor.Submit([task = std::make_shared<Task>(std::move(task))] { Run(*task); });
//   ...
//   executor.Stop();   // runs every queued job, then joins the threads
//
// A job is destroyed right after it runs, before its thread waits for the
// next one: whatever it owns (a task slot's permit, say) is freed as soon as
// the job is done. Jobs must not throw: like any exception leaving a thread,
// one that escapes a job ends the process. std::function must be copyable,
// so a job that owns a move-only value holds it through a shared_ptr.
#ifndef TEMPORAL_WORKER_INTERNAL_EXECUTOR_H_
#define TEMPORAL_WORKER_INTERNAL_EXECUTOR_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace temporal::worker_internal {

class Executor {
 public:
  // `name` appears in error messages. Throws InvalidArgumentError when
  // `max_threads` is below 1.
  Executor(std::string name, int max_threads);
  // Stops (see Stop).
  ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // Submit queues `job` to run on one of the threads, making one if every
  // thread is busy and there are fewer than max_threads. Throws
  // std::logic_error once Stop has begun (the job is not run), and
  // InvalidArgumentError for an empty job.
  void Submit(std::function<void()> job);

  // Stop refuses further jobs, lets the threads run every job already
  // queued, and joins them. Idempotent; it must not be called from a job
  // (it would wait for its own thread).
  void Stop();

  // The pool's threads (made on demand, at most max_threads, reused rather
  // than ended; 0 once Stop has joined them), and those of them waiting for
  // a job.
  int threads() const;
  int idle_threads() const;
  int max_threads() const { return max_threads_; }

 private:
  void RunThread();

  const std::string name_;
  const int max_threads_;
  mutable std::mutex mutex_;
  std::condition_variable jobs_changed_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  int idle_threads_ = 0;
  bool stopping_ = false;
  // Serializes Stop, so that a second call returns only once the threads
  // are joined.
  std::mutex stop_mutex_;
};

}  // namespace temporal::worker_internal

#endif  // TEMPORAL_WORKER_INTERNAL_EXECUTOR_H_
