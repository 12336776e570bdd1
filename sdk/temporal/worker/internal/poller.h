// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// The building blocks of a worker's task pollers, shared by the workflow and
// the activity side:
//   SlotSupplier  how many tasks may run at once; a slot is taken before a
//                 poll and handed, as a Permit, to the task the poll returns
//   PollBackoff   how long pollers wait after a failed poll (exponential with
//                 jitter, capped; slower when the server says RESOURCE_EXHAUSTED)
//   PollLoop      N poller threads: take a slot, long-poll, dispatch, repeat;
//                 back off on failures; stop promptly (polls in flight are
//                 canceled through CallOptions::cancellation)
//
//   auto slots = std::make_shared<SlotSupplier>(100);
//   PollLoop loop({.name = "activity", .pollers = 2, .slots = slots},
//                 [&](SlotSupplier::Permit permit, const CallOptions& call_options) {
//                   auto task = connection->PollActivityTaskQueue(request, call_options);
//                   if (task.task_token().empty()) return;           // long poll ended empty
//                   executor.Submit(std::move(task), std::move(permit));  // the slot goes with the
//                   task
//                 });
//   loop.Start();
//   ...
//   loop.Stop();   // cancels the polls in flight
//   loop.Join();
//
// See docs/adr/0014-poll-loop-slots-and-call-cancellation.md (the backoff
// figures are those of the Go SDK's pollers).
#ifndef TEMPORAL_WORKER_INTERNAL_POLLER_H_
#define TEMPORAL_WORKER_INTERNAL_POLLER_H_

#include <grpcpp/support/status.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "temporal/client/call_options.h"
#include "temporal/common/duration.h"
#include "temporal/logging/logger.h"

namespace temporal::worker_internal {

// SlotSupplier: a fixed number of task slots. A poller acquires one before it
// polls, so a worker never asks the server for work it has no room for; the
// slot is released when the task it was used for is done (or the poll came
// back empty). Thread safe; share it with std::shared_ptr.
//
//   SlotSupplier slots(2);
//   SlotSupplier::Permit permit = slots.Acquire(stop_token);   // waits for a free slot
//   if (!permit) return;                                       // stop requested
//   slots.available();                                         // 1
class SlotSupplier {
 public:
  // Permit: one taken slot; destroying (or Release-ing) it frees the slot.
  // Move-only. An empty permit (default, moved-from, or what Acquire returns
  // when stopped) holds nothing.
  class Permit {
   public:
    Permit() = default;
    Permit(Permit&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)) {}
    Permit& operator=(Permit&& other) noexcept;
    Permit(const Permit&) = delete;
    Permit& operator=(const Permit&) = delete;
    ~Permit() { Release(); }

    explicit operator bool() const { return owner_ != nullptr; }
    void Release();

   private:
    friend class SlotSupplier;
    explicit Permit(std::shared_ptr<SlotSupplier> owner) : owner_(std::move(owner)) {}
    // Shared so that a permit outliving the worker that made it stays valid.
    std::shared_ptr<SlotSupplier> owner_;
  };

  // Create: a supplier of `max_slots` (>= 1) slots. Throws InvalidArgumentError otherwise.
  static std::shared_ptr<SlotSupplier> Create(int max_slots);

  // Acquire waits until a slot is free and takes it; returns an empty permit
  // when `stop` is requested first.
  Permit Acquire(std::stop_token stop);
  // TryAcquire takes a slot if one is free now.
  Permit TryAcquire();

  int max_slots() const { return max_slots_; }
  // Free slots now (the temporal_worker_task_slots_available metric).
  int available() const;
  // Taken slots now (temporal_worker_task_slots_used).
  int used() const { return max_slots_ - available(); }

  // Observe: `observer(available, used)` is called now and after every
  // change, under the supplier's lock (so calls arrive in order; keep it
  // short: the worker sets two gauges). Set it before the slots are used.
  void Observe(std::function<void(int available, int used)> observer);

  // WaitAllFree waits until every slot is free (all tasks done) or `deadline`
  // passes; returns whether all are free.
  bool WaitAllFree(std::chrono::steady_clock::time_point deadline) const;

 private:
  explicit SlotSupplier(int max_slots) : max_slots_(max_slots), available_(max_slots) {}
  void ReleaseOne();

  const int max_slots_;
  mutable std::mutex mutex_;
  mutable std::condition_variable_any changed_;
  int available_;
  std::function<void(int, int)> observer_;
  std::weak_ptr<SlotSupplier> self_;
};

// PollBackoffOptions: the waits after failed polls. The n-th consecutive
// failure (n = 0, 1, ...) waits min(initial * multiplier^n, max) times a
// random factor in [1 - jitter, 1 + jitter]. RESOURCE_EXHAUSTED waits at
// least the slower `resource_exhausted_*` schedule. Defaults: the Go SDK's
// poll retry policies.
struct PollBackoffOptions {
  Duration initial_interval = std::chrono::milliseconds(200);
  Duration max_interval = std::chrono::seconds(10);
  double multiplier = 2.0;
  double jitter = 0.2;
  Duration resource_exhausted_initial_interval = std::chrono::seconds(1);
  Duration resource_exhausted_max_interval = std::chrono::seconds(10);
};

