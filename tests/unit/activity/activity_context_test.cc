// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ActivityContext: the context is found on the activity's thread only;
// heartbeats are converted and encoded before they leave; the previous
// attempt's details decode; cancellation is visible (flag, reason, throw,
// timed wait, stop_token) and its first reason wins; CompleteAsync is a
// marker the worker recognizes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "temporal/activity/context.h"

namespace {

using namespace std::chrono_literals;
using temporal::Payload;
using temporal::Values;
using temporal::activity::ActivityInfo;
using temporal::activity::CancelReason;
using temporal::activity::Context;
using temporal::converter::DataConverter;
using ::testing::HasSubstr;

ActivityInfo SomeInfo() {
  ActivityInfo info;
  info.activity_id = "a-1";
  info.activity_type = "Download";
  info.workflow_id = "wf-1";
  info.attempt = 2;
  return info;
}

TEST(ActivityContext, CurrentIsSetOnlyInsideAScope) {
  EXPECT_EQ(Context::CurrentOrNull(), nullptr);
  EXPECT_THROW(Context::Current(), temporal::activity::NotInActivityError);
  EXPECT_THROW(temporal::activity::Info(), temporal::activity::NotInActivityError);
  Context context(SomeInfo(), DataConverter(), Values(), nullptr);
  {
    Context::Scope scope(context);
    EXPECT_EQ(&Context::Current(), &context);
    EXPECT_EQ(temporal::activity::Info().activity_type, "Download");
    EXPECT_EQ(temporal::activity::Info().attempt, 2);
    // Another thread has no context.
    std::thread([] { EXPECT_EQ(Context::CurrentOrNull(), nullptr); }).join();
  }
  EXPECT_EQ(Context::CurrentOrNull(), nullptr);
}

TEST(ActivityContext, HeartbeatConvertsAndEncodesTheDetails) {
  std::vector<std::vector<Payload>> recorded;
  DataConverter converter;
  Context context(SomeInfo(), converter, Values(),
                  [&](std::vector<Payload> details) { recorded.push_back(std::move(details)); });
  Context::Scope scope(context);
  temporal::activity::Heartbeat(std::string("50%"), 7);
  context.Heartbeat();
  ASSERT_EQ(recorded.size(), 2u);
  ASSERT_EQ(recorded[0].size(), 2u);
  EXPECT_EQ(converter.FromPayload<std::string>(recorded[0][0]), "50%");
  EXPECT_EQ(converter.FromPayload<int>(recorded[0][1]), 7);
  EXPECT_TRUE(recorded[1].empty());
}

TEST(ActivityContext, PreviousAttemptDetailsDecodeByType) {
  DataConverter converter;
  auto payloads = converter.ToPayloads(int64_t{4096}, std::string("chunk-4"));
  temporal::converter::PayloadList list(payloads.begin(), payloads.end());
  Context context(SomeInfo(), converter, converter.ToValues(list), nullptr);
  Context::Scope scope(context);
  ASSERT_TRUE(temporal::activity::HasHeartbeatDetails());
  EXPECT_EQ(temporal::activity::HeartbeatDetails<int64_t>(), 4096);
  EXPECT_EQ(temporal::activity::HeartbeatDetails<std::string>(1), "chunk-4");
  EXPECT_THROW(temporal::activity::HeartbeatDetails<int>(2), temporal::ConversionError);

  Context first(SomeInfo(), converter, Values(), nullptr);
  EXPECT_FALSE(first.HasHeartbeatDetails());
}

TEST(ActivityContext, CancellationIsVisibleAndTheFirstReasonWins) {
  Context context(SomeInfo(), DataConverter(), Values(), nullptr);
  Context::Scope scope(context);
  EXPECT_FALSE(temporal::activity::IsCancelRequested());
  EXPECT_EQ(context.cancel_reason(), CancelReason::kNone);
  EXPECT_NO_THROW(temporal::activity::ThrowIfCancelRequested());
  EXPECT_FALSE(context.cancellation_token().stop_requested());

  context.RequestCancel(CancelReason::kRequested);
  context.RequestCancel(CancelReason::kWorkerShutdown);
  EXPECT_TRUE(temporal::activity::IsCancelRequested());
  EXPECT_EQ(context.cancel_reason(), CancelReason::kRequested);
  EXPECT_TRUE(context.cancellation_token().stop_requested());
  try {
    temporal::activity::ThrowIfCancelRequested();
    FAIL() << "no CanceledError";
  } catch (const temporal::CanceledError& e) {
    EXPECT_THAT(e.message(), HasSubstr("requested"));
  }
}

TEST(ActivityContext, WaitForCancelTimesOutOrWakesOnCancel) {
  Context context(SomeInfo(), DataConverter(), Values(), nullptr);
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(context.WaitForCancel(50ms));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 50ms);

  std::thread canceler([&] {
    std::this_thread::sleep_for(50ms);
    context.RequestCancel(CancelReason::kWorkerShutdown);
  });
  start = std::chrono::steady_clock::now();
  EXPECT_TRUE(context.WaitForCancel(30s));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
  canceler.join();
  EXPECT_EQ(context.cancel_reason(), CancelReason::kWorkerShutdown);
  EXPECT_TRUE(context.WaitForCancel(0ms));  // already canceled: returns at once
}

TEST(ActivityContext, StopTokenCallbacksRunOnCancel) {
  Context context(SomeInfo(), DataConverter(), Values(), nullptr);
  std::promise<void> called;
  std::stop_callback callback(context.cancellation_token(), [&] { called.set_value(); });
  context.RequestCancel(CancelReason::kTimedOut);
  EXPECT_EQ(called.get_future().wait_for(5s), std::future_status::ready);
}

TEST(ActivityContext, CompleteAsyncIsAMarkerThatIsNotAStdException) {
  EXPECT_THROW(temporal::activity::CompleteAsync(), temporal::activity::NotInActivityError);
  Context context(SomeInfo(), DataConverter(), Values(), nullptr);
  Context::Scope scope(context);
  bool caught_as_std_exception = false;
  bool caught_marker = false;
  try {
    try {
      temporal::activity::CompleteAsync();
    } catch (const std::exception&) {
      caught_as_std_exception = true;
    }
  } catch (const temporal::activity::CompleteAsyncError&) {
    caught_marker = true;
  }
  EXPECT_FALSE(caught_as_std_exception);
  EXPECT_TRUE(caught_marker);
}

TEST(ActivityContext, CancelReasonsHaveNames) {
  EXPECT_STREQ(temporal::activity::CancelReasonName(CancelReason::kRequested), "requested");
  EXPECT_STREQ(temporal::activity::CancelReasonName(CancelReason::kWorkerShutdown),
               "worker shutdown");
  EXPECT_STREQ(temporal::activity::CancelReasonName(CancelReason::kTimedOut), "timed out");
}

}  // namespace
