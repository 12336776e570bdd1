// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ContinueAsNewWorkflowMachine: the workflow continuing as a new run, from
// its ContinueAsNewWorkflowExecution command to the
// WorkflowExecutionContinuedAsNew event that closes this run. A
// CloseWorkflowMachine (close_workflow_machine.h).
//
// On replay the machine also compares what decides the next run's code: the
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

#include <string>
#include <string_view>

#include "temporal/workflow/internal/completion.h"
#include "temporal/workflow/internal/machines/close_workflow_machine.h"

namespace temporal::workflow_internal::machines {

struct ContinueAsNewWorkflowTraits {
  static constexpr std::string_view kMachine = "ContinueAsNewWorkflowMachine";
  enum class State {
    kCreated,
    kContinueAsNewWorkflowCommandCreated,   // the command is pending, not yet in history
    kContinueAsNewWorkflowCommandRecorded,  // WorkflowExecutionContinuedAsNew closed the run
    kCommandCreated = kContinueAsNewWorkflowCommandCreated,
    kCommandRecorded = kContinueAsNewWorkflowCommandRecorded,
  };
  enum class Trigger {
    kSchedule,
    kContinueAsNewWorkflowCommand,  // the command was matched with its event
    kWorkflowExecutionContinuedAsNewEvent,
    kCommandMatched = kContinueAsNewWorkflowCommand,
    kCloseEvent = kWorkflowExecutionContinuedAsNewEvent,
  };
  static constexpr std::string_view kStateNames[] = {"Created", "ContinueAsNewWorkflowCommandCreated",
                                                     "ContinueAsNewWorkflowCommandRecorded"};
  static constexpr std::string_view kTriggerNames[] = {"Schedule", "ContinueAsNewWorkflowCommand",
                                                       "WorkflowExecutionContinuedAsNew"};

  using Input = ContinueAsNewWorkflowCommand;
  static constexpr auto kCommandType =
      temporal::api::enums::v1::COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION;
  static constexpr auto kCloseEventType =
      temporal::api::enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW;
  static constexpr std::string_view kRunEnd = "close";

  // The command's attributes as given (the runtime fills in defaults before).
  static void SetAttributes(const Input& input, temporal::api::command::v1::Command& command);
  // `continue-as-new as "Orders"`.
  static std::string Describe(const Input& input);
  // `the workflow continued as new as "Orders" on task queue "orders"`.
  static std::string WhatTheCodeDid(const Input& input);
  // `the history continued as "BadWorkflow"` (or on another task queue);
  // empty when the recorded event continues as the command does.
  static std::string RecordedCloseDiffers(const Input& input,
                                          const temporal::api::history::v1::HistoryEvent& event);
};

class ContinueAsNewWorkflowMachine final : public CloseWorkflowMachine<ContinueAsNewWorkflowTraits> {
 public:
  using CloseWorkflowMachine::CloseWorkflowMachine;
};

}  // namespace temporal::workflow_internal::machines

#endif  // TEMPORAL_WORKFLOW_INTERNAL_MACHINES_CONTINUE_AS_NEW_WORKFLOW_MACHINE_H_
