// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ChildWorkflowMachine: one child workflow, from the workflow's
// StartChildWorkflowExecution command to the child's close (completed,
// failed, timed out, canceled, terminated), or to its cancellation. The
// transitions are sdk-core's, so a history recorded by any Rust-core SDK
// replays the same way here.
//
// Two jobs reach the workflow: ResolveChildStartJob (the child started, could
// not start, or was canceled before its start command reached the server)
// and ResolveChildResultJob (how it ended). Failures are shaped as sdk-core
// shapes them: a Failure with child_workflow_execution_failure_info whose
// cause says what happened (the child's own failure, a timeout, ...).
//
// Canceling a started child sends a RequestCancelExternalWorkflowExecution
// command that this machine owns (sdk-core makes a separate, core-internal
// machine for it). Its progress is a second, small table (kCancelRequest...),
// kept apart from the child's lifecycle because its events may arrive in any
// lifecycle state: the child may close before the request reaches it.
//
//   ChildWorkflowMachine child(/*seq=*/1, start_child_command, std::source_location::current());
//   child.Start(sink);                                       // StartChildWorkflowExecution is
//   pending child.OnCommandEvent(start_command, initiated, sink);    //
//   StartChildWorkflowExecutionInitiated child.OnEvent(child_started, sink); //
//   ResolveChildStartJob kStarted child.OnEvent(child_completed, sink);                    //
//   ResolveChildResultJob kCompleted
#ifndef TEMPORAL_WORKFLOW_INTERNAL_MACHINES_CHILD_WORKFLOW_MACHINE_H_
#define TEMPORAL_WORKFLOW_INTERNAL_MACHINES_CHILD_WORKFLOW_MACHINE_H_

#include <cstdint>
#include <source_location>
#include <string>
#include <string_view>

#include "temporal/api/command/v1/message.pb.h"
#include "temporal/api/enums/v1/workflow.pb.h"
#include "temporal/api/failure/v1/message.pb.h"
#include "temporal/api/history/v1/message.pb.h"
#include "temporal/workflow/internal/completion.h"
#include "temporal/workflow/internal/machines/command_machine.h"
#include "temporal/workflow/internal/machines/transition_table.h"

namespace temporal::workflow_internal::machines {

class ChildWorkflowMachine final : public CommandMachine {
 public:
  // The child's lifecycle, as the workflow sees it.
  enum class State {
    kCreated,
    kStartCommandCreated,  // StartChildWorkflowExecution issued, not yet in history
    kStartEventRecorded,   // StartChildWorkflowExecutionInitiated is in history
    kStarted,              // ChildWorkflowExecutionStarted: the child runs
    kStartFailed,
    kCompleted,
    kFailed,
    kTimedOut,
    kCanceled,  // the child closed as canceled
    kTerminated,
    kCanceledBeforeSent,  // canceled before the start command reached the server
    // The workflow's await resolved as canceled (Abandon, TryCancel, or
    // WaitCancellationRequested once the child got the request) while the
    // child may still be starting or running: its close is accepted quietly.
    kResolvedCanceled,
    kResolvedCanceledChildClosed,
  };
  enum class Trigger {
    kSchedule,
    kStartCommand,  // the start command was matched with its event
    kInitiatedEvent,
    kStartedEvent,
    kStartFailedEvent,
    kCompletedEvent,
    kFailedEvent,
    kTimedOutEvent,
    kCanceledEvent,
    kTerminatedEvent,
    kCancel,           // the workflow canceled the child
    kResolveCanceled,  // the workflow's await resolves as canceled, the child still open
  };

