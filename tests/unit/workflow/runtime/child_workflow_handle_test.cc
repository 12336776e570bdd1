// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ChildWorkflowHandle, through the commands a WorkflowRun answers with: the
// start returns once the child has started (or throws when it could not
// start), the handle knows the child's ids, signals and cancels it, and
// hands out its result once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "run_harness.h"
#include "temporal/common/failure.h"
#include "temporal/workflow/workflow.h"

namespace temporal::workflow_internal::testing {
namespace {

namespace wf = temporal::workflow;
namespace enums = temporal::api::enums::v1;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

ResolveChildStartJob Started(uint32_t seq, std::string run_id, std::string workflow_id) {
  ResolveChildStartJob job;
  job.seq = seq;
  job.kind = ResolveChildStartJob::Kind::kStarted;
  job.run_id = std::move(run_id);
  job.workflow_id = std::move(workflow_id);
  return job;
}

ResolveChildResultJob Completed(uint32_t seq, temporal::api::common::v1::Payloads result) {
  ResolveChildResultJob job;
  job.seq = seq;
  job.resolution.kind = Resolution::Kind::kCompleted;
  job.resolution.result = std::move(result);
  return job;
}

// The failure the replay core reports for a child that could not start
// because a workflow with its id is running.
ResolveChildStartJob AlreadyStarted(uint32_t seq, const std::string& workflow_id) {
  ResolveChildStartJob job;
  job.seq = seq;
  job.kind = ResolveChildStartJob::Kind::kFailed;
  job.cause = enums::START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS;
  job.failure.set_message("Child Workflow execution failed to start");
  auto* info = job.failure.mutable_child_workflow_execution_failure_info();
  info->mutable_workflow_execution()->set_workflow_id(workflow_id);
  info->mutable_workflow_type()->set_name("Ship");
  info->set_retry_state(enums::RETRY_STATE_NON_RETRYABLE_FAILURE);
  auto* cause = job.failure.mutable_cause();
  cause->set_message("Workflow execution already started");
  cause->mutable_application_failure_info()->set_type("WorkflowAlreadyExists");
  cause->mutable_application_failure_info()->set_non_retryable(true);
  return job;
}

// --- Start, started, result ---

// Starts a child, does something else once it has started, then waits for
// its result.
Task<std::string> ShipThenWait(std::string order) {
  const wf::ChildWorkflowOptions options{.workflow_id = "ship-" + order, .task_queue = "shipping"};
  wf::ChildWorkflowHandle<std::string> child =
      co_await wf::StartChildWorkflow<std::string>("Ship", options, order);
  const std::string started = child.workflow_id() + "/" + child.run_id();
  co_await wf::Sleep(1s);  // only reached once the child has started
  std::string result = co_await child.Result();
  co_return result + " by " + started;
}

TEST(ChildWorkflowHandle, TheStartReturnsOnceTheChildHasStartedAndTheResultComesLater) {
  RunHarness harness("ShipThenWait", ShipThenWait);
  auto commands = harness.Start(harness.Encode(std::string("o-9")));
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  const auto& start = As<StartChildWorkflowCommand>(commands[0]);
  EXPECT_EQ(start.seq, 1u);
  EXPECT_EQ(start.attributes.workflow_id(), "ship-o-9");
  EXPECT_EQ(start.attributes.workflow_type().name(), "Ship");
  EXPECT_EQ(start.attributes.task_queue().name(), "shipping");
  EXPECT_EQ(harness.Decode<std::string>(start.attributes.input()), "o-9");
  EXPECT_FALSE(start.attributes.has_memo());

  commands = harness.Activate(Started(1, "child-run-1", "ship-o-9"));
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  EXPECT_EQ(As<StartTimerCommand>(commands[0]).seq, 2u);

  commands = harness.Activate(FireTimerJob{.seq = 2});
  EXPECT_TRUE(commands.empty()) << Kinds(commands);  // waits for the child's result

  commands = harness.Activate(Completed(1, harness.Encode(std::string("shipped"))));
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  EXPECT_EQ(harness.Decode<std::string>(As<CompleteWorkflowCommand>(commands[0]).result),
            "shipped by ship-o-9/child-run-1");
}

TEST(ChildWorkflowHandle, TheResultMayArriveBeforeItIsAwaited) {
  RunHarness harness("ShipThenWait", ShipThenWait);
  harness.Start(harness.Encode(std::string("o-9")));
  harness.Activate(Started(1, "child-run-1", "ship-o-9"));
  auto commands = harness.Activate(Completed(1, harness.Encode(std::string("shipped"))));
  EXPECT_TRUE(commands.empty()) << Kinds(commands);  // still sleeping
  commands = harness.Activate(FireTimerJob{.seq = 2});
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  EXPECT_EQ(harness.Decode<std::string>(As<CompleteWorkflowCommand>(commands[0]).result),
            "shipped by ship-o-9/child-run-1");
}

// With no workflow id in the options the SDK generates one; replaying a
// history another SDK wrote, the replay core adopts the recorded id, and the
// handle reports that one (it is what signals must target).
Task<std::string> GeneratedId() {
  const wf::ChildWorkflowOptions options;
  auto child = co_await wf::StartChildWorkflow("Ship", options);
  co_return child.workflow_id() + "/" + child.run_id();
}

TEST(ChildWorkflowHandle, TheHandleHasTheWorkflowIdTheChildStartedWith) {
  RunHarness harness("GeneratedId", GeneratedId);
  auto commands = harness.Start();
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_TRUE(As<StartChildWorkflowCommand>(commands[0]).workflow_id_generated);
  EXPECT_FALSE(As<StartChildWorkflowCommand>(commands[0]).attributes.workflow_id().empty());

  commands = harness.Activate(Started(1, "run-of-recorded", "recorded-id"));
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  EXPECT_EQ(harness.Decode<std::string>(As<CompleteWorkflowCommand>(commands[0]).result),
            "recorded-id/run-of-recorded");
}

// --- A child that cannot start ---

Task<std::string> StartTwice() {
  const wf::ChildWorkflowOptions options{.workflow_id = "ship-1"};
  auto first = co_await wf::StartChildWorkflow("Ship", options);
  try {
    co_await wf::StartChildWorkflow("Ship", options);
  } catch (const ChildWorkflowError& e) {
    const auto* cause = e.cause_as<ApplicationError>();
    co_return std::string(e.what()) + ": " + (cause ? cause->type() : "no cause") + "; first " +
        first.run_id();
  }
  co_return "started twice";
}

TEST(ChildWorkflowHandle, AStartThatFailsThrowsAtTheStart) {
  RunHarness harness("StartTwice", StartTwice);
  harness.Start();
  auto commands = harness.Activate(Started(1, "run-1", "ship-1"));
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  EXPECT_EQ(As<StartChildWorkflowCommand>(commands[0]).seq, 2u);
  EXPECT_EQ(As<StartChildWorkflowCommand>(commands[0]).attributes.workflow_id(), "ship-1");

  commands = harness.Activate(AlreadyStarted(2, "ship-1"));
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  EXPECT_EQ(harness.Decode<std::string>(As<CompleteWorkflowCommand>(commands[0]).result),
            "Child Workflow execution failed to start: WorkflowAlreadyExists; first run-1");
}

Task<void> ExecuteOnce() {
  const wf::ChildWorkflowOptions options{.workflow_id = "ship-1"};
  co_await wf::ExecuteChildWorkflow("Ship", options);
}

TEST(ChildWorkflowHandle, ExecuteChildWorkflowStillFailsWhenTheChildCannotStart) {
  RunHarness harness("ExecuteOnce", ExecuteOnce);
  harness.Start();
  auto commands = harness.Activate(AlreadyStarted(1, "ship-1"));
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  const auto& failure = As<FailWorkflowCommand>(commands[0]).failure;
  EXPECT_TRUE(failure.has_child_workflow_execution_failure_info());
  EXPECT_EQ(failure.cause().application_failure_info().type(), "WorkflowAlreadyExists");
}

Task<std::string> ExecuteForResult() {
  const wf::ChildWorkflowOptions options{.workflow_id = "ship-1"};
  co_return co_await wf::ExecuteChildWorkflow<std::string>("Ship", options, 3);
}

TEST(ChildWorkflowHandle, ExecuteChildWorkflowStartsAndReturnsTheResult) {
  RunHarness harness("ExecuteForResult", ExecuteForResult);
  auto commands = harness.Start();
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(harness.Decode<int>(As<StartChildWorkflowCommand>(commands[0]).attributes.input()), 3);
  EXPECT_TRUE(harness.Activate(Started(1, "run-1", "ship-1")).empty());
  commands = harness.Activate(Completed(1, harness.Encode(std::string("done"))));
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  EXPECT_EQ(harness.Decode<std::string>(As<CompleteWorkflowCommand>(commands[0]).result), "done");
}

// --- Signal ---

Task<std::string> SignalTheChild() {
  const wf::ChildWorkflowOptions options{.workflow_id = "ship-1"};
  auto child = co_await wf::StartChildWorkflow<std::string>("Ship", options);
  co_await child.Signal("expedite", true, std::string("air"));
  std::string outcome = "signaled";
  try {
    co_await child.Signal("expedite", false, std::string("sea"));
  } catch (const ApplicationError& e) {
    outcome += ", then " + e.type();
  }
  co_return outcome;
}

TEST(ChildWorkflowHandle, SignalSendsASignalOnlyTheChildMayReceive) {
  RunHarness harness("SignalTheChild", SignalTheChild);
  harness.Start();
  auto commands = harness.Activate(Started(1, "run-1", "ship-1"));
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  const auto& signal = As<SignalExternalWorkflowCommand>(commands[0]);
  EXPECT_EQ(signal.seq, 2u);
  EXPECT_EQ(signal.attributes.signal_name(), "expedite");
  EXPECT_EQ(signal.attributes.execution().workflow_id(), "ship-1");
  EXPECT_EQ(signal.attributes.execution().run_id(),
            "");  // the child's current run, as sdk-core and Go send it
  EXPECT_TRUE(signal.attributes.child_workflow_only());
  ASSERT_EQ(signal.attributes.input().payloads_size(), 2);
  EXPECT_EQ(harness.Decode<bool>(signal.attributes.input()), true);
  EXPECT_TRUE(commands[0].where.line() > 0);

  // The await returns once the server delivered it; then the second one fails.
  commands = harness.Activate(ResolveSignalExternalJob{.seq = 2, .failure = std::nullopt});
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  EXPECT_EQ(As<SignalExternalWorkflowCommand>(commands[0]).seq, 3u);
  temporal::api::failure::v1::Failure not_found;
  not_found.set_message("Unable to signal external workflow because it was not found");
  not_found.mutable_application_failure_info()->set_type("ExternalWorkflowExecutionNotFound");
  commands = harness.Activate(ResolveSignalExternalJob{.seq = 3, .failure = not_found});
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  EXPECT_EQ(harness.Decode<std::string>(As<CompleteWorkflowCommand>(commands[0]).result),
            "signaled, then ExternalWorkflowExecutionNotFound");
}

Task<void> SignalOther() {
  auto signal = wf::SignalExternalWorkflow("other", "other-run", "ping");
  co_await signal;
}

TEST(ChildWorkflowHandle, SignalExternalWorkflowIsNotLimitedToChildren) {
  RunHarness harness("SignalOther", SignalOther);
  auto commands = harness.Start();
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  const auto& signal = As<SignalExternalWorkflowCommand>(commands[0]);
  EXPECT_EQ(signal.attributes.execution().run_id(), "other-run");
  EXPECT_FALSE(signal.attributes.child_workflow_only());
}

// --- Cancel ---

Task<std::string> CancelTheChild() {
  const wf::ChildWorkflowOptions options{.workflow_id = "ship-1"};
  auto child = co_await wf::StartChildWorkflow<std::string>("Ship", options);
  co_await wf::Sleep(1s);
  child.Cancel();
  child.Cancel();  // a second request sends nothing more
  auto result = child.Result();
  try {
    co_return co_await result;
  } catch (const ChildWorkflowError& e) {
    co_return std::string("child ") +
        (e.cause_as<CanceledError>() ? "canceled" : "failed otherwise");
  }
}

TEST(ChildWorkflowHandle, CancelAsksTheChildToCancelAndTheResultSaysHowItEnded) {
  RunHarness harness("CancelTheChild", CancelTheChild);
  harness.Start();
  harness.Activate(Started(1, "run-1", "ship-1"));
  auto commands = harness.Activate(FireTimerJob{.seq = 2});
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  EXPECT_EQ(As<CancelChildWorkflowCommand>(commands[0]).seq, 1u);
  EXPECT_FALSE(As<CancelChildWorkflowCommand>(commands[0]).reason.empty());

  ResolveChildResultJob canceled;
  canceled.seq = 1;
  canceled.resolution.kind = Resolution::Kind::kCanceled;
  canceled.resolution.failure.set_message("Child Workflow execution cancelled");
  canceled.resolution.failure.mutable_child_workflow_execution_failure_info();
  canceled.resolution.failure.mutable_cause()->mutable_canceled_failure_info();
  commands = harness.Activate(canceled);
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  EXPECT_EQ(harness.Decode<std::string>(As<CompleteWorkflowCommand>(commands[0]).result),
            "child canceled");
}

Task<std::string> CancelAfterTheChildClosed() {
  const wf::ChildWorkflowOptions options{.workflow_id = "ship-1"};
  auto child = co_await wf::StartChildWorkflow<std::string>("Ship", options);
  std::string result = co_await child.Result();
  child.Cancel();  // closed: nothing to cancel
  co_return result;
}

TEST(ChildWorkflowHandle, CancelAfterTheChildClosedSendsNothing) {
  RunHarness harness("CancelAfterTheChildClosed", CancelAfterTheChildClosed);
  harness.Start();
  harness.Activate(Started(1, "run-1", "ship-1"));
  auto commands = harness.Activate(Completed(1, harness.Encode(std::string("shipped"))));
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  EXPECT_TRUE(Is<CompleteWorkflowCommand>(commands[0]));
}

// The child belongs to the scope it was started in, wherever its result is awaited.
Task<std::string> CancelTheStartingScope() {
  auto scope = wf::CancellationScope::Create();
  const wf::ChildWorkflowOptions options{
      .workflow_id = "ship-1", .cancellation_type = wf::ChildWorkflowCancellationType::kTryCancel};
  auto starting = scope->Run(wf::StartChildWorkflow("Ship", options));
  auto child = co_await starting;
  co_await wf::Sleep(1s);
  scope->Cancel();
  auto result = child.Result();
  try {
    co_await result;
  } catch (const ChildWorkflowError&) {
    co_return "canceled with its scope";
  }
  co_return "completed";
}

TEST(ChildWorkflowHandle, CancelingTheScopeTheChildStartedInCancelsIt) {
  RunHarness harness("CancelTheStartingScope", CancelTheStartingScope);
  harness.Start();
  harness.Activate(Started(1, "run-1", "ship-1"));
  auto commands = harness.Activate(FireTimerJob{.seq = 2});
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  EXPECT_EQ(As<CancelChildWorkflowCommand>(commands[0]).seq, 1u);
}

// --- Result once ---

Task<void> ResultTwice() {
  const wf::ChildWorkflowOptions options{.workflow_id = "ship-1"};
  auto child = co_await wf::StartChildWorkflow("Ship", options);
  co_await child.Result();
  co_await child.Result();
}

TEST(ChildWorkflowHandle, TheResultIsHandedOutOnce) {
  RunHarness harness("ResultTwice", ResultTwice);
  harness.Start();
  harness.Activate(Started(1, "run-1", "ship-1"));
  try {
    harness.Activate(Completed(1, {}));
    FAIL() << "a second Result() must fail the workflow task";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(
        e.what(),
        HasSubstr(
            "ChildWorkflowHandle::Result() was already called for child workflow \"ship-1\""));
  }
}

}  // namespace
}  // namespace temporal::workflow_internal::testing
