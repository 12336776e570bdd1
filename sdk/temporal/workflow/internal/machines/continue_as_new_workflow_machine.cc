// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/machines/continue_as_new_workflow_machine.h"

namespace temporal::workflow_internal::machines {

void ContinueAsNewWorkflowTraits::SetAttributes(const Input& input,
                                                temporal::api::command::v1::Command& command) {
  *command.mutable_continue_as_new_workflow_execution_command_attributes() = input.attributes;
}

std::string ContinueAsNewWorkflowTraits::Describe(const Input& input) {
  const std::string& type = input.attributes.workflow_type().name();
  return type.empty() ? "continue-as-new" : "continue-as-new as " + Quoted(type);
}

std::string ContinueAsNewWorkflowTraits::WhatTheCodeDid(const Input& input) {
  const auto& attributes = input.attributes;
  std::string text = "the workflow continued as new";
  if (!attributes.workflow_type().name().empty()) {
    text += " as " + Quoted(attributes.workflow_type().name());
  }
  if (!attributes.task_queue().name().empty()) {
    text += " on task queue " + Quoted(attributes.task_queue().name());
  }
  return text;
}

std::string ContinueAsNewWorkflowTraits::RecordedCloseDiffers(
    const Input& input, const temporal::api::history::v1::HistoryEvent& event) {
  const auto& recorded = event.workflow_execution_continued_as_new_event_attributes();
  const auto& issued = input.attributes;
  if (!issued.workflow_type().name().empty() &&
      issued.workflow_type().name() != recorded.workflow_type().name()) {
    return "the history continued as " + Quoted(recorded.workflow_type().name());
  }
  if (!issued.task_queue().name().empty() && issued.task_queue().name() != recorded.task_queue().name()) {
    return "the history continued on task queue " + Quoted(recorded.task_queue().name());
  }
  return "";
}

}  // namespace temporal::workflow_internal::machines