  // Every legal transition of the child's lifecycle.
  static constexpr Transition<State, Trigger> kTransitions[] = {
      {State::kCreated, Trigger::kSchedule, State::kStartCommandCreated},
      {State::kStartCommandCreated, Trigger::kStartCommand, State::kStartCommandCreated},
      {State::kStartCommandCreated, Trigger::kInitiatedEvent, State::kStartEventRecorded},
      {State::kStartCommandCreated, Trigger::kCancel, State::kCanceledBeforeSent},
      {State::kStartEventRecorded, Trigger::kStartedEvent, State::kStarted},
      {State::kStartEventRecorded, Trigger::kStartFailedEvent, State::kStartFailed},
      // Canceled while the start is in flight: the cancel request goes out
      // now (unless abandoned); Abandon and TryCancel resolve at once.
      {State::kStartEventRecorded, Trigger::kCancel, State::kStartEventRecorded},
      {State::kStartEventRecorded, Trigger::kResolveCanceled, State::kResolvedCanceled},
      {State::kStarted, Trigger::kCompletedEvent, State::kCompleted},
      {State::kStarted, Trigger::kFailedEvent, State::kFailed},
      {State::kStarted, Trigger::kTimedOutEvent, State::kTimedOut},
      {State::kStarted, Trigger::kCanceledEvent, State::kCanceled},
      {State::kStarted, Trigger::kTerminatedEvent, State::kTerminated},
      // WaitCancellationCompleted stays here until the child closes.
      {State::kStarted, Trigger::kCancel, State::kStarted},
      {State::kStarted, Trigger::kResolveCanceled, State::kResolvedCanceled},
      // After the await resolved as canceled the child goes on: it may
      // still start, fail to start, or close in any way.
      {State::kResolvedCanceled, Trigger::kStartedEvent, State::kResolvedCanceled},
      {State::kResolvedCanceled, Trigger::kStartFailedEvent, State::kResolvedCanceledChildClosed},
      {State::kResolvedCanceled, Trigger::kCompletedEvent, State::kResolvedCanceledChildClosed},
      {State::kResolvedCanceled, Trigger::kFailedEvent, State::kResolvedCanceledChildClosed},
      {State::kResolvedCanceled, Trigger::kTimedOutEvent, State::kResolvedCanceledChildClosed},
      {State::kResolvedCanceled, Trigger::kCanceledEvent, State::kResolvedCanceledChildClosed},
      {State::kResolvedCanceled, Trigger::kTerminatedEvent, State::kResolvedCanceledChildClosed},
      // A cancel after the await resolved changes nothing.
      {State::kStartFailed, Trigger::kCancel, State::kStartFailed},
      {State::kCompleted, Trigger::kCancel, State::kCompleted},
      {State::kFailed, Trigger::kCancel, State::kFailed},
      {State::kTimedOut, Trigger::kCancel, State::kTimedOut},
      {State::kCanceled, Trigger::kCancel, State::kCanceled},
      {State::kTerminated, Trigger::kCancel, State::kTerminated},
      {State::kCanceledBeforeSent, Trigger::kCancel, State::kCanceledBeforeSent},
      {State::kResolvedCanceled, Trigger::kCancel, State::kResolvedCanceled},
      {State::kResolvedCanceledChildClosed, Trigger::kCancel, State::kResolvedCanceledChildClosed},
  };

  struct Names {
    static constexpr std::string_view kMachine = "ChildWorkflowMachine";
    static std::string_view Name(State state);
    static std::string_view Name(Trigger trigger);
  };

  // The request to cancel the child (RequestCancelExternalWorkflowExecution
  // with child_workflow_only), once the workflow canceled a child that is
  // at least initiated.
  enum class CancelRequestState {
    kNotRequested,
    kCommandCreated,   // the command is pending
    kCommandRecorded,  // RequestCancelExternalWorkflowExecutionInitiated is in history
    kRequested,        // ExternalWorkflowExecutionCancelRequested: the child was told
    kFailed,           // RequestCancelExternalWorkflowExecutionFailed
  };
  enum class CancelRequestTrigger {
    kIssue,
    kCommand,  // the command was matched with its event
    kInitiatedEvent,
    kCancelRequestedEvent,
    kFailedEvent,
  };

  // Every legal transition of the cancel request.
  static constexpr Transition<CancelRequestState, CancelRequestTrigger>
      kCancelRequestTransitions[] = {
          {CancelRequestState::kNotRequested, CancelRequestTrigger::kIssue,
           CancelRequestState::kCommandCreated},
          {CancelRequestState::kCommandCreated, CancelRequestTrigger::kCommand,
           CancelRequestState::kCommandCreated},
          {CancelRequestState::kCommandCreated, CancelRequestTrigger::kInitiatedEvent,
           CancelRequestState::kCommandRecorded},
          {CancelRequestState::kCommandRecorded, CancelRequestTrigger::kCancelRequestedEvent,
           CancelRequestState::kRequested},
          {CancelRequestState::kCommandRecorded, CancelRequestTrigger::kFailedEvent,
           CancelRequestState::kFailed},
      };

