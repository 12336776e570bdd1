// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Every activity timeout kind, enforced by the dev server, reaches workflow
// code as an ActivityError caused by a TimeoutError of that kind:
// schedule-to-start (an activity on a task queue nobody polls),
// start-to-close, heartbeat and schedule-to-close (attempts that take too
// long). activity_worker_test.cc checks the same timeouts from the activity
// worker's side (what the attempt sees, what the server records).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "temporal/activity/context.h"
#include "temporal/common/failure.h"
#include "temporal/workflow/workflow.h"
#include "worker/worker_test_base.h"

namespace temporal::testing {
namespace {
namespace wf = temporal::workflow;
namespace enums = temporal::api::enums::v1;
using namespace std::chrono_literals;

// How a call failed: "<timeout type> (retry state <state>)", or what else happened.
std::string Describe(const ActivityError& e) {
  const auto* timeout = e.cause_as<TimeoutError>();
  if (timeout == nullptr) return std::string("not a timeout: ") + e.what();
  return enums::TimeoutType_Name(timeout->timeout_type()) + " (retry state " +
         enums::RetryState_Name(e.info().retry_state) + ")";
}

// Calls activity "Slow" (3 s, or until canceled) with `kind`'s timeout set
// short; `queue` is the task queue to schedule it on (empty: the workflow's).
Task<std::string> TimesOut(std::string kind, std::string queue) {
  RetryPolicy once;
  once.maximum_attempts = 1;
  wf::ActivityOptions options{.task_queue = queue, .retry_policy = once};
  if (kind == "schedule-to-start") {
    options.schedule_to_start_timeout = 1s;
    options.start_to_close_timeout = 10s;
  } else if (kind == "start-to-close") {
    options.start_to_close_timeout = 1s;
  } else if (kind == "heartbeat") {
    options.start_to_close_timeout = 10s;
    options.heartbeat_timeout = 1s;
  } else if (kind == "schedule-to-close") {
    options.schedule_to_close_timeout = 1500ms;
  }
  try {
    auto call = wf::ExecuteActivity<std::string>("Slow", options);
    const std::string result = co_await call;
    co_return "completed: " + result;
  } catch (const ActivityError& e) {
    co_return Describe(e);
  }
}

// Heartbeats once, then works for 3 s without heartbeating (or stops when
// the worker gives up on the attempt).
std::string Slow() {
  activity::Heartbeat();
  activity::WaitForCancel(3s);
  return "finished";
}

class ActivityTimeoutsTest : public WorkerTestBase {
 protected:
  void StartWorker() {
    Worker& worker = MakeWorker();
    worker.RegisterWorkflow("TimesOut", TimesOut);
    worker.RegisterActivity("Slow", Slow);
    worker.Start();
  }
};

TEST_F(ActivityTimeoutsTest, AnActivityNobodyPollsForFailsTheCallWithAScheduleToStartTimeout) {
  StartWorker();
  const std::string nobody_polls = UniqueName("unpolled");
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(client_->ExecuteWorkflow<std::string>("TimesOut", Options(),
                                                  std::string("schedule-to-start"), nobody_polls),
            "TIMEOUT_TYPE_SCHEDULE_TO_START (retry state RETRY_STATE_NON_RETRYABLE_FAILURE)");
  EXPECT_GE(std::chrono::steady_clock::now() - started, 1s);
}

TEST_F(ActivityTimeoutsTest, AttemptsThatTakeTooLongFailTheCallWithTheirTimeoutKind) {
  StartWorker();
  // Side by side: each takes a second or two.
  auto start_to_close = client_->StartWorkflow("TimesOut", Options("stc"),
                                               std::string("start-to-close"), std::string());
  auto heartbeat =
      client_->StartWorkflow("TimesOut", Options("hb"), std::string("heartbeat"), std::string());
  auto schedule_to_close = client_->StartWorkflow("TimesOut", Options("s2c"),
                                                  std::string("schedule-to-close"), std::string());
  // One attempt allowed: the retry state says the policy ran out.
  EXPECT_EQ(start_to_close.Result<std::string>(),
            "TIMEOUT_TYPE_START_TO_CLOSE (retry state RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED)");
  EXPECT_EQ(heartbeat.Result<std::string>(),
            "TIMEOUT_TYPE_HEARTBEAT (retry state RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED)");
  // Schedule-to-close bounds the whole activity, retries included.
  EXPECT_THAT(schedule_to_close.Result<std::string>(),
              ::testing::StartsWith("TIMEOUT_TYPE_SCHEDULE_TO_CLOSE"));
}

}  // namespace
}  // namespace temporal::testing
