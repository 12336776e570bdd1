// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "support/task_driver.h"

#include <stdexcept>

namespace temporal::testing {
namespace {
namespace ws = temporal::api::workflowservice::v1;
namespace enums = temporal::api::enums::v1;
using temporal::api::command::v1::Command;
}  // namespace

WorkflowTask TaskDriver::PollWorkflowTask() {
  ws::PollWorkflowTaskQueueRequest request;
  request.set_namespace_(namespace_);
  request.mutable_task_queue()->set_name(task_queue_);
  request.mutable_task_queue()->set_kind(enums::TASK_QUEUE_KIND_NORMAL);
  request.set_identity("task-driver");
  WorkflowTask task = connection_->PollWorkflowTaskQueue(request);
  if (task.task_token().empty()) {
    throw std::runtime_error("no workflow task on " + task_queue_ + " within a long poll");
  }
  return task;
}

void TaskDriver::Respond(const WorkflowTask& task, std::vector<Command> commands) {
  ws::RespondWorkflowTaskCompletedRequest request;
  request.set_task_token(task.task_token());
  request.set_namespace_(namespace_);
  request.set_identity("task-driver");
  for (auto& command : commands) *request.add_commands() = std::move(command);
  connection_->RespondWorkflowTaskCompleted(request);
}

void TaskDriver::CompleteWorkflow(const WorkflowTask& task,
                                  std::vector<temporal::api::common::v1::Payload> result) {
  Command command;
  command.set_command_type(enums::COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION);
  auto* attributes = command.mutable_complete_workflow_execution_command_attributes();
  for (auto& payload : result) *attributes->mutable_result()->add_payloads() = std::move(payload);
  Respond(task, {std::move(command)});
}

void TaskDriver::FailWorkflow(const WorkflowTask& task,
                              const temporal::api::failure::v1::Failure& failure) {
  Command command;
  command.set_command_type(enums::COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION);
  *command.mutable_fail_workflow_execution_command_attributes()->mutable_failure() = failure;
  Respond(task, {std::move(command)});
}

void TaskDriver::CancelWorkflow(const WorkflowTask& task) {
  Command command;
  command.set_command_type(enums::COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION);
  command.mutable_cancel_workflow_execution_command_attributes();
  Respond(task, {std::move(command)});
}

void TaskDriver::ContinueAsNew(const WorkflowTask& task, const std::string& workflow_type,
                               std::vector<temporal::api::common::v1::Payload> input) {
  Command command;
  command.set_command_type(enums::COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION);
  auto* attributes = command.mutable_continue_as_new_workflow_execution_command_attributes();
  attributes->mutable_workflow_type()->set_name(workflow_type);
  attributes->mutable_task_queue()->set_name(task_queue_);
  for (auto& payload : input) *attributes->mutable_input()->add_payloads() = std::move(payload);
  Respond(task, {std::move(command)});
}

void TaskDriver::ScheduleActivity(const WorkflowTask& task, const std::string& activity_id,
                                  const std::string& activity_type) {
  Command command;
  command.set_command_type(enums::COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK);
  auto* attributes = command.mutable_schedule_activity_task_command_attributes();
  attributes->set_activity_id(activity_id);
  attributes->mutable_activity_type()->set_name(activity_type);
  attributes->mutable_task_queue()->set_name(task_queue_);
  attributes->mutable_start_to_close_timeout()->set_seconds(60);
  attributes->mutable_retry_policy()->set_maximum_attempts(1);
  Respond(task, {std::move(command)});
}

void TaskDriver::RequestCancelActivity(const WorkflowTask& task, int64_t scheduled_event_id) {
  Command command;
  command.set_command_type(enums::COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK);
  command.mutable_request_cancel_activity_task_command_attributes()->set_scheduled_event_id(
      scheduled_event_id);
  Respond(task, {std::move(command)});
}

ws::PollActivityTaskQueueResponse TaskDriver::PollActivityTask() {
  ws::PollActivityTaskQueueRequest request;
  request.set_namespace_(namespace_);
  request.mutable_task_queue()->set_name(task_queue_);
  request.set_identity("task-driver");
  auto task = connection_->PollActivityTaskQueue(request);
  if (task.task_token().empty()) {
    throw std::runtime_error("no activity task on " + task_queue_ + " within a long poll");
  }
  return task;
}

std::vector<TaskDriver::UpdateRequest> TaskDriver::Updates(const WorkflowTask& task) {
  std::vector<UpdateRequest> updates;
  for (const auto& message : task.messages()) {
    UpdateRequest update;
    if (message.body().UnpackTo(&update.request)) {
      update.message = message;
      updates.push_back(std::move(update));
    }
  }
  return updates;
}

void TaskDriver::RespondWithMessages(const WorkflowTask& task,
                                     std::vector<temporal::api::protocol::v1::Message> messages,
                                     bool with_commands) {
  ws::RespondWorkflowTaskCompletedRequest request;
  request.set_task_token(task.task_token());
  request.set_namespace_(namespace_);
  request.set_identity("task-driver");
  for (auto& message : messages) {
    if (with_commands) {
      auto* command = request.add_commands();
      command->set_command_type(enums::COMMAND_TYPE_PROTOCOL_MESSAGE);
      command->mutable_protocol_message_command_attributes()->set_message_id(message.id());
    }
    *request.add_messages() = std::move(message);
  }
  connection_->RespondWorkflowTaskCompleted(request);
}

namespace {
temporal::api::protocol::v1::Message ProtocolMessage(const std::string& update_id,
                                                     const std::string& suffix,
                                                     const google::protobuf::Message& body) {
  temporal::api::protocol::v1::Message message;
  message.set_id(update_id + "/" + suffix);
  message.set_protocol_instance_id(update_id);
  message.mutable_body()->PackFrom(body);
  return message;
}

temporal::api::protocol::v1::Message Acceptance(const TaskDriver::UpdateRequest& update) {
  temporal::api::update::v1::Acceptance acceptance;
  acceptance.set_accepted_request_message_id(update.message.id());
  acceptance.set_accepted_request_sequencing_event_id(update.message.event_id());
  *acceptance.mutable_accepted_request() = update.request;
  return ProtocolMessage(update.request.meta().update_id(), "accept", acceptance);
}

temporal::api::protocol::v1::Message Completion(
    const std::string& update_id, std::vector<temporal::api::common::v1::Payload> result) {
  temporal::api::update::v1::Response response;
  response.mutable_meta()->set_update_id(update_id);
  auto* success = response.mutable_outcome()->mutable_success();
  for (auto& payload : result) *success->add_payloads() = std::move(payload);
  return ProtocolMessage(update_id, "complete", response);
}

TaskDriver::UpdateRequest FirstUpdate(const WorkflowTask& task) {
  auto updates = TaskDriver::Updates(task);
  if (updates.empty()) throw std::runtime_error("the workflow task carries no update");
  return updates.front();
}
}  // namespace

void TaskDriver::AcceptAndComplete(const WorkflowTask& task,
                                   std::vector<temporal::api::common::v1::Payload> result) {
  UpdateRequest update = FirstUpdate(task);
  RespondWithMessages(task,
                      {Acceptance(update),
                       Completion(update.request.meta().update_id(), std::move(result))},
                      /*with_commands=*/true);
}

void TaskDriver::AcceptOnly(const WorkflowTask& task) {
  RespondWithMessages(task, {Acceptance(FirstUpdate(task))}, /*with_commands=*/true);
}

void TaskDriver::CompleteAccepted(const WorkflowTask& task, const std::string& update_id,
                                  std::vector<temporal::api::common::v1::Payload> result) {
  RespondWithMessages(task, {Completion(update_id, std::move(result))}, /*with_commands=*/true);
}

void TaskDriver::Reject(const WorkflowTask& task,
                        const temporal::api::failure::v1::Failure& failure) {
  UpdateRequest update = FirstUpdate(task);
  temporal::api::update::v1::Rejection rejection;
  rejection.set_rejected_request_message_id(update.message.id());
  rejection.set_rejected_request_sequencing_event_id(update.message.event_id());
  *rejection.mutable_rejected_request() = update.request;
  *rejection.mutable_failure() = failure;
  // A rejection leaves no trace in history: no command goes with it.
  RespondWithMessages(task, {ProtocolMessage(update.request.meta().update_id(), "reject", rejection)},
                      /*with_commands=*/false);
}

void TaskDriver::AnswerQuery(const WorkflowTask& task,
                             const temporal::api::common::v1::Payload& answer) {
  ws::RespondQueryTaskCompletedRequest request;
  request.set_task_token(task.task_token());
  request.set_namespace_(namespace_);
  request.set_completed_type(enums::QUERY_RESULT_TYPE_ANSWERED);
  *request.mutable_query_result()->add_payloads() = answer;
  connection_->RespondQueryTaskCompleted(request);
}

void TaskDriver::FailQuery(const WorkflowTask& task, const std::string& error_message) {
  ws::RespondQueryTaskCompletedRequest request;
  request.set_task_token(task.task_token());
  request.set_namespace_(namespace_);
  request.set_completed_type(enums::QUERY_RESULT_TYPE_FAILED);
  request.set_error_message(error_message);
  request.mutable_failure()->set_message(error_message);
  connection_->RespondQueryTaskCompleted(request);
}

}  // namespace temporal::testing
