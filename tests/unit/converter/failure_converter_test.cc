// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// FailureConverter and DataConverter failures: every failure type maps onto
// temporal.api.failure.v1.Failure and back, with causes, details and codecs.
#include "temporal/converter/failure_converter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

#include "temporal/converter/data_converter.h"
#include "temporal/converter/zlib_codec.h"

namespace {

using temporal::ActivityError;
using temporal::ApplicationError;
using temporal::CanceledError;
using temporal::ChildWorkflowError;
using temporal::FailureError;
using temporal::ServerError;
using temporal::TerminatedError;
using temporal::TimeoutError;
using temporal::Values;
using temporal::converter::DataConverter;
using temporal::converter::DefaultPayloadConverter;
using temporal::converter::Failure;
using temporal::converter::FailureConverter;
using ::testing::HasSubstr;
namespace enums = temporal::api::enums::v1;

std::shared_ptr<FailureError> RoundTrip(const FailureError& error,
                                        const FailureConverter& converter = FailureConverter()) {
  Failure failure = converter.ToFailure(error, *DefaultPayloadConverter());
  return converter.FromFailure(failure, DefaultPayloadConverter());
}

TEST(FailureConverter, ApplicationErrorKeepsEveryField) {
  using namespace std::chrono_literals;
  ApplicationError error("card declined", "PaymentDeclined",
                         {.non_retryable = true,
                          .details = Values::Of(std::string("insufficient"), 42),
                          .next_retry_delay = 3s,
                          .category = temporal::ApplicationErrorCategory::kBenign});
  Failure failure = FailureConverter().ToFailure(error, *DefaultPayloadConverter());
  EXPECT_EQ(failure.message(), "card declined");
  EXPECT_EQ(failure.source(), "CppSDK");
  ASSERT_TRUE(failure.has_application_failure_info());
  EXPECT_EQ(failure.application_failure_info().type(), "PaymentDeclined");
  EXPECT_TRUE(failure.application_failure_info().non_retryable());
  EXPECT_EQ(failure.application_failure_info().details().payloads_size(), 2);
  EXPECT_EQ(failure.application_failure_info().next_retry_delay().seconds(), 3);

  auto back = FailureConverter().FromFailure(failure, DefaultPayloadConverter());
  const auto* app = dynamic_cast<const ApplicationError*>(back.get());
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(app->message(), "card declined");
  EXPECT_EQ(app->type(), "PaymentDeclined");
  EXPECT_TRUE(app->non_retryable());
  EXPECT_EQ(app->details().Get<std::string>(0), "insufficient");
  EXPECT_EQ(app->details().Get<int>(1), 42);
  EXPECT_EQ(app->next_retry_delay(), std::chrono::nanoseconds(3s));
  EXPECT_EQ(app->category(), temporal::ApplicationErrorCategory::kBenign);
}

TEST(FailureConverter, EveryFailureTypeRoundTripsToItsOwnType) {
  auto canceled = RoundTrip(CanceledError("stop", Values::Of(1)));
  ASSERT_NE(dynamic_cast<CanceledError*>(canceled.get()), nullptr);
  EXPECT_EQ(dynamic_cast<CanceledError&>(*canceled).details().Get<int>(), 1);

  auto timeout = RoundTrip(TimeoutError("slow", enums::TIMEOUT_TYPE_HEARTBEAT, Values::Of(9)));
  auto* t = dynamic_cast<TimeoutError*>(timeout.get());
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->timeout_type(), enums::TIMEOUT_TYPE_HEARTBEAT);
  EXPECT_EQ(t->last_heartbeat_details().Get<int>(), 9);

  EXPECT_NE(dynamic_cast<TerminatedError*>(RoundTrip(TerminatedError("bye")).get()), nullptr);
  auto server = RoundTrip(ServerError("oops", true));
  ASSERT_NE(dynamic_cast<ServerError*>(server.get()), nullptr);
  EXPECT_TRUE(dynamic_cast<ServerError&>(*server).non_retryable());

  auto child = RoundTrip(ChildWorkflowError(
      "child failed",
      {.namespace_ = "ns", .workflow_id = "c", .run_id = "r", .workflow_type = "Child",
       .initiated_event_id = 5, .started_event_id = 6,
       .retry_state = enums::RETRY_STATE_NON_RETRYABLE_FAILURE},
      std::make_shared<ApplicationError>("inner")));
  auto* c = dynamic_cast<ChildWorkflowError*>(child.get());
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->info().workflow_type, "Child");
  EXPECT_EQ(c->info().started_event_id, 6);
  EXPECT_EQ(c->info().retry_state, enums::RETRY_STATE_NON_RETRYABLE_FAILURE);
  EXPECT_NE(c->cause_as<ApplicationError>(), nullptr);
}

