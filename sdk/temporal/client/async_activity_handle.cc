// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/client/async_activity_handle.h"

#include "temporal/client/client.h"
#include "temporal/client/internal/client_requests.h"

namespace temporal {
namespace {
namespace ws = temporal::api::workflowservice::v1;
using client_internal::SetEncodedPayloads;
}  // namespace

template <typename Request>
void AsyncActivityHandle::Address(Request& request) const {
  request.set_namespace_(core_->options.namespace_);
  request.set_identity(core_->identity());
  if constexpr (requires { request.set_task_token(""); }) {
    request.set_task_token(task_token_);
  } else {
    request.set_workflow_id(id_->workflow_id);
    request.set_run_id(id_->run_id);
    request.set_activity_id(id_->activity_id);
  }
}

Payload AsyncActivityHandle::PayloadOf(const ValueView& value) const {
  return core_->options.data_converter.payload_converter->Encode(value);
}

void AsyncActivityHandle::CompleteWithPayloads(std::vector<Payload> result) const {
  const auto& converter = core_->options.data_converter;
  if (id_) {
    ws::RespondActivityTaskCompletedByIdRequest request;
    Address(request);
    SetEncodedPayloads(converter, std::move(result), request.mutable_result());
    core_->connection->RespondActivityTaskCompletedById(request);
  } else {
    ws::RespondActivityTaskCompletedRequest request;
    Address(request);
    SetEncodedPayloads(converter, std::move(result), request.mutable_result());
    core_->connection->RespondActivityTaskCompleted(request);
  }
}

void AsyncActivityHandle::Fail(const FailureError& error,
                               const Values& last_heartbeat_details) const {
  const auto& converter = core_->options.data_converter;
  auto details = last_heartbeat_details.ToPayloads(*converter.payload_converter);
  if (id_) {
    ws::RespondActivityTaskFailedByIdRequest request;
    Address(request);
    *request.mutable_failure() = converter.ToFailure(error);
    SetEncodedPayloads(converter, std::move(details), request.mutable_last_heartbeat_details());
    core_->connection->RespondActivityTaskFailedById(request);
  } else {
    ws::RespondActivityTaskFailedRequest request;
    Address(request);
    *request.mutable_failure() = converter.ToFailure(error);
    SetEncodedPayloads(converter, std::move(details), request.mutable_last_heartbeat_details());
    core_->connection->RespondActivityTaskFailed(request);
  }
}

void AsyncActivityHandle::ReportCanceled(const Values& details) const {
  const auto& converter = core_->options.data_converter;
  auto payloads = details.ToPayloads(*converter.payload_converter);
  if (id_) {
    ws::RespondActivityTaskCanceledByIdRequest request;
    Address(request);
    SetEncodedPayloads(converter, std::move(payloads), request.mutable_details());
    core_->connection->RespondActivityTaskCanceledById(request);
  } else {
    ws::RespondActivityTaskCanceledRequest request;
    Address(request);
    SetEncodedPayloads(converter, std::move(payloads), request.mutable_details());
    core_->connection->RespondActivityTaskCanceled(request);
  }
}

HeartbeatResponse AsyncActivityHandle::HeartbeatWithPayloads(std::vector<Payload> details) const {
  const auto& converter = core_->options.data_converter;
  auto answer = [](const auto& response) {
    return HeartbeatResponse{response.cancel_requested(), response.activity_paused(),
                             response.activity_reset()};
  };
  if (id_) {
    ws::RecordActivityTaskHeartbeatByIdRequest request;
    Address(request);
    SetEncodedPayloads(converter, std::move(details), request.mutable_details());
    return answer(core_->connection->RecordActivityTaskHeartbeatById(request));
  }
  ws::RecordActivityTaskHeartbeatRequest request;
  Address(request);
  SetEncodedPayloads(converter, std::move(details), request.mutable_details());
  return answer(core_->connection->RecordActivityTaskHeartbeat(request));
}

}  // namespace temporal
