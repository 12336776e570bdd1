// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ModifyWorkflowPropertiesMachine: every transition of its table, the
// non-determinism it must detect, and proof that the scenarios below
// exercise the whole table.
#include "temporal/workflow/internal/machines/modify_workflow_properties_machine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "recording_sink.h"
#include "temporal/workflow/nondeterminism_error.h"

namespace {

namespace enums = temporal::api::enums::v1;
using temporal::NonDeterminismError;
using temporal::api::common::v1::Memo;
using temporal::api::history::v1::HistoryEvent;
using temporal::workflow_internal::ModifyWorkflowPropertiesCommand;
using temporal::workflow_internal::machines::ModifyWorkflowPropertiesMachine;
using temporal::workflow_internal::machines::TransitionCoverage;
using temporal::workflow_internal::machines::testing::RecordingSink;
using State = ModifyWorkflowPropertiesMachine::State;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

Memo MemoOf(const std::string& key, const std::string& json) {
  Memo memo;
  auto& payload = (*memo.mutable_fields())[key];
  (*payload.mutable_metadata())["encoding"] = "json/plain";
  payload.set_data(json);
  return memo;
}

HistoryEvent Modified(int64_t id, const Memo& memo) {
  HistoryEvent event;
  event.set_event_id(id);
  event.set_event_type(enums::EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED);
  auto* recorded = event.mutable_workflow_properties_modified_event_attributes();
  *recorded->mutable_upserted_memo() = memo;
  recorded->set_workflow_task_completed_event_id(id - 1);
  return event;
}

HistoryEvent ActivityScheduled(int64_t id) {
  HistoryEvent event;
  event.set_event_id(id);
  event.set_event_type(enums::EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
  auto* attributes = event.mutable_activity_task_scheduled_event_attributes();
  attributes->set_activity_id("5");
  attributes->mutable_activity_type()->set_name("helloworldActivity");
  return event;
}

std::unique_ptr<ModifyWorkflowPropertiesMachine> NewModify(RecordingSink& sink) {
  auto machine = std::make_unique<ModifyWorkflowPropertiesMachine>(
      ModifyWorkflowPropertiesCommand{.upserted_memo = MemoOf("Test key", "\"test\"")},
      std::source_location::current());
  machine->Schedule(sink);
  return machine;
}

// --- Scenarios (each a test below, and all together in the coverage test). ---

void ModifiedAndRecorded() {
  RecordingSink sink;
  auto owner = NewModify(sink);
  ModifyWorkflowPropertiesMachine& modify = *owner;
  EXPECT_EQ(modify.state(), State::kCommandIssued);
  ASSERT_EQ(sink.commands.size(), 1u);
  const auto& command = sink.commands.front().command;
  EXPECT_EQ(command.command_type(), enums::COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES);
  EXPECT_EQ(command.modify_workflow_properties_command_attributes()
                .upserted_memo()
                .fields()
                .at("Test key")
                .data(),
            "\"test\"");
  modify.OnCommandEvent(sink.TakeCommand(), Modified(5, MemoOf("Test key", "\"test\"")), sink);
  EXPECT_EQ(modify.state(), State::kDone);
  EXPECT_TRUE(sink.jobs.empty());
}

TEST(ModifyWorkflowPropertiesMachine, ModifiedAndRecorded) { ModifiedAndRecorded(); }

TEST(ModifyWorkflowPropertiesMachine, TheMemoIsNotCompared) {
  // As in sdk-core and the Go SDK: kind and order are checked, not values.
  RecordingSink sink;
  auto modify = NewModify(sink);
  modify->OnCommandEvent(sink.TakeCommand(), Modified(5, MemoOf("Test key", "\"Hello test!\"")),
                         sink);
  EXPECT_EQ(modify->state(), State::kDone);
}

TEST(ModifyWorkflowPropertiesMachineCoverage, TheScenariosExerciseEveryTransition) {
  ModifiedAndRecorded();
  const auto covered =
      TransitionCoverage::Covered(ModifyWorkflowPropertiesMachine::Names::kMachine);
  for (size_t row = 0; row < std::size(ModifyWorkflowPropertiesMachine::kTransitions); ++row) {
    const auto& t = ModifyWorkflowPropertiesMachine::kTransitions[row];
    EXPECT_TRUE(covered.count(row))
        << "no test exercises " << ModifyWorkflowPropertiesMachine::Names::Name(t.from) << " --"
        << ModifyWorkflowPropertiesMachine::Names::Name(t.trigger) << "--> "
        << ModifyWorkflowPropertiesMachine::Names::Name(t.to);
  }
}

// --- Non-determinism: the message says what history holds, what the code did, where. ---

TEST(ModifyWorkflowPropertiesMachineNonDeterminism, AnotherKindOfEvent) {
  // bad-upsert-memo-workflow-2.json's shape: the history scheduled an
  // activity where the code modified the memo.
  RecordingSink sink;
  auto modify = NewModify(sink);
  try {
    modify->OnCommandEvent(sink.TakeCommand(), ActivityScheduled(5), sink);
    FAIL() << "expected NonDeterminismError";
  } catch (const NonDeterminismError& e) {
    EXPECT_EQ(e.event_id(), 5);
    EXPECT_THAT(e.what(), AllOf(HasSubstr("history event 5 (ActivityTaskScheduled, activity type "
                                          "\"helloworldActivity\""),
                                HasSubstr("the workflow issued a memo upsert (Test key)"),
                                HasSubstr("modify_workflow_properties_machine_test.cc:")));
  }
}

TEST(ModifyWorkflowPropertiesMachineNonDeterminism, ASecondModifiedEvent) {
  RecordingSink sink;
  auto modify = NewModify(sink);
  auto command = sink.commands.front().command;
  const auto recorded = Modified(5, MemoOf("Test key", "\"test\""));
  modify->OnCommandEvent(sink.TakeCommand(), recorded, sink);
  EXPECT_THAT(
      [&] { modify->OnCommandEvent(command, recorded, sink); },
      ThrowsMessage<NonDeterminismError>(AllOf(
          HasSubstr("history event 5"), HasSubstr("in state Done, where it cannot be recorded"))));
}

TEST(ModifyWorkflowPropertiesMachineNonDeterminism, AnEventReferringToTheModification) {
  RecordingSink sink;
  auto modify = NewModify(sink);
  modify->OnCommandEvent(sink.TakeCommand(), Modified(5, MemoOf("Test key", "\"test\"")), sink);
  EXPECT_THAT([&] { modify->OnEvent(ActivityScheduled(6), sink); },
              ThrowsMessage<NonDeterminismError>(AllOf(
                  HasSubstr("history event 6"), HasSubstr("which no later event refers to"))));
}

}  // namespace
