// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// TimerMachine: one durable timer, from the workflow's StartTimer command to
// TimerFired, or to its cancellation. The transitions are sdk-core's, so a
// history recorded by any Rust-core SDK replays the same way here.
//
//   TimerMachine timer("1", std::chrono::seconds(30), std::source_location::current());
//   send(timer.start_command());                 // StartTimer
//   timer.MatchCommandEvent(timer_started);      // replay: history holds TimerStarted "1"
//   if (timer.HandleEvent(timer_fired)) wake_the_sleeper();
#ifndef TEMPORAL_WORKFLOW_INTERNAL_MACHINES_TIMER_MACHINE_H_
#define TEMPORAL_WORKFLOW_INTERNAL_MACHINES_TIMER_MACHINE_H_

#include <optional>
#include <source_location>
#include <string>
#include <string_view>

#include "temporal/api/command/v1/message.pb.h"
#include "temporal/api/history/v1/message.pb.h"
#include "temporal/common/duration.h"
#include "temporal/workflow/internal/machines/transition_table.h"

namespace temporal::workflow_internal::machines {

class TimerMachine {
 public:
  enum class State {
    kCreated,
    kStartCommandCreated,        // StartTimer issued, not yet in history
    kStartCommandRecorded,       // TimerStarted is in history; waiting to fire
    kCancelTimerCommandCreated,  // canceled after it started: CancelTimer issued
    kCancelTimerCommandSent,     // CancelTimer matched; waiting for TimerCanceled
    kFired,
    kCanceled,
  };
  enum class Trigger {
    kSchedule,
    kStartTimerCommand,   // the StartTimer command was matched with its event
    kTimerStartedEvent,
    kCancel,              // the workflow canceled the timer
    kTimerFiredEvent,
    kCancelTimerCommand,  // the CancelTimer command was matched with its event
    kTimerCanceledEvent,
  };

  // Every legal transition of a timer.
  static constexpr Transition<State, Trigger> kTransitions[] = {
      {State::kCreated, Trigger::kSchedule, State::kStartCommandCreated},
      {State::kStartCommandCreated, Trigger::kStartTimerCommand, State::kStartCommandCreated},
      {State::kStartCommandCreated, Trigger::kTimerStartedEvent, State::kStartCommandRecorded},
      {State::kStartCommandCreated, Trigger::kCancel, State::kCanceled},
      {State::kStartCommandRecorded, Trigger::kTimerFiredEvent, State::kFired},
      {State::kStartCommandRecorded, Trigger::kCancel, State::kCancelTimerCommandCreated},
      {State::kCancelTimerCommandCreated, Trigger::kCancel, State::kCancelTimerCommandCreated},
      {State::kCancelTimerCommandCreated, Trigger::kCancelTimerCommand,
       State::kCancelTimerCommandSent},
      {State::kCancelTimerCommandSent, Trigger::kTimerCanceledEvent, State::kCanceled},
      // A cancel after the timer resolved changes nothing.
      {State::kCanceled, Trigger::kCancel, State::kCanceled},
      {State::kFired, Trigger::kCancel, State::kFired},
  };

  struct Names {
    static constexpr std::string_view kMachine = "TimerMachine";
    static std::string_view Name(State state);
    static std::string_view Name(Trigger trigger);
  };

  // Creating a timer schedules it; start_command() is the StartTimer command.
  TimerMachine(std::string timer_id, Duration duration, std::source_location where);

  const std::string& timer_id() const { return timer_id_; }
  State state() const { return machine_.state(); }
  const temporal::api::command::v1::Command& start_command() const { return start_command_; }

  // MatchCommandEvent pairs this timer's pending command with the command
  // event the history holds next (TimerStarted for StartTimer, TimerCanceled
  // for CancelTimer). Throws NonDeterminismError when the event is not the
  // one this command produces.
  void MatchCommandEvent(const temporal::api::history::v1::HistoryEvent& event);

  // HandleEvent applies TimerFired; returns true when the timer fired (the
  // workflow's sleep resolves). Throws NonDeterminismError for another timer's event.
  bool HandleEvent(const temporal::api::history::v1::HistoryEvent& event);

  // Cancel cancels the timer. Returns the CancelTimer command to issue when
  // the server already started the timer; nothing when it never reached the
  // server (the StartTimer command is dropped) or has already resolved.
  std::optional<temporal::api::command::v1::Command> Cancel();
  // Whether Cancel came before the StartTimer command reached the server.
  bool canceled_before_sent() const { return canceled_before_sent_; }

 private:
  [[noreturn]] void Mismatch(const temporal::api::history::v1::HistoryEvent& event,
                             const std::string& expected) const;

  std::string timer_id_;
  std::source_location where_;
  temporal::api::command::v1::Command start_command_;
  Machine<State, Trigger, Names> machine_;
  bool canceled_before_sent_ = false;
};

}  // namespace temporal::workflow_internal::machines

#endif  // TEMPORAL_WORKFLOW_INTERNAL_MACHINES_TIMER_MACHINE_H_
