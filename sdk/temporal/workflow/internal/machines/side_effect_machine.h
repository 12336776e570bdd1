// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// SideEffectMachine: one SideEffect call. Its value is recorded in a marker
// the first time, and read back from that marker on replay, so the
// workflow's own computation (random, clock, ...) never reaches it twice.
// The Rust-core SDKs have no side effects, so the marker is the Go and
// Java SDKs': name "SideEffect", details "side-effect-id" (the seq as a
// json/plain number) and "data" (the value's payloads).
//
//   SideEffectMachine side_effect(/*seq=*/1, RecordSideEffectCommand{1, value},
//                                 std::source_location::current());
//   side_effect.Schedule(sink);  // pushes ResolveSideEffectJob and RecordMarker "SideEffect"
//   side_effect.OnCommandEvent(record_marker, marker_event, sink);  // history: "SideEffect" id 1
//
// While replaying, Schedule resolves with the payloads of the marker for the
// same id among the workflow task's upcoming command events, and the
// RecordMarker it pushes carries them, so it matches. With no such marker
// the workflow's value is used and the matching reports the difference.
#ifndef TEMPORAL_WORKFLOW_INTERNAL_MACHINES_SIDE_EFFECT_MACHINE_H_
#define TEMPORAL_WORKFLOW_INTERNAL_MACHINES_SIDE_EFFECT_MACHINE_H_

#include <cstdint>
#include <optional>
#include <source_location>
#include <string>
#include <string_view>

#include "temporal/api/command/v1/message.pb.h"
#include "temporal/api/history/v1/message.pb.h"
#include "temporal/workflow/internal/completion.h"
#include "temporal/workflow/internal/machines/command_machine.h"
#include "temporal/workflow/internal/machines/transition_table.h"

namespace temporal::workflow_internal::machines {

inline constexpr std::string_view kSideEffectMarkerName = "SideEffect";
inline constexpr std::string_view kSideEffectIdKey = "side-effect-id";
inline constexpr std::string_view kSideEffectDataKey = "data";

// SideEffectIdOfMarker: the id a "SideEffect" marker event records, or
// nullopt for any other event or an unreadable id.
std::optional<int64_t> SideEffectIdOfMarker(const temporal::api::history::v1::HistoryEvent& event);

class SideEffectMachine final : public CommandMachine {
 public:
  enum class State {
    kCreated,
    kMarkerCommandCreated,  // resolved; the marker is pending
    kNotified,              // the command was matched; its event is being checked
    kMarkerCommandRecorded,
  };
  enum class Trigger {
    kRecordOwnValue,       // not replaying (or no marker to read): the workflow's value
    kReplayRecordedValue,  // replaying: the value the history's marker holds
    kRecordMarkerCommand,  // the RecordMarker command was matched with its event
    kMarkerRecordedEvent,
  };

  // Every legal transition of a side effect.
  static constexpr Transition<State, Trigger> kTransitions[] = {
      {State::kCreated, Trigger::kRecordOwnValue, State::kMarkerCommandCreated},
      {State::kCreated, Trigger::kReplayRecordedValue, State::kMarkerCommandCreated},
      {State::kMarkerCommandCreated, Trigger::kRecordMarkerCommand, State::kNotified},
      {State::kNotified, Trigger::kMarkerRecordedEvent, State::kMarkerCommandRecorded},
  };

  struct Names {
    static constexpr std::string_view kMachine = "SideEffectMachine";
    static std::string_view Name(State state);
    static std::string_view Name(Trigger trigger);
  };

  // The workflow's `seq`-th side effect (counting from 1, as the Go SDK
  // numbers its side-effect ids). Nothing is issued until Schedule.
  SideEffectMachine(uint32_t seq, RecordSideEffectCommand command, std::source_location where);

  uint32_t seq() const { return seq_; }
  State state() const { return machine_.state(); }

  // Schedule resolves the side effect (ResolveSideEffectJob) and issues the
  // RecordMarker command; see the file comment for where the value comes from.
  void Schedule(MachineSink& sink);

  std::string Describe() const override;
  // MarkerRecorded: must be a "SideEffect" marker with the same id.
  void OnCommandEvent(const temporal::api::command::v1::Command& command,
                      const temporal::api::history::v1::HistoryEvent& event,
                      MachineSink& sink) override;
  // No event follows a side-effect marker: always NonDeterminismError.
  void OnEvent(const temporal::api::history::v1::HistoryEvent& event, MachineSink& sink) override;

 private:
  uint32_t seq_;
  RecordSideEffectCommand command_;
  Machine<State, Trigger, Names> machine_;
};

}  // namespace temporal::workflow_internal::machines

#endif  // TEMPORAL_WORKFLOW_INTERNAL_MACHINES_SIDE_EFFECT_MACHINE_H_