  struct CancelRequestNames {
    static constexpr std::string_view kMachine = "ChildWorkflowMachine.CancelRequest";
    static std::string_view Name(CancelRequestState state);
    static std::string_view Name(CancelRequestTrigger trigger);
  };

  // A child of the workflow's `seq`-th StartChildWorkflow. Nothing is
  // issued until Start.
  ChildWorkflowMachine(uint32_t seq, StartChildWorkflowCommand command, std::source_location where);

  uint32_t seq() const { return seq_; }
  // The child's workflow id: the command's, or, when the SDK generated it,
  // the one the history recorded.
  const std::string& workflow_id() const { return workflow_id_; }
  const std::string& workflow_type() const;
  // Empty until ChildWorkflowExecutionStarted.
  const std::string& run_id() const { return run_id_; }
  State state() const { return machine_.state(); }
  CancelRequestState cancel_request_state() const { return cancel_request_.state(); }

  // Start issues the StartChildWorkflowExecution command.
  void Start(MachineSink& sink);

  // Cancel cancels the child, as command.cancellation_type says (sdk-core's
  // semantics):
  // - start command not yet in history: it is withdrawn, and
  //   ResolveChildStartJob kCanceled resolves the start.
  // - initiated or started: kAbandon sends nothing; the other types send a
  //   RequestCancelExternalWorkflowExecution (child_workflow_only, `reason`).
  //   kAbandon and kTryCancel resolve the result as canceled at once,
  //   kWaitCancellationRequested when the child got the request,
  //   kWaitCancellationCompleted when the child closes.
  // - resolved: nothing. A second cancel sends nothing more.
  void Cancel(MachineSink& sink, std::string reason);
  // Whether Cancel came before the start command reached the server.
  bool canceled_before_sent() const { return state() == State::kCanceledBeforeSent; }

  std::string Describe() const override;
  // StartChildWorkflowExecutionInitiated for the start command (checks the
  // workflow type and id), RequestCancelExternalWorkflowExecutionInitiated
  // for the cancel request (checks the target workflow id).
  void OnCommandEvent(const temporal::api::command::v1::Command& command,
                      const temporal::api::history::v1::HistoryEvent& event,
                      MachineSink& sink) override;
  // The child's start and close events, and the cancel request's outcome
  // (ExternalWorkflowExecutionCancelRequested,
  // RequestCancelExternalWorkflowExecutionFailed).
  void OnEvent(const temporal::api::history::v1::HistoryEvent& event, MachineSink& sink) override;

 private:
  void OnCancelRequestEvent(const temporal::api::history::v1::HistoryEvent& event,
                            CancelRequestTrigger trigger, MachineSink& sink);
  void IssueCancelRequest(MachineSink& sink, std::string reason);
  void ResolveCanceled(MachineSink& sink);
  // The outer failure every child failure has: which child, and how far it got.
  temporal::api::failure::v1::Failure ChildFailure(
      std::string message, temporal::api::enums::v1::RetryState retry_state) const;

  uint32_t seq_;
  StartChildWorkflowCommand command_;
  std::string workflow_id_;
  // The child's namespace as the history recorded it (the command's field
  // is deprecated); empty before StartChildWorkflowExecutionInitiated.
  std::string namespace_;
  std::string run_id_;
  int64_t initiated_event_id_ = 0;
  int64_t started_event_id_ = 0;
  Machine<State, Trigger, Names> machine_;
  Machine<CancelRequestState, CancelRequestTrigger, CancelRequestNames> cancel_request_;
};

}  // namespace temporal::workflow_internal::machines

#endif  // TEMPORAL_WORKFLOW_INTERNAL_MACHINES_CHILD_WORKFLOW_MACHINE_H_
