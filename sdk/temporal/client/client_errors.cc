// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/client/client_errors.h"

namespace temporal {
namespace {

std::string StatusName(WorkflowExecutionStatus status) {
  return temporal::api::enums::v1::WorkflowExecutionStatus_Name(status);
}

std::string FailedMessage(const std::string& workflow_id, const std::string& run_id,
                          WorkflowExecutionStatus status, const FailureError* cause) {
  std::string message = "workflow " + workflow_id + " (run " + run_id + ") closed as " +
                        StatusName(status);
  if (cause != nullptr && !cause->message().empty()) message += ": " + cause->message();
  return message;
}

}  // namespace

WorkflowFailedError::WorkflowFailedError(std::string workflow_id, std::string run_id,
                                         WorkflowExecutionStatus status,
                                         std::shared_ptr<const FailureError> cause)
    : Error(FailedMessage(workflow_id, run_id, status, cause.get())),
      workflow_id_(std::move(workflow_id)),
      run_id_(std::move(run_id)),
      status_(status),
      cause_(std::move(cause)) {}

WorkflowContinuedAsNewError::WorkflowContinuedAsNewError(std::string workflow_id,
                                                         std::string new_run_id)
    : Error("workflow " + workflow_id + " continued as new as run " + new_run_id),
      workflow_id_(std::move(workflow_id)),
      new_run_id_(std::move(new_run_id)) {}

QueryRejectedError::QueryRejectedError(std::string workflow_id, std::string query_type,
                                       WorkflowExecutionStatus status)
    : Error("query " + query_type + " on workflow " + workflow_id + " was rejected: status " +
            StatusName(status)),
      status_(status) {}

WorkflowUpdateFailedError::WorkflowUpdateFailedError(std::string workflow_id,
                                                     std::string update_id,
                                                     std::shared_ptr<const FailureError> cause)
    : Error("update " + update_id + " of workflow " + workflow_id + " failed" +
            (cause != nullptr && !cause->message().empty() ? ": " + cause->message() : "")),
      update_id_(std::move(update_id)),
      cause_(std::move(cause)) {}

}  // namespace temporal
