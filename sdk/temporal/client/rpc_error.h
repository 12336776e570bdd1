// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// RpcError: a call to the Temporal server failed. It carries the RPC's name,
// the gRPC status code and message, and the error details the server attached
// (Temporal puts messages of temporal/api/errordetails/v1/message.proto, such
// as WorkflowExecutionAlreadyStartedFailure, in the `grpc-status-details-bin`
// trailer). Specific failures have their own subclasses, so callers catch
// what they handle:
//
//   try {
//     connection->StartWorkflowExecution(request);
//   } catch (const temporal::WorkflowAlreadyStartedError& e) {
//     std::cout << "already running as run " << e.run_id() << "\n";
//   } catch (const temporal::RpcError& e) {
//     // e.what(): "StartWorkflowExecution failed: UNAVAILABLE: connection refused"
//     if (e.code() == grpc::StatusCode::UNAVAILABLE) ...
//   }
//
// The subclasses, and what makes the transport throw them:
//   WorkflowAlreadyStartedError  a WorkflowExecutionAlreadyStartedFailure detail
//   NamespaceNotFoundError       a NamespaceNotFoundFailure detail
//   QueryFailedError             a QueryFailedFailure detail (the query handler failed)
//   WorkflowNotFoundError        NOT_FOUND from an RPC that addresses one workflow
//                                execution (Signal, Query, Describe, Terminate, ...)
//   NotFoundError                any other NOT_FOUND (base of the two above)
//
// In a test with a mocked Connection, throw them like any value:
//   EXPECT_CALL(mock, DescribeNamespace)
//       .WillOnce(Throw(temporal::RpcError("DescribeNamespace",
//                                          grpc::StatusCode::UNAVAILABLE, "down")));
#ifndef TEMPORAL_CLIENT_RPC_ERROR_H_
#define TEMPORAL_CLIENT_RPC_ERROR_H_

#include <google/protobuf/any.pb.h>
#include <grpcpp/support/status.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "temporal/api/errordetails/v1/message.pb.h"
#include "temporal/api/failure/v1/message.pb.h"
#include "temporal/common/error.h"

namespace temporal {

// StatusCodeName: the canonical name of a gRPC code, "UNAVAILABLE", "NOT_FOUND", ...
std::string_view StatusCodeName(grpc::StatusCode code);

// IsMessageTooLarge: whether a status says a message exceeded gRPC's size
// limit (RESOURCE_EXHAUSTED with gRPC's "... message larger than max ..."
// wording, from this client or from the server). Retrying cannot help: the
// same message is as large the next time.
bool IsMessageTooLarge(grpc::StatusCode code, std::string_view message);

// RpcError: see the file comment. what() is "<rpc> failed: <CODE>: <message>".
class RpcError : public Error {
 public:
  // `details` are the google.rpc.Status details (each a packed
  // google.protobuf.Any), usually temporal.api.errordetails.v1 messages.
  RpcError(std::string rpc, grpc::StatusCode code, std::string message,
           std::vector<google::protobuf::Any> details = {});

  // The RPC's name in WorkflowService, for example "StartWorkflowExecution".
  const std::string& rpc() const { return rpc_; }
  grpc::StatusCode code() const { return code_; }
  // The server's (or gRPC's) message, without the RPC name and code.
  const std::string& message() const { return message_; }
  // Every detail, in the order the server sent them, still packed.
  const std::vector<google::protobuf::Any>& details() const { return details_; }

  // Detail returns the first detail of type T, unpacked, when there is one:
  //   if (auto exhausted = e.Detail<temporal::api::errordetails::v1::ResourceExhaustedFailure>())
  //     std::cout << exhausted->cause();
  template <typename T>
  std::optional<T> Detail() const {
    for (const auto& any : details_) {
      T detail;
      if (any.Is<T>() && any.UnpackTo(&detail)) return detail;
    }
    return std::nullopt;
  }

  bool is_message_too_large() const { return IsMessageTooLarge(code_, message_); }

  // ToStatus rebuilds the gRPC status, details included (grpc-status-details-bin).
  grpc::Status ToStatus() const;

  // Rethrow throws this error as its most derived type, for code that holds
  // one by pointer (an interceptor, RpcErrorFromStatus).
  [[noreturn]] virtual void Rethrow() const { throw *this; }

 private:
  std::string rpc_;
  grpc::StatusCode code_;
  std::string message_;
  std::vector<google::protobuf::Any> details_;
};

// NotFoundError: the server found no such entity (gRPC NOT_FOUND).
class NotFoundError : public RpcError {
 public:
  using RpcError::RpcError;
  [[noreturn]] void Rethrow() const override { throw *this; }
};

// WorkflowNotFoundError: the workflow execution the RPC addressed does not
// exist (or no longer does: its retention period ended).
class WorkflowNotFoundError : public NotFoundError {
 public:
  using NotFoundError::NotFoundError;
  [[noreturn]] void Rethrow() const override { throw *this; }
};

// NamespaceNotFoundError: the namespace does not exist. namespace_name() is
// the one the server looked for.
class NamespaceNotFoundError : public NotFoundError {
 public:
  NamespaceNotFoundError(std::string rpc, grpc::StatusCode code, std::string message,
                         std::vector<google::protobuf::Any> details = {});
  [[noreturn]] void Rethrow() const override { throw *this; }

  const std::string& namespace_name() const { return namespace_name_; }

 private:
  std::string namespace_name_;
};

// WorkflowAlreadyStartedError: a workflow with this id is already running
// (or ran, when the id reuse policy forbids another run).
class WorkflowAlreadyStartedError : public RpcError {
 public:
  WorkflowAlreadyStartedError(std::string rpc, grpc::StatusCode code, std::string message,
                              std::vector<google::protobuf::Any> details = {});
  [[noreturn]] void Rethrow() const override { throw *this; }

  // The request id of the start that created the existing run.
  const std::string& start_request_id() const { return start_request_id_; }
  // The existing run's id.
  const std::string& run_id() const { return run_id_; }

 private:
  std::string start_request_id_;
  std::string run_id_;
};

// QueryFailedError: the workflow's query handler failed (or the query named
// no handler); failure() is what the worker reported.
class QueryFailedError : public RpcError {
 public:
  QueryFailedError(std::string rpc, grpc::StatusCode code, std::string message,
                   std::vector<google::protobuf::Any> details = {});
  [[noreturn]] void Rethrow() const override { throw *this; }

  const temporal::api::failure::v1::Failure& failure() const { return failure_; }

 private:
  temporal::api::failure::v1::Failure failure_;
};

// RpcErrorFromStatus: the error for a failed call, of the most specific type
// the status and its details identify (see the file comment). `status` must
// not be OK.
//
//   grpc::Status status = stub->DescribeNamespace(&context, request, &response);
//   if (!status.ok()) temporal::RpcErrorFromStatus("DescribeNamespace", status)->Rethrow();
std::unique_ptr<RpcError> RpcErrorFromStatus(std::string rpc, const grpc::Status& status);

// ThrowRpcError: RpcErrorFromStatus(rpc, status)->Rethrow().
[[noreturn]] void ThrowRpcError(std::string rpc, const grpc::Status& status);

}  // namespace temporal

#endif  // TEMPORAL_CLIENT_RPC_ERROR_H_
