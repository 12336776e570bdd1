// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/machines/fail_workflow_machine.h"

namespace temporal::workflow_internal::machines {
namespace {
namespace enums = temporal::api::enums::v1;
using temporal::api::command::v1::Command;
using temporal::api::history::v1::HistoryEvent;
}  // namespace

std::string_view FailWorkflowMachine::Names::Name(State state) {
  switch (state) {
    case State::kCreated: return "Created";
    case State::kFailWorkflowCommandCreated: return "FailWorkflowCommandCreated";
    case State::kFailWorkflowCommandRecorded: return "FailWorkflowCommandRecorded";
  }
  return "?";
}

std::string_view FailWorkflowMachine::Names::Name(Trigger trigger) {
  switch (trigger) {
    case Trigger::kSchedule: return "Schedule";
    case Trigger::kFailWorkflowCommand: return "FailWorkflowCommand";
    case Trigger::kWorkflowExecutionFailedEvent: return "WorkflowExecutionFailed";
  }
  return "?";
}

FailWorkflowMachine::FailWorkflowMachine(FailWorkflowCommand command, std::source_location where)
    : CommandMachine(where),
      command_(std::move(command)),
      machine_(kTransitions, State::kCreated) {}

std::string FailWorkflowMachine::Describe() const {
  return "workflow failure \"" + command_.failure.message() + "\"";
}

void FailWorkflowMachine::Schedule(MachineSink& sink) {
  machine_.Apply(Trigger::kSchedule);
  Command fail;
  fail.set_command_type(enums::COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION);
  *fail.mutable_fail_workflow_execution_command_attributes()->mutable_failure() = command_.failure;
  sink.PushCommand(*this, std::move(fail));
}

void FailWorkflowMachine::OnCommandEvent(const Command&, const HistoryEvent& event, MachineSink&) {
  const std::string code_did =
      "the replayed result differs from the recorded close event: the workflow failed (\"" +
      command_.failure.message() + "\")";
  if (event.event_type() != enums::EVENT_TYPE_WORKFLOW_EXECUTION_FAILED) Mismatch(event, code_did);
  if (!machine_.CanApply(Trigger::kFailWorkflowCommand)) {
    Mismatch(event, code_did + ", and its failure is in state " +
                        std::string(Names::Name(machine_.state())) +
                        ", where it cannot be recorded");
  }
  machine_.Apply(Trigger::kFailWorkflowCommand);
  machine_.Apply(Trigger::kWorkflowExecutionFailedEvent);
}

void FailWorkflowMachine::OnEvent(const HistoryEvent& event, MachineSink&) {
  Mismatch(event, "the workflow failed (state " + std::string(Names::Name(machine_.state())) +
                      "); no event follows a run's failure");
}

}  // namespace temporal::workflow_internal::machines
