// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// CloseWorkflowMachine<Traits>: the shape of the four machines that end a
// run (CompleteWorkflowMachine, FailWorkflowMachine, CancelWorkflowMachine,
// ContinueAsNewWorkflowMachine): the workflow's one close command, from the
// moment it is issued to the close event that ends the run's history. The
// transitions are sdk-core's, and the same for the four:
//
//   Created --Schedule--> CommandCreated --<Kind>Command--> CommandCreated
//           --<close event>--> CommandRecorded
//
// On replay the kind of close is compared (a completion must meet
// WorkflowExecutionCompleted, and so on), not its payloads (result, failure,
// details, input): sdk-core and the Go SDK compare none of them either, and
// their bytes depend on the converter and codecs of whichever SDK wrote the
// history, a failure's message and stack trace even on harmless edits. A
// Traits may compare more (continue-as-new: the next run's workflow type and
// task queue).
//
// A machine is a Traits struct and a final class that inherits this one:
//
//   struct CompleteWorkflowTraits { ... };   // see complete_workflow_machine.h
//   class CompleteWorkflowMachine final : public CloseWorkflowMachine<CompleteWorkflowTraits> {
//    public:
//     using CloseWorkflowMachine::CloseWorkflowMachine;
//   };
//
//   CompleteWorkflowMachine complete(CompleteWorkflowCommand{.result = payloads}, where);
//   complete.Schedule(sink);                            // CompleteWorkflowExecution is pending
//   complete.OnCommandEvent(command, completed, sink);  // WorkflowExecutionCompleted
//
// What a Traits provides:
//   kMachine                   the machine's name (messages, TransitionCoverage)
//   State, Trigger             enums in the order of the table below, with the
//                              generic names the table uses (kCreated,
//                              kCommandCreated, kCommandRecorded; kSchedule,
//                              kCommandMatched, kCloseEvent) next to the
//                              machine's own names for the same values
//   kStateNames, kTriggerNames the machine's own names, in enum order
//   Input                      what the runtime hands over (CompleteWorkflowCommand, ...)
//   kCommandType, kCloseEventType
//   SetAttributes(input, command)  fills the command's attributes
//   Describe(input)            `workflow completion`: what the machine is
//   WhatTheCodeDid(input)      `the workflow completed`: for mismatch messages
//   kRunEnd                    `completion`, in "no event follows a run's completion"
//   RecordedCloseDiffers(input, event)  optional: how the recorded close event
//                              of the right kind still differs from the
//                              command ("the history continued as ..."), or
//                              empty when it does not
#ifndef TEMPORAL_WORKFLOW_INTERNAL_MACHINES_CLOSE_WORKFLOW_MACHINE_H_
#define TEMPORAL_WORKFLOW_INTERNAL_MACHINES_CLOSE_WORKFLOW_MACHINE_H_

#include <cstddef>
#include <iterator>
#include <source_location>
#include <string>
#include <string_view>
#include <utility>

#include "temporal/api/command/v1/message.pb.h"
#include "temporal/api/history/v1/message.pb.h"
#include "temporal/workflow/internal/machines/command_machine.h"
#include "temporal/workflow/internal/machines/transition_table.h"

namespace temporal::workflow_internal::machines {

template <typename Traits>
class CloseWorkflowMachine : public CommandMachine {
 public:
  using State = typename Traits::State;
  using Trigger = typename Traits::Trigger;
  using Input = typename Traits::Input;
  // Names are looked up by enum value: one per generic enumerator.
  static_assert(std::size(Traits::kStateNames) == static_cast<size_t>(State::kCommandRecorded) + 1);
  static_assert(std::size(Traits::kTriggerNames) == static_cast<size_t>(Trigger::kCloseEvent) + 1);

  // Every legal transition of a close command.
  static constexpr Transition<State, Trigger> kTransitions[] = {
      {State::kCreated, Trigger::kSchedule, State::kCommandCreated},
      // The command was matched with its event...
      {State::kCommandCreated, Trigger::kCommandMatched, State::kCommandCreated},
      // ...which closed the run.
      {State::kCommandCreated, Trigger::kCloseEvent, State::kCommandRecorded},
  };

  struct Names {
    static constexpr std::string_view kMachine = Traits::kMachine;
    static std::string_view Name(State state) {
      return Traits::kStateNames[static_cast<size_t>(state)];
    }
    static std::string_view Name(Trigger trigger) {
      return Traits::kTriggerNames[static_cast<size_t>(trigger)];
    }
  };

  CloseWorkflowMachine(Input input, std::source_location where)
      : CommandMachine(where), input_(std::move(input)), machine_(kTransitions, State::kCreated) {}

  State state() const { return machine_.state(); }

  // Schedule issues the close command.
  void Schedule(MachineSink& sink) {
    machine_.Apply(Trigger::kSchedule);
    temporal::api::command::v1::Command command;
    command.set_command_type(Traits::kCommandType);
    Traits::SetAttributes(input_, command);
    sink.PushCommand(*this, std::move(command));
  }

  std::string Describe() const override { return Traits::Describe(input_); }

  // The close event of this kind. Any other event closes the run
  // differently: the replayed result differs from the recorded close event.
  void OnCommandEvent(const temporal::api::command::v1::Command& /*command*/,
                      const temporal::api::history::v1::HistoryEvent& event,
                      MachineSink& /*sink*/) override {
    const std::string code_did =
        "the replayed result differs from the recorded close event: " + Traits::WhatTheCodeDid(input_);
    if (event.event_type() != Traits::kCloseEventType) Mismatch(event, code_did);
    if constexpr (requires { Traits::RecordedCloseDiffers(input_, event); }) {
      const std::string differs = Traits::RecordedCloseDiffers(input_, event);
      if (!differs.empty()) Mismatch(event, code_did + ", but " + differs);
    }
    if (!machine_.CanApply(Trigger::kCommandMatched)) {
      Mismatch(event, code_did + ", and its close command is in state " +
                          std::string(Names::Name(machine_.state())) + ", where it cannot be recorded");
    }
    machine_.Apply(Trigger::kCommandMatched);
    machine_.Apply(Trigger::kCloseEvent);
  }

  // Nothing follows a run's close event: always non-determinism.
  void OnEvent(const temporal::api::history::v1::HistoryEvent& event, MachineSink& /*sink*/) override {
    Mismatch(event, Traits::WhatTheCodeDid(input_) + " (state " +
                        std::string(Names::Name(machine_.state())) + "); no event follows a run's " +
                        std::string(Traits::kRunEnd));
  }

 private:
  Input input_;
  Machine<State, Trigger, Names> machine_;
};

}  // namespace temporal::workflow_internal::machines

#endif  // TEMPORAL_WORKFLOW_INTERNAL_MACHINES_CLOSE_WORKFLOW_MACHINE_H_
