// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// The ActivityWorker against a real dev server. The workflow side is played
// by a TaskDriver (raw RPCs): it schedules an activity with a
// ScheduleActivityTask command, the ActivityWorker under test runs it, and
// the test reads the outcome from the workflow's history: results,
// failures mapped through the failure converter, retries by the server
// (attempts visible in Info()), heartbeat details carried to the next
// attempt, cancellation requested by the workflow and delivered through the
// heartbeat response, each timeout kind, asynchronous completion through
// the client, and graceful shutdown.
#include "temporal/worker/internal/activity_worker.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/client_test_base.h"
#include "temporal/activity/context.h"
#include "temporal/client/client.h"

namespace {

using namespace std::chrono_literals;
namespace enums = temporal::api::enums::v1;
using temporal::Duration;
using temporal::Payload;
using temporal::Values;
using temporal::activity::ActivityRegistry;
using temporal::activity::CancelReason;
using temporal::api::command::v1::Command;
using temporal::api::history::v1::HistoryEvent;
using temporal::testing::WorkflowTask;
using temporal::worker_internal::ActivityWorker;
using temporal::worker_internal::ActivityWorkerOptions;
using ::testing::HasSubstr;

// What the workflow schedules.
struct ActivitySpec {
  std::string type;
  std::vector<Payload> input;
  std::string id = "activity-1";
  Duration start_to_close = 30s;
  std::optional<Duration> schedule_to_close;
  std::optional<Duration> heartbeat;
  int maximum_attempts = 1;
  std::vector<std::string> non_retryable_error_types;
};

class ActivityWorkerIntegrationTest : public temporal::testing::ClientTestBase {
 protected:
  void TearDown() override {
    if (worker_) worker_->Shutdown(5s);
    ClientTestBase::TearDown();
  }

  ActivityWorkerOptions WorkerOptions() {
    ActivityWorkerOptions options;
    options.connection = connection_;
    options.namespace_name = "default";
    options.task_queue = task_queue_;
    options.identity = "activity-worker-under-test";
    options.converter = converter();
    options.max_concurrent_activities = 4;
    options.local_timeout_buffer = 300ms;
    return options;
  }

  void StartWorker(ActivityRegistry activities) {
    worker_ = std::make_unique<ActivityWorker>(WorkerOptions(), std::move(activities));
    worker_->Start();
  }

  // Starts a workflow and, in its first workflow task, schedules `spec`.
  void StartWorkflowScheduling(const ActivitySpec& spec) {
    auto options = Options();
    workflow_id_ = options.id;
    handle_.emplace(client_->StartWorkflow("ActivityHost", options));
    Command command;
    command.set_command_type(enums::COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK);
    auto* attributes = command.mutable_schedule_activity_task_command_attributes();
    attributes->set_activity_id(spec.id);
    attributes->mutable_activity_type()->set_name(spec.type);
    attributes->mutable_task_queue()->set_name(task_queue_);
    *attributes->mutable_start_to_close_timeout() = temporal::ToProto(spec.start_to_close);
    if (spec.schedule_to_close) {
      *attributes->mutable_schedule_to_close_timeout() = temporal::ToProto(*spec.schedule_to_close);
    }
    if (spec.heartbeat)
      *attributes->mutable_heartbeat_timeout() = temporal::ToProto(*spec.heartbeat);
    for (const auto& payload : spec.input) *attributes->mutable_input()->add_payloads() = payload;
    auto* retry = attributes->mutable_retry_policy();
    retry->set_maximum_attempts(spec.maximum_attempts);
    *retry->mutable_initial_interval() = temporal::ToProto(Duration(100ms));
    retry->set_backoff_coefficient(1.0);
    for (const auto& type : spec.non_retryable_error_types)
      retry->add_non_retryable_error_types(type);
    driver_->Respond(driver_->PollWorkflowTask(), {std::move(command)});
  }

  static const HistoryEvent* Find(const WorkflowTask& task, enums::EventType type) {
    for (const auto& event : task.history().events()) {
      if (event.event_type() == type) return &event;
    }
    return nullptr;
  }

