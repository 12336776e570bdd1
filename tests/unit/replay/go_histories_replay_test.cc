// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Replays the protocol-level histories recorded with the Go SDK
// (../shared/histories/sdk-go, the first table of its README) against C++
// workflows that do what the Go originals did (sdk-go's
// test/replaytests/workflows.go), registered under the recorded workflow
// type. Each history replays, or fails with an error that names the
// mismatch, as the table says; also features/telemetry_metrics.go.v1.11.0.json.
//
// The Go SDK numbers activities and timers by event id and generates child
// workflow ids from the run id; the replay core adopts such ids from the
// history (docs/adr/0009). Go's GetVersion markers are read as patch markers
// (docs/adr/0010).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "temporal/api/workflowservice/v1/request_response.pb.h"
#include "temporal/common/failure.h"
#include "temporal/converter/composite_payload_converter.h"
#include "temporal/replay/history_loader.h"
#include "temporal/replay/replayer.h"
#include "temporal/testing/dev_server_environment.h"
#include "temporal/testing/history_builder.h"
#include "temporal/workflow/cancellation_scope.h"
#include "temporal/workflow/nondeterminism_error.h"
#include "temporal/workflow/when_all.h"
#include "temporal/workflow/when_any.h"
#include "temporal/workflow/workflow.h"

namespace {
namespace fs = std::filesystem;
namespace wf = temporal::workflow;
namespace enums = temporal::api::enums::v1;
using namespace std::chrono_literals;
using temporal::Task;
using temporal::replay::Replayer;
using temporal::replay::ReplayResult;
using ::testing::AllOf;
using ::testing::HasSubstr;

const fs::path kGo = fs::path(TEMPORAL_SHARED_HISTORIES_DIR) / "sdk-go";
const fs::path kFeatures = fs::path(TEMPORAL_SHARED_HISTORIES_DIR) / "features";

#define REQUIRE_HISTORY(path)                                                            \
  if (!fs::exists(path)) {                                                               \
    if (temporal::testing::IsCi()) GTEST_FAIL() << "CI needs " << (path);                \
    GTEST_SKIP() << (path) << " is missing (the shared corpus sits beside the project)"; \
  }

template <typename F>
Replayer With(const std::string& type, F workflow,
              temporal::converter::DataConverter converter = {}) {
  wf::WorkflowRegistry workflows;
  workflows.Register(type, workflow);
  return Replayer({.workflows = std::move(workflows), .converter = std::move(converter)});
}

ReplayResult ReplayFile(const Replayer& replayer, const fs::path& file) {
  return replayer.Replay(temporal::replay::LoadHistoryFile(file), file.stem().string());
}

// The options most Go replay workflows give their activities.
wf::ActivityOptions GoActivityOptions() {
  return wf::ActivityOptions{
      .schedule_to_start_timeout = 1min, .start_to_close_timeout = 1min, .heartbeat_timeout = 20s};
}

// --- TimerWf: a timer, and another one after it whatever happened (Go's defer). ---

Task<void> TimerWf() {
  std::exception_ptr outcome;
  try {
    co_await wf::Sleep(10min);
  } catch (...) {
    outcome = std::current_exception();  // co_await is not allowed in a handler
  }
  // Go starts this timer in a disconnected context: even after cancellation.
  auto disconnected = wf::CancellationScope::CreateDetached();
  co_await disconnected->Run(wf::Sleep(10min));
  if (outcome) std::rethrow_exception(outcome);
}

TEST(GoHistoryReplay, TimerCanceledAndFiredInOneTaskThenAnotherTimer) {
  const fs::path file = kGo / "unhandled_cmd_timer_cancel.json";
  REQUIRE_HISTORY(file);
  // The cancel request and the timer's firing reach the workflow in the same
  // task (the tasks between them failed); the history ends at the second
  // TimerStarted.
  auto result = ReplayFile(With("TimerWf", TimerWf), file);
  EXPECT_TRUE(result.ok()) << result.message;
}

// Without Go's disconnected context, the second timer belongs to the
// canceled workflow: it is never started, and the run ends canceled.
Task<void> TimerWfWithoutADisconnectedTimer() {
  std::exception_ptr outcome;
  try {
    co_await wf::Sleep(10min);
  } catch (...) {
    outcome = std::current_exception();
  }
  co_await wf::Sleep(10min);
  if (outcome) std::rethrow_exception(outcome);
}

TEST(GoHistoryReplay, TheTimerAfterCancellationMustBeDisconnected) {
  const fs::path file = kGo / "unhandled_cmd_timer_cancel.json";
  REQUIRE_HISTORY(file);
  auto result = ReplayFile(With("TimerWf", TimerWfWithoutADisconnectedTimer), file);
  ASSERT_TRUE(result.nondeterminism) << result.message;
  EXPECT_THAT(result.message, AllOf(HasSubstr("history event 17"), HasSubstr("TimerStarted"),
                                    HasSubstr("CancelWorkflowExecution")));
}

// --- ContinueAsNewWorkflow ---

Task<void> ContinueAsNewWorkflow(bool continue_as_new) {
  if (continue_as_new) wf::ContinueAsNew(false);
  co_return;
}

TEST(GoHistoryReplay, ContinueAsNew) {
  const fs::path file = kGo / "continue-as-new.json";
  REQUIRE_HISTORY(file);
  auto result = ReplayFile(With("ContinueAsNewWorkflow", ContinueAsNewWorkflow), file);
  EXPECT_TRUE(result.ok()) << result.message;
}

TEST(GoHistoryReplay, ContinuedAsNewAsAnotherTypeWhereTheWorkflowCompletes) {
  const fs::path file =
      kGo / "bad-continue-as-new.json";  // input false, yet continued as "BadWorkflow"
  REQUIRE_HISTORY(file);
  auto result = ReplayFile(With("ContinueAsNewWorkflow", ContinueAsNewWorkflow), file);
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.nondeterminism) << result.message;
  EXPECT_THAT(result.message,
              AllOf(HasSubstr("history event 5"), HasSubstr("WorkflowExecutionContinuedAsNew"),
                    HasSubstr("the replayed result differs from the recorded close event"),
                    HasSubstr("the workflow completed")));
}

