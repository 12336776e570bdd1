// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// UpdateMachine: every transition of its table, the protocol messages it
// sends, the jobs built from a polled request or a recorded acceptance, the
// non-determinism it must detect, and proof that the scenarios below
// exercise the whole table.
#include "temporal/workflow/internal/machines/update_machine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "recording_sink.h"
#include "temporal/replay/history_loader.h"
#include "temporal/workflow/nondeterminism_error.h"

namespace {

namespace enums = temporal::api::enums::v1;
namespace update = temporal::api::update::v1;
using temporal::NonDeterminismError;
using temporal::api::command::v1::Command;
using temporal::api::common::v1::Payloads;
using temporal::api::failure::v1::Failure;
using temporal::api::history::v1::HistoryEvent;
using temporal::api::protocol::v1::Message;
using temporal::workflow_internal::DoUpdateJob;
using temporal::workflow_internal::machines::DoUpdateJobFromAcceptedEvent;
using temporal::workflow_internal::machines::DoUpdateJobFromRequest;
using temporal::workflow_internal::machines::DoUpdateJobFromRequestMessage;
using temporal::workflow_internal::machines::IllegalTransition;
using temporal::workflow_internal::machines::RequestOriginOf;
using temporal::workflow_internal::machines::TransitionCoverage;
using temporal::workflow_internal::machines::UpdateMachine;
using temporal::workflow_internal::machines::UpdateRequestOrigin;
using temporal::workflow_internal::machines::testing::RecordingSink;
using State = UpdateMachine::State;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

constexpr char kUpdateId[] = "upd-1";

Payloads Json(const std::string& json) {
  Payloads payloads;
  auto* payload = payloads.add_payloads();
  (*payload->mutable_metadata())["encoding"] = "json/plain";
  payload->set_data(json);
  return payloads;
}

update::Request Request(const std::string& update_id = kUpdateId) {
  update::Request request;
  request.mutable_meta()->set_update_id(update_id);
  request.mutable_meta()->set_identity("client@host");
  request.mutable_input()->set_name("add_item");
  *request.mutable_input()->mutable_args() = Json("\"apple\"");
  (*request.mutable_input()->mutable_header()->mutable_fields())["trace"] =
      Json("\"t-1\"").payloads(0);
  return request;
}

// The request message of a polled workflow task, as a server sends it.
Message RequestMessage(const std::string& update_id = kUpdateId) {
  Message message;
  message.set_id(update_id + "/request");
  message.set_protocol_instance_id(update_id);
  message.set_event_id(2);
  message.mutable_body()->PackFrom(Request(update_id));
  return message;
}

HistoryEvent Accepted(int64_t id, const std::string& update_id = kUpdateId) {
  HistoryEvent event;
  event.set_event_id(id);
  event.set_event_type(enums::EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
  auto* attributes = event.mutable_workflow_execution_update_accepted_event_attributes();
  attributes->set_protocol_instance_id(update_id);
  attributes->set_accepted_request_message_id(update_id + "/request");
  attributes->set_accepted_request_sequencing_event_id(2);
  *attributes->mutable_accepted_request() = Request(update_id);
  return event;
}

HistoryEvent UpdateCompleted(int64_t id, const std::string& update_id = kUpdateId) {
  HistoryEvent event;
  event.set_event_id(id);
  event.set_event_type(enums::EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED);
  auto* attributes = event.mutable_workflow_execution_update_completed_event_attributes();
  attributes->mutable_meta()->set_update_id(update_id);
  attributes->set_accepted_event_id(5);
  *attributes->mutable_outcome()->mutable_success() = Json("3");
  return event;
}

update::Outcome Success(const std::string& json = "3") {
  update::Outcome outcome;
  *outcome.mutable_success() = Json(json);
  return outcome;
}

Failure HandlerFailure(const std::string& message) {
  Failure failure;
  failure.set_message(message);
  failure.mutable_application_failure_info()->set_type("Invalid");
  return failure;
}

// Machines stay where they are (the driver points at them): tests hold them by pointer.
std::unique_ptr<UpdateMachine> NewUpdate() {
  const Message message = RequestMessage();
  return std::make_unique<UpdateMachine>(DoUpdateJobFromRequestMessage(message).value(),
                                         std::source_location::current(), RequestOriginOf(message));
}

template <typename Body>
Body Unpacked(const Message& message) {
  Body body;
  EXPECT_TRUE(message.body().UnpackTo(&body)) << message.body().type_url();
  return body;
}

void ExpectProtocolMessageCommand(const Command& command, const std::string& message_id) {
  EXPECT_EQ(command.command_type(), enums::COMMAND_TYPE_PROTOCOL_MESSAGE);
  EXPECT_EQ(command.protocol_message_command_attributes().message_id(), message_id);
}

// --- Scenarios (each a test below, and all together in the coverage test). ---

void AcceptedThenCompletedInALaterTask() {
  RecordingSink sink;
  auto owner = NewUpdate();
  UpdateMachine& update = *owner;
  update.Deliver(sink);
  ASSERT_EQ(sink.jobs.size(), 1u);
  EXPECT_EQ(std::get<DoUpdateJob>(sink.jobs[0]).update_id, kUpdateId);
  EXPECT_TRUE(std::get<DoUpdateJob>(sink.jobs[0]).run_validator);

  update.Accept(sink);
  EXPECT_EQ(update.state(), State::kAcceptCommandCreated);
  ASSERT_EQ(sink.messages.size(), 1u);
  const Message& accept = sink.messages[0];
  EXPECT_EQ(accept.id(), "upd-1/request/accept");
  EXPECT_EQ(accept.protocol_instance_id(), kUpdateId);
  EXPECT_EQ(accept.body().type_url(), "type.googleapis.com/temporal.api.update.v1.Acceptance");
  const auto acceptance = Unpacked<update::Acceptance>(accept);
  EXPECT_EQ(acceptance.accepted_request_message_id(), "upd-1/request");
  EXPECT_EQ(acceptance.accepted_request_sequencing_event_id(), 2);
  EXPECT_EQ(acceptance.accepted_request().SerializeAsString(), Request().SerializeAsString());
  ASSERT_EQ(sink.commands.size(), 1u);
  ExpectProtocolMessageCommand(sink.commands.front().command, "upd-1/request/accept");

  update.OnCommandEvent(sink.TakeCommand(), Accepted(5), sink);
  EXPECT_EQ(update.state(), State::kAcceptCommandRecorded);

  update.Complete(sink, Success("3"));
  EXPECT_EQ(update.state(), State::kCompletedCommandCreated);
  ASSERT_EQ(sink.messages.size(), 2u);
  const Message& complete = sink.messages[1];
  EXPECT_EQ(complete.id(), "upd-1/request/complete");
  EXPECT_EQ(complete.protocol_instance_id(), kUpdateId);
  EXPECT_EQ(complete.body().type_url(), "type.googleapis.com/temporal.api.update.v1.Response");
  const auto response = Unpacked<update::Response>(complete);
  EXPECT_EQ(response.meta().update_id(), kUpdateId);
  EXPECT_EQ(response.meta().identity(), "client@host");
  EXPECT_EQ(response.outcome().success().payloads(0).data(), "3");
  ASSERT_EQ(sink.commands.size(), 1u);
  ExpectProtocolMessageCommand(sink.commands.front().command, "upd-1/request/complete");

  update.OnCommandEvent(sink.TakeCommand(), UpdateCompleted(9), sink);
  EXPECT_EQ(update.state(), State::kCompletedCommandRecorded);
  EXPECT_EQ(sink.jobs.size(), 1u);  // the update's answers reach the client, not the workflow
}

void CompletedBeforeTheAcceptanceWasRecorded() {
  // The handler returned in the activation that accepted it: both commands
  // are pending when the history's events arrive.
  RecordingSink sink;
  auto owner = NewUpdate();
  UpdateMachine& update = *owner;
  update.Accept(sink);
  update.Complete(sink, Success());
  EXPECT_EQ(update.state(), State::kCompletedImmediatelyCompleteCreated);
  ASSERT_EQ(sink.commands.size(), 2u);
  ASSERT_EQ(sink.messages.size(), 2u);
  EXPECT_EQ(sink.messages[0].id(), "upd-1/request/accept");
  EXPECT_EQ(sink.messages[1].id(), "upd-1/request/complete");
  update.OnCommandEvent(sink.TakeCommand(), Accepted(5), sink);
  EXPECT_EQ(update.state(), State::kCompletedCommandCreated);
  update.OnCommandEvent(sink.TakeCommand(), UpdateCompleted(6), sink);
  EXPECT_EQ(update.state(), State::kCompletedCommandRecorded);
}

void RejectedByTheValidator() {
  RecordingSink sink;
  auto owner = NewUpdate();
  UpdateMachine& update = *owner;
  update.Reject(sink, HandlerFailure("no apples today"));
  EXPECT_EQ(update.state(), State::kRejected);
  EXPECT_TRUE(sink.commands.empty());  // nothing about a rejection is recorded
  ASSERT_EQ(sink.messages.size(), 1u);
  const Message& reject = sink.messages[0];
  EXPECT_EQ(reject.id(), "upd-1/request/reject");
  EXPECT_EQ(reject.protocol_instance_id(), kUpdateId);
  EXPECT_EQ(reject.body().type_url(), "type.googleapis.com/temporal.api.update.v1.Rejection");
  const auto rejection = Unpacked<update::Rejection>(reject);
  EXPECT_EQ(rejection.rejected_request_message_id(), "upd-1/request");
  EXPECT_EQ(rejection.rejected_request_sequencing_event_id(), 2);
  EXPECT_EQ(rejection.rejected_request().meta().update_id(), kUpdateId);
  EXPECT_EQ(rejection.failure().message(), "no apples today");
}

void HandlerFailedAfterTheAcceptanceWasRecorded() {
  RecordingSink sink;
  auto owner = NewUpdate();
  UpdateMachine& update = *owner;
  update.Accept(sink);
  update.OnCommandEvent(sink.TakeCommand(), Accepted(5), sink);
  update.Reject(sink, HandlerFailure("out of apples"));
  EXPECT_EQ(update.state(), State::kCompletedCommandCreated);
  // Accepted updates are not rejected: the failure is the outcome.
  ASSERT_EQ(sink.messages.size(), 2u);
  EXPECT_EQ(sink.messages[1].id(), "upd-1/request/complete");
  EXPECT_EQ(Unpacked<update::Response>(sink.messages[1]).outcome().failure().message(),
            "out of apples");
  ASSERT_EQ(sink.commands.size(), 1u);
  ExpectProtocolMessageCommand(sink.commands.front().command, "upd-1/request/complete");
  update.OnCommandEvent(sink.TakeCommand(), UpdateCompleted(9), sink);
  EXPECT_EQ(update.state(), State::kCompletedCommandRecorded);
}

void HandlerFailedBeforeTheAcceptanceWasRecorded() {
  RecordingSink sink;
  auto owner = NewUpdate();
  UpdateMachine& update = *owner;
  update.Accept(sink);
  update.Reject(sink, HandlerFailure("out of apples"));
  EXPECT_EQ(update.state(), State::kCompletedImmediatelyCompleteCreated);
  ASSERT_EQ(sink.commands.size(), 2u);
  EXPECT_EQ(Unpacked<update::Response>(sink.messages.at(1)).outcome().failure().message(),
            "out of apples");
  update.OnCommandEvent(sink.TakeCommand(), Accepted(5), sink);
  update.OnCommandEvent(sink.TakeCommand(), UpdateCompleted(6), sink);
  EXPECT_EQ(update.state(), State::kCompletedCommandRecorded);
}

TEST(UpdateMachine, AcceptedThenCompletedInALaterTask) { AcceptedThenCompletedInALaterTask(); }
TEST(UpdateMachine, CompletedBeforeTheAcceptanceWasRecorded) {
  CompletedBeforeTheAcceptanceWasRecorded();
}
TEST(UpdateMachine, RejectedByTheValidator) { RejectedByTheValidator(); }
TEST(UpdateMachine, HandlerFailedAfterTheAcceptanceWasRecorded) {
  HandlerFailedAfterTheAcceptanceWasRecorded();
}
TEST(UpdateMachine, HandlerFailedBeforeTheAcceptanceWasRecorded) {
  HandlerFailedBeforeTheAcceptanceWasRecorded();
}

TEST(UpdateMachine, WithoutAnOriginTheRequestIsCitedFromTheJob) {
  RecordingSink sink;
  DoUpdateJob job = DoUpdateJobFromRequest(Request(), kUpdateId, /*run_validator=*/true);
  UpdateMachine update(job, std::source_location::current());
  update.Accept(sink);
  EXPECT_EQ(sink.messages.at(0).id(), "upd-1/request/accept");
  const auto acceptance = Unpacked<update::Acceptance>(sink.messages.at(0));
  EXPECT_EQ(acceptance.accepted_request_message_id(), "upd-1/request");
  EXPECT_EQ(acceptance.accepted_request_sequencing_event_id(), 0);
  EXPECT_EQ(acceptance.accepted_request().meta().update_id(), kUpdateId);
  EXPECT_EQ(acceptance.accepted_request().meta().identity(), "client@host");
  EXPECT_EQ(acceptance.accepted_request().input().name(), "add_item");
  EXPECT_EQ(acceptance.accepted_request().input().args().payloads(0).data(), "\"apple\"");
  EXPECT_EQ(acceptance.accepted_request().input().header().fields().at("trace").data(), "\"t-1\"");
}

TEST(UpdateMachineCoverage, TheScenariosExerciseEveryTransition) {
  AcceptedThenCompletedInALaterTask();
  CompletedBeforeTheAcceptanceWasRecorded();
  RejectedByTheValidator();
  HandlerFailedAfterTheAcceptanceWasRecorded();
  HandlerFailedBeforeTheAcceptanceWasRecorded();
  const auto covered = TransitionCoverage::Covered(UpdateMachine::Names::kMachine);
  for (size_t row = 0; row < std::size(UpdateMachine::kTransitions); ++row) {
    const auto& t = UpdateMachine::kTransitions[row];
    EXPECT_TRUE(covered.count(row))
        << "no test exercises " << UpdateMachine::Names::Name(t.from) << " --"
        << UpdateMachine::Names::Name(t.trigger) << "--> " << UpdateMachine::Names::Name(t.to);
  }
}

// --- Building the job: from a polled request message, from a recorded acceptance. ---

TEST(UpdateJobs, FromARequestMessageTheValidatorRuns) {
  const Message message = RequestMessage();
  const DoUpdateJob job = DoUpdateJobFromRequestMessage(message).value();
  EXPECT_EQ(job.update_id, kUpdateId);
  EXPECT_EQ(job.protocol_instance_id, kUpdateId);
  EXPECT_EQ(job.name, "add_item");
  EXPECT_EQ(job.input.payloads(0).data(), "\"apple\"");
  EXPECT_EQ(job.header.fields().at("trace").data(), "\"t-1\"");
  EXPECT_EQ(job.identity, "client@host");
  EXPECT_TRUE(job.run_validator);
  const UpdateRequestOrigin origin = RequestOriginOf(message);
  EXPECT_EQ(origin.message_id, "upd-1/request");
  EXPECT_EQ(origin.sequencing_event_id, 2);
  EXPECT_EQ(origin.request.input().name(), "add_item");
}

TEST(UpdateJobs, AMessageOfAnotherProtocolIsNoUpdate) {
  Message message = RequestMessage();
  message.mutable_body()->PackFrom(update::Acceptance{});
  EXPECT_EQ(DoUpdateJobFromRequestMessage(message), std::nullopt);
}

TEST(UpdateJobs, AnIncompleteRequestIsRefused) {
  Message message = RequestMessage();
  update::Request without_input = Request();
  without_input.clear_input();
  message.mutable_body()->PackFrom(without_input);
  EXPECT_THAT([&] { DoUpdateJobFromRequestMessage(message); },
              ThrowsMessage<temporal::Error>(AllOf(HasSubstr("protocol message \"upd-1/request\""),
                                                   HasSubstr("an update request without input"))));
  message.mutable_body()->set_value("\xff\xff");
  EXPECT_THAT([&] { DoUpdateJobFromRequestMessage(message); },
              ThrowsMessage<temporal::Error>(HasSubstr("an update request that does not parse")));
}

TEST(UpdateJobs, FromARecordedAcceptanceTheValidatorDoesNotRunAgain) {
  // multiple-updates.json (Go SDK), event 5.
  const auto history = temporal::replay::LoadHistoryFile(
      std::filesystem::path(TEMPORAL_SHARED_HISTORIES_DIR) / "sdk-go" / "multiple-updates.json");
  const HistoryEvent& accepted = history.events(4);
  const DoUpdateJob job = DoUpdateJobFromAcceptedEvent(accepted);
  EXPECT_EQ(job.update_id, "30ea422c-1f4f-4410-b829-f1530e66499e");
  EXPECT_EQ(job.protocol_instance_id, "30ea422c-1f4f-4410-b829-f1530e66499e");
  EXPECT_EQ(job.name, "echo");
  EXPECT_EQ(job.identity, "13528@Quinn-Klassens-MacBook-Pro.local@");
  EXPECT_FALSE(job.run_validator);
  const UpdateRequestOrigin origin = RequestOriginOf(accepted);
  EXPECT_EQ(origin.message_id, "30ea422c-1f4f-4410-b829-f1530e66499e/request");
  EXPECT_EQ(origin.sequencing_event_id, 2);
}

TEST(UpdateJobs, AnotherEventIsNotAnAcceptance) {
  EXPECT_THAT(
      [] { DoUpdateJobFromAcceptedEvent(UpdateCompleted(9)); },
      ThrowsMessage<temporal::Error>(HasSubstr(
          "history event 9 (WorkflowExecutionUpdateCompleted, update id \"upd-1\") is not a "
          "WorkflowExecutionUpdateAccepted event")));
}

// --- Replaying recorded updates (Go SDK histories). ---

TEST(UpdateMachineReplay, AnAcceptedAndCompletedUpdate) {
  // update_accept_and_complete_and_exit.json: accepted (5) and completed (6)
  // in one workflow task. An old server named the request message by a
  // uuid in update_before_protocol_message_command.json; here it is
  // "<id>/request". Either way the machine cites what the history holds.
  const auto history =
      temporal::replay::LoadHistoryFile(std::filesystem::path(TEMPORAL_SHARED_HISTORIES_DIR) /
                                        "sdk-go" / "update_accept_and_complete_and_exit.json");
  const HistoryEvent& accepted = history.events(4);
  const HistoryEvent& completed = history.events(5);
  RecordingSink sink;
  sink.is_replaying = true;
  UpdateMachine update(DoUpdateJobFromAcceptedEvent(accepted), std::source_location::current(),
                       RequestOriginOf(accepted));
  update.Accept(sink);
  update.Complete(sink, Success("null"));
  EXPECT_EQ(Unpacked<update::Acceptance>(sink.messages.at(0)).accepted_request_message_id(),
            "cb7d7c1f-c3d9-4525-b803-e2d2dcec2679/request");
  update.OnCommandEvent(sink.TakeCommand(), accepted, sink);
  update.OnCommandEvent(sink.TakeCommand(), completed, sink);
  EXPECT_EQ(update.state(), State::kCompletedCommandRecorded);
}

TEST(UpdateMachineReplay, AnAcceptanceWithoutItsRequest) {
  // update-reset-accepted.json: the request is in UpdateAdmitted (5); the
  // UpdateAccepted event (9) has only the ids.
  const auto history =
      temporal::replay::LoadHistoryFile(std::filesystem::path(TEMPORAL_SHARED_HISTORIES_DIR) /
                                        "sdk-go" / "update-reset-accepted.json");
  const HistoryEvent& admitted = history.events(4);
  const HistoryEvent& accepted = history.events(8);
  const HistoryEvent& completed = history.events(14);
  ASSERT_EQ(accepted.event_type(), enums::EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
  const DoUpdateJob ids_only = DoUpdateJobFromAcceptedEvent(accepted);
  EXPECT_EQ(ids_only.update_id, "33160fb1-3285-49a6-a655-078dfc30099a");
  EXPECT_EQ(ids_only.name, "");
  const DoUpdateJob job = DoUpdateJobFromRequest(
      admitted.workflow_execution_update_admitted_event_attributes().request(),
      accepted.workflow_execution_update_accepted_event_attributes().protocol_instance_id(),
      /*run_validator=*/false);
  EXPECT_EQ(job.name, "fetch_and_add");
  EXPECT_EQ(job.input.payloads(0).data(), "0");
  RecordingSink sink;
  UpdateMachine update(job, std::source_location::current(), RequestOriginOf(accepted));
  update.Accept(sink);
  update.OnCommandEvent(sink.TakeCommand(), accepted, sink);
  update.Complete(sink, Success("0"));
  update.OnCommandEvent(sink.TakeCommand(), completed, sink);
  EXPECT_EQ(update.state(), State::kCompletedCommandRecorded);
}

// --- The workflow's answers must follow the protocol (a runtime bug otherwise). ---

TEST(UpdateMachineAnswers, CompletingBeforeAccepting) {
  RecordingSink sink;
  auto update = NewUpdate();
  EXPECT_THAT([&] { update->Complete(sink, Success()); },
              ThrowsMessage<IllegalTransition>(AllOf(
                  HasSubstr("the workflow's answer Complete to update \"add_item\" (id \"upd-1\")"),
                  HasSubstr("not legal in state RequestInitiated"))));
  EXPECT_TRUE(sink.messages.empty());
}

TEST(UpdateMachineAnswers, AcceptingTwice) {
  RecordingSink sink;
  auto update = NewUpdate();
  update->Accept(sink);
  EXPECT_THAT([&] { update->Accept(sink); },
              ThrowsMessage<IllegalTransition>(
                  HasSubstr("Accept to update \"add_item\" (id \"upd-1\") is not "
                            "legal in state AcceptCommandCreated")));
  EXPECT_EQ(sink.messages.size(), 1u);
}

TEST(UpdateMachineAnswers, AnsweringAfterTheRejection) {
  RecordingSink sink;
  auto update = NewUpdate();
  update->Reject(sink, HandlerFailure("no"));
  EXPECT_THAT([&] { update->Accept(sink); },
              ThrowsMessage<IllegalTransition>(HasSubstr("not legal in state Rejected")));
}

// --- Non-determinism: the message says what history holds, what the code did, where. ---

TEST(UpdateMachineNonDeterminism, AnAcceptanceWhereTheHistoryCompleted) {
  // EventTypeOf(ProtocolMessage) is unspecified: the machine checks which
  // update event a protocol message command must meet.
  RecordingSink sink;
  auto update = NewUpdate();
  update->Accept(sink);
  try {
    update->OnCommandEvent(sink.TakeCommand(), UpdateCompleted(5), sink);
    FAIL() << "expected NonDeterminismError";
  } catch (const NonDeterminismError& e) {
    EXPECT_EQ(e.event_id(), 5);
    EXPECT_THAT(e.what(),
                AllOf(HasSubstr("history event 5 (WorkflowExecutionUpdateCompleted, update id "
                                "\"upd-1\")"),
                      HasSubstr("the workflow accepted update \"add_item\" (id \"upd-1\")"),
                      HasSubstr("update_machine_test.cc:")));
  }
}

TEST(UpdateMachineNonDeterminism, ACompletionWhereTheHistoryAccepted) {
  RecordingSink sink;
  auto update = NewUpdate();
  update->Accept(sink);
  update->OnCommandEvent(sink.TakeCommand(), Accepted(5), sink);
  update->Complete(sink, Success());
  EXPECT_THAT(
      [&] { update->OnCommandEvent(sink.TakeCommand(), Accepted(7), sink); },
      ThrowsMessage<NonDeterminismError>(AllOf(
          HasSubstr("history event 7 (WorkflowExecutionUpdateAccepted, update \"add_item\" id "
                    "\"upd-1\")"),
          HasSubstr("the workflow completed update \"add_item\" (id \"upd-1\")"))));
}

TEST(UpdateMachineNonDeterminism, TheHistoryAcceptedAnotherUpdate) {
  RecordingSink sink;
  auto update = NewUpdate();
  update->Accept(sink);
  EXPECT_THAT(
      [&] { update->OnCommandEvent(sink.TakeCommand(), Accepted(5, "upd-2"), sink); },
      ThrowsMessage<NonDeterminismError>(AllOf(
          HasSubstr("history event 5 (WorkflowExecutionUpdateAccepted, update \"add_item\" id "
                    "\"upd-2\")"),
          HasSubstr("the workflow accepted update \"add_item\" (id \"upd-1\")"))));
}

TEST(UpdateMachineNonDeterminism, TheHistoryCompletedAnotherUpdate) {
  RecordingSink sink;
  auto update = NewUpdate();
  update->Accept(sink);
  update->Complete(sink, Success());
  update->OnCommandEvent(sink.TakeCommand(), Accepted(5), sink);
  EXPECT_THAT(
      [&] { update->OnCommandEvent(sink.TakeCommand(), UpdateCompleted(6, "upd-2"), sink); },
      ThrowsMessage<NonDeterminismError>(AllOf(
          HasSubstr("history event 6 (WorkflowExecutionUpdateCompleted, update id \"upd-2\")"),
          HasSubstr("the workflow completed update \"add_item\" (id \"upd-1\")"))));
}

TEST(UpdateMachineNonDeterminism, TheAcceptanceRecordedTwice) {
  RecordingSink sink;
  auto update = NewUpdate();
  update->Accept(sink);
  const Command accept = sink.commands.front().command;
  update->OnCommandEvent(sink.TakeCommand(), Accepted(5), sink);
  EXPECT_THAT(
      [&] { update->OnCommandEvent(accept, Accepted(6), sink); },
      ThrowsMessage<NonDeterminismError>(AllOf(
          HasSubstr("history event 6"),
          HasSubstr(
              "which is in state AcceptCommandRecorded, where WorkflowExecutionUpdateAccepted "
              "cannot be recorded"))));
}

TEST(UpdateMachineNonDeterminism, AnotherUpdatesProtocolMessage) {
  RecordingSink sink;
  auto update = NewUpdate();
  Command foreign;
  foreign.set_command_type(enums::COMMAND_TYPE_PROTOCOL_MESSAGE);
  foreign.mutable_protocol_message_command_attributes()->set_message_id("upd-2/request/accept");
  EXPECT_THAT(
      [&] { update->OnCommandEvent(foreign, Accepted(5), sink); },
      ThrowsMessage<NonDeterminismError>(HasSubstr(
          "the workflow sent protocol message \"upd-2/request/accept\", which is not one of "
          "update \"add_item\" (id \"upd-1\")'s")));
}

TEST(UpdateMachineNonDeterminism, AnEventReferringToTheUpdate) {
  RecordingSink sink;
  auto update = NewUpdate();
  update->Accept(sink);
  HistoryEvent fired;
  fired.set_event_id(8);
  fired.set_event_type(enums::EVENT_TYPE_TIMER_FIRED);
  fired.mutable_timer_fired_event_attributes()->set_timer_id("1");
  EXPECT_THAT(
      [&] { update->OnEvent(fired, sink); },
      ThrowsMessage<NonDeterminismError>(AllOf(
          HasSubstr("history event 8 (TimerFired, timer id \"1\")"),
          HasSubstr("update \"add_item\" (id \"upd-1\") (state AcceptCommandCreated) has no event "
                    "other than its acceptance and completion"))));
}

}  // namespace
