// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// DeadlockDetector: reports workflow code that holds its thread too long.
// Workflow code must only compute and co_await SDK operations; a workflow
// that blocks (a mutex, a sleep, a busy loop) stalls its run and the worker
// thread under it. The worker marks each activation's start and end; a
// watchdog thread reports, once per activation, any that runs longer than
// the threshold, naming the workflow id, run id and type. It never aborts
// anything: the activation goes on, and finishes whenever it does.
//
//   DeadlockDetector detector({.threshold = 2s, .on_deadlock = report});
//   {
//     DeadlockDetector::Watch watch = detector.Begin("order-42", run_id, "ProcessOrder");
//     run.Activate(activation);
//   }   // done: no report, unless it took more than 2 s
#ifndef TEMPORAL_WORKER_INTERNAL_DEADLOCK_DETECTOR_H_
#define TEMPORAL_WORKER_INTERNAL_DEADLOCK_DETECTOR_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "temporal/common/duration.h"

namespace temporal::worker_internal {

// DeadlockReport: one activation that has held its thread longer than the threshold.
struct DeadlockReport {
  std::string workflow_id;
  std::string run_id;
  std::string workflow_type;
  Duration elapsed{};  // when reported; the activation is still running
  std::string Message() const;
};

struct DeadlockDetectorOptions {
  // 0 disables detection.
  Duration threshold = std::chrono::seconds(2);
  std::function<void(const DeadlockReport&)> on_deadlock;
};

class DeadlockDetector {
 public:
  // Watch: an activation in progress; ending it (destruction) ends the watch.
  class Watch {
   public:
    Watch() = default;
    Watch(Watch&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)), id_(other.id_) {}
    Watch& operator=(Watch&&) = delete;
    Watch(const Watch&) = delete;
    Watch& operator=(const Watch&) = delete;
    ~Watch();

   private:
    friend class DeadlockDetector;
    Watch(DeadlockDetector* owner, uint64_t id) : owner_(owner), id_(id) {}
    DeadlockDetector* owner_ = nullptr;
    uint64_t id_ = 0;
  };

  explicit DeadlockDetector(DeadlockDetectorOptions options);
  ~DeadlockDetector();
  DeadlockDetector(const DeadlockDetector&) = delete;
  DeadlockDetector& operator=(const DeadlockDetector&) = delete;

  Watch Begin(std::string workflow_id, std::string run_id, std::string workflow_type);

  // Reports made so far.
  int64_t reports() const;

 private:
  struct Active {
    DeadlockReport report;
    std::chrono::steady_clock::time_point started;
    bool reported = false;
  };
  void End(uint64_t id);
  void RunWatchdog();

  const DeadlockDetectorOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::map<uint64_t, Active> active_;
  uint64_t next_id_ = 0;
  int64_t reports_ = 0;
  bool stopping_ = false;
  std::thread watchdog_;
};

}  // namespace temporal::worker_internal

#endif  // TEMPORAL_WORKER_INTERNAL_DEADLOCK_DETECTOR_H_
