// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/client/client.h"

#include "temporal/client/internal/client_requests.h"
#include "temporal/common/uuid.h"

namespace temporal {
namespace {

namespace ws = temporal::api::workflowservice::v1;
using client_internal::ClientCore;

// Fills what StartWorkflowExecution and SignalWithStartWorkflowExecution
// share (the two requests have the same field names, not a common type).
template <typename Request>
void FillStart(const ClientCore& core, const std::string& workflow_type,
               const WorkflowOptions& options, std::vector<Payload> args, Request& request) {
  options.Validate();
  const auto& converter = core.options.data_converter;
  request.set_namespace_(core.options.namespace_);
  request.set_workflow_id(options.id);
  request.mutable_workflow_type()->set_name(workflow_type);
  request.mutable_task_queue()->set_name(options.task_queue);
  request.mutable_task_queue()->set_kind(temporal::api::enums::v1::TASK_QUEUE_KIND_NORMAL);
  client_internal::SetEncodedPayloads(converter, std::move(args), request.mutable_input());
  if (options.execution_timeout) {
    *request.mutable_workflow_execution_timeout() = ToProto(*options.execution_timeout);
  }
  if (options.run_timeout) *request.mutable_workflow_run_timeout() = ToProto(*options.run_timeout);
  if (options.task_timeout) *request.mutable_workflow_task_timeout() = ToProto(*options.task_timeout);
  request.set_identity(core.identity());
  request.set_request_id(options.request_id.empty() ? RandomUuid() : options.request_id);
  request.set_workflow_id_reuse_policy(ToProto(options.id_reuse_policy));
  request.set_workflow_id_conflict_policy(ToProto(options.id_conflict_policy));
  if (options.retry_policy) *request.mutable_retry_policy() = options.retry_policy->ToProto();
  request.set_cron_schedule(options.cron_schedule);
  for (const auto& [key, values] : options.memo) {
    (*request.mutable_memo()->mutable_fields())[key] =
        client_internal::EncodeSingleValue(converter, values);
  }
  if (!options.search_attributes.empty()) {
    *request.mutable_search_attributes() = options.search_attributes.ToProto();
  }
  if (options.start_delay) *request.mutable_workflow_start_delay() = ToProto(*options.start_delay);
  if (!options.header.empty()) *request.mutable_header() = HeaderToProto(options.header);
}

}  // namespace

Client::Client(std::shared_ptr<Connection> connection, ClientOptions options)
    : core_(std::make_shared<ClientCore>(ClientCore{std::move(connection), std::move(options)})) {
  if (core_->connection == nullptr) throw InvalidArgumentError("Client needs a Connection");
  if (core_->options.namespace_.empty()) {
    throw InvalidArgumentError("ClientOptions.namespace_ is required");
  }
}

Client Client::Connect(ConnectionOptions connection_options, ClientOptions options) {
  return Client(Connection::Connect(std::move(connection_options)), std::move(options));
}

WorkflowHandle Client::StartWorkflowWithPayloads(const std::string& workflow_type,
                                                 const WorkflowOptions& options,
                                                 std::vector<Payload> args) const {
  ws::StartWorkflowExecutionRequest request;
  FillStart(*core_, workflow_type, options, std::move(args), request);
  ws::StartWorkflowExecutionResponse response = core_->connection->StartWorkflowExecution(request);
  return WorkflowHandle(core_, options.id, response.run_id(), response.run_id());
}

WorkflowHandle Client::SignalWithStartWorkflowWithPayloads(const std::string& workflow_type,
                                                           const WorkflowOptions& options,
                                                           const SignalWithStart& signal,
                                                           std::vector<Payload> args) const {
  if (signal.signal_name.empty()) {
    throw InvalidArgumentError("SignalWithStart.signal_name is required");
  }
  ws::SignalWithStartWorkflowExecutionRequest request;
  FillStart(*core_, workflow_type, options, std::move(args), request);
  request.set_signal_name(signal.signal_name);
  client_internal::SetEncodedPayloads(
      core_->options.data_converter,
      signal.args.ToPayloads(*core_->options.data_converter.payload_converter),
      request.mutable_signal_input());
  auto response = core_->connection->SignalWithStartWorkflowExecution(request);
  // The run that got the signal: the new one, or the one already running.
  return WorkflowHandle(core_, options.id, response.run_id(), "");
}

UpdateWithStartHandles Client::StartUpdateWithStartWorkflowWithPayloads(
    const std::string& workflow_type, const WorkflowOptions& options,
    const UpdateWithStart& update, std::vector<Payload> args) const {
  if (options.id_conflict_policy == WorkflowIdConflictPolicy::kUnspecified) {
    throw InvalidArgumentError(
        "update-with-start needs WorkflowOptions.id_conflict_policy (kUseExisting or kFail)");
  }
  ws::ExecuteMultiOperationRequest request;
  request.set_namespace_(core_->options.namespace_);
  auto* start = request.add_operations()->mutable_start_workflow();
  FillStart(*core_, workflow_type, options, std::move(args), *start);
  auto* update_request = request.add_operations()->mutable_update_workflow();
  *update_request = client_internal::UpdateRequest(
      *core_, options.id, "", "", update.update_name, update.options,
      update.args.ToPayloads(*core_->options.data_converter.payload_converter));

  auto response = core_->connection->ExecuteMultiOperation(request, {.long_poll = true});
  if (response.responses_size() != 2 || !response.responses(0).has_start_workflow() ||
      !response.responses(1).has_update_workflow()) {
    throw Error("update-with-start of workflow " + options.id +
                ": the server's answer does not hold a start and an update response");
  }
  const std::string run_id = response.responses(0).start_workflow().run_id();
  WorkflowHandle workflow(core_, options.id, run_id, run_id);
  // Wait for the stage against the run that was started or found.
  auto stage_request = *update_request;
  stage_request.mutable_workflow_execution()->set_run_id(run_id);
  return UpdateWithStartHandles{
      std::move(workflow),
      WorkflowUpdateHandle::AwaitStage(core_, stage_request,
                                       response.responses(1).update_workflow())};
}

WorkflowHandle Client::GetHandle(std::string workflow_id, std::string run_id) const {
  if (workflow_id.empty()) throw InvalidArgumentError("GetHandle needs a workflow id");
  return WorkflowHandle(core_, std::move(workflow_id), std::move(run_id), "");
}

AsyncActivityHandle Client::GetAsyncActivityHandle(std::string task_token) const {
  if (task_token.empty()) throw InvalidArgumentError("GetAsyncActivityHandle needs a task token");
  return AsyncActivityHandle(core_, std::move(task_token));
}

AsyncActivityHandle Client::GetAsyncActivityHandle(std::string workflow_id, std::string run_id,
                                                   std::string activity_id) const {
  if (workflow_id.empty() || activity_id.empty()) {
    throw InvalidArgumentError("GetAsyncActivityHandle needs a workflow id and an activity id");
  }
  return AsyncActivityHandle(
      core_, AsyncActivityHandle::ById{std::move(workflow_id), std::move(run_id),
                                       std::move(activity_id)});
}

WorkflowExecutions Client::ListWorkflows(std::string query, int page_size) const {
  auto core = core_;
  return WorkflowExecutions([core, query = std::move(query), page_size](const std::string& token) {
    ws::ListWorkflowExecutionsRequest request;
    request.set_namespace_(core->options.namespace_);
    request.set_query(query);
    request.set_page_size(page_size);
    request.set_next_page_token(token);
    auto response = core->connection->ListWorkflowExecutions(request);
    WorkflowExecutions::Page page;
    page.next_page_token = response.next_page_token();
    for (const auto& info : response.executions()) {
      page.items.push_back(client_internal::Describe(core->options.data_converter, info));
    }
    return page;
  });
}

int64_t Client::CountWorkflows(std::string query) const {
  ws::CountWorkflowExecutionsRequest request;
  request.set_namespace_(core_->options.namespace_);
  request.set_query(std::move(query));
  return core_->connection->CountWorkflowExecutions(request).count();
}

WorkflowExecutions::iterator WorkflowExecutions::begin() {
  if (started_) throw InvalidArgumentError("WorkflowExecutions can be iterated only once");
  started_ = true;
  page_ = fetch_("");
  iterator it(this);
  it.SkipEmptyPages();
  return it;
}

WorkflowExecutions::iterator& WorkflowExecutions::iterator::operator++() {
  ++index_;
  SkipEmptyPages();
  return *this;
}

void WorkflowExecutions::iterator::SkipEmptyPages() {
  while (range_ != nullptr && index_ >= range_->page_.items.size()) {
    if (range_->page_.next_page_token.empty()) {
      range_ = nullptr;
      return;
    }
    range_->page_ = range_->fetch_(range_->page_.next_page_token);
    index_ = 0;
  }
}

}  // namespace temporal
