// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/client/internal/client_requests.h"

#include "temporal/client/client.h"
#include "temporal/common/uuid.h"

namespace temporal::client_internal {

void SetEncodedPayloads(const converter::DataConverter& converter, std::vector<Payload> payloads,
                        temporal::api::common::v1::Payloads* out) {
  converter.Encode(payloads);
  for (auto& payload : payloads) *out->add_payloads() = std::move(payload);
}

Payload EncodeSingleValue(const converter::DataConverter& converter, const Values& values) {
  std::vector<Payload> payloads = values.ToPayloads(*converter.payload_converter);
  converter.Encode(payloads);
  if (payloads.size() != 1) {
    throw InvalidArgumentError("a memo value must be one payload after encoding, not " +
                               std::to_string(payloads.size()));
  }
  return std::move(payloads.front());
}

std::optional<Payload> FirstDecoded(const converter::DataConverter& converter,
                                    const temporal::api::common::v1::Payloads& payloads) {
  if (payloads.payloads().empty()) return std::nullopt;
  std::vector<Payload> list(payloads.payloads().begin(), payloads.payloads().end());
  converter.Decode(list);
  if (list.empty()) return std::nullopt;
  return std::move(list.front());
}

WorkflowExecutionDescription Describe(
    const converter::DataConverter& converter,
    const temporal::api::workflow::v1::WorkflowExecutionInfo& info) {
  WorkflowExecutionDescription d;
  d.workflow_id = info.execution().workflow_id();
  d.run_id = info.execution().run_id();
  d.workflow_type = info.type().name();
  d.task_queue = info.task_queue();
  d.status = info.status();
  if (info.has_start_time()) d.start_time = FromProto(info.start_time());
  if (info.has_execution_time()) d.execution_time = FromProto(info.execution_time());
  if (info.has_close_time()) d.close_time = FromProto(info.close_time());
  d.history_length = info.history_length();
  for (const auto& [key, payload] : info.memo().fields()) {
    std::vector<Payload> list = {payload};
    converter.Decode(list);
    d.memo[key] = Values::FromPayloads(std::move(list), converter.payload_converter);
  }
  d.search_attributes = SearchAttributes::FromProto(info.search_attributes());
  d.raw = info;
  return d;
}

}  // namespace temporal::client_internal

namespace temporal::client_internal {
namespace {
namespace enums = temporal::api::enums::v1;

enums::UpdateWorkflowExecutionLifecycleStage ToProto(UpdateStage stage) {
  switch (stage) {
    case UpdateStage::kAdmitted: return enums::UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED;
    case UpdateStage::kAccepted: return enums::UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED;
    case UpdateStage::kCompleted: return enums::UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED;
  }
  return enums::UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_UNSPECIFIED;
}
}  // namespace

temporal::api::workflowservice::v1::UpdateWorkflowExecutionRequest UpdateRequest(const ClientCore& core,
                                                 const std::string& workflow_id,
                                                 const std::string& run_id,
                                                 const std::string& first_execution_run_id,
                                                 const std::string& update_name,
                                                 const UpdateOptions& options,
                                                 std::vector<Payload> args) {
  if (update_name.empty()) throw InvalidArgumentError("an update needs a name");
  if (options.wait_for_stage == UpdateStage::kAdmitted) {
    // Temporal servers (1.29) refuse this wait policy; say so before sending.
    throw InvalidArgumentError(
        "UpdateOptions.wait_for_stage = kAdmitted is not supported by the server; wait for "
        "kAccepted or kCompleted");
  }
  temporal::api::workflowservice::v1::UpdateWorkflowExecutionRequest request;
  request.set_namespace_(core.options.namespace_);
  request.mutable_workflow_execution()->set_workflow_id(workflow_id);
  request.mutable_workflow_execution()->set_run_id(run_id);
  request.set_first_execution_run_id(first_execution_run_id);
  request.mutable_wait_policy()->set_lifecycle_stage(ToProto(options.wait_for_stage));
  auto* update = request.mutable_request();
  update->mutable_meta()->set_update_id(options.update_id.empty() ? RandomUuid() : options.update_id);
  update->mutable_meta()->set_identity(core.identity());
  update->mutable_input()->set_name(update_name);
  SetEncodedPayloads(core.options.data_converter, std::move(args), update->mutable_input()->mutable_args());
  return request;
}

}  // namespace temporal::client_internal