TEST(GoHistoryReplay, CompletedWhereTheWorkflowContinuesAsNew) {
  const fs::path file = kGo / "bad-continue-as-new-2.json";  // input true, yet completed
  REQUIRE_HISTORY(file);
  auto result = ReplayFile(With("ContinueAsNewWorkflow", ContinueAsNewWorkflow), file);
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.nondeterminism) << result.message;
  EXPECT_THAT(result.message,
              AllOf(HasSubstr("history event 5"), HasSubstr("WorkflowExecutionCompleted"),
                    HasSubstr("the replayed result differs from the recorded close event"),
                    HasSubstr("the workflow continued as new as \"ContinueAsNewWorkflow\"")));
}

// --- UpsertMemoWorkflow ---

Task<void> UpsertMemoWorkflow(std::string memo) {
  wf::UpsertMemo("Test key", memo);
  const wf::ActivityOptions options = GoActivityOptions();
  memo = co_await wf::ExecuteActivity<std::string>("helloworldActivity", options, memo);
  wf::UpsertMemo("Test key", memo);
}

TEST(GoHistoryReplay, UpsertMemo) {
  const fs::path file = kGo / "upsert-memo-workflow.json";
  REQUIRE_HISTORY(file);
  auto result = ReplayFile(With("UpsertMemoWorkflow", UpsertMemoWorkflow), file);
  EXPECT_TRUE(result.ok()) << result.message;
}

TEST(GoHistoryReplay, AMemoUpsertTheHistoryDoesNotHoldAfterTheActivity) {
  const fs::path file = kGo / "bad-upsert-memo-workflow.json";
  REQUIRE_HISTORY(file);
  auto result = ReplayFile(With("UpsertMemoWorkflow", UpsertMemoWorkflow), file);
  ASSERT_TRUE(result.nondeterminism) << result.message;
  EXPECT_THAT(
      result.message,
      AllOf(HasSubstr("history event 12"), HasSubstr("WorkflowExecutionCompleted"),
            HasSubstr("ModifyWorkflowProperties"), HasSubstr("go_histories_replay_test.cc")));
}

TEST(GoHistoryReplay, AMemoUpsertTheHistoryDoesNotHoldBeforeTheActivity) {
  const fs::path file = kGo / "bad-upsert-memo-workflow-2.json";
  REQUIRE_HISTORY(file);
  auto result = ReplayFile(With("UpsertMemoWorkflow", UpsertMemoWorkflow), file);
  ASSERT_TRUE(result.nondeterminism) << result.message;
  EXPECT_THAT(result.message,
              AllOf(HasSubstr("history event 5"), HasSubstr("ActivityTaskScheduled"),
                    HasSubstr("ModifyWorkflowProperties")));
}

// --- UpsertSearchAttributesWorkflow ---

Task<void> UpsertSearchAttributesWorkflow(std::string field) {
  const auto key = temporal::SearchAttributeKey<std::string>::Text("CustomStringField");
  temporal::SearchAttributes before;
  before.Set(key, field);
  wf::UpsertSearchAttributes(before);
  const wf::ActivityOptions options = GoActivityOptions();
  field = co_await wf::ExecuteActivity<std::string>("helloworldActivity", options, field);
  temporal::SearchAttributes after;
  after.Set(key, field);
  wf::UpsertSearchAttributes(after);
}

TEST(GoHistoryReplay, UpsertSearchAttributes) {
  const fs::path file = kGo / "search-attribute.json";
  REQUIRE_HISTORY(file);
  auto result =
      ReplayFile(With("UpsertSearchAttributesWorkflow", UpsertSearchAttributesWorkflow), file);
  EXPECT_TRUE(result.ok()) << result.message;
}

TEST(GoHistoryReplay, ASearchAttributeUpsertTheHistoryDoesNotHoldAfterTheActivity) {
  const fs::path file = kGo / "bad-search-attribute.json";
  REQUIRE_HISTORY(file);
  auto result =
      ReplayFile(With("UpsertSearchAttributesWorkflow", UpsertSearchAttributesWorkflow), file);
  ASSERT_TRUE(result.nondeterminism) << result.message;
  EXPECT_THAT(result.message,
              AllOf(HasSubstr("history event 12"), HasSubstr("WorkflowExecutionCompleted"),
                    HasSubstr("UpsertWorkflowSearchAttributes")));
}

TEST(GoHistoryReplay, ASearchAttributeUpsertTheHistoryDoesNotHoldBeforeTheActivity) {
  const fs::path file = kGo / "bad-search-attribute-2.json";
  REQUIRE_HISTORY(file);
  auto result =
      ReplayFile(With("UpsertSearchAttributesWorkflow", UpsertSearchAttributesWorkflow), file);
  ASSERT_TRUE(result.nondeterminism) << result.message;
  EXPECT_THAT(result.message,
              AllOf(HasSubstr("history event 5"), HasSubstr("ActivityTaskScheduled"),
                    HasSubstr("UpsertWorkflowSearchAttributes")));
}

// --- EmptyWorkflow, replayed against a history of Workflow1 ---

Task<void> EmptyWorkflow(std::string) { co_return; }

