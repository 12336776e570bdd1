// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ActivityWorker against a GoogleMock Connection standing in for the server:
// what a mock shows honestly (the requests the worker sends, slot
// accounting, backoff and recovery after UNAVAILABLE, heartbeat throttling,
// which response follows which outcome, shutdown). The same behaviour
// against a real server is in tests/integration/activity_worker_test.cc.
#include "temporal/worker/internal/activity_worker.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "temporal/activity/context.h"
#include "temporal/client/mocks/mock_connection.h"
#include "temporal/client/rpc_error.h"
#include "temporal/metrics/prometheus_metrics_handler.h"

namespace {

using namespace std::chrono_literals;
using temporal::CallOptions;
using temporal::Duration;
using temporal::FormatLogfmt;
using temporal::FunctionLogger;
using temporal::LogRecord;
using temporal::Payload;
using temporal::Values;
using temporal::activity::ActivityRegistry;
using temporal::activity::CancelReason;
using temporal::worker_internal::ActivityWorker;
using temporal::worker_internal::ActivityWorkerOptions;
using ::testing::_;
using ::testing::HasSubstr;
using ::testing::Invoke;
namespace ws = temporal::api::workflowservice::v1;
using Clock = std::chrono::steady_clock;

template <typename F>
bool Eventually(F condition, Duration timeout = 10s) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(1ms);
  }
  return condition();
}

// A one-shot latch for activities that must wait for the test.
class Gate {
 public:
  void Open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  void Wait() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return open_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = false;
};

class ActivityWorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ON_CALL(*mock_, PollActivityTaskQueue)
        .WillByDefault(Invoke([this](const ws::PollActivityTaskQueueRequest& request,
                                     const CallOptions& call_options) {
          {
            std::lock_guard lock(mutex_);
            last_poll_ = request;
          }
          return NextTask(call_options);
        }));
    ON_CALL(*mock_, RespondActivityTaskCompleted)
        .WillByDefault(Invoke(
            [this](const ws::RespondActivityTaskCompletedRequest& request, const CallOptions&) {
              std::lock_guard lock(mutex_);
              completed_.push_back(request);
              return ws::RespondActivityTaskCompletedResponse();
            }));
    ON_CALL(*mock_, RespondActivityTaskFailed)
        .WillByDefault(
            Invoke([this](const ws::RespondActivityTaskFailedRequest& request, const CallOptions&) {
              std::lock_guard lock(mutex_);
              failed_.push_back(request);
              return ws::RespondActivityTaskFailedResponse();
            }));
    ON_CALL(*mock_, RespondActivityTaskCanceled)
        .WillByDefault(Invoke(
            [this](const ws::RespondActivityTaskCanceledRequest& request, const CallOptions&) {
              std::lock_guard lock(mutex_);
              canceled_.push_back(request);
              return ws::RespondActivityTaskCanceledResponse();
            }));
    ON_CALL(*mock_, RecordActivityTaskHeartbeat)
        .WillByDefault(Invoke(
            [this](const ws::RecordActivityTaskHeartbeatRequest& request, const CallOptions&) {
              std::lock_guard lock(mutex_);
              heartbeats_.push_back(request);
              return heartbeat_response_;
            }));
  }

  ActivityWorkerOptions Options() {
    ActivityWorkerOptions options;
    options.connection = mock_;
    options.namespace_name = "ns-1";
    options.task_queue = "tq-1";
    options.identity = "unit-test-worker";
    options.max_concurrent_activities = 2;
    options.pollers = 1;
    options.poll_backoff.initial_interval = 10ms;
    options.poll_backoff.max_interval = 50ms;
    options.logger = std::make_shared<FunctionLogger>([this](const LogRecord& record) {
      std::lock_guard lock(mutex_);
      log_.push_back(FormatLogfmt(record));
    });
    return options;
  }

  // The next task pushed with Push, or an empty response once the poll is canceled.
  ws::PollActivityTaskQueueResponse NextTask(const CallOptions& call_options) {
    std::atomic<bool> canceled{false};
    auto registration = call_options.cancellation->OnCancel([&] { canceled = true; });
    std::unique_lock lock(mutex_);
    ++polls_;
    while (tasks_.empty() && !canceled) tasks_changed_.wait_for(lock, 5ms);
    if (tasks_.empty()) return {};
    auto task = tasks_.front();
    tasks_.pop_front();
    return task;
  }

  void Push(ws::PollActivityTaskQueueResponse task) {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
    tasks_changed_.notify_all();
  }

  ws::PollActivityTaskQueueResponse Task(const std::string& token, const std::string& type,
                                         std::vector<Payload> input = {}) {
    ws::PollActivityTaskQueueResponse task;
    task.set_task_token(token);
    task.mutable_activity_type()->set_name(type);
    task.set_activity_id("act-" + token);
    task.set_workflow_namespace("ns-1");
    task.mutable_workflow_type()->set_name("Wf");
    task.mutable_workflow_execution()->set_workflow_id("wf-" + token);
    task.mutable_workflow_execution()->set_run_id("run-" + token);
    task.set_attempt(1);
    task.mutable_start_to_close_timeout()->set_seconds(60);
    for (auto& payload : input) *task.mutable_input()->add_payloads() = std::move(payload);
    return task;
  }

  size_t Count(const auto& requests) {
    std::lock_guard lock(mutex_);
    return requests.size();
  }

  std::shared_ptr<::testing::NiceMock<temporal::mocks::MockConnection>> mock_ =
      std::make_shared<::testing::NiceMock<temporal::mocks::MockConnection>>();
  temporal::converter::DataConverter converter_;
  std::mutex mutex_;
  std::condition_variable tasks_changed_;
  std::deque<ws::PollActivityTaskQueueResponse> tasks_;
  int polls_ = 0;
  ws::PollActivityTaskQueueRequest last_poll_;
  std::vector<ws::RespondActivityTaskCompletedRequest> completed_;
  std::vector<ws::RespondActivityTaskFailedRequest> failed_;
  std::vector<ws::RespondActivityTaskCanceledRequest> canceled_;
  std::vector<ws::RecordActivityTaskHeartbeatRequest> heartbeats_;
  ws::RecordActivityTaskHeartbeatResponse heartbeat_response_;
  std::vector<std::string> log_;
};

