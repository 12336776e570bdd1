// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ContinueAsNewWorkflowMachine: the workflow continuing as a new run, from
// its ContinueAsNewWorkflowExecution command to the
// WorkflowExecutionContinuedAsNew event that closes this run. The
// transitions are sdk-core's.
//
// On replay the machine compares what decides the next run's code: the
// workflow type and the task queue (each only when the command names one;
// the server fills an empty one with the current run's). A different
// workflow or queue means the code continues somewhere else than it did.
// The input is not compared, as in sdk-core and the Go SDK: its bytes depend
// on the converter and codecs of whichever SDK wrote the history.
//
//   ContinueAsNewWorkflowMachine next(ContinueAsNewWorkflowCommand{.attributes = attrs}, where);
//   next.Schedule(sink);  // ContinueAsNewWorkflowExecution is pending
//   next.OnCommandEvent(command, continued_as_new, sink);  // WorkflowExecutionContinuedAsNew
#ifndef TEMPORAL_WORKFLOW_INTERNAL_MACHINES_CONTINUE_AS_NEW_WORKFLOW_MACHINE_H_
#define TEMPORAL_WORKFLOW_INTERNAL_MACHINES_CONTINUE_AS_NEW_WORKFLOW_MACHINE_H_

#include <source_location>
#include <string>
#include <string_view>

#include "temporal/api/command/v1/message.pb.h"
#include "temporal/api/history/v1/message.pb.h"
#include "temporal/workflow/internal/completion.h"
#include "temporal/workflow/internal/machines/command_machine.h"
#include "temporal/workflow/internal/machines/transition_table.h"

namespace temporal::workflow_internal::machines {

class ContinueAsNewWorkflowMachine final : public CommandMachine {
 public:
  enum class State {
    kCreated,
    kContinueAsNewWorkflowCommandCreated,   // the command is pending, not yet in history
    kContinueAsNewWorkflowCommandRecorded,  // WorkflowExecutionContinuedAsNew closed the run
  };
  enum class Trigger {
    kSchedule,
    kContinueAsNewWorkflowCommand,  // the command was matched with its event
    kWorkflowExecutionContinuedAsNewEvent,
  };

  // Every legal transition of a continue-as-new.
  static constexpr Transition<State, Trigger> kTransitions[] = {
      {State::kCreated, Trigger::kSchedule, State::kContinueAsNewWorkflowCommandCreated},
      {State::kContinueAsNewWorkflowCommandCreated, Trigger::kContinueAsNewWorkflowCommand,
       State::kContinueAsNewWorkflowCommandCreated},
      {State::kContinueAsNewWorkflowCommandCreated, Trigger::kWorkflowExecutionContinuedAsNewEvent,
       State::kContinueAsNewWorkflowCommandRecorded},
  };

  struct Names {
    static constexpr std::string_view kMachine = "ContinueAsNewWorkflowMachine";
    static std::string_view Name(State state);
    static std::string_view Name(Trigger trigger);
  };

  ContinueAsNewWorkflowMachine(ContinueAsNewWorkflowCommand command, std::source_location where);

  State state() const { return machine_.state(); }

  // Schedule issues ContinueAsNewWorkflowExecution with the command's
  // attributes as given (the runtime fills in defaults before).
  void Schedule(MachineSink& sink);

  std::string Describe() const override;
  // WorkflowExecutionContinuedAsNew, to the same workflow type and task
  // queue. Anything else: the replayed result differs from the recorded
  // close event.
  void OnCommandEvent(const temporal::api::command::v1::Command& command,
                      const temporal::api::history::v1::HistoryEvent& event,
                      MachineSink& sink) override;
  // Nothing follows a run's close event: always non-determinism.
  void OnEvent(const temporal::api::history::v1::HistoryEvent& event, MachineSink& sink) override;

 private:
  // `the workflow continued as new as "Type" on task queue "q"`.
  std::string WhatTheCodeDid() const;

  ContinueAsNewWorkflowCommand command_;
  Machine<State, Trigger, Names> machine_;
};

}  // namespace temporal::workflow_internal::machines

#endif  // TEMPORAL_WORKFLOW_INTERNAL_MACHINES_CONTINUE_AS_NEW_WORKFLOW_MACHINE_H_
