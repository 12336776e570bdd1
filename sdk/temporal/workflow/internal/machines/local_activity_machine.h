// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// LocalActivityMachine: one local activity. The worker runs it in-process,
// with no command to the server until it is resolved; its outcome is then
// recorded in a marker, which replay reads back instead of running it
// again. The transitions and the marker are sdk-core's
// (local_activity_state_machine.rs), so histories of the Rust-core SDKs
// replay here and ours replay there: name "core_local_activity", details
// "data" (json: seq, attempt, activity_id, activity_type, complete_time,
// backoff, original_schedule_time) and "result" (the payloads, when it
// completed); a failure or cancellation goes in the marker's failure field.
//
//   LocalActivityMachine la(/*seq=*/1, schedule_command, std::source_location::current());
//   la.Schedule(sink);
//   if (la.needs_execution()) worker.Run(la.command());    // not replaying
//   la.Resolve(sink, result);   // pushes ResolveLocalActivityJob and RecordMarker "core_local_activity"
//   la.OnCommandEvent(record_marker, marker_event, sink);  // the server recorded the marker
//
// While replaying, Schedule reads the marker for this seq among the
// workflow task's upcoming command events: it resolves at once and pushes
// a RecordMarker that the recorded marker then matches. When the marker is
// not there (the activity ran across workflow tasks that recorded other
// events, or the history ends while it ran), the machine waits: the driver
// calls ResolveFromUpcomingMarker at each later replayed workflow task,
// and OnNonReplayWorkflowTask when replay is over, after which it must run.
#ifndef TEMPORAL_WORKFLOW_INTERNAL_MACHINES_LOCAL_ACTIVITY_MACHINE_H_
#define TEMPORAL_WORKFLOW_INTERNAL_MACHINES_LOCAL_ACTIVITY_MACHINE_H_

#include <cstdint>
#include <optional>
#include <source_location>
#include <string>
#include <string_view>

#include "temporal/api/command/v1/message.pb.h"
#include "temporal/api/history/v1/message.pb.h"
#include "temporal/common/duration.h"
#include "temporal/workflow/internal/activation.h"
#include "temporal/workflow/internal/completion.h"
#include "temporal/workflow/internal/machines/command_machine.h"
#include "temporal/workflow/internal/machines/transition_table.h"

namespace temporal::workflow_internal::machines {

inline constexpr std::string_view kLocalActivityMarkerName = "core_local_activity";
inline constexpr std::string_view kLocalActivityDataKey = "data";
inline constexpr std::string_view kLocalActivityResultKey = "result";

// LocalActivityMarkerData: the "data" detail of a local activity marker
// (sdk-core's LocalActivityMarkerData, written as serde's json).
struct LocalActivityMarkerData {
  uint32_t seq = 0;
  uint32_t attempt = 0;
  std::string activity_id;
  std::string activity_type;
  // The workflow time the activity completed at (the workflow task's start
  // time plus its run time); absent for cancellations that did not wait.
  std::optional<Timestamp> complete_time;
  // Set when the attempt failed and the next one waits this long (a timer,
  // then the activity is scheduled again with attempt + 1).
  std::optional<Duration> backoff;
  std::optional<Timestamp> original_schedule_time;
};

// ParseLocalActivityMarker reads the data of a local activity marker event;
// nullopt for any other event, or a marker whose data cannot be read.
std::optional<LocalActivityMarkerData> ParseLocalActivityMarker(
    const temporal::api::history::v1::HistoryEvent& event);

// LocalActivityResult: what the worker reports when it finished running a
// local activity (WorkflowMachines hands it to Resolve).
struct LocalActivityResult {
  // kCompleted: outcome.result. kFailed: outcome.failure (a failure with
  // TimeoutFailureInfo is a timeout). kCanceled: outcome.failure, or empty.
  Resolution outcome;
  uint32_t attempt = 1;
  // The attempt failed and the next one should wait this long: the
  // workflow schedules it again after a timer (ResolveLocalActivityJob's
  // backoff), instead of seeing the failure.
  std::optional<Duration> backoff;
  // The workflow time it completed at: the start time of the workflow task
  // that scheduled it plus its run time.
  std::optional<Timestamp> complete_time;
  // When the first attempt was scheduled; the command's when unset.
  std::optional<Timestamp> original_schedule_time;
};

// LocalActivityCancelRequest: what the worker must do about a local
// activity it runs that the workflow canceled (WorkflowMachines hands these
// out; sdk-core's RequestCancelLocalActivity / AbandonLocalActivity).
struct LocalActivityCancelRequest {
  uint32_t seq = 0;
  // false: ask the running attempt to stop (and stop retrying), and keep
  // waiting for it. true (ActivityCancellationType::kAbandon): stop waiting
  // for it and tell it nothing.
  bool abandon = false;
};

class LocalActivityMachine final : public CommandMachine {
 public:
  enum class State {
    kCreated,
    kRequestSent,                    // the worker runs it; waiting for its result
    kMarkerCommandCreated,           // resolved; the marker is pending
    kResultNotified,                 // the marker command was matched; its event is being checked
    kMarkerCommandRecorded,
    kWaitingMarkerEvent,             // replaying; its marker is not among the upcoming events yet
    kWaitingMarkerEventPreResolved,  // replaying; resolved from the upcoming marker, which is pending
  };
  enum class Trigger {
    kScheduleExecuting,
    kScheduleReplaying,             // no marker for it in the upcoming events
    kScheduleReplayingPreResolved,  // its marker is in the upcoming events
    kHandleResult,                  // the worker's result (Resolve)
    kHandleKnownResult,             // a later workflow task's upcoming events hold its marker
    kCancel,                        // canceled; WaitCancellationCompleted
    kNoWaitCancel,                  // canceled; TryCancel or Abandon
    kStartedNonReplayWorkflowTask,  // replay is over and no marker came: run it
    kRecordMarkerCommand,           // the RecordMarker command was matched with its event
    kMarkerRecordedEvent,
  };

