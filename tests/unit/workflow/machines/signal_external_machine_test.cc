// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// SignalExternalMachine: every transition of its table, the non-determinism
// it must detect, and proof that the scenarios below exercise the whole table.
#include "temporal/workflow/internal/machines/signal_external_machine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "recording_sink.h"
#include "temporal/workflow/nondeterminism_error.h"

namespace {

namespace enums = temporal::api::enums::v1;
using temporal::NonDeterminismError;
using temporal::api::history::v1::HistoryEvent;
using temporal::workflow_internal::ResolveSignalExternalJob;
using temporal::workflow_internal::SignalExternalWorkflowCommand;
using temporal::workflow_internal::machines::SignalExternalMachine;
using temporal::workflow_internal::machines::TransitionCoverage;
using temporal::workflow_internal::machines::testing::RecordingSink;
using State = SignalExternalMachine::State;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

constexpr int64_t kInitiatedEventId = 5;

HistoryEvent Initiated(const std::string& signal_name, const std::string& workflow_id) {
  HistoryEvent event;
  event.set_event_id(kInitiatedEventId);
  event.set_event_type(enums::EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED);
  auto* attributes = event.mutable_signal_external_workflow_execution_initiated_event_attributes();
  attributes->set_namespace_("default");
  attributes->mutable_workflow_execution()->set_workflow_id(workflow_id);
  attributes->set_signal_name(signal_name);
  return event;
}

HistoryEvent Signaled(int64_t id = 7) {
  HistoryEvent event;
  event.set_event_id(id);
  event.set_event_type(enums::EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED);
  auto* attributes = event.mutable_external_workflow_execution_signaled_event_attributes();
  attributes->set_initiated_event_id(kInitiatedEventId);
  attributes->mutable_workflow_execution()->set_workflow_id("target");
  return event;
}

HistoryEvent SignalFailed(enums::SignalExternalWorkflowExecutionFailedCause cause, int64_t id = 7) {
  HistoryEvent event;
  event.set_event_id(id);
  event.set_event_type(enums::EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED);
  auto* attributes = event.mutable_signal_external_workflow_execution_failed_event_attributes();
  attributes->set_cause(cause);
  attributes->set_initiated_event_id(kInitiatedEventId);
  attributes->mutable_workflow_execution()->set_workflow_id("target");
  return event;
}

// Machines stay where they are (the driver points at them): tests hold them by pointer.
std::unique_ptr<SignalExternalMachine> NewSignal(RecordingSink& sink) {
  SignalExternalWorkflowCommand command{.seq = 2, .attributes = {}};
  command.attributes.mutable_execution()->set_workflow_id("target");
  command.attributes.set_signal_name("approve");
  command.attributes.mutable_input()->add_payloads()->set_data("\"yes\"");
  auto signal = std::make_unique<SignalExternalMachine>(2, std::move(command),
                                                        std::source_location::current());
  signal->Schedule(sink);
  return signal;
}

void Initiate(SignalExternalMachine& signal, RecordingSink& sink) {
  signal.OnCommandEvent(sink.TakeCommand(), Initiated("approve", "target"), sink);
}

const ResolveSignalExternalJob& OnlyJob(const RecordingSink& sink) {
  EXPECT_EQ(sink.jobs.size(), 1u);
  return std::get<ResolveSignalExternalJob>(sink.jobs.at(0));
}

// --- Scenarios (each a test below, and all together in the coverage test). ---

void TheTargetGetsTheSignal() {
  RecordingSink sink;
  auto owner = NewSignal(sink);
  SignalExternalMachine& signal = *owner;
  EXPECT_EQ(signal.state(), State::kCommandCreated);
  ASSERT_EQ(sink.commands.size(), 1u);
  const auto& command = sink.commands.front().command;
  EXPECT_EQ(command.command_type(), enums::COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION);
  const auto& attributes = command.signal_external_workflow_execution_command_attributes();
  EXPECT_EQ(attributes.signal_name(), "approve");
  EXPECT_EQ(attributes.execution().workflow_id(), "target");
  EXPECT_EQ(attributes.input().payloads(0).data(), "\"yes\"");
  Initiate(signal, sink);
  EXPECT_EQ(signal.state(), State::kCommandRecorded);
  EXPECT_TRUE(sink.jobs.empty());
  signal.OnEvent(Signaled(), sink);
  EXPECT_EQ(signal.state(), State::kSignaled);
  EXPECT_EQ(OnlyJob(sink).seq, 2u);
  EXPECT_FALSE(OnlyJob(sink).failure.has_value());
  signal.Cancel(sink);  // too late: nothing changes
  EXPECT_EQ(signal.state(), State::kSignaled);
  EXPECT_EQ(sink.jobs.size(), 1u);
}

void TheTargetWasNotFound() {
  RecordingSink sink;
  auto owner = NewSignal(sink);
  SignalExternalMachine& signal = *owner;
  Initiate(signal, sink);
  signal.OnEvent(
      SignalFailed(
          enums::
              SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND),
      sink);
  EXPECT_EQ(signal.state(), State::kFailed);
  const auto& failure = OnlyJob(sink).failure;
  ASSERT_TRUE(failure.has_value());
  // sdk-core's shape: an ApplicationFailure whose type names the cause.
  EXPECT_EQ(failure->message(), "Unable to signal external workflow because it was not found");
  EXPECT_EQ(failure->application_failure_info().type(), "ExternalWorkflowExecutionNotFound");
  signal.Cancel(sink);  // too late: nothing changes
  EXPECT_EQ(signal.state(), State::kFailed);
  EXPECT_EQ(sink.jobs.size(), 1u);
}

void CanceledBeforeTheServerSawIt() {
  RecordingSink sink;
  auto owner = NewSignal(sink);
  SignalExternalMachine& signal = *owner;
  signal.Cancel(sink);
  EXPECT_TRUE(sink.commands.empty());  // the command is withdrawn
  EXPECT_TRUE(signal.canceled_before_sent());
  EXPECT_EQ(signal.state(), State::kCanceled);
  const auto& failure = OnlyJob(sink).failure;
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->message(), "Signal was cancelled before being sent");
  EXPECT_TRUE(failure->has_canceled_failure_info());
  signal.Cancel(sink);  // canceling again changes nothing
  EXPECT_EQ(sink.jobs.size(), 1u);
}

