// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Checks the generated Temporal API (temporal::api): that the proto pipeline
// compiled the services the SDK needs, that the renamed packages keep the wire
// format, and that real recorded histories and payloads parse.
#include <gmock/gmock.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "temporal/api/common/v1/message.pb.h"
#include "temporal/api/export/v1/message.pb.h"
#include "temporal/api/history/v1/message.pb.h"
#include "temporal/api/namespace/v1/message.pb.h"
#include "temporal/api/operatorservice/v1/service.grpc.pb.h"
#include "temporal/api/testservice/v1/service.grpc.pb.h"
#include "temporal/api/workflowservice/v1/service.grpc.pb.h"
#include "temporal/testing/dev_server_environment.h"

namespace {

namespace fs = std::filesystem;
using ::google::protobuf::DescriptorPool;
using ::testing::ElementsAre;
using ::testing::IsSupersetOf;

const fs::path kHistories = TEMPORAL_SHARED_HISTORIES_DIR;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A static library contributes only the object files a program references,
// and a service's descriptor lives in <file>.pb.cc, which nothing else
// references. Taking the address of its descriptor table links it in, so the
// file registers itself with the generated pool at start-up.
// The references must be used at run time: a compiler may drop an unused
// constant and, with it, the reference (clang does).
const void* const kLinkedServiceFiles[] = {
    &descriptor_table_temporal_2fapi_2fworkflowservice_2fv1_2fservice_2eproto,
    &descriptor_table_temporal_2fapi_2ftestservice_2fv1_2fservice_2eproto,
    &descriptor_table_temporal_2fapi_2foperatorservice_2fv1_2fservice_2eproto,
};

std::vector<std::string> MethodNames(const std::string& service) {
  for (const void* file : kLinkedServiceFiles) EXPECT_NE(file, nullptr);
  const auto* descriptor = DescriptorPool::generated_pool()->FindServiceByName(service);
  std::vector<std::string> names;
  if (descriptor == nullptr) return names;
  for (int i = 0; i < descriptor->method_count(); ++i) {
    names.push_back(descriptor->method(i)->name());
  }
  return names;
}

// The corpus sits beside the project in CI; elsewhere it may be missing.
#define SKIP_WITHOUT_SHARED_CORPUS()                                                  \
  if (!fs::exists(kHistories)) {                                                      \
    if (temporal::testing::IsCi()) GTEST_FAIL() << "CI needs the corpus at " << kHistories; \
    GTEST_SKIP() << "no replay corpus at " << kHistories;                             \
  }

TEST(ApiProtos, WorkflowServiceHasTheRpcsTheSdkUses) {
  EXPECT_THAT(MethodNames("temporal.api.workflowservice.v1.WorkflowService"),
              IsSupersetOf({"GetSystemInfo", "DescribeNamespace", "StartWorkflowExecution",
                            "SignalWorkflowExecution", "SignalWithStartWorkflowExecution",
                            "QueryWorkflow", "UpdateWorkflowExecution",
                            "PollWorkflowExecutionUpdate", "ExecuteMultiOperation",
                            "RequestCancelWorkflowExecution", "TerminateWorkflowExecution",
                            "DescribeWorkflowExecution", "ListWorkflowExecutions",
                            "CountWorkflowExecutions", "GetWorkflowExecutionHistory",
                            "PollWorkflowTaskQueue", "RespondWorkflowTaskCompleted",
                            "RespondWorkflowTaskFailed", "RespondQueryTaskCompleted",
                            "PollActivityTaskQueue", "RecordActivityTaskHeartbeat",
                            "RespondActivityTaskCompleted", "RespondActivityTaskFailed",
                            "RespondActivityTaskCanceled", "ShutdownWorker"}));
}

TEST(ApiProtos, TestServiceHasTheTimeSkippingRpcs) {
  EXPECT_THAT(MethodNames("temporal.api.testservice.v1.TestService"),
              IsSupersetOf({"LockTimeSkipping", "UnlockTimeSkipping", "Sleep", "SleepUntil",
                            "UnlockTimeSkippingWithSleep", "GetCurrentTime"}));
}

TEST(ApiProtos, OperatorServiceIsGenerated) {
  EXPECT_THAT(MethodNames("temporal.api.operatorservice.v1.OperatorService"),
              IsSupersetOf({"AddSearchAttributes", "ListSearchAttributes"}));
}

// The namespace and export packages are renamed for C++ (namespace_, export_);
// the wire format must not change: field numbers and types are untouched.
TEST(ApiProtos, RenamedNamespacePackageKeepsTheWireFormat) {
  temporal::api::namespace_::v1::NamespaceInfo info;
  info.set_name("ns");
  EXPECT_EQ(info.SerializeAsString(), std::string("\x0a\x02ns", 4));
  EXPECT_EQ(info.GetDescriptor()->full_name(), "temporal.api.namespace_.v1.NamespaceInfo");

  // And the services that embed it still point at the renamed message.
  const auto* response = temporal::api::workflowservice::v1::DescribeNamespaceResponse::descriptor();
  EXPECT_EQ(response->FindFieldByName("namespace_info")->message_type(), info.GetDescriptor());
}

TEST(ApiProtos, RenamedExportPackageCompiles) {
  temporal::api::export_::v1::WorkflowExecutions executions;
  executions.add_items()->mutable_history()->add_events()->set_event_id(7);
  temporal::api::export_::v1::WorkflowExecutions parsed;
  ASSERT_TRUE(parsed.ParseFromString(executions.SerializeAsString()));
  EXPECT_EQ(parsed.items(0).history().events(0).event_id(), 7);
}

TEST(ApiProtos, ParsesABinaryHistoryRecordedByTheRustCore) {
  SKIP_WITHOUT_SHARED_CORPUS();
  temporal::api::history::v1::History history;
  ASSERT_TRUE(history.ParseFromString(ReadFile(kHistories / "sdk-core/timer_workflow_history.bin")));
  std::vector<temporal::api::enums::v1::EventType> types;
  for (const auto& event : history.events()) types.push_back(event.event_type());
  using namespace temporal::api::enums::v1;  // NOLINT: enum names read better unqualified.
  EXPECT_THAT(types, ElementsAre(EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
                                 EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
                                 EVENT_TYPE_WORKFLOW_TASK_STARTED,
                                 EVENT_TYPE_WORKFLOW_TASK_COMPLETED, EVENT_TYPE_TIMER_STARTED,
                                 EVENT_TYPE_TIMER_FIRED, EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
                                 EVENT_TYPE_WORKFLOW_TASK_STARTED,
                                 EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
                                 EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED));
  EXPECT_EQ(history.events(0).event_id(), 1);
}

TEST(ApiProtos, ParsesACanonicalJsonHistory) {
  SKIP_WITHOUT_SHARED_CORPUS();
  temporal::api::history::v1::History history;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  auto status = google::protobuf::util::JsonStringToMessage(
      ReadFile(kHistories / "sdk-go/update-reset-accepted.json"), &history, options);
  ASSERT_TRUE(status.ok()) << status;
  ASSERT_GT(history.events_size(), 0);
  EXPECT_EQ(history.events(0).event_type(),
            temporal::api::enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
  EXPECT_EQ(history.events(0).workflow_execution_started_event_attributes().workflow_type().name(),
            "CounterWorkflow");
}

TEST(ApiProtos, ParsesTheCrossLanguageBinaryPayloadVector) {
  SKIP_WITHOUT_SHARED_CORPUS();
  temporal::api::common::v1::Payload payload;
  auto status = google::protobuf::util::JsonStringToMessage(
      ReadFile(kHistories / "features/data_converter_binary_payload.json"), &payload);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(payload.metadata().at("encoding"), "binary/plain");
  EXPECT_EQ(payload.data(), std::string("\xde\xad\xbe\xef", 4));
}

}  // namespace