TEST_F(ActivityWorkerTest, RunsTheActivityAndRespondsWithItsResult) {
  ActivityRegistry activities;
  temporal::activity::ActivityInfo seen;
  int64_t previous_progress = -1;
  activities.Register("Add", [&](int a, int b) {
    seen = temporal::activity::Info();
    previous_progress = temporal::activity::HeartbeatDetails<int64_t>();
    return a + b;
  });
  auto task = Task("t1", "Add", converter_.ToPayloads(2, 3));
  task.set_attempt(3);
  task.mutable_heartbeat_timeout()->set_seconds(20);
  for (auto& payload : converter_.ToPayloads(int64_t{77})) {
    *task.mutable_heartbeat_details()->add_payloads() = payload;
  }
  Push(task);
  ActivityWorker worker(Options(), activities);
  worker.Start();
  ASSERT_TRUE(Eventually([&] { return Count(completed_) == 1; }));
  worker.Shutdown(1s);

  std::lock_guard lock(mutex_);
  EXPECT_EQ(last_poll_.namespace_(), "ns-1");
  EXPECT_EQ(last_poll_.task_queue().name(), "tq-1");
  EXPECT_EQ(last_poll_.identity(), "unit-test-worker");
  const auto& response = completed_[0];
  EXPECT_EQ(response.task_token(), "t1");
  EXPECT_EQ(response.namespace_(), "ns-1");
  EXPECT_EQ(response.identity(), "unit-test-worker");
  ASSERT_EQ(response.result().payloads_size(), 1);
  EXPECT_EQ(converter_.FromPayload<int>(response.result().payloads(0)), 5);
  EXPECT_EQ(seen.activity_type, "Add");
  EXPECT_EQ(seen.activity_id, "act-t1");
  EXPECT_EQ(seen.workflow_id, "wf-t1");
  EXPECT_EQ(seen.workflow_run_id, "run-t1");
  EXPECT_EQ(seen.workflow_type, "Wf");
  EXPECT_EQ(seen.task_queue, "tq-1");
  EXPECT_EQ(seen.attempt, 3);
  EXPECT_EQ(seen.task_token, "t1");
  EXPECT_EQ(seen.heartbeat_timeout, Duration(20s));
  EXPECT_EQ(seen.start_to_close_timeout, Duration(60s));
  EXPECT_FALSE(seen.schedule_to_close_timeout.has_value());
  EXPECT_FALSE(seen.is_local);
  EXPECT_EQ(previous_progress, 77);
  EXPECT_TRUE(failed_.empty());
}

