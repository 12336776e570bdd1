// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// SideEffectMachine: every transition of its table, the Go SDK's marker
// format (checked against a history the Go SDK recorded), the recorded value
// winning over the workflow's on replay, and the non-determinism it must
// detect.
#include "temporal/workflow/internal/machines/side_effect_machine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "recording_sink.h"
#include "temporal/replay/history_loader.h"
#include "temporal/workflow/nondeterminism_error.h"

namespace {

namespace fs = std::filesystem;
namespace enums = temporal::api::enums::v1;
using temporal::NonDeterminismError;
using temporal::api::command::v1::Command;
using temporal::api::common::v1::Payload;
using temporal::api::common::v1::Payloads;
using temporal::api::history::v1::HistoryEvent;
using temporal::workflow_internal::RecordSideEffectCommand;
using temporal::workflow_internal::ResolveSideEffectJob;
using temporal::workflow_internal::machines::SideEffectIdOfMarker;
using temporal::workflow_internal::machines::SideEffectMachine;
using temporal::workflow_internal::machines::TransitionCoverage;
using temporal::workflow_internal::machines::testing::RecordingSink;
using State = SideEffectMachine::State;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Optional;

Payload Json(const std::string& data) {
  Payload payload;
  (*payload.mutable_metadata())["encoding"] = "json/plain";
  payload.set_data(data);
  return payload;
}

Payloads Value(const std::string& json) {
  Payloads payloads;
  *payloads.add_payloads() = Json(json);
  return payloads;
}

// A side-effect marker as the Go SDK records it.
HistoryEvent SideEffectMarker(int64_t event_id, const std::string& side_effect_id, const std::string& value) {
  HistoryEvent event;
  event.set_event_id(event_id);
  event.set_event_type(enums::EVENT_TYPE_MARKER_RECORDED);
  auto* attributes = event.mutable_marker_recorded_event_attributes();
  attributes->set_marker_name("SideEffect");
  *(*attributes->mutable_details())["side-effect-id"].add_payloads() = Json(side_effect_id);
  (*attributes->mutable_details())["data"] = Value(value);
  return event;
}

std::unique_ptr<SideEffectMachine> NewSideEffect(RecordingSink& sink, uint32_t seq, const std::string& value) {
  auto side_effect = std::make_unique<SideEffectMachine>(
      seq, RecordSideEffectCommand{seq, Value(value)}, std::source_location::current());
  side_effect->Schedule(sink);
  return side_effect;
}

std::string ResolvedValue(const RecordingSink& sink, size_t index = 0) {
  const auto& job = std::get<ResolveSideEffectJob>(sink.jobs.at(index));
  return job.result.payloads(0).data();
}

// --- Scenarios (each a test below, and all together in the coverage test). ---

void RecordedWhileExecuting() {
  RecordingSink sink;
  auto owner = NewSideEffect(sink, 1, "42");
  SideEffectMachine& side_effect = *owner;
  EXPECT_EQ(side_effect.state(), State::kMarkerCommandCreated);
  ASSERT_EQ(sink.jobs.size(), 1u);
  EXPECT_EQ(std::get<ResolveSideEffectJob>(sink.jobs[0]).seq, 1u);
  EXPECT_EQ(ResolvedValue(sink), "42");
  ASSERT_EQ(sink.commands.size(), 1u);
  const Command& record = sink.commands.front().command;
  EXPECT_EQ(record.command_type(), enums::COMMAND_TYPE_RECORD_MARKER);
  const auto& attributes = record.record_marker_command_attributes();
  EXPECT_EQ(attributes.marker_name(), "SideEffect");
  ASSERT_EQ(attributes.details_size(), 2);
  EXPECT_EQ(attributes.details().at("side-effect-id").payloads(0).metadata().at("encoding"), "json/plain");
  EXPECT_EQ(attributes.details().at("side-effect-id").payloads(0).data(), "1");
  EXPECT_EQ(attributes.details().at("data").payloads(0).data(), "42");

  side_effect.OnCommandEvent(sink.TakeCommand(), SideEffectMarker(5, "1", "42"), sink);
  EXPECT_EQ(side_effect.state(), State::kMarkerCommandRecorded);
  EXPECT_EQ(sink.jobs.size(), 1u);
}

void ReplayedFromTheRecordedValue() {
  RecordingSink sink;
  sink.is_replaying = true;
  sink.upcoming = {SideEffectMarker(5, "1", R"("first")"), SideEffectMarker(6, "2", R"("recorded")")};
  auto owner = NewSideEffect(sink, 2, R"("computed again, differently")");
  SideEffectMachine& side_effect = *owner;
  // The workflow sees what the history recorded, not what it computed now.
  ASSERT_EQ(sink.jobs.size(), 1u);
  EXPECT_EQ(std::get<ResolveSideEffectJob>(sink.jobs[0]).seq, 2u);
  EXPECT_EQ(ResolvedValue(sink), R"("recorded")");
  // And the marker it issues is the recorded one, so it matches.
  EXPECT_EQ(sink.commands.front().command.record_marker_command_attributes().details().at("data").payloads(0).data(),
            R"("recorded")");
  side_effect.OnCommandEvent(sink.TakeCommand(), sink.upcoming[1], sink);
  EXPECT_EQ(side_effect.state(), State::kMarkerCommandRecorded);
}

TEST(SideEffectMachine, RecordedWhileExecuting) { RecordedWhileExecuting(); }
TEST(SideEffectMachine, ReplayedFromTheRecordedValue) { ReplayedFromTheRecordedValue(); }

TEST(SideEffectMachine, ReplayingWithoutItsMarkerResolvesWithTheWorkflowsValue) {
  RecordingSink sink;
  sink.is_replaying = true;
  sink.upcoming = {SideEffectMarker(5, "1", R"("other")")};
  auto side_effect = NewSideEffect(sink, 2, R"("own")");
  EXPECT_EQ(ResolvedValue(sink), R"("own")");
  EXPECT_EQ(side_effect->state(), State::kMarkerCommandCreated);
}

TEST(SideEffectMachine, WhenNotReplayingTheUpcomingEventsAreNotRead) {
  RecordingSink sink;
  sink.upcoming = {SideEffectMarker(5, "1", R"("stale")")};
  auto side_effect = NewSideEffect(sink, 1, R"("fresh")");
  EXPECT_EQ(ResolvedValue(sink), R"("fresh")");
}

TEST(SideEffectMachineCoverage, TheScenariosExerciseEveryTransition) {
  RecordedWhileExecuting();
  ReplayedFromTheRecordedValue();
  const auto covered = TransitionCoverage::Covered(SideEffectMachine::Names::kMachine);
  for (size_t row = 0; row < std::size(SideEffectMachine::kTransitions); ++row) {
    const auto& t = SideEffectMachine::kTransitions[row];
    EXPECT_TRUE(covered.count(row))
        << "no test exercises " << SideEffectMachine::Names::Name(t.from) << " --"
        << SideEffectMachine::Names::Name(t.trigger) << "--> " << SideEffectMachine::Names::Name(t.to);
  }
}

// The format is the Go SDK's: its own history replays.
TEST(SideEffectMachine, ReplaysTheMarkerOfAGoHistory) {
  const fs::path file = fs::path(TEMPORAL_SHARED_HISTORIES_DIR) / "sdk-go" / "side-effect.json";
  if (!fs::exists(file)) {
    const char* ci = std::getenv("CI");
    if (ci != nullptr && *ci != '\0') FAIL() << "CI needs " << file;
    GTEST_SKIP() << "no replay corpus at " << file;
  }
  const auto history = temporal::replay::LoadHistoryFile(file);
  RecordingSink sink;
  sink.is_replaying = true;
  for (const auto& event : history.events()) {
    if (event.event_type() == enums::EVENT_TYPE_MARKER_RECORDED) sink.upcoming.push_back(event);
  }
  ASSERT_EQ(sink.upcoming.size(), 1u);
  EXPECT_THAT(SideEffectIdOfMarker(sink.upcoming[0]), Optional(int64_t{1}));
  auto side_effect = NewSideEffect(sink, 1, "0");
  EXPECT_EQ(ResolvedValue(sink), "81");
  side_effect->OnCommandEvent(sink.TakeCommand(), sink.upcoming[0], sink);
  EXPECT_EQ(side_effect->state(), State::kMarkerCommandRecorded);
}

TEST(SideEffectMarkers, OnlySideEffectMarkersHaveAnId) {
  EXPECT_THAT(SideEffectIdOfMarker(SideEffectMarker(5, "12", "0")), Optional(int64_t{12}));
  EXPECT_EQ(SideEffectIdOfMarker(SideEffectMarker(5, R"("not a number")", "0")), std::nullopt);
  HistoryEvent mutable_side_effect = SideEffectMarker(5, "1", "0");
  mutable_side_effect.mutable_marker_recorded_event_attributes()->set_marker_name("MutableSideEffect");
  EXPECT_EQ(SideEffectIdOfMarker(mutable_side_effect), std::nullopt);
  HistoryEvent timer;
  timer.set_event_type(enums::EVENT_TYPE_TIMER_STARTED);
  EXPECT_EQ(SideEffectIdOfMarker(timer), std::nullopt);
}

// --- Non-determinism: the message says what history holds, what the code did, where. ---

TEST(SideEffectMachineNonDeterminism, AMarkerForAnotherSideEffect) {
  RecordingSink sink;
  auto side_effect = NewSideEffect(sink, 1, "42");
  try {
    side_effect->OnCommandEvent(sink.TakeCommand(), SideEffectMarker(7, "3", "42"), sink);
    FAIL() << "expected NonDeterminismError";
  } catch (const NonDeterminismError& e) {
    EXPECT_EQ(e.event_id(), 7);
    EXPECT_THAT(e.what(), AllOf(HasSubstr("history event 7"), HasSubstr("MarkerRecorded"),
                                HasSubstr("marker \"SideEffect\""), HasSubstr("recorded side effect 1"),
                                HasSubstr("is for side effect 3"), HasSubstr("side_effect_machine_test.cc:")));
  }
  EXPECT_EQ(side_effect->state(), State::kMarkerCommandCreated);
}

TEST(SideEffectMachineNonDeterminism, ReplayingWithoutItsMarker) {
  // The history's marker at this point is side effect 1's; the code's is 2's.
  RecordingSink sink;
  sink.is_replaying = true;
  sink.upcoming = {SideEffectMarker(5, "1", "0")};
  auto side_effect = NewSideEffect(sink, 2, "0");
  EXPECT_THAT([&] { side_effect->OnCommandEvent(sink.TakeCommand(), sink.upcoming[0], sink); },
              ::testing::ThrowsMessage<NonDeterminismError>(
                  AllOf(HasSubstr("history event 5"), HasSubstr("recorded side effect 2"),
                        HasSubstr("is for side effect 1"))));
}

TEST(SideEffectMachineNonDeterminism, AMarkerThatIsNotASideEffect) {
  RecordingSink sink;
  auto side_effect = NewSideEffect(sink, 1, "42");
  HistoryEvent patch = SideEffectMarker(8, "1", "42");
  patch.mutable_marker_recorded_event_attributes()->set_marker_name("core_patch");
  EXPECT_THAT([&] { side_effect->OnCommandEvent(sink.TakeCommand(), patch, sink); },
              ::testing::ThrowsMessage<NonDeterminismError>(
                  AllOf(HasSubstr("history event 8"), HasSubstr("marker \"core_patch\""),
                        HasSubstr("not a side effect"), HasSubstr("side_effect_machine_test.cc:"))));
}

TEST(SideEffectMachineNonDeterminism, NoEventFollowsASideEffectMarker) {
  RecordingSink sink;
  auto side_effect = NewSideEffect(sink, 1, "42");
  EXPECT_THAT([&] { side_effect->OnEvent(SideEffectMarker(9, "1", "42"), sink); },
              ::testing::ThrowsMessage<NonDeterminismError>(
                  AllOf(HasSubstr("history event 9"),
                        HasSubstr("in state MarkerCommandCreated, where no event follows"))));
}

}  // namespace