TEST(FailureConverter, CauseChainsSurviveAndRethrowAsTheConcreteType) {
  ActivityError error("activity failed",
                      {.scheduled_event_id = 5, .started_event_id = 6, .identity = "w1",
                       .activity_type = "Charge", .activity_id = "1",
                       .retry_state = enums::RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED},
                      std::make_shared<ApplicationError>(
                          "declined", "PaymentDeclined",
                          temporal::ApplicationErrorOptions{
                              .cause = std::make_shared<TimeoutError>(
                                  "gateway", enums::TIMEOUT_TYPE_START_TO_CLOSE)}));
  auto back = RoundTrip(error);
  auto* activity = dynamic_cast<ActivityError*>(back.get());
  ASSERT_NE(activity, nullptr);
  EXPECT_EQ(activity->info().activity_type, "Charge");
  EXPECT_EQ(activity->info().retry_state, enums::RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED);
  const auto* app = activity->cause_as<ApplicationError>();
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(app->type(), "PaymentDeclined");
  ASSERT_NE(app->cause_as<TimeoutError>(), nullptr);
  EXPECT_EQ(app->cause_as<TimeoutError>()->timeout_type(), enums::TIMEOUT_TYPE_START_TO_CLOSE);

  EXPECT_THROW(back->Rethrow(), ActivityError);
  EXPECT_THROW(activity->shared_cause()->Rethrow(), ApplicationError);
}

TEST(FailureConverter, OtherExceptionsBecomeApplicationErrorsNamedAfterTheirClass) {
  Failure failure;
  try {
    try {
      throw std::out_of_range("index 9");
    } catch (...) {
      std::throw_with_nested(std::runtime_error("loading order"));
    }
  } catch (...) {
    failure = FailureConverter().ToFailure(std::current_exception(), *DefaultPayloadConverter());
  }
  EXPECT_EQ(failure.message(), "loading order");
  EXPECT_THAT(failure.application_failure_info().type(), HasSubstr("std::runtime_error"));
  ASSERT_TRUE(failure.has_cause());
  EXPECT_EQ(failure.cause().message(), "index 9");
  EXPECT_EQ(failure.cause().application_failure_info().type(), "std::out_of_range");
}

TEST(FailureConverter, EncodesCommonAttributesOnRequestAndAlwaysDecodesThem) {
  FailureConverter encoding({.encode_common_attributes = true});
  ApplicationError error("secret message", "T",
                         {.cause = std::make_shared<ApplicationError>("secret cause")});
  error.set_stack_trace("at secret.cc:1");
  Failure failure = encoding.ToFailure(error, *DefaultPayloadConverter());
  EXPECT_EQ(failure.message(), "Encoded failure");
  EXPECT_TRUE(failure.stack_trace().empty());
  EXPECT_EQ(failure.encoded_attributes().metadata().at("encoding"), "json/plain");
  EXPECT_EQ(failure.cause().message(), "Encoded failure");

  // A converter that does not encode still reads them.
  auto back = FailureConverter().FromFailure(failure, DefaultPayloadConverter());
  EXPECT_EQ(back->message(), "secret message");
  EXPECT_EQ(back->stack_trace(), "at secret.cc:1");
  EXPECT_EQ(back->cause()->message(), "secret cause");
}

TEST(FailureConverter, AFailureFromTheServerIsSentBackExactlyAsReceived) {
  Failure received;
  received.set_message("nexus op failed");
  received.set_source("GoSDK");
  received.set_stack_trace("goroutine 1");
  received.mutable_nexus_operation_execution_failure_info()->set_operation("op");
  auto error = FailureConverter().FromFailure(received, DefaultPayloadConverter());
  EXPECT_EQ(error->message(), "nexus op failed");
  Failure sent = FailureConverter().ToFailure(*error, *DefaultPayloadConverter());
  EXPECT_EQ(sent.SerializeAsString(), received.SerializeAsString());
}

TEST(DataConverter, CodecsApplyToEveryPayloadInAFailureTree) {
  DataConverter converter;
  converter.codecs.push_back(std::make_shared<temporal::converter::ZlibCodec>(
      temporal::converter::ZlibCodecOptions{.min_bytes = 0}));
  const std::string detail(500, 'z');
  ActivityError error("failed", {}, std::make_shared<ApplicationError>(
                                        "inner", "T", temporal::ApplicationErrorOptions{
                                                          .details = Values::Of(detail)}));
  Failure failure = converter.ToFailure(error);
  const auto& details = failure.cause().application_failure_info().details();
  ASSERT_EQ(details.payloads_size(), 1);
  EXPECT_EQ(details.payloads(0).metadata().at("encoding"), "binary/zlib");

  auto back = converter.FromFailure(failure);
  EXPECT_EQ(back->cause_as<ApplicationError>()->details().Get<std::string>(), detail);
}

}  // namespace