TEST_F(ActivityWorkerTest, FailuresGoThroughTheFailureConverter) {
  ActivityRegistry activities;
  activities.Register("Decline", []() -> std::string {
    throw temporal::ApplicationError("card declined", "PaymentDeclined",
                                     {.non_retryable = true,
                                      .details = Values::Of(std::string("insufficient funds")),
                                      .next_retry_delay = 3s});
  });
  activities.Register("Crash", []() -> int { throw std::runtime_error("disk on fire"); });
  Push(Task("t1", "Decline"));
  Push(Task("t2", "Crash"));
  ActivityWorker worker(Options(), activities);
  worker.Start();
  ASSERT_TRUE(Eventually([&] { return Count(failed_) == 2; }));
  worker.Shutdown(1s);

  std::lock_guard lock(mutex_);
  for (const auto& request : failed_) {
    auto error = converter_.FromFailure(request.failure());
    auto* app = dynamic_cast<const temporal::ApplicationError*>(error.get());
    ASSERT_NE(app, nullptr);
    if (request.task_token() == "t1") {
      EXPECT_EQ(app->message(), "card declined");
      EXPECT_EQ(app->type(), "PaymentDeclined");
      EXPECT_TRUE(app->non_retryable());
      EXPECT_EQ(app->details().Get<std::string>(0), "insufficient funds");
      EXPECT_EQ(app->next_retry_delay(), Duration(3s));
    } else {
      EXPECT_EQ(app->message(), "disk on fire");
      EXPECT_EQ(app->type(), "std::runtime_error");
      EXPECT_FALSE(app->non_retryable());
    }
  }
}