TEST(GoHistoryReplay, AWorkflowThatDoesNothingAgainstAHistoryThatDoesALot) {
  const fs::path file = kGo / "bad-empty-workflow.json";
  REQUIRE_HISTORY(file);
  // The history's first task holds a GetVersion marker (event 5) and its
  // TemporalChangeVersion upsert (event 6), which Go never checks against
  // the code; the first event the workflow must have a command for is the
  // activity at event 7.
  auto result = ReplayFile(With("EmptyWorkflow", EmptyWorkflow), file);
  ASSERT_TRUE(result.nondeterminism) << result.message;
  EXPECT_THAT(result.message,
              AllOf(HasSubstr("history event 7"), HasSubstr("ActivityTaskScheduled"),
                    HasSubstr("CompleteWorkflowExecution")));
}

// --- DuplicateChildWorkflow ---

// Go's ChildWorkflowWaitOnSignal (only the parent's history is recorded).
Task<void> ChildWorkflowWaitOnSignal() { co_await wf::WaitSignal<nlohmann::json>("unblock"); }

// The Go workflow starts a child, takes its execution (ids) once it has
// started, and then starts a second child with the same workflow id. The Go
// SDK of the recording (before its SDKFlagChildWorkflowErrorExecution)
// refused that duplicate locally: no command, its result future failed at
// once with ChildWorkflowExecutionAlreadyStartedError, and its start future
// never resolved. So of the Go workflow's two selects, the first took the
// failed result (a 1 s timer) and the second its default case (another
// 1 s timer); then it signaled the first child by workflow and run id, and
// waited for its result. This port issues those commands. (The SDK sends a
// duplicate start to the server, which refuses it with
// StartChildWorkflowExecutionFailed: see the next test.)
Task<void> DuplicateChildWorkflow() {
  const wf::ChildWorkflowOptions options{.workflow_id = "ABC-SIMPLE-CHILD-WORKFLOW-ID"};
  auto starting = wf::StartChildWorkflow("ChildWorkflowWaitOnSignal", options);
  wf::ChildWorkflowHandle<void> child = co_await starting;
  co_await wf::Sleep(1s);  // the select case of the duplicate's failed result
  co_await wf::Sleep(1s);  // the select's default case
  auto unblock = wf::SignalExternalWorkflow(child.workflow_id(), child.run_id(), "unblock", nullptr);
  co_await unblock;
  auto result = child.Result();
  co_await result;
}

Replayer DuplicateChildReplayer(Task<void> (*parent)()) {
  wf::WorkflowRegistry workflows;
  workflows.Register("DuplicateChildWorkflow", parent);
  workflows.Register("ChildWorkflowWaitOnSignal", ChildWorkflowWaitOnSignal);
  return Replayer({.workflows = std::move(workflows)});
}

TEST(GoHistoryReplay, DuplicateChildWorkflow) {
  const fs::path file = kGo / "duplicate-child-workflow.json";
  REQUIRE_HISTORY(file);
  auto result = ReplayFile(DuplicateChildReplayer(DuplicateChildWorkflow), file);
  EXPECT_TRUE(result.ok()) << result.message;
}

// The duplicate started as this SDK starts it: a StartChildWorkflowExecution
// command where the history (of the old Go SDK) holds the first timer.
Task<void> DuplicateChildStartedAgain() {
  const wf::ChildWorkflowOptions options{.workflow_id = "ABC-SIMPLE-CHILD-WORKFLOW-ID"};
  auto starting = wf::StartChildWorkflow("ChildWorkflowWaitOnSignal", options);
  wf::ChildWorkflowHandle<void> child = co_await starting;
  auto duplicate = wf::StartChildWorkflow("ChildWorkflowWaitOnSignal", options);
  try {
    co_await duplicate;
  } catch (const temporal::ChildWorkflowError&) {
  }
  auto result = child.Result();
  co_await result;
}

TEST(GoHistoryReplay, ADuplicateChildStartIsACommandTheOldGoHistoryDoesNotHold) {
  const fs::path file = kGo / "duplicate-child-workflow.json";
  REQUIRE_HISTORY(file);
  auto result = ReplayFile(DuplicateChildReplayer(DuplicateChildStartedAgain), file);
  ASSERT_TRUE(result.nondeterminism) << result.message;
  EXPECT_THAT(result.message, AllOf(HasSubstr("history event 10"), HasSubstr("TimerStarted"),
                                    HasSubstr("StartChildWorkflowExecution")));
}

// --- Updates ---

// Go's time.Duration arrives as its JSON: nanoseconds.
Task<void> UpdateWorkflow() {
  wf::SetUpdateHandler<int64_t>("update", [](int64_t nanoseconds) -> Task<void> {
    co_await wf::Sleep(std::chrono::nanoseconds(nanoseconds));
  });
  co_await wf::WaitSignal<nlohmann::json>("shutdown");
}

TEST(GoHistoryReplay, AnUpdateWhoseAcceptanceIsRecordedAfterTheTimerItStarted) {
  const fs::path file = kGo / "update_before_protocol_message_command.json";
  REQUIRE_HISTORY(file);
  auto result = ReplayFile(With("UpdateWorkflow", UpdateWorkflow), file);
  EXPECT_TRUE(result.ok()) << result.message;
}

TEST(GoHistoryReplay, AnUpdateAcceptedWithAProtocolMessageCommand) {
  const fs::path file = kGo / "update_with_protocol_message_command.json";
  REQUIRE_HISTORY(file);
  auto result = ReplayFile(With("UpdateWorkflow", UpdateWorkflow), file);
  EXPECT_TRUE(result.ok()) << result.message;
}

Task<void> UpdateAndExit() {
  bool done = false;
  wf::SetUpdateHandler<int64_t>("update", [&done](int64_t nanoseconds) -> Task<void> {
    // A delay makes the update complete in a later task than its acceptance.
    if (nanoseconds != 0) co_await wf::Sleep(std::chrono::nanoseconds(nanoseconds));
    done = true;
  });
  co_await wf::WaitCondition([&done] { return done; });
}