  // Plays the workflow until a workflow task shows the activity closed;
  // returns that task (not yet answered) and its closing event.
  std::pair<WorkflowTask, HistoryEvent> WaitForActivityClose() {
    for (int i = 0; i < 10; ++i) {
      WorkflowTask task = driver_->PollWorkflowTask();
      for (const auto& event : task.history().events()) {
        switch (event.event_type()) {
          case enums::EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
          case enums::EVENT_TYPE_ACTIVITY_TASK_FAILED:
          case enums::EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT:
          case enums::EVENT_TYPE_ACTIVITY_TASK_CANCELED:
            return {task, event};
          default:
            break;
        }
      }
      driver_->Respond(task);  // something else woke the workflow; keep waiting
    }
    throw std::runtime_error("the activity did not close");
  }

  // The attempt and identity the server recorded when the activity (last) started.
  static const HistoryEvent& Started(const WorkflowTask& task) {
    const HistoryEvent* started = Find(task, enums::EVENT_TYPE_ACTIVITY_TASK_STARTED);
    if (started == nullptr) throw std::runtime_error("no ActivityTaskStarted event");
    return *started;
  }

  void FinishWorkflow(const WorkflowTask& task) { driver_->CompleteWorkflow(task, {}); }

  std::unique_ptr<ActivityWorker> worker_;
  std::string workflow_id_;
  std::optional<temporal::WorkflowHandle> handle_;
};

TEST_F(ActivityWorkerIntegrationTest, CompletesWithTheResult) {
  ActivityRegistry activities;
  activities.Register("Greet", [](std::string name, int times) {
    const auto& info = temporal::activity::Info();
    std::string out = info.activity_type + "/" + info.workflow_type + ":";
    for (int i = 0; i < times; ++i) out += " hello " + name;
    return out;
  });
  StartWorker(std::move(activities));
  StartWorkflowScheduling({.type = "Greet", .input = Convert(std::string("ann"), 2)});

  auto [task, closed] = WaitForActivityClose();
  ASSERT_EQ(closed.event_type(), enums::EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
  const auto& result = closed.activity_task_completed_event_attributes().result();
  ASSERT_EQ(result.payloads_size(), 1);
  EXPECT_EQ(converter().FromPayload<std::string>(result.payloads(0)),
            "Greet/ActivityHost: hello ann hello ann");
  EXPECT_EQ(Started(task).activity_task_started_event_attributes().identity(),
            "activity-worker-under-test");
  EXPECT_EQ(Started(task).activity_task_started_event_attributes().attempt(), 1);
  FinishWorkflow(task);
}

TEST_F(ActivityWorkerIntegrationTest, TheServerRetriesAndTheAttemptIsVisible) {
  ActivityRegistry activities;
  std::vector<int> attempts;
  std::mutex mutex;
  activities.Register("Flaky", [&] {
    const int attempt = temporal::activity::Info().attempt;
    {
      std::lock_guard lock(mutex);
      attempts.push_back(attempt);
    }
    if (attempt < 3) throw temporal::ApplicationError("not yet", "Transient");
    return attempt;
  });
  StartWorker(std::move(activities));
  StartWorkflowScheduling({.type = "Flaky", .maximum_attempts = 5});

  auto [task, closed] = WaitForActivityClose();
  ASSERT_EQ(closed.event_type(), enums::EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
  EXPECT_EQ(converter().FromPayload<int>(
                closed.activity_task_completed_event_attributes().result().payloads(0)),
            3);
  EXPECT_EQ(Started(task).activity_task_started_event_attributes().attempt(), 3);
  // The failure of the last failed attempt is kept on the started event.
  EXPECT_EQ(Started(task).activity_task_started_event_attributes().last_failure().message(),
            "not yet");
  std::lock_guard lock(mutex);
  EXPECT_THAT(attempts, ::testing::ElementsAre(1, 2, 3));
  FinishWorkflow(task);
}

TEST_F(ActivityWorkerIntegrationTest, ANonRetryableErrorStopsRetriesWithTheMappedFailure) {
  ActivityRegistry activities;
  std::atomic<int> calls{0};
  activities.Register("Charge", [&](double amount) -> std::string {
    calls.fetch_add(1);
    throw temporal::ApplicationError(
        "card declined", "PaymentDeclined",
        {.non_retryable = true, .details = Values::Of(std::string("insufficient"), amount)});
  });
  StartWorker(std::move(activities));
  StartWorkflowScheduling({.type = "Charge", .input = Convert(12.5), .maximum_attempts = 5});

  auto [task, closed] = WaitForActivityClose();
  ASSERT_EQ(closed.event_type(), enums::EVENT_TYPE_ACTIVITY_TASK_FAILED);
  const auto& attributes = closed.activity_task_failed_event_attributes();
  EXPECT_EQ(attributes.retry_state(), enums::RETRY_STATE_NON_RETRYABLE_FAILURE);
  auto error = converter().FromFailure(attributes.failure());
  auto* app = dynamic_cast<const temporal::ApplicationError*>(error.get());
  ASSERT_NE(app, nullptr) << attributes.failure().DebugString();
  EXPECT_EQ(app->message(), "card declined");
  EXPECT_EQ(app->type(), "PaymentDeclined");
  EXPECT_TRUE(app->non_retryable());
  ASSERT_EQ(app->details().size(), 2u);
  EXPECT_EQ(app->details().Get<std::string>(0), "insufficient");
  EXPECT_EQ(app->details().Get<double>(1), 12.5);
  EXPECT_EQ(attributes.failure().source(), "CppSDK");
  EXPECT_EQ(calls.load(), 1);
  FinishWorkflow(task);
}

TEST_F(ActivityWorkerIntegrationTest, RetriesEndAtMaximumAttemptsWithTheLastFailure) {
  ActivityRegistry activities;
  activities.Register("Broken", []() -> int {
    throw std::runtime_error("attempt " + std::to_string(temporal::activity::Info().attempt));
  });
  StartWorker(std::move(activities));
  StartWorkflowScheduling({.type = "Broken", .maximum_attempts = 2});

  auto [task, closed] = WaitForActivityClose();
  ASSERT_EQ(closed.event_type(), enums::EVENT_TYPE_ACTIVITY_TASK_FAILED);
  const auto& attributes = closed.activity_task_failed_event_attributes();
  EXPECT_EQ(attributes.retry_state(), enums::RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED);
  EXPECT_EQ(attributes.failure().message(), "attempt 2");
  EXPECT_EQ(attributes.failure().application_failure_info().type(), "std::runtime_error");
  FinishWorkflow(task);
}

TEST_F(ActivityWorkerIntegrationTest, HeartbeatDetailsReachTheNextAttempt) {
  ActivityRegistry activities;
  std::promise<std::string> second_attempt_saw;
  activities.Register("Resume", [&] {
    if (temporal::activity::Info().attempt == 1) {
      EXPECT_FALSE(temporal::activity::HasHeartbeatDetails());
      temporal::activity::Heartbeat(std::string("chunk-1"));  // sent at once
      temporal::activity::Heartbeat(std::string("chunk-2"));  // throttled: sent with the failure
      throw temporal::ApplicationError("connection reset", "Transient");
    }
    second_attempt_saw.set_value(temporal::activity::HeartbeatDetails<std::string>());
    return std::string("resumed");
  });
  StartWorker(std::move(activities));
  StartWorkflowScheduling({.type = "Resume", .heartbeat = 10s, .maximum_attempts = 2});

  auto [task, closed] = WaitForActivityClose();
  ASSERT_EQ(closed.event_type(), enums::EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
  auto saw = second_attempt_saw.get_future();
  ASSERT_EQ(saw.wait_for(1s), std::future_status::ready);
  EXPECT_EQ(saw.get(), "chunk-2");
  FinishWorkflow(task);
}

TEST_F(ActivityWorkerIntegrationTest, ACancelRequestedByTheWorkflowReachesTheActivity) {
  ActivityRegistry activities;
  std::promise<void> started;
  std::atomic<CancelReason> reason{CancelReason::kNone};
  activities.Register("Watch", [&] {
    auto& context = temporal::activity::Context::Current();
    started.set_value();
    int beats = 0;
    // Heartbeat while working: the cancel request comes back in a heartbeat response.
    while (!context.WaitForCancel(100ms)) context.Heartbeat(++beats);
    reason = context.cancel_reason();
    throw temporal::CanceledError(
        "stopped", Values::Of(std::string("stopped after beat ") + std::to_string(beats)));
  });
  StartWorker(std::move(activities));
  // Throttle interval 0.8 x 2 s: the cancel arrives within about 1.6 s.
  StartWorkflowScheduling({.type = "Watch", .heartbeat = 2s});
  ASSERT_EQ(started.get_future().wait_for(30s), std::future_status::ready);

  // A signal wakes the workflow, which asks to cancel its activity.
  handle_->Signal("stop");
  WorkflowTask running = driver_->PollWorkflowTask();
  const HistoryEvent* scheduled = Find(running, enums::EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
  ASSERT_NE(scheduled, nullptr);
  const auto cancel_requested_at = std::chrono::steady_clock::now();
  driver_->RequestCancelActivity(running, scheduled->event_id());

  auto [task, closed] = WaitForActivityClose();
  ASSERT_EQ(closed.event_type(), enums::EVENT_TYPE_ACTIVITY_TASK_CANCELED);
  EXPECT_LT(std::chrono::steady_clock::now() - cancel_requested_at, 10s);
  EXPECT_EQ(reason.load(), CancelReason::kRequested);
  const auto& details = closed.activity_task_canceled_event_attributes().details();
  ASSERT_EQ(details.payloads_size(), 1);
  EXPECT_THAT(converter().FromPayload<std::string>(details.payloads(0)),
              HasSubstr("stopped after beat "));
  FinishWorkflow(task);
}

TEST_F(ActivityWorkerIntegrationTest, StartToCloseTimeoutTimesOutTheAttemptAndCancelsItLocally) {
  ActivityRegistry activities;
  std::promise<CancelReason> reason;
  activities.Register("Hang", [&] {
    auto& context = temporal::activity::Context::Current();
    context.WaitForCancel(60s);
    reason.set_value(context.cancel_reason());
    return std::string("too late");
  });
  StartWorker(std::move(activities));
  StartWorkflowScheduling({.type = "Hang", .start_to_close = 1s});

  auto [task, closed] = WaitForActivityClose();
  ASSERT_EQ(closed.event_type(), enums::EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT);
  const auto& failure = closed.activity_task_timed_out_event_attributes().failure();
  EXPECT_EQ(failure.timeout_failure_info().timeout_type(), enums::TIMEOUT_TYPE_START_TO_CLOSE);
  // The worker stopped the activity on its own (1 s + its 300 ms buffer).
  auto seen = reason.get_future();
  ASSERT_EQ(seen.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(seen.get(), CancelReason::kTimedOut);
  FinishWorkflow(task);
}

TEST_F(ActivityWorkerIntegrationTest, HeartbeatTimeoutKeepsTheLastDetails) {
  ActivityRegistry activities;
  std::promise<CancelReason> reason;
  activities.Register("GoQuiet", [&] {
    auto& context = temporal::activity::Context::Current();
    context.Heartbeat(std::string("last words"));
    context.WaitForCancel(60s);  // and never heartbeat again
    reason.set_value(context.cancel_reason());
  });
  StartWorker(std::move(activities));
  StartWorkflowScheduling({.type = "GoQuiet", .heartbeat = 1s});

  auto [task, closed] = WaitForActivityClose();
  ASSERT_EQ(closed.event_type(), enums::EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT);
  auto error = converter().FromFailure(closed.activity_task_timed_out_event_attributes().failure());
  auto* timeout = dynamic_cast<const temporal::TimeoutError*>(error.get());
  ASSERT_NE(timeout, nullptr);
  EXPECT_EQ(timeout->timeout_type(), enums::TIMEOUT_TYPE_HEARTBEAT);
  ASSERT_EQ(timeout->last_heartbeat_details().size(), 1u);
  EXPECT_EQ(timeout->last_heartbeat_details().Get<std::string>(0), "last words");
  auto seen = reason.get_future();
  ASSERT_EQ(seen.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(seen.get(), CancelReason::kTimedOut);
  FinishWorkflow(task);
}

TEST_F(ActivityWorkerIntegrationTest, ScheduleToCloseTimeoutBoundsTheDeadline) {
  ActivityRegistry activities;
  std::promise<std::optional<temporal::Timestamp>> deadline;
  activities.Register("Slowpoke", [&] {
    auto& context = temporal::activity::Context::Current();
    deadline.set_value(context.info().deadline);
    context.WaitForCancel(60s);
  });
  StartWorker(std::move(activities));
  const auto scheduled_at = std::chrono::system_clock::now();
  StartWorkflowScheduling({.type = "Slowpoke", .start_to_close = 30s, .schedule_to_close = 2s});

  auto [task, closed] = WaitForActivityClose();
  ASSERT_EQ(closed.event_type(), enums::EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT);
  EXPECT_EQ(closed.activity_task_timed_out_event_attributes()
                .failure()
                .timeout_failure_info()
                .timeout_type(),
            enums::TIMEOUT_TYPE_SCHEDULE_TO_CLOSE);
  auto seen = deadline.get_future();
  ASSERT_EQ(seen.wait_for(1s), std::future_status::ready);
  auto value = seen.get();
  ASSERT_TRUE(value.has_value());
  // Schedule-to-close (2 s), not start-to-close (30 s), decides the deadline.
  EXPECT_LT(*value - scheduled_at, 5s);
  EXPECT_GT(*value - scheduled_at, 1s);
  FinishWorkflow(task);
}

TEST_F(ActivityWorkerIntegrationTest, AnAsyncActivityIsCompletedByTheClient) {
  ActivityRegistry activities;
  std::promise<std::string> token;
  activities.Register("Approve", [&](std::string request) {
    EXPECT_EQ(request, "expense-42");
    token.set_value(temporal::activity::Info().task_token);
    temporal::activity::CompleteAsync();
  });
  StartWorker(std::move(activities));
  StartWorkflowScheduling({.type = "Approve", .input = Convert(std::string("expense-42"))});
  auto got = token.get_future();
  ASSERT_EQ(got.wait_for(30s), std::future_status::ready);
  const std::string task_token = got.get();
  // The worker has not answered: the attempt is still open for the client.
  std::this_thread::sleep_for(300ms);
  auto activity = client_->GetAsyncActivityHandle(task_token);
  EXPECT_FALSE(activity.Heartbeat(std::string("reviewing")).cancel_requested);
  activity.Complete(std::string("approved"));

  auto [task, closed] = WaitForActivityClose();
  ASSERT_EQ(closed.event_type(), enums::EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
  EXPECT_EQ(converter().FromPayload<std::string>(
                closed.activity_task_completed_event_attributes().result().payloads(0)),
            "approved");
  FinishWorkflow(task);
}

TEST_F(ActivityWorkerIntegrationTest, ADynamicActivityTakesUnregisteredTypes) {
  ActivityRegistry activities;
  activities.RegisterDynamic([](Values args) {
    return Values::Of(temporal::activity::Info().activity_type + "(" + args.Get<std::string>(0) +
                      ")");
  });
  StartWorker(std::move(activities));
  StartWorkflowScheduling({.type = "Anything", .input = Convert(std::string("x"))});
  auto [task, closed] = WaitForActivityClose();
  ASSERT_EQ(closed.event_type(), enums::EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
  EXPECT_EQ(converter().FromPayload<std::string>(
                closed.activity_task_completed_event_attributes().result().payloads(0)),
            "Anything(x)");
  FinishWorkflow(task);
}

TEST_F(ActivityWorkerIntegrationTest, ShutdownDoesNotWaitForTheLongPoll) {
  ActivityRegistry activities;
  activities.Register("Idle", [] {});
  StartWorker(std::move(activities));
  std::this_thread::sleep_for(500ms);  // the pollers are now held by the server
  const auto start = std::chrono::steady_clock::now();
  worker_->Shutdown(10s);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took, 2s) << "a poll the server holds for a minute was not canceled";
  std::cout << "shutdown of an idle activity worker took "
            << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms\n";
}

TEST_F(ActivityWorkerIntegrationTest, ManyActivitiesRunWithinTheSlotLimit) {
  constexpr int kActivities = 40;
  ActivityRegistry activities;
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  activities.Register("Work", [&](int n) {
    const int now = running.fetch_add(1) + 1;
    for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
    }
    std::this_thread::sleep_for(50ms);
    running.fetch_sub(1);
    return n * 2;
  });
  StartWorker(std::move(activities));  // 4 slots
  auto options = Options();
  handle_.emplace(client_->StartWorkflow("ActivityHost", options));
  std::vector<Command> commands;
  for (int i = 0; i < kActivities; ++i) {
    Command command;
    command.set_command_type(enums::COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK);
    auto* attributes = command.mutable_schedule_activity_task_command_attributes();
    attributes->set_activity_id("work-" + std::to_string(i));
    attributes->mutable_activity_type()->set_name("Work");
    attributes->mutable_task_queue()->set_name(task_queue_);
    *attributes->mutable_start_to_close_timeout() = temporal::ToProto(Duration(30s));
    *attributes->mutable_input()->add_payloads() = converter().ToPayload(i);
    commands.push_back(std::move(command));
  }
  const auto start = std::chrono::steady_clock::now();
  driver_->Respond(driver_->PollWorkflowTask(), std::move(commands));

  int completed = 0;
  int64_t sum = 0;
  while (completed < kActivities) {
    WorkflowTask task = driver_->PollWorkflowTask();
    completed = 0;
    sum = 0;
    for (const auto& event : task.history().events()) {
      if (event.event_type() == enums::EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
        ++completed;
        sum += converter().FromPayload<int>(
            event.activity_task_completed_event_attributes().result().payloads(0));
      }
    }
    if (completed < kActivities) {
      driver_->Respond(task);
    } else {
      FinishWorkflow(task);
    }
  }
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(sum, 2 * (kActivities - 1) * kActivities / 2);
  EXPECT_LE(most.load(), 4);
  EXPECT_GE(most.load(), 2);  // they did run side by side
  std::cout << kActivities << " activities of 50 ms on 4 slots took "
            << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms\n";
}

TEST_F(ActivityWorkerIntegrationTest, GracefulShutdownLetsAnInFlightActivityFinish) {
  ActivityRegistry activities;
  std::promise<void> started;
  activities.Register("Finish", [&] {
    started.set_value();
    std::this_thread::sleep_for(1s);
    return std::string("finished");
  });
  StartWorker(std::move(activities));
  StartWorkflowScheduling({.type = "Finish"});
  ASSERT_EQ(started.get_future().wait_for(30s), std::future_status::ready);
  const auto start = std::chrono::steady_clock::now();
  worker_->Shutdown(30s);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took, 10s);  // the activity's second, not the grace period nor a long poll

  auto [task, closed] = WaitForActivityClose();
  ASSERT_EQ(closed.event_type(), enums::EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
  EXPECT_EQ(converter().FromPayload<std::string>(
                closed.activity_task_completed_event_attributes().result().payloads(0)),
            "finished");
  FinishWorkflow(task);
}

TEST_F(ActivityWorkerIntegrationTest, AnActivityCanceledByShutdownIsRetriedElsewhereAtOnce) {
  ActivityRegistry activities;
  std::promise<void> first_started;
  activities.Register("Handover", [&] {
    auto& context = temporal::activity::Context::Current();
    if (context.info().attempt == 1) {
      first_started.set_value();
      context.WaitForCancel(60s);
      context.ThrowIfCancelRequested();  // CanceledError (worker shutdown)
    }
    return context.info().attempt;
  });
  StartWorker(activities);
  // Start-to-close of a minute: only a prompt failure explains a quick retry.
  StartWorkflowScheduling({.type = "Handover", .start_to_close = 60s, .maximum_attempts = 3});
  ASSERT_EQ(first_started.get_future().wait_for(30s), std::future_status::ready);
  worker_->Shutdown(200ms);
  StartWorker(activities);  // the next worker on the queue

  auto [task, closed] = WaitForActivityClose();
  ASSERT_EQ(closed.event_type(), enums::EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
  EXPECT_EQ(converter().FromPayload<int>(
                closed.activity_task_completed_event_attributes().result().payloads(0)),
            2);
  const auto& started = Started(task).activity_task_started_event_attributes();
  EXPECT_EQ(started.last_failure().application_failure_info().type(), "WorkerShutdown");
  FinishWorkflow(task);
}

}  // namespace
