// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// CancelWorkflowMachine: every transition of its table, the non-determinism
// it must detect, and proof that the scenarios below exercise the whole
// table.
#include "temporal/workflow/internal/machines/cancel_workflow_machine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "recording_sink.h"
#include "temporal/workflow/nondeterminism_error.h"

namespace {

namespace enums = temporal::api::enums::v1;
using temporal::NonDeterminismError;
using temporal::api::common::v1::Payloads;
using temporal::api::history::v1::HistoryEvent;
using temporal::workflow_internal::CancelWorkflowCommand;
using temporal::workflow_internal::machines::CancelWorkflowMachine;
using temporal::workflow_internal::machines::TransitionCoverage;
using temporal::workflow_internal::machines::testing::RecordingSink;
using State = CancelWorkflowMachine::State;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

Payloads Details(const std::string& json) {
  Payloads payloads;
  auto* payload = payloads.add_payloads();
  (*payload->mutable_metadata())["encoding"] = "json/plain";
  payload->set_data(json);
  return payloads;
}

HistoryEvent Canceled(int64_t id, const std::string& json = "\"bye\"") {
  HistoryEvent event;
  event.set_event_id(id);
  event.set_event_type(enums::EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED);
  auto* attributes = event.mutable_workflow_execution_canceled_event_attributes();
  *attributes->mutable_details() = Details(json);
  attributes->set_workflow_task_completed_event_id(id - 1);
  return event;
}

HistoryEvent FailedEvent(int64_t id) {
  HistoryEvent event;
  event.set_event_id(id);
  event.set_event_type(enums::EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
  event.mutable_workflow_execution_failed_event_attributes()->mutable_failure()->set_message(
      "boom");
  return event;
}

std::unique_ptr<CancelWorkflowMachine> NewCancellation(RecordingSink& sink) {
  auto machine = std::make_unique<CancelWorkflowMachine>(
      CancelWorkflowCommand{.details = Details("\"bye\"")}, std::source_location::current());
  machine->Schedule(sink);
  return machine;
}

// --- Scenarios (each a test below, and all together in the coverage test). ---

void CanceledAndRecorded() {
  RecordingSink sink;
  auto owner = NewCancellation(sink);
  CancelWorkflowMachine& cancel = *owner;
  EXPECT_EQ(cancel.state(), State::kCancelWorkflowCommandCreated);
  ASSERT_EQ(sink.commands.size(), 1u);
  const auto& command = sink.commands.front().command;
  EXPECT_EQ(command.command_type(), enums::COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION);
  EXPECT_EQ(command.cancel_workflow_execution_command_attributes().details().payloads(0).data(),
            "\"bye\"");
  cancel.OnCommandEvent(sink.TakeCommand(), Canceled(5), sink);
  EXPECT_EQ(cancel.state(), State::kCancelWorkflowCommandRecorded);
  EXPECT_TRUE(sink.jobs.empty());
}

TEST(CancelWorkflowMachine, CanceledAndRecorded) { CanceledAndRecorded(); }

TEST(CancelWorkflowMachine, TheDetailsAreNotCompared) {
  RecordingSink sink;
  auto cancel = NewCancellation(sink);
  cancel->OnCommandEvent(sink.TakeCommand(), Canceled(5, "\"farewell\""), sink);
  EXPECT_EQ(cancel->state(), State::kCancelWorkflowCommandRecorded);
}

TEST(CancelWorkflowMachineCoverage, TheScenariosExerciseEveryTransition) {
  CanceledAndRecorded();
  const auto covered = TransitionCoverage::Covered(CancelWorkflowMachine::Names::kMachine);
  for (size_t row = 0; row < std::size(CancelWorkflowMachine::kTransitions); ++row) {
    const auto& t = CancelWorkflowMachine::kTransitions[row];
    EXPECT_TRUE(covered.count(row))
        << "no test exercises " << CancelWorkflowMachine::Names::Name(t.from) << " --"
        << CancelWorkflowMachine::Names::Name(t.trigger) << "--> "
        << CancelWorkflowMachine::Names::Name(t.to);
  }
}

// --- Non-determinism: the message says what history holds, what the code did, where. ---

TEST(CancelWorkflowMachineNonDeterminism, TheHistoryFailedTheRun) {
  RecordingSink sink;
  auto cancel = NewCancellation(sink);
  try {
    cancel->OnCommandEvent(sink.TakeCommand(), FailedEvent(8), sink);
    FAIL() << "expected NonDeterminismError";
  } catch (const NonDeterminismError& e) {
    EXPECT_EQ(e.event_id(), 8);
    EXPECT_THAT(e.what(), AllOf(HasSubstr("history event 8 (WorkflowExecutionFailed)"),
                                HasSubstr("replayed result differs from the recorded close event"),
                                HasSubstr("the workflow ended as canceled"),
                                HasSubstr("cancel_workflow_machine_test.cc:")));
  }
}

TEST(CancelWorkflowMachineNonDeterminism, ASecondCanceledEvent) {
  RecordingSink sink;
  auto cancel = NewCancellation(sink);
  auto command = sink.commands.front().command;
  cancel->OnCommandEvent(sink.TakeCommand(), Canceled(5), sink);
  EXPECT_THAT(
      [&] { cancel->OnCommandEvent(command, Canceled(9), sink); },
      ThrowsMessage<NonDeterminismError>(
          AllOf(HasSubstr("history event 9"),
                HasSubstr("in state CancelWorkflowCommandRecorded, where it cannot be recorded"))));
}

TEST(CancelWorkflowMachineNonDeterminism, AnEventAfterTheCancellation) {
  RecordingSink sink;
  auto cancel = NewCancellation(sink);
  cancel->OnCommandEvent(sink.TakeCommand(), Canceled(5), sink);
  EXPECT_THAT([&] { cancel->OnEvent(FailedEvent(6), sink); },
              ThrowsMessage<NonDeterminismError>(AllOf(
                  HasSubstr("history event 6"), HasSubstr("no event follows a run's close"))));
}

}  // namespace
