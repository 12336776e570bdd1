// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// HeartbeatManager against a GoogleMock Connection: the throttling rules of
// the official SDKs (first heartbeat at once, then at most one send per
// interval carrying the latest details, at once again after an idle
// interval), the server's answers handed back (cancel, NOT_FOUND), failures
// logged and retried with the next heartbeat, and Forget returning what was
// never sent.
#include "temporal/worker/internal/heartbeat_manager.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "temporal/client/mocks/mock_connection.h"
#include "temporal/client/rpc_error.h"

namespace {

using namespace std::chrono_literals;
using temporal::Duration;
using temporal::Payload;
using temporal::worker_internal::HeartbeatManager;
using temporal::worker_internal::HeartbeatOutcome;
using temporal::worker_internal::ThrottleInterval;
using temporal::worker_internal::TimerQueue;
using ::testing::_;
using ::testing::Invoke;
namespace ws = temporal::api::workflowservice::v1;
using Clock = std::chrono::steady_clock;

std::vector<Payload> Details(const std::string& text) {
  Payload payload;
  payload.set_data(text);
  return {payload};
}

template <typename F>
bool Eventually(F condition) {
  const auto deadline = Clock::now() + 10s;
  while (Clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(1ms);
  }
  return condition();
}

class HeartbeatManagerTest : public ::testing::Test {
 protected:
  // Every heartbeat the mock server received: (when, details text).
  struct Received {
    Clock::time_point at;
    std::string details;
  };

  void SetUp() override {
    ON_CALL(*mock_, RecordActivityTaskHeartbeat)
        .WillByDefault(Invoke([this](const ws::RecordActivityTaskHeartbeatRequest& request,
                                     const temporal::CallOptions&) {
          std::lock_guard lock(mutex_);
          received_.push_back({Clock::now(), request.details().payloads_size() > 0
                                                 ? request.details().payloads(0).data()
                                                 : ""});
          EXPECT_EQ(request.task_token(), "token-1");
          return response_;
        }));
  }

  HeartbeatManager::Send Send() {
    return [this](const std::string& token, const std::vector<Payload>& details) {
      ws::RecordActivityTaskHeartbeatRequest request;
      request.set_task_token(token);
      for (const auto& payload : details) *request.mutable_details()->add_payloads() = payload;
      temporal::Connection& connection = *mock_;
      return connection.RecordActivityTaskHeartbeat(request);
    };
  }

  std::vector<Received> received() {
    std::lock_guard lock(mutex_);
    return received_;
  }

  std::shared_ptr<::testing::NiceMock<temporal::mocks::MockConnection>> mock_ =
      std::make_shared<::testing::NiceMock<temporal::mocks::MockConnection>>();
  std::mutex mutex_;
  std::vector<Received> received_;
  ws::RecordActivityTaskHeartbeatResponse response_;
  std::vector<std::string> log_;
  TimerQueue timers_;
};

TEST(ThrottleInterval, IsFourFifthsOfTheHeartbeatTimeoutWithinBounds) {
  EXPECT_EQ(ThrottleInterval(10s, 30s, 60s), 8s);
  EXPECT_EQ(ThrottleInterval(std::nullopt, 30s, 60s), 30s);
  EXPECT_EQ(ThrottleInterval(Duration::zero(), 30s, 60s), 30s);  // the server's "unset"
  EXPECT_EQ(ThrottleInterval(10min, 30s, 60s), 60s);
  EXPECT_EQ(ThrottleInterval(std::nullopt, 90s, 60s), 60s);
}

TEST_F(HeartbeatManagerTest, SendsTheFirstAtOnceThenTheLatestDetailsOncePerInterval) {
  HeartbeatManager heartbeats(timers_, Send(), nullptr);
  heartbeats.Track("token-1", 300ms, nullptr);
  const auto start = Clock::now();
  heartbeats.Record("token-1", Details("1"));
  ASSERT_TRUE(Eventually([&] { return received().size() == 1; }));
  for (int i = 2; i <= 10; ++i) heartbeats.Record("token-1", Details(std::to_string(i)));
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(received().size(), 1u);  // throttled
  ASSERT_TRUE(Eventually([&] { return received().size() == 2; }));
  std::this_thread::sleep_for(400ms);  // one more interval, nothing pending: no send
  auto got = received();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].details, "1");
  EXPECT_LT(got[0].at - start, 250ms);
  EXPECT_EQ(got[1].details, "10");  // the latest, the others dropped
  EXPECT_GE(got[1].at - start, 300ms);

  // Idle for a whole interval: the next heartbeat goes at once.
  const auto again = Clock::now();
  heartbeats.Record("token-1", Details("11"));
  ASSERT_TRUE(Eventually([&] { return received().size() == 3; }));
  EXPECT_LT(received()[2].at - again, 250ms);
  EXPECT_EQ(received()[2].details, "11");
  EXPECT_FALSE(heartbeats.Forget("token-1").has_value());
}