void CanceledAfterItWasSent() {
  // sdk-core: a signal in history cannot be withdrawn; its outcome still resolves.
  RecordingSink sink;
  auto owner = NewSignal(sink);
  SignalExternalMachine& signal = *owner;
  Initiate(signal, sink);
  signal.Cancel(sink);
  EXPECT_EQ(signal.state(), State::kCommandRecorded);
  EXPECT_TRUE(sink.commands.empty());
  EXPECT_TRUE(sink.jobs.empty());
  EXPECT_FALSE(signal.canceled_before_sent());
  signal.OnEvent(Signaled(), sink);
  EXPECT_FALSE(OnlyJob(sink).failure.has_value());
}

TEST(SignalExternalMachine, TheTargetGetsTheSignal) { TheTargetGetsTheSignal(); }
TEST(SignalExternalMachine, TheTargetWasNotFound) { TheTargetWasNotFound(); }
TEST(SignalExternalMachine, CanceledBeforeTheServerSawIt) { CanceledBeforeTheServerSawIt(); }
TEST(SignalExternalMachine, CanceledAfterItWasSent) { CanceledAfterItWasSent(); }

TEST(SignalExternalMachine, FailureCausesAreNamedAsSdkCoreNamesThem) {
  struct Case {
    enums::SignalExternalWorkflowExecutionFailedCause cause;
    std::string message;
    std::string type;
  };
  for (const Case& c : {
           Case{enums::SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_NAMESPACE_NOT_FOUND,
                "Unable to signal external workflow because it was not found", "NamespaceNotFound"},
           Case{enums::SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_SIGNAL_COUNT_LIMIT_EXCEEDED,
                "Unable to signal external workflow because The per-workflow signal limit was "
                "exceeded",
                "SignalCountLimitExceeded"},
           Case{enums::SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_UNSPECIFIED,
                "Unable to signal external workflow because unknown", "Unspecified"},
       }) {
    RecordingSink sink;
    auto signal = NewSignal(sink);
    Initiate(*signal, sink);
    signal->OnEvent(SignalFailed(c.cause), sink);
    const auto& failure = OnlyJob(sink).failure;
    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(failure->message(), c.message);
    EXPECT_EQ(failure->application_failure_info().type(), c.type);
  }
}