  // Every legal transition of a local activity: sdk-core's, except that a
  // marker is always matched with a pending RecordMarker (ResolveFromUpcomingMarker
  // moves to kWaitingMarkerEventPreResolved, where sdk-core keeps a flag and
  // matches the marker without a command), and that a cancel after the
  // result is known but before the marker is recorded is ignored, as it is
  // once the marker is recorded.
  static constexpr Transition<State, Trigger> kTransitions[] = {
      {State::kCreated, Trigger::kScheduleExecuting, State::kRequestSent},
      {State::kCreated, Trigger::kScheduleReplaying, State::kWaitingMarkerEvent},
      {State::kCreated, Trigger::kScheduleReplayingPreResolved, State::kWaitingMarkerEventPreResolved},
      // Executing.
      {State::kRequestSent, Trigger::kHandleResult, State::kMarkerCommandCreated},
      {State::kRequestSent, Trigger::kCancel, State::kRequestSent},
      {State::kRequestSent, Trigger::kNoWaitCancel, State::kMarkerCommandCreated},
      {State::kMarkerCommandCreated, Trigger::kRecordMarkerCommand, State::kResultNotified},
      {State::kResultNotified, Trigger::kMarkerRecordedEvent, State::kMarkerCommandRecorded},
      // Replaying.
      {State::kWaitingMarkerEvent, Trigger::kHandleKnownResult, State::kWaitingMarkerEventPreResolved},
      {State::kWaitingMarkerEvent, Trigger::kCancel, State::kWaitingMarkerEvent},
      {State::kWaitingMarkerEvent, Trigger::kNoWaitCancel, State::kWaitingMarkerEvent},
      {State::kWaitingMarkerEvent, Trigger::kStartedNonReplayWorkflowTask, State::kRequestSent},
      {State::kWaitingMarkerEventPreResolved, Trigger::kMarkerRecordedEvent, State::kMarkerCommandRecorded},
      {State::kWaitingMarkerEventPreResolved, Trigger::kCancel, State::kWaitingMarkerEventPreResolved},
      {State::kWaitingMarkerEventPreResolved, Trigger::kNoWaitCancel, State::kWaitingMarkerEventPreResolved},
      // Already resolved: cancels and late results change nothing.
      {State::kMarkerCommandCreated, Trigger::kCancel, State::kMarkerCommandCreated},
      {State::kMarkerCommandCreated, Trigger::kNoWaitCancel, State::kMarkerCommandCreated},
      {State::kMarkerCommandCreated, Trigger::kHandleResult, State::kMarkerCommandCreated},
      {State::kMarkerCommandRecorded, Trigger::kCancel, State::kMarkerCommandRecorded},
      {State::kMarkerCommandRecorded, Trigger::kNoWaitCancel, State::kMarkerCommandRecorded},
      {State::kMarkerCommandRecorded, Trigger::kHandleResult, State::kMarkerCommandRecorded},
  };

