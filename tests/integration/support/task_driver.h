// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// TaskDriver: plays a worker's part with raw WorkflowService calls, so client
// tests can make workflows complete, fail, continue as new or answer queries
// before (and independently of) the SDK's own worker. Test code only.
//
//   TaskDriver driver(connection, "default", task_queue);
//   auto task = driver.PollWorkflowTask();          // the first workflow task
//   driver.CompleteWorkflow(task, converter.ToPayloads(std::string("done")));
#ifndef TEMPORAL_TESTS_INTEGRATION_SUPPORT_TASK_DRIVER_H_
#define TEMPORAL_TESTS_INTEGRATION_SUPPORT_TASK_DRIVER_H_

#include <memory>
#include <string>
#include <vector>

#include "temporal/api/command/v1/message.pb.h"
#include "temporal/api/protocol/v1/message.pb.h"
#include "temporal/api/update/v1/message.pb.h"
#include "temporal/api/workflowservice/v1/request_response.pb.h"
#include "temporal/client/connection.h"

namespace temporal::testing {

using WorkflowTask = temporal::api::workflowservice::v1::PollWorkflowTaskQueueResponse;

class TaskDriver {
 public:
  TaskDriver(std::shared_ptr<Connection> connection, std::string namespace_, std::string task_queue)
      : connection_(std::move(connection)),
        namespace_(std::move(namespace_)),
        task_queue_(std::move(task_queue)) {}

  // PollWorkflowTask waits for the next workflow task; throws if none comes
  // within a long poll.
  WorkflowTask PollWorkflowTask();

  // Respond finishes a workflow task with these commands (none: keep running).
  void Respond(const WorkflowTask& task,
               std::vector<temporal::api::command::v1::Command> commands = {});

  void CompleteWorkflow(const WorkflowTask& task, std::vector<temporal::api::common::v1::Payload> result);
  void FailWorkflow(const WorkflowTask& task, const temporal::api::failure::v1::Failure& failure);
  void CancelWorkflow(const WorkflowTask& task);
  void ContinueAsNew(const WorkflowTask& task, const std::string& workflow_type,
                     std::vector<temporal::api::common::v1::Payload> input);

  // ScheduleActivity schedules an activity on this driver's task queue (one
  // attempt only) and keeps the workflow running.
  void ScheduleActivity(const WorkflowTask& task, const std::string& activity_id,
                        const std::string& activity_type);
  // RequestCancelActivity asks to cancel the activity scheduled by event `scheduled_event_id`.
  void RequestCancelActivity(const WorkflowTask& task, int64_t scheduled_event_id);
  // PollActivityTask waits for the next activity task; throws if none comes.
  temporal::api::workflowservice::v1::PollActivityTaskQueueResponse PollActivityTask();

  // The update requests a workflow task carries (protocol messages).
  struct UpdateRequest {
    temporal::api::protocol::v1::Message message;
    temporal::api::update::v1::Request request;
  };
  static std::vector<UpdateRequest> Updates(const WorkflowTask& task);

  // Replies to the task's first update: accept and complete it with
  // `result`; accept it only (complete later with CompleteAccepted); or
  // reject it (as a validator would).
  void AcceptAndComplete(const WorkflowTask& task,
                         std::vector<temporal::api::common::v1::Payload> result);
  void AcceptOnly(const WorkflowTask& task);
  void CompleteAccepted(const WorkflowTask& task, const std::string& update_id,
                        std::vector<temporal::api::common::v1::Payload> result);
  void Reject(const WorkflowTask& task, const temporal::api::failure::v1::Failure& failure);

  // AnswerQuery answers a query-only task (task.has_query()).
  void AnswerQuery(const WorkflowTask& task, const temporal::api::common::v1::Payload& answer);
  void FailQuery(const WorkflowTask& task, const std::string& error_message);

  const std::string& task_queue() const { return task_queue_; }

 private:
  // Sends messages with a PROTOCOL_MESSAGE command for each (as a worker
  // does for acceptances and responses).
  void RespondWithMessages(const WorkflowTask& task,
                           std::vector<temporal::api::protocol::v1::Message> messages,
                           bool with_commands);

  std::shared_ptr<Connection> connection_;
  std::string namespace_;
  std::string task_queue_;
};

}  // namespace temporal::testing

#endif  // TEMPORAL_TESTS_INTEGRATION_SUPPORT_TASK_DRIVER_H_
