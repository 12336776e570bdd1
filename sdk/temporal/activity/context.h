// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Context: what activity code reaches while it runs: its ActivityInfo,
// heartbeats, the details the previous attempt heartbeated, cancellation,
// and asynchronous completion. The worker sets it up on the thread that runs
// the activity; code reaches it with Context::Current() or the free
// functions below.
//
//   std::string Download(std::string url) {
//     namespace activity = temporal::activity;
//     int64_t offset = activity::HasHeartbeatDetails() ? activity::HeartbeatDetails<int64_t>() : 0;
//     while (offset < size) {
//       offset += FetchChunk(url, offset);
//       activity::Heartbeat(offset);           // throttled; the latest details are kept
//       activity::ThrowIfCancelRequested();    // throws temporal::CanceledError
//     }
//     return path;
//   }
//
//   void Approve(std::string request) {        // someone else will finish it
//     Send(request, temporal::activity::Info().task_token);
//     temporal::activity::CompleteAsync();     // the worker does not respond
//   }
//
// Heartbeats never block on the network: the first one is sent at once,
// later ones at most every 0.8 x heartbeat timeout (30 s without one; never
// less often than every 60 s), carrying the latest details. Cancellation
// arrives through the heartbeat response, so an activity that wants to hear
// about it must heartbeat. See docs/adr/0011-activity-heartbeat-throttling.md,
// 0012-activity-cancellation-delivery.md and 0013-async-activity-completion-marker.md.
#ifndef TEMPORAL_ACTIVITY_CONTEXT_H_
#define TEMPORAL_ACTIVITY_CONTEXT_H_

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <vector>

#include "temporal/activity/activity_info.h"
#include "temporal/common/error.h"
#include "temporal/common/failure.h"
#include "temporal/common/values.h"
#include "temporal/converter/data_converter.h"

namespace temporal::activity {

class ActivityOutboundInterceptor;

// CancelReason: why an activity is asked to stop.
enum class CancelReason {
  kNone,
  // The workflow requested cancellation (delivered by a heartbeat response).
  kRequested,
  // The worker is shutting down and its grace period is over.
  kWorkerShutdown,
  // The attempt's start-to-close or heartbeat timeout passed (seen by the
  // worker); the server has already given up on this attempt.
  kTimedOut,
  // The server no longer knows this attempt (its workflow closed, or it was
  // already timed out or completed elsewhere).
  kNotFound,
  // An operator paused the activity.
  kPaused,
  // An operator reset the activity.
  kReset,
};

// CancelReasonName: "requested", "worker shutdown", ...
const char* CancelReasonName(CancelReason reason);

// NotInActivityError: Context::Current() (or a free function below) was
// called on a thread that is not running an activity.
class NotInActivityError : public Error {
 public:
  explicit NotInActivityError(const std::string& message) : Error(message) {}
};

// CompleteAsyncError: thrown by CompleteAsync() to tell the worker that the
// activity will be completed later, by a client holding its task token
// (temporal::Client::GetAsyncActivityHandle). It is deliberately not a
// std::exception, so that `catch (const std::exception&)` in activity code
// does not swallow it; let it leave the activity function.
struct CompleteAsyncError {};

// Context: see the file comment. One per activity attempt; thread safe.
class Context {
 public:
  // RecordHeartbeat: how heartbeats leave the context: the details already
  // converted and encoded for the wire. The worker throttles and sends them.
  using RecordHeartbeat = std::function<void(std::vector<Payload> details)>;

  // For the worker and test environments: the context of one attempt.
  // `heartbeat_details` are those recorded by the previous attempt.
  Context(ActivityInfo info, converter::DataConverter data_converter, Values heartbeat_details,
          RecordHeartbeat record_heartbeat);
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  // Current: the context of the activity running on this thread. Throws
  // NotInActivityError elsewhere.
  static Context& Current();
  // CurrentOrNull: the same, or nullptr.
  static Context* CurrentOrNull();

  const ActivityInfo& info() const { return info_; }
  const converter::DataConverter& data_converter() const { return data_converter_; }

