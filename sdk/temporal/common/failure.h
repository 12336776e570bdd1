// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// The Temporal failure hierarchy: exceptions that map one to one onto
// temporal.api.failure.v1.Failure (the FailureConverter in
// temporal/converter/failure_converter.h does the mapping, cause chains
// included). Workflow and activity code throws them; the client and the
// runtime throw them back when a failure arrives from the server.
//
//   // An activity that must not be retried:
//   throw temporal::ApplicationError("card declined", "PaymentDeclined",
//                                    {.non_retryable = true,
//                                     .details = temporal::Values::Of(Decline{"insufficient"})});
//
//   // A workflow looking at why its activity failed:
//   try { co_await ...; }
//   catch (const temporal::ActivityError& e) {
//     if (auto* app = e.cause_as<temporal::ApplicationError>(); app && app->type() == "PaymentDeclined") ...
//   }
//
// Any other exception thrown by an activity is reported as an ApplicationError
// whose type is the exception's C++ class name.
#ifndef TEMPORAL_COMMON_FAILURE_H_
#define TEMPORAL_COMMON_FAILURE_H_

#include <memory>
#include <optional>
#include <string>

#include "temporal/api/enums/v1/workflow.pb.h"
#include "temporal/api/failure/v1/message.pb.h"
#include "temporal/common/duration.h"
#include "temporal/common/error.h"
#include "temporal/common/values.h"

namespace temporal {

using RetryState = temporal::api::enums::v1::RetryState;
using TimeoutType = temporal::api::enums::v1::TimeoutType;

// FailureError: base of the hierarchy. what() is the failure's message.
class FailureError : public Error {
 public:
  const std::string& message() const { return message_; }
  // The stack trace recorded by whoever raised the failure (any language), or empty.
  const std::string& stack_trace() const { return stack_trace_; }
  // The failure that caused this one, or nullptr.
  const FailureError* cause() const { return cause_.get(); }
  const std::shared_ptr<const FailureError>& shared_cause() const { return cause_; }
  // The cause as a T when it is one, else nullptr.
  template <typename T>
  const T* cause_as() const {
    return dynamic_cast<const T*>(cause_.get());
  }

  // Rethrow throws this error as its most derived type (for code that holds a
  // FailureError by pointer, like a cause).
  [[noreturn]] virtual void Rethrow() const = 0;
  // Clone copies this error as its most derived type.
  virtual std::shared_ptr<FailureError> Clone() const = 0;

  // The Failure this error was made from, when it came from the server; the
  // FailureConverter sends it back unchanged (fields this SDK does not model
  // survive a round trip).
  const std::optional<temporal::api::failure::v1::Failure>& original() const { return original_; }
  void set_original(temporal::api::failure::v1::Failure failure) { original_ = std::move(failure); }
  void set_stack_trace(std::string stack_trace) { stack_trace_ = std::move(stack_trace); }

 protected:
  FailureError(std::string message, std::shared_ptr<const FailureError> cause)
      : Error(message), message_(std::move(message)), cause_(std::move(cause)) {}

 private:
  std::string message_;
  std::string stack_trace_;
  std::shared_ptr<const FailureError> cause_;
  std::optional<temporal::api::failure::v1::Failure> original_;
};

#define TEMPORAL_FAILURE_ERROR_BOILERPLATE(Type)                                  \
  [[noreturn]] void Rethrow() const override { throw *this; }                    \
  std::shared_ptr<FailureError> Clone() const override {                         \
    return std::make_shared<Type>(*this);                                        \
  }

// ApplicationErrorCategory: how observability should treat the failure.
enum class ApplicationErrorCategory {
  kUnspecified,
  kBenign,  // expected (for example a poll that found nothing); logged quietly
};

// ApplicationErrorOptions: the optional parts of an ApplicationError.
struct ApplicationErrorOptions {
  // The server does not retry a non-retryable failure, whatever the retry policy says.
  bool non_retryable = false;
  Values details;
  // Overrides the retry policy's next backoff for this failure.
  std::optional<Duration> next_retry_delay;
  ApplicationErrorCategory category = ApplicationErrorCategory::kUnspecified;
  std::shared_ptr<const FailureError> cause;
};

// ApplicationError: a failure raised by workflow or activity code. `type`
// names the kind of failure (retry policies can list non-retryable types).
class ApplicationError : public FailureError {
 public:
  explicit ApplicationError(std::string message, std::string type = "",
                            ApplicationErrorOptions options = {})
      : FailureError(std::move(message), std::move(options.cause)),
        type_(std::move(type)),
        non_retryable_(options.non_retryable),
        details_(std::move(options.details)),
        next_retry_delay_(options.next_retry_delay),
        category_(options.category) {}
  TEMPORAL_FAILURE_ERROR_BOILERPLATE(ApplicationError)

