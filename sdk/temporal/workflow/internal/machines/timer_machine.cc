// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/machines/timer_machine.h"

#include "temporal/workflow/nondeterminism_error.h"

namespace temporal::workflow_internal::machines {
namespace {
namespace enums = temporal::api::enums::v1;
using temporal::api::history::v1::HistoryEvent;

std::string Describe(const HistoryEvent& event) {
  std::string text = enums::EventType_Name(event.event_type());
  if (event.has_timer_started_event_attributes()) {
    text += ", timer id \"" + event.timer_started_event_attributes().timer_id() + "\"";
  } else if (event.has_timer_fired_event_attributes()) {
    text += ", timer id \"" + event.timer_fired_event_attributes().timer_id() + "\"";
  } else if (event.has_timer_canceled_event_attributes()) {
    text += ", timer id \"" + event.timer_canceled_event_attributes().timer_id() + "\"";
  }
  return text;
}
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

TimerMachine::TimerMachine(std::string timer_id, Duration duration, std::source_location where)
    : timer_id_(std::move(timer_id)), where_(where), machine_(kTransitions, State::kCreated) {
  start_command_.set_command_type(enums::COMMAND_TYPE_START_TIMER);
  auto* attributes = start_command_.mutable_start_timer_command_attributes();
  attributes->set_timer_id(timer_id_);
  *attributes->mutable_start_to_fire_timeout() = ToProto(duration);
  machine_.Apply(Trigger::kSchedule);
}

void TimerMachine::Mismatch(const HistoryEvent& event, const std::string& expected) const {
  throw NonDeterminismError(event.event_id(), Describe(event), expected, FormatLocation(where_));
}

void TimerMachine::MatchCommandEvent(const HistoryEvent& event) {
  if (machine_.state() == State::kStartCommandCreated) {
    if (event.event_type() != enums::EVENT_TYPE_TIMER_STARTED ||
        event.timer_started_event_attributes().timer_id() != timer_id_) {
      Mismatch(event, "the workflow started timer \"" + timer_id_ + "\"");
    }
    machine_.Apply(Trigger::kStartTimerCommand);
    machine_.Apply(Trigger::kTimerStartedEvent);
    return;
  }
  if (machine_.state() == State::kCancelTimerCommandCreated) {
    if (event.event_type() != enums::EVENT_TYPE_TIMER_CANCELED ||
        event.timer_canceled_event_attributes().timer_id() != timer_id_) {
      Mismatch(event, "the workflow canceled timer \"" + timer_id_ + "\"");
    }
    machine_.Apply(Trigger::kCancelTimerCommand);
    machine_.Apply(Trigger::kTimerCanceledEvent);
    return;
  }
  Mismatch(event, "timer \"" + timer_id_ + "\" has no command waiting for an event (state " +
                      std::string(Names::Name(machine_.state())) + ")");
}

bool TimerMachine::HandleEvent(const HistoryEvent& event) {
  if (event.event_type() != enums::EVENT_TYPE_TIMER_FIRED ||
      event.timer_fired_event_attributes().timer_id() != timer_id_) {
    Mismatch(event, "the workflow waits for timer \"" + timer_id_ + "\" to fire");
  }
  try {
    machine_.Apply(Trigger::kTimerFiredEvent);
  } catch (const IllegalTransition& e) {
    Mismatch(event, e.what());
  }
  return true;
}

std::optional<temporal::api::command::v1::Command> TimerMachine::Cancel() {
  const State before = machine_.state();
  machine_.Apply(Trigger::kCancel);
  if (before == State::kStartCommandCreated) canceled_before_sent_ = true;
  if (before != State::kStartCommandRecorded) return std::nullopt;
  temporal::api::command::v1::Command cancel;
  cancel.set_command_type(enums::COMMAND_TYPE_CANCEL_TIMER);
  cancel.mutable_cancel_timer_command_attributes()->set_timer_id(timer_id_);
  return cancel;
}

}  // namespace temporal::workflow_internal::machines
