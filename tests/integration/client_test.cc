// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Client and WorkflowHandle against a real Temporal dev server. A TaskDriver
// plays the worker (raw polls and responses), so each outcome a workflow can
// have is produced for real and the client's view of it is checked.
#include "temporal/client/client.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <future>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "support/client_test_base.h"
#include "support/temporal_cli.h"
#include "temporal/common/uuid.h"
#include "temporal/converter/zlib_codec.h"
#include "temporal/testing/dev_server_environment.h"

namespace demo {
struct Order {
  std::string id;
  double amount = 0;
  bool operator==(const Order&) const = default;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Order, id, amount)
}  // namespace demo

namespace {

namespace enums = temporal::api::enums::v1;
using namespace std::chrono_literals;
using temporal::Client;
using temporal::WorkflowFailedError;
using temporal::WorkflowHandle;
using temporal::WorkflowOptions;
using temporal::testing::TaskDriver;
using temporal::testing::UniqueName;
using temporal::testing::WorkflowTask;
using ::testing::HasSubstr;

class ClientTest : public temporal::testing::ClientTestBase {
 protected:
  // The started workflow's input, as the first workflow task shows it.
  static const temporal::api::common::v1::Payloads& StartInput(const WorkflowTask& task) {
    return task.history().events(0).workflow_execution_started_event_attributes().input();
  }

