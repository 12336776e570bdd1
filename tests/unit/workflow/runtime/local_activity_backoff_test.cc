// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// A local activity whose next retry waits longer than the worker keeps it
// in memory is resolved with a backoff: the workflow side then sleeps on a
// durable timer and schedules the next attempt (the Rust-core SDKs' scheme).
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "run_harness.h"
#include "temporal/common/error.h"
#include "temporal/workflow/workflow.h"

namespace temporal::workflow_internal::testing {
namespace {

namespace wf = temporal::workflow;
using namespace std::chrono_literals;

Task<std::string> FlakyLocalActivity(std::string input) {
  wf::ActivityOptions options{.start_to_close_timeout = 5s};
  co_return co_await wf::ExecuteLocalActivity<std::string>("Flaky", options, input);
}

TEST(LocalActivityBackoff, ABackoffBecomesATimerAndThenTheNextAttempt) {
  RunHarness harness("FlakyLocalActivity", FlakyLocalActivity);
  auto commands = harness.Start(harness.Encode(std::string("in")));
  ASSERT_EQ(commands.size(), 1u);
  const auto first = As<ScheduleLocalActivityCommand>(commands[0]);
  EXPECT_EQ(first.attempt, 1u);

  const Timestamp scheduled = Timestamp{} + 1s;
  ResolveLocalActivityJob backoff;
  backoff.seq = first.seq;
  backoff.backoff = 90s;
  backoff.next_attempt = 4;
  backoff.original_schedule_time = scheduled;
  commands = harness.Activate(backoff);
  ASSERT_EQ(commands.size(), 1u);
  const auto timer = As<StartTimerCommand>(commands[0]);
  EXPECT_EQ(timer.start_to_fire_timeout, Duration(90s));

  commands = harness.Activate(FireTimerJob{.seq = timer.seq});
  ASSERT_EQ(commands.size(), 1u);
  const auto retry = As<ScheduleLocalActivityCommand>(commands[0]);
  EXPECT_GT(retry.seq, timer.seq);
  EXPECT_EQ(retry.attempt, 4u);
  EXPECT_EQ(retry.original_schedule_time, scheduled);
  EXPECT_EQ(retry.activity_type, "Flaky");
  EXPECT_EQ(retry.activity_id, first.activity_id);
  EXPECT_EQ(harness.Decode<std::string>(retry.arguments), "in");

  ResolveLocalActivityJob done;
  done.seq = retry.seq;
  *done.resolution.result.add_payloads() = harness.Encode(std::string("out")).payloads(0);
  commands = harness.Activate(done);
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(harness.Decode<std::string>(As<CompleteWorkflowCommand>(commands[0]).result), "out");
}

TEST(LocalActivityBackoff, AFailureWithoutBackoffFailsTheCall) {
  RunHarness harness("FlakyLocalActivity", FlakyLocalActivity);
  auto commands = harness.Start(harness.Encode(std::string("in")));
  ResolveLocalActivityJob failed;
  failed.seq = As<ScheduleLocalActivityCommand>(commands[0]).seq;
  failed.resolution.kind = Resolution::Kind::kFailed;
  failed.resolution.failure.set_message("boom");
  failed.resolution.failure.mutable_application_failure_info()->set_type("Boom");
  commands = harness.Activate(failed);
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_TRUE(Is<FailWorkflowCommand>(commands[0]));
}

}  // namespace
}  // namespace temporal::workflow_internal::testing
