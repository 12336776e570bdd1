// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// SignalExternalMachine: one signal the workflow sends to another workflow
// (or to its child), from the SignalExternalWorkflowExecution command to
// ExternalWorkflowExecutionSignaled, SignalExternalWorkflowExecutionFailed,
// or its cancellation before it was sent. The transitions are sdk-core's, so
// a history recorded by any Rust-core SDK replays the same way here.
//
//   SignalExternalMachine signal(/*seq=*/1, signal_command, std::source_location::current());
//   signal.Schedule(sink);                                   // SignalExternalWorkflowExecution is
//   pending signal.OnCommandEvent(signal_command, initiated, sink);  // ...Initiated: checks signal
//   name, target signal.OnEvent(signaled, sink);                          //
//   ResolveSignalExternalJob{1, no failure}
#ifndef TEMPORAL_WORKFLOW_INTERNAL_MACHINES_SIGNAL_EXTERNAL_MACHINE_H_
#define TEMPORAL_WORKFLOW_INTERNAL_MACHINES_SIGNAL_EXTERNAL_MACHINE_H_

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

class SignalExternalMachine final : public CommandMachine {
 public:
  enum class State {
    kCreated,
    kCommandCreated,   // SignalExternalWorkflowExecution issued, not yet in history
    kCommandRecorded,  // SignalExternalWorkflowExecutionInitiated is in history
    kSignaled,
    kFailed,
    kCanceled,  // canceled before the command reached the server
  };
  enum class Trigger {
    kSchedule,
    kSignalCommand,  // the command was matched with its event
    kInitiatedEvent,
    kSignaledEvent,
    kFailedEvent,
    kCancel,
  };

  // Every legal transition of a signal to another workflow.
  static constexpr Transition<State, Trigger> kTransitions[] = {
      {State::kCreated, Trigger::kSchedule, State::kCommandCreated},
      {State::kCommandCreated, Trigger::kSignalCommand, State::kCommandCreated},
      {State::kCommandCreated, Trigger::kInitiatedEvent, State::kCommandRecorded},
      {State::kCommandCreated, Trigger::kCancel, State::kCanceled},
      {State::kCommandRecorded, Trigger::kSignaledEvent, State::kSignaled},
      {State::kCommandRecorded, Trigger::kFailedEvent, State::kFailed},
      // A sent signal cannot be called back: canceling it changes nothing,
      // and its outcome still resolves the workflow's await.
      {State::kCommandRecorded, Trigger::kCancel, State::kCommandRecorded},
      // A cancel after the signal resolved changes nothing.
      {State::kCanceled, Trigger::kCancel, State::kCanceled},
      {State::kSignaled, Trigger::kCancel, State::kSignaled},
      {State::kFailed, Trigger::kCancel, State::kFailed},
  };

  struct Names {
    static constexpr std::string_view kMachine = "SignalExternalMachine";
    static std::string_view Name(State state);
    static std::string_view Name(Trigger trigger);
  };

  // The workflow's `seq`-th signal to another workflow. Nothing is issued
  // until Schedule.
  SignalExternalMachine(uint32_t seq, SignalExternalWorkflowCommand command,
                        std::source_location where);

  uint32_t seq() const { return seq_; }
  const std::string& signal_name() const { return command_.attributes.signal_name(); }
  const std::string& target_workflow_id() const {
    return command_.attributes.execution().workflow_id();
  }
  State state() const { return machine_.state(); }

  // Schedule issues the SignalExternalWorkflowExecution command.
  void Schedule(MachineSink& sink);

  // Cancel: a command not yet in history is withdrawn and the await
  // resolves with a canceled failure (ResolveSignalExternalJob). Once sent,
  // the signal cannot be withdrawn and Cancel does nothing, as in sdk-core.
  void Cancel(MachineSink& sink);
  // Whether Cancel came before the command reached the server.
  bool canceled_before_sent() const { return state() == State::kCanceled; }

  std::string Describe() const override;
  // SignalExternalWorkflowExecutionInitiated: checks the signal name and
  // the target workflow id.
  void OnCommandEvent(const temporal::api::command::v1::Command& command,
                      const temporal::api::history::v1::HistoryEvent& event,
                      MachineSink& sink) override;
  // ExternalWorkflowExecutionSignaled or SignalExternalWorkflowExecutionFailed:
  // pushes ResolveSignalExternalJob.
  void OnEvent(const temporal::api::history::v1::HistoryEvent& event, MachineSink& sink) override;

 private:
  uint32_t seq_;
  SignalExternalWorkflowCommand command_;
  Machine<State, Trigger, Names> machine_;
};

}  // namespace temporal::workflow_internal::machines

#endif  // TEMPORAL_WORKFLOW_INTERNAL_MACHINES_SIGNAL_EXTERNAL_MACHINE_H_
