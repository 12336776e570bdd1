// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// FakeWorkflowService: a few WorkflowService RPCs served by a real in-process
// gRPC server on 127.0.0.1, recording what each call carried (headers, the
// client certificate's name) and answering with scripted statuses. Tests of
// the connection use it instead of mocks: the headers, deadlines, error
// details and TLS really cross gRPC.
//
//   FakeWorkflowService service;
//   service.Script("DescribeNamespace", {grpc::Status(grpc::StatusCode::UNAVAILABLE, "down")});
//   auto server = InProcessServer::Start(&service);
//   auto connection = temporal::Connection::Connect({.target = server->address()});
//   connection->DescribeNamespace(request);                      // retried, then OK
//   EXPECT_EQ(service.Calls("DescribeNamespace").size(), 2);
#ifndef TEMPORAL_TESTS_UNIT_CLIENT_FAKE_WORKFLOW_SERVICE_H_
#define TEMPORAL_TESTS_UNIT_CLIENT_FAKE_WORKFLOW_SERVICE_H_

#include <grpcpp/grpcpp.h>
#include <grpcpp/security/server_credentials.h>

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "temporal/api/workflowservice/v1/service.grpc.pb.h"

namespace temporal::testing_client {

namespace ws = temporal::api::workflowservice::v1;

// RecordedCall: what the server saw of one call.
struct RecordedCall {
  std::string rpc;
  std::vector<std::pair<std::string, std::string>> metadata;
  // The client certificate's common name (mutual TLS), else empty.
  std::string client_common_name;

  // Values of header `key`, in the order they arrived.
  std::vector<std::string> Values(const std::string& key) const {
    std::vector<std::string> values;
    for (const auto& [k, v] : metadata) {
      if (k == key) values.push_back(v);
    }
    return values;
  }
};

class FakeWorkflowService final : public ws::WorkflowService::Service {
 public:
  // Script sets the statuses of the next calls of `rpc`, in order; once they
  // are used up, calls succeed.
  void Script(const std::string& rpc, std::vector<grpc::Status> statuses) {
    std::lock_guard lock(mutex_);
    auto& queue = scripts_[rpc];
    queue.insert(queue.end(), statuses.begin(), statuses.end());
  }

  std::vector<RecordedCall> Calls(const std::string& rpc) const {
    std::lock_guard lock(mutex_);
    std::vector<RecordedCall> matching;
    for (const auto& call : calls_) {
      if (call.rpc == rpc) matching.push_back(call);
    }
    return matching;
  }

  // GetSystemInfo answers UNAUTHENTICATED unless the call carries this
  // authorization header (when not empty), like a server that checks API keys.
  void RequireAuthorization(std::string value) {
    std::lock_guard lock(mutex_);
    required_authorization_ = std::move(value);
  }
  // Calls of `rpc` wait this long before answering (a stalled server, or a
  // long poll with nothing to hand out), unless the client gives up first.
  void SetDelay(const std::string& rpc, std::chrono::milliseconds delay) {
    std::lock_guard lock(mutex_);
    delays_[rpc] = delay;
  }
  // DescribeNamespace's description gets this many bytes (to exceed gRPC's 4 MiB default).
  void SetDescriptionSize(size_t bytes) {
    std::lock_guard lock(mutex_);
    description_size_ = bytes;
  }

  grpc::Status GetSystemInfo(grpc::ServerContext* context, const ws::GetSystemInfoRequest*,
                             ws::GetSystemInfoResponse* response) override {
    grpc::Status status = Record("GetSystemInfo", context);
    std::string required;
    {
      std::lock_guard lock(mutex_);
      required = required_authorization_;
    }
    if (!required.empty()) {
      const auto& headers = context->client_metadata();
      auto it = headers.find("authorization");
      if (it == headers.end() || std::string(it->second.data(), it->second.size()) != required) {
        return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "missing or wrong API key");
      }
    }
    response->set_server_version("9.9.9-fake");
    response->mutable_capabilities()->set_signal_and_query_header(true);
    return status;
  }

  grpc::Status DescribeNamespace(grpc::ServerContext* context,
                                 const ws::DescribeNamespaceRequest* request,
                                 ws::DescribeNamespaceResponse* response) override {
    grpc::Status status = Record("DescribeNamespace", context);
    if (!status.ok()) return status;
    response->mutable_namespace_info()->set_name(request->namespace_());
    std::lock_guard lock(mutex_);
    if (description_size_ > 0) {
      response->mutable_namespace_info()->set_description(std::string(description_size_, 'd'));
    }
    return status;
  }

  grpc::Status StartWorkflowExecution(grpc::ServerContext* context,
                                      const ws::StartWorkflowExecutionRequest*,
                                      ws::StartWorkflowExecutionResponse* response) override {
    grpc::Status status = Record("StartWorkflowExecution", context);
    if (status.ok()) response->set_run_id("run-from-fake");
    return status;
  }

  grpc::Status PollWorkflowTaskQueue(grpc::ServerContext* context,
                                     const ws::PollWorkflowTaskQueueRequest*,
                                     ws::PollWorkflowTaskQueueResponse* response) override {
    grpc::Status status = Record("PollWorkflowTaskQueue", context);
    if (status.ok()) response->set_task_token("task-token");
    return status;
  }

 private:
  grpc::Status Record(const std::string& rpc, grpc::ServerContext* context) {
    RecordedCall call{rpc, {}, {}};
    for (const auto& [key, value] : context->client_metadata()) {
      call.metadata.emplace_back(std::string(key.data(), key.size()),
                                 std::string(value.data(), value.size()));
    }
    if (auto auth = context->auth_context()) {
      for (const auto& name : auth->FindPropertyValues("x509_common_name")) {
        call.client_common_name = std::string(name.data(), name.size());
      }
    }
    grpc::Status status = grpc::Status::OK;
    std::chrono::milliseconds delay{0};
    {
      std::lock_guard lock(mutex_);
      calls_.push_back(std::move(call));
      auto& queue = scripts_[rpc];
      if (!queue.empty()) {
        status = queue.front();
        queue.pop_front();
      }
      if (auto it = delays_.find(rpc); it != delays_.end()) delay = it->second;
    }
    const auto until = std::chrono::steady_clock::now() + delay;
    while (std::chrono::steady_clock::now() < until && !context->IsCancelled()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return status;
  }

  mutable std::mutex mutex_;
  std::vector<RecordedCall> calls_;
  std::map<std::string, std::deque<grpc::Status>> scripts_;
  std::string required_authorization_;
  std::map<std::string, std::chrono::milliseconds> delays_;
  size_t description_size_ = 0;
};

// InProcessServer: a gRPC server on a free port of 127.0.0.1.
class InProcessServer {
 public:
  static std::unique_ptr<InProcessServer> Start(
      grpc::Service* service,
      std::shared_ptr<grpc::ServerCredentials> credentials = grpc::InsecureServerCredentials()) {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", std::move(credentials), &port);
    builder.RegisterService(service);
    std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
    if (server == nullptr || port == 0) throw std::runtime_error("in-process gRPC server did not start");
    return std::unique_ptr<InProcessServer>(new InProcessServer(std::move(server), port));
  }

  ~InProcessServer() {
    server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
  }

  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  InProcessServer(std::unique_ptr<grpc::Server> server, int port)
      : server_(std::move(server)), port_(port) {}

  std::unique_ptr<grpc::Server> server_;
  int port_;
};

}  // namespace temporal::testing_client

#endif  // TEMPORAL_TESTS_UNIT_CLIENT_FAKE_WORKFLOW_SERVICE_H_
