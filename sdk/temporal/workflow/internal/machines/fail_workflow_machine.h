// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// FailWorkflowMachine: the workflow's failure (an exception of the Temporal
// failure hierarchy escaped it), from its FailWorkflowExecution command to
// the WorkflowExecutionFailed event that closes the run. The transitions are
// sdk-core's.
//
// Only the kind of close is compared on replay, not the failure: sdk-core
// and the Go SDK compare it neither, and a failure's message and stack trace
// change with harmless edits to the code.
//
//   FailWorkflowMachine fail(FailWorkflowCommand{.failure = failure}, where);
//   fail.Schedule(sink);  // FailWorkflowExecution is pending
//   fail.OnCommandEvent(command, failed, sink);  // WorkflowExecutionFailed
#ifndef TEMPORAL_WORKFLOW_INTERNAL_MACHINES_FAIL_WORKFLOW_MACHINE_H_
#define TEMPORAL_WORKFLOW_INTERNAL_MACHINES_FAIL_WORKFLOW_MACHINE_H_

#include <source_location>
#include <string>
#include <string_view>

#include "temporal/api/command/v1/message.pb.h"
#include "temporal/api/history/v1/message.pb.h"
#include "temporal/workflow/internal/completion.h"
#include "temporal/workflow/internal/machines/command_machine.h"
#include "temporal/workflow/internal/machines/transition_table.h"

namespace temporal::workflow_internal::machines {

class FailWorkflowMachine final : public CommandMachine {
 public:
  enum class State {
    kCreated,
    kFailWorkflowCommandCreated,   // the command is pending, not yet in history
    kFailWorkflowCommandRecorded,  // WorkflowExecutionFailed closed the run
  };
  enum class Trigger {
    kSchedule,
    kFailWorkflowCommand,  // the command was matched with its event
    kWorkflowExecutionFailedEvent,
  };

  // Every legal transition of a workflow failure.
  static constexpr Transition<State, Trigger> kTransitions[] = {
      {State::kCreated, Trigger::kSchedule, State::kFailWorkflowCommandCreated},
      {State::kFailWorkflowCommandCreated, Trigger::kFailWorkflowCommand,
       State::kFailWorkflowCommandCreated},
      {State::kFailWorkflowCommandCreated, Trigger::kWorkflowExecutionFailedEvent,
       State::kFailWorkflowCommandRecorded},
  };

  struct Names {
    static constexpr std::string_view kMachine = "FailWorkflowMachine";
    static std::string_view Name(State state);
    static std::string_view Name(Trigger trigger);
  };

  FailWorkflowMachine(FailWorkflowCommand command, std::source_location where);

  State state() const { return machine_.state(); }

  // Schedule issues FailWorkflowExecution with the workflow's failure.
  void Schedule(MachineSink& sink);

  std::string Describe() const override;
  // WorkflowExecutionFailed. Any other event closes the run differently:
  // the replayed result differs from the recorded close event.
  void OnCommandEvent(const temporal::api::command::v1::Command& command,
                      const temporal::api::history::v1::HistoryEvent& event,
                      MachineSink& sink) override;
  // Nothing follows a run's close event: always non-determinism.
  void OnEvent(const temporal::api::history::v1::HistoryEvent& event, MachineSink& sink) override;

 private:
  FailWorkflowCommand command_;
  Machine<State, Trigger, Names> machine_;
};

}  // namespace temporal::workflow_internal::machines

#endif  // TEMPORAL_WORKFLOW_INTERNAL_MACHINES_FAIL_WORKFLOW_MACHINE_H_
