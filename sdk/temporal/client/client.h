// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Client: starts workflows and finds existing ones in one namespace. A cheap
// value type that shares its Connection (google-cloud-cpp style), so make
// one per namespace and copy it freely; it is thread safe.
//
//   auto client = temporal::Client::Connect({.target = "localhost:7233"},
//                                           {.namespace_ = "default"});
//   auto handle = client.StartWorkflow("ProcessOrder", {.id = "order-42", .task_queue = "orders"},
//                                      Order{"o-42", 99.5});
//   Receipt receipt = handle.Result<Receipt>();
//
//   for (const auto& run : client.ListWorkflows("WorkflowType = 'ProcessOrder'")) {
//     std::cout << run.workflow_id << " " << run.status << "\n";
//   }
//
// In tests, build a Client on a temporal::mocks::MockConnection.
#ifndef TEMPORAL_CLIENT_CLIENT_H_
#define TEMPORAL_CLIENT_CLIENT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "temporal/client/async_activity_handle.h"
#include "temporal/client/connection.h"
#include "temporal/client/workflow_handle.h"
#include "temporal/client/workflow_options.h"
#include "temporal/converter/data_converter.h"

namespace temporal {

// ClientOptions: the namespace and data converter a Client works with.
struct ClientOptions {
  std::string namespace_ = "default";
  converter::DataConverter data_converter;
  // Empty: the connection's identity.
  std::string identity;
};

// SignalWithStart: the signal sent by Client::SignalWithStartWorkflow.
struct SignalWithStart {
  std::string signal_name;
  Values args;
};

// UpdateWithStart: the update sent by Client::StartUpdateWithStartWorkflow.
struct UpdateWithStart {
  std::string update_name;
  Values args;
  UpdateOptions options;
};

// UpdateWithStartHandles: the workflow (started or found running) and its update.
struct UpdateWithStartHandles {
  WorkflowHandle workflow;
  WorkflowUpdateHandle update;
};

// WorkflowExecutions: the result of Client::ListWorkflows, an input range
// that fetches pages from the server as the iteration reaches them.
class WorkflowExecutions {
 public:
  struct Page {
    std::vector<WorkflowExecutionDescription> items;
    std::string next_page_token;
  };
  using FetchPage = std::function<Page(const std::string& page_token)>;

  class iterator {
   public:
    using value_type = WorkflowExecutionDescription;
    using difference_type = std::ptrdiff_t;
    using reference = const value_type&;
    using pointer = const value_type*;
    using iterator_category = std::input_iterator_tag;

    iterator() = default;
    reference operator*() const { return range_->page_.items[index_]; }
    pointer operator->() const { return &**this; }
    iterator& operator++();
    void operator++(int) { ++*this; }
    bool operator==(const iterator& other) const {
      return range_ == other.range_ && (range_ == nullptr || index_ == other.index_);
    }

   private:
    friend class WorkflowExecutions;
    explicit iterator(WorkflowExecutions* range) : range_(range) {}
    void SkipEmptyPages();
    WorkflowExecutions* range_ = nullptr;  // nullptr: end
    size_t index_ = 0;
  };

  explicit WorkflowExecutions(FetchPage fetch) : fetch_(std::move(fetch)) {}
  // begin fetches the first page; a range is iterated once.
  iterator begin();
  iterator end() { return iterator(); }

 private:
  FetchPage fetch_;
  Page page_;
  bool started_ = false;
};

namespace client_internal {
// What a Client and its handles share.
struct ClientCore {
  std::shared_ptr<Connection> connection;
  ClientOptions options;
  const std::string& identity() const {
    return options.identity.empty() ? connection->identity() : options.identity;
  }
};
}  // namespace client_internal

// Client: see the file comment.
class Client {
 public:
  explicit Client(std::shared_ptr<Connection> connection, ClientOptions options = {});
  // Connect opens a Connection (see Connection::Connect) and makes a Client on it.
  static Client Connect(ConnectionOptions connection_options, ClientOptions options = {});

