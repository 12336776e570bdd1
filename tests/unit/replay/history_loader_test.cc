// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Loading recorded histories: the shared corpus in both JSON enum spellings
// and binary, every kind of malformed input, and no crash on damaged files.
#include "temporal/replay/history_loader.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "temporal/api/workflowservice/v1/request_response.pb.h"
#include "temporal/testing/dev_server_environment.h"

namespace {

namespace fs = std::filesystem;
namespace enums = temporal::api::enums::v1;
using temporal::replay::HistoryFormatError;
using temporal::replay::HistoryFromBinary;
using temporal::replay::HistoryFromJson;
using temporal::replay::LoadHistoryFile;
using ::testing::AllOf;
using ::testing::HasSubstr;

const fs::path kHistories = TEMPORAL_SHARED_HISTORIES_DIR;

#define REQUIRE_CORPUS()                                                              \
  if (!fs::exists(kHistories)) {                                                      \
    if (temporal::testing::IsCi()) GTEST_FAIL() << "CI needs " << kHistories;        \
    GTEST_SKIP() << "no replay corpus at " << kHistories;                            \
  }

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string OneEvent(const std::string& event_json) {
  return R"({"events": [)" + event_json + "]}";
}

TEST(HistoryLoader, LoadsEveryJsonHistoryOfTheCorpusInBothSpellings) {
  REQUIRE_CORPUS();
  int loaded = 0;
  for (const auto& entry : fs::directory_iterator(kHistories / "sdk-go")) {
    if (entry.path().extension() != ".json") continue;
    const std::string name = entry.path().filename().string();
    if (name == "workflow_with_bad_unknown_event.json") continue;  // its own test
    SCOPED_TRACE(name);
    temporal::api::history::v1::History history;
    ASSERT_NO_THROW(history = LoadHistoryFile(entry.path()));
    ASSERT_GT(history.events_size(), 0);
    EXPECT_EQ(history.events(0).event_type(), enums::EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
    EXPECT_EQ(history.events(0).event_id(), 1);
    for (const auto& event : history.events()) {
      if (event.event_type() == enums::EVENT_TYPE_UNSPECIFIED) {
        EXPECT_TRUE(event.worker_may_ignore()) << "event " << event.event_id();
      }
    }
    ++loaded;
  }
  EXPECT_GE(loaded, 50);
}

TEST(HistoryLoader, BothEnumSpellingsGiveTheSameEvent) {
  const auto old_style = HistoryFromJson(OneEvent(R"({
    "eventId": "1", "eventType": "WorkflowExecutionStarted",
    "workflowExecutionStartedEventAttributes": {
      "taskQueue": {"name": "q", "kind": "Normal"},
      "parentClosePolicy": "RequestCancel", "initiator": "CronSchedule"}})"));
  const auto canonical = HistoryFromJson(OneEvent(R"({
    "eventId": "1", "eventType": "EVENT_TYPE_WORKFLOW_EXECUTION_STARTED",
    "workflowExecutionStartedEventAttributes": {
      "taskQueue": {"name": "q", "kind": "TASK_QUEUE_KIND_NORMAL"},
      "parentClosePolicy": "PARENT_CLOSE_POLICY_REQUEST_CANCEL",
      "initiator": "CONTINUE_AS_NEW_INITIATOR_CRON_SCHEDULE"}})"));
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(old_style, canonical));
  EXPECT_EQ(canonical.events(0).workflow_execution_started_event_attributes().task_queue().kind(),
            enums::TASK_QUEUE_KIND_NORMAL);
}

// update-reset-accepted.json was recorded when UpdateAdmittedEventOrigin was
// still called UpdateRequestedEventOrigin.
TEST(HistoryLoader, ValuesOfRenamedEnumTypesMapByTheirSuffix) {
  auto history = HistoryFromJson(OneEvent(R"({"eventId": "5",
    "eventType": "EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED",
    "workflowExecutionUpdateAdmittedEventAttributes": {"origin": "UPDATE_REQUESTED_EVENT_ORIGIN_REAPPLY"}})"));
  EXPECT_EQ(history.events(0).workflow_execution_update_admitted_event_attributes().origin(),
            enums::UPDATE_ADMITTED_EVENT_ORIGIN_REAPPLY);
  // A suffix that matches nothing is still an error.
  EXPECT_THROW(HistoryFromJson(OneEvent(R"({"eventId": "5",
    "workflowExecutionUpdateAdmittedEventAttributes": {"origin": "UPDATE_REQUESTED_EVENT_ORIGIN_REPLAY"}})")),
               HistoryFormatError);
}

TEST(HistoryLoader, AnUnknownEventTypeLoadsOnlyWhenTheWorkerMayIgnoreIt) {
  REQUIRE_CORPUS();
  auto history = LoadHistoryFile(kHistories / "sdk-go/workflow_with_unknown_event.json");
  const auto& event = history.events(22);
  EXPECT_EQ(event.event_id(), 23);
  EXPECT_EQ(event.event_type(), enums::EVENT_TYPE_UNSPECIFIED);
  EXPECT_TRUE(event.worker_may_ignore());

  try {
    LoadHistoryFile(kHistories / "sdk-go/workflow_with_bad_unknown_event.json");
    FAIL() << "expected HistoryFormatError";
  } catch (const HistoryFormatError& e) {
    EXPECT_EQ(e.event_index(), 22);
    EXPECT_THAT(e.what(), AllOf(HasSubstr("workflow_with_bad_unknown_event.json"),
                                HasSubstr("history event #22 (eventId 23), field eventType"),
                                HasSubstr("\"UnknownEvent\""), HasSubstr("workerMayIgnore")));
  }
}

TEST(HistoryLoader, LoadsBinaryHistoriesRecordedByTheRustCore) {
  REQUIRE_CORPUS();
  for (const char* file : {"timer_workflow_history.bin", "fail_wf_task.bin",
                           "ends_empty_wft_complete.bin", "old_change_marker_format.bin"}) {
    SCOPED_TRACE(file);
    auto history = LoadHistoryFile(kHistories / "sdk-core" / file);
    ASSERT_GT(history.events_size(), 0);
    EXPECT_EQ(history.events(0).event_type(), enums::EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
  }
}

// Some tools (the features repository) export a JSON array of histories.
TEST(HistoryLoader, AnArrayHoldingOneHistoryReads) {
  const auto history = HistoryFromJson(
      R"([{"events": [{"eventId": "1", "eventType": "WorkflowExecutionStarted"}]}])");
  ASSERT_EQ(history.events_size(), 1);
  EXPECT_EQ(history.events(0).event_type(), enums::EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
}

TEST(HistoryLoader, LoadsTheFeaturesHistoryWrappedInAnArray) {
  REQUIRE_CORPUS();
  const fs::path file = kHistories / "features/telemetry_metrics.go.v1.11.0.json";
  ASSERT_EQ(Read(file).front(), '[');
  const auto history = LoadHistoryFile(file);
  ASSERT_EQ(history.events_size(), 17);
  EXPECT_EQ(history.events(0).workflow_execution_started_event_attributes().workflow_type().name(),
            "Workflow");
  EXPECT_EQ(history.events(16).event_type(), enums::EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
}

TEST(HistoryLoaderErrors, AnArrayMustHoldExactlyOneHistory) {
  const std::string one =
      R"({"events": [{"eventId": "1", "eventType": "WorkflowExecutionStarted"}]})";
  EXPECT_THAT([&] { HistoryFromJson("[" + one + "," + one + "]"); },
              ::testing::ThrowsMessage<HistoryFormatError>(
                  AllOf(HasSubstr("array of 2 elements"), HasSubstr("one history"))));
  EXPECT_THAT([] { HistoryFromJson("[]"); },
              ::testing::ThrowsMessage<HistoryFormatError>(HasSubstr("array of 0 elements")));
  EXPECT_THAT([] { HistoryFromJson("[42]"); },
              ::testing::ThrowsMessage<HistoryFormatError>(HasSubstr("\"events\" array")));
}

// Payloads the Go SDK wrote with gogo-proto JSON spell enums the old way.
TEST(MessageFromJson, ReadsOlderEnumSpellingsInAnyMessage) {
  temporal::api::workflowservice::v1::DescribeWorkflowExecutionResponse response;
  temporal::replay::MessageFromJson(R"({
      "executionConfig": {"taskQueue": {"name": "q", "kind": "Normal"}, "workflowRunTimeout": "60s"},
      "workflowExecutionInfo": {"status": "Terminated", "historyLength": "21", "newField": 1}})",
                                    response);
  EXPECT_EQ(response.execution_config().task_queue().kind(), enums::TASK_QUEUE_KIND_NORMAL);
  EXPECT_TRUE(response.execution_config().has_workflow_run_timeout());
  EXPECT_EQ(response.workflow_execution_info().status(),
            enums::WORKFLOW_EXECUTION_STATUS_TERMINATED);
  EXPECT_EQ(response.workflow_execution_info().history_length(), 21);
}

TEST(MessageFromJson, AnUnknownEnumValueNamesTheTypeAndTheField) {
  temporal::api::workflowservice::v1::DescribeWorkflowExecutionResponse response;
  EXPECT_THAT(
      [&] {
        temporal::replay::MessageFromJson(R"({"workflowExecutionInfo": {"status": "Snoozing"}})",
                                          response);
      },
      ::testing::ThrowsMessage<HistoryFormatError>(
          AllOf(HasSubstr("DescribeWorkflowExecutionResponse"),
                HasSubstr("field workflowExecutionInfo.status"), HasSubstr("\"Snoozing\""))));
  EXPECT_THAT([&] { temporal::replay::MessageFromJson("{not json", response); },
              ::testing::ThrowsMessage<HistoryFormatError>(HasSubstr("not valid JSON")));
  EXPECT_THAT(
      [&] {
        temporal::replay::MessageFromJson(R"({"workflowExecutionInfo": {"historyLength": "many"}})",
                                          response);
      },
      ::testing::ThrowsMessage<HistoryFormatError>(HasSubstr("DescribeWorkflowExecutionResponse")));
}

TEST(HistoryLoaderErrors, NameTheEventAndTheNestedField) {
  try {
    HistoryFromJson(R"({"events": [
      {"eventId": "1", "eventType": "WorkflowExecutionStarted"},
      {"eventId": "2", "eventType": "WorkflowTaskScheduled",
       "workflowTaskScheduledEventAttributes": {"taskQueue": {"name": "q", "kind": "Sideways"}}}]})");
    FAIL() << "expected HistoryFormatError";
  } catch (const HistoryFormatError& e) {
    EXPECT_EQ(e.event_index(), 1);
    EXPECT_THAT(e.what(), AllOf(HasSubstr("history event #1 (eventId 2)"),
                                HasSubstr("workflowTaskScheduledEventAttributes.taskQueue.kind"),
                                HasSubstr("\"Sideways\""), HasSubstr("TaskQueueKind")));
  }
}

