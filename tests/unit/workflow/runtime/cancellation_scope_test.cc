// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Cancellation scopes, through the commands a WorkflowRun answers with:
// what canceling a scope cancels, what it leaves alone, and what starting
// an operation in a canceled scope does.
#include "temporal/workflow/cancellation_scope.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "run_harness.h"
#include "temporal/common/error.h"
#include "temporal/workflow/when_all.h"
#include "temporal/workflow/when_any.h"
#include "temporal/workflow/workflow.h"

namespace temporal::workflow_internal::testing {
namespace {

namespace wf = temporal::workflow;
using namespace std::chrono_literals;

// Sleeps; says how the sleep ended.
Task<std::string> SleepOrCanceled(Duration duration) {
  try {
    co_await wf::Sleep(duration);
    co_return "slept";
  } catch (const CanceledError&) {
    co_return "canceled";
  }
}

Task<void> CancelAfter(Duration delay, std::shared_ptr<wf::CancellationScope> scope) {
  co_await wf::Sleep(delay);
  scope->Cancel();
}

// --- A scope cancels what it started, and only that ---

Task<std::string> CancelOneOfTwoTimers() {
  auto scope = wf::CancellationScope::Create();
  auto results = co_await wf::WhenAll(scope->Run(SleepOrCanceled(10s)), SleepOrCanceled(20s),
                                      CancelAfter(1s, scope));
  co_return std::get<0>(results) + "," + std::get<1>(results);
}

TEST(CancellationScope, CancelingAScopeCancelsOnlyTheTimersStartedInIt) {
  RunHarness harness("CancelOneOfTwoTimers", CancelOneOfTwoTimers);
  auto commands = harness.Start();
  ASSERT_EQ(commands.size(), 3u);  // timers 1 (scope), 2 (outside), 3 (the canceler's)
  EXPECT_EQ(As<StartTimerCommand>(commands[0]).seq, 1u);
  EXPECT_EQ(As<StartTimerCommand>(commands[2]).seq, 3u);

  commands = harness.Activate(FireTimerJob{.seq = 3});
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(As<CancelTimerCommand>(commands[0]).seq, 1u);

  commands = harness.Activate(FireTimerJob{.seq = 2});
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(harness.Decode<std::string>(As<CompleteWorkflowCommand>(commands[0]).result), "canceled,slept");
}

Task<std::string> NestedScopes() {
  auto outer = wf::CancellationScope::Create();
  auto inner = wf::CancellationScope::Create(outer);
  auto results = co_await wf::WhenAll(outer->Run(SleepOrCanceled(10s)), inner->Run(SleepOrCanceled(10s)),
                                      CancelAfter(1s, outer));
  co_return std::get<0>(results) + "," + std::get<1>(results) + (inner->cancel_requested() ? ",inner" : "");
}

TEST(CancellationScope, CancelingAScopeCancelsTheScopesNestedInIt) {
  RunHarness harness("NestedScopes", NestedScopes);
  auto commands = harness.Start();
  ASSERT_EQ(commands.size(), 3u);
  commands = harness.Activate(FireTimerJob{.seq = 3});
  ASSERT_EQ(commands.size(), 3u);
  EXPECT_EQ(As<CancelTimerCommand>(commands[0]).seq, 1u);
  EXPECT_EQ(As<CancelTimerCommand>(commands[1]).seq, 2u);
  EXPECT_EQ(harness.Decode<std::string>(As<CompleteWorkflowCommand>(commands[2]).result),
            "canceled,canceled,inner");
}

Task<std::string> InnerCancelLeavesOuter() {
  auto outer = wf::CancellationScope::Create();
  auto inner = wf::CancellationScope::Create(outer);
  auto results = co_await wf::WhenAll(outer->Run(SleepOrCanceled(10s)), inner->Run(SleepOrCanceled(10s)),
                                      CancelAfter(1s, inner));
  co_return std::get<0>(results) + "," + std::get<1>(results) + (outer->cancel_requested() ? ",outer" : "");
}

TEST(CancellationScope, CancelingANestedScopeLeavesItsParentAlone) {
  RunHarness harness("InnerCancelLeavesOuter", InnerCancelLeavesOuter);
  harness.Start();
  auto commands = harness.Activate(FireTimerJob{.seq = 3});
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(As<CancelTimerCommand>(commands[0]).seq, 2u);
  commands = harness.Activate(FireTimerJob{.seq = 1});
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(harness.Decode<std::string>(As<CompleteWorkflowCommand>(commands[0]).result), "slept,canceled");
}

// --- Workflow cancellation, detached scopes, canceled scopes ---

Task<std::string> CleanupInDetachedScope() {
  bool canceled = false;
  try {
    co_await wf::Sleep(1h);
  } catch (const CanceledError&) {
    canceled = true;  // (C++ allows no co_await inside a handler)
  }
  if (!canceled) co_return "not canceled";
  auto cleanup = wf::CancellationScope::CreateDetached();
  EXPECT_FALSE(cleanup->cancel_requested());
  EXPECT_TRUE(wf::CancellationScope::Current()->cancel_requested());
  co_await cleanup->Run(wf::Sleep(1s));
  throw CanceledError("canceled after cleanup");
}

TEST(CancellationScope, ADetachedScopeRunsCleanupAfterTheWorkflowIsCanceled) {
  RunHarness harness("CleanupInDetachedScope", CleanupInDetachedScope);
  auto commands = harness.Start();
  ASSERT_EQ(commands.size(), 1u);

  commands = harness.Activate(CancelWorkflowJob{});
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_EQ(As<CancelTimerCommand>(commands[0]).seq, 1u);
  EXPECT_EQ(As<StartTimerCommand>(commands[1]).seq, 2u);  // the cleanup timer does go out

  commands = harness.Activate(FireTimerJob{.seq = 2});
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_TRUE(Is<CancelWorkflowCommand>(commands[0]));
}

Task<std::string> SleepAfterCancel() {
  try {
    co_await wf::Sleep(1h);
  } catch (const CanceledError&) {
  }
  try {
    co_await wf::Sleep(1s);
    co_return "slept";
  } catch (const CanceledError& e) {
    co_return std::string("refused: ") + e.what();
  }
}

TEST(CancellationScope, AnOperationStartedInACanceledScopeThrowsAtOnceAndSendsNothing) {
  RunHarness harness("SleepAfterCancel", SleepAfterCancel);
  harness.Start();
  auto commands = harness.Activate(CancelWorkflowJob{});
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_EQ(As<CancelTimerCommand>(commands[0]).seq, 1u);
  const std::string result = harness.Decode<std::string>(As<CompleteWorkflowCommand>(commands[1]).result);
  EXPECT_NE(result.find("refused"), std::string::npos) << result;
  EXPECT_NE(result.find("the workflow was canceled"), std::string::npos) << result;
}

Task<std::string> SignalHandlerOutlivesScope() {
  auto scope = wf::CancellationScope::Create();
  std::string log;
  // The handler is registered by code running in `scope`, but handlers run
  // in the root scope: canceling `scope` does not cancel the handler's timer.
  auto register_handler = [&log]() -> Task<void> {
    wf::SetSignalHandler<std::string>("go", [&log](std::string) -> Task<void> {
      log += co_await SleepOrCanceled(5s);
    });
    co_return;
  };
  co_await scope->Run(register_handler());
  scope->Cancel();
  auto handled = [&log] { return !log.empty(); };
  co_await wf::WaitConditionFor(handled, 1h);
  co_return log;
}

TEST(CancellationScope, SignalHandlersRunInTheRootScope) {
  RunHarness harness("SignalHandlerOutlivesScope", SignalHandlerOutlivesScope);
  auto commands = harness.Start();
  ASSERT_EQ(commands.size(), 1u);  // the condition's timeout timer (seq 1)
  commands = harness.Activate(SignalWorkflowJob{.signal_name = "go", .input = harness.Encode(std::string("x"))});
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(As<StartTimerCommand>(commands[0]).seq, 2u);
  commands = harness.Activate(FireTimerJob{.seq = 2});
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_EQ(As<CancelTimerCommand>(commands[0]).seq, 1u);
  EXPECT_EQ(harness.Decode<std::string>(As<CompleteWorkflowCommand>(commands[1]).result), "slept");
}

// --- Activities follow their cancellation type ---

Task<std::string> ActivityOrError(int cancellation_type) {
  wf::ActivityOptions options{.start_to_close_timeout = 10s,
                              .cancellation_type = static_cast<ActivityCancellationType>(cancellation_type)};
  try {
    co_return co_await wf::ExecuteActivity<std::string>("Charge", options);
  } catch (const ActivityError& e) {
    co_return std::string("activity error: ") + e.what();
  }
}

Task<std::string> CancelActivity(int cancellation_type) {
  auto scope = wf::CancellationScope::Create();
  auto results = co_await wf::WhenAll(scope->Run(ActivityOrError(cancellation_type)), CancelAfter(1s, scope));
  co_return std::get<0>(results);
}

TEST(CancellationScope, ATryCancelActivityIsCanceledAtOnce) {
  RunHarness harness("CancelActivity", CancelActivity);
  auto commands = harness.Start(harness.Encode(static_cast<int>(ActivityCancellationType::kTryCancel)));
  ASSERT_EQ(commands.size(), 2u);
  const uint32_t activity_seq = As<ScheduleActivityCommand>(commands[0]).seq;
  const uint32_t timer_seq = As<StartTimerCommand>(commands[1]).seq;
  commands = harness.Activate(FireTimerJob{.seq = timer_seq});
  ASSERT_EQ(commands.size(), 2u) << Kinds(commands);
  EXPECT_EQ(As<RequestCancelActivityCommand>(commands[0]).seq, activity_seq);
  EXPECT_NE(harness.Decode<std::string>(As<CompleteWorkflowCommand>(commands[1]).result).find("activity error"),
            std::string::npos);
}

TEST(CancellationScope, AWaitCancellationCompletedActivityWaitsForTheActivityToReport) {
  RunHarness harness("CancelActivity", CancelActivity);
  auto commands =
      harness.Start(harness.Encode(static_cast<int>(ActivityCancellationType::kWaitCancellationCompleted)));
  ASSERT_EQ(commands.size(), 2u);
  const uint32_t activity_seq = As<ScheduleActivityCommand>(commands[0]).seq;
  commands = harness.Activate(FireTimerJob{.seq = As<StartTimerCommand>(commands[1]).seq});
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(As<RequestCancelActivityCommand>(commands[0]).seq, activity_seq);

  Resolution canceled;  // as the activity machine reports ActivityTaskCanceled
  canceled.kind = Resolution::Kind::kCanceled;
  canceled.failure.set_message("Activity cancelled");
  canceled.failure.mutable_activity_failure_info()->mutable_activity_type()->set_name("Charge");
  canceled.failure.mutable_cause()->mutable_canceled_failure_info();
  commands = harness.Activate(ResolveActivityJob{.seq = activity_seq, .resolution = canceled});
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  EXPECT_TRUE(Is<CompleteWorkflowCommand>(commands[0])) << Kinds(commands);
}

// --- WhenAny cancels the losers ---

Task<std::string> RaceTwoTimers() {
  auto first = co_await wf::WhenAny(SleepOrCanceled(10s), SleepOrCanceled(1s));
  co_return std::to_string(first.index());
}

TEST(CancellationScope, WhenAnyCancelsTheTimersOfTheLosers) {
  RunHarness harness("RaceTwoTimers", RaceTwoTimers);
  auto commands = harness.Start();
  ASSERT_EQ(commands.size(), 2u);
  commands = harness.Activate(FireTimerJob{.seq = 2});
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_EQ(As<CancelTimerCommand>(commands[0]).seq, 1u);
  EXPECT_EQ(harness.Decode<std::string>(As<CompleteWorkflowCommand>(commands[1]).result), "1");
}

Task<std::string> RaceInsideCanceledScope() {
  auto scope = wf::CancellationScope::Create();
  // The race's own scopes nest in `scope`: canceling it cancels both timers.
  auto results = co_await wf::WhenAll(scope->Run(wf::WhenAny(SleepOrCanceled(10s), SleepOrCanceled(20s))),
                                      CancelAfter(1s, scope));
  co_return std::to_string(std::get<0>(results).index());
}

TEST(CancellationScope, WhenAnyRunInAScopeIsCanceledWithIt) {
  RunHarness harness("RaceInsideCanceledScope", RaceInsideCanceledScope);
  auto commands = harness.Start();
  ASSERT_EQ(commands.size(), 3u);
  // The canceler's timer is seq 1: WhenAll starts the race, the race makes
  // its children ready behind the canceler.
  commands = harness.Activate(FireTimerJob{.seq = 1});
  ASSERT_EQ(commands.size(), 3u) << Kinds(commands);
  EXPECT_EQ(As<CancelTimerCommand>(commands[0]).seq, 2u);
  EXPECT_EQ(As<CancelTimerCommand>(commands[1]).seq, 3u);
  EXPECT_EQ(harness.Decode<std::string>(As<CompleteWorkflowCommand>(commands[2]).result), "0");
}

}  // namespace
}  // namespace temporal::workflow_internal::testing