TEST(SignalExternalMachineCoverage, TheScenariosExerciseEveryTransition) {
  TheTargetGetsTheSignal();
  TheTargetWasNotFound();
  CanceledBeforeTheServerSawIt();
  CanceledAfterItWasSent();
  const auto covered = TransitionCoverage::Covered(SignalExternalMachine::Names::kMachine);
  for (size_t row = 0; row < std::size(SignalExternalMachine::kTransitions); ++row) {
    const auto& t = SignalExternalMachine::kTransitions[row];
    EXPECT_TRUE(covered.count(row))
        << "no test exercises " << SignalExternalMachine::Names::Name(t.from) << " --"
        << SignalExternalMachine::Names::Name(t.trigger) << "--> "
        << SignalExternalMachine::Names::Name(t.to);
  }
}

// --- Non-determinism: the message says what history holds, what the code did, where. ---

TEST(SignalExternalMachineNonDeterminism, TheHistorySentAnotherSignal) {
  RecordingSink sink;
  auto signal = NewSignal(sink);
  try {
    signal->OnCommandEvent(sink.TakeCommand(), Initiated("reject", "target"), sink);
    FAIL() << "expected NonDeterminismError";
  } catch (const NonDeterminismError& e) {
    EXPECT_EQ(e.event_id(), kInitiatedEventId);
    EXPECT_THAT(
        e.what(),
        AllOf(HasSubstr("history event 5"), HasSubstr("SignalExternalWorkflowExecutionInitiated"),
              HasSubstr("signal \"reject\" to workflow id \"target\""),
              HasSubstr("the workflow sent signal \"approve\" to workflow \"target\""),
              HasSubstr("signal_external_machine_test.cc:")));
  }
}

TEST(SignalExternalMachineNonDeterminism, TheHistorySignaledAnotherWorkflow) {
  RecordingSink sink;
  auto signal = NewSignal(sink);
  EXPECT_THAT(
      [&] { signal->OnCommandEvent(sink.TakeCommand(), Initiated("approve", "other"), sink); },
      ThrowsMessage<NonDeterminismError>(
          AllOf(HasSubstr("signal \"approve\" to workflow id \"other\""),
                HasSubstr("the workflow sent signal \"approve\" to workflow \"target\""),
                HasSubstr("signal_external_machine_test.cc:"))));
}

TEST(SignalExternalMachineNonDeterminism, AnOutcomeBeforeTheSignalIsInHistory) {
  RecordingSink sink;
  auto signal = NewSignal(sink);
  EXPECT_THAT(
      [&] { signal->OnEvent(Signaled(9), sink); },
      ThrowsMessage<NonDeterminismError>(AllOf(
          HasSubstr("history event 9 (ExternalWorkflowExecutionSignaled)"),
          HasSubstr(
              "in state CommandCreated, where ExternalWorkflowExecutionSignaled cannot happen"))));
}

TEST(SignalExternalMachineNonDeterminism, ASecondOutcome) {
  RecordingSink sink;
  auto signal = NewSignal(sink);
  Initiate(*signal, sink);
  signal->OnEvent(Signaled(), sink);
  EXPECT_THAT(
      [&] {
        signal->OnEvent(
            SignalFailed(enums::SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_NAMESPACE_NOT_FOUND,
                         8),
            sink);
      },
      ThrowsMessage<NonDeterminismError>(AllOf(
          HasSubstr("history event 8"),
          HasSubstr(
              "in state Signaled, where SignalExternalWorkflowExecutionFailed cannot happen"))));
}

TEST(SignalExternalMachineNonDeterminism, AnEventOfAnotherKind) {
  RecordingSink sink;
  auto signal = NewSignal(sink);
  Initiate(*signal, sink);
  HistoryEvent cancel_requested;
  cancel_requested.set_event_id(8);
  cancel_requested.set_event_type(enums::EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
  EXPECT_THAT([&] { signal->OnEvent(cancel_requested, sink); },
              ThrowsMessage<NonDeterminismError>(
                  AllOf(HasSubstr("history event 8 (ExternalWorkflowExecutionCancelRequested)"),
                        HasSubstr("signal \"approve\" to workflow \"target\" has no "
                                  "ExternalWorkflowExecutionCancelRequested"))));
}

}  // namespace
