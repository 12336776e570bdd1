// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/client/workflow_update_handle.h"

#include "temporal/client/client.h"
#include "temporal/client/internal/client_requests.h"

namespace temporal {
namespace {
namespace ws = temporal::api::workflowservice::v1;
namespace enums = temporal::api::enums::v1;
}  // namespace

const converter::DataConverter& WorkflowUpdateHandle::converter() const {
  return core_->options.data_converter;
}

WorkflowUpdateHandle WorkflowUpdateHandle::AwaitStage(
    std::shared_ptr<const client_internal::ClientCore> core,
    const ws::UpdateWorkflowExecutionRequest& request, ws::UpdateWorkflowExecutionResponse response) {
  // The server answers when the stage is reached or its own wait ends,
  // whichever comes first; the update id makes asking again safe.
  while (response.stage() < request.wait_policy().lifecycle_stage() && !response.has_outcome()) {
    response = core->connection->UpdateWorkflowExecution(request, {.long_poll = true});
  }
  const std::string& workflow_id = request.workflow_execution().workflow_id();
  const std::string& update_id = request.request().meta().update_id();
  if (response.has_outcome() && response.outcome().has_failure()) {
    throw WorkflowUpdateFailedError(
        workflow_id, update_id,
        core->options.data_converter.FromFailure(response.outcome().failure()));
  }
  std::optional<temporal::api::update::v1::Outcome> outcome;
  if (response.has_outcome()) outcome = response.outcome();
  const std::string& run_id = response.update_ref().workflow_execution().run_id();
  return WorkflowUpdateHandle(std::move(core), workflow_id,
                              run_id.empty() ? request.workflow_execution().run_id() : run_id,
                              update_id, std::move(outcome));
}

std::optional<Payload> WorkflowUpdateHandle::ResultPayload() const {
  std::optional<temporal::api::update::v1::Outcome> outcome = outcome_;
  while (!outcome) {
    ws::PollWorkflowExecutionUpdateRequest request;
    request.set_namespace_(core_->options.namespace_);
    request.mutable_update_ref()->mutable_workflow_execution()->set_workflow_id(workflow_id_);
    request.mutable_update_ref()->mutable_workflow_execution()->set_run_id(run_id_);
    request.mutable_update_ref()->set_update_id(update_id_);
    request.set_identity(core_->identity());
    request.mutable_wait_policy()->set_lifecycle_stage(
        enums::UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED);
    auto response = core_->connection->PollWorkflowExecutionUpdate(request, {.long_poll = true});
    if (response.has_outcome()) outcome = response.outcome();
  }
  if (outcome->has_failure()) {
    throw WorkflowUpdateFailedError(workflow_id_, update_id_,
                                    converter().FromFailure(outcome->failure()));
  }
  return client_internal::FirstDecoded(converter(), outcome->success());
}

WorkflowUpdateHandle WorkflowHandle::StartUpdateWithPayloads(const std::string& update_name,
                                                             const UpdateOptions& options,
                                                             std::vector<Payload> args) const {
  auto request = client_internal::UpdateRequest(*core_, workflow_id_, run_id_,
                                                first_execution_run_id_, update_name, options,
                                                std::move(args));
  auto response = core_->connection->UpdateWorkflowExecution(request, {.long_poll = true});
  return WorkflowUpdateHandle::AwaitStage(core_, request, std::move(response));
}

WorkflowUpdateHandle WorkflowHandle::GetUpdateHandle(std::string update_id) const {
  if (update_id.empty()) throw InvalidArgumentError("GetUpdateHandle needs an update id");
  return WorkflowUpdateHandle(core_, workflow_id_, run_id_, std::move(update_id), std::nullopt);
}

}  // namespace temporal
