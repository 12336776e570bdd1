// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// UpsertSearchAttributesMachine: one UpsertWorkflowSearchAttributes command,
// from the workflow's upsert to the UpsertWorkflowSearchAttributes event.
// The transitions are sdk-core's.
//
// On replay only the event's kind and its place in the command order are
// checked, not the attributes, as sdk-core and the Go SDK do: the values'
// bytes depend on the converter that wrote them.
//
//   UpsertSearchAttributesMachine upsert(UpsertSearchAttributesCommand{attributes}, where);
//   upsert.Schedule(sink);  // the command is pending
//   upsert.OnCommandEvent(command, upserted_event, sink);  // UpsertWorkflowSearchAttributes
#ifndef TEMPORAL_WORKFLOW_INTERNAL_MACHINES_UPSERT_SEARCH_ATTRIBUTES_MACHINE_H_
#define TEMPORAL_WORKFLOW_INTERNAL_MACHINES_UPSERT_SEARCH_ATTRIBUTES_MACHINE_H_

#include <source_location>
#include <string>
#include <string_view>

#include "temporal/api/command/v1/message.pb.h"
#include "temporal/api/history/v1/message.pb.h"
#include "temporal/workflow/internal/completion.h"
#include "temporal/workflow/internal/machines/command_machine.h"
#include "temporal/workflow/internal/machines/transition_table.h"

namespace temporal::workflow_internal::machines {

class UpsertSearchAttributesMachine final : public CommandMachine {
 public:
  enum class State {
    kCreated,
    kCommandIssued,  // the command is pending, not yet in history
    kDone,           // the history recorded the upsert
  };
  enum class Trigger {
    kCommandScheduled,  // Schedule queued the command
    kCommandRecorded,   // the UpsertWorkflowSearchAttributes event matched it
  };

  // Every legal transition of an upsert.
  static constexpr Transition<State, Trigger> kTransitions[] = {
      {State::kCreated, Trigger::kCommandScheduled, State::kCommandIssued},
      {State::kCommandIssued, Trigger::kCommandRecorded, State::kDone},
  };

  struct Names {
    static constexpr std::string_view kMachine = "UpsertSearchAttributesMachine";
    static std::string_view Name(State state);
    static std::string_view Name(Trigger trigger);
  };

  UpsertSearchAttributesMachine(UpsertSearchAttributesCommand command, std::source_location where);

  State state() const { return machine_.state(); }

  // Schedule issues UpsertWorkflowSearchAttributes with the command's attributes.
  void Schedule(MachineSink& sink);

  std::string Describe() const override;
  // UpsertWorkflowSearchAttributes; its attributes are not compared.
  void OnCommandEvent(const temporal::api::command::v1::Command& command,
                      const temporal::api::history::v1::HistoryEvent& event,
                      MachineSink& sink) override;
  // No event refers to an upsert: always non-determinism.
  void OnEvent(const temporal::api::history::v1::HistoryEvent& event, MachineSink& sink) override;

 private:
  UpsertSearchAttributesCommand command_;
  Machine<State, Trigger, Names> machine_;
};

}  // namespace temporal::workflow_internal::machines

#endif  // TEMPORAL_WORKFLOW_INTERNAL_MACHINES_UPSERT_SEARCH_ATTRIBUTES_MACHINE_H_
