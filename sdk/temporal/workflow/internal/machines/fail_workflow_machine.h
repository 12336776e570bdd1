// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// FailWorkflowMachine: the workflow's failure (an exception of the Temporal
// failure hierarchy escaped it), from its FailWorkflowExecution command to
// the WorkflowExecutionFailed event that closes the run. A
// CloseWorkflowMachine (close_workflow_machine.h): only the kind of close is
// compared on replay, not the failure, whose message and stack trace change
// with harmless edits to the code.
//
//   FailWorkflowMachine fail(FailWorkflowCommand{.failure = failure}, where);
//   fail.Schedule(sink);  // FailWorkflowExecution is pending
//   fail.OnCommandEvent(command, failed, sink);  // WorkflowExecutionFailed
#ifndef TEMPORAL_WORKFLOW_INTERNAL_MACHINES_FAIL_WORKFLOW_MACHINE_H_
#define TEMPORAL_WORKFLOW_INTERNAL_MACHINES_FAIL_WORKFLOW_MACHINE_H_

#include <string>
#include <string_view>

#include "temporal/workflow/internal/completion.h"
#include "temporal/workflow/internal/machines/close_workflow_machine.h"

namespace temporal::workflow_internal::machines {

struct FailWorkflowTraits {
  static constexpr std::string_view kMachine = "FailWorkflowMachine";
  enum class State {
    kCreated,
    kFailWorkflowCommandCreated,   // the command is pending, not yet in history
    kFailWorkflowCommandRecorded,  // WorkflowExecutionFailed closed the run
    kCommandCreated = kFailWorkflowCommandCreated,
    kCommandRecorded = kFailWorkflowCommandRecorded,
  };
  enum class Trigger {
    kSchedule,
    kFailWorkflowCommand,  // the command was matched with its event
    kWorkflowExecutionFailedEvent,
    kCommandMatched = kFailWorkflowCommand,
    kCloseEvent = kWorkflowExecutionFailedEvent,
  };
  static constexpr std::string_view kStateNames[] = {"Created", "FailWorkflowCommandCreated",
                                                     "FailWorkflowCommandRecorded"};
  static constexpr std::string_view kTriggerNames[] = {"Schedule", "FailWorkflowCommand",
                                                       "WorkflowExecutionFailed"};

  using Input = FailWorkflowCommand;
  static constexpr auto kCommandType = temporal::api::enums::v1::COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION;
  static constexpr auto kCloseEventType = temporal::api::enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_FAILED;
  static constexpr std::string_view kRunEnd = "failure";

  // The command carries the workflow's failure.
  static void SetAttributes(const Input& input, temporal::api::command::v1::Command& command);
  // `workflow failure "out of stock"`.
  static std::string Describe(const Input& input);
  // `the workflow failed ("out of stock")`.
  static std::string WhatTheCodeDid(const Input& input);
};

class FailWorkflowMachine final : public CloseWorkflowMachine<FailWorkflowTraits> {
 public:
  using CloseWorkflowMachine::CloseWorkflowMachine;
};

}  // namespace temporal::workflow_internal::machines

#endif  // TEMPORAL_WORKFLOW_INTERNAL_MACHINES_FAIL_WORKFLOW_MACHINE_H_
