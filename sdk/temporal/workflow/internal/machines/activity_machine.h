// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ActivityMachine: one activity the workflow scheduled, from its
// ScheduleActivityTask command to the ActivityTaskCompleted / Failed /
// TimedOut / Canceled event that resolves it, or to its cancellation. The
// transitions are sdk-core's (activity_state_machine.rs), so a history
// recorded by any Rust-core SDK replays the same way here, and the failures
// the workflow sees have the same shape (an ActivityFailure whose cause is
// what the activity reported).
//
//   ActivityMachine activity(/*seq=*/1, schedule_charge, std::source_location::current());
//   activity.Schedule(sink);                 // ScheduleActivityTask joins the pending commands
//   activity.OnCommandEvent(schedule, scheduled, sink);  // history: ActivityTaskScheduled
//   activity.OnEvent(started, sink);         // nothing for the workflow yet
//   activity.OnEvent(completed, sink);       // pushes ResolveActivityJob{1, kCompleted}
//
// Cancellation follows the command's ActivityCancellationType:
// - before ActivityTaskScheduled is in history, the command is withdrawn and
//   the workflow's await resolves as canceled at once, whatever the type;
// - kTryCancel: RequestCancelActivityTask is issued and the await resolves
//   as canceled at once; whatever the activity does afterwards is ignored;
// - kWaitCancellationCompleted: RequestCancelActivityTask is issued and the
//   await resolves with whatever ends the activity (ActivityTaskCanceled,
//   or its completion, failure or timeout if that comes first);
// - kAbandon: nothing is sent; the await resolves as canceled at once and
//   the activity's later events are ignored.
// A machine pushes at most one ResolveActivityJob.
#ifndef TEMPORAL_WORKFLOW_INTERNAL_MACHINES_ACTIVITY_MACHINE_H_
#define TEMPORAL_WORKFLOW_INTERNAL_MACHINES_ACTIVITY_MACHINE_H_

#include <cstdint>
#include <optional>
#include <source_location>
#include <string>
#include <string_view>

#include "temporal/api/command/v1/message.pb.h"
#include "temporal/api/failure/v1/message.pb.h"
#include "temporal/api/history/v1/message.pb.h"
#include "temporal/workflow/internal/completion.h"
#include "temporal/workflow/internal/machines/command_machine.h"
#include "temporal/workflow/internal/machines/transition_table.h"

namespace temporal::workflow_internal::machines {

class ActivityMachine final : public CommandMachine {
 public:
  enum class State {
    kCreated,
    kScheduleCommandCreated,  // ScheduleActivityTask issued, not yet in history
    kScheduledEventRecorded,  // ActivityTaskScheduled is in history; not started
    kStarted,
    // Canceled after it was scheduled / started: RequestCancelActivityTask
    // issued, not yet in history.
    kScheduledActivityCancelCommandCreated,
    kStartedActivityCancelCommandCreated,
    // ActivityTaskCancelRequested is in history; waiting for the activity
    // to report how it ended.
    kScheduledActivityCancelEventRecorded,
    kStartedActivityCancelEventRecorded,
    kCompleted,
    kFailed,
    kTimedOut,
    kCanceled,
    // Canceled with kAbandon after the server saw it: the activity may
    // still run and report, and nothing it reports matters any more.
    kAbandoned,
  };
  enum class Trigger {
    kSchedule,
    kScheduleActivityTaskCommand,  // the ScheduleActivityTask command was matched with its event
    kActivityTaskScheduledEvent,
    kCancel,   // the workflow canceled it (kTryCancel, kWaitCancellationCompleted)
    kAbandon,  // the workflow canceled it (kAbandon)
    kActivityTaskStartedEvent,
    kActivityTaskCompletedEvent,
    kActivityTaskFailedEvent,
    kActivityTaskTimedOutEvent,
    // the RequestCancelActivityTask command was matched with its event
    kRequestCancelActivityTaskCommand,
    kActivityTaskCancelRequestedEvent,
    kActivityTaskCanceledEvent,
  };

