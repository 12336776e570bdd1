// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/machines/update_machine.h"

#include "temporal/common/error.h"

namespace temporal::workflow_internal::machines {
namespace {
namespace enums = temporal::api::enums::v1;
namespace update = temporal::api::update::v1;
using temporal::api::command::v1::Command;
using temporal::api::history::v1::HistoryEvent;
using temporal::api::protocol::v1::Message;

// The request the job was made from, for an acceptance or rejection to cite
// when the origin did not keep it.
update::Request RequestOf(const DoUpdateJob& job) {
  update::Request request;
  request.mutable_meta()->set_update_id(job.update_id);
  request.mutable_meta()->set_identity(job.identity);
  auto* input = request.mutable_input();
  input->set_name(job.name);
  *input->mutable_args() = job.input;
  *input->mutable_header() = job.header;
  return request;
}
}  // namespace

DoUpdateJob DoUpdateJobFromRequest(const update::Request& request, std::string protocol_instance_id,
                                   bool run_validator) {
  DoUpdateJob job;
  job.update_id =
      request.meta().update_id().empty() ? protocol_instance_id : request.meta().update_id();
  job.protocol_instance_id = std::move(protocol_instance_id);
  job.name = request.input().name();
  job.input = request.input().args();
  job.header = request.input().header();
  job.identity = request.meta().identity();
  job.run_validator = run_validator;
  return job;
}

std::optional<DoUpdateJob> DoUpdateJobFromRequestMessage(const Message& message) {
  if (!message.body().Is<update::Request>()) return std::nullopt;
  update::Request request;
  if (!message.body().UnpackTo(&request)) {
    throw Error("protocol message " + Quoted(message.id()) +
                " carries an update request that does not parse");
  }
  if (!request.has_meta() || !request.has_input()) {
    throw Error("protocol message " + Quoted(message.id()) + " carries an update request without " +
                (request.has_meta() ? "input" : "meta"));
  }
  return DoUpdateJobFromRequest(request, message.protocol_instance_id(), /*run_validator=*/true);
}

DoUpdateJob DoUpdateJobFromAcceptedEvent(const HistoryEvent& accepted) {
  if (!accepted.has_workflow_execution_update_accepted_event_attributes()) {
    throw Error("history event " + std::to_string(accepted.event_id()) + " (" +
                DescribeEvent(accepted) + ") is not a WorkflowExecutionUpdateAccepted event");
  }
  const auto& attributes = accepted.workflow_execution_update_accepted_event_attributes();
  return DoUpdateJobFromRequest(attributes.accepted_request(), attributes.protocol_instance_id(),
                                /*run_validator=*/false);
}

UpdateRequestOrigin RequestOriginOf(const Message& message) {
  UpdateRequestOrigin origin;
  origin.message_id = message.id();
  // 0 when the message is sequenced by command index, or not at all.
  origin.sequencing_event_id = message.event_id();
  message.body().UnpackTo(&origin.request);
  return origin;
}

UpdateRequestOrigin RequestOriginOf(const HistoryEvent& accepted) {
  const auto& attributes = accepted.workflow_execution_update_accepted_event_attributes();
  UpdateRequestOrigin origin;
  origin.message_id = attributes.accepted_request_message_id();
  origin.sequencing_event_id = attributes.accepted_request_sequencing_event_id();
  origin.request = attributes.accepted_request();
  return origin;
}

std::string_view UpdateMachine::Names::Name(State state) {
  switch (state) {
    case State::kRequestInitiated: return "RequestInitiated";
    case State::kAccepted: return "Accepted";
    case State::kAcceptCommandCreated: return "AcceptCommandCreated";
    case State::kAcceptCommandRecorded: return "AcceptCommandRecorded";
    case State::kCompleted: return "Completed";
    case State::kCompletedCommandCreated: return "CompletedCommandCreated";
    case State::kCompletedCommandRecorded: return "CompletedCommandRecorded";
    case State::kRejected: return "Rejected";
    case State::kCompletedImmediatelyAcceptCreated: return "CompletedImmediatelyAcceptCreated";
    case State::kCompletedImmediatelyCompleteCreated: return "CompletedImmediatelyCompleteCreated";
  }
  return "?";
}

std::string_view UpdateMachine::Names::Name(Trigger trigger) {
  switch (trigger) {
    case Trigger::kAccept: return "Accept";
    case Trigger::kReject: return "Reject";
    case Trigger::kComplete: return "Complete";
    case Trigger::kProtocolMessageCommand: return "ProtocolMessageCommand";
    case Trigger::kUpdateAcceptedEvent: return "WorkflowExecutionUpdateAccepted";
    case Trigger::kUpdateCompletedEvent: return "WorkflowExecutionUpdateCompleted";
  }
  return "?";
}

UpdateMachine::UpdateMachine(DoUpdateJob request, std::source_location where,
                             UpdateRequestOrigin origin)
    : CommandMachine(where),
      job_(std::move(request)),
      origin_(std::move(origin)),
      machine_(kTransitions, State::kRequestInitiated) {
  // Current servers name the request message "<update id>/request".
  if (origin_.message_id.empty()) origin_.message_id = job_.protocol_instance_id + "/request";
  if (!origin_.request.has_meta()) origin_.request = RequestOf(job_);
}

std::string UpdateMachine::Describe() const {
  return "update " + Quoted(job_.name) + " (id " + Quoted(job_.update_id) + ")";
}

void UpdateMachine::Deliver(MachineSink& sink) { sink.PushJob(job_); }

void UpdateMachine::ApplyAnswer(Trigger trigger) {
  if (!machine_.CanApply(trigger)) {
    throw IllegalTransition(std::string(Names::kMachine) + ": the workflow's answer " +
                            std::string(Names::Name(trigger)) + " to " + Describe() +
                            " is not legal in state " + std::string(Names::Name(machine_.state())));
  }
  machine_.Apply(trigger);
}

void UpdateMachine::PushMessage(MachineSink& sink, const std::string& message_id,
                                const google::protobuf::Message& body, bool with_command) {
  Message message;
  message.set_id(message_id);
  message.set_protocol_instance_id(job_.protocol_instance_id);
  message.mutable_body()->PackFrom(body);
  sink.PushMessage(std::move(message));
  if (!with_command) return;
  Command command;
  command.set_command_type(enums::COMMAND_TYPE_PROTOCOL_MESSAGE);
  command.mutable_protocol_message_command_attributes()->set_message_id(message_id);
  sink.PushCommand(*this, std::move(command));
  machine_.Apply(Trigger::kProtocolMessageCommand);
}

void UpdateMachine::Accept(MachineSink& sink) {
  ApplyAnswer(Trigger::kAccept);
  update::Acceptance acceptance;
  acceptance.set_accepted_request_message_id(origin_.message_id);
  acceptance.set_accepted_request_sequencing_event_id(origin_.sequencing_event_id);
  *acceptance.mutable_accepted_request() = origin_.request;
  PushMessage(sink, accept_message_id(), acceptance, /*with_command=*/true);
}

void UpdateMachine::Reject(MachineSink& sink, temporal::api::failure::v1::Failure failure) {
  const bool before_acceptance = machine_.state() == State::kRequestInitiated;
  ApplyAnswer(Trigger::kReject);
  if (!before_acceptance) {
    update::Outcome outcome;
    *outcome.mutable_failure() = std::move(failure);
    PushResponse(sink, std::move(outcome));
    return;
  }
  update::Rejection rejection;
  rejection.set_rejected_request_message_id(origin_.message_id);
  rejection.set_rejected_request_sequencing_event_id(origin_.sequencing_event_id);
  *rejection.mutable_rejected_request() = origin_.request;
  *rejection.mutable_failure() = std::move(failure);
  PushMessage(sink, reject_message_id(), rejection, /*with_command=*/false);
}

void UpdateMachine::Complete(MachineSink& sink, update::Outcome outcome) {
  ApplyAnswer(Trigger::kComplete);
  PushResponse(sink, std::move(outcome));
}

void UpdateMachine::PushResponse(MachineSink& sink, update::Outcome outcome) {
  update::Response response;
  *response.mutable_meta() = origin_.request.meta();
  *response.mutable_outcome() = std::move(outcome);
  PushMessage(sink, complete_message_id(), response, /*with_command=*/true);
}

void UpdateMachine::OnCommandEvent(const Command& command, const HistoryEvent& event,
                                   MachineSink&) {
  const std::string& message_id = command.protocol_message_command_attributes().message_id();
  const bool acceptance = message_id == accept_message_id();
  if (!acceptance && message_id != complete_message_id()) {
    Mismatch(event, "the workflow sent protocol message " + Quoted(message_id) +
                        ", which is not one of " + Describe() + "'s");
  }
  const std::string code_did =
      (acceptance ? "the workflow accepted " : "the workflow completed ") + Describe();
  const auto expected = acceptance ? enums::EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED
                                   : enums::EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED;
  if (event.event_type() != expected) Mismatch(event, code_did);
  if (acceptance) {
    // An acceptance written after an UpdateAdmitted event has no request:
    // the protocol instance id is then all there is to compare.
    const auto& attributes = event.workflow_execution_update_accepted_event_attributes();
    const std::string& recorded_update_id = attributes.accepted_request().meta().update_id();
    if (attributes.protocol_instance_id() != job_.protocol_instance_id ||
        (!recorded_update_id.empty() && recorded_update_id != job_.update_id)) {
      Mismatch(event, code_did);
    }
  } else if (event.workflow_execution_update_completed_event_attributes().meta().update_id() !=
             job_.update_id) {
    Mismatch(event, code_did);
  }
  const Trigger trigger =
      acceptance ? Trigger::kUpdateAcceptedEvent : Trigger::kUpdateCompletedEvent;
  if (!machine_.CanApply(trigger)) {
    Mismatch(event, code_did + ", which is in state " + std::string(Names::Name(machine_.state())) +
                        ", where " + std::string(Names::Name(trigger)) + " cannot be recorded");
  }
  machine_.Apply(trigger);
}

void UpdateMachine::OnEvent(const HistoryEvent& event, MachineSink&) {
  Mismatch(event, "the workflow's " + Describe() + " (state " +
                      std::string(Names::Name(machine_.state())) +
                      ") has no event other than its acceptance and completion");
}

}  // namespace temporal::workflow_internal::machines