TEST(GoHistoryReplay, AnUpdateAcceptedAndCompletedInTheTaskThatCompletesTheWorkflow) {
  const fs::path file = kGo / "update_accept_and_complete_and_exit.json";
  REQUIRE_HISTORY(file);
  auto result = ReplayFile(With("UpdateAndExit", UpdateAndExit), file);
  EXPECT_TRUE(result.ok()) << result.message;
}

TEST(GoHistoryReplay, AnUpdateCompletedInTheTaskThatCompletesTheWorkflow) {
  const fs::path file = kGo / "update_complete_and_exit.json";
  REQUIRE_HISTORY(file);
  auto result = ReplayFile(With("UpdateAndExit", UpdateAndExit), file);
  EXPECT_TRUE(result.ok()) << result.message;
}

// The history's handler slept one second before it completed; this one
// no longer does.
Task<void> NonDeterministicUpdate() {
  bool done = false;
  wf::SetUpdateHandler("update", [&done] { done = true; });
  co_await wf::WaitCondition([&done] { return done; });
}

TEST(GoHistoryReplay, AnUpdateHandlerThatNoLongerSleeps) {
  const fs::path file = kGo / "non_deterministic_update.json";
  REQUIRE_HISTORY(file);
  auto result = ReplayFile(With("NonDeterministicUpdate", NonDeterministicUpdate), file);
  ASSERT_TRUE(result.nondeterminism) << result.message;
  EXPECT_THAT(result.message, AllOf(HasSubstr("history event 6"), HasSubstr("TimerStarted"),
                                    HasSubstr("CompleteWorkflowExecution")));
}

// Three kinds of handlers registered in the first task; ten updates.
Task<int> MultipleUpdateWorkflow() {
  int in_flight = 0;
  int ran = 0;
  auto sleep = [&]() -> Task<void> {
    ++in_flight;
    ++ran;
    co_await wf::Sleep(1s);
    --in_flight;
  };
  auto echo = [&]() -> Task<void> {
    ++in_flight;
    ++ran;
    const wf::ActivityOptions options{.schedule_to_close_timeout = 5s,
                                      .schedule_to_start_timeout = 5s,
                                      .start_to_close_timeout = 9s};
    co_await wf::ExecuteActivity("Echo", options, 1, 1);
    --in_flight;
  };
  auto empty = [&] { ++ran; };
  wf::SetUpdateHandler("echo", echo);
  wf::SetUpdateHandler("sleep", sleep);
  wf::SetUpdateHandler("empty", empty);
  co_await wf::WaitCondition([&in_flight] { return in_flight == 0; });
  co_return ran;
}

TEST(GoHistoryReplay, TenUpdatesOfThreeKinds) {
  const fs::path file = kGo / "multiple-updates.json";
  REQUIRE_HISTORY(file);
  auto result = ReplayFile(With("MultipleUpdateWorkflow", MultipleUpdateWorkflow), file);
  EXPECT_TRUE(result.ok()) << result.message;
}

Task<int> CounterWorkflow() {
  int counter = 0;
  auto fetch_and_add = [&counter](int addend) -> Task<int> {
    const int before = counter;
    counter += addend;
    co_await wf::Sleep(1s);
    co_return before;
  };
  auto non_negative = [](int addend) {
    if (addend < 0) throw temporal::ApplicationError("addend must be non-negative");
  };
  wf::SetUpdateHandler<int>("fetch_and_add", fetch_and_add, non_negative);
  co_await wf::WaitSignal<nlohmann::json>("done");
  co_return counter;
}

TEST(GoHistoryReplay, AnUpdateAcceptedAfterAResetWithItsRequestInTheAdmittedEvent) {
  const fs::path file = kGo / "update-reset-accepted.json";
  REQUIRE_HISTORY(file);
  auto result = ReplayFile(With("CounterWorkflow", CounterWorkflow), file);
  EXPECT_TRUE(result.ok()) << result.message;
}

// --- CancelActivityCompletionBeforeWorkflowTaskStarted ---

Task<void> CancelActivityCompletionBeforeWorkflowTaskStarted() {
  wf::ActivityOptions options = GoActivityOptions();
  options.activity_id = "custom-activity-id";
  const std::string name = "world";
  co_await wf::ExecuteActivity("helloworldActivity", options, name);
}

TEST(GoHistoryReplay, ActivityCompletedAfterTheWorkflowWasAskedToCancel) {
  const fs::path file = kGo / "cancel-activity-completion-before-workflow-task-started.json";
  REQUIRE_HISTORY(file);
  // The cancel request (event 7) comes before the activity's completion
  // (event 9) in one task: the activity is canceled first (try-cancel
  // resolves at once), its cancel command is dropped when the completion is
  // applied, and the run ends canceled.
  auto result = ReplayFile(With("CancelActivityCompletionBeforeWorkflowTaskStarted",
                                CancelActivityCompletionBeforeWorkflowTaskStarted),
                           file);
  EXPECT_TRUE(result.ok()) << result.message;
}

