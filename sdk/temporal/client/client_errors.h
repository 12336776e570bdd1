// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Errors about a workflow's outcome, thrown by WorkflowHandle (gRPC errors
// are RpcError, see rpc_error.h).
//
//   try {
//     auto receipt = handle.Result<Receipt>();
//   } catch (const temporal::WorkflowFailedError& e) {
//     // e.cause() says how: ApplicationError, CanceledError, TerminatedError, TimeoutError
//     if (auto* app = e.cause_as<temporal::ApplicationError>()) std::cerr << app->type();
//   }
#ifndef TEMPORAL_CLIENT_CLIENT_ERRORS_H_
#define TEMPORAL_CLIENT_CLIENT_ERRORS_H_

#include <memory>
#include <string>

#include "temporal/api/enums/v1/workflow.pb.h"
#include "temporal/common/error.h"
#include "temporal/common/failure.h"

namespace temporal {

using WorkflowExecutionStatus = temporal::api::enums::v1::WorkflowExecutionStatus;

// WorkflowFailedError: the workflow closed without a result. status() says
// how it closed; cause() is the failure: ApplicationError (failed),
// CanceledError (canceled), TerminatedError (terminated) or TimeoutError
// (timed out), with its own cause chain.
class WorkflowFailedError : public Error {
 public:
  WorkflowFailedError(std::string workflow_id, std::string run_id,
                      WorkflowExecutionStatus status, std::shared_ptr<const FailureError> cause);

  const std::string& workflow_id() const { return workflow_id_; }
  const std::string& run_id() const { return run_id_; }
  WorkflowExecutionStatus status() const { return status_; }
  const FailureError* cause() const { return cause_.get(); }
  const std::shared_ptr<const FailureError>& shared_cause() const { return cause_; }
  template <typename T>
  const T* cause_as() const {
    return dynamic_cast<const T*>(cause_.get());
  }

 private:
  std::string workflow_id_;
  std::string run_id_;
  WorkflowExecutionStatus status_;
  std::shared_ptr<const FailureError> cause_;
};

// WorkflowContinuedAsNewError: the run continued as new and the caller asked
// not to follow runs (ResultOptions::follow_runs = false).
class WorkflowContinuedAsNewError : public Error {
 public:
  WorkflowContinuedAsNewError(std::string workflow_id, std::string new_run_id);
  const std::string& workflow_id() const { return workflow_id_; }
  const std::string& new_run_id() const { return new_run_id_; }

 private:
  std::string workflow_id_;
  std::string new_run_id_;
};

// QueryRejectedError: the query was not run because the workflow's status
// matched the query's reject condition.
class QueryRejectedError : public Error {
 public:
  QueryRejectedError(std::string workflow_id, std::string query_type,
                     WorkflowExecutionStatus status);
  WorkflowExecutionStatus status() const { return status_; }

 private:
  WorkflowExecutionStatus status_;
};

// WorkflowUpdateFailedError: an update was rejected (by its validator) or its
// handler failed; cause() is the failure (usually an ApplicationError).
class WorkflowUpdateFailedError : public Error {
 public:
  WorkflowUpdateFailedError(std::string workflow_id, std::string update_id,
                            std::shared_ptr<const FailureError> cause);
  const std::string& update_id() const { return update_id_; }
  const FailureError* cause() const { return cause_.get(); }
  template <typename T>
  const T* cause_as() const {
    return dynamic_cast<const T*>(cause_.get());
  }

 private:
  std::string update_id_;
  std::shared_ptr<const FailureError> cause_;
};

}  // namespace temporal

#endif  // TEMPORAL_CLIENT_CLIENT_ERRORS_H_