  // Every legal transition of an activity. The rows marked "sdk-core" are
  // sdk-core's table; the others make explicit what sdk-core decides outside
  // its table (a cancel after resolution is ignored) or leaves undefined.
  static constexpr Transition<State, Trigger> kTransitions[] = {
      // sdk-core.
      {State::kCreated, Trigger::kSchedule, State::kScheduleCommandCreated},
      {State::kScheduleCommandCreated, Trigger::kScheduleActivityTaskCommand,
       State::kScheduleCommandCreated},
      {State::kScheduleCommandCreated, Trigger::kActivityTaskScheduledEvent,
       State::kScheduledEventRecorded},
      {State::kScheduleCommandCreated, Trigger::kCancel, State::kCanceled},
      {State::kScheduleCommandCreated, Trigger::kAbandon, State::kCanceled},
      {State::kScheduledEventRecorded, Trigger::kActivityTaskStartedEvent, State::kStarted},
      {State::kScheduledEventRecorded, Trigger::kActivityTaskTimedOutEvent, State::kTimedOut},
      {State::kScheduledEventRecorded, Trigger::kCancel,
       State::kScheduledActivityCancelCommandCreated},
      {State::kScheduledEventRecorded, Trigger::kAbandon, State::kAbandoned},
      {State::kStarted, Trigger::kActivityTaskCompletedEvent, State::kCompleted},
      {State::kStarted, Trigger::kActivityTaskFailedEvent, State::kFailed},
      {State::kStarted, Trigger::kActivityTaskTimedOutEvent, State::kTimedOut},
      {State::kStarted, Trigger::kCancel, State::kStartedActivityCancelCommandCreated},
      {State::kStarted, Trigger::kAbandon, State::kAbandoned},
      {State::kScheduledActivityCancelCommandCreated, Trigger::kRequestCancelActivityTaskCommand,
       State::kScheduledActivityCancelCommandCreated},
      {State::kScheduledActivityCancelCommandCreated, Trigger::kActivityTaskCancelRequestedEvent,
       State::kScheduledActivityCancelEventRecorded},
      {State::kScheduledActivityCancelEventRecorded, Trigger::kActivityTaskCanceledEvent,
       State::kCanceled},
      {State::kScheduledActivityCancelEventRecorded, Trigger::kActivityTaskStartedEvent,
       State::kStartedActivityCancelEventRecorded},
      {State::kScheduledActivityCancelEventRecorded, Trigger::kActivityTaskTimedOutEvent,
       State::kTimedOut},
      {State::kStartedActivityCancelCommandCreated, Trigger::kRequestCancelActivityTaskCommand,
       State::kStartedActivityCancelCommandCreated},
      {State::kStartedActivityCancelCommandCreated, Trigger::kActivityTaskCancelRequestedEvent,
       State::kStartedActivityCancelEventRecorded},
      {State::kStartedActivityCancelEventRecorded, Trigger::kActivityTaskCompletedEvent,
       State::kCompleted},
      {State::kStartedActivityCancelEventRecorded, Trigger::kActivityTaskFailedEvent,
       State::kFailed},
      {State::kStartedActivityCancelEventRecorded, Trigger::kActivityTaskTimedOutEvent,
       State::kTimedOut},
      {State::kStartedActivityCancelEventRecorded, Trigger::kActivityTaskCanceledEvent,
       State::kCanceled},
      // An abandoned activity may go on and report anything (sdk-core
      // accepts only Started and Completed, and fails the task on the rest).
      {State::kAbandoned, Trigger::kActivityTaskStartedEvent, State::kAbandoned},
      {State::kAbandoned, Trigger::kActivityTaskCompletedEvent, State::kAbandoned},
      {State::kAbandoned, Trigger::kActivityTaskFailedEvent, State::kAbandoned},
      {State::kAbandoned, Trigger::kActivityTaskTimedOutEvent, State::kAbandoned},
      {State::kAbandoned, Trigger::kActivityTaskCanceledEvent, State::kAbandoned},
      // The activity ended before the history recorded our cancel request
      // (the request and the end crossed): the end counts (for
      // kWaitCancellationCompleted it resolves the await) and the request,
      // if the history holds it after all, changes nothing.
      {State::kScheduledActivityCancelCommandCreated, Trigger::kActivityTaskStartedEvent,
       State::kStartedActivityCancelCommandCreated},
      {State::kScheduledActivityCancelCommandCreated, Trigger::kActivityTaskTimedOutEvent,
       State::kTimedOut},
      {State::kStartedActivityCancelCommandCreated, Trigger::kActivityTaskCompletedEvent,
       State::kCompleted},
      {State::kStartedActivityCancelCommandCreated, Trigger::kActivityTaskFailedEvent,
       State::kFailed},
      {State::kStartedActivityCancelCommandCreated, Trigger::kActivityTaskTimedOutEvent,
       State::kTimedOut},
      {State::kCompleted, Trigger::kRequestCancelActivityTaskCommand, State::kCompleted},
      {State::kCompleted, Trigger::kActivityTaskCancelRequestedEvent, State::kCompleted},
      {State::kFailed, Trigger::kRequestCancelActivityTaskCommand, State::kFailed},
      {State::kFailed, Trigger::kActivityTaskCancelRequestedEvent, State::kFailed},
      {State::kTimedOut, Trigger::kRequestCancelActivityTaskCommand, State::kTimedOut},
      {State::kTimedOut, Trigger::kActivityTaskCancelRequestedEvent, State::kTimedOut},
      // Canceling again while a cancellation is under way issues nothing more.
      {State::kScheduledActivityCancelCommandCreated, Trigger::kCancel,
       State::kScheduledActivityCancelCommandCreated},
      {State::kScheduledActivityCancelEventRecorded, Trigger::kCancel,
       State::kScheduledActivityCancelEventRecorded},
      {State::kStartedActivityCancelCommandCreated, Trigger::kCancel,
       State::kStartedActivityCancelCommandCreated},
      {State::kStartedActivityCancelEventRecorded, Trigger::kCancel,
       State::kStartedActivityCancelEventRecorded},
      // A cancel after the activity resolved changes nothing.
      {State::kCompleted, Trigger::kCancel, State::kCompleted},
      {State::kFailed, Trigger::kCancel, State::kFailed},
      {State::kTimedOut, Trigger::kCancel, State::kTimedOut},
      {State::kCanceled, Trigger::kCancel, State::kCanceled},
      {State::kCompleted, Trigger::kAbandon, State::kCompleted},
      {State::kFailed, Trigger::kAbandon, State::kFailed},
      {State::kTimedOut, Trigger::kAbandon, State::kTimedOut},
      {State::kCanceled, Trigger::kAbandon, State::kCanceled},
      {State::kAbandoned, Trigger::kAbandon, State::kAbandoned},
  };

