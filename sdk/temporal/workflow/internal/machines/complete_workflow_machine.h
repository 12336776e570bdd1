// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// CompleteWorkflowMachine: the workflow's return, from its
// CompleteWorkflowExecution command to the WorkflowExecutionCompleted event
// that closes the run. A CloseWorkflowMachine (close_workflow_machine.h):
// only the kind of close is compared on replay, not the result.
//
//   CompleteWorkflowMachine complete(CompleteWorkflowCommand{.result = payloads}, where);
//   complete.Schedule(sink);  // CompleteWorkflowExecution is pending
//   complete.OnCommandEvent(command, completed, sink);  // WorkflowExecutionCompleted
#ifndef TEMPORAL_WORKFLOW_INTERNAL_MACHINES_COMPLETE_WORKFLOW_MACHINE_H_
#define TEMPORAL_WORKFLOW_INTERNAL_MACHINES_COMPLETE_WORKFLOW_MACHINE_H_

#include <string>
#include <string_view>

#include "temporal/workflow/internal/completion.h"
#include "temporal/workflow/internal/machines/close_workflow_machine.h"

namespace temporal::workflow_internal::machines {

struct CompleteWorkflowTraits {
  static constexpr std::string_view kMachine = "CompleteWorkflowMachine";
  enum class State {
    kCreated,
    kCompleteWorkflowCommandCreated,   // the command is pending, not yet in history
    kCompleteWorkflowCommandRecorded,  // WorkflowExecutionCompleted closed the run
    kCommandCreated = kCompleteWorkflowCommandCreated,
    kCommandRecorded = kCompleteWorkflowCommandRecorded,
  };
  enum class Trigger {
    kSchedule,
    kCompleteWorkflowCommand,  // the command was matched with its event
    kWorkflowExecutionCompletedEvent,
    kCommandMatched = kCompleteWorkflowCommand,
    kCloseEvent = kWorkflowExecutionCompletedEvent,
  };
  static constexpr std::string_view kStateNames[] = {"Created", "CompleteWorkflowCommandCreated",
                                                     "CompleteWorkflowCommandRecorded"};
  static constexpr std::string_view kTriggerNames[] = {"Schedule", "CompleteWorkflowCommand",
                                                       "WorkflowExecutionCompleted"};

  using Input = CompleteWorkflowCommand;
  static constexpr auto kCommandType = temporal::api::enums::v1::COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION;
  static constexpr auto kCloseEventType = temporal::api::enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED;
  static constexpr std::string_view kRunEnd = "completion";

  // The command carries the workflow's result.
  static void SetAttributes(const Input& input, temporal::api::command::v1::Command& command);
  static std::string Describe(const Input&) { return "workflow completion"; }
  static std::string WhatTheCodeDid(const Input&) { return "the workflow completed"; }
};

class CompleteWorkflowMachine final : public CloseWorkflowMachine<CompleteWorkflowTraits> {
 public:
  using CloseWorkflowMachine::CloseWorkflowMachine;
};

}  // namespace temporal::workflow_internal::machines

#endif  // TEMPORAL_WORKFLOW_INTERNAL_MACHINES_COMPLETE_WORKFLOW_MACHINE_H_