  // Heartbeat reports progress and that the activity is alive; the details
  // are what the next attempt finds in HeartbeatDetails if this one fails.
  // Goes through the attempt's outbound interceptors. Throws ConversionError
  // when a detail cannot be converted.
  template <typename... T>
  void Heartbeat(const T&... details) {
    HeartbeatValues(Values::Of(details...));
  }
  void HeartbeatValues(const Values& details);
  // RecordHeartbeatValues: the heartbeat past the interceptors (what the
  // innermost one calls).
  void RecordHeartbeatValues(const Values& details);

  // The attempt's outermost ActivityOutboundInterceptor (interceptor.h),
  // through which Heartbeat and the free function Info() go; null when
  // there are none. Set by RunActivity for the attempt's duration.
  ActivityOutboundInterceptor* outbound() const { return outbound_.load(std::memory_order_acquire); }
  void set_outbound(ActivityOutboundInterceptor* outbound) { outbound_.store(outbound, std::memory_order_release); }

  // The details the previous attempt heartbeated last (empty on the first
  // attempt, or when it heartbeated none).
  bool HasHeartbeatDetails() const { return !heartbeat_details_.empty(); }
  const Values& heartbeat_details() const { return heartbeat_details_; }
  // HeartbeatDetails decodes detail `index` as T; throws ConversionError
  // when there is none or it is not a T.
  template <typename T>
  T HeartbeatDetails(size_t index = 0) const {
    return heartbeat_details_.Get<T>(index);
  }

  // Cancellation. IsCancelRequested is cheap: poll it in loops.
  bool IsCancelRequested() const { return cancel_source_.stop_requested(); }
  CancelReason cancel_reason() const;
  // ThrowIfCancelRequested throws CanceledError ("activity canceled: <reason>")
  // once cancellation is requested.
  void ThrowIfCancelRequested() const;
  // WaitForCancel blocks until cancellation is requested or `timeout`
  // passes; returns whether it was requested. An activity that sleeps
  // between steps sleeps here, so it wakes on cancellation.
  bool WaitForCancel(Duration timeout) const;
  // The cancellation as a std::stop_token, for std::condition_variable_any
  // waits, std::stop_callback and std::jthread. A stop_callback runs on the
  // worker's thread that delivers the cancellation: keep it short.
  std::stop_token cancellation_token() const { return cancel_source_.get_token(); }

  // RequestCancel: for the worker (and tests). The first reason wins; later
  // calls change nothing. Wakes WaitForCancel and stop_token waiters.
  void RequestCancel(CancelReason reason);

  // Scope makes `context` the current one on this thread while it lives.
  class Scope {
   public:
    explicit Scope(Context& context);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    Context* previous_;
  };

 private:
  ActivityInfo info_;
  converter::DataConverter data_converter_;
  Values heartbeat_details_;
  RecordHeartbeat record_heartbeat_;
  // Atomic: the activity may heartbeat from threads of its own.
  std::atomic<ActivityOutboundInterceptor*> outbound_{nullptr};
  std::stop_source cancel_source_;
  mutable std::mutex mutex_;
  mutable std::condition_variable_any cancel_changed_;
  CancelReason cancel_reason_ = CancelReason::kNone;
};

// The free functions: Context::Current() and the method of the same name
// (Info() through the outbound interceptors, as Heartbeat).
const ActivityInfo& Info();
template <typename... T>
void Heartbeat(const T&... details) {
  Context::Current().Heartbeat(details...);
}
bool HasHeartbeatDetails();
template <typename T>
T HeartbeatDetails(size_t index = 0) {
  return Context::Current().HeartbeatDetails<T>(index);
}
bool IsCancelRequested();
void ThrowIfCancelRequested();
bool WaitForCancel(Duration timeout);

// CompleteAsync ends the activity function without a result: the worker
// sends nothing, and a client completes the activity later by its task token
// (Info().task_token) or by workflow id and activity id. The activity must
// still finish within its timeouts, and heartbeat if it has a heartbeat timeout.
[[noreturn]] void CompleteAsync();

}  // namespace temporal::activity

#endif  // TEMPORAL_ACTIVITY_CONTEXT_H_