// PollBackoff: the backoff state of one poll loop, shared by its pollers
// (when the server is down, all of them slow down together). Thread safe.
//
//   PollBackoff backoff({});
//   Duration wait = backoff.Failed(grpc::StatusCode::UNAVAILABLE, 0.5);  // 200 ms
//   wait = backoff.Failed(grpc::StatusCode::UNAVAILABLE, 0.5);           // 400 ms
//   backoff.Succeeded();                                                 // back to 200 ms
class PollBackoff {
 public:
  explicit PollBackoff(PollBackoffOptions options) : options_(options) {}

  // Failed records a failed poll with `code` (UNKNOWN for a failure that was
  // not an RPC error) and returns how long to wait; `random` in [0, 1)
  // places the jitter.
  Duration Failed(grpc::StatusCode code, double random);
  // Succeeded records a poll that worked (with or without a task).
  void Succeeded();
  int consecutive_failures() const;

 private:
  PollBackoffOptions options_;
  mutable std::mutex mutex_;
  int failures_ = 0;
  int resource_exhausted_failures_ = 0;
};

// IsPermanentPollError: a code that polling again will not fix by itself
// (the namespace does not exist, credentials are refused, the server does
// not implement the RPC, ...). Pollers still retry these, for a while: an
// operator may be fixing it.
bool IsPermanentPollError(grpc::StatusCode code);

// PollLoopOptions: see PollLoop.
struct PollLoopOptions {
  // What is polled ("activity", "workflow", "sticky workflow"): names the
  // pollers in log lines.
  std::string name;
  // Poller threads, >= 1.
  int pollers = 2;
  // Where slots come from; required.
  std::shared_ptr<SlotSupplier> slots;
  PollBackoffOptions backoff;
  // Where poll failures are reported (a warning each); default: DefaultLogger().
  std::shared_ptr<Logger> logger;
  // Called with the number of polls in flight whenever it changes (the
  // temporal_num_pollers gauge).
  std::function<void(int)> on_active_pollers;
  // A permanent error (IsPermanentPollError) that persists this long stops
  // the loop and is handed to on_fatal_error. The Go SDK waits 2 minutes.
  Duration permanent_error_grace = std::chrono::minutes(2);
  // Called once, from a poller thread, when the loop gives up (then the
  // pollers stop; the owner should shut the worker down). Default: log only.
  std::function<void(std::exception_ptr)> on_fatal_error;
  // Random numbers in [0, 1) for the jitter; default: a per-thread generator.
  std::function<double()> random;
};

// PollLoop: see the file comment. The poll function runs on the poller
// threads, with a slot taken and with CallOptions that carry the loop's
// cancellation and RpcRetryOptions::NoRetries() (the loop does the backing
// off, interruptibly). Pass those CallOptions to the Connection. The
// function moves the permit into the task it dispatches (the slot stays
// taken until the task is done); if it does not, the slot is freed when it
// returns. A poll that throws is a failure: RpcError codes choose the
// backoff, anything else backs off like UNKNOWN.
class PollLoop {
 public:
  using Poll = std::function<void(SlotSupplier::Permit permit, const CallOptions& call_options)>;

  // Throws InvalidArgumentError for bad options (no slots, pollers < 1, no poll).
  PollLoop(PollLoopOptions options, Poll poll);
  // Stops and joins.
  ~PollLoop();
  PollLoop(const PollLoop&) = delete;
  PollLoop& operator=(const PollLoop&) = delete;

  // Start launches the poller threads (once).
  void Start();
  // Stop asks the pollers to stop: waits for slots and backoffs end, polls
  // in flight are canceled (they return empty). Returns at once; a poll that
  // already got a task still dispatches it. Idempotent.
  void Stop();
  // Join waits for the poller threads to end (call Stop first, or wait for a
  // fatal error).
  void Join();

  bool stopped() const { return stop_.stop_requested(); }
  // Polls made so far that returned (with or without a task) or failed.
  int64_t polls_completed() const { return polls_completed_.load(); }
  int64_t polls_failed() const { return polls_failed_.load(); }

 private:
  void RunPoller(int index);
  // ReportActivePolls: a poll starts (+1) or ends (-1); tells on_active_pollers.
  void ReportActivePolls(int change);
  // Waits `duration` or until stop; returns false when stopped.
  bool SleepUnlessStopped(Duration duration);

  PollLoopOptions options_;
  Poll poll_;
  PollBackoff backoff_;
  std::stop_source stop_;
  std::shared_ptr<CallCancellation> cancellation_ = std::make_shared<CallCancellation>();
  std::vector<std::thread> threads_;
  std::mutex mutex_;  // guards sleeping_, permanent_error_since_, threads_ start/join
  std::condition_variable_any sleeping_;
  std::optional<std::chrono::steady_clock::time_point> permanent_error_since_;
  bool fatal_reported_ = false;
  std::atomic<int64_t> polls_completed_{0};
  std::atomic<int64_t> polls_failed_{0};
  // Polls in flight. Changed and reported under its own lock, so the reports
  // arrive in the order of the changes and the gauge ends at the true count.
  std::mutex active_polls_mutex_;
  int active_polls_ = 0;
};

}  // namespace temporal::worker_internal

#endif  // TEMPORAL_WORKER_INTERNAL_POLLER_H_
