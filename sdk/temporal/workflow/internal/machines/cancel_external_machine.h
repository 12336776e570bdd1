// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// CancelExternalMachine: one request by the workflow to cancel another
// workflow, from the RequestCancelExternalWorkflowExecution command to
// ExternalWorkflowExecutionCancelRequested (the target was told; whether it
// stops is its own business) or RequestCancelExternalWorkflowExecutionFailed.
// The transitions are sdk-core's; like sdk-core, the request cannot itself be
// canceled. (A child's cancellation does not come here: ChildWorkflowMachine
// sends and follows that request itself.)
//
//   CancelExternalMachine cancel(/*seq=*/1, cancel_command, std::source_location::current());
//   cancel.Schedule(sink);                                   // RequestCancelExternal... is pending
//   cancel.OnCommandEvent(cancel_command, initiated, sink);  // ...Initiated: checks the target
//   cancel.OnEvent(cancel_requested, sink);                  // ResolveCancelExternalJob{1, no
//   failure}
#ifndef TEMPORAL_WORKFLOW_INTERNAL_MACHINES_CANCEL_EXTERNAL_MACHINE_H_
#define TEMPORAL_WORKFLOW_INTERNAL_MACHINES_CANCEL_EXTERNAL_MACHINE_H_

#include <cstdint>
#include <source_location>
#include <string>
#include <string_view>

#include "temporal/api/command/v1/message.pb.h"
#include "temporal/api/history/v1/message.pb.h"
#include "temporal/workflow/internal/completion.h"
#include "temporal/workflow/internal/machines/command_machine.h"
#include "temporal/workflow/internal/machines/transition_table.h"

namespace temporal::workflow_internal::machines {

class CancelExternalMachine final : public CommandMachine {
 public:
  enum class State {
    kCreated,
    kCommandCreated,   // RequestCancelExternalWorkflowExecution issued, not yet in history
    kCommandRecorded,  // RequestCancelExternalWorkflowExecutionInitiated is in history
    kCancelRequested,
    kFailed,
  };
  enum class Trigger {
    kSchedule,
    kRequestCancelCommand,  // the command was matched with its event
    kInitiatedEvent,
    kCancelRequestedEvent,
    kFailedEvent,
  };

  // Every legal transition of a request to cancel another workflow.
  static constexpr Transition<State, Trigger> kTransitions[] = {
      {State::kCreated, Trigger::kSchedule, State::kCommandCreated},
      {State::kCommandCreated, Trigger::kRequestCancelCommand, State::kCommandCreated},
      {State::kCommandCreated, Trigger::kInitiatedEvent, State::kCommandRecorded},
      {State::kCommandRecorded, Trigger::kCancelRequestedEvent, State::kCancelRequested},
      {State::kCommandRecorded, Trigger::kFailedEvent, State::kFailed},
  };

  struct Names {
    static constexpr std::string_view kMachine = "CancelExternalMachine";
    static std::string_view Name(State state);
    static std::string_view Name(Trigger trigger);
  };

  // The workflow's `seq`-th request to cancel another workflow. The
  // command's attributes go out as they are (the reason included). Nothing
  // is issued until Schedule.
  CancelExternalMachine(uint32_t seq, RequestCancelExternalWorkflowCommand command,
                        std::source_location where);

  uint32_t seq() const { return seq_; }
  const std::string& target_workflow_id() const { return command_.attributes.workflow_id(); }
  State state() const { return machine_.state(); }

  // Schedule issues the RequestCancelExternalWorkflowExecution command.
  void Schedule(MachineSink& sink);

  std::string Describe() const override;
  // RequestCancelExternalWorkflowExecutionInitiated: checks the target workflow id.
  void OnCommandEvent(const temporal::api::command::v1::Command& command,
                      const temporal::api::history::v1::HistoryEvent& event,
                      MachineSink& sink) override;
  // ExternalWorkflowExecutionCancelRequested or
  // RequestCancelExternalWorkflowExecutionFailed: pushes ResolveCancelExternalJob.
  void OnEvent(const temporal::api::history::v1::HistoryEvent& event, MachineSink& sink) override;

 private:
  uint32_t seq_;
  RequestCancelExternalWorkflowCommand command_;
  Machine<State, Trigger, Names> machine_;
};

}  // namespace temporal::workflow_internal::machines

#endif  // TEMPORAL_WORKFLOW_INTERNAL_MACHINES_CANCEL_EXTERNAL_MACHINE_H_
