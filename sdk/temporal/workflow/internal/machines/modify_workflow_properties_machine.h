// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ModifyWorkflowPropertiesMachine: one ModifyWorkflowProperties command (a
// memo upsert), from the workflow's command to the
// WorkflowPropertiesModified event. The transitions are sdk-core's.
//
// On replay only the event's kind and its place in the command order are
// checked, not the memo, as sdk-core and the Go SDK do: the values' bytes
// depend on the converter that wrote them.
//
//   ModifyWorkflowPropertiesMachine modify(ModifyWorkflowPropertiesCommand{memo}, where);
//   modify.Schedule(sink);  // the command is pending
//   modify.OnCommandEvent(command, modified_event, sink);  // WorkflowPropertiesModified
#ifndef TEMPORAL_WORKFLOW_INTERNAL_MACHINES_MODIFY_WORKFLOW_PROPERTIES_MACHINE_H_
#define TEMPORAL_WORKFLOW_INTERNAL_MACHINES_MODIFY_WORKFLOW_PROPERTIES_MACHINE_H_

#include <source_location>
#include <string>
#include <string_view>

#include "temporal/api/command/v1/message.pb.h"
#include "temporal/api/history/v1/message.pb.h"
#include "temporal/workflow/internal/completion.h"
#include "temporal/workflow/internal/machines/command_machine.h"
#include "temporal/workflow/internal/machines/transition_table.h"

namespace temporal::workflow_internal::machines {

class ModifyWorkflowPropertiesMachine final : public CommandMachine {
 public:
  enum class State {
    kCreated,
    kCommandIssued,  // the command is pending, not yet in history
    kDone,           // the history recorded the modification
  };
  enum class Trigger {
    kCommandScheduled,  // Schedule queued the command
    kCommandRecorded,   // the WorkflowPropertiesModified event matched it
  };

  // Every legal transition of a properties modification.
  static constexpr Transition<State, Trigger> kTransitions[] = {
      {State::kCreated, Trigger::kCommandScheduled, State::kCommandIssued},
      {State::kCommandIssued, Trigger::kCommandRecorded, State::kDone},
  };

  struct Names {
    static constexpr std::string_view kMachine = "ModifyWorkflowPropertiesMachine";
    static std::string_view Name(State state);
    static std::string_view Name(Trigger trigger);
  };

  ModifyWorkflowPropertiesMachine(ModifyWorkflowPropertiesCommand command,
                                  std::source_location where);

  State state() const { return machine_.state(); }

  // Schedule issues ModifyWorkflowProperties with the command's memo.
  void Schedule(MachineSink& sink);

  std::string Describe() const override;
  // WorkflowPropertiesModified; the memo is not compared.
  void OnCommandEvent(const temporal::api::command::v1::Command& command,
                      const temporal::api::history::v1::HistoryEvent& event,
                      MachineSink& sink) override;
  // No event refers to a modification: always non-determinism.
  void OnEvent(const temporal::api::history::v1::HistoryEvent& event, MachineSink& sink) override;

 private:
  ModifyWorkflowPropertiesCommand command_;
  Machine<State, Trigger, Names> machine_;
};

}  // namespace temporal::workflow_internal::machines

#endif  // TEMPORAL_WORKFLOW_INTERNAL_MACHINES_MODIFY_WORKFLOW_PROPERTIES_MACHINE_H_
