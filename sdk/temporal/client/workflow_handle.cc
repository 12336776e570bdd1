// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/client/workflow_handle.h"

#include <google/protobuf/util/json_util.h>

#include "temporal/client/client.h"
#include "temporal/client/internal/client_requests.h"
#include "temporal/common/uuid.h"

namespace temporal {
namespace {

namespace ws = temporal::api::workflowservice::v1;
namespace enums = temporal::api::enums::v1;
using temporal::api::history::v1::HistoryEvent;

temporal::api::common::v1::WorkflowExecution Execution(const std::string& workflow_id,
                                                       const std::string& run_id) {
  temporal::api::common::v1::WorkflowExecution execution;
  execution.set_workflow_id(workflow_id);
  execution.set_run_id(run_id);
  return execution;
}

enums::QueryRejectCondition ToProto(QueryRejectCondition condition) {
  switch (condition) {
    case QueryRejectCondition::kNone: return enums::QUERY_REJECT_CONDITION_NONE;
    case QueryRejectCondition::kNotOpen: return enums::QUERY_REJECT_CONDITION_NOT_OPEN;
    case QueryRejectCondition::kNotCompletedCleanly:
      return enums::QUERY_REJECT_CONDITION_NOT_COMPLETED_CLEANLY;
  }
  return enums::QUERY_REJECT_CONDITION_UNSPECIFIED;
}

}  // namespace

const converter::DataConverter& WorkflowHandle::converter() const {
  return core_->options.data_converter;
}

std::optional<Payload> WorkflowHandle::ResultPayload(ResultOptions options) const {
  const auto& converter = this->converter();
  std::string run_id = run_id_;
  std::string page_token;
  for (;;) {
    ws::GetWorkflowExecutionHistoryRequest request;
    request.set_namespace_(core_->options.namespace_);
    *request.mutable_execution() = Execution(workflow_id_, run_id);
    request.set_wait_new_event(true);
    request.set_history_event_filter_type(enums::HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT);
    request.set_skip_archival(true);
    request.set_next_page_token(page_token);
    ws::GetWorkflowExecutionHistoryResponse response =
        core_->connection->GetWorkflowExecutionHistory(request, {.long_poll = true});
    if (response.history().events().empty()) {
      // The long poll ended with nothing new; poll again from where it stopped.
      page_token = response.next_page_token();
      continue;
    }
    page_token.clear();
    const HistoryEvent& event = *response.history().events().rbegin();
    // The run the close event belongs to, for errors (run_id is empty for "latest").
    const std::string closed_run = run_id.empty() ? run_id_ : run_id;
    auto follow = [&](const std::string& next_run) {
      if (!options.follow_runs || next_run.empty()) return false;
      run_id = next_run;
      return true;
    };
    switch (event.event_type()) {
      case enums::EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED: {
        const auto& attributes = event.workflow_execution_completed_event_attributes();
        // A cron run completes with the next run's id: follow it.
        if (follow(attributes.new_execution_run_id())) continue;
        return client_internal::FirstDecoded(converter, attributes.result());
      }
      case enums::EVENT_TYPE_WORKFLOW_EXECUTION_FAILED: {
        const auto& attributes = event.workflow_execution_failed_event_attributes();
        if (follow(attributes.new_execution_run_id())) continue;  // retried
        throw WorkflowFailedError(workflow_id_, closed_run, enums::WORKFLOW_EXECUTION_STATUS_FAILED,
                                  converter.FromFailure(attributes.failure()));
      }
      case enums::EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED: {
        const auto& attributes = event.workflow_execution_canceled_event_attributes();
        throw WorkflowFailedError(
            workflow_id_, closed_run, enums::WORKFLOW_EXECUTION_STATUS_CANCELED,
            std::make_shared<CanceledError>(
                "workflow canceled",
                converter.ToValues(attributes.details().payloads())));
      }
      case enums::EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED: {
        const auto& attributes = event.workflow_execution_terminated_event_attributes();
        throw WorkflowFailedError(
            workflow_id_, closed_run, enums::WORKFLOW_EXECUTION_STATUS_TERMINATED,
            std::make_shared<TerminatedError>(attributes.reason().empty() ? "terminated"
                                                                           : attributes.reason()));
      }
      case enums::EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT: {
        const auto& attributes = event.workflow_execution_timed_out_event_attributes();
        if (follow(attributes.new_execution_run_id())) continue;  // retried
        throw WorkflowFailedError(
            workflow_id_, closed_run, enums::WORKFLOW_EXECUTION_STATUS_TIMED_OUT,
            std::make_shared<TimeoutError>("workflow timed out",
                                           enums::TIMEOUT_TYPE_START_TO_CLOSE));
      }
      case enums::EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW: {
        const auto& attributes = event.workflow_execution_continued_as_new_event_attributes();
        if (follow(attributes.new_execution_run_id())) continue;
        throw WorkflowContinuedAsNewError(workflow_id_, attributes.new_execution_run_id());
      }
      default:
        throw Error("workflow " + workflow_id_ + ": the server returned " +
                    enums::EventType_Name(event.event_type()) +
                    " when asked for the close event");
    }
  }
}

void WorkflowHandle::SignalWithPayloads(const std::string& signal_name,
                                        std::vector<Payload> args) const {
  ws::SignalWorkflowExecutionRequest request;
  request.set_namespace_(core_->options.namespace_);
  *request.mutable_workflow_execution() = Execution(workflow_id_, run_id_);
  request.set_signal_name(signal_name);
  client_internal::SetEncodedPayloads(converter(), std::move(args), request.mutable_input());
  request.set_identity(core_->identity());
  request.set_request_id(RandomUuid());
  core_->connection->SignalWorkflowExecution(request);
}

std::optional<Payload> WorkflowHandle::QueryWithPayloads(const std::string& query_type,
                                                         std::vector<Payload> args,
                                                         QueryRejectCondition reject_condition) const {
  ws::QueryWorkflowRequest request;
  request.set_namespace_(core_->options.namespace_);
  *request.mutable_execution() = Execution(workflow_id_, run_id_);
  request.mutable_query()->set_query_type(query_type);
  client_internal::SetEncodedPayloads(converter(), std::move(args),
                                      request.mutable_query()->mutable_query_args());
  request.set_query_reject_condition(ToProto(reject_condition));
  ws::QueryWorkflowResponse response = core_->connection->QueryWorkflow(request);
  if (response.has_query_rejected()) {
    throw QueryRejectedError(workflow_id_, query_type, response.query_rejected().status());
  }
  return client_internal::FirstDecoded(converter(), response.query_result());
}

void WorkflowHandle::Cancel(const std::string& reason) const {
  ws::RequestCancelWorkflowExecutionRequest request;
  request.set_namespace_(core_->options.namespace_);
  *request.mutable_workflow_execution() = Execution(workflow_id_, run_id_);
  request.set_identity(core_->identity());
  request.set_request_id(RandomUuid());
  request.set_first_execution_run_id(first_execution_run_id_);
  request.set_reason(reason);
  core_->connection->RequestCancelWorkflowExecution(request);
}

void WorkflowHandle::Terminate(const std::string& reason, const Values& details) const {
  ws::TerminateWorkflowExecutionRequest request;
  request.set_namespace_(core_->options.namespace_);
  *request.mutable_workflow_execution() = Execution(workflow_id_, run_id_);
  request.set_reason(reason);
  if (!details.empty()) {
    client_internal::SetEncodedPayloads(
        converter(), details.ToPayloads(*converter().payload_converter), request.mutable_details());
  }
  request.set_identity(core_->identity());
  request.set_first_execution_run_id(first_execution_run_id_);
  core_->connection->TerminateWorkflowExecution(request);
}

WorkflowExecutionDescription WorkflowHandle::Describe() const {
  ws::DescribeWorkflowExecutionRequest request;
  request.set_namespace_(core_->options.namespace_);
  *request.mutable_execution() = Execution(workflow_id_, run_id_);
  auto response = core_->connection->DescribeWorkflowExecution(request);
  return client_internal::Describe(converter(), response.workflow_execution_info());
}

temporal::api::history::v1::History WorkflowHandle::FetchHistory() const {
  temporal::api::history::v1::History history;
  std::string page_token;
  do {
    ws::GetWorkflowExecutionHistoryRequest request;
    request.set_namespace_(core_->options.namespace_);
    *request.mutable_execution() = Execution(workflow_id_, run_id_);
    request.set_next_page_token(page_token);
    request.set_skip_archival(true);
    auto response = core_->connection->GetWorkflowExecutionHistory(request);
    for (auto& event : *response.mutable_history()->mutable_events()) {
      *history.add_events() = std::move(event);
    }
    page_token = response.next_page_token();
  } while (!page_token.empty());
  return history;
}

std::string HistoryToJson(const temporal::api::history::v1::History& history) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  auto status = google::protobuf::util::MessageToJsonString(history, &json, options);
  if (!status.ok()) throw Error("cannot write history as JSON: " + std::string(status.message()));
  return json;
}

}  // namespace temporal
