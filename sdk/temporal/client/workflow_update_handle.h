// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// WorkflowUpdateHandle: one update of a workflow (a request the workflow
// validates, accepts or rejects, then runs to a result). Returned by
// WorkflowHandle::StartUpdate once the update reached the stage asked for;
// Result waits for the outcome.
//
//   auto update = handle.StartUpdate("add-item", {.wait_for_stage = temporal::UpdateStage::kAccepted},
//                                    Item{"apple"});
//   int count = update.Result<int>();   // throws WorkflowUpdateFailedError if it failed
//
// Or in one call: int count = handle.ExecuteUpdate<int>("add-item", Item{"apple"});
#ifndef TEMPORAL_CLIENT_WORKFLOW_UPDATE_HANDLE_H_
#define TEMPORAL_CLIENT_WORKFLOW_UPDATE_HANDLE_H_

#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include "temporal/api/update/v1/message.pb.h"
#include "temporal/api/workflowservice/v1/request_response.pb.h"
#include "temporal/client/client_errors.h"
#include "temporal/converter/data_converter.h"

namespace temporal {

namespace client_internal {
struct ClientCore;
}  // namespace client_internal

// UpdateStage: how far an update must get before StartUpdate returns.
enum class UpdateStage {
  kAdmitted,   // the server has it (not yet seen by the workflow); servers do not support waiting for it yet
  kAccepted,   // the workflow's validator accepted it
  kCompleted,  // the handler finished
};

// UpdateOptions: for WorkflowHandle::StartUpdate.
struct UpdateOptions {
  // Deduplicates the update; empty: a random UUID.
  std::string update_id;
  UpdateStage wait_for_stage = UpdateStage::kAccepted;
};

// WorkflowUpdateHandle: see the file comment. Cheap to copy.
class WorkflowUpdateHandle {
 public:
  const std::string& update_id() const { return update_id_; }
  const std::string& workflow_id() const { return workflow_id_; }
  const std::string& run_id() const { return run_id_; }

  // Result waits for the update's outcome and returns it as T (void: none).
  // Throws WorkflowUpdateFailedError when the update was rejected or failed.
  template <typename T = void>
  T Result() const {
    std::optional<Payload> payload = ResultPayload();
    if constexpr (!std::is_void_v<T>) {
      if (!payload) {
        if constexpr (value_internal::IsOptional<T>::value) {
          return T();
        } else {
          throw ConversionError("update " + update_id_ + " returned no value; cannot read it as " +
                                Demangle(typeid(T)));
        }
      }
      return converter().payload_converter->template FromPayload<T>(*payload);
    }
  }
  std::optional<Payload> ResultPayload() const;

 private:
  friend class Client;
  friend class WorkflowHandle;
  WorkflowUpdateHandle(std::shared_ptr<const client_internal::ClientCore> core,
                       std::string workflow_id, std::string run_id, std::string update_id,
                       std::optional<temporal::api::update::v1::Outcome> outcome)
      : core_(std::move(core)),
        workflow_id_(std::move(workflow_id)),
        run_id_(std::move(run_id)),
        update_id_(std::move(update_id)),
        outcome_(std::move(outcome)) {}

  const converter::DataConverter& converter() const;

  // AwaitStage re-sends `request` (idempotent by update id) until the
  // response reaches the requested stage, then makes the handle. Throws
  // WorkflowUpdateFailedError when the update was rejected.
  static WorkflowUpdateHandle AwaitStage(
      std::shared_ptr<const client_internal::ClientCore> core,
      const temporal::api::workflowservice::v1::UpdateWorkflowExecutionRequest& request,
      temporal::api::workflowservice::v1::UpdateWorkflowExecutionResponse response);

  std::shared_ptr<const client_internal::ClientCore> core_;
  std::string workflow_id_;
  std::string run_id_;
  std::string update_id_;
  // Known when the update had completed by the time the handle was made.
  std::optional<temporal::api::update::v1::Outcome> outcome_;
};

}  // namespace temporal

#endif  // TEMPORAL_CLIENT_WORKFLOW_UPDATE_HANDLE_H_