TEST(HistoryLoaderErrors, ValuesOfTheWrongShapeAreRefusedWithTheEvent) {
  EXPECT_THAT([] { HistoryFromJson(OneEvent(R"({"eventId": "1", "eventTime": "yesterday"})")); },
              ::testing::ThrowsMessage<HistoryFormatError>(
                  AllOf(HasSubstr("history event #0 (eventId 1)"), HasSubstr("eventTime"))));
  EXPECT_THAT([] { HistoryFromJson(OneEvent(R"({"eventId": "one"})")); },
              ::testing::ThrowsMessage<HistoryFormatError>(HasSubstr("history event #0")));
  EXPECT_THAT([] { HistoryFromJson(R"({"events": [1]})"); },
              ::testing::ThrowsMessage<HistoryFormatError>(HasSubstr("is not a JSON object")));
}

TEST(HistoryLoaderErrors, DocumentLevelProblems) {
  EXPECT_THAT([] { HistoryFromJson(R"({"events": [)"); },
              ::testing::ThrowsMessage<HistoryFormatError>(HasSubstr("not valid JSON (at byte")));
  EXPECT_THAT([] { HistoryFromJson(R"({"history": []})"); },
              ::testing::ThrowsMessage<HistoryFormatError>(HasSubstr("\"events\" array")));
  EXPECT_THAT([] { HistoryFromBinary("\xff\xff\xff\xff"); },
              ::testing::ThrowsMessage<HistoryFormatError>(HasSubstr("not a binary")));
  EXPECT_THAT([] { LoadHistoryFile("/nonexistent/history.json"); },
              ::testing::ThrowsMessage<HistoryFormatError>(HasSubstr("/nonexistent/history.json")));
}

// Damaged files (truncated, bytes flipped) load or fail cleanly; never crash.
TEST(HistoryLoaderRobustness, DamagedFilesNeverCrash) {
  REQUIRE_CORPUS();
  const std::string json = Read(kHistories / "sdk-go/continue-as-new.json");
  const std::string binary = Read(kHistories / "sdk-core/timer_workflow_history.bin");
  int refused = 0;
  auto attempt = [&](auto load, const std::string& data) {
    try {
      load(data);
    } catch (const HistoryFormatError&) {
      ++refused;
    }
  };
  for (size_t cut = 0; cut < json.size(); cut += 37) attempt(HistoryFromJson, json.substr(0, cut));
  for (size_t cut = 0; cut < binary.size(); cut += 3) attempt(HistoryFromBinary, binary.substr(0, cut));
  std::mt19937 random(1234);
  for (int i = 0; i < 300; ++i) {
    std::string damaged = json;
    for (int flips = 0; flips < 3; ++flips) {
      damaged[random() % damaged.size()] = static_cast<char>(random() % 128);
    }
    attempt(HistoryFromJson, damaged);
  }
  EXPECT_GT(refused, 0);
}

}  // namespace