  const std::string& type() const { return type_; }
  bool non_retryable() const { return non_retryable_; }
  const Values& details() const { return details_; }
  const std::optional<Duration>& next_retry_delay() const { return next_retry_delay_; }
  ApplicationErrorCategory category() const { return category_; }

 private:
  std::string type_;
  bool non_retryable_;
  Values details_;
  std::optional<Duration> next_retry_delay_;
  ApplicationErrorCategory category_;
};

// CanceledError: the work was canceled (a workflow, activity, child, timer).
class CanceledError : public FailureError {
 public:
  explicit CanceledError(std::string message = "canceled", Values details = {},
                         std::shared_ptr<const FailureError> cause = nullptr)
      : FailureError(std::move(message), std::move(cause)), details_(std::move(details)) {}
  TEMPORAL_FAILURE_ERROR_BOILERPLATE(CanceledError)

  const Values& details() const { return details_; }

 private:
  Values details_;
};

// TimeoutError: a timeout elapsed (start-to-close, schedule-to-start,
// schedule-to-close, heartbeat). Carries the last heartbeat's details.
class TimeoutError : public FailureError {
 public:
  TimeoutError(std::string message, TimeoutType timeout_type, Values last_heartbeat_details = {},
               std::shared_ptr<const FailureError> cause = nullptr)
      : FailureError(std::move(message), std::move(cause)),
        timeout_type_(timeout_type),
        last_heartbeat_details_(std::move(last_heartbeat_details)) {}
  TEMPORAL_FAILURE_ERROR_BOILERPLATE(TimeoutError)

  TimeoutType timeout_type() const { return timeout_type_; }
  const Values& last_heartbeat_details() const { return last_heartbeat_details_; }

 private:
  TimeoutType timeout_type_;
  Values last_heartbeat_details_;
};

// TerminatedError: the workflow was terminated.
class TerminatedError : public FailureError {
 public:
  explicit TerminatedError(std::string message = "terminated",
                           std::shared_ptr<const FailureError> cause = nullptr)
      : FailureError(std::move(message), std::move(cause)) {}
  TEMPORAL_FAILURE_ERROR_BOILERPLATE(TerminatedError)
};

// ServerError: a failure the server raised itself.
class ServerError : public FailureError {
 public:
  explicit ServerError(std::string message, bool non_retryable = false,
                       std::shared_ptr<const FailureError> cause = nullptr)
      : FailureError(std::move(message), std::move(cause)), non_retryable_(non_retryable) {}
  TEMPORAL_FAILURE_ERROR_BOILERPLATE(ServerError)

  bool non_retryable() const { return non_retryable_; }

 private:
  bool non_retryable_;
};

// ActivityErrorInfo: which activity failed, for an ActivityError.
struct ActivityErrorInfo {
  int64_t scheduled_event_id = 0;
  int64_t started_event_id = 0;
  std::string identity;
  std::string activity_type;
  std::string activity_id;
  RetryState retry_state = temporal::api::enums::v1::RETRY_STATE_UNSPECIFIED;
};

// ActivityError: an activity failed; cause() says how (ApplicationError,
// TimeoutError, CanceledError, ...).
class ActivityError : public FailureError {
 public:
  ActivityError(std::string message, ActivityErrorInfo info,
                std::shared_ptr<const FailureError> cause)
      : FailureError(std::move(message), std::move(cause)), info_(std::move(info)) {}
  TEMPORAL_FAILURE_ERROR_BOILERPLATE(ActivityError)

  const ActivityErrorInfo& info() const { return info_; }

 private:
  ActivityErrorInfo info_;
};

// ChildWorkflowErrorInfo: which child failed, for a ChildWorkflowError.
struct ChildWorkflowErrorInfo {
  std::string namespace_;
  std::string workflow_id;
  std::string run_id;
  std::string workflow_type;
  int64_t initiated_event_id = 0;
  int64_t started_event_id = 0;
  RetryState retry_state = temporal::api::enums::v1::RETRY_STATE_UNSPECIFIED;
};

// ChildWorkflowError: a child workflow failed; cause() says how.
class ChildWorkflowError : public FailureError {
 public:
  ChildWorkflowError(std::string message, ChildWorkflowErrorInfo info,
                     std::shared_ptr<const FailureError> cause)
      : FailureError(std::move(message), std::move(cause)), info_(std::move(info)) {}
  TEMPORAL_FAILURE_ERROR_BOILERPLATE(ChildWorkflowError)

  const ChildWorkflowErrorInfo& info() const { return info_; }

 private:
  ChildWorkflowErrorInfo info_;
};

#undef TEMPORAL_FAILURE_ERROR_BOILERPLATE

}  // namespace temporal

#endif  // TEMPORAL_COMMON_FAILURE_H_
