// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// FailWorkflowMachine: every transition of its table, the non-determinism
// it must detect, and proof that the scenarios below exercise the whole
// table.
#include "temporal/workflow/internal/machines/fail_workflow_machine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "recording_sink.h"
#include "temporal/workflow/nondeterminism_error.h"

namespace {

namespace enums = temporal::api::enums::v1;
using temporal::NonDeterminismError;
using temporal::api::failure::v1::Failure;
using temporal::api::history::v1::HistoryEvent;
using temporal::workflow_internal::FailWorkflowCommand;
using temporal::workflow_internal::machines::FailWorkflowMachine;
using temporal::workflow_internal::machines::TransitionCoverage;
using temporal::workflow_internal::machines::testing::RecordingSink;
using State = FailWorkflowMachine::State;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

Failure OutOfStock(const std::string& message = "out of stock") {
  Failure failure;
  failure.set_message(message);
  failure.mutable_application_failure_info()->set_type("OutOfStock");
  return failure;
}

HistoryEvent Failed(int64_t id, const std::string& message = "out of stock") {
  HistoryEvent event;
  event.set_event_id(id);
  event.set_event_type(enums::EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
  auto* attributes = event.mutable_workflow_execution_failed_event_attributes();
  *attributes->mutable_failure() = OutOfStock(message);
  attributes->set_workflow_task_completed_event_id(id - 1);
  return event;
}

HistoryEvent CompletedEvent(int64_t id) {
  HistoryEvent event;
  event.set_event_id(id);
  event.set_event_type(enums::EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  event.mutable_workflow_execution_completed_event_attributes();
  return event;
}

std::unique_ptr<FailWorkflowMachine> NewFailure(RecordingSink& sink) {
  auto machine = std::make_unique<FailWorkflowMachine>(FailWorkflowCommand{.failure = OutOfStock()},
                                                       std::source_location::current());
  machine->Schedule(sink);
  return machine;
}

// --- Scenarios (each a test below, and all together in the coverage test). ---

void FailedAndRecorded() {
  RecordingSink sink;
  auto owner = NewFailure(sink);
  FailWorkflowMachine& fail = *owner;
  EXPECT_EQ(fail.state(), State::kFailWorkflowCommandCreated);
  ASSERT_EQ(sink.commands.size(), 1u);
  const auto& command = sink.commands.front().command;
  EXPECT_EQ(command.command_type(), enums::COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION);
  EXPECT_EQ(command.fail_workflow_execution_command_attributes().failure().message(),
            "out of stock");
  EXPECT_EQ(command.fail_workflow_execution_command_attributes()
                .failure()
                .application_failure_info()
                .type(),
            "OutOfStock");
  fail.OnCommandEvent(sink.TakeCommand(), Failed(5), sink);
  EXPECT_EQ(fail.state(), State::kFailWorkflowCommandRecorded);
  EXPECT_TRUE(sink.jobs.empty());
}

TEST(FailWorkflowMachine, FailedAndRecorded) { FailedAndRecorded(); }

TEST(FailWorkflowMachine, TheFailureIsNotCompared) {
  // As in sdk-core and the Go SDK: a reworded message is the same failure.
  RecordingSink sink;
  auto fail = NewFailure(sink);
  fail->OnCommandEvent(sink.TakeCommand(), Failed(5, "sold out"), sink);
  EXPECT_EQ(fail->state(), State::kFailWorkflowCommandRecorded);
}

TEST(FailWorkflowMachineCoverage, TheScenariosExerciseEveryTransition) {
  FailedAndRecorded();
  const auto covered = TransitionCoverage::Covered(FailWorkflowMachine::Names::kMachine);
  for (size_t row = 0; row < std::size(FailWorkflowMachine::kTransitions); ++row) {
    const auto& t = FailWorkflowMachine::kTransitions[row];
    EXPECT_TRUE(covered.count(row))
        << "no test exercises " << FailWorkflowMachine::Names::Name(t.from) << " --"
        << FailWorkflowMachine::Names::Name(t.trigger) << "--> "
        << FailWorkflowMachine::Names::Name(t.to);
  }
}

// --- Non-determinism: the message says what history holds, what the code did, where. ---

TEST(FailWorkflowMachineNonDeterminism, TheHistoryCompletedTheRun) {
  RecordingSink sink;
  auto fail = NewFailure(sink);
  try {
    fail->OnCommandEvent(sink.TakeCommand(), CompletedEvent(7), sink);
    FAIL() << "expected NonDeterminismError";
  } catch (const NonDeterminismError& e) {
    EXPECT_EQ(e.event_id(), 7);
    EXPECT_THAT(e.what(), AllOf(HasSubstr("history event 7 (WorkflowExecutionCompleted)"),
                                HasSubstr("replayed result differs from the recorded close event"),
                                HasSubstr("the workflow failed (\"out of stock\")"),
                                HasSubstr("fail_workflow_machine_test.cc:")));
  }
}

TEST(FailWorkflowMachineNonDeterminism, ASecondFailedEvent) {
  RecordingSink sink;
  auto fail = NewFailure(sink);
  auto command = sink.commands.front().command;
  fail->OnCommandEvent(sink.TakeCommand(), Failed(5), sink);
  EXPECT_THAT([&] { fail->OnCommandEvent(command, Failed(9), sink); },
              ThrowsMessage<NonDeterminismError>(AllOf(
                  HasSubstr("history event 9"),
                  HasSubstr("in state FailWorkflowCommandRecorded, where it cannot be recorded"))));
}

TEST(FailWorkflowMachineNonDeterminism, AnEventAfterTheFailure) {
  RecordingSink sink;
  auto fail = NewFailure(sink);
  fail->OnCommandEvent(sink.TakeCommand(), Failed(5), sink);
  EXPECT_THAT([&] { fail->OnEvent(CompletedEvent(6), sink); },
              ThrowsMessage<NonDeterminismError>(AllOf(
                  HasSubstr("history event 6"), HasSubstr("no event follows a run's failure"))));
}

}  // namespace
