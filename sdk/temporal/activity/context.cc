// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/activity/context.h"

#include "temporal/activity/interceptor.h"

namespace temporal::activity {
namespace {

thread_local Context* current_context = nullptr;

}  // namespace

const char* CancelReasonName(CancelReason reason) {
  switch (reason) {
    case CancelReason::kNone:
      return "none";
    case CancelReason::kRequested:
      return "requested";
    case CancelReason::kWorkerShutdown:
      return "worker shutdown";
    case CancelReason::kTimedOut:
      return "timed out";
    case CancelReason::kNotFound:
      return "not found on the server";
    case CancelReason::kPaused:
      return "paused";
    case CancelReason::kReset:
      return "reset";
  }
  return "unknown";
}

Context::Context(ActivityInfo info, converter::DataConverter data_converter,
                 Values heartbeat_details, RecordHeartbeat record_heartbeat)
    : info_(std::move(info)),
      data_converter_(std::move(data_converter)),
      heartbeat_details_(std::move(heartbeat_details)),
      record_heartbeat_(std::move(record_heartbeat)) {}

Context& Context::Current() {
  if (current_context == nullptr) {
    throw NotInActivityError(
        "temporal::activity::Context::Current() called on a thread that is not running an "
        "activity (activity functions reach their context only on the thread the worker runs "
        "them on)");
  }
  return *current_context;
}

Context* Context::CurrentOrNull() { return current_context; }

void Context::HeartbeatValues(const Values& details) {
  if (ActivityOutboundInterceptor* outbound = this->outbound()) {
    outbound->Heartbeat(details);
  } else {
    RecordHeartbeatValues(details);
  }
}

void Context::RecordHeartbeatValues(const Values& details) {
  std::vector<Payload> payloads = details.ToPayloads(*data_converter_.payload_converter);
  data_converter_.Encode(payloads);
  if (record_heartbeat_) record_heartbeat_(std::move(payloads));
}

CancelReason Context::cancel_reason() const {
  std::lock_guard lock(mutex_);
  return cancel_reason_;
}

void Context::ThrowIfCancelRequested() const {
  if (!IsCancelRequested()) return;
  throw CanceledError(std::string("activity canceled: ") + CancelReasonName(cancel_reason()));
}

bool Context::WaitForCancel(Duration timeout) const {
  std::unique_lock lock(mutex_);
  // Wakes early only through the stop token (the predicate never holds).
  cancel_changed_.wait_for(lock, cancel_source_.get_token(), timeout, [] { return false; });
  return cancel_source_.stop_requested();
}

void Context::RequestCancel(CancelReason reason) {
  {
    std::lock_guard lock(mutex_);
    if (cancel_reason_ != CancelReason::kNone) return;
    cancel_reason_ = reason;
  }
  // Wakes WaitForCancel (its wait watches the token) and runs stop_callbacks;
  // outside the lock, since those callbacks may call back into the context.
  cancel_source_.request_stop();
}

Context::Scope::Scope(Context& context) : previous_(current_context) { current_context = &context; }

Context::Scope::~Scope() { current_context = previous_; }

const ActivityInfo& Info() {
  Context& context = Context::Current();
  return context.outbound() != nullptr ? context.outbound()->Info() : context.info();
}
bool HasHeartbeatDetails() { return Context::Current().HasHeartbeatDetails(); }
bool IsCancelRequested() { return Context::Current().IsCancelRequested(); }
void ThrowIfCancelRequested() { Context::Current().ThrowIfCancelRequested(); }
bool WaitForCancel(Duration timeout) { return Context::Current().WaitForCancel(timeout); }

void CompleteAsync() {
  Context::Current();  // outside an activity this is a NotInActivityError, not a silent marker
  throw CompleteAsyncError{};
}

}  // namespace temporal::activity