  // StartWorkflow starts a workflow of type `workflow_type` with arguments
  // `args` and returns a handle to the new run. Throws
  // WorkflowAlreadyStartedError when the id is taken (see
  // WorkflowOptions::id_conflict_policy), InvalidArgumentError for bad options.
  template <typename... Args>
  WorkflowHandle StartWorkflow(const std::string& workflow_type, const WorkflowOptions& options,
                               const Args&... args) const {
    return StartWorkflowWithPayloads(workflow_type, options, PayloadsOf(args...));
  }
  WorkflowHandle StartWorkflowWithPayloads(const std::string& workflow_type,
                                           const WorkflowOptions& options,
                                           std::vector<Payload> args) const;

  // ExecuteWorkflow starts a workflow and waits for its result.
  template <typename R = void, typename... Args>
  R ExecuteWorkflow(const std::string& workflow_type, const WorkflowOptions& options,
                    const Args&... args) const {
    return StartWorkflow(workflow_type, options, args...).template Result<R>();
  }

  // SignalWithStartWorkflow signals the workflow, starting it first (with
  // `args`) if it is not running.
  template <typename... Args>
  WorkflowHandle SignalWithStartWorkflow(const std::string& workflow_type,
                                         const WorkflowOptions& options,
                                         const SignalWithStart& signal, const Args&... args) const {
    return SignalWithStartWorkflowWithPayloads(workflow_type, options, signal,
                                               PayloadsOf(args...));
  }
  WorkflowHandle SignalWithStartWorkflowWithPayloads(const std::string& workflow_type,
                                                     const WorkflowOptions& options,
                                                     const SignalWithStart& signal,
                                                     std::vector<Payload> args) const;

  // StartUpdateWithStartWorkflow sends an update to the workflow, starting it
  // first (with `args`) if it is not running, in one atomic request.
  // options.id_conflict_policy must say what to do with a running workflow
  // (kUseExisting to update it, kFail to refuse).
  template <typename... Args>
  UpdateWithStartHandles StartUpdateWithStartWorkflow(const std::string& workflow_type,
                                                      const WorkflowOptions& options,
                                                      const UpdateWithStart& update,
                                                      const Args&... args) const {
    return StartUpdateWithStartWorkflowWithPayloads(workflow_type, options, update,
                                                    PayloadsOf(args...));
  }
  UpdateWithStartHandles StartUpdateWithStartWorkflowWithPayloads(
      const std::string& workflow_type, const WorkflowOptions& options,
      const UpdateWithStart& update, std::vector<Payload> args) const;
  // ExecuteUpdateWithStartWorkflow does the same and waits for the update's result.
  template <typename R = void, typename... Args>
  R ExecuteUpdateWithStartWorkflow(const std::string& workflow_type, const WorkflowOptions& options,
                                   UpdateWithStart update, const Args&... args) const {
    update.options.wait_for_stage = UpdateStage::kCompleted;
    return StartUpdateWithStartWorkflow(workflow_type, options, update, args...)
        .update.template Result<R>();
  }

  // GetHandle addresses an existing workflow (its latest run when run_id is empty).
  WorkflowHandle GetHandle(std::string workflow_id, std::string run_id = "") const;

  // GetAsyncActivityHandle addresses an activity to complete from outside
  // its worker, by task token or by workflow id, run id (empty: latest) and
  // activity id.
  AsyncActivityHandle GetAsyncActivityHandle(std::string task_token) const;
  AsyncActivityHandle GetAsyncActivityHandle(std::string workflow_id, std::string run_id,
                                             std::string activity_id) const;

  // ListWorkflows lists runs matching a visibility query (empty: all), lazily.
  WorkflowExecutions ListWorkflows(std::string query = "", int page_size = 0) const;
  // CountWorkflows counts runs matching a visibility query.
  int64_t CountWorkflows(std::string query = "") const;

  const std::shared_ptr<Connection>& connection() const { return core_->connection; }
  const ClientOptions& options() const { return core_->options; }
  const converter::DataConverter& data_converter() const { return core_->options.data_converter; }

 private:
  template <typename... Args>
  std::vector<Payload> PayloadsOf(const Args&... args) const {
    return {data_converter().payload_converter->ToPayload(args)...};
  }

  std::shared_ptr<const client_internal::ClientCore> core_;
};

}  // namespace temporal

#endif  // TEMPORAL_CLIENT_CLIENT_H_
