// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// CancelExternalMachine: every transition of its table, the non-determinism
// it must detect, and proof that the scenarios below exercise the whole table.
#include "temporal/workflow/internal/machines/cancel_external_machine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "recording_sink.h"
#include "temporal/workflow/nondeterminism_error.h"

namespace {

namespace enums = temporal::api::enums::v1;
using temporal::NonDeterminismError;
using temporal::api::history::v1::HistoryEvent;
using temporal::workflow_internal::RequestCancelExternalWorkflowCommand;
using temporal::workflow_internal::ResolveCancelExternalJob;
using temporal::workflow_internal::machines::CancelExternalMachine;
using temporal::workflow_internal::machines::TransitionCoverage;
using temporal::workflow_internal::machines::testing::RecordingSink;
using State = CancelExternalMachine::State;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

constexpr int64_t kInitiatedEventId = 5;

HistoryEvent Initiated(const std::string& workflow_id, int64_t id = kInitiatedEventId) {
  HistoryEvent event;
  event.set_event_id(id);
  event.set_event_type(enums::EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED);
  auto* attributes =
      event.mutable_request_cancel_external_workflow_execution_initiated_event_attributes();
  attributes->set_namespace_("default");
  attributes->mutable_workflow_execution()->set_workflow_id(workflow_id);
  attributes->set_reason("no longer needed");
  return event;
}

HistoryEvent CancelRequested(int64_t id = 7) {
  HistoryEvent event;
  event.set_event_id(id);
  event.set_event_type(enums::EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
  auto* attributes = event.mutable_external_workflow_execution_cancel_requested_event_attributes();
  attributes->set_initiated_event_id(kInitiatedEventId);
  attributes->mutable_workflow_execution()->set_workflow_id("target");
  return event;
}

HistoryEvent RequestFailed(enums::CancelExternalWorkflowExecutionFailedCause cause,
                           int64_t id = 7) {
  HistoryEvent event;
  event.set_event_id(id);
  event.set_event_type(enums::EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED);
  auto* attributes =
      event.mutable_request_cancel_external_workflow_execution_failed_event_attributes();
  attributes->set_cause(cause);
  attributes->set_initiated_event_id(kInitiatedEventId);
  attributes->mutable_workflow_execution()->set_workflow_id("target");
  return event;
}

// Machines stay where they are (the driver points at them): tests hold them by pointer.
std::unique_ptr<CancelExternalMachine> NewCancel(RecordingSink& sink) {
  RequestCancelExternalWorkflowCommand command{.seq = 3, .attributes = {}};
  command.attributes.set_workflow_id("target");
  command.attributes.set_run_id("run-1");
  command.attributes.set_reason("no longer needed");
  auto cancel = std::make_unique<CancelExternalMachine>(3, std::move(command),
                                                        std::source_location::current());
  cancel->Schedule(sink);
  return cancel;
}

void Initiate(CancelExternalMachine& cancel, RecordingSink& sink) {
  cancel.OnCommandEvent(sink.TakeCommand(), Initiated("target"), sink);
}

// --- Scenarios (each a test below, and all together in the coverage test). ---

void TheTargetIsToldOfTheCancellation() {
  RecordingSink sink;
  auto owner = NewCancel(sink);
  CancelExternalMachine& cancel = *owner;
  EXPECT_EQ(cancel.state(), State::kCommandCreated);
  ASSERT_EQ(sink.commands.size(), 1u);
  const auto& command = sink.commands.front().command;
  EXPECT_EQ(command.command_type(), enums::COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION);
  const auto& attributes = command.request_cancel_external_workflow_execution_command_attributes();
  EXPECT_EQ(attributes.workflow_id(), "target");
  EXPECT_EQ(attributes.run_id(), "run-1");
  EXPECT_EQ(attributes.reason(), "no longer needed");
  EXPECT_EQ(sink.commands.front().owner, &cancel);
  Initiate(cancel, sink);
  EXPECT_EQ(cancel.state(), State::kCommandRecorded);
  EXPECT_TRUE(sink.jobs.empty());
  cancel.OnEvent(CancelRequested(), sink);
  EXPECT_EQ(cancel.state(), State::kCancelRequested);
  ASSERT_EQ(sink.jobs.size(), 1u);
  const auto& job = std::get<ResolveCancelExternalJob>(sink.jobs[0]);
  EXPECT_EQ(job.seq, 3u);
  EXPECT_FALSE(job.failure.has_value());
}

void TheTargetWasNotFound() {
  RecordingSink sink;
  auto owner = NewCancel(sink);
  CancelExternalMachine& cancel = *owner;
  Initiate(cancel, sink);
  cancel.OnEvent(
      RequestFailed(
          enums::
              CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND),
      sink);
  EXPECT_EQ(cancel.state(), State::kFailed);
  ASSERT_EQ(sink.jobs.size(), 1u);
  const auto& job = std::get<ResolveCancelExternalJob>(sink.jobs[0]);
  EXPECT_EQ(job.seq, 3u);
  ASSERT_TRUE(job.failure.has_value());
  // sdk-core's shape: an ApplicationFailure whose type names the cause.
  EXPECT_EQ(job.failure->message(), "Unable to cancel external workflow because not found");
  EXPECT_EQ(job.failure->application_failure_info().type(), "ExternalWorkflowExecutionNotFound");
}

TEST(CancelExternalMachine, TheTargetIsToldOfTheCancellation) {
  TheTargetIsToldOfTheCancellation();
}
TEST(CancelExternalMachine, TheTargetWasNotFound) { TheTargetWasNotFound(); }

TEST(CancelExternalMachine, FailureCausesAreNamedAsSdkCoreNamesThem) {
  struct Case {
    enums::CancelExternalWorkflowExecutionFailedCause cause;
    std::string message;
    std::string type;
  };
  for (const Case& c : {
           Case{enums::CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_NAMESPACE_NOT_FOUND,
                "Unable to cancel external workflow because not found", "NamespaceNotFound"},
           Case{enums::CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_UNSPECIFIED,
                "Unable to cancel external workflow because unknown", "Unspecified"},
       }) {
    RecordingSink sink;
    auto cancel = NewCancel(sink);
    Initiate(*cancel, sink);
    cancel->OnEvent(RequestFailed(c.cause), sink);
    const auto& failure = std::get<ResolveCancelExternalJob>(sink.jobs.at(0)).failure;
    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(failure->message(), c.message);
    EXPECT_EQ(failure->application_failure_info().type(), c.type);
  }
}

TEST(CancelExternalMachineCoverage, TheScenariosExerciseEveryTransition) {
  TheTargetIsToldOfTheCancellation();
  TheTargetWasNotFound();
  const auto covered = TransitionCoverage::Covered(CancelExternalMachine::Names::kMachine);
  for (size_t row = 0; row < std::size(CancelExternalMachine::kTransitions); ++row) {
    const auto& t = CancelExternalMachine::kTransitions[row];
    EXPECT_TRUE(covered.count(row))
        << "no test exercises " << CancelExternalMachine::Names::Name(t.from) << " --"
        << CancelExternalMachine::Names::Name(t.trigger) << "--> "
        << CancelExternalMachine::Names::Name(t.to);
  }
}

// --- Non-determinism: the message says what history holds, what the code did, where. ---

TEST(CancelExternalMachineNonDeterminism, TheHistoryCanceledAnotherWorkflow) {
  RecordingSink sink;
  auto cancel = NewCancel(sink);
  try {
    cancel->OnCommandEvent(sink.TakeCommand(), Initiated("someone-else"), sink);
    FAIL() << "expected NonDeterminismError";
  } catch (const NonDeterminismError& e) {
    EXPECT_EQ(e.event_id(), kInitiatedEventId);
    EXPECT_THAT(e.what(), AllOf(HasSubstr("history event 5"),
                                HasSubstr("RequestCancelExternalWorkflowExecutionInitiated"),
                                HasSubstr("workflow id \"someone-else\""),
                                HasSubstr("requested to cancel workflow \"target\""),
                                HasSubstr("cancel_external_machine_test.cc:")));
  }
}

TEST(CancelExternalMachineNonDeterminism, AnOutcomeBeforeTheRequestIsInHistory) {
  RecordingSink sink;
  auto cancel = NewCancel(sink);
  EXPECT_THAT(
      [&] { cancel->OnEvent(CancelRequested(9), sink); },
      ThrowsMessage<NonDeterminismError>(
          AllOf(HasSubstr("history event 9"), HasSubstr("ExternalWorkflowExecutionCancelRequested"),
                HasSubstr("in state CommandCreated, where ExternalWorkflowExecutionCancelRequested "
                          "cannot happen"),
                HasSubstr("cancel_external_machine_test.cc:"))));
}

TEST(CancelExternalMachineNonDeterminism, ASecondOutcome) {
  RecordingSink sink;
  auto cancel = NewCancel(sink);
  Initiate(*cancel, sink);
  cancel->OnEvent(CancelRequested(), sink);
  EXPECT_THAT(
      [&] {
        cancel->OnEvent(
            RequestFailed(
                enums::CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_NAMESPACE_NOT_FOUND, 8),
            sink);
      },
      ThrowsMessage<NonDeterminismError>(
          AllOf(HasSubstr("history event 8"),
                HasSubstr("in state CancelRequested, where "
                          "RequestCancelExternalWorkflowExecutionFailed cannot happen"))));
}

TEST(CancelExternalMachineNonDeterminism, AnEventOfAnotherKind) {
  RecordingSink sink;
  auto cancel = NewCancel(sink);
  Initiate(*cancel, sink);
  HistoryEvent signaled;
  signaled.set_event_id(8);
  signaled.set_event_type(enums::EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED);
  EXPECT_THAT(
      [&] { cancel->OnEvent(signaled, sink); },
      ThrowsMessage<NonDeterminismError>(AllOf(
          HasSubstr("history event 8 (ExternalWorkflowExecutionSignaled)"),
          HasSubstr(
              "request to cancel workflow \"target\" has no ExternalWorkflowExecutionSignaled"))));
}

}  // namespace
