// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// UpdateMachine: one workflow update, from the request to its recorded
// completion. The transitions are sdk-core's.
//
// An update speaks the update protocol, not plain commands: the workflow's
// answers (accept, reject, complete) are protocol messages sent with the
// workflow task's completion. An acceptance and a response also each get a
// ProtocolMessage command naming the message, which is what puts
// WorkflowExecutionUpdateAccepted and WorkflowExecutionUpdateCompleted in
// history in the order of the workflow's other commands. A rejection is a
// message only: nothing about it is recorded.
//
// The driver creates the machine when a request arrives: in a polled
// workflow task's messages (DoUpdateJobFromRequestMessage), or while
// replaying, from a WorkflowExecutionUpdateAccepted event among the command
// events of the workflow task being replayed (DoUpdateJobFromAcceptedEvent;
// the validator does not run again). On replay the machine still produces
// its messages; the driver does not send them.
//
//   UpdateMachine update(*DoUpdateJobFromRequestMessage(message), where,
//                        RequestOriginOf(message));
//   update.Deliver(sink);            // DoUpdateJob for the workflow
//   update.Accept(sink);             // message "<request id>/accept" + its command
//   update.OnCommandEvent(command, accepted_event, sink);   // history: UpdateAccepted
//   update.Complete(sink, outcome);  // message "<request id>/complete" + its command
//   update.OnCommandEvent(command, completed_event, sink);  // history: UpdateCompleted
#ifndef TEMPORAL_WORKFLOW_INTERNAL_MACHINES_UPDATE_MACHINE_H_
#define TEMPORAL_WORKFLOW_INTERNAL_MACHINES_UPDATE_MACHINE_H_

#include <cstdint>
#include <optional>
#include <source_location>
#include <string>
#include <string_view>

#include "temporal/api/command/v1/message.pb.h"
#include "temporal/api/failure/v1/message.pb.h"
#include "temporal/api/history/v1/message.pb.h"
#include "temporal/api/protocol/v1/message.pb.h"
#include "temporal/api/update/v1/message.pb.h"
#include "temporal/workflow/internal/activation.h"
#include "temporal/workflow/internal/machines/command_machine.h"
#include "temporal/workflow/internal/machines/transition_table.h"

namespace temporal::workflow_internal::machines {

// UpdateRequestOrigin: the request message an update arrived in. The
// acceptance and the rejection cite it back to the server, which records
// sequencing_event_id in WorkflowExecutionUpdateAccepted (replay uses it to
// find the workflow task the update belongs to).
struct UpdateRequestOrigin {
  // The server's id for the request message ("<update id>/request" from
  // current servers). Empty: that default.
  std::string message_id;
  // The last history event the request was sequenced after.
  int64_t sequencing_event_id = 0;
  // The request as received. Without meta: rebuilt from the DoUpdateJob.
  temporal::api::update::v1::Request request;
};

// DoUpdateJobFromRequest: the job for `request`, addressed by
// `protocol_instance_id` (the server uses the update id).
DoUpdateJob DoUpdateJobFromRequest(const temporal::api::update::v1::Request& request,
                                   std::string protocol_instance_id, bool run_validator);

// DoUpdateJobFromRequestMessage: the job for a protocol message of a polled
// workflow task whose body is a temporal.api.update.v1.Request; the
// validator runs. nullopt for a message of another protocol (nothing for
// the workflow); temporal::Error for an update request without meta or
// input.
std::optional<DoUpdateJob> DoUpdateJobFromRequestMessage(
    const temporal::api::protocol::v1::Message& message);

// DoUpdateJobFromAcceptedEvent: the job for an update the history shows
// accepted; the validator does not run again. An event written after an
// UpdateAdmitted event carries no request: the job then has only the ids,
// and the driver should build it from the admitted request instead
// (DoUpdateJobFromRequest). Throws temporal::Error for another event type.
DoUpdateJob DoUpdateJobFromAcceptedEvent(const temporal::api::history::v1::HistoryEvent& accepted);

// RequestOriginOf: where the request of a polled message, or of an
// accepted event, came from.
UpdateRequestOrigin RequestOriginOf(const temporal::api::protocol::v1::Message& message);
UpdateRequestOrigin RequestOriginOf(const temporal::api::history::v1::HistoryEvent& accepted);

class UpdateMachine final : public CommandMachine {
 public:
  enum class State {
    kRequestInitiated,          // delivered; the workflow has not answered
    kAccepted,                  // accepted; the acceptance's command not yet queued
    kAcceptCommandCreated,      // the acceptance is pending, not yet in history
    kAcceptCommandRecorded,     // WorkflowExecutionUpdateAccepted is in history
    kCompleted,                 // answered after that; the response's command not yet queued
    kCompletedCommandCreated,   // the response is pending, not yet in history
    kCompletedCommandRecorded,  // WorkflowExecutionUpdateCompleted is in history
    kRejected,                  // the validator rejected it (final: nothing is recorded)
    // The handler finished before the acceptance reached history (in the
    // same activation, or a later one of the same workflow task):
    kCompletedImmediatelyAcceptCreated,    // the response's command not yet queued
    kCompletedImmediatelyCompleteCreated,  // both commands pending
  };
  enum class Trigger {
    kAccept,                  // the workflow accepted (the validator passed)
    kReject,                  // the validator threw; after acceptance, the handler did
    kComplete,                // the handler's outcome
    kProtocolMessageCommand,  // the ProtocolMessage command for the last message was queued
    kUpdateAcceptedEvent,
    kUpdateCompletedEvent,
  };