TEST_F(ActivityWorkerTest, RecordsItsMetricsAndNamesTheActivityInItsLogRecords) {
  ActivityRegistry activities;
  activities.Register("Add", [](int a, int b) { return a + b; });
  activities.Register("Crash", []() -> int { throw std::runtime_error("disk on fire"); });
  // A BENIGN failure is reported to the server but not counted as a failure (sdk-core).
  activities.Register("Expected", []() -> int {
    throw temporal::ApplicationError("nothing to do", "Idle",
                                     {.category = temporal::ApplicationErrorCategory::kBenign});
  });
  ON_CALL(*mock_, RespondActivityTaskFailed)
      .WillByDefault(Invoke([this](const ws::RespondActivityTaskFailedRequest& request, const CallOptions&) {
        std::lock_guard lock(mutex_);
        failed_.push_back(request);
        if (request.task_token() == "t2") {
          throw temporal::RpcError("RespondActivityTaskFailed", grpc::StatusCode::NOT_FOUND, "gone");
        }
        return ws::RespondActivityTaskFailedResponse();
      }));
  auto task = Task("t1", "Add", converter_.ToPayloads(2, 3));
  *task.mutable_scheduled_time() = google::protobuf::util::TimeUtil::GetCurrentTime();
  *task.mutable_current_attempt_scheduled_time() = task.scheduled_time();
  *task.mutable_started_time() = task.scheduled_time();
  Push(task);
  Push(Task("t2", "Crash"));
  Push(Task("t3", "Expected"));
  auto prometheus = std::make_shared<temporal::PrometheusMetricsHandler>();
  auto options = Options();
  options.metrics = std::make_shared<temporal::worker_internal::WorkerMetrics>(prometheus, "ns-1", "tq-1");
  ActivityWorker worker(options, activities);
  worker.Start();
  ASSERT_TRUE(Eventually([&] { return Count(completed_) == 1 && Count(failed_) == 2; }));
  worker.Shutdown(1s);

  const std::string text = prometheus->Render();
  auto tags = [](const std::string& type) {
    return "{activity_type=\"" + type + "\",namespace=\"ns-1\",task_queue=\"tq-1\",workflow_type=\"Wf\"}";
  };
  EXPECT_THAT(text, HasSubstr("temporal_activity_task_received" + tags("Add") + " 1\n"));
  EXPECT_THAT(text, HasSubstr("temporal_activity_execution_latency_count" + tags("Add") + " 1\n"));
  EXPECT_THAT(text, HasSubstr("temporal_activity_succeed_endtoend_latency_count" + tags("Add") + " 1\n"));
  EXPECT_THAT(text, HasSubstr("temporal_activity_execution_failed" + tags("Add") + " 0\n"));
  EXPECT_THAT(text, HasSubstr("temporal_activity_execution_failed" + tags("Crash") + " 1\n"));
  EXPECT_THAT(text, HasSubstr("temporal_activity_execution_failed" + tags("Expected") + " 0\n"));
  EXPECT_THAT(text, HasSubstr("temporal_activity_execution_latency_count" + tags("Expected") + " 1\n"));
  // Only the task with both times has a schedule-to-start latency.
  EXPECT_THAT(text, HasSubstr("temporal_activity_schedule_to_start_latency_count{namespace=\"ns-1\","
                              "task_queue=\"tq-1\"} 1\n"));
  // After shutdown every slot is free again, and no poll is in flight.
  EXPECT_THAT(text, HasSubstr("temporal_worker_task_slots_available{namespace=\"ns-1\",task_queue=\"tq-1\","
                              "worker_type=\"ActivityWorker\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("temporal_num_pollers{namespace=\"ns-1\",poller_type=\"activity_task\","
                              "task_queue=\"tq-1\"} 0\n"));
  // The refused answer is logged with the activity's fields.
  std::lock_guard lock(mutex_);
  bool logged = false;
  for (const auto& line : log_) {
    logged |= line.find("msg=\"RespondActivityTaskFailed refused; the activity may have timed out or been "
                        "canceled\" activity_type=Crash activity_id=act-t2 workflow_id=wf-t2 run_id=run-t2 "
                        "workflow_type=Wf attempt=1 error=") != std::string::npos;
  }
  EXPECT_TRUE(logged) << ::testing::PrintToString(log_);
}

TEST_F(ActivityWorkerTest, AnUnregisteredTypeFailsNamingTheRegisteredOnes) {
  ActivityRegistry activities;
  activities.Register("Known", [] {});
  Push(Task("t1", "Unknown"));
  ActivityWorker worker(Options(), activities);
  worker.Start();
  ASSERT_TRUE(Eventually([&] { return Count(failed_) == 1; }));
  worker.Shutdown(1s);
  std::lock_guard lock(mutex_);
  const auto& failure = failed_[0].failure();
  EXPECT_EQ(failure.application_failure_info().type(), "NotFoundError");
  EXPECT_FALSE(failure.application_failure_info().non_retryable());  // another worker may know it
  EXPECT_THAT(failure.message(), HasSubstr("\"Unknown\" is not registered"));
  EXPECT_THAT(failure.message(), HasSubstr("registered: Known"));
}

TEST_F(ActivityWorkerTest, SlotsBoundPollsAndRunningActivities) {
  ActivityRegistry activities;
  Gate gate;
  std::atomic<int> running{0};
  std::atomic<int> most_running{0};
  activities.Register("Hold", [&] {
    const int now = running.fetch_add(1) + 1;
    int seen = most_running.load();
    while (now > seen && !most_running.compare_exchange_weak(seen, now)) {
    }
    gate.Wait();
    running.fetch_sub(1);
  });
  for (int i = 0; i < 3; ++i) Push(Task("t" + std::to_string(i), "Hold"));
  auto options = Options();
  options.pollers = 2;
  ActivityWorker worker(options, activities);
  worker.Start();
  ASSERT_TRUE(Eventually([&] { return running.load() == 2; }));
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(worker.available_slots(), 0);
  EXPECT_EQ(worker.running_activities(), 2);
  {
    std::lock_guard lock(mutex_);
    EXPECT_EQ(tasks_.size(), 1u);  // no slot, no poll: the third task waits on the server
  }
  gate.Open();
  ASSERT_TRUE(Eventually([&] { return Count(completed_) == 3; }));
  EXPECT_EQ(most_running.load(), 2);
  worker.Shutdown(1s);
  EXPECT_EQ(worker.available_slots(), 2);
}

TEST_F(ActivityWorkerTest, BacksOffWhileTheServerIsUnavailableAndRecovers) {
  std::vector<Clock::time_point> attempts;
  EXPECT_CALL(*mock_, PollActivityTaskQueue)
      .Times(::testing::AtLeast(4))
      .WillRepeatedly(
          Invoke([&](const ws::PollActivityTaskQueueRequest&, const CallOptions& call_options) {
            {
              std::lock_guard lock(mutex_);
              attempts.push_back(Clock::now());
              if (attempts.size() <= 3) {
                throw temporal::RpcError("PollActivityTaskQueue", grpc::StatusCode::UNAVAILABLE,
                                         "connection refused");
              }
            }
            return NextTask(call_options);
          }));
  ActivityRegistry activities;
  activities.Register("Ping", [] { return std::string("pong"); });
  Push(Task("t1", "Ping"));
  ActivityWorker worker(Options(), activities);
  worker.Start();
  ASSERT_TRUE(Eventually([&] { return Count(completed_) == 1; }));
  worker.Shutdown(1s);
  std::lock_guard lock(mutex_);
  ASSERT_GE(attempts.size(), 4u);
  EXPECT_GE(attempts[1] - attempts[0], 8ms);  // 10 ms +-20 %
  EXPECT_GE(attempts[2] - attempts[1], 16ms);
  EXPECT_GE(attempts[3] - attempts[2], 32ms);
  int poll_failures = 0;
  for (const auto& line : log_) poll_failures += line.find("UNAVAILABLE") != std::string::npos;
  EXPECT_EQ(poll_failures, 3);
}

TEST_F(ActivityWorkerTest, HeartbeatsAreThrottledToFourFifthsOfTheTimeout) {
  ActivityRegistry activities;
  activities.Register("Busy", [] {
    const auto start = Clock::now();
    int64_t progress = 0;
    while (Clock::now() - start < 600ms) {
      temporal::activity::Heartbeat(++progress);
      std::this_thread::sleep_for(2ms);
    }
    return progress;
  });
  auto task = Task("t1", "Busy");
  task.mutable_heartbeat_timeout()->set_nanos(500'000'000);  // throttle: 400 ms
  Push(task);
  ActivityWorker worker(Options(), activities);
  worker.Start();
  ASSERT_TRUE(Eventually([&] { return Count(completed_) == 1; }));
  worker.Shutdown(1s);
  std::lock_guard lock(mutex_);
  // Sent at 0 ms and at 400 ms; the details pending at 600 ms go nowhere (a
  // completed activity needs no progress).
  ASSERT_EQ(heartbeats_.size(), 2u);
  EXPECT_EQ(converter_.FromPayload<int64_t>(heartbeats_[0].details().payloads(0)), 1);
  const auto second = converter_.FromPayload<int64_t>(heartbeats_[1].details().payloads(0));
  const auto total = converter_.FromPayload<int64_t>(completed_[0].result().payloads(0));
  EXPECT_GT(second, 1);
  EXPECT_LT(second, total);
  EXPECT_EQ(heartbeats_[0].task_token(), "t1");
  EXPECT_EQ(heartbeats_[0].namespace_(), "ns-1");
}

TEST_F(ActivityWorkerTest, ACancelRequestArrivesThroughTheHeartbeatResponse) {
  heartbeat_response_.set_cancel_requested(true);
  ActivityRegistry activities;
  std::atomic<CancelReason> reason{CancelReason::kNone};
  activities.Register("Long", [&] {
    temporal::activity::Heartbeat(std::string("started"));
    auto& context = temporal::activity::Context::Current();
    if (!context.WaitForCancel(30s)) return std::string("never canceled");
    reason = context.cancel_reason();
    throw temporal::CanceledError("stopped", Values::Of(std::string("at 50%")));
  });
  Push(Task("t1", "Long"));
  ActivityWorker worker(Options(), activities);
  worker.Start();
  ASSERT_TRUE(Eventually([&] { return Count(canceled_) == 1; }));
  worker.Shutdown(1s);
  EXPECT_EQ(reason.load(), CancelReason::kRequested);
  std::lock_guard lock(mutex_);
  EXPECT_EQ(canceled_[0].task_token(), "t1");
  ASSERT_EQ(canceled_[0].details().payloads_size(), 1);
  EXPECT_EQ(converter_.FromPayload<std::string>(canceled_[0].details().payloads(0)), "at 50%");
  EXPECT_TRUE(completed_.empty());
  EXPECT_TRUE(failed_.empty());
}

TEST_F(ActivityWorkerTest, ACanceledErrorWithoutACancelRequestIsAFailure) {
  ActivityRegistry activities;
  activities.Register("Odd", []() -> int { throw temporal::CanceledError("I give up"); });
  Push(Task("t1", "Odd"));
  ActivityWorker worker(Options(), activities);
  worker.Start();
  ASSERT_TRUE(Eventually([&] { return Count(failed_) == 1; }));
  worker.Shutdown(1s);
  std::lock_guard lock(mutex_);
  EXPECT_TRUE(failed_[0].failure().has_canceled_failure_info());
  EXPECT_TRUE(canceled_.empty());
}

TEST_F(ActivityWorkerTest, CompleteAsyncSendsNoResponseAndFreesTheSlot) {
  EXPECT_CALL(*mock_, RespondActivityTaskCompleted).Times(0);
  EXPECT_CALL(*mock_, RespondActivityTaskFailed).Times(0);
  EXPECT_CALL(*mock_, RespondActivityTaskCanceled).Times(0);
  ActivityRegistry activities;
  std::promise<std::string> token;
  activities.Register("Approve", [&](std::string) {
    token.set_value(temporal::activity::Info().task_token);
    temporal::activity::CompleteAsync();
  });
  Push(Task("t1", "Approve"));
  ActivityWorker worker(Options(), activities);
  worker.Start();
  auto future = token.get_future();
  ASSERT_EQ(future.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(future.get(), "t1");
  // Every slot is free again but the one the (single) poller holds for its next poll.
  ASSERT_TRUE(Eventually(
      [&] { return worker.running_activities() == 0 && worker.available_slots() == 1; }));
  worker.Shutdown(1s);
}

TEST_F(ActivityWorkerTest, ShutdownLetsARunningActivityFinishWithinTheGrace) {
  ActivityRegistry activities;
  std::atomic<bool> started{false};
  activities.Register("Slow", [&] {
    started = true;
    std::this_thread::sleep_for(300ms);
    return std::string("done");
  });
  Push(Task("t1", "Slow"));
  ActivityWorker worker(Options(), activities);
  worker.Start();
  ASSERT_TRUE(Eventually([&] { return started.load(); }));
  const auto start = Clock::now();
  worker.Shutdown(10s);
  EXPECT_LT(Clock::now() - start, 5s);
  std::lock_guard lock(mutex_);
  ASSERT_EQ(completed_.size(), 1u);  // flushed before Shutdown returned
  EXPECT_EQ(converter_.FromPayload<std::string>(completed_[0].result().payloads(0)), "done");
}

TEST_F(ActivityWorkerTest, ShutdownCancelsWhatOutlivesTheGraceAndReportsARetryableFailure) {
  ActivityRegistry activities;
  std::atomic<bool> started{false};
  std::atomic<CancelReason> reason{CancelReason::kNone};
  activities.Register("Stubborn", [&] {
    started = true;
    auto& context = temporal::activity::Context::Current();
    context.WaitForCancel(30s);
    reason = context.cancel_reason();
    context.ThrowIfCancelRequested();
  });
  Push(Task("t1", "Stubborn"));
  ActivityWorker worker(Options(), activities);
  worker.Start();
  ASSERT_TRUE(Eventually([&] { return started.load(); }));
  const auto start = Clock::now();
  worker.Shutdown(100ms);
  EXPECT_GE(Clock::now() - start, 100ms);
  EXPECT_LT(Clock::now() - start, 5s);
  EXPECT_EQ(reason.load(), CancelReason::kWorkerShutdown);
  std::lock_guard lock(mutex_);
  ASSERT_EQ(failed_.size(), 1u);
  EXPECT_EQ(failed_[0].failure().application_failure_info().type(), "WorkerShutdown");
  EXPECT_FALSE(failed_[0].failure().application_failure_info().non_retryable());
  EXPECT_TRUE(canceled_.empty());
}

TEST_F(ActivityWorkerTest, ShutdownEndsALongPollAtOnce) {
  ActivityRegistry activities;
  activities.Register("Never", [] {});
  ActivityWorker worker(Options(), activities);
  worker.Start();
  ASSERT_TRUE(Eventually([&] {
    std::lock_guard lock(mutex_);
    return polls_ == 1;
  }));
  const auto start = Clock::now();
  worker.Shutdown(10s);
  EXPECT_LT(Clock::now() - start, 2s);
}

TEST_F(ActivityWorkerTest, AnOverdueActivityIsCanceledLocallyAndNotAnswered) {
  EXPECT_CALL(*mock_, RespondActivityTaskCompleted).Times(0);
  EXPECT_CALL(*mock_, RespondActivityTaskFailed).Times(0);
  ActivityRegistry activities;
  std::promise<CancelReason> reason;
  activities.Register("Overdue", [&] {
    auto& context = temporal::activity::Context::Current();
    context.WaitForCancel(30s);
    reason.set_value(context.cancel_reason());
    context.ThrowIfCancelRequested();
  });
  auto task = Task("t1", "Overdue");
  task.mutable_start_to_close_timeout()->set_seconds(0);
  task.mutable_start_to_close_timeout()->set_nanos(100'000'000);
  Push(task);
  auto options = Options();
  options.local_timeout_buffer = 50ms;
  ActivityWorker worker(options, activities);
  const auto start = Clock::now();
  worker.Start();
  auto future = reason.get_future();
  ASSERT_EQ(future.wait_for(10s), std::future_status::ready);
  EXPECT_GE(Clock::now() - start, 150ms);
  EXPECT_EQ(future.get(), CancelReason::kTimedOut);
  // Every slot is free again but the one the (single) poller holds for its next poll.
  ASSERT_TRUE(Eventually(
      [&] { return worker.running_activities() == 0 && worker.available_slots() == 1; }));
  worker.Shutdown(1s);
}

TEST_F(ActivityWorkerTest, HeartbeatNotFoundCancelsTheActivityWithoutAnswering) {
  EXPECT_CALL(*mock_, RecordActivityTaskHeartbeat)
      .WillRepeatedly(::testing::Throw(temporal::RpcError(
          "RecordActivityTaskHeartbeat", grpc::StatusCode::NOT_FOUND, "workflow completed")));
  EXPECT_CALL(*mock_, RespondActivityTaskCanceled).Times(0);
  EXPECT_CALL(*mock_, RespondActivityTaskFailed).Times(0);
  ActivityRegistry activities;
  std::promise<CancelReason> reason;
  activities.Register("Orphan", [&] {
    temporal::activity::Heartbeat();
    auto& context = temporal::activity::Context::Current();
    context.WaitForCancel(30s);
    reason.set_value(context.cancel_reason());
    context.ThrowIfCancelRequested();
  });
  Push(Task("t1", "Orphan"));
  ActivityWorker worker(Options(), activities);
  worker.Start();
  auto future = reason.get_future();
  ASSERT_EQ(future.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(future.get(), CancelReason::kNotFound);
  // Every slot is free again but the one the (single) poller holds for its next poll.
  ASSERT_TRUE(Eventually(
      [&] { return worker.running_activities() == 0 && worker.available_slots() == 1; }));
  worker.Shutdown(1s);
}

TEST_F(ActivityWorkerTest, AWorkerWithoutActivitiesPollsNothing) {
  EXPECT_CALL(*mock_, PollActivityTaskQueue).Times(0);
  ActivityWorker worker(Options(), ActivityRegistry());
  worker.Start();
  std::this_thread::sleep_for(50ms);
  worker.Shutdown(1s);
}

TEST_F(ActivityWorkerTest, RefusesIncompleteOptions) {
  auto no_connection = Options();
  no_connection.connection = nullptr;
  EXPECT_THROW(ActivityWorker(no_connection, ActivityRegistry()), temporal::InvalidArgumentError);
  auto no_queue = Options();
  no_queue.task_queue = "";
  EXPECT_THROW(ActivityWorker(no_queue, ActivityRegistry()), temporal::InvalidArgumentError);
  auto no_slots = Options();
  no_slots.max_concurrent_activities = 0;
  EXPECT_THROW(ActivityWorker(no_slots, ActivityRegistry()), temporal::InvalidArgumentError);
}

}  // namespace