  struct Names {
    static constexpr std::string_view kMachine = "LocalActivityMachine";
    static std::string_view Name(State state);
    static std::string_view Name(Trigger trigger);
  };

  // What Cancel asks of the worker that runs local activities.
  enum class ExecutorRequest {
    kNone,
    // Cancel the running attempt (or stop retrying it); with
    // WaitCancellationCompleted its result resolves the activity later.
    kRequestCancel,
    // Abandon: stop tracking it without canceling; its result is ignored.
    kAbandon,
  };

  // The workflow's local activity `seq`. Nothing happens until Schedule.
  LocalActivityMachine(uint32_t seq, ScheduleLocalActivityCommand command, std::source_location where);

  uint32_t seq() const { return seq_; }
  const ScheduleLocalActivityCommand& command() const { return command_; }
  State state() const { return machine_.state(); }
  // True while the worker must run it (and has not reported its result):
  // hand command() to the worker once.
  bool needs_execution() const { return machine_.state() == State::kRequestSent; }
  // True while replaying with its marker not seen yet.
  bool waiting_for_marker() const { return machine_.state() == State::kWaitingMarkerEvent; }
  // The workflow time the activity completed at, once resolved (from the
  // worker or the marker): the driver moves workflow time to it, as
  // sdk-core does. Unset for a cancellation that did not wait.
  const std::optional<Timestamp>& complete_time() const { return complete_time_; }

  // Schedule: see the file comment. Throws NonDeterminismError when the
  // upcoming marker for this seq is for another activity type.
  void Schedule(MachineSink& sink);

  // ResolveFromUpcomingMarker: while waiting for the marker, resolves from
  // it when it is among the upcoming command events (the job, and a
  // RecordMarker for it to match). Returns whether it did.
  bool ResolveFromUpcomingMarker(MachineSink& sink);

  // OnNonReplayWorkflowTask: the history had no marker for it; from now on
  // it must run (needs_execution()). No effect in other states.
  void OnNonReplayWorkflowTask();

  // Resolve: the worker's result. Pushes ResolveLocalActivityJob and the
  // RecordMarker command. Ignored once the activity is resolved (a result
  // that arrives after a cancellation that did not wait).
  void Resolve(MachineSink& sink, const LocalActivityResult& result);

  // Cancel, by the command's cancellation type (sdk-core's semantics):
  // TryCancel and Abandon resolve it as canceled at once and record the
  // marker; WaitCancellationCompleted waits for the worker's result. While
  // replaying, the marker decides. Returns what the worker must be told.
  ExecutorRequest Cancel(MachineSink& sink);

  std::string Describe() const override;
  // MarkerRecorded: must be a local activity marker with this seq and
  // activity type, and agree on whether the activity completed.
  void OnCommandEvent(const temporal::api::command::v1::Command& command,
                      const temporal::api::history::v1::HistoryEvent& event,
                      MachineSink& sink) override;
  // No event follows a local activity marker: always NonDeterminismError.
  void OnEvent(const temporal::api::history::v1::HistoryEvent& event, MachineSink& sink) override;

 private:
  const temporal::api::history::v1::HistoryEvent* FindUpcomingMarker(const MachineSink& sink) const;
  void ResolveFromMarker(const temporal::api::history::v1::HistoryEvent& marker, MachineSink& sink);
  void ResolveAndRecord(const LocalActivityResult& result, MachineSink& sink);
  void PushResolveJob(const Resolution& outcome, const LocalActivityMarkerData& data,
                      temporal::api::history::v1::MarkerRecordedEventAttributes marker,
                      MachineSink& sink);

  uint32_t seq_;
  ScheduleLocalActivityCommand command_;
  Machine<State, Trigger, Names> machine_;
  std::optional<Timestamp> complete_time_;
  // How the activity ended, as this run resolved it, to check the marker.
  std::optional<Resolution::Kind> resolved_kind_;
};

}  // namespace temporal::workflow_internal::machines

#endif  // TEMPORAL_WORKFLOW_INTERNAL_MACHINES_LOCAL_ACTIVITY_MACHINE_H_
