// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Replays the histories recorded by the Rust core (../shared/histories/sdk-core)
// against C++ workflows that do what the originals did, through the same
// Activate/Complete path a worker uses; and checks that changing the
// workflow makes replay fail with a NonDeterminismError that says where.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "temporal/replay/history_loader.h"
#include "temporal/replay/replayer.h"
#include "temporal/testing/dev_server_environment.h"
#include "temporal/workflow/nondeterminism_error.h"
#include "temporal/workflow/workflow.h"

namespace {
namespace fs = std::filesystem;
namespace wf = temporal::workflow;
using namespace std::chrono_literals;
using temporal::replay::Replayer;
using ::testing::AllOf;
using ::testing::HasSubstr;

const fs::path kCore = fs::path(TEMPORAL_SHARED_HISTORIES_DIR) / "sdk-core";

#define REQUIRE_HISTORY(path)                                                            \
  if (!fs::exists(path)) {                                                               \
    if (temporal::testing::IsCi()) GTEST_FAIL() << "CI needs " << (path);                \
    GTEST_SKIP() << (path) << " is missing (the shared corpus sits beside the project)"; \
  }

Replayer With(const std::string& type, auto workflow) {
  wf::WorkflowRegistry workflows;
  workflows.Register(type, workflow);
  return Replayer({.workflows = std::move(workflows)});
}

temporal::Task<void> SleepOnce() { co_await wf::Sleep(1s); }
temporal::Task<void> SleepTwice() {
  co_await wf::Sleep(1s);
  co_await wf::Sleep(1s);
}
// GCC 12 mishandles a temporary of class type (options, names) inside a
// co_await expression when the frame is destroyed while suspended there:
// keep options in named variables (see docs/adr/0009).
temporal::Task<void> RunsAnActivityInstead() {
  const wf::ActivityOptions options{.start_to_close_timeout = 5s};
  co_await wf::ExecuteActivity("say_hello", options);
}

TEST(CoreHistoryReplay, OneTimerThenComplete) {
  const fs::path file = kCore / "timer_workflow_history.bin";
  REQUIRE_HISTORY(file);
  auto history = temporal::replay::LoadHistoryFile(file);
  const std::string type =
      history.events(0).workflow_execution_started_event_attributes().workflow_type().name();
  auto result = With(type, SleepOnce).Replay(history);
  EXPECT_TRUE(result.ok()) << result.message;
}

TEST(CoreHistoryReplay, AWorkflowThatSleepsTwiceIsNonDeterministic) {
  const fs::path file = kCore / "timer_workflow_history.bin";
  REQUIRE_HISTORY(file);
  auto history = temporal::replay::LoadHistoryFile(file);
  const std::string type =
      history.events(0).workflow_execution_started_event_attributes().workflow_type().name();
  auto result = With(type, SleepTwice).Replay(history);
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.nondeterminism) << result.message;
  EXPECT_THAT(result.message, AllOf(HasSubstr("WorkflowExecutionCompleted"), HasSubstr("StartTimer"),
                                    HasSubstr("core_histories_replay_test.cc")));
}

TEST(CoreHistoryReplay, AnActivityWhereTheHistoryHasATimer) {
  const fs::path file = kCore / "timer_workflow_history.bin";
  REQUIRE_HISTORY(file);
  auto history = temporal::replay::LoadHistoryFile(file);
  const std::string type =
      history.events(0).workflow_execution_started_event_attributes().workflow_type().name();
  auto result = With(type, RunsAnActivityInstead).Replay(history);
  ASSERT_TRUE(result.nondeterminism) << result.message;
  EXPECT_THAT(result.message, AllOf(HasSubstr("history event 5"), HasSubstr("TimerStarted"),
                                    HasSubstr("ScheduleActivityTask, activity type \"say_hello\"")));
}

temporal::Task<void> SleepBriefly() { co_await wf::Sleep(200ms); }

TEST(CoreHistoryReplay, AFailedWorkflowTaskIsSkipped) {
  const fs::path file = kCore / "fail_wf_task.bin";
  REQUIRE_HISTORY(file);
  auto history = temporal::replay::LoadHistoryFile(file);
  const std::string type =
      history.events(0).workflow_execution_started_event_attributes().workflow_type().name();
  auto result = With(type, SleepBriefly).Replay(history);
  EXPECT_TRUE(result.ok()) << result.message;
}

temporal::Task<void> SayHello() {
  const wf::ActivityOptions options{.start_to_close_timeout = 5s};
  co_await wf::ExecuteActivity("say_hello", options);
  co_await wf::WaitCondition([] { return false; });  // then waits forever
}

TEST(CoreHistoryReplay, EndsWithAnEmptyWorkflowTask) {
  const fs::path file = kCore / "ends_empty_wft_complete.bin";
  REQUIRE_HISTORY(file);
  auto result = With("SayHelloWorkflow", SayHello).Replay(temporal::replay::LoadHistoryFile(file));
  EXPECT_TRUE(result.ok()) << result.message;
}

temporal::Task<void> WritesChangeMarkers() {
  co_await wf::Sleep(wf::Patched("integ_test_change_name") ? 100ms : 200ms);
  co_await wf::Sleep(200ms);
  co_await wf::Sleep(wf::Patched("integ_test_change_name") ? 100ms : 200ms);
}

temporal::Task<void> WithoutThePatch() {
  co_await wf::Sleep(200ms);
  co_await wf::Sleep(200ms);
  co_await wf::Sleep(200ms);
}

TEST(CoreHistoryReplay, PatchMarkersInTheOlderCoreFormat) {
  const fs::path file = kCore / "old_change_marker_format.bin";
  REQUIRE_HISTORY(file);
  auto result =
      With("writes_change_markers", WritesChangeMarkers).Replay(temporal::replay::LoadHistoryFile(file));
  EXPECT_TRUE(result.ok()) << result.message;
}

TEST(CoreHistoryReplay, APatchMarkerTheCodeNoLongerChecksIsNonDeterministic) {
  const fs::path file = kCore / "old_change_marker_format.bin";
  REQUIRE_HISTORY(file);
  auto result =
      With("writes_change_markers", WithoutThePatch).Replay(temporal::replay::LoadHistoryFile(file));
  ASSERT_TRUE(result.nondeterminism) << result.message;
  EXPECT_THAT(result.message, AllOf(HasSubstr("history event 5"), HasSubstr("core_patch"),
                                    HasSubstr("Patched(\"integ_test_change_name\")")));
}

TEST(Replayer, AnUnregisteredWorkflowTypeIsAClearError) {
  const fs::path file = kCore / "timer_workflow_history.bin";
  REQUIRE_HISTORY(file);
  auto result = With("SomethingElse", SleepOnce).Replay(temporal::replay::LoadHistoryFile(file));
  ASSERT_FALSE(result.ok());
  EXPECT_FALSE(result.nondeterminism);
  EXPECT_THAT(result.message, HasSubstr("no workflow is registered for workflow type"));
}

}  // namespace
