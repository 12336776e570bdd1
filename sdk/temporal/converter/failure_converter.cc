// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/converter/failure_converter.h"

#include <nlohmann/json.hpp>
#include <typeinfo>

#include "temporal/common/value.h"

namespace temporal::converter {
namespace {

namespace failure_v1 = temporal::api::failure::v1;
using google::protobuf::RepeatedPtrField;

constexpr std::string_view kEncodedMessage = "Encoded failure";

void SetPayloads(const Values& values, const PayloadConverter& converter,
                 temporal::api::common::v1::Payloads* out) {
  for (auto& payload : values.ToPayloads(converter)) *out->add_payloads() = std::move(payload);
}

Values GetPayloads(const temporal::api::common::v1::Payloads& payloads,
                   const std::shared_ptr<const PayloadConverter>& converter) {
  return Values::FromPayloads({payloads.payloads().begin(), payloads.payloads().end()},
                              converter);
}

// Fills the failure-specific part for each Temporal failure type.
void SetInfo(const FailureError& error, const PayloadConverter& converter, Failure& failure) {
  if (const auto* e = dynamic_cast<const ApplicationError*>(&error)) {
    auto* info = failure.mutable_application_failure_info();
    info->set_type(e->type());
    info->set_non_retryable(e->non_retryable());
    if (!e->details().empty()) SetPayloads(e->details(), converter, info->mutable_details());
    if (e->next_retry_delay()) *info->mutable_next_retry_delay() = ToProto(*e->next_retry_delay());
    if (e->category() == ApplicationErrorCategory::kBenign) {
      info->set_category(temporal::api::enums::v1::APPLICATION_ERROR_CATEGORY_BENIGN);
    }
  } else if (const auto* e = dynamic_cast<const CanceledError*>(&error)) {
    auto* info = failure.mutable_canceled_failure_info();
    if (!e->details().empty()) SetPayloads(e->details(), converter, info->mutable_details());
  } else if (const auto* e = dynamic_cast<const TimeoutError*>(&error)) {
    auto* info = failure.mutable_timeout_failure_info();
    info->set_timeout_type(e->timeout_type());
    if (!e->last_heartbeat_details().empty()) {
      SetPayloads(e->last_heartbeat_details(), converter, info->mutable_last_heartbeat_details());
    }
  } else if (dynamic_cast<const TerminatedError*>(&error) != nullptr) {
    failure.mutable_terminated_failure_info();
  } else if (const auto* e = dynamic_cast<const ServerError*>(&error)) {
    failure.mutable_server_failure_info()->set_non_retryable(e->non_retryable());
  } else if (const auto* e = dynamic_cast<const ActivityError*>(&error)) {
    auto* info = failure.mutable_activity_failure_info();
    info->set_scheduled_event_id(e->info().scheduled_event_id);
    info->set_started_event_id(e->info().started_event_id);
    info->set_identity(e->info().identity);
    info->mutable_activity_type()->set_name(e->info().activity_type);
    info->set_activity_id(e->info().activity_id);
    info->set_retry_state(e->info().retry_state);
  } else if (const auto* e = dynamic_cast<const ChildWorkflowError*>(&error)) {
    auto* info = failure.mutable_child_workflow_execution_failure_info();
    info->set_namespace_(e->info().namespace_);
    info->mutable_workflow_execution()->set_workflow_id(e->info().workflow_id);
    info->mutable_workflow_execution()->set_run_id(e->info().run_id);
    info->mutable_workflow_type()->set_name(e->info().workflow_type);
    info->set_initiated_event_id(e->info().initiated_event_id);
    info->set_started_event_id(e->info().started_event_id);
    info->set_retry_state(e->info().retry_state);
  }
}

std::shared_ptr<FailureError> MakeError(const Failure& failure, const std::string& message,
                                        std::shared_ptr<const FailureError> cause,
                                        const std::shared_ptr<const PayloadConverter>& converter) {
  switch (failure.failure_info_case()) {
    case Failure::kApplicationFailureInfo: {
      const auto& info = failure.application_failure_info();
      ApplicationErrorOptions options{
          .non_retryable = info.non_retryable(),
          .details = GetPayloads(info.details(), converter),
          .next_retry_delay = std::nullopt,
          .category = info.category() == temporal::api::enums::v1::APPLICATION_ERROR_CATEGORY_BENIGN
                          ? ApplicationErrorCategory::kBenign
                          : ApplicationErrorCategory::kUnspecified,
          .cause = std::move(cause)};
      if (info.has_next_retry_delay()) options.next_retry_delay = FromProto(info.next_retry_delay());
      return std::make_shared<ApplicationError>(message, info.type(), std::move(options));
    }
    case Failure::kCanceledFailureInfo:
      return std::make_shared<CanceledError>(
          message, GetPayloads(failure.canceled_failure_info().details(), converter),
          std::move(cause));
    case Failure::kTimeoutFailureInfo: {
      const auto& info = failure.timeout_failure_info();
      return std::make_shared<TimeoutError>(
          message, info.timeout_type(), GetPayloads(info.last_heartbeat_details(), converter),
          std::move(cause));
    }
    case Failure::kTerminatedFailureInfo:
      return std::make_shared<TerminatedError>(message, std::move(cause));
    case Failure::kServerFailureInfo:
      return std::make_shared<ServerError>(message, failure.server_failure_info().non_retryable(),
                                           std::move(cause));
    case Failure::kActivityFailureInfo: {
      const auto& info = failure.activity_failure_info();
      return std::make_shared<ActivityError>(
          message,
          ActivityErrorInfo{.scheduled_event_id = info.scheduled_event_id(),
                            .started_event_id = info.started_event_id(),
                            .identity = info.identity(),
                            .activity_type = info.activity_type().name(),
                            .activity_id = info.activity_id(),
                            .retry_state = info.retry_state()},
          std::move(cause));
    }
    case Failure::kChildWorkflowExecutionFailureInfo: {
      const auto& info = failure.child_workflow_execution_failure_info();
      return std::make_shared<ChildWorkflowError>(
          message,
          ChildWorkflowErrorInfo{.namespace_ = info.namespace_(),
                                 .workflow_id = info.workflow_execution().workflow_id(),
                                 .run_id = info.workflow_execution().run_id(),
                                 .workflow_type = info.workflow_type().name(),
                                 .initiated_event_id = info.initiated_event_id(),
                                 .started_event_id = info.started_event_id(),
                                 .retry_state = info.retry_state()},
          std::move(cause));
    }
    default:
      // No info, or one this SDK does not model yet (Nexus, reset): an
      // ApplicationError without a type; original() keeps everything.
      return std::make_shared<ApplicationError>(message, "",
                                                ApplicationErrorOptions{.cause = std::move(cause)});
  }
}

// Moves message and stack trace into encoded_attributes (see the header).
void EncodeCommonAttributes(Failure& failure, const PayloadConverter& converter) {
  nlohmann::json attributes = {{"message", failure.message()},
                               {"stack_trace", failure.stack_trace()}};
  *failure.mutable_encoded_attributes() = converter.ToPayload(attributes);
  failure.set_message(std::string(kEncodedMessage));
  failure.clear_stack_trace();
}

Failure FromStdException(const std::exception& error) {
  Failure failure;
  failure.set_message(error.what());
  failure.set_source(std::string(kFailureSource));
  failure.mutable_application_failure_info()->set_type(Demangle(typeid(error)));
  return failure;
}

}  // namespace

Failure FailureConverter::ToFailure(const std::exception_ptr& error,
                                    const PayloadConverter& payloads) const {
  if (error == nullptr) return Failure();
  try {
    std::rethrow_exception(error);
  } catch (const FailureError& e) {
    return ToFailure(e, payloads);
  } catch (const std::exception& e) {
    Failure failure = FromStdException(e);
    if (const auto* nested = dynamic_cast<const std::nested_exception*>(&e);
        nested != nullptr && nested->nested_ptr() != nullptr) {
      *failure.mutable_cause() = ToFailure(nested->nested_ptr(), payloads);
    }
    if (options_.encode_common_attributes) EncodeCommonAttributes(failure, payloads);
    return failure;
  } catch (...) {
    Failure failure;
    failure.set_message("a C++ exception that is not a std::exception");
    failure.set_source(std::string(kFailureSource));
    failure.mutable_application_failure_info()->set_type("UnknownException");
    if (options_.encode_common_attributes) EncodeCommonAttributes(failure, payloads);
    return failure;
  }
}

Failure FailureConverter::ToFailure(const FailureError& error,
                                    const PayloadConverter& payloads) const {
  if (error.original()) return *error.original();
  Failure failure;
  failure.set_source(std::string(kFailureSource));
  failure.set_message(error.message());
  failure.set_stack_trace(error.stack_trace());
  if (options_.encode_common_attributes) EncodeCommonAttributes(failure, payloads);
  SetInfo(error, payloads, failure);
  if (error.cause() != nullptr) *failure.mutable_cause() = ToFailure(*error.cause(), payloads);
  return failure;
}

std::shared_ptr<FailureError> FailureConverter::FromFailure(
    const Failure& failure, std::shared_ptr<const PayloadConverter> payloads) const {
  std::string message = failure.message();
  std::string stack_trace = failure.stack_trace();
  if (failure.has_encoded_attributes()) {
    // Decoded whether or not this converter encodes: a failure is readable
    // whichever SDK wrote it.
    auto attributes = payloads->FromPayload<nlohmann::json>(failure.encoded_attributes());
    if (attributes.is_object()) {
      if (auto it = attributes.find("message"); it != attributes.end() && it->is_string()) {
        message = it->get<std::string>();
      }
      if (auto it = attributes.find("stack_trace"); it != attributes.end() && it->is_string()) {
        stack_trace = it->get<std::string>();
      }
    }
  }
  std::shared_ptr<const FailureError> cause;
  if (failure.has_cause()) cause = FromFailure(failure.cause(), payloads);
  auto error = MakeError(failure, message, std::move(cause), payloads);
  error->set_stack_trace(std::move(stack_trace));
  error->set_original(failure);
  return error;
}

}  // namespace temporal::converter
