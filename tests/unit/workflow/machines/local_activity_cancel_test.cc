// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// What WorkflowMachines tells the worker when the workflow cancels a local
// activity, by cancellation type (sdk-core's rules): TryCancel resolves the
// call at once and asks the worker to stop the attempt; WaitCancellationCompleted
// asks the same and resolves with the worker's result; Abandon resolves at
// once and tells the worker to forget it; an activity canceled before the
// worker took it never runs.
#include <gtest/gtest.h>

#include <optional>
#include <source_location>
#include <string>
#include <variant>
#include <vector>

#include "temporal/testing/history_builder.h"
#include "temporal/workflow/internal/machines/local_activity_machine.h"
#include "temporal/workflow/internal/machines/workflow_machines.h"

namespace {

namespace enums = temporal::api::enums::v1;
using temporal::testing::HistoryBuilder;
using temporal::workflow_internal::Activation;
using temporal::workflow_internal::ActivityCancellationType;
using temporal::workflow_internal::Completion;
using temporal::workflow_internal::RequestCancelLocalActivityCommand;
using temporal::workflow_internal::Resolution;
using temporal::workflow_internal::ResolveLocalActivityJob;
using temporal::workflow_internal::ScheduleLocalActivityCommand;
using temporal::workflow_internal::machines::LocalActivityResult;
using temporal::workflow_internal::machines::WorkflowMachines;

ScheduleLocalActivityCommand LocalActivity(uint32_t seq, ActivityCancellationType type) {
  ScheduleLocalActivityCommand command;
  command.seq = seq;
  command.activity_id = std::to_string(seq);
  command.activity_type = "Slow";
  command.start_to_close_timeout = std::chrono::seconds(10);
  command.cancellation_type = type;
  return command;
}

Completion With(std::vector<temporal::workflow_internal::WorkflowCommandVariant> commands) {
  Completion completion;
  for (auto& command : commands)
    completion.commands.push_back({std::move(command), std::source_location::current()});
  return completion;
}

std::optional<ResolveLocalActivityJob> ResolutionOf(const Activation& activation, uint32_t seq) {
  for (const auto& job : activation.jobs) {
    if (const auto* resolved = std::get_if<ResolveLocalActivityJob>(&job);
        resolved && resolved->seq == seq) {
      return *resolved;
    }
  }
  return std::nullopt;
}

LocalActivityResult Outcome(Resolution::Kind kind) {
  LocalActivityResult result;
  result.outcome.kind = kind;
  if (kind == Resolution::Kind::kCanceled) {
    result.outcome.failure.set_message("stopped as asked");
    result.outcome.failure.mutable_canceled_failure_info();
  }
  return result;
}

// A run in its first workflow task that scheduled local activities 1 (with
// `type`) and 2, and got both handed to the worker; 2 then completes, and
// the next activation (the workflow's reaction) cancels 1.
class LocalActivityCancelTest : public ::testing::Test {
 protected:
  void StartTwoAndCancelTheFirst(ActivityCancellationType type) {
    HistoryBuilder builder;
    builder.AddWorkflowExecutionStarted("Racer", "tq");
    builder.AddWorkflowTaskScheduled();
    builder.AddWorkflowTaskStarted();
    machines_.AddEvents(builder.history());
    ASSERT_TRUE(machines_.NextActivation());
    machines_.Complete(
        With({LocalActivity(1, type), LocalActivity(2, ActivityCancellationType::kTryCancel)}));
    ASSERT_EQ(machines_.TakeLocalActivityRequests().size(), 2u);

    machines_.ResolveLocalActivity(2, Outcome(Resolution::Kind::kCompleted));
    auto reaction = machines_.NextActivation();
    ASSERT_TRUE(reaction);
    ASSERT_TRUE(ResolutionOf(*reaction, 2));
    machines_.Complete(With({RequestCancelLocalActivityCommand{.seq = 1}}));
  }