  // Waits for a visibility query to see `expected` runs (visibility lags a little).
  int64_t AwaitCount(const std::string& query, int64_t expected) {
    int64_t count = -1;
    for (int i = 0; i < 100 && count != expected; ++i) {
      count = client_->CountWorkflows(query);
      if (count != expected) std::this_thread::sleep_for(100ms);
    }
    return count;
  }

};

TEST_F(ClientTest, StartsAWorkflowAndReturnsItsTypedResult) {
  auto options = Options();
  WorkflowHandle handle = client_->StartWorkflow("Echo", options, demo::Order{"o-1", 9.5}, 3);
  EXPECT_EQ(handle.workflow_id(), options.id);
  EXPECT_FALSE(handle.run_id().empty());

  WorkflowTask task = driver_->PollWorkflowTask();
  EXPECT_EQ(task.workflow_type().name(), "Echo");
  const auto& input = StartInput(task);
  ASSERT_EQ(input.payloads_size(), 2);
  auto order = client_->data_converter().FromPayload<demo::Order>(input.payloads(0));
  EXPECT_EQ(order, (demo::Order{"o-1", 9.5}));
  EXPECT_EQ(client_->data_converter().FromPayload<int>(input.payloads(1)), 3);

  driver_->CompleteWorkflow(task, Convert(demo::Order{"o-1", 19.0}));
  EXPECT_EQ(handle.Result<demo::Order>(), (demo::Order{"o-1", 19.0}));
  // Another handle to the same workflow sees the same result.
  EXPECT_EQ(client_->GetHandle(options.id).Result<demo::Order>().amount, 19.0);
}

TEST_F(ClientTest, ExecuteWorkflowWaitsForTheResult) {
  auto result = std::async(std::launch::async, [&] {
    return client_->ExecuteWorkflow<std::string>("Greet", Options(), std::string("World"));
  });
  WorkflowTask task = driver_->PollWorkflowTask();
  auto name = client_->data_converter().FromPayload<std::string>(StartInput(task).payloads(0));
  driver_->CompleteWorkflow(task, Convert("Hello, " + name + "!"));
  EXPECT_EQ(result.get(), "Hello, World!");
}

TEST_F(ClientTest, AFailedWorkflowThrowsWorkflowFailedErrorWithTheFailureChain) {
  WorkflowHandle handle = client_->StartWorkflow("Fails", Options());
  WorkflowTask task = driver_->PollWorkflowTask();
  temporal::ApplicationError error("out of stock", "OutOfStock",
                                   {.non_retryable = true,
                                    .details = temporal::Values::Of(std::string("sku-9"))});
  driver_->FailWorkflow(task, client_->data_converter().ToFailure(error));
  try {
    handle.Result<int>();
    FAIL() << "expected WorkflowFailedError";
  } catch (const WorkflowFailedError& e) {
    EXPECT_EQ(e.status(), enums::WORKFLOW_EXECUTION_STATUS_FAILED);
    EXPECT_EQ(e.run_id(), handle.run_id());
    EXPECT_THAT(e.what(), HasSubstr("out of stock"));
    const auto* app = e.cause_as<temporal::ApplicationError>();
    ASSERT_NE(app, nullptr);
    EXPECT_EQ(app->type(), "OutOfStock");
    EXPECT_TRUE(app->non_retryable());
    EXPECT_EQ(app->details().Get<std::string>(), "sku-9");
  }
}

TEST_F(ClientTest, CancelReachesTheWorkflowAndACanceledWorkflowThrows) {
  WorkflowHandle handle = client_->StartWorkflow("Cancellable", Options());
  driver_->Respond(driver_->PollWorkflowTask());  // running, waiting
  handle.Cancel("no longer needed");
  WorkflowTask task = driver_->PollWorkflowTask();
  bool saw_request = false;
  for (const auto& event : task.history().events()) {
    if (event.event_type() == enums::EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED) {
      saw_request = true;
      EXPECT_EQ(event.workflow_execution_cancel_requested_event_attributes().cause(),
                "no longer needed");
    }
  }
  EXPECT_TRUE(saw_request);
  driver_->CancelWorkflow(task);
  try {
    handle.Result();
    FAIL() << "expected WorkflowFailedError";
  } catch (const WorkflowFailedError& e) {
    EXPECT_EQ(e.status(), enums::WORKFLOW_EXECUTION_STATUS_CANCELED);
    EXPECT_NE(e.cause_as<temporal::CanceledError>(), nullptr);
  }
}

TEST_F(ClientTest, TerminateEndsTheWorkflowWithItsReason) {
  WorkflowHandle handle = client_->StartWorkflow("Stuck", Options());
  handle.Terminate("operator stop", temporal::Values::Of(std::string("ticket-7")));
  try {
    handle.Result();
    FAIL() << "expected WorkflowFailedError";
  } catch (const WorkflowFailedError& e) {
    EXPECT_EQ(e.status(), enums::WORKFLOW_EXECUTION_STATUS_TERMINATED);
    ASSERT_NE(e.cause_as<temporal::TerminatedError>(), nullptr);
    EXPECT_EQ(e.cause()->message(), "operator stop");
  }
  EXPECT_EQ(handle.Describe().status, enums::WORKFLOW_EXECUTION_STATUS_TERMINATED);
}

TEST_F(ClientTest, AnExecutionTimeoutThrowsTimeoutError) {
  auto options = Options();
  options.execution_timeout = 1s;
  WorkflowHandle handle = client_->StartWorkflow("NeverAnswered", options);
  try {
    handle.Result();
    FAIL() << "expected WorkflowFailedError";
  } catch (const WorkflowFailedError& e) {
    EXPECT_EQ(e.status(), enums::WORKFLOW_EXECUTION_STATUS_TIMED_OUT);
    EXPECT_NE(e.cause_as<temporal::TimeoutError>(), nullptr);
  }
}

TEST_F(ClientTest, ResultFollowsContinueAsNewUnlessAskedNotTo) {
  WorkflowHandle handle = client_->StartWorkflow("Chain", Options(), 1);
  driver_->ContinueAsNew(driver_->PollWorkflowTask(), "Chain", Convert(2));

  // Not following: the first run's outcome is "continued as new".
  try {
    handle.Result<int>({.follow_runs = false});
    FAIL() << "expected WorkflowContinuedAsNewError";
  } catch (const temporal::WorkflowContinuedAsNewError& e) {
    EXPECT_FALSE(e.new_run_id().empty());
    EXPECT_NE(e.new_run_id(), handle.run_id());
  }

  WorkflowTask second = driver_->PollWorkflowTask();
  EXPECT_EQ(client_->data_converter().FromPayload<int>(StartInput(second).payloads(0)), 2);
  driver_->CompleteWorkflow(second, Convert(42));
  EXPECT_EQ(handle.Result<int>(), 42);  // followed from the first run to the last
}

TEST_F(ClientTest, SignalsArriveWithTheirArguments) {
  auto options = Options();
  WorkflowHandle handle = client_->StartWorkflow("Signaled", options);
  driver_->Respond(driver_->PollWorkflowTask());
  handle.Signal("add-item", std::string("apple"), 2);
  WorkflowTask task = driver_->PollWorkflowTask();
  const temporal::api::history::v1::HistoryEvent* signaled = nullptr;
  for (const auto& event : task.history().events()) {
    if (event.event_type() == enums::EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) signaled = &event;
  }
  ASSERT_NE(signaled, nullptr);
  const auto& attributes = signaled->workflow_execution_signaled_event_attributes();
  EXPECT_EQ(attributes.signal_name(), "add-item");
  EXPECT_EQ(client_->data_converter().FromPayload<std::string>(attributes.input().payloads(0)),
            "apple");
  EXPECT_EQ(client_->data_converter().FromPayload<int>(attributes.input().payloads(1)), 2);
  driver_->CompleteWorkflow(task, {});
  // A workflow that returns nothing reads as an empty optional.
  EXPECT_EQ(handle.Result<std::optional<int>>(), std::nullopt);
}

TEST_F(ClientTest, SignalWithStartStartsOnceThenSignalsTheRunningRun) {
  auto options = Options();
  auto first = client_->SignalWithStartWorkflow(
      "Batch", options, {.signal_name = "item", .args = temporal::Values::Of(1)}, std::string("init"));
  auto second = client_->SignalWithStartWorkflow(
      "Batch", options, {.signal_name = "item", .args = temporal::Values::Of(2)}, std::string("init"));
  EXPECT_EQ(first.run_id(), second.run_id());

  WorkflowTask task = driver_->PollWorkflowTask();
  std::vector<int> items;
  for (const auto& event : task.history().events()) {
    if (event.event_type() == enums::EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) {
      items.push_back(client_->data_converter().FromPayload<int>(
          event.workflow_execution_signaled_event_attributes().input().payloads(0)));
    }
  }
  EXPECT_EQ(items, (std::vector<int>{1, 2}));
  EXPECT_EQ(client_->data_converter().FromPayload<std::string>(StartInput(task).payloads(0)),
            "init");
  driver_->CompleteWorkflow(task, {});
}

TEST_F(ClientTest, QueriesAreAnsweredRejectedOrFailedAsTheWorkflowSays) {
  WorkflowHandle handle = client_->StartWorkflow("Counter", Options());
  driver_->Respond(driver_->PollWorkflowTask());

  auto answered = std::async(std::launch::async, [&] { return handle.Query<int>("count", 5); });
  WorkflowTask query_task = driver_->PollWorkflowTask();
  ASSERT_TRUE(query_task.has_query());
  EXPECT_EQ(query_task.query().query_type(), "count");
  EXPECT_EQ(client_->data_converter().FromPayload<int>(query_task.query().query_args().payloads(0)),
            5);
  driver_->AnswerQuery(query_task, client_->data_converter().ToPayload(17));
  EXPECT_EQ(answered.get(), 17);

  auto failed = std::async(std::launch::async, [&] { return handle.Query<int>("nope"); });
  driver_->FailQuery(driver_->PollWorkflowTask(), "unknown query type nope");
  try {
    failed.get();
    FAIL() << "expected QueryFailedError";
  } catch (const temporal::QueryFailedError& e) {
    EXPECT_THAT(e.what(), HasSubstr("unknown query type nope"));
  }

  handle.Terminate("done");
  EXPECT_THROW(handle.QueryWithOptions<int>(temporal::QueryRejectCondition::kNotOpen, "count"),
               temporal::QueryRejectedError);
}

TEST_F(ClientTest, DescribeShowsMemoAndTypedSearchAttributes) {
  const auto kCustomer = temporal::SearchAttributeKey<std::string>::Keyword("CppKeyword");
  const auto kAmount = temporal::SearchAttributeKey<double>::Double("CppDouble");
  const auto kTags = temporal::SearchAttributeKey<std::vector<std::string>>::KeywordList("CppKeywordList");
  const auto kWhen = temporal::SearchAttributeKey<temporal::Timestamp>::Datetime("CppDatetime");
  const temporal::Timestamp when{std::chrono::seconds(1700000000) + std::chrono::milliseconds(250)};
  auto options = Options();
  options.memo = {{"note", temporal::Values::Of(demo::Order{"memo", 1.5})}};
  options.search_attributes.Set(kCustomer, "c-7").Set(kAmount, 120.5).Set(kTags, std::vector<std::string>{"a", "b"}).Set(kWhen, when);
  WorkflowHandle handle = client_->StartWorkflow("Described", options);

  auto description = handle.Describe();
  EXPECT_EQ(description.workflow_id, options.id);
  EXPECT_EQ(description.run_id, handle.run_id());
  EXPECT_EQ(description.workflow_type, "Described");
  EXPECT_EQ(description.task_queue, task_queue_);
  EXPECT_EQ(description.status, enums::WORKFLOW_EXECUTION_STATUS_RUNNING);
  ASSERT_TRUE(description.start_time.has_value());
  EXPECT_EQ(description.memo.at("note").Get<demo::Order>(), (demo::Order{"memo", 1.5}));
  EXPECT_EQ(description.search_attributes.Get(kCustomer), "c-7");
  EXPECT_EQ(description.search_attributes.Get(kAmount), 120.5);
  EXPECT_EQ(description.search_attributes.Get(kTags), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(description.search_attributes.Get(kWhen), when);
  handle.Terminate();
}

TEST_F(ClientTest, ListsAndCountsWithAVisibilityQueryAcrossPages) {
  const std::string type = UniqueName("Listed");
  std::set<std::string> started;
  for (int i = 0; i < 3; ++i) started.insert(client_->StartWorkflow(type, Options()).workflow_id());
  const std::string query = "WorkflowType = '" + type + "'";
  ASSERT_EQ(AwaitCount(query, 3), 3);

  std::set<std::string> listed;
  for (const auto& run : client_->ListWorkflows(query, /*page_size=*/1)) {
    EXPECT_EQ(run.workflow_type, type);
    listed.insert(run.workflow_id);
  }
  EXPECT_EQ(listed, started);
  EXPECT_EQ(client_->CountWorkflows(query + " AND ExecutionStatus = 'Running'"), 3);
  for (const auto& id : started) client_->GetHandle(id).Terminate();
}

TEST_F(ClientTest, StartRefusesBadOptionsAndDuplicateIds) {
  EXPECT_THAT([&] { client_->StartWorkflow("X", WorkflowOptions{.task_queue = task_queue_}); },
              ::testing::ThrowsMessage<temporal::InvalidArgumentError>(
                  HasSubstr("WorkflowOptions.id is required")));
  auto bad_retry = Options();
  bad_retry.retry_policy = temporal::RetryPolicy{.backoff_coefficient = 0.5};
  EXPECT_THAT([&] { client_->StartWorkflow("X", bad_retry); },
              ::testing::ThrowsMessage<temporal::InvalidArgumentError>(
                  HasSubstr("backoff_coefficient must be at least 1.0")));

  auto options = Options();
  auto first = client_->StartWorkflow("Once", options);
  try {
    client_->StartWorkflow("Once", options);
    FAIL() << "expected WorkflowAlreadyStartedError";
  } catch (const temporal::WorkflowAlreadyStartedError& e) {
    EXPECT_EQ(e.run_id(), first.run_id());
  }
  options.id_conflict_policy = temporal::WorkflowIdConflictPolicy::kUseExisting;
  EXPECT_EQ(client_->StartWorkflow("Once", options).run_id(), first.run_id());
  first.Terminate();
}

TEST_F(ClientTest, ARetriedStartWithTheSameRequestIdIsDeduplicated) {
  auto options = Options();
  options.request_id = temporal::RandomUuid();
  auto first = client_->StartWorkflow("Idempotent", options);
  auto again = client_->StartWorkflow("Idempotent", options);
  EXPECT_EQ(first.run_id(), again.run_id());
  first.Terminate();
}

TEST_F(ClientTest, CodecsApplyToEveryPayloadOnTheWire) {
  temporal::ClientOptions zipped_options;
  zipped_options.data_converter.codecs.push_back(
      std::make_shared<temporal::converter::ZlibCodec>());
  Client zipped(connection_, zipped_options);
  const std::string big(20000, 'x');
  auto handle = zipped.StartWorkflow("Zipped", Options(), big);
  WorkflowTask task = driver_->PollWorkflowTask();
  // Stored compressed...
  EXPECT_EQ(StartInput(task).payloads(0).metadata().at("encoding"), "binary/zlib");
  EXPECT_LT(StartInput(task).payloads(0).data().size(), 1000u);
  // ...and read back through the codec.
  EXPECT_EQ(zipped.data_converter().FromPayload<std::string>(StartInput(task).payloads(0)), big);
  driver_->CompleteWorkflow(task, zipped.data_converter().ToPayloads(big + "!"));
  EXPECT_EQ(handle.Result<std::string>(), big + "!");
}

TEST_F(ClientTest, AnUnknownNamespaceAndAnOversizedPayloadAreClearErrors) {
  const std::string missing = UniqueName("missing-ns");
  Client elsewhere(connection_, {.namespace_ = missing});
  EXPECT_THAT([&] { elsewhere.StartWorkflow("X", Options()); },
              ::testing::ThrowsMessage<temporal::NamespaceNotFoundError>(HasSubstr(missing)));

  // The dev server refuses blobs over 2 MiB; the error must say so, at once.
  const std::string huge(3 << 20, 'h');
  const auto started = std::chrono::steady_clock::now();
  try {
    client_->StartWorkflow("TooBig", Options(), huge);
    FAIL() << "expected RpcError";
  } catch (const temporal::RpcError& e) {
    EXPECT_THAT(e.what(), HasSubstr("StartWorkflowExecution"));
    EXPECT_THAT(e.message(), ::testing::AnyOf(HasSubstr("size"), HasSubstr("exceeds")));
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s) << "an oversized payload is not retried";
}

TEST_F(ClientTest, HistoryExportsAsJsonTheCliAndThisSdkBothRead) {
  auto options = Options();
  auto handle = client_->StartWorkflow("Exported", options, std::string("in"));
  driver_->CompleteWorkflow(driver_->PollWorkflowTask(), Convert(std::string("out")));
  handle.Result<std::string>();

  temporal::api::history::v1::History history = handle.FetchHistory();
  ASSERT_GE(history.events_size(), 5);
  EXPECT_EQ(history.events(0).event_type(), enums::EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
  EXPECT_EQ(history.events().rbegin()->event_type(), enums::EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);

  const std::string json = temporal::HistoryToJson(history);
  EXPECT_THAT(json, HasSubstr("\"EVENT_TYPE_WORKFLOW_EXECUTION_STARTED\""));
  temporal::api::history::v1::History parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &parsed).ok());
  EXPECT_EQ(parsed.SerializeAsString(), history.SerializeAsString());
}

// Interop: what this client started looks right to the Temporal CLI.
using temporal::testing::RunCli;

TEST_F(ClientTest, TheTemporalCliDescribesAndShowsWhatThisClientStarted) {
  auto options = Options();
  options.memo = {{"owner", temporal::Values::Of(std::string("cpp"))}};
  auto handle = client_->StartWorkflow("Interop", options, demo::Order{"o-9", 4.0});
  driver_->CompleteWorkflow(driver_->PollWorkflowTask(), Convert(std::string("ok")));
  handle.Result<std::string>();

  const std::string describe = RunCli({"workflow", "describe", "--address", server_address(),
                                       "--workflow-id", options.id, "--output", "json"});
  nlohmann::json described = nlohmann::json::parse(describe, nullptr, false);
  ASSERT_FALSE(described.is_discarded()) << describe;
  const auto& info = described["workflowExecutionInfo"];
  EXPECT_EQ(info["type"]["name"], "Interop");
  EXPECT_EQ(info["execution"]["runId"], handle.run_id());
  EXPECT_EQ(info["taskQueue"], task_queue_);
  EXPECT_EQ(info["status"], "WORKFLOW_EXECUTION_STATUS_COMPLETED");

  const std::string show = RunCli({"workflow", "show", "--address", server_address(),
                                   "--workflow-id", options.id, "--output", "json"});
  temporal::api::history::v1::History from_cli;
  google::protobuf::util::JsonParseOptions parse_options;
  parse_options.ignore_unknown_fields = true;
  auto status = google::protobuf::util::JsonStringToMessage(show, &from_cli, parse_options);
  ASSERT_TRUE(status.ok()) << status << "\n" << show;
  auto ours = handle.FetchHistory();
  ASSERT_EQ(from_cli.events_size(), ours.events_size());
  for (int i = 0; i < ours.events_size(); ++i) {
    EXPECT_EQ(from_cli.events(i).event_type(), ours.events(i).event_type()) << "event " << i;
  }
  // The input this SDK wrote is the JSON any SDK reads.
  const auto& input = from_cli.events(0).workflow_execution_started_event_attributes().input();
  EXPECT_EQ(input.payloads(0).data(), R"({"amount":4.0,"id":"o-9"})");
}

}  // namespace