// --- SelectorBlockingDefaultWorkflow ---
//
// Two coroutines send "one" on channel 1 and "two" on channel 2; a selector
// takes channel 1 if it has a value, else (its default) waits for channel
// 2. It takes the default, since the senders have not run yet. Then, if
// "one" is still pending, an activity logs it. The Go SDK that recorded
// selector-blocking-default.json left the selector's receive on channel 1
// registered after the default ran, so that receive took "one" and dropped
// it: the workflow completed with no activity. Later Go SDKs (and
// selector-non-blocking.json) keep "one" pending. The C++ workflow models
// Go's channels with queues and issues the commands of each behaviour.
template <bool kSelectorDropsTheValue>
Task<void> SelectorBlockingDefaultWorkflow() {
  std::deque<std::string> channel1;
  std::deque<std::string> channel2;
  bool stale_receive_on_channel1 = false;
  std::string received;
  auto select = [&]() -> Task<void> {
    if (!channel1.empty()) {
      received = channel1.front();
      channel1.pop_front();
      co_return;
    }
    stale_receive_on_channel1 = kSelectorDropsTheValue;
    co_await wf::WaitCondition([&] { return !channel2.empty(); });
    received = channel2.front();
    channel2.pop_front();
  };
  auto send_one = [&]() -> Task<void> {
    if (stale_receive_on_channel1) co_return;  // the old selector's receive took it
    channel1.push_back("one");
  };
  auto send_two = [&]() -> Task<void> {
    channel2.push_back("two");
    co_return;
  };
  // Named first: GCC 12 and class-type temporaries in a co_await (docs/adr/0009).
  auto selecting = select();
  auto sending_one = send_one();
  auto sending_two = send_two();
  co_await wf::WhenAll(std::move(selecting), std::move(sending_one), std::move(sending_two));
  if (!channel1.empty()) {
    const wf::ActivityOptions options{.start_to_close_timeout = 10s};
    const std::string value = "Signal not lost";
    co_await wf::ExecuteActivity<std::string>("SelectorBlockingDefaultActivity", options, value);
  }
}

TEST(GoHistoryReplay, SelectorWithABlockingDefaultOfAnOlderGoSdk) {
  const fs::path file = kGo / "selector-blocking-default.json";
  REQUIRE_HISTORY(file);
  auto result = ReplayFile(
      With("SelectorBlockingDefaultWorkflow", SelectorBlockingDefaultWorkflow<true>), file);
  EXPECT_TRUE(result.ok()) << result.message;
  // And the newer behaviour does not replay that history.
  auto newer = ReplayFile(
      With("SelectorBlockingDefaultWorkflow", SelectorBlockingDefaultWorkflow<false>), file);
  ASSERT_TRUE(newer.nondeterminism) << newer.message;
  EXPECT_THAT(newer.message,
              AllOf(HasSubstr("history event 5"), HasSubstr("WorkflowExecutionCompleted"),
                    HasSubstr("SelectorBlockingDefaultActivity")));
}

TEST(GoHistoryReplay, SelectorWithABlockingDefault) {
  const fs::path file = kGo / "selector-non-blocking.json";
  REQUIRE_HISTORY(file);
  auto result = ReplayFile(
      With("SelectorBlockingDefaultWorkflow", SelectorBlockingDefaultWorkflow<false>), file);
  EXPECT_TRUE(result.ok()) << result.message;
}

// --- ChannelWorkerWorkflow ---
//
// A producer sends "item-1" and "item-2" on a channel and closes it; two
// workers receive until it is closed, collecting the items; then an
// activity runs for each non-empty item. The Go SDK that recorded
// channel-worker-blocked-selector.json (blocked-selector flag, but not the
// later lost-messages fix) delivered the second item as the zero value "",
// so the history holds one activity. The C++ channel below carries what
// that Go runtime delivered.
Task<void> ChannelWorkerWorkflow() {
  std::deque<std::string> channel;
  bool closed = false;
  std::vector<std::string> received;
  auto produce = [&]() -> Task<void> {
    channel.push_back("item-1");
    channel.push_back("");  // "item-2", as the old Go runtime delivered it
    closed = true;
    co_return;
  };
  auto work = [&]() -> Task<void> {
    for (;;) {
      co_await wf::WaitCondition([&] { return !channel.empty() || closed; });
      if (channel.empty()) co_return;
      received.push_back(channel.front());
      channel.pop_front();
    }
  };
  auto producing = produce();
  auto worker1 = work();
  auto worker2 = work();
  co_await wf::WhenAll(std::move(producing), std::move(worker1), std::move(worker2));
  const wf::ActivityOptions options{.start_to_close_timeout = 10s};
  for (const std::string& item : received) {
    if (item.empty()) continue;
    co_await wf::ExecuteActivity("helloworldActivity", options, item);
  }
}

TEST(GoHistoryReplay, ChannelWorkersWithAnOlderGoRuntime) {
  const fs::path file = kGo / "channel-worker-blocked-selector.json";
  REQUIRE_HISTORY(file);
  auto result = ReplayFile(With("ChannelWorkerWorkflow", ChannelWorkerWorkflow), file);
  EXPECT_TRUE(result.ok()) << result.message;
}

// --- ResetWorkflowWithChild ---

Task<std::string> ResetWorkflowWithChild() {
  wf::ChildWorkflowOptions options;
  options.parent_close_policy = enums::PARENT_CLOSE_POLICY_TERMINATE;
  options.id_reuse_policy = enums::WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE;
  const std::string input = "CHILD INPUT";
  co_return co_await wf::ExecuteChildWorkflow<std::string>("TestChildWorkflow", options, input);
}

TEST(GoHistoryReplay, AResetBeforeTheChildWorkflowStarted) {
  const fs::path file = kGo / "reset-workflow-before-child-init.json";
  REQUIRE_HISTORY(file);
  auto result = ReplayFile(With("ResetWorkflowWithChild", ResetWorkflowWithChild), file);
  EXPECT_TRUE(result.ok()) << result.message;
}

TEST(GoHistoryReplay, AResetAfterTheChildWorkflowCompleted) {
  const fs::path file = kGo / "reset-workflow-after-child-complete.json";
  REQUIRE_HISTORY(file);
  auto result = ReplayFile(With("ResetWorkflowWithChild", ResetWorkflowWithChild), file);
  EXPECT_TRUE(result.ok()) << result.message;
}