  // Every legal transition of an update. sdk-core has one state more,
  // CompletedImmediately: answered after the acceptance but before the
  // acceptance's command was queued. Here a command is queued the moment
  // the machine pushes it, so that state cannot occur and its rows are left out.
  static constexpr Transition<State, Trigger> kTransitions[] = {
      {State::kRequestInitiated, Trigger::kAccept, State::kAccepted},
      {State::kRequestInitiated, Trigger::kReject, State::kRejected},
      {State::kAccepted, Trigger::kProtocolMessageCommand, State::kAcceptCommandCreated},
      {State::kAcceptCommandCreated, Trigger::kUpdateAcceptedEvent, State::kAcceptCommandRecorded},
      {State::kAcceptCommandCreated, Trigger::kComplete, State::kCompletedImmediatelyAcceptCreated},
      {State::kAcceptCommandCreated, Trigger::kReject, State::kCompletedImmediatelyAcceptCreated},
      {State::kAcceptCommandRecorded, Trigger::kComplete, State::kCompleted},
      {State::kAcceptCommandRecorded, Trigger::kReject, State::kCompleted},
      {State::kCompleted, Trigger::kProtocolMessageCommand, State::kCompletedCommandCreated},
      {State::kCompletedCommandCreated, Trigger::kUpdateCompletedEvent,
       State::kCompletedCommandRecorded},
      {State::kCompletedImmediatelyAcceptCreated, Trigger::kProtocolMessageCommand,
       State::kCompletedImmediatelyCompleteCreated},
      {State::kCompletedImmediatelyCompleteCreated, Trigger::kUpdateAcceptedEvent,
       State::kCompletedCommandCreated},
  };

  struct Names {
    static constexpr std::string_view kMachine = "UpdateMachine";
    static std::string_view Name(State state);
    static std::string_view Name(Trigger trigger);
  };

  UpdateMachine(DoUpdateJob request, std::source_location where, UpdateRequestOrigin origin = {});

  const std::string& update_id() const { return job_.update_id; }
  const std::string& protocol_instance_id() const { return job_.protocol_instance_id; }
  const std::string& name() const { return job_.name; }
  const DoUpdateJob& job() const { return job_; }
  State state() const { return machine_.state(); }
  // The ids of the messages this machine sends: "<request message id>/accept",
  // "/reject", "/complete", as sdk-core names them.
  std::string accept_message_id() const { return origin_.message_id + "/accept"; }
  std::string reject_message_id() const { return origin_.message_id + "/reject"; }
  std::string complete_message_id() const { return origin_.message_id + "/complete"; }

  // Deliver pushes the DoUpdateJob for the workflow's handler.
  void Deliver(MachineSink& sink);

  // The workflow's answers (UpdateResponseCommand). An answer the state
  // does not allow (completing before accepting, answering twice) is a
  // runtime bug: IllegalTransition.
  //
  // Accept pushes the Acceptance message and its ProtocolMessage command.
  void Accept(MachineSink& sink);
  // Reject before acceptance pushes the Rejection message, and no command.
  // After acceptance the server takes no rejection: like sdk-core, the
  // failure becomes the update's outcome (a Response, as Complete).
  void Reject(MachineSink& sink, temporal::api::failure::v1::Failure failure);
  // Complete pushes the Response message (success or failure outcome) and
  // its ProtocolMessage command.
  void Complete(MachineSink& sink, temporal::api::update::v1::Outcome outcome);

  std::string Describe() const override;
  // The ProtocolMessage command of the acceptance with
  // WorkflowExecutionUpdateAccepted, or of the response with
  // WorkflowExecutionUpdateCompleted, for this update id. The driver cannot
  // check the event type of a ProtocolMessage command: this does.
  void OnCommandEvent(const temporal::api::command::v1::Command& command,
                      const temporal::api::history::v1::HistoryEvent& event,
                      MachineSink& sink) override;
  // No non-command event refers to an update: always non-determinism.
  void OnEvent(const temporal::api::history::v1::HistoryEvent& event, MachineSink& sink) override;

 private:
  // Apply, or IllegalTransition naming the update for an answer the state
  // does not allow.
  void ApplyAnswer(Trigger trigger);
  // Pushes the Response message and its command.
  void PushResponse(MachineSink& sink, temporal::api::update::v1::Outcome outcome);
  // Pushes `body` as message `message_id` (and its ProtocolMessage command
  // when `with_command`).
  void PushMessage(MachineSink& sink, const std::string& message_id,
                   const google::protobuf::Message& body, bool with_command);

  DoUpdateJob job_;
  UpdateRequestOrigin origin_;
  Machine<State, Trigger, Names> machine_;
};

}  // namespace temporal::workflow_internal::machines

#endif  // TEMPORAL_WORKFLOW_INTERNAL_MACHINES_UPDATE_MACHINE_H_
