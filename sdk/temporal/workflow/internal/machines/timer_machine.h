// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// TimerMachine: one durable timer, from the workflow's StartTimer command to
// TimerFired, or to its cancellation. The transitions are sdk-core's, so a
// history recorded by any Rust-core SDK replays the same way here.
//
//   TimerMachine timer(/*seq=*/1, std::chrono::seconds(30), std::source_location::current());
//   timer.Schedule(sink);                                // StartTimer "1" joins the pending commands
//   timer.OnCommandEvent(start_timer, timer_started, sink);  // history: TimerStarted "1"
//   timer.OnEvent(timer_fired, sink);                    // pushes FireTimerJob{1}
#ifndef TEMPORAL_WORKFLOW_INTERNAL_MACHINES_TIMER_MACHINE_H_
#define TEMPORAL_WORKFLOW_INTERNAL_MACHINES_TIMER_MACHINE_H_

#include <optional>
#include <source_location>
#include <string>
#include <string_view>

#include "temporal/api/command/v1/message.pb.h"
#include "temporal/api/history/v1/message.pb.h"
#include "temporal/common/duration.h"
#include "temporal/workflow/internal/machines/command_machine.h"
#include "temporal/workflow/internal/machines/transition_table.h"

namespace temporal::workflow_internal::machines {

class TimerMachine final : public CommandMachine {
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

  // A timer of the workflow's `seq`-th Sleep; its timer id is the seq, as
  // in the Rust-core SDKs. Nothing is issued until Schedule.
  TimerMachine(uint32_t seq, Duration duration, std::source_location where);

  uint32_t seq() const { return seq_; }
  // The timer id: the seq, or the id the history recorded for this timer
  // (ids are generated, not chosen by workflow code, so a history from an
  // SDK that numbers timers differently replays; see docs/adr/0009).
  const std::string& timer_id() const { return timer_id_; }
  State state() const { return machine_.state(); }

  // Schedule issues the StartTimer command.
  void Schedule(MachineSink& sink);

  // Cancel cancels the timer: a StartTimer not yet in history is withdrawn;
  // a started timer gets a CancelTimer command; a resolved one is left
  // alone. The workflow's await is resolved by the runtime, not by a job.
  void Cancel(MachineSink& sink);
  // Whether Cancel came before the StartTimer command reached the server.
  bool canceled_before_sent() const { return canceled_before_sent_; }

  std::string Describe() const override;
  // TimerStarted for StartTimer, TimerCanceled for CancelTimer.
  void OnCommandEvent(const temporal::api::command::v1::Command& command,
                      const temporal::api::history::v1::HistoryEvent& event,
                      MachineSink& sink) override;
  // TimerFired: pushes FireTimerJob.
  void OnEvent(const temporal::api::history::v1::HistoryEvent& event, MachineSink& sink) override;

 private:
  uint32_t seq_;
  std::string timer_id_;
  Duration duration_;
  Machine<State, Trigger, Names> machine_;
  bool canceled_before_sent_ = false;
};

}  // namespace temporal::workflow_internal::machines

#endif  // TEMPORAL_WORKFLOW_INTERNAL_MACHINES_TIMER_MACHINE_H_