// --- AwaitWithTimeoutNoTimerCancelWorkflow ---
//
// A coroutine sleeps 100 ms and sets a flag; the workflow waits for the flag
// with a 10 s timeout. Recorded before Go canceled the timeout's timer when
// the condition won: the timer stays pending. Here the timeout's timer runs
// in a detached scope, so that the race's end does not cancel it.
Task<void> SleepUncanceled(std::shared_ptr<wf::CancellationScope> scope) {
  co_await scope->Run(wf::Sleep(10s));
}

Task<bool> AwaitWithTimeoutNoTimerCancelWorkflow() {
  bool condition_met = false;
  auto set_after_a_while = [&]() -> Task<void> {
    co_await wf::Sleep(100ms);
    condition_met = true;
  };
  auto await_with_timeout = [&]() -> Task<bool> {
    auto timeout = SleepUncanceled(wf::CancellationScope::CreateDetached());
    auto met = [&] { return condition_met; };
    auto first = co_await wf::WhenAny(std::move(timeout), wf::WaitCondition(met));
    co_return first.index() == 1;
  };
  auto setting = set_after_a_while();
  auto awaiting = await_with_timeout();
  auto results = co_await wf::WhenAll(std::move(setting), std::move(awaiting));
  co_return std::get<1>(results);
}

TEST(GoHistoryReplay, AwaitWithTimeoutThatLeavesItsTimerRunning) {
  const fs::path file = kGo / "await-with-timeout-no-timer-cancel.json";
  REQUIRE_HISTORY(file);
  bool result_value = false;
  auto workflow = [&result_value]() -> Task<bool> {
    result_value = co_await AwaitWithTimeoutNoTimerCancelWorkflow();
    co_return result_value;
  };
  auto result = ReplayFile(With("AwaitWithTimeoutNoTimerCancelWorkflow", workflow), file);
  EXPECT_TRUE(result.ok()) << result.message;
  EXPECT_TRUE(result_value);  // the history's result: true
}

// Newer Go SDKs (and WaitConditionFor) cancel the timer when the condition
// wins: a command that history does not hold.
Task<bool> AwaitWithTimeoutThatCancelsItsTimer() {
  bool condition_met = false;
  auto set_after_a_while = [&]() -> Task<void> {
    co_await wf::Sleep(100ms);
    condition_met = true;
  };
  auto await_with_timeout = [&]() -> Task<bool> {
    co_return co_await wf::WaitConditionFor([&] { return condition_met; }, 10s);
  };
  auto setting = set_after_a_while();
  auto awaiting = await_with_timeout();
  auto results = co_await wf::WhenAll(std::move(setting), std::move(awaiting));
  co_return std::get<1>(results);
}

TEST(GoHistoryReplay, AwaitWithTimeoutThatCancelsItsTimerDoesNotReplayTheOldHistory) {
  const fs::path file = kGo / "await-with-timeout-no-timer-cancel.json";
  REQUIRE_HISTORY(file);
  auto result = ReplayFile(
      With("AwaitWithTimeoutNoTimerCancelWorkflow", AwaitWithTimeoutThatCancelsItsTimer), file);
  ASSERT_TRUE(result.nondeterminism) << result.message;
  EXPECT_THAT(result.message,
              AllOf(HasSubstr("history event 11"), HasSubstr("WorkflowExecutionCompleted"),
                    HasSubstr("CancelTimer")));
}

// --- MemoEncodingWorkflowJSON / ScheduleMemoWorkflowJSON ---

// Go's versions read the memo's payload with a JSON-only converter, so that
// a memo in another encoding fails them: so does ReadJsonMemo.
std::string ReadJsonMemo(const std::string& key) {
  const auto& memo = wf::Info().memo;
  auto it = memo.find(key);
  if (it == memo.end()) throw temporal::ApplicationError("memo key '" + key + "' not found");
  const auto& metadata = it->second.payloads().at(0).metadata();
  if (metadata.count("encoding") == 0 || metadata.at("encoding") != "json/plain") {
    throw temporal::ApplicationError("failed to decode memo with JSON converter: not json/plain");
  }
  return *wf::GetMemo<std::string>(key);
}

Task<std::string> MemoChildWorkflowJSON() { co_return "child-read-memo: " + ReadJsonMemo("test-memo-key"); }

Task<std::string> MemoEncodingWorkflowJSON(std::string memo_value) {
  const wf::ChildWorkflowOptions options{.memo = {{"test-memo-key", temporal::Values::Of(memo_value)}}};
  std::string child_result = co_await wf::ExecuteChildWorkflow<std::string>("MemoChildWorkflowJSON", options);
  wf::UpsertMemo("parent-memo-key", "parent-" + memo_value);
  ReadJsonMemo("parent-memo-key");  // the upsert is visible at once
  co_return child_result;
}

TEST(GoHistoryReplay, MemoOfAChildAndAMemoUpsert) {
  const fs::path file = kGo / "memo-json.json";
  REQUIRE_HISTORY(file);
  // The parent starts a child with a memo, upserts its own memo and reads it
  // back (a failed read would fail the run, which the history shows completed).
  wf::WorkflowRegistry workflows;
  workflows.Register("MemoEncodingWorkflowJSON", MemoEncodingWorkflowJSON);
  workflows.Register("MemoChildWorkflowJSON", MemoChildWorkflowJSON);
  auto result = ReplayFile(Replayer({.workflows = std::move(workflows)}), file);
  EXPECT_TRUE(result.ok()) << result.message;
}