TEST_F(HeartbeatManagerTest, HandsBackACancelRequest) {
  response_.set_cancel_requested(true);
  HeartbeatManager heartbeats(timers_, Send(), nullptr);
  std::promise<HeartbeatOutcome> outcome;
  heartbeats.Track("token-1", 1s, [&](const HeartbeatOutcome& o) { outcome.set_value(o); });
  heartbeats.Record("token-1", Details("x"));
  auto future = outcome.get_future();
  ASSERT_EQ(future.wait_for(10s), std::future_status::ready);
  HeartbeatOutcome got = future.get();
  EXPECT_TRUE(got.sent);
  EXPECT_TRUE(got.cancel_requested);
  EXPECT_FALSE(got.not_found);
  heartbeats.Forget("token-1");
}

TEST_F(HeartbeatManagerTest, NotFoundMeansTheServerForgotTheAttempt) {
  EXPECT_CALL(*mock_, RecordActivityTaskHeartbeat)
      .WillOnce(::testing::Throw(temporal::RpcError("RecordActivityTaskHeartbeat",
                                                    grpc::StatusCode::NOT_FOUND,
                                                    "workflow execution already completed")));
  HeartbeatManager heartbeats(timers_, Send(), nullptr);
  std::promise<HeartbeatOutcome> outcome;
  heartbeats.Track("token-1", 1s, [&](const HeartbeatOutcome& o) { outcome.set_value(o); });
  heartbeats.Record("token-1", Details("x"));
  auto future = outcome.get_future();
  ASSERT_EQ(future.wait_for(10s), std::future_status::ready);
  HeartbeatOutcome got = future.get();
  EXPECT_FALSE(got.sent);
  EXPECT_TRUE(got.not_found);
  heartbeats.Forget("token-1");
}

TEST_F(HeartbeatManagerTest, AFailedSendIsLoggedAndTheNextHeartbeatTriesAgain) {
  EXPECT_CALL(*mock_, RecordActivityTaskHeartbeat)
      .WillOnce(::testing::Throw(
          temporal::RpcError("RecordActivityTaskHeartbeat", grpc::StatusCode::UNAVAILABLE, "down")))
      .WillRepeatedly(::testing::DoDefault());
  std::mutex log_mutex;
  std::vector<std::string> log;
  HeartbeatManager heartbeats(timers_, Send(), [&](const std::string& line) {
    std::lock_guard lock(log_mutex);
    log.push_back(line);
  });
  heartbeats.Track("token-1", 50ms, nullptr);
  heartbeats.Record("token-1", Details("lost"));
  ASSERT_TRUE(Eventually([&] { return heartbeats.sends() == 1; }));
  heartbeats.Record("token-1", Details("kept"));
  ASSERT_TRUE(Eventually([&] { return received().size() == 1; }));
  EXPECT_EQ(received()[0].details, "kept");
  std::lock_guard lock(log_mutex);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_THAT(log[0], ::testing::HasSubstr("UNAVAILABLE"));
  heartbeats.Forget("token-1");
}

TEST_F(HeartbeatManagerTest, ForgetReturnsTheUnsentDetailsAndStopsSending) {
  HeartbeatManager heartbeats(timers_, Send(), nullptr);
  heartbeats.Track("token-1", 200ms, nullptr);
  heartbeats.Record("token-1", Details("sent"));
  ASSERT_TRUE(Eventually([&] { return received().size() == 1; }));
  heartbeats.Record("token-1", Details("unsent"));
  auto unsent = heartbeats.Forget("token-1");
  ASSERT_TRUE(unsent.has_value());
  ASSERT_EQ(unsent->size(), 1u);
  EXPECT_EQ((*unsent)[0].data(), "unsent");
  std::this_thread::sleep_for(350ms);
  EXPECT_EQ(received().size(), 1u);
  heartbeats.Record("token-1", Details("after"));  // ignored: no longer tracked
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(received().size(), 1u);
}

TEST_F(HeartbeatManagerTest, ForgetWaitsForASendInFlight) {
  std::promise<void> entered;
  EXPECT_CALL(*mock_, RecordActivityTaskHeartbeat)
      .WillOnce(
          Invoke([&](const ws::RecordActivityTaskHeartbeatRequest&, const temporal::CallOptions&) {
            entered.set_value();
            std::this_thread::sleep_for(150ms);
            return ws::RecordActivityTaskHeartbeatResponse();
          }));
  HeartbeatManager heartbeats(timers_, Send(), nullptr);
  std::atomic<bool> outcome_seen{false};
  heartbeats.Track("token-1", 1s, [&](const HeartbeatOutcome&) { outcome_seen = true; });
  heartbeats.Record("token-1", Details("slow"));
  entered.get_future().wait();
  heartbeats.Forget("token-1");
  // The callback (which may touch the activity) ran before Forget returned.
  EXPECT_TRUE(outcome_seen.load());
}

}  // namespace
