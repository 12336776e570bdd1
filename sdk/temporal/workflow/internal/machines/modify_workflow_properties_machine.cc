// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/machines/modify_workflow_properties_machine.h"

#include <algorithm>
#include <vector>

namespace temporal::workflow_internal::machines {
namespace {
namespace enums = temporal::api::enums::v1;
using temporal::api::command::v1::Command;
using temporal::api::history::v1::HistoryEvent;
}  // namespace

std::string_view ModifyWorkflowPropertiesMachine::Names::Name(State state) {
  switch (state) {
    case State::kCreated: return "Created";
    case State::kCommandIssued: return "CommandIssued";
    case State::kDone: return "Done";
  }
  return "?";
}

std::string_view ModifyWorkflowPropertiesMachine::Names::Name(Trigger trigger) {
  switch (trigger) {
    case Trigger::kCommandScheduled: return "CommandScheduled";
    case Trigger::kCommandRecorded: return "CommandRecorded";
  }
  return "?";
}

ModifyWorkflowPropertiesMachine::ModifyWorkflowPropertiesMachine(
    ModifyWorkflowPropertiesCommand command, std::source_location where)
    : CommandMachine(where),
      command_(std::move(command)),
      machine_(kTransitions, State::kCreated) {}

std::string ModifyWorkflowPropertiesMachine::Describe() const {
  // The keys, sorted (the map's order is unspecified), for error messages.
  std::vector<std::string> keys;
  for (const auto& [key, value] : command_.upserted_memo.fields()) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  std::string text = "memo upsert (";
  for (size_t i = 0; i < keys.size(); ++i) text += (i ? ", " : "") + keys[i];
  return text + ")";
}

void ModifyWorkflowPropertiesMachine::Schedule(MachineSink& sink) {
  machine_.Apply(Trigger::kCommandScheduled);
  Command modify;
  modify.set_command_type(enums::COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES);
  *modify.mutable_modify_workflow_properties_command_attributes()->mutable_upserted_memo() =
      command_.upserted_memo;
  sink.PushCommand(*this, std::move(modify));
}

void ModifyWorkflowPropertiesMachine::OnCommandEvent(const Command&, const HistoryEvent& event,
                                                     MachineSink&) {
  if (event.event_type() != enums::EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED) {
    Mismatch(event, "the workflow issued a " + Describe());
  }
  if (!machine_.CanApply(Trigger::kCommandRecorded)) {
    Mismatch(event, "the workflow's " + Describe() + " is in state " +
                        std::string(Names::Name(machine_.state())) +
                        ", where it cannot be recorded");
  }
  machine_.Apply(Trigger::kCommandRecorded);
}

void ModifyWorkflowPropertiesMachine::OnEvent(const HistoryEvent& event, MachineSink&) {
  Mismatch(event, "the workflow issued a " + Describe() + ", which no later event refers to");
}

}  // namespace temporal::workflow_internal::machines
