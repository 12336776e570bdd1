// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// CancelWorkflowMachine: the workflow accepting its cancellation (it was
// asked to cancel and ended as canceled), from its CancelWorkflowExecution
// command to the WorkflowExecutionCanceled event that closes the run. The
// transitions are sdk-core's.
//
// Only the kind of close is compared on replay, not the details: sdk-core
// and the Go SDK compare them neither, and their bytes depend on the
// converter that wrote them.
//
//   CancelWorkflowMachine cancel(CancelWorkflowCommand{.details = details}, where);
//   cancel.Schedule(sink);  // CancelWorkflowExecution is pending
//   cancel.OnCommandEvent(command, canceled, sink);  // WorkflowExecutionCanceled
#ifndef TEMPORAL_WORKFLOW_INTERNAL_MACHINES_CANCEL_WORKFLOW_MACHINE_H_
#define TEMPORAL_WORKFLOW_INTERNAL_MACHINES_CANCEL_WORKFLOW_MACHINE_H_

#include <source_location>
#include <string>
#include <string_view>

#include "temporal/api/command/v1/message.pb.h"
#include "temporal/api/history/v1/message.pb.h"
#include "temporal/workflow/internal/completion.h"
#include "temporal/workflow/internal/machines/command_machine.h"
#include "temporal/workflow/internal/machines/transition_table.h"

namespace temporal::workflow_internal::machines {

class CancelWorkflowMachine final : public CommandMachine {
 public:
  enum class State {
    kCreated,
    kCancelWorkflowCommandCreated,   // the command is pending, not yet in history
    kCancelWorkflowCommandRecorded,  // WorkflowExecutionCanceled closed the run
  };
  enum class Trigger {
    kSchedule,
    kCancelWorkflowCommand,  // the command was matched with its event
    kWorkflowExecutionCanceledEvent,
  };

  // Every legal transition of a workflow cancellation.
  static constexpr Transition<State, Trigger> kTransitions[] = {
      {State::kCreated, Trigger::kSchedule, State::kCancelWorkflowCommandCreated},
      {State::kCancelWorkflowCommandCreated, Trigger::kCancelWorkflowCommand,
       State::kCancelWorkflowCommandCreated},
      {State::kCancelWorkflowCommandCreated, Trigger::kWorkflowExecutionCanceledEvent,
       State::kCancelWorkflowCommandRecorded},
  };

  struct Names {
    static constexpr std::string_view kMachine = "CancelWorkflowMachine";
    static std::string_view Name(State state);
    static std::string_view Name(Trigger trigger);
  };

  CancelWorkflowMachine(CancelWorkflowCommand command, std::source_location where);

  State state() const { return machine_.state(); }

  // Schedule issues CancelWorkflowExecution with the workflow's details.
  void Schedule(MachineSink& sink);

  std::string Describe() const override;
  // WorkflowExecutionCanceled. Any other event closes the run differently:
  // the replayed result differs from the recorded close event.
  void OnCommandEvent(const temporal::api::command::v1::Command& command,
                      const temporal::api::history::v1::HistoryEvent& event,
                      MachineSink& sink) override;
  // Nothing follows a run's close event: always non-determinism.
  void OnEvent(const temporal::api::history::v1::HistoryEvent& event, MachineSink& sink) override;

 private:
  CancelWorkflowCommand command_;
  Machine<State, Trigger, Names> machine_;
};

}  // namespace temporal::workflow_internal::machines

#endif  // TEMPORAL_WORKFLOW_INTERNAL_MACHINES_CANCEL_WORKFLOW_MACHINE_H_