// The child's history is not recorded: replay it from a synthetic one, started
// with the memo the parent's history gives it.
TEST(GoHistoryReplay, TheChildOfTheMemoHistoryReadsItsMemo) {
  const fs::path file = kGo / "memo-json.json";
  REQUIRE_HISTORY(file);
  auto parent = temporal::replay::LoadHistoryFile(file);
  temporal::api::common::v1::Memo memo;
  for (const auto& event : parent.events()) {
    if (event.has_start_child_workflow_execution_initiated_event_attributes()) {
      memo = event.start_child_workflow_execution_initiated_event_attributes().memo();
    }
  }
  ASSERT_EQ(memo.fields().count("test-memo-key"), 1u);
  auto result_of = [](const std::string& text) {
    temporal::api::common::v1::Payloads payloads;
    *payloads.add_payloads() = temporal::converter::DataConverter{}.ToPayload(text);
    return payloads;
  };
  temporal::testing::HistoryBuilder child;
  child.AddWorkflowExecutionStarted("MemoChildWorkflowJSON", "replay-test-memo-json");
  *child.MutableEvent(1).mutable_workflow_execution_started_event_attributes()->mutable_memo() = memo;
  child.AddFullWorkflowTask();
  child.AddWorkflowExecutionCompleted(result_of("child-read-memo: test-value"));
  auto result = With("MemoChildWorkflowJSON", MemoChildWorkflowJSON).Replay(child.history(), "memo child");
  EXPECT_TRUE(result.ok()) << result.message;

  // Without the memo the child fails, where the history says it completed.
  child.MutableEvent(1).mutable_workflow_execution_started_event_attributes()->clear_memo();
  result = With("MemoChildWorkflowJSON", MemoChildWorkflowJSON).Replay(child.history(), "memo child");
  ASSERT_TRUE(result.nondeterminism) << result.message;
  EXPECT_THAT(result.message, HasSubstr("memo key 'test-memo-key' not found"));
}

Task<std::string> ScheduleMemoWorkflowJSON() {
  co_return "schedule-read-memo: " + ReadJsonMemo("schedule-memo-key");
}

TEST(GoHistoryReplay, MemoOfAScheduledWorkflow) {
  const fs::path file = kGo / "memo-schedule-json.json";
  REQUIRE_HISTORY(file);
  // The workflow's only work is reading the memo its schedule gave it; the
  // recorded result says what it read.
  auto result = ReplayFile(With("ScheduleMemoWorkflowJSON", ScheduleMemoWorkflowJSON), file);
  EXPECT_TRUE(result.ok()) << result.message;
}

// --- Nexus ---

TEST(GoHistoryReplay, NexusOperationsCanceled) {
  for (const char* name : {"nexus-cancel-before-sent.json", "nexus-cancel-before-start.json",
                           "nexus-cancel-after-start.json", "nexus-cancel-after-complete.json"}) {
    REQUIRE_HISTORY(kGo / name);
  }
  GTEST_SKIP() << "needs Nexus operations (ScheduleNexusOperation, RequestCancelNexusOperation "
                  "and their events), which the SDK does not have";
}

// --- ListAndDescribeWorkflow: payloads in the Go SDK's old gogo-proto JSON ---

// json/protobuf with the enum spellings of gogo-proto ("Terminated",
// "Normal"), as Go's LegacyTemporalProtoCompat option reads them.
class LegacyProtobufJsonEncoding : public temporal::converter::EncodingConverter {
 public:
  std::string_view encoding() const override { return temporal::converter::kEncodingProtobufJson; }
  std::optional<temporal::Payload> ToPayload(const temporal::ValueView&) const override {
    return std::nullopt;  // reading only
  }
  void FromPayload(const temporal::Payload& payload,
                   const temporal::ValueTarget& target) const override {
    google::protobuf::Message* message = target.message();
    if (message == nullptr)
      throw temporal::ConversionError("json/protobuf needs a protobuf message");
    temporal::replay::MessageFromJson(payload.data(), *message);
  }
};

temporal::converter::DataConverter LegacyProtobufJsonConverter() {
  temporal::converter::DataConverter converter;
  converter.payload_converter = std::make_shared<temporal::converter::CompositePayloadConverter>(
      temporal::converter::CompositePayloadConverter::Standard().WithFirst(
          std::make_shared<LegacyProtobufJsonEncoding>()));
  return converter;
}

struct ListAndDescribeOutcome {
  int executions = 0;
  std::vector<enums::WorkflowExecutionStatus> statuses;
};

Task<int> ListAndDescribeWorkflow(ListAndDescribeOutcome& outcome) {
  namespace service = temporal::api::workflowservice::v1;
  const wf::ActivityOptions options{.start_to_close_timeout = 10s};
  const auto list = co_await wf::ExecuteActivity<service::ListWorkflowExecutionsResponse>(
      "ListWorkflow", options);
  for (const auto& execution : list.executions()) {
    outcome.statuses.push_back(execution.status());
    if (execution.status() == enums::WORKFLOW_EXECUTION_STATUS_RUNNING) {
      co_await wf::Sleep(1s);
      continue;
    }
    const std::string& id = execution.execution().workflow_id();
    const auto described = co_await wf::ExecuteActivity<service::DescribeWorkflowExecutionResponse>(
        "DescribeWorkflowExecution", options, id);
    if (described.execution_config().has_workflow_execution_timeout()) co_await wf::Sleep(1s);
  }
  outcome.executions = list.executions_size();
  co_return outcome.executions;
}

