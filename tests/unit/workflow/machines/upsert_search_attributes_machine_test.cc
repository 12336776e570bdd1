// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// UpsertSearchAttributesMachine: every transition of its table, the
// non-determinism it must detect, and proof that the scenarios below
// exercise the whole table.
#include "temporal/workflow/internal/machines/upsert_search_attributes_machine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "recording_sink.h"
#include "temporal/workflow/nondeterminism_error.h"

namespace {

namespace enums = temporal::api::enums::v1;
using temporal::NonDeterminismError;
using temporal::api::common::v1::SearchAttributes;
using temporal::api::history::v1::HistoryEvent;
using temporal::workflow_internal::UpsertSearchAttributesCommand;
using temporal::workflow_internal::machines::TransitionCoverage;
using temporal::workflow_internal::machines::UpsertSearchAttributesMachine;
using temporal::workflow_internal::machines::testing::RecordingSink;
using State = UpsertSearchAttributesMachine::State;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

SearchAttributes Attributes(const std::string& key, const std::string& json) {
  SearchAttributes attributes;
  auto& payload = (*attributes.mutable_indexed_fields())[key];
  (*payload.mutable_metadata())["encoding"] = "json/plain";
  (*payload.mutable_metadata())["type"] = "Text";
  payload.set_data(json);
  return attributes;
}

HistoryEvent Upserted(int64_t id, const SearchAttributes& attributes) {
  HistoryEvent event;
  event.set_event_id(id);
  event.set_event_type(enums::EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES);
  auto* recorded = event.mutable_upsert_workflow_search_attributes_event_attributes();
  *recorded->mutable_search_attributes() = attributes;
  recorded->set_workflow_task_completed_event_id(id - 1);
  return event;
}

HistoryEvent TimerStarted(int64_t id) {
  HistoryEvent event;
  event.set_event_id(id);
  event.set_event_type(enums::EVENT_TYPE_TIMER_STARTED);
  event.mutable_timer_started_event_attributes()->set_timer_id("1");
  return event;
}

std::unique_ptr<UpsertSearchAttributesMachine> NewUpsert(RecordingSink& sink) {
  auto machine = std::make_unique<UpsertSearchAttributesMachine>(
      UpsertSearchAttributesCommand{.search_attributes =
                                        Attributes("CustomStringField", "\"test\"")},
      std::source_location::current());
  machine->Schedule(sink);
  return machine;
}

// --- Scenarios (each a test below, and all together in the coverage test). ---

void UpsertedAndRecorded() {
  RecordingSink sink;
  auto owner = NewUpsert(sink);
  UpsertSearchAttributesMachine& upsert = *owner;
  EXPECT_EQ(upsert.state(), State::kCommandIssued);
  ASSERT_EQ(sink.commands.size(), 1u);
  const auto& command = sink.commands.front().command;
  EXPECT_EQ(command.command_type(), enums::COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES);
  EXPECT_EQ(command.upsert_workflow_search_attributes_command_attributes()
                .search_attributes()
                .indexed_fields()
                .at("CustomStringField")
                .data(),
            "\"test\"");
  upsert.OnCommandEvent(sink.TakeCommand(),
                        Upserted(5, Attributes("CustomStringField", "\"test\"")), sink);
  EXPECT_EQ(upsert.state(), State::kDone);
  EXPECT_TRUE(sink.jobs.empty());
}

TEST(UpsertSearchAttributesMachine, UpsertedAndRecorded) { UpsertedAndRecorded(); }

TEST(UpsertSearchAttributesMachine, TheAttributesAreNotCompared) {
  // As in sdk-core and the Go SDK: kind and order are checked, not values.
  RecordingSink sink;
  auto upsert = NewUpsert(sink);
  upsert->OnCommandEvent(sink.TakeCommand(), Upserted(5, Attributes("OtherField", "\"other\"")),
                         sink);
  EXPECT_EQ(upsert->state(), State::kDone);
}

TEST(UpsertSearchAttributesMachineCoverage, TheScenariosExerciseEveryTransition) {
  UpsertedAndRecorded();
  const auto covered = TransitionCoverage::Covered(UpsertSearchAttributesMachine::Names::kMachine);
  for (size_t row = 0; row < std::size(UpsertSearchAttributesMachine::kTransitions); ++row) {
    const auto& t = UpsertSearchAttributesMachine::kTransitions[row];
    EXPECT_TRUE(covered.count(row))
        << "no test exercises " << UpsertSearchAttributesMachine::Names::Name(t.from) << " --"
        << UpsertSearchAttributesMachine::Names::Name(t.trigger) << "--> "
        << UpsertSearchAttributesMachine::Names::Name(t.to);
  }
}

// --- Non-determinism: the message says what history holds, what the code did, where. ---

TEST(UpsertSearchAttributesMachineNonDeterminism, AnotherKindOfEvent) {
  RecordingSink sink;
  auto upsert = NewUpsert(sink);
  try {
    upsert->OnCommandEvent(sink.TakeCommand(), TimerStarted(5), sink);
    FAIL() << "expected NonDeterminismError";
  } catch (const NonDeterminismError& e) {
    EXPECT_EQ(e.event_id(), 5);
    EXPECT_THAT(
        e.what(),
        AllOf(HasSubstr("history event 5 (TimerStarted, timer id \"1\")"),
              HasSubstr("the workflow issued a search attribute upsert (CustomStringField)"),
              HasSubstr("upsert_search_attributes_machine_test.cc:")));
  }
}

TEST(UpsertSearchAttributesMachineNonDeterminism, ASecondUpsertedEvent) {
  RecordingSink sink;
  auto upsert = NewUpsert(sink);
  auto command = sink.commands.front().command;
  const auto recorded = Upserted(5, Attributes("CustomStringField", "\"test\""));
  upsert->OnCommandEvent(sink.TakeCommand(), recorded, sink);
  EXPECT_THAT(
      [&] { upsert->OnCommandEvent(command, recorded, sink); },
      ThrowsMessage<NonDeterminismError>(AllOf(
          HasSubstr("history event 5"), HasSubstr("in state Done, where it cannot be recorded"))));
}

TEST(UpsertSearchAttributesMachineNonDeterminism, AnEventReferringToTheUpsert) {
  RecordingSink sink;
  auto upsert = NewUpsert(sink);
  upsert->OnCommandEvent(sink.TakeCommand(),
                         Upserted(5, Attributes("CustomStringField", "\"test\"")), sink);
  EXPECT_THAT([&] { upsert->OnEvent(TimerStarted(6), sink); },
              ThrowsMessage<NonDeterminismError>(AllOf(
                  HasSubstr("history event 6"), HasSubstr("which no later event refers to"))));
}

}  // namespace
