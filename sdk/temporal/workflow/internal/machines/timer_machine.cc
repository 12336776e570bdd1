// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/machines/timer_machine.h"

#include "temporal/workflow/nondeterminism_error.h"

namespace temporal::workflow_internal::machines {
namespace {
namespace enums = temporal::api::enums::v1;
using temporal::api::command::v1::Command;
using temporal::api::history::v1::HistoryEvent;
}  // namespace

std::string_view TimerMachine::Names::Name(State state) {
  switch (state) {
    case State::kCreated: return "Created";
    case State::kStartCommandCreated: return "StartCommandCreated";
    case State::kStartCommandRecorded: return "StartCommandRecorded";
    case State::kCancelTimerCommandCreated: return "CancelTimerCommandCreated";
    case State::kCancelTimerCommandSent: return "CancelTimerCommandSent";
    case State::kFired: return "Fired";
    case State::kCanceled: return "Canceled";
  }
  return "?";
}

std::string_view TimerMachine::Names::Name(Trigger trigger) {
  switch (trigger) {
    case Trigger::kSchedule: return "Schedule";
    case Trigger::kStartTimerCommand: return "StartTimerCommand";
    case Trigger::kTimerStartedEvent: return "TimerStarted";
    case Trigger::kCancel: return "Cancel";
    case Trigger::kTimerFiredEvent: return "TimerFired";
    case Trigger::kCancelTimerCommand: return "CancelTimerCommand";
    case Trigger::kTimerCanceledEvent: return "TimerCanceled";
  }
  return "?";
}

TimerMachine::TimerMachine(uint32_t seq, Duration duration, std::source_location where)
    : CommandMachine(where),
      seq_(seq),
      timer_id_(std::to_string(seq)),
      duration_(duration),
      machine_(kTransitions, State::kCreated) {}

std::string TimerMachine::Describe() const { return "timer \"" + timer_id_ + "\""; }

void TimerMachine::Schedule(MachineSink& sink) {
  machine_.Apply(Trigger::kSchedule);
  Command start;
  start.set_command_type(enums::COMMAND_TYPE_START_TIMER);
  auto* attributes = start.mutable_start_timer_command_attributes();
  attributes->set_timer_id(timer_id_);
  *attributes->mutable_start_to_fire_timeout() = ToProto(duration_);
  sink.PushCommand(*this, std::move(start));
}

void TimerMachine::OnCommandEvent(const Command& command, const HistoryEvent& event, MachineSink&) {
  if (command.command_type() == enums::COMMAND_TYPE_START_TIMER) {
    // The recorded id is adopted: it was generated, by this SDK or another.
    timer_id_ = event.timer_started_event_attributes().timer_id();
    machine_.Apply(Trigger::kStartTimerCommand);
    machine_.Apply(Trigger::kTimerStartedEvent);
    return;
  }
  if (event.timer_canceled_event_attributes().timer_id() != timer_id_) {
    Mismatch(event, "the workflow canceled timer \"" + timer_id_ + "\"");
  }
  machine_.Apply(Trigger::kCancelTimerCommand);
  machine_.Apply(Trigger::kTimerCanceledEvent);
}

void TimerMachine::OnEvent(const HistoryEvent& event, MachineSink& sink) {
  if (event.event_type() != enums::EVENT_TYPE_TIMER_FIRED ||
      event.timer_fired_event_attributes().timer_id() != timer_id_) {
    Mismatch(event, "the workflow waits for timer \"" + timer_id_ + "\" to fire");
  }
  if (!machine_.CanApply(Trigger::kTimerFiredEvent)) {
    Mismatch(event, "the workflow's timer \"" + timer_id_ + "\" is in state " +
                        std::string(Names::Name(machine_.state())) + ", where it cannot fire");
  }
  machine_.Apply(Trigger::kTimerFiredEvent);
  sink.PushJob(FireTimerJob{seq_});
}

void TimerMachine::Cancel(MachineSink& sink) {
  const State before = machine_.state();
  machine_.Apply(Trigger::kCancel);
  if (before == State::kStartCommandCreated) {
    canceled_before_sent_ = true;
    sink.DropPendingCommands(*this);
    return;
  }
  if (before != State::kStartCommandRecorded) return;
  Command cancel;
  cancel.set_command_type(enums::COMMAND_TYPE_CANCEL_TIMER);
  cancel.mutable_cancel_timer_command_attributes()->set_timer_id(timer_id_);
  sink.PushCommand(*this, std::move(cancel));
}

}  // namespace temporal::workflow_internal::machines
