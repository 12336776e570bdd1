// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/machines/upsert_search_attributes_machine.h"

#include <algorithm>
#include <vector>

namespace temporal::workflow_internal::machines {
namespace {
namespace enums = temporal::api::enums::v1;
using temporal::api::command::v1::Command;
using temporal::api::history::v1::HistoryEvent;
}  // namespace

std::string_view UpsertSearchAttributesMachine::Names::Name(State state) {
  switch (state) {
    case State::kCreated: return "Created";
    case State::kCommandIssued: return "CommandIssued";
    case State::kDone: return "Done";
  }
  return "?";
}

std::string_view UpsertSearchAttributesMachine::Names::Name(Trigger trigger) {
  switch (trigger) {
    case Trigger::kCommandScheduled: return "CommandScheduled";
    case Trigger::kCommandRecorded: return "CommandRecorded";
  }
  return "?";
}

UpsertSearchAttributesMachine::UpsertSearchAttributesMachine(UpsertSearchAttributesCommand command,
                                                             std::source_location where)
    : CommandMachine(where),
      command_(std::move(command)),
      machine_(kTransitions, State::kCreated) {}

std::string UpsertSearchAttributesMachine::Describe() const {
  // The keys, sorted (the map's order is unspecified), for error messages.
  std::vector<std::string> keys;
  for (const auto& [key, value] : command_.search_attributes.indexed_fields()) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  std::string text = "search attribute upsert (";
  for (size_t i = 0; i < keys.size(); ++i) text += (i ? ", " : "") + keys[i];
  return text + ")";
}

void UpsertSearchAttributesMachine::Schedule(MachineSink& sink) {
  machine_.Apply(Trigger::kCommandScheduled);
  Command upsert;
  upsert.set_command_type(enums::COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES);
  *upsert.mutable_upsert_workflow_search_attributes_command_attributes()
       ->mutable_search_attributes() = command_.search_attributes;
  sink.PushCommand(*this, std::move(upsert));
}

void UpsertSearchAttributesMachine::OnCommandEvent(const Command&, const HistoryEvent& event,
                                                   MachineSink&) {
  if (event.event_type() != enums::EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES) {
    Mismatch(event, "the workflow issued a " + Describe());
  }
  if (!machine_.CanApply(Trigger::kCommandRecorded)) {
    Mismatch(event, "the workflow's " + Describe() + " is in state " +
                        std::string(Names::Name(machine_.state())) +
                        ", where it cannot be recorded");
  }
  machine_.Apply(Trigger::kCommandRecorded);
}

void UpsertSearchAttributesMachine::OnEvent(const HistoryEvent& event, MachineSink&) {
  Mismatch(event, "the workflow issued a " + Describe() + ", which no later event refers to");
}

}  // namespace temporal::workflow_internal::machines
