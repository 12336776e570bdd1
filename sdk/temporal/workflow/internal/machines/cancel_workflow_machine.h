// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// CancelWorkflowMachine: the workflow accepting its cancellation (it was
// asked to cancel and ended as canceled), from its CancelWorkflowExecution
// command to the WorkflowExecutionCanceled event that closes the run. A
// CloseWorkflowMachine (close_workflow_machine.h): only the kind of close is
// compared on replay, not the details.
//
//   CancelWorkflowMachine cancel(CancelWorkflowCommand{.details = details}, where);
//   cancel.Schedule(sink);  // CancelWorkflowExecution is pending
//   cancel.OnCommandEvent(command, canceled, sink);  // WorkflowExecutionCanceled
#ifndef TEMPORAL_WORKFLOW_INTERNAL_MACHINES_CANCEL_WORKFLOW_MACHINE_H_
#define TEMPORAL_WORKFLOW_INTERNAL_MACHINES_CANCEL_WORKFLOW_MACHINE_H_

#include <string>
#include <string_view>

#include "temporal/workflow/internal/completion.h"
#include "temporal/workflow/internal/machines/close_workflow_machine.h"

namespace temporal::workflow_internal::machines {

struct CancelWorkflowTraits {
  static constexpr std::string_view kMachine = "CancelWorkflowMachine";
  enum class State {
    kCreated,
    kCancelWorkflowCommandCreated,   // the command is pending, not yet in history
    kCancelWorkflowCommandRecorded,  // WorkflowExecutionCanceled closed the run
    kCommandCreated = kCancelWorkflowCommandCreated,
    kCommandRecorded = kCancelWorkflowCommandRecorded,
  };
  enum class Trigger {
    kSchedule,
    kCancelWorkflowCommand,  // the command was matched with its event
    kWorkflowExecutionCanceledEvent,
    kCommandMatched = kCancelWorkflowCommand,
    kCloseEvent = kWorkflowExecutionCanceledEvent,
  };
  static constexpr std::string_view kStateNames[] = {"Created", "CancelWorkflowCommandCreated",
                                                     "CancelWorkflowCommandRecorded"};
  static constexpr std::string_view kTriggerNames[] = {"Schedule", "CancelWorkflowCommand",
                                                       "WorkflowExecutionCanceled"};

  using Input = CancelWorkflowCommand;
  static constexpr auto kCommandType = temporal::api::enums::v1::COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION;
  static constexpr auto kCloseEventType = temporal::api::enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED;
  static constexpr std::string_view kRunEnd = "close";

  // The command carries the cancellation's details.
  static void SetAttributes(const Input& input, temporal::api::command::v1::Command& command);
  static std::string Describe(const Input&) { return "workflow cancellation"; }
  static std::string WhatTheCodeDid(const Input&) { return "the workflow ended as canceled"; }
};

class CancelWorkflowMachine final : public CloseWorkflowMachine<CancelWorkflowTraits> {
 public:
  using CloseWorkflowMachine::CloseWorkflowMachine;
};

}  // namespace temporal::workflow_internal::machines

#endif  // TEMPORAL_WORKFLOW_INTERNAL_MACHINES_CANCEL_WORKFLOW_MACHINE_H_
