// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// LocalActivityCancellation: how the workflow worker stops one local
// activity it started, when the workflow cancels it (a cancellation scope,
// the workflow's own cancellation, a WhenAny that dropped it). Cancel
// reaches the attempt running now through its activity::Context
// (IsCancelRequested, WaitForCancel, ThrowIfCancelRequested, with
// CancelReason::kRequested), ends a wait for a slot or between retries, and
// stops further attempts. A cancel that comes before the attempt starts
// reaches it as soon as it does. Thread safe.
//
//   auto cancellation = std::make_shared<LocalActivityCancellation>();
//   std::thread worker([&] { result = runner.Run(request, cancellation.get()); });
//   cancellation->Cancel();   // the activity sees activity::IsCancelRequested()
#ifndef TEMPORAL_WORKER_INTERNAL_LOCAL_ACTIVITY_CANCELLATION_H_
#define TEMPORAL_WORKER_INTERNAL_LOCAL_ACTIVITY_CANCELLATION_H_

#include <mutex>
#include <stop_token>

#include "temporal/activity/context.h"

namespace temporal::worker_internal {

class LocalActivityCancellation {
 public:
  LocalActivityCancellation() = default;
  LocalActivityCancellation(const LocalActivityCancellation&) = delete;
  LocalActivityCancellation& operator=(const LocalActivityCancellation&) = delete;

  // Cancel: see the file comment. Idempotent.
  void Cancel() {
    std::lock_guard lock(mutex_);
    if (canceled_) return;
    canceled_ = true;
    stop_.request_stop();
    if (attempt_ != nullptr) attempt_->RequestCancel(activity::CancelReason::kRequested);
  }

  bool canceled() const {
    std::lock_guard lock(mutex_);
    return canceled_;
  }

  // Stops when Cancel is called: for the runner's waits (slots, retry backoff).
  std::stop_token token() const { return stop_.get_token(); }

  // AttachAttempt: the context of the attempt that starts now (nullptr when
  // it ended). A cancellation that came first reaches it at once.
  void AttachAttempt(activity::Context* attempt) {
    std::lock_guard lock(mutex_);
    attempt_ = attempt;
    if (canceled_ && attempt_ != nullptr)
      attempt_->RequestCancel(activity::CancelReason::kRequested);
  }

 private:
  mutable std::mutex mutex_;
  bool canceled_ = false;
  std::stop_source stop_;
  activity::Context* attempt_ = nullptr;
};

}  // namespace temporal::worker_internal

#endif  // TEMPORAL_WORKER_INTERNAL_LOCAL_ACTIVITY_CANCELLATION_H_
