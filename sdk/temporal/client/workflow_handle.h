// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// WorkflowHandle: one workflow (optionally one run of it), to wait for its
// result, signal, query, cancel, terminate, describe it, or read its history.
// Get one from Client::StartWorkflow or Client::GetHandle. Cheap to copy.
//
//   temporal::WorkflowHandle handle = client.GetHandle("order-42");
//   handle.Signal("inventory-checked", Inventory{true});
//   int progress = handle.Query<int>("progress");
//   Receipt receipt = handle.Result<Receipt>();   // waits; throws WorkflowFailedError
//
// Arguments and results go through the client's DataConverter. The
// *WithPayloads forms take and return payloads as the payload converter
// makes them; codecs (compression, encryption) are applied inside, once, in
// every form.
#ifndef TEMPORAL_CLIENT_WORKFLOW_HANDLE_H_
#define TEMPORAL_CLIENT_WORKFLOW_HANDLE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "temporal/api/history/v1/message.pb.h"
#include "temporal/api/workflow/v1/message.pb.h"
#include "temporal/client/client_errors.h"
#include "temporal/client/workflow_options.h"
#include "temporal/client/workflow_update_handle.h"
#include "temporal/common/error.h"
#include "temporal/converter/data_converter.h"

namespace temporal {

class Connection;
namespace client_internal {
struct ClientCore;
}  // namespace client_internal

// WorkflowExecutionDescription: what Describe and List report about a run.
struct WorkflowExecutionDescription {
  std::string workflow_id;
  std::string run_id;
  std::string workflow_type;
  std::string task_queue;
  WorkflowExecutionStatus status = temporal::api::enums::v1::WORKFLOW_EXECUTION_STATUS_UNSPECIFIED;
  std::optional<Timestamp> start_time;
  std::optional<Timestamp> execution_time;
  std::optional<Timestamp> close_time;
  int64_t history_length = 0;
  // Memo values, decoded on Get<T>() with the client's converter.
  Memo memo;
  SearchAttributes search_attributes;
  // Everything the server said, for fields not copied above.
  temporal::api::workflow::v1::WorkflowExecutionInfo raw;
};

// ResultOptions: how Result waits.
struct ResultOptions {
  // Follow continue-as-new (and retry) runs to the final result. When false,
  // a run that continued as new throws WorkflowContinuedAsNewError.
  bool follow_runs = true;
};

// QueryRejectCondition: when the server should refuse to run a query.
enum class QueryRejectCondition {
  kNone,                // always run it
  kNotOpen,             // refuse once the workflow has closed
  kNotCompletedCleanly, // refuse if it closed other than completed
};

// WorkflowHandle: see the file comment.
class WorkflowHandle {
 public:
  const std::string& workflow_id() const { return workflow_id_; }
  // The run this handle addresses; empty means "the latest run".
  const std::string& run_id() const { return run_id_; }

  // Result waits for the workflow to close and returns its result as T
  // (T = void ignores it). Throws WorkflowFailedError when it failed, was
  // canceled, terminated or timed out; ConversionError when the result is
  // not a T.
  template <typename T = void>
  T Result(ResultOptions options = {}) const {
    std::optional<Payload> payload = ResultPayload(options);
    if constexpr (!std::is_void_v<T>) {
      if (!payload) return NoResultAs<T>();
      return converter().payload_converter->template FromPayload<T>(*payload);
    }
  }
  // ResultPayload is Result without conversion (codecs already undone);
  // nullopt when the workflow returned nothing.
  std::optional<Payload> ResultPayload(ResultOptions options = {}) const;

  template <typename... Args>
  void Signal(const std::string& signal_name, const Args&... args) const {
    SignalWithPayloads(signal_name, PayloadsOf(args...));
  }
  void SignalWithPayloads(const std::string& signal_name, std::vector<Payload> args) const;

  // Query runs a query handler of the workflow and returns its answer as R.
  // Throws QueryFailedError when the handler failed or does not exist.
  template <typename R, typename... Args>
  R Query(const std::string& query_type, const Args&... args) const {
    return QueryWithOptions<R>(QueryRejectCondition::kNone, query_type, args...);
  }
  template <typename R, typename... Args>
  R QueryWithOptions(QueryRejectCondition reject_condition, const std::string& query_type,
                     const Args&... args) const {
    std::optional<Payload> payload =
        QueryWithPayloads(query_type, PayloadsOf(args...), reject_condition);
    if (!payload) return NoResultAs<R>();
    return converter().payload_converter->template FromPayload<R>(*payload);
  }
  std::optional<Payload> QueryWithPayloads(
      const std::string& query_type, std::vector<Payload> args,
      QueryRejectCondition reject_condition = QueryRejectCondition::kNone) const;

  // StartUpdate sends an update and returns once it reached
  // options.wait_for_stage. Throws WorkflowUpdateFailedError when the
  // workflow rejected it.
  template <typename... Args>
  WorkflowUpdateHandle StartUpdate(const std::string& update_name, const UpdateOptions& options,
                                   const Args&... args) const {
    return StartUpdateWithPayloads(update_name, options, PayloadsOf(args...));
  }
  WorkflowUpdateHandle StartUpdateWithPayloads(const std::string& update_name,
                                               const UpdateOptions& options,
                                               std::vector<Payload> args) const;
  // ExecuteUpdate sends an update and waits for its result.
  template <typename R = void, typename... Args>
  R ExecuteUpdate(const std::string& update_name, const Args&... args) const {
    return StartUpdate(update_name, UpdateOptions{.wait_for_stage = UpdateStage::kCompleted},
                       args...)
        .template Result<R>();
  }
  // GetUpdateHandle addresses an update sent earlier, to wait for its result.
  WorkflowUpdateHandle GetUpdateHandle(std::string update_id) const;

  // Cancel asks the workflow to cancel itself (it may clean up first).
  void Cancel(const std::string& reason = "") const;
  // Terminate ends the workflow at once; no workflow code runs.
  void Terminate(const std::string& reason = "", const Values& details = {}) const;

  WorkflowExecutionDescription Describe() const;

  // FetchHistory reads the run's whole history, page by page.
  temporal::api::history::v1::History FetchHistory() const;

 private:
  friend class Client;
  WorkflowHandle(std::shared_ptr<const client_internal::ClientCore> core, std::string workflow_id,
                 std::string run_id, std::string first_execution_run_id)
      : core_(std::move(core)),
        workflow_id_(std::move(workflow_id)),
        run_id_(std::move(run_id)),
        first_execution_run_id_(std::move(first_execution_run_id)) {}

  const converter::DataConverter& converter() const;

  template <typename... Args>
  std::vector<Payload> PayloadsOf(const Args&... args) const {
    return {converter().payload_converter->ToPayload(args)...};
  }

  template <typename T>
  T NoResultAs() const {
    if constexpr (value_internal::IsOptional<T>::value) {
      return T();
    } else {
      throw ConversionError("workflow " + workflow_id_ + " returned no value; cannot read it as " +
                            Demangle(typeid(T)));
    }
  }

  std::shared_ptr<const client_internal::ClientCore> core_;
  std::string workflow_id_;
  std::string run_id_;
  std::string first_execution_run_id_;
};

// HistoryToJson: a history as JSON in the format the Temporal CLI and Web UI
// export (`{"events":[...]}`, camelCase fields, canonical enum names).
std::string HistoryToJson(const temporal::api::history::v1::History& history);

}  // namespace temporal

#endif  // TEMPORAL_CLIENT_WORKFLOW_HANDLE_H_
