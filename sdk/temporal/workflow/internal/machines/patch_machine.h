// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// PatchMachine: the marker of one Patched(id) / DeprecatePatch(id) call. The
// runtime decides what Patched() returns (while replaying: true only when the
// history announced the patch with a NotifyHasPatchJob; otherwise true) and
// issues SetPatchMarkerCommand only when it returned true, or always for a
// deprecated patch. The machine records the marker and checks, on replay,
// that the history's marker is for the same patch. The transitions are
// sdk-core's (patch_state_machine.rs), and so is the marker: name
// "core_patch", details {"patch-data": json {"id": ..., "deprecated": ...}}.
// Histories written by older Rust-core SDKs hold the same marker name with
// binary/plain details "patch_id" and "deprecated" (one byte); both read.
// So does the Go SDK's GetVersion marker (name "Version", json/plain details
// "change-id" and "version"): version 1 is the marker of Patched(change-id),
// i.e. of Go's GetVersion(change-id, DefaultVersion, 1); see docs/adr/0010.
//
//   PatchMachine patch("fix-rounding", /*deprecated=*/false, std::source_location::current());
//   patch.Schedule(sink);                                    // RecordMarker "core_patch" is pending
//   patch.OnCommandEvent(record_marker, marker_event, sink);  // history: the marker for "fix-rounding"
//
// The driver uses the free functions below to recognize patch markers in
// history (to announce them, and to skip deprecated markers that no code
// asks for any more).
#ifndef TEMPORAL_WORKFLOW_INTERNAL_MACHINES_PATCH_MACHINE_H_
#define TEMPORAL_WORKFLOW_INTERNAL_MACHINES_PATCH_MACHINE_H_

#include <cstdint>
#include <optional>
#include <source_location>
#include <string>
#include <string_view>

#include "temporal/api/command/v1/message.pb.h"
#include "temporal/api/history/v1/message.pb.h"
#include "temporal/workflow/internal/machines/command_machine.h"
#include "temporal/workflow/internal/machines/transition_table.h"

namespace temporal::workflow_internal::machines {

// The marker name the Rust-core SDKs record patches under.
inline constexpr std::string_view kPatchMarkerName = "core_patch";
// The details key of the current format: json {"id": ..., "deprecated": ...}.
inline constexpr std::string_view kPatchMarkerDataKey = "patch-data";
// The marker the Go SDK's GetVersion records, and its details keys.
inline constexpr std::string_view kGoVersionMarkerName = "Version";
inline constexpr std::string_view kGoVersionChangeIdKey = "change-id";
inline constexpr std::string_view kGoVersionKey = "version";

// PatchMarker: what a patch marker records.
struct PatchMarker {
  std::string patch_id;
  bool deprecated = false;
  // Set for a Go "Version" marker: the version GetVersion returned. Only 1
  // means "patched"; Patched() cannot stand for any other version.
  std::optional<int64_t> go_version;
};

// ParsePatchMarker reads a patch marker (any of the formats), from a history
// event or from the details a RecordMarker command carries; nullopt for any
// other event or marker, or a patch marker whose details cannot be read.
std::optional<PatchMarker> ParsePatchMarker(const temporal::api::history::v1::HistoryEvent& event);
std::optional<PatchMarker> ParsePatchMarker(const temporal::api::command::v1::Command& command);

// PatchIdOfMarker: the patch id of a patch marker event, or nullopt.
std::optional<std::string> PatchIdOfMarker(const temporal::api::history::v1::HistoryEvent& event);
// IsPatchMarker: whether `event` is a patch marker (any format).
bool IsPatchMarker(const temporal::api::history::v1::HistoryEvent& event);
// IsDeprecatedPatchMarker: a patch marker recorded by DeprecatePatch.
bool IsDeprecatedPatchMarker(const temporal::api::history::v1::HistoryEvent& event);
// PatchMarkerMayBeUnclaimed: a patch marker that replays even when no
// Patched() call asks for it: one recorded by DeprecatePatch, or a Go
// "Version" marker (the Go SDK never checks those against the code).
bool PatchMarkerMayBeUnclaimed(const temporal::api::history::v1::HistoryEvent& event);
// PatchIdOfCommand: the patch id of a patch RecordMarker command, or nullopt.
std::optional<std::string> PatchIdOfCommand(const temporal::api::command::v1::Command& command);

class PatchMachine final : public CommandMachine {
 public:
  enum class State {
    kCreated,
    kMarkerCommandCreated,           // the marker is pending; first recorded by this run
    kMarkerCommandCreatedReplaying,  // the marker is pending; the history should hold it
    kNotified,                       // the command was matched; its event is being checked
    kMarkerCommandRecorded,
  };
  enum class Trigger {
    kScheduleExecuting,
    kScheduleReplaying,
    kRecordMarkerCommand,  // the RecordMarker command was matched with its event
    kMarkerRecordedEvent,
  };

  // Every legal transition of a patch marker.
  static constexpr Transition<State, Trigger> kTransitions[] = {
      {State::kCreated, Trigger::kScheduleExecuting, State::kMarkerCommandCreated},
      {State::kCreated, Trigger::kScheduleReplaying, State::kMarkerCommandCreatedReplaying},
      {State::kMarkerCommandCreated, Trigger::kRecordMarkerCommand, State::kNotified},
      {State::kMarkerCommandCreatedReplaying, Trigger::kRecordMarkerCommand, State::kNotified},
      {State::kNotified, Trigger::kMarkerRecordedEvent, State::kMarkerCommandRecorded},
  };

  struct Names {
    static constexpr std::string_view kMachine = "PatchMachine";
    static std::string_view Name(State state);
    static std::string_view Name(Trigger trigger);
  };

  // Nothing is issued until Schedule.
  PatchMachine(std::string patch_id, bool deprecated, std::source_location where);

  const std::string& patch_id() const { return patch_id_; }
  bool deprecated() const { return deprecated_; }
  State state() const { return machine_.state(); }

  // Schedule issues the RecordMarker command with the patch marker.
  void Schedule(MachineSink& sink);

  std::string Describe() const override;
  // MarkerRecorded: must be a patch marker for the same patch id (a Go
  // "Version" marker: of version 1).
  void OnCommandEvent(const temporal::api::command::v1::Command& command,
                      const temporal::api::history::v1::HistoryEvent& event,
                      MachineSink& sink) override;
  // No event follows a patch marker: always NonDeterminismError.
  void OnEvent(const temporal::api::history::v1::HistoryEvent& event, MachineSink& sink) override;
  // A deprecated patch's marker may be missing: histories recorded before
  // the patch existed have none, and DeprecatePatch must replay them too.
  bool MayBeAbsentFromHistory(const temporal::api::command::v1::Command& command) const override;

 private:
  std::string patch_id_;
  bool deprecated_;
  Machine<State, Trigger, Names> machine_;
};

}  // namespace temporal::workflow_internal::machines

#endif  // TEMPORAL_WORKFLOW_INTERNAL_MACHINES_PATCH_MACHINE_H_
