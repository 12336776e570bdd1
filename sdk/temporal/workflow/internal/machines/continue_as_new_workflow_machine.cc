// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/machines/continue_as_new_workflow_machine.h"

namespace temporal::workflow_internal::machines {
namespace {
namespace enums = temporal::api::enums::v1;
using temporal::api::command::v1::Command;
using temporal::api::history::v1::HistoryEvent;

constexpr std::string_view kDiffers = "the replayed result differs from the recorded close event: ";

}  // namespace

std::string_view ContinueAsNewWorkflowMachine::Names::Name(State state) {
  switch (state) {
    case State::kCreated: return "Created";
    case State::kContinueAsNewWorkflowCommandCreated: return "ContinueAsNewWorkflowCommandCreated";
    case State::kContinueAsNewWorkflowCommandRecorded:
      return "ContinueAsNewWorkflowCommandRecorded";
  }
  return "?";
}

std::string_view ContinueAsNewWorkflowMachine::Names::Name(Trigger trigger) {
  switch (trigger) {
    case Trigger::kSchedule: return "Schedule";
    case Trigger::kContinueAsNewWorkflowCommand: return "ContinueAsNewWorkflowCommand";
    case Trigger::kWorkflowExecutionContinuedAsNewEvent: return "WorkflowExecutionContinuedAsNew";
  }
  return "?";
}

ContinueAsNewWorkflowMachine::ContinueAsNewWorkflowMachine(ContinueAsNewWorkflowCommand command,
                                                           std::source_location where)
    : CommandMachine(where),
      command_(std::move(command)),
      machine_(kTransitions, State::kCreated) {}

std::string ContinueAsNewWorkflowMachine::Describe() const {
  const std::string& type = command_.attributes.workflow_type().name();
  return type.empty() ? "continue-as-new" : "continue-as-new as " + Quoted(type);
}

std::string ContinueAsNewWorkflowMachine::WhatTheCodeDid() const {
  const auto& attributes = command_.attributes;
  std::string text = "the workflow continued as new";
  if (!attributes.workflow_type().name().empty()) {
    text += " as " + Quoted(attributes.workflow_type().name());
  }
  if (!attributes.task_queue().name().empty()) {
    text += " on task queue " + Quoted(attributes.task_queue().name());
  }
  return text;
}

void ContinueAsNewWorkflowMachine::Schedule(MachineSink& sink) {
  machine_.Apply(Trigger::kSchedule);
  Command continue_as_new;
  continue_as_new.set_command_type(enums::COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION);
  *continue_as_new.mutable_continue_as_new_workflow_execution_command_attributes() =
      command_.attributes;
  sink.PushCommand(*this, std::move(continue_as_new));
}

void ContinueAsNewWorkflowMachine::OnCommandEvent(const Command&, const HistoryEvent& event,
                                                  MachineSink&) {
  if (event.event_type() != enums::EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW) {
    Mismatch(event, std::string(kDiffers) + WhatTheCodeDid());
  }
  const auto& recorded = event.workflow_execution_continued_as_new_event_attributes();
  const auto& issued = command_.attributes;
  if (!issued.workflow_type().name().empty() &&
      issued.workflow_type().name() != recorded.workflow_type().name()) {
    Mismatch(event, std::string(kDiffers) + WhatTheCodeDid() + ", but the history continued as " +
                        Quoted(recorded.workflow_type().name()));
  }
  if (!issued.task_queue().name().empty() &&
      issued.task_queue().name() != recorded.task_queue().name()) {
    Mismatch(event, std::string(kDiffers) + WhatTheCodeDid() +
                        ", but the history continued on task queue " +
                        Quoted(recorded.task_queue().name()));
  }
  if (!machine_.CanApply(Trigger::kContinueAsNewWorkflowCommand)) {
    Mismatch(event,
             std::string(kDiffers) + WhatTheCodeDid() + ", and its continue-as-new is in state " +
                 std::string(Names::Name(machine_.state())) + ", where it cannot be recorded");
  }
  machine_.Apply(Trigger::kContinueAsNewWorkflowCommand);
  machine_.Apply(Trigger::kWorkflowExecutionContinuedAsNewEvent);
}

void ContinueAsNewWorkflowMachine::OnEvent(const HistoryEvent& event, MachineSink&) {
  Mismatch(event, WhatTheCodeDid() + " (state " + std::string(Names::Name(machine_.state())) +
                      "); no event follows a run's close");
}

}  // namespace temporal::workflow_internal::machines
