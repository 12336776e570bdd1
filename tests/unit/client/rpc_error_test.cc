// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// RpcErrorFromStatus: gRPC statuses, with the binary error details Temporal
// sends in grpc-status-details-bin, become the right RpcError subclass.
#include "temporal/client/rpc_error.h"

#include <gmock/gmock.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <typeinfo>
#include <vector>

#include "temporal/client/internal/status_details.h"

namespace {

namespace errordetails = temporal::api::errordetails::v1;
using ::testing::HasSubstr;
using ::testing::SizeIs;

google::protobuf::Any Pack(const google::protobuf::Message& message) {
  google::protobuf::Any any;
  any.PackFrom(message);
  return any;
}

// A google.rpc.Status serialized field by field, independently of the SDK's
// encoder: 1 = code (varint), 2 = message (bytes), 3 = details (Any, repeated).
std::string HandEncodedRpcStatus(grpc::StatusCode code, const std::string& message,
                                 const std::vector<google::protobuf::Any>& details) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream raw(&bytes);
    google::protobuf::io::CodedOutputStream out(&raw);
    out.WriteTag((1 << 3) | 0);
    out.WriteVarint32(static_cast<uint32_t>(code));
    out.WriteTag((2 << 3) | 2);
    out.WriteVarint32(static_cast<uint32_t>(message.size()));
    out.WriteString(message);
    for (const auto& detail : details) {
      const std::string serialized = detail.SerializeAsString();
      out.WriteTag((3 << 3) | 2);
      out.WriteVarint32(static_cast<uint32_t>(serialized.size()));
      out.WriteString(serialized);
    }
  }
  return bytes;
}

grpc::Status StatusWithDetails(grpc::StatusCode code, const std::string& message,
                               const std::vector<google::protobuf::Any>& details) {
  return grpc::Status(code, message, HandEncodedRpcStatus(code, message, details));
}

