// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// CompleteWorkflowMachine: every transition of its table, the
// non-determinism it must detect, and proof that the scenarios below
// exercise the whole table.
#include "temporal/workflow/internal/machines/complete_workflow_machine.h"

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
using temporal::workflow_internal::CompleteWorkflowCommand;
using temporal::workflow_internal::machines::CompleteWorkflowMachine;
using temporal::workflow_internal::machines::TransitionCoverage;
using temporal::workflow_internal::machines::testing::RecordingSink;
using State = CompleteWorkflowMachine::State;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

Payloads Result(const std::string& json) {
  Payloads payloads;
  auto* payload = payloads.add_payloads();
  (*payload->mutable_metadata())["encoding"] = "json/plain";
  payload->set_data(json);
  return payloads;
}

HistoryEvent Completed(int64_t id, const std::string& json = "42") {
  HistoryEvent event;
  event.set_event_id(id);
  event.set_event_type(enums::EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  auto* attributes = event.mutable_workflow_execution_completed_event_attributes();
  *attributes->mutable_result() = Result(json);
  attributes->set_workflow_task_completed_event_id(id - 1);
  return event;
}

HistoryEvent ContinuedAsNew(int64_t id) {
  HistoryEvent event;
  event.set_event_id(id);
  event.set_event_type(enums::EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
  event.mutable_workflow_execution_continued_as_new_event_attributes()
      ->mutable_workflow_type()
      ->set_name("Orders");
  return event;
}

std::unique_ptr<CompleteWorkflowMachine> NewCompletion(RecordingSink& sink,
                                                       const std::string& json = "42") {
  auto machine = std::make_unique<CompleteWorkflowMachine>(
      CompleteWorkflowCommand{.result = Result(json)}, std::source_location::current());
  machine->Schedule(sink);
  return machine;
}

// --- Scenarios (each a test below, and all together in the coverage test). ---

void CompletedAndRecorded() {
  RecordingSink sink;
  auto owner = NewCompletion(sink);
  CompleteWorkflowMachine& complete = *owner;
  EXPECT_EQ(complete.state(), State::kCompleteWorkflowCommandCreated);
  ASSERT_EQ(sink.commands.size(), 1u);
  const auto& command = sink.commands.front().command;
  EXPECT_EQ(command.command_type(), enums::COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION);
  EXPECT_EQ(command.complete_workflow_execution_command_attributes().result().payloads(0).data(),
            "42");
  EXPECT_EQ(sink.commands.front().owner, &complete);
  complete.OnCommandEvent(sink.TakeCommand(), Completed(5), sink);
  EXPECT_EQ(complete.state(), State::kCompleteWorkflowCommandRecorded);
  EXPECT_TRUE(sink.jobs.empty());
  EXPECT_TRUE(sink.messages.empty());
}

TEST(CompleteWorkflowMachine, CompletedAndRecorded) { CompletedAndRecorded(); }

TEST(CompleteWorkflowMachine, TheResultIsNotCompared) {
  // Like sdk-core and the Go SDK: the result's bytes depend on the
  // converter that wrote them, so only the kind of close is checked.
  RecordingSink sink;
  auto complete = NewCompletion(sink, "42");
  complete->OnCommandEvent(sink.TakeCommand(), Completed(5, "\"forty-two\""), sink);
  EXPECT_EQ(complete->state(), State::kCompleteWorkflowCommandRecorded);
}

TEST(CompleteWorkflowMachineCoverage, TheScenariosExerciseEveryTransition) {
  CompletedAndRecorded();
  const auto covered = TransitionCoverage::Covered(CompleteWorkflowMachine::Names::kMachine);
  for (size_t row = 0; row < std::size(CompleteWorkflowMachine::kTransitions); ++row) {
    const auto& t = CompleteWorkflowMachine::kTransitions[row];
    EXPECT_TRUE(covered.count(row))
        << "no test exercises " << CompleteWorkflowMachine::Names::Name(t.from) << " --"
        << CompleteWorkflowMachine::Names::Name(t.trigger) << "--> "
        << CompleteWorkflowMachine::Names::Name(t.to);
  }
}

// --- Non-determinism: the message says what history holds, what the code did, where. ---

TEST(CompleteWorkflowMachineNonDeterminism, TheHistoryClosedTheRunAnotherWay) {
  RecordingSink sink;
  auto complete = NewCompletion(sink);
  try {
    complete->OnCommandEvent(sink.TakeCommand(), ContinuedAsNew(5), sink);
    FAIL() << "expected NonDeterminismError";
  } catch (const NonDeterminismError& e) {
    EXPECT_EQ(e.event_id(), 5);
    EXPECT_THAT(e.what(),
                AllOf(HasSubstr("history event 5"), HasSubstr("WorkflowExecutionContinuedAsNew"),
                      HasSubstr("replayed result differs from the recorded close event"),
                      HasSubstr("the workflow completed"),
                      HasSubstr("complete_workflow_machine_test.cc:")));
  }
}

TEST(CompleteWorkflowMachineNonDeterminism, ASecondCompletedEvent) {
  RecordingSink sink;
  auto complete = NewCompletion(sink);
  auto command = sink.commands.front().command;
  complete->OnCommandEvent(sink.TakeCommand(), Completed(5), sink);
  EXPECT_THAT(
      [&] { complete->OnCommandEvent(command, Completed(9), sink); },
      ThrowsMessage<NonDeterminismError>(AllOf(
          HasSubstr("history event 9"),
          HasSubstr("in state CompleteWorkflowCommandRecorded, where it cannot be recorded"))));
}

TEST(CompleteWorkflowMachineNonDeterminism, AnEventAfterTheCompletion) {
  RecordingSink sink;
  auto complete = NewCompletion(sink);
  complete->OnCommandEvent(sink.TakeCommand(), Completed(5), sink);
  HistoryEvent fired;
  fired.set_event_id(6);
  fired.set_event_type(enums::EVENT_TYPE_TIMER_FIRED);
  fired.mutable_timer_fired_event_attributes()->set_timer_id("1");
  EXPECT_THAT([&] { complete->OnEvent(fired, sink); },
              ThrowsMessage<NonDeterminismError>(
                  AllOf(HasSubstr("history event 6 (TimerFired, timer id \"1\")"),
                        HasSubstr("no event follows a run's completion"))));
}

}  // namespace
