// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// CompleteWorkflowMachine: the workflow's return, from its
// CompleteWorkflowExecution command to the WorkflowExecutionCompleted event
// that closes the run. The transitions are sdk-core's.
//
// Only the kind of close is compared on replay, not the result: sdk-core
// and the Go SDK compare no payloads here either, and payload bytes depend
// on the converter and codecs of whichever SDK wrote the history, so a byte
// comparison would report non-determinism where the workflow did the same.
//
//   CompleteWorkflowMachine complete(CompleteWorkflowCommand{.result = payloads}, where);
//   complete.Schedule(sink);  // CompleteWorkflowExecution is pending
//   complete.OnCommandEvent(command, completed, sink);  // WorkflowExecutionCompleted
#ifndef TEMPORAL_WORKFLOW_INTERNAL_MACHINES_COMPLETE_WORKFLOW_MACHINE_H_
#define TEMPORAL_WORKFLOW_INTERNAL_MACHINES_COMPLETE_WORKFLOW_MACHINE_H_

#include <source_location>
#include <string>
#include <string_view>

#include "temporal/api/command/v1/message.pb.h"
#include "temporal/api/history/v1/message.pb.h"
#include "temporal/workflow/internal/completion.h"
#include "temporal/workflow/internal/machines/command_machine.h"
#include "temporal/workflow/internal/machines/transition_table.h"

namespace temporal::workflow_internal::machines {

class CompleteWorkflowMachine final : public CommandMachine {
 public:
  enum class State {
    kCreated,
    kCompleteWorkflowCommandCreated,   // the command is pending, not yet in history
    kCompleteWorkflowCommandRecorded,  // WorkflowExecutionCompleted closed the run
  };
  enum class Trigger {
    kSchedule,
    kCompleteWorkflowCommand,  // the command was matched with its event
    kWorkflowExecutionCompletedEvent,
  };

  // Every legal transition of a workflow completion.
  static constexpr Transition<State, Trigger> kTransitions[] = {
      {State::kCreated, Trigger::kSchedule, State::kCompleteWorkflowCommandCreated},
      {State::kCompleteWorkflowCommandCreated, Trigger::kCompleteWorkflowCommand,
       State::kCompleteWorkflowCommandCreated},
      {State::kCompleteWorkflowCommandCreated, Trigger::kWorkflowExecutionCompletedEvent,
       State::kCompleteWorkflowCommandRecorded},
  };

  struct Names {
    static constexpr std::string_view kMachine = "CompleteWorkflowMachine";
    static std::string_view Name(State state);
    static std::string_view Name(Trigger trigger);
  };

  CompleteWorkflowMachine(CompleteWorkflowCommand command, std::source_location where);

  State state() const { return machine_.state(); }

  // Schedule issues CompleteWorkflowExecution with the workflow's result.
  void Schedule(MachineSink& sink);

  std::string Describe() const override;
  // WorkflowExecutionCompleted. Any other event closes the run differently:
  // the replayed result differs from the recorded close event.
  void OnCommandEvent(const temporal::api::command::v1::Command& command,
                      const temporal::api::history::v1::HistoryEvent& event,
                      MachineSink& sink) override;
  // Nothing follows a run's close event: always non-determinism.
  void OnEvent(const temporal::api::history::v1::HistoryEvent& event, MachineSink& sink) override;

 private:
  CompleteWorkflowCommand command_;
  Machine<State, Trigger, Names> machine_;
};

}  // namespace temporal::workflow_internal::machines

#endif  // TEMPORAL_WORKFLOW_INTERNAL_MACHINES_COMPLETE_WORKFLOW_MACHINE_H_