  WorkflowMachines machines_{"wf", "run"};
};

TEST_F(LocalActivityCancelTest, TryCancelResolvesAtOnceAndAsksTheWorkerToStopTheAttempt) {
  StartTwoAndCancelTheFirst(ActivityCancellationType::kTryCancel);
  const auto cancels = machines_.TakeLocalActivityCancels();
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(cancels[0].seq, 1u);
  EXPECT_FALSE(cancels[0].abandon);
  auto resolved = machines_.NextActivation();
  ASSERT_TRUE(resolved);
  auto job = ResolutionOf(*resolved, 1);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->resolution.kind, Resolution::Kind::kCanceled);
  machines_.Complete(Completion{});
  // The attempt's late result changes nothing.
  machines_.ResolveLocalActivity(1, Outcome(Resolution::Kind::kCompleted));
  EXPECT_FALSE(machines_.NextActivation());
  EXPECT_TRUE(machines_.TakeLocalActivityCancels().empty());
}

TEST_F(LocalActivityCancelTest, WaitCancellationCompletedAsksTheWorkerAndResolvesWithItsResult) {
  StartTwoAndCancelTheFirst(ActivityCancellationType::kWaitCancellationCompleted);
  const auto cancels = machines_.TakeLocalActivityCancels();
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(cancels[0].seq, 1u);
  EXPECT_FALSE(cancels[0].abandon);
  EXPECT_FALSE(machines_.NextActivation());  // the call waits for the attempt
  machines_.ResolveLocalActivity(1, Outcome(Resolution::Kind::kCanceled));
  auto resolved = machines_.NextActivation();
  ASSERT_TRUE(resolved);
  auto job = ResolutionOf(*resolved, 1);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->resolution.kind, Resolution::Kind::kCanceled);
  // What the workflow sees: an activity failure caused by the cancellation.
  EXPECT_TRUE(job->resolution.failure.has_activity_failure_info());
  EXPECT_EQ(job->resolution.failure.cause().message(), "stopped as asked");
}

TEST_F(LocalActivityCancelTest, AbandonResolvesAtOnceAndTellsTheWorkerToForgetIt) {
  StartTwoAndCancelTheFirst(ActivityCancellationType::kAbandon);
  const auto cancels = machines_.TakeLocalActivityCancels();
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(cancels[0].seq, 1u);
  EXPECT_TRUE(cancels[0].abandon);
  auto resolved = machines_.NextActivation();
  ASSERT_TRUE(resolved);
  ASSERT_TRUE(ResolutionOf(*resolved, 1));
  EXPECT_EQ(ResolutionOf(*resolved, 1)->resolution.kind, Resolution::Kind::kCanceled);
}

TEST_F(LocalActivityCancelTest, ACancelBeforeTheWorkerTookItRunsNothingAndResolvesAtOnce) {
  for (auto type :
       {ActivityCancellationType::kTryCancel, ActivityCancellationType::kWaitCancellationCompleted,
        ActivityCancellationType::kAbandon}) {
    SCOPED_TRACE(static_cast<int>(type));
    HistoryBuilder builder;
    builder.AddWorkflowExecutionStarted("Racer", "tq");
    builder.AddWorkflowTaskScheduled();
    builder.AddWorkflowTaskStarted();
    WorkflowMachines machines("wf", "run");
    machines.AddEvents(builder.history());
    ASSERT_TRUE(machines.NextActivation());
    // Scheduled and canceled in the same activation.
    machines.Complete(With({LocalActivity(1, type), RequestCancelLocalActivityCommand{.seq = 1}}));
    EXPECT_TRUE(machines.TakeLocalActivityRequests().empty());
    EXPECT_TRUE(machines.TakeLocalActivityCancels().empty());
    auto resolved = machines.NextActivation();
    ASSERT_TRUE(resolved);
    auto job = ResolutionOf(*resolved, 1);
    ASSERT_TRUE(job);
    EXPECT_EQ(job->resolution.kind, Resolution::Kind::kCanceled);
    machines.Complete(Completion{});
    // The cancellation is recorded in the activity's marker.
    const auto commands = machines.TakeCommandsToSend();
    ASSERT_EQ(commands.size(), 1u);
    EXPECT_EQ(commands[0].command_type(), enums::COMMAND_TYPE_RECORD_MARKER);
    EXPECT_TRUE(
        commands[0].record_marker_command_attributes().failure().has_canceled_failure_info());
  }
}

}  // namespace
