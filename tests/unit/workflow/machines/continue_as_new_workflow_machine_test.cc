// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ContinueAsNewWorkflowMachine: every transition of its table, the
// non-determinism it must detect (against synthetic events and the Go SDK's
// recorded continue-as-new histories), and proof that the scenarios below
// exercise the whole table.
#include "temporal/workflow/internal/machines/continue_as_new_workflow_machine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "recording_sink.h"
#include "temporal/replay/history_loader.h"
#include "temporal/workflow/internal/machines/complete_workflow_machine.h"
#include "temporal/workflow/nondeterminism_error.h"

namespace {

namespace enums = temporal::api::enums::v1;
using temporal::NonDeterminismError;
using temporal::api::command::v1::ContinueAsNewWorkflowExecutionCommandAttributes;
using temporal::api::common::v1::Payloads;
using temporal::api::history::v1::HistoryEvent;
using temporal::workflow_internal::CompleteWorkflowCommand;
using temporal::workflow_internal::ContinueAsNewWorkflowCommand;
using temporal::workflow_internal::machines::CompleteWorkflowMachine;
using temporal::workflow_internal::machines::ContinueAsNewWorkflowMachine;
using temporal::workflow_internal::machines::TransitionCoverage;
using temporal::workflow_internal::machines::testing::RecordingSink;
using State = ContinueAsNewWorkflowMachine::State;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

Payloads Json(const std::string& json) {
  Payloads payloads;
  auto* payload = payloads.add_payloads();
  (*payload->mutable_metadata())["encoding"] = "json/plain";
  payload->set_data(json);
  return payloads;
}

ContinueAsNewWorkflowExecutionCommandAttributes Attributes(
    const std::string& type, const std::string& queue, const std::string& input_json = "false") {
  ContinueAsNewWorkflowExecutionCommandAttributes attributes;
  attributes.mutable_workflow_type()->set_name(type);
  if (!queue.empty()) attributes.mutable_task_queue()->set_name(queue);
  *attributes.mutable_input() = Json(input_json);
  return attributes;
}

HistoryEvent ContinuedAsNew(int64_t id, const std::string& type, const std::string& queue,
                            const std::string& input_json = "false") {
  HistoryEvent event;
  event.set_event_id(id);
  event.set_event_type(enums::EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
  auto* attributes = event.mutable_workflow_execution_continued_as_new_event_attributes();
  attributes->set_new_execution_run_id("74f38af0");
  attributes->mutable_workflow_type()->set_name(type);
  attributes->mutable_task_queue()->set_name(queue);
  *attributes->mutable_input() = Json(input_json);
  attributes->set_workflow_task_completed_event_id(id - 1);
  return event;
}

std::unique_ptr<ContinueAsNewWorkflowMachine> NewContinueAsNew(
    RecordingSink& sink, ContinueAsNewWorkflowExecutionCommandAttributes attributes) {
  auto machine = std::make_unique<ContinueAsNewWorkflowMachine>(
      ContinueAsNewWorkflowCommand{.attributes = std::move(attributes)},
      std::source_location::current());
  machine->Schedule(sink);
  return machine;
}

// --- Scenarios (each a test below, and all together in the coverage test). ---

void ContinuedAsNewAndRecorded() {
  RecordingSink sink;
  auto owner = NewContinueAsNew(sink, Attributes("Orders", "orders-queue"));
  ContinueAsNewWorkflowMachine& next = *owner;
  EXPECT_EQ(next.state(), State::kContinueAsNewWorkflowCommandCreated);
  ASSERT_EQ(sink.commands.size(), 1u);
  const auto& command = sink.commands.front().command;
  EXPECT_EQ(command.command_type(), enums::COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION);
  const auto& issued = command.continue_as_new_workflow_execution_command_attributes();
  EXPECT_EQ(issued.workflow_type().name(), "Orders");
  EXPECT_EQ(issued.task_queue().name(), "orders-queue");
  EXPECT_EQ(issued.input().payloads(0).data(), "false");
  next.OnCommandEvent(sink.TakeCommand(), ContinuedAsNew(5, "Orders", "orders-queue"), sink);
  EXPECT_EQ(next.state(), State::kContinueAsNewWorkflowCommandRecorded);
  EXPECT_TRUE(sink.jobs.empty());
}

TEST(ContinueAsNewWorkflowMachine, ContinuedAsNewAndRecorded) { ContinuedAsNewAndRecorded(); }

TEST(ContinueAsNewWorkflowMachine, AnUnnamedTaskQueueIsTheOneTheServerFilledIn) {
  RecordingSink sink;
  auto next = NewContinueAsNew(sink, Attributes("Orders", /*queue=*/""));
  next->OnCommandEvent(sink.TakeCommand(), ContinuedAsNew(5, "Orders", "orders-queue"), sink);
  EXPECT_EQ(next->state(), State::kContinueAsNewWorkflowCommandRecorded);
}

TEST(ContinueAsNewWorkflowMachine, TheInputIsNotCompared) {
  // As in sdk-core and the Go SDK: the input's bytes depend on the
  // converter and codecs that wrote them.
  RecordingSink sink;
  auto next = NewContinueAsNew(sink, Attributes("Orders", "orders-queue", "false"));
  next->OnCommandEvent(sink.TakeCommand(), ContinuedAsNew(5, "Orders", "orders-queue", " false "),
                       sink);
  EXPECT_EQ(next->state(), State::kContinueAsNewWorkflowCommandRecorded);
}

TEST(ContinueAsNewWorkflowMachineCoverage, TheScenariosExerciseEveryTransition) {
  ContinuedAsNewAndRecorded();
  const auto covered = TransitionCoverage::Covered(ContinueAsNewWorkflowMachine::Names::kMachine);
  for (size_t row = 0; row < std::size(ContinueAsNewWorkflowMachine::kTransitions); ++row) {
    const auto& t = ContinueAsNewWorkflowMachine::kTransitions[row];
    EXPECT_TRUE(covered.count(row))
        << "no test exercises " << ContinueAsNewWorkflowMachine::Names::Name(t.from) << " --"
        << ContinueAsNewWorkflowMachine::Names::Name(t.trigger) << "--> "
        << ContinueAsNewWorkflowMachine::Names::Name(t.to);
  }
}

// --- Non-determinism: the message says what history holds, what the code did, where. ---

TEST(ContinueAsNewWorkflowMachineNonDeterminism, AnotherWorkflowType) {
  RecordingSink sink;
  auto next = NewContinueAsNew(sink, Attributes("ContinueAsNewWorkflow", "replay-test"));
  try {
    next->OnCommandEvent(sink.TakeCommand(), ContinuedAsNew(5, "BadWorkflow", "replay-test"), sink);
    FAIL() << "expected NonDeterminismError";
  } catch (const NonDeterminismError& e) {
    EXPECT_EQ(e.event_id(), 5);
    EXPECT_THAT(
        e.what(),
        AllOf(HasSubstr("history event 5 (WorkflowExecutionContinuedAsNew"),
              HasSubstr("replayed result differs from the recorded close event"),
              HasSubstr("the workflow continued as new as \"ContinueAsNewWorkflow\" on task queue "
                        "\"replay-test\", but the history continued as \"BadWorkflow\""),
              HasSubstr("continue_as_new_workflow_machine_test.cc:")));
  }
}

TEST(ContinueAsNewWorkflowMachineNonDeterminism, AnotherTaskQueue) {
  RecordingSink sink;
  auto next = NewContinueAsNew(sink, Attributes("Orders", "orders-v2"));
  EXPECT_THAT(
      [&] {
        next->OnCommandEvent(sink.TakeCommand(), ContinuedAsNew(5, "Orders", "orders"), sink);
      },
      ThrowsMessage<NonDeterminismError>(
          AllOf(HasSubstr("history event 5"), HasSubstr("on task queue \"orders-v2\""),
                HasSubstr("but the history continued on task queue \"orders\""))));
}

TEST(ContinueAsNewWorkflowMachineNonDeterminism, TheHistoryCompletedTheRun) {
  RecordingSink sink;
  auto next = NewContinueAsNew(sink, Attributes("Orders", "orders"));
  HistoryEvent completed;
  completed.set_event_id(5);
  completed.set_event_type(enums::EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  completed.mutable_workflow_execution_completed_event_attributes();
  EXPECT_THAT(
      [&] { next->OnCommandEvent(sink.TakeCommand(), completed, sink); },
      ThrowsMessage<NonDeterminismError>(
          AllOf(HasSubstr("history event 5 (WorkflowExecutionCompleted)"),
                HasSubstr("the replayed result differs from the recorded close event: the workflow "
                          "continued as new as \"Orders\""))));
}

TEST(ContinueAsNewWorkflowMachineNonDeterminism, ASecondContinuedAsNewEvent) {
  RecordingSink sink;
  auto next = NewContinueAsNew(sink, Attributes("Orders", "orders"));
  auto command = sink.commands.front().command;
  next->OnCommandEvent(sink.TakeCommand(), ContinuedAsNew(5, "Orders", "orders"), sink);
  EXPECT_THAT(
      [&] { next->OnCommandEvent(command, ContinuedAsNew(9, "Orders", "orders"), sink); },
      ThrowsMessage<NonDeterminismError>(AllOf(
          HasSubstr("history event 9"),
          HasSubstr(
              "in state ContinueAsNewWorkflowCommandRecorded, where it cannot be recorded"))));
}

TEST(ContinueAsNewWorkflowMachineNonDeterminism, AnEventAfterTheContinueAsNew) {
  RecordingSink sink;
  auto next = NewContinueAsNew(sink, Attributes("Orders", "orders"));
  next->OnCommandEvent(sink.TakeCommand(), ContinuedAsNew(5, "Orders", "orders"), sink);
  EXPECT_THAT([&] { next->OnEvent(ContinuedAsNew(6, "Orders", "orders"), sink); },
              ThrowsMessage<NonDeterminismError>(AllOf(
                  HasSubstr("history event 6"), HasSubstr("no event follows a run's close"))));
}

// --- The Go SDK's recorded histories (test/replaytests in temporalio/sdk-go). ---
//
// Their workflow: ContinueAsNewWorkflow(bool continue_as_new) continues as
// new as itself with `false` when its input is true, and completes
// otherwise. ReplayClose plays the close command that workflow issues for
// the history's start input against the history's close event, through the
// machine that command creates.
void ReplayClose(const std::string& file) {
  const auto history = temporal::replay::LoadHistoryFile(
      std::filesystem::path(TEMPORAL_SHARED_HISTORIES_DIR) / "sdk-go" / file);
  const auto& started = history.events(0).workflow_execution_started_event_attributes();
  const HistoryEvent& close = history.events(history.events_size() - 1);
  RecordingSink sink;
  if (started.input().payloads(0).data() == "true") {
    auto attributes =
        Attributes(started.workflow_type().name(), started.task_queue().name(), "false");
    auto next = NewContinueAsNew(sink, std::move(attributes));
    next->OnCommandEvent(sink.TakeCommand(), close, sink);
    return;
  }
  CompleteWorkflowMachine complete(CompleteWorkflowCommand{}, std::source_location::current());
  complete.Schedule(sink);
  complete.OnCommandEvent(sink.TakeCommand(), close, sink);
}

TEST(ContinueAsNewWorkflowMachineGoHistories, ContinueAsNewReplays) {
  EXPECT_NO_THROW(ReplayClose("continue-as-new.json"));
}

TEST(ContinueAsNewWorkflowMachineGoHistories, BadContinueAsNewFails) {
  // Started with false, so the code completes; the history continued as new
  // (as "BadWorkflow").
  EXPECT_THAT(
      [] { ReplayClose("bad-continue-as-new.json"); },
      ThrowsMessage<NonDeterminismError>(
          AllOf(HasSubstr("history event 5 (WorkflowExecutionContinuedAsNew)"),
                HasSubstr("the replayed result differs from the recorded close event: the workflow "
                          "completed"))));
}

TEST(ContinueAsNewWorkflowMachineGoHistories, BadContinueAsNew2Fails) {
  // Started with true, so the code continues as new; the history completed.
  EXPECT_THAT(
      [] { ReplayClose("bad-continue-as-new-2.json"); },
      ThrowsMessage<NonDeterminismError>(
          AllOf(HasSubstr("history event 5 (WorkflowExecutionCompleted)"),
                HasSubstr("the replayed result differs from the recorded close event: the workflow "
                          "continued as new as \"ContinueAsNewWorkflow\" on task queue "
                          "\"replay-test\""))));
}

TEST(ContinueAsNewWorkflowMachineGoHistories, ContinuingAsAnotherTypeThanRecordedFails) {
  // What bad-continue-as-new.json's comment in sdk-go intends ("continue as
  // new as the wrong workflow type"), with the start input that makes the
  // code continue as new: the recorded event of the good history, renamed.
  auto history = temporal::replay::LoadHistoryFile(
      std::filesystem::path(TEMPORAL_SHARED_HISTORIES_DIR) / "sdk-go" / "continue-as-new.json");
  HistoryEvent close = history.events(history.events_size() - 1);
  close.mutable_workflow_execution_continued_as_new_event_attributes()
      ->mutable_workflow_type()
      ->set_name("BadWorkflow");
  RecordingSink sink;
  auto next = NewContinueAsNew(sink, Attributes("ContinueAsNewWorkflow", "replay-test"));
  EXPECT_THAT([&] { next->OnCommandEvent(sink.TakeCommand(), close, sink); },
              ThrowsMessage<NonDeterminismError>(
                  HasSubstr("but the history continued as \"BadWorkflow\"")));
}

}  // namespace