TEST(GoHistoryReplay, ActivityResultsInGogoProtoJson) {
  const fs::path file = kGo / "gogoproto-payload-workflow.json";
  REQUIRE_HISTORY(file);
  ListAndDescribeOutcome outcome;
  auto workflow = [&outcome]() -> Task<int> {
    co_return co_await ListAndDescribeWorkflow(outcome);
  };
  auto result =
      ReplayFile(With("ListAndDescribeWorkflow", workflow, LegacyProtobufJsonConverter()), file);
  EXPECT_TRUE(result.ok()) << result.message;
  EXPECT_EQ(outcome.executions, 12);  // the history's result
  ASSERT_EQ(outcome.statuses.size(), 12u);
  for (auto status : outcome.statuses) {
    // "Terminated", "Failed", "Completed": read, not dropped as unknown.
    EXPECT_NE(status, enums::WORKFLOW_EXECUTION_STATUS_UNSPECIFIED);
    EXPECT_NE(status, enums::WORKFLOW_EXECUTION_STATUS_RUNNING);
  }
}

// --- Workflow1: a GetVersion marker and an event the worker may ignore ---

Task<void> Workflow1(std::string name) {
  const wf::ActivityOptions options = GoActivityOptions();
  // Go: GetVersion("test-change", DefaultVersion, 1) == 1.
  if (wf::Patched("test-change")) {
    co_await wf::ExecuteActivity<std::string>("helloworldActivity", options, name);
    co_await wf::ExecuteActivity<std::string>("helloworldActivity", options, name);
  } else {
    co_await wf::ExecuteActivity<std::string>("helloworldActivity", options, name);
  }
  co_await wf::ExecuteActivity<std::string>("helloworldActivity", options, name);
}

// The same workflow before the change: it never asks for the version.
Task<void> Workflow1BeforeTheChange(std::string name) {
  const wf::ActivityOptions options = GoActivityOptions();
  co_await wf::ExecuteActivity<std::string>("helloworldActivity", options, name);
  co_await wf::ExecuteActivity<std::string>("helloworldActivity", options, name);
}

TEST(GoHistoryReplay, AGetVersionMarkerAndAnEventTheWorkerMayIgnore) {
  const fs::path file = kGo / "workflow_with_unknown_event.json";
  REQUIRE_HISTORY(file);
  auto result = ReplayFile(With("Workflow1", Workflow1), file);
  EXPECT_TRUE(result.ok()) << result.message;
}

TEST(GoHistoryReplay, AnUnknownEventTheWorkerMayNotIgnore) {
  const fs::path file = kGo / "workflow_with_bad_unknown_event.json";
  REQUIRE_HISTORY(file);
  auto results = With("Workflow1", Workflow1).ReplayFiles({file});
  ASSERT_EQ(results.size(), 1u);
  ASSERT_FALSE(results[0].ok());
  EXPECT_FALSE(results[0].nondeterminism);
  EXPECT_THAT(results[0].message,
              AllOf(HasSubstr("workflow_with_bad_unknown_event.json"), HasSubstr("eventId 23"),
                    HasSubstr("\"UnknownEvent\""), HasSubstr("workerMayIgnore")));
}

// Go's GetVersion markers follow Go's rules: one the code does not ask for
// is skipped (with its TemporalChangeVersion upsert), so the code without
// the change replays up to the activity it no longer runs.
TEST(GoHistoryReplay, AGetVersionMarkerTheCodeDoesNotAskForIsSkipped) {
  const fs::path file = kGo / "workflow_with_unknown_event.json";
  REQUIRE_HISTORY(file);
  auto result = ReplayFile(With("Workflow1", Workflow1BeforeTheChange), file);
  ASSERT_TRUE(result.nondeterminism) << result.message;
  EXPECT_THAT(result.message,
              AllOf(HasSubstr("history event 19"), HasSubstr("ActivityTaskScheduled"),
                    HasSubstr("CompleteWorkflowExecution")));
}

// Patched() stands for GetVersion(id, DefaultVersion, 1): a marker of
// another version is a mismatch, not a silent "patched".
TEST(GoHistoryReplay, AGetVersionMarkerOfVersion2IsNotAPatch) {
  const fs::path file = kGo / "workflow_with_unknown_event.json";
  REQUIRE_HISTORY(file);
  auto history = temporal::replay::LoadHistoryFile(file);
  auto* marker = history.mutable_events(4)->mutable_marker_recorded_event_attributes();
  ASSERT_EQ(marker->marker_name(), "Version");
  (*marker->mutable_details())["version"].mutable_payloads(0)->set_data("2");
  auto result = With("Workflow1", Workflow1).Replay(history);
  ASSERT_TRUE(result.nondeterminism) << result.message;
  EXPECT_THAT(result.message,
              AllOf(HasSubstr("history event 5"), HasSubstr("checked patch \"test-change\""),
                    HasSubstr("GetVersion marker with version 2")));
}

// --- features/telemetry_metrics.go.v1.11.0.json: a history in a JSON array ---

Task<std::string> CommaJoinTwice(std::string& result) {
  const wf::ActivityOptions options{.schedule_to_close_timeout = 1min};
  const std::vector<std::string> first{"foo", "bar"};
  const std::string joined = co_await wf::ExecuteActivity<std::string>("CommaJoin", options, first);
  const std::vector<std::string> second{joined, "baz"};
  result = co_await wf::ExecuteActivity<std::string>("CommaJoin", options, second);
  co_return result;
}

TEST(GoHistoryReplay, TwoActivitiesFromTheFeaturesRepository) {
  const fs::path file = kFeatures / "telemetry_metrics.go.v1.11.0.json";
  REQUIRE_HISTORY(file);
  std::string result_value;
  auto workflow = [&result_value]() -> Task<std::string> {
    co_return co_await CommaJoinTwice(result_value);
  };
  auto result = ReplayFile(With("Workflow", workflow), file);
  EXPECT_TRUE(result.ok()) << result.message;
  EXPECT_EQ(result_value, "foo, bar, baz");
}

}  // namespace