TEST(RpcErrorFromStatus, WhatNamesTheRpcTheCodeAndTheServerMessage) {
  auto error = temporal::RpcErrorFromStatus(
      "SignalWorkflowExecution", grpc::Status(grpc::StatusCode::UNAVAILABLE, "connection refused"));
  EXPECT_STREQ(error->what(), "SignalWorkflowExecution failed: UNAVAILABLE: connection refused");
  EXPECT_EQ(error->rpc(), "SignalWorkflowExecution");
  EXPECT_EQ(error->code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(error->message(), "connection refused");
  EXPECT_TRUE(error->details().empty());
}

TEST(RpcErrorFromStatus, AlreadyStartedDetailMakesWorkflowAlreadyStartedErrorWithRunId) {
  errordetails::WorkflowExecutionAlreadyStartedFailure failure;
  failure.set_start_request_id("request-1");
  failure.set_run_id("run-1");
  auto error = temporal::RpcErrorFromStatus(
      "StartWorkflowExecution",
      StatusWithDetails(grpc::StatusCode::ALREADY_EXISTS, "Workflow execution is already running",
                        {Pack(failure)}));

  auto* started = dynamic_cast<temporal::WorkflowAlreadyStartedError*>(error.get());
  ASSERT_NE(started, nullptr) << error->what();
  EXPECT_EQ(started->run_id(), "run-1");
  EXPECT_EQ(started->start_request_id(), "request-1");
  EXPECT_EQ(started->code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(started->what(), HasSubstr("ALREADY_EXISTS: Workflow execution is already running"));
}

TEST(RpcErrorFromStatus, NamespaceNotFoundDetailMakesNamespaceNotFoundError) {
  errordetails::NamespaceNotFoundFailure failure;
  failure.set_namespace_("missing-ns");
  auto error = temporal::RpcErrorFromStatus(
      "DescribeWorkflowExecution",
      StatusWithDetails(grpc::StatusCode::NOT_FOUND, "Namespace missing-ns is not found.",
                        {Pack(failure)}));

  auto* not_found = dynamic_cast<temporal::NamespaceNotFoundError*>(error.get());
  ASSERT_NE(not_found, nullptr) << error->what();
  EXPECT_EQ(not_found->namespace_name(), "missing-ns");
  // An unknown namespace is not an unknown workflow, even from a workflow RPC.
  EXPECT_EQ(dynamic_cast<temporal::WorkflowNotFoundError*>(error.get()), nullptr);
  EXPECT_NE(dynamic_cast<temporal::NotFoundError*>(error.get()), nullptr);
}

TEST(RpcErrorFromStatus, QueryFailedDetailMakesQueryFailedErrorWithTheFailure) {
  errordetails::QueryFailedFailure failure;
  failure.mutable_failure()->set_message("no handler for query 'status'");
  auto error = temporal::RpcErrorFromStatus(
      "QueryWorkflow", StatusWithDetails(grpc::StatusCode::INVALID_ARGUMENT, "query failed",
                                         {Pack(failure)}));

  auto* query_failed = dynamic_cast<temporal::QueryFailedError*>(error.get());
  ASSERT_NE(query_failed, nullptr) << error->what();
  EXPECT_EQ(query_failed->failure().message(), "no handler for query 'status'");
  EXPECT_EQ(query_failed->code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST(RpcErrorFromStatus, NotFoundFromAWorkflowRpcIsWorkflowNotFound) {
  errordetails::NotFoundFailure detail;
  auto error = temporal::RpcErrorFromStatus(
      "DescribeWorkflowExecution",
      StatusWithDetails(grpc::StatusCode::NOT_FOUND, "workflow not found for ID: wf-1",
                        {Pack(detail)}));
  EXPECT_NE(dynamic_cast<temporal::WorkflowNotFoundError*>(error.get()), nullptr) << error->what();
}

TEST(RpcErrorFromStatus, NotFoundFromOtherRpcsIsPlainNotFound) {
  auto error = temporal::RpcErrorFromStatus(
      "RespondActivityTaskCompleted",
      grpc::Status(grpc::StatusCode::NOT_FOUND, "invalid activityID or activity already timed out"));
  EXPECT_NE(dynamic_cast<temporal::NotFoundError*>(error.get()), nullptr) << error->what();
  EXPECT_EQ(dynamic_cast<temporal::WorkflowNotFoundError*>(error.get()), nullptr);
}

TEST(RpcErrorFromStatus, KeepsEveryDetailForCallersToUnpack) {
  errordetails::ResourceExhaustedFailure exhausted;
  exhausted.set_cause(temporal::api::enums::v1::RESOURCE_EXHAUSTED_CAUSE_RPS_LIMIT);
  auto error = temporal::RpcErrorFromStatus(
      "StartWorkflowExecution",
      StatusWithDetails(grpc::StatusCode::RESOURCE_EXHAUSTED, "namespace rate limit exceeded",
                        {Pack(exhausted)}));

  const temporal::RpcError& plain = *error;
  EXPECT_EQ(typeid(plain), typeid(temporal::RpcError));
  ASSERT_THAT(error->details(), SizeIs(1));
  auto unpacked = error->Detail<errordetails::ResourceExhaustedFailure>();
  ASSERT_TRUE(unpacked.has_value());
  EXPECT_EQ(unpacked->cause(), temporal::api::enums::v1::RESOURCE_EXHAUSTED_CAUSE_RPS_LIMIT);
  EXPECT_FALSE(error->Detail<errordetails::NotFoundFailure>().has_value());
}

TEST(RpcErrorFromStatus, MalformedDetailsLeaveCodeAndMessageIntact) {
  auto error = temporal::RpcErrorFromStatus(
      "GetSystemInfo",
      grpc::Status(grpc::StatusCode::INTERNAL, "boom", std::string("\xff\xff\xff garbage", 12)));
  EXPECT_EQ(error->code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(error->message(), "boom");
  EXPECT_TRUE(error->details().empty());
}

TEST(RpcErrorFromStatus, ThrowRpcErrorThrowsTheMostDerivedType) {
  errordetails::WorkflowExecutionAlreadyStartedFailure failure;
  failure.set_run_id("run-7");
  const grpc::Status status =
      StatusWithDetails(grpc::StatusCode::ALREADY_EXISTS, "already started", {Pack(failure)});
  try {
    temporal::ThrowRpcError("StartWorkflowExecution", status);
    FAIL() << "ThrowRpcError returned";
  } catch (const temporal::WorkflowAlreadyStartedError& e) {
    EXPECT_EQ(e.run_id(), "run-7");
  }
}

TEST(RpcErrorFromStatus, RethrowThroughABasePointerKeepsTheType) {
  std::unique_ptr<temporal::RpcError> error = std::make_unique<temporal::NamespaceNotFoundError>(
      "DescribeNamespace", grpc::StatusCode::NOT_FOUND, "Namespace x is not found.");
  EXPECT_THROW(error->Rethrow(), temporal::NamespaceNotFoundError);
}

TEST(RpcErrorFromStatus, ToStatusRoundTripsCodeMessageAndDetails) {
  errordetails::NamespaceNotFoundFailure failure;
  failure.set_namespace_("ns-2");
  temporal::NamespaceNotFoundError original("DescribeNamespace", grpc::StatusCode::NOT_FOUND,
                                            "Namespace ns-2 is not found.", {Pack(failure)});
  auto again = temporal::RpcErrorFromStatus("DescribeNamespace", original.ToStatus());
  auto* not_found = dynamic_cast<temporal::NamespaceNotFoundError*>(again.get());
  ASSERT_NE(not_found, nullptr);
  EXPECT_EQ(not_found->namespace_name(), "ns-2");
  EXPECT_EQ(not_found->message(), "Namespace ns-2 is not found.");
}

TEST(RpcStatusDetails, EncoderMatchesTheGoogleRpcStatusWireFormat) {
  errordetails::NotFoundFailure detail;
  detail.set_current_cluster("active");
  const std::vector<google::protobuf::Any> details = {Pack(detail)};
  EXPECT_EQ(temporal::client_internal::EncodeStatusDetails(grpc::StatusCode::NOT_FOUND, "gone",
                                                           details),
            HandEncodedRpcStatus(grpc::StatusCode::NOT_FOUND, "gone", details));
  auto decoded = temporal::client_internal::DecodeStatusDetails(
      HandEncodedRpcStatus(grpc::StatusCode::NOT_FOUND, "gone", details));
  ASSERT_THAT(decoded, SizeIs(1));
  EXPECT_EQ(decoded[0].type_url(), "type.googleapis.com/temporal.api.errordetails.v1.NotFoundFailure");
}

TEST(RpcStatusCodeName, NamesEveryCanonicalCode) {
  EXPECT_EQ(temporal::StatusCodeName(grpc::StatusCode::OK), "OK");
  EXPECT_EQ(temporal::StatusCodeName(grpc::StatusCode::DEADLINE_EXCEEDED), "DEADLINE_EXCEEDED");
  EXPECT_EQ(temporal::StatusCodeName(grpc::StatusCode::RESOURCE_EXHAUSTED), "RESOURCE_EXHAUSTED");
  EXPECT_EQ(temporal::StatusCodeName(grpc::StatusCode::UNAUTHENTICATED), "UNAUTHENTICATED");
  EXPECT_EQ(temporal::StatusCodeName(static_cast<grpc::StatusCode>(99)), "UNKNOWN_CODE");
}

TEST(RpcMessageTooLarge, RecognizesGrpcCppAndGrpcGoWordings) {
  using grpc::StatusCode;
  EXPECT_TRUE(temporal::IsMessageTooLarge(StatusCode::RESOURCE_EXHAUSTED,
                                          "Received message larger than max (5000 vs. 4000)"));
  EXPECT_TRUE(temporal::IsMessageTooLarge(StatusCode::RESOURCE_EXHAUSTED,
                                          "Sent message larger than max (5000 vs. 4000)"));
  EXPECT_TRUE(temporal::IsMessageTooLarge(
      StatusCode::RESOURCE_EXHAUSTED, "grpc: received message larger than max (5000 vs. 4000)"));
  EXPECT_TRUE(temporal::IsMessageTooLarge(
      StatusCode::RESOURCE_EXHAUSTED,
      "grpc: received message after decompression larger than max (5000 vs. 4000)"));
  EXPECT_FALSE(temporal::IsMessageTooLarge(StatusCode::RESOURCE_EXHAUSTED,
                                           "namespace rate limit exceeded"));
  EXPECT_FALSE(temporal::IsMessageTooLarge(StatusCode::INTERNAL,
                                           "Received message larger than max (5000 vs. 4000)"));
}

}  // namespace
