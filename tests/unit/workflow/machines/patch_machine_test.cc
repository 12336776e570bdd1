// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// PatchMachine: every transition of its table, the marker in sdk-core's
// format, both marker formats read back (including a history recorded by
// an older Rust-core SDK), and the non-determinism it must detect.
#include "temporal/workflow/internal/machines/patch_machine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "recording_sink.h"
#include "temporal/replay/history_loader.h"
#include "temporal/workflow/nondeterminism_error.h"

namespace {

namespace fs = std::filesystem;
namespace enums = temporal::api::enums::v1;
using temporal::NonDeterminismError;
using temporal::api::command::v1::Command;
using temporal::api::common::v1::Payload;
using temporal::api::history::v1::HistoryEvent;
using temporal::workflow_internal::machines::IsDeprecatedPatchMarker;
using temporal::workflow_internal::machines::IsPatchMarker;
using temporal::workflow_internal::machines::ParsePatchMarker;
using temporal::workflow_internal::machines::PatchIdOfCommand;
using temporal::workflow_internal::machines::PatchIdOfMarker;
using temporal::workflow_internal::machines::PatchMachine;
using temporal::workflow_internal::machines::PatchMarkerMayBeUnclaimed;
using temporal::workflow_internal::machines::TransitionCoverage;
using temporal::workflow_internal::machines::testing::RecordingSink;
using State = PatchMachine::State;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Optional;

Payload MakePayload(const std::string& encoding, const std::string& data) {
  Payload payload;
  (*payload.mutable_metadata())["encoding"] = encoding;
  payload.set_data(data);
  return payload;
}

HistoryEvent Marker(int64_t id, const std::string& name) {
  HistoryEvent event;
  event.set_event_id(id);
  event.set_event_type(enums::EVENT_TYPE_MARKER_RECORDED);
  event.mutable_marker_recorded_event_attributes()->set_marker_name(name);
  event.mutable_marker_recorded_event_attributes()->set_workflow_task_completed_event_id(id - 1);
  return event;
}

void AddDetail(HistoryEvent& event, const std::string& key, const Payload& payload) {
  *(*event.mutable_marker_recorded_event_attributes()->mutable_details())[key].add_payloads() = payload;
}

// The marker today's Rust-core SDKs record.
HistoryEvent PatchMarker(int64_t id, const std::string& patch_id, bool deprecated = false) {
  HistoryEvent event = Marker(id, "core_patch");
  AddDetail(event, "patch-data",
            MakePayload("json/plain", R"({"id":")" + patch_id + R"(","deprecated":)" +
                                          (deprecated ? "true" : "false") + "}"));
  return event;
}

// The marker older Rust-core SDKs recorded (old_change_marker_format.bin).
HistoryEvent LegacyPatchMarker(int64_t id, const std::string& patch_id, bool deprecated = false) {
  HistoryEvent event = Marker(id, "core_patch");
  AddDetail(event, "patch_id", MakePayload("binary/plain", patch_id));
  AddDetail(event, "deprecated", MakePayload("binary/plain", std::string(1, deprecated ? '\1' : '\0')));
  return event;
}

std::unique_ptr<PatchMachine> NewPatch(RecordingSink& sink, const std::string& patch_id = "fix-1",
                                       bool deprecated = false) {
  auto patch = std::make_unique<PatchMachine>(patch_id, deprecated, std::source_location::current());
  patch->Schedule(sink);
  return patch;
}

// --- Scenarios (each a test below, and all together in the coverage test). ---

void PatchedWhileExecuting() {
  RecordingSink sink;
  auto owner = NewPatch(sink);
  PatchMachine& patch = *owner;
  EXPECT_EQ(patch.state(), State::kMarkerCommandCreated);
  ASSERT_EQ(sink.commands.size(), 1u);
  const Command& record = sink.commands.front().command;
  EXPECT_EQ(record.command_type(), enums::COMMAND_TYPE_RECORD_MARKER);
  const auto& attributes = record.record_marker_command_attributes();
  EXPECT_EQ(attributes.marker_name(), "core_patch");
  ASSERT_EQ(attributes.details_size(), 1);
  const auto& data = attributes.details().at("patch-data");
  ASSERT_EQ(data.payloads_size(), 1);
  EXPECT_EQ(data.payloads(0).metadata().at("encoding"), "json/plain");
  EXPECT_EQ(data.payloads(0).data(), R"({"id":"fix-1","deprecated":false})");
  EXPECT_FALSE(patch.MayBeAbsentFromHistory(record));
  EXPECT_THAT(PatchIdOfCommand(record), Optional(std::string("fix-1")));

  patch.OnCommandEvent(sink.TakeCommand(), PatchMarker(5, "fix-1"), sink);
  EXPECT_EQ(patch.state(), State::kMarkerCommandRecorded);
  EXPECT_TRUE(sink.jobs.empty());  // Patched() was answered by the runtime
}

void PatchedWhileReplayingAHistoryOfAnOlderCore() {
  RecordingSink sink;
  sink.is_replaying = true;
  auto owner = NewPatch(sink);
  PatchMachine& patch = *owner;
  EXPECT_EQ(patch.state(), State::kMarkerCommandCreatedReplaying);
  patch.OnCommandEvent(sink.TakeCommand(), LegacyPatchMarker(5, "fix-1"), sink);
  EXPECT_EQ(patch.state(), State::kMarkerCommandRecorded);
  EXPECT_TRUE(sink.jobs.empty());
}

void DeprecatedPatch() {
  RecordingSink sink;
  auto owner = NewPatch(sink, "fix-1", /*deprecated=*/true);
  PatchMachine& patch = *owner;
  ASSERT_EQ(sink.commands.size(), 1u);
  const Command& record = sink.commands.front().command;
  EXPECT_EQ(record.record_marker_command_attributes().details().at("patch-data").payloads(0).data(),
            R"({"id":"fix-1","deprecated":true})");
  // Histories recorded before the patch existed have no marker for it.
  EXPECT_TRUE(patch.MayBeAbsentFromHistory(record));
  patch.OnCommandEvent(sink.TakeCommand(), PatchMarker(5, "fix-1", /*deprecated=*/true), sink);
  EXPECT_EQ(patch.state(), State::kMarkerCommandRecorded);
}

TEST(PatchMachine, PatchedWhileExecuting) { PatchedWhileExecuting(); }
TEST(PatchMachine, PatchedWhileReplayingAHistoryOfAnOlderCore) { PatchedWhileReplayingAHistoryOfAnOlderCore(); }
TEST(PatchMachine, DeprecatedPatch) { DeprecatedPatch(); }

TEST(PatchMachine, AMarkerOfTheNonDeprecatedCallMatchesTheDeprecatedOne) {
  // Patched("fix-1") recorded the marker; the code now calls DeprecatePatch("fix-1").
  RecordingSink sink;
  sink.is_replaying = true;
  auto patch = NewPatch(sink, "fix-1", /*deprecated=*/true);
  patch->OnCommandEvent(sink.TakeCommand(), PatchMarker(5, "fix-1", /*deprecated=*/false), sink);
  EXPECT_EQ(patch->state(), State::kMarkerCommandRecorded);
}

TEST(PatchMachineCoverage, TheScenariosExerciseEveryTransition) {
  PatchedWhileExecuting();
  PatchedWhileReplayingAHistoryOfAnOlderCore();
  DeprecatedPatch();
  const auto covered = TransitionCoverage::Covered(PatchMachine::Names::kMachine);
  for (size_t row = 0; row < std::size(PatchMachine::kTransitions); ++row) {
    const auto& t = PatchMachine::kTransitions[row];
    EXPECT_TRUE(covered.count(row))
        << "no test exercises " << PatchMachine::Names::Name(t.from) << " --"
        << PatchMachine::Names::Name(t.trigger) << "--> " << PatchMachine::Names::Name(t.to);
  }
}

// --- Recognizing patch markers in history. ---

TEST(PatchMarkers, BothFormatsAreRecognized) {
  EXPECT_THAT(PatchIdOfMarker(PatchMarker(5, "fix-1")), Optional(std::string("fix-1")));
  EXPECT_THAT(PatchIdOfMarker(LegacyPatchMarker(5, "fix-1")), Optional(std::string("fix-1")));
  EXPECT_TRUE(IsPatchMarker(PatchMarker(5, "fix-1")));
  EXPECT_TRUE(IsPatchMarker(LegacyPatchMarker(5, "fix-1")));
  EXPECT_FALSE(IsDeprecatedPatchMarker(PatchMarker(5, "fix-1")));
  EXPECT_FALSE(IsDeprecatedPatchMarker(LegacyPatchMarker(5, "fix-1")));
  EXPECT_TRUE(IsDeprecatedPatchMarker(PatchMarker(5, "fix-1", true)));
  EXPECT_TRUE(IsDeprecatedPatchMarker(LegacyPatchMarker(5, "fix-1", true)));
}

TEST(PatchMarkers, WhatTheMachineRecordsReadsBack) {
  RecordingSink sink;
  auto patch = NewPatch(sink, "quote \" and slash \\ in the id", /*deprecated=*/true);
  HistoryEvent event = Marker(5, "core_patch");
  *event.mutable_marker_recorded_event_attributes()->mutable_details() =
      sink.commands.front().command.record_marker_command_attributes().details();
  const auto marker = ParsePatchMarker(event);
  ASSERT_TRUE(marker.has_value());
  EXPECT_EQ(marker->patch_id, "quote \" and slash \\ in the id");
  EXPECT_TRUE(marker->deprecated);
}

TEST(PatchMarkers, OtherEventsAndMarkersAreNotPatchMarkers) {
  HistoryEvent timer;
  timer.set_event_id(5);
  timer.set_event_type(enums::EVENT_TYPE_TIMER_STARTED);
  timer.mutable_timer_started_event_attributes()->set_timer_id("1");
  EXPECT_FALSE(IsPatchMarker(timer));

  HistoryEvent side_effect = Marker(5, "SideEffect");
  AddDetail(side_effect, "side-effect-id", MakePayload("json/plain", "1"));
  EXPECT_FALSE(IsPatchMarker(side_effect));

  HistoryEvent go_version_without_version = Marker(5, "Version");
  AddDetail(go_version_without_version, "change-id", MakePayload("json/plain", R"("fix-1")"));
  EXPECT_EQ(PatchIdOfMarker(go_version_without_version), std::nullopt);

  HistoryEvent unreadable = Marker(5, "core_patch");
  AddDetail(unreadable, "patch-data", MakePayload("json/plain", "{not json"));
  EXPECT_FALSE(IsPatchMarker(unreadable));

  HistoryEvent legacy_without_deprecated = Marker(5, "core_patch");
  AddDetail(legacy_without_deprecated, "patch_id", MakePayload("binary/plain", "fix-1"));
  EXPECT_FALSE(IsPatchMarker(legacy_without_deprecated));

  Command timer_command;
  timer_command.set_command_type(enums::COMMAND_TYPE_START_TIMER);
  EXPECT_EQ(PatchIdOfCommand(timer_command), std::nullopt);
}

// The old format as an older Rust-core SDK wrote it, read from its history.
TEST(PatchMarkers, ReadsTheOldFormatFromARecordedHistory) {
  const fs::path file = fs::path(TEMPORAL_SHARED_HISTORIES_DIR) / "sdk-core" / "old_change_marker_format.bin";
  if (!fs::exists(file)) {
    const char* ci = std::getenv("CI");
    if (ci != nullptr && *ci != '\0') FAIL() << "CI needs " << file;
    GTEST_SKIP() << "no replay corpus at " << file;
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const auto from_bytes = temporal::replay::HistoryFromBinary(bytes.str());
  const auto history = temporal::replay::LoadHistoryFile(file);
  ASSERT_EQ(from_bytes.events_size(), history.events_size());

  int markers = 0;
  for (const auto& event : history.events()) {
    if (event.event_type() != enums::EVENT_TYPE_MARKER_RECORDED) {
      EXPECT_FALSE(IsPatchMarker(event)) << "event " << event.event_id();
      continue;
    }
    ++markers;
    // The old format: binary/plain "patch_id" and "deprecated", no "patch-data".
    const auto& details = event.marker_recorded_event_attributes().details();
    EXPECT_EQ(event.marker_recorded_event_attributes().marker_name(), "core_patch");
    EXPECT_TRUE(details.contains("patch_id"));
    EXPECT_TRUE(details.contains("deprecated"));
    EXPECT_FALSE(details.contains("patch-data"));
    EXPECT_THAT(PatchIdOfMarker(event), Optional(std::string("integ_test_change_name")));
    EXPECT_FALSE(IsDeprecatedPatchMarker(event));

    // And the machine of the same Patched() call matches it on replay.
    RecordingSink sink;
    sink.is_replaying = true;
    auto patch = NewPatch(sink, "integ_test_change_name");
    patch->OnCommandEvent(sink.TakeCommand(), event, sink);
    EXPECT_EQ(patch->state(), State::kMarkerCommandRecorded);
  }
  EXPECT_EQ(markers, 1);
}

// --- The Go SDK's GetVersion marker (docs/adr/0010). ---

// As Go's default data converter writes it: json/plain change id and version.
HistoryEvent GoVersionMarker(int64_t id, const std::string& change_id, int64_t version) {
  HistoryEvent event = Marker(id, "Version");
  AddDetail(event, "change-id", MakePayload("json/plain", "\"" + change_id + "\""));
  AddDetail(event, "version", MakePayload("json/plain", std::to_string(version)));
  return event;
}

TEST(GoVersionMarkers, AreReadAsPatchMarkersThatMayBeUnclaimed) {
  const auto marker = ParsePatchMarker(GoVersionMarker(5, "test-change", 1));
  ASSERT_TRUE(marker.has_value());
  EXPECT_EQ(marker->patch_id, "test-change");
  EXPECT_FALSE(marker->deprecated);
  EXPECT_THAT(marker->go_version, Optional(int64_t{1}));
  // Go never checks its markers against the code: one no Patched() call
  // asks for replays, like a deprecated patch's.
  EXPECT_TRUE(PatchMarkerMayBeUnclaimed(GoVersionMarker(5, "test-change", 1)));
  EXPECT_TRUE(PatchMarkerMayBeUnclaimed(PatchMarker(5, "fix-1", /*deprecated=*/true)));
  EXPECT_FALSE(PatchMarkerMayBeUnclaimed(PatchMarker(5, "fix-1")));
  EXPECT_FALSE(PatchMarkerMayBeUnclaimed(LegacyPatchMarker(5, "fix-1")));

  // Newer Go SDKs add "version-search-attribute-updated"; it changes nothing here.
  HistoryEvent without_upsert = GoVersionMarker(5, "test-change", 1);
  AddDetail(without_upsert, "version-search-attribute-updated", MakePayload("json/plain", "false"));
  EXPECT_THAT(PatchIdOfMarker(without_upsert), Optional(std::string("test-change")));
}

TEST(GoVersionMarkers, UnreadableOnesAreNotPatchMarkers) {
  HistoryEvent not_json = Marker(5, "Version");  // e.g. a Go data converter with a codec
  AddDetail(not_json, "change-id", MakePayload("binary/encrypted", "\x01\x02"));
  AddDetail(not_json, "version", MakePayload("json/plain", "1"));
  EXPECT_FALSE(IsPatchMarker(not_json));

  HistoryEvent version_not_a_number = Marker(5, "Version");
  AddDetail(version_not_a_number, "change-id", MakePayload("json/plain", R"("fix-1")"));
  AddDetail(version_not_a_number, "version", MakePayload("json/plain", R"("1")"));
  EXPECT_FALSE(IsPatchMarker(version_not_a_number));
}

TEST(GoVersionMarkers, Version1IsTheMarkerOfPatched) {
  RecordingSink sink;
  sink.is_replaying = true;
  auto patch = NewPatch(sink, "test-change");
  patch->OnCommandEvent(sink.TakeCommand(), GoVersionMarker(5, "test-change", 1), sink);
  EXPECT_EQ(patch->state(), State::kMarkerCommandRecorded);
}

TEST(GoVersionMarkers, AnotherVersionIsNonDeterminism) {
  RecordingSink sink;
  sink.is_replaying = true;
  auto patch = NewPatch(sink, "test-change");
  EXPECT_THAT(
      [&] {
        patch->OnCommandEvent(sink.TakeCommand(), GoVersionMarker(5, "test-change", 2), sink);
      },
      ::testing::ThrowsMessage<NonDeterminismError>(AllOf(
          HasSubstr("history event 5"), HasSubstr("marker \"Version\""),
          HasSubstr("checked patch \"test-change\""), HasSubstr("GetVersion marker with version 2"),
          HasSubstr("patch_machine_test.cc:"))));
  EXPECT_EQ(patch->state(), State::kMarkerCommandCreatedReplaying);
}

TEST(GoVersionMarkers, AMarkerOfAnotherChange) {
  RecordingSink sink;
  sink.is_replaying = true;
  auto patch = NewPatch(sink, "test-change");
  EXPECT_THAT(
      [&] {
        patch->OnCommandEvent(sink.TakeCommand(), GoVersionMarker(5, "other-change", 1), sink);
      },
      ::testing::ThrowsMessage<NonDeterminismError>(HasSubstr("is for patch \"other-change\"")));
}

// --- Non-determinism: the message says what history holds, what the code did, where. ---

TEST(PatchMachineNonDeterminism, AMarkerForAnotherPatch) {
  RecordingSink sink;
  sink.is_replaying = true;
  auto patch = NewPatch(sink, "fix-1");
  try {
    patch->OnCommandEvent(sink.TakeCommand(), PatchMarker(7, "fix-2"), sink);
    FAIL() << "expected NonDeterminismError";
  } catch (const NonDeterminismError& e) {
    EXPECT_EQ(e.event_id(), 7);
    EXPECT_THAT(e.what(), AllOf(HasSubstr("history event 7"), HasSubstr("MarkerRecorded"),
                                HasSubstr("marker \"core_patch\""), HasSubstr("checked patch \"fix-1\""),
                                HasSubstr("is for patch \"fix-2\""), HasSubstr("patch_machine_test.cc:")));
  }
  EXPECT_EQ(patch->state(), State::kMarkerCommandCreatedReplaying);
}

TEST(PatchMachineNonDeterminism, AnOldFormatMarkerForAnotherPatch) {
  RecordingSink sink;
  sink.is_replaying = true;
  auto patch = NewPatch(sink, "fix-1", /*deprecated=*/true);
  EXPECT_THAT([&] { patch->OnCommandEvent(sink.TakeCommand(), LegacyPatchMarker(6, "fix-2"), sink); },
              ::testing::ThrowsMessage<NonDeterminismError>(
                  AllOf(HasSubstr("history event 6"), HasSubstr("deprecated patch \"fix-1\""),
                        HasSubstr("is for patch \"fix-2\""))));
}

TEST(PatchMachineNonDeterminism, AMarkerThatIsNotAPatchMarker) {
  RecordingSink sink;
  auto patch = NewPatch(sink, "fix-1");
  HistoryEvent side_effect = Marker(8, "SideEffect");
  AddDetail(side_effect, "side-effect-id", MakePayload("json/plain", "1"));
  EXPECT_THAT([&] { patch->OnCommandEvent(sink.TakeCommand(), side_effect, sink); },
              ::testing::ThrowsMessage<NonDeterminismError>(
                  AllOf(HasSubstr("history event 8"), HasSubstr("marker \"SideEffect\""),
                        HasSubstr("not a patch marker"), HasSubstr("patch_machine_test.cc:"))));
}

TEST(PatchMachineNonDeterminism, NoEventFollowsAPatchMarker) {
  RecordingSink sink;
  auto patch = NewPatch(sink, "fix-1");
  patch->OnCommandEvent(sink.TakeCommand(), PatchMarker(5, "fix-1"), sink);
  EXPECT_THAT([&] { patch->OnEvent(PatchMarker(9, "fix-1"), sink); },
              ::testing::ThrowsMessage<NonDeterminismError>(
                  AllOf(HasSubstr("history event 9"),
                        HasSubstr("in state MarkerCommandRecorded, where no event follows"))));
}

}  // namespace