  struct Names {
    static constexpr std::string_view kMachine = "ActivityMachine";
    static std::string_view Name(State state);
    static std::string_view Name(Trigger trigger);
  };

  // The activity of the workflow's `seq`-th ExecuteActivity, as `command`
  // describes it. Nothing is issued until Schedule.
  ActivityMachine(uint32_t seq, ScheduleActivityCommand command, std::source_location where);

  uint32_t seq() const { return seq_; }
  // The activity id: the command's, or, when the SDK generated it, the one
  // the history recorded for this activity (another SDK numbers differently).
  const std::string& activity_id() const { return activity_id_; }
  const std::string& activity_type() const { return activity_type_; }
  // The event id of ActivityTaskScheduled, once the history holds it (else 0).
  int64_t scheduled_event_id() const { return scheduled_event_id_; }
  State state() const { return machine_.state(); }

  // Schedule issues the ScheduleActivityTask command.
  void Schedule(MachineSink& sink);

  // Cancel cancels the activity as the command's cancellation type says
  // (see the file comment). A resolved activity is left alone.
  void Cancel(MachineSink& sink);
  // Whether Cancel came before the ScheduleActivityTask command reached the server.
  bool canceled_before_sent() const { return canceled_before_sent_; }

  std::string Describe() const override;
  // ActivityTaskScheduled for ScheduleActivityTask, ActivityTaskCancelRequested
  // for RequestCancelActivityTask.
  void OnCommandEvent(const temporal::api::command::v1::Command& command,
                      const temporal::api::history::v1::HistoryEvent& event,
                      MachineSink& sink) override;
  // ActivityTaskStarted, Completed, Failed, TimedOut, Canceled; the last four
  // push the ResolveActivityJob unless the await was resolved already.
  void OnEvent(const temporal::api::history::v1::HistoryEvent& event, MachineSink& sink) override;
  // A RequestCancelActivityTask issued before the activity ended may be
  // missing from history: the server refuses to cancel an activity that is
  // over, and the await was resolved by the end.
  bool MayBeAbsentFromHistory(const temporal::api::command::v1::Command& command) const override;

 private:
  // The trigger a later event of an activity is; nullopt for any other event.
  static std::optional<Trigger> TriggerOf(const temporal::api::history::v1::HistoryEvent& event);
  void Resolve(Resolution resolution, MachineSink& sink);
  // The failure the workflow sees when the activity failed, timed out, or
  // was canceled: an ActivityFailure around what the history recorded.
  temporal::api::failure::v1::Failure ActivityFailure(
      std::string message, int64_t scheduled_event_id, int64_t started_event_id,
      std::string identity, temporal::api::enums::v1::RetryState retry_state) const;
  Resolution CanceledResolution(
      const temporal::api::history::v1::ActivityTaskCanceledEventAttributes& canceled) const;

  uint32_t seq_;
  // command_.attributes move into the ScheduleActivityTask command at
  // Schedule (a copy would cost an allocation per field on every
  // activity); what the machine compares and reports later is kept apart.
  ScheduleActivityCommand command_;
  std::string activity_type_;
  std::string activity_id_;
  int64_t scheduled_event_id_ = 0;
  Machine<State, Trigger, Names> machine_;
  bool canceled_before_sent_ = false;
  bool resolved_ = false;
};

}  // namespace temporal::workflow_internal::machines

#endif  // TEMPORAL_WORKFLOW_INTERNAL_MACHINES_ACTIVITY_MACHINE_H_
