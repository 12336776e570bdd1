// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// The retry loop with a fake clock and sleeper: which codes are retried, the
// exact backoff sequence, the bounds (attempts, elapsed time, max interval),
// jitter, the slower RESOURCE_EXHAUSTED backoff, and long polls.
#include "temporal/client/internal/retry_loop.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <vector>

#include "fake_time.h"
#include "temporal/client/internal/retry_stub.h"
#include "temporal/client/internal/rpc_method.h"
#include "temporal/client/internal/stub.h"

namespace {

using namespace std::chrono_literals;
using temporal::Duration;
using temporal::RpcRetryOptions;
using temporal::client_internal::ExponentialBackoff;
using temporal::client_internal::RandomSource;
using temporal::client_internal::RetryEnvironment;
using temporal::client_internal::RetryLoop;
using temporal::testing_client::FakeClock;
using temporal::testing_client::FakeSleeper;
using ::testing::SizeIs;

// The middle of the jitter range: waits are exactly the computed intervals.
const RandomSource kNoJitter = [] { return 0.5; };

MATCHER_P(NearDuration, expected, "") {
  return std::chrono::abs(arg - Duration(expected)) <= Duration(1us);
}

std::vector<::testing::Matcher<Duration>> Near(std::vector<Duration> expected) {
  std::vector<::testing::Matcher<Duration>> matchers;
  for (Duration d : expected) matchers.push_back(NearDuration(d));
  return matchers;
}

class RetryLoopTest : public ::testing::Test {
 protected:
  // Runs the loop with `attempt`, counting attempts.
  grpc::Status Run(const RpcRetryOptions& options, std::function<grpc::Status(int)> attempt,
                   const RandomSource& random = kNoJitter) {
    RetryEnvironment environment{*clock_, *sleeper_, random};
    return RetryLoop(options, environment, [&] { return attempt(++attempts_); });
  }
  static std::function<grpc::Status(int)> Always(grpc::StatusCode code,
                                                 const std::string& message = "transient") {
    return [code, message](int) { return grpc::Status(code, message); };
  }

  std::shared_ptr<FakeClock> clock_ = std::make_shared<FakeClock>();
  std::shared_ptr<FakeSleeper> sleeper_ = std::make_shared<FakeSleeper>(clock_);
  int attempts_ = 0;
};

TEST_F(RetryLoopTest, DefaultsFollowRustCoreAndStopAtTenSecondsElapsed) {
  const RpcRetryOptions defaults;
  EXPECT_EQ(defaults.initial_interval, 100ms);
  EXPECT_DOUBLE_EQ(defaults.multiplier, 1.7);
  EXPECT_DOUBLE_EQ(defaults.randomization_factor, 0.2);
  EXPECT_EQ(defaults.max_interval, 5s);
  EXPECT_EQ(defaults.max_elapsed_time, Duration(10s));
  EXPECT_EQ(defaults.max_attempts, 10);

  grpc::Status status = Run(defaults, Always(grpc::StatusCode::UNAVAILABLE));

  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  // 100 ms * 1.7^n; the ninth wait (5 s, capped) would end at 14.6 s > 10 s.
  EXPECT_THAT(sleeper_->sleeps(),
              ::testing::ElementsAreArray(Near({100ms, 170ms, 289ms, 491300us, 835210us,
                                                1419857us, 2413757us, 4103387us})));
  EXPECT_EQ(attempts_, 9);
}

TEST_F(RetryLoopTest, MaxAttemptsCountsTheFirstAttempt) {
  RpcRetryOptions options;
  options.max_attempts = 4;
  options.max_elapsed_time = std::nullopt;
  Run(options, Always(grpc::StatusCode::UNAVAILABLE));
  EXPECT_EQ(attempts_, 4);
  EXPECT_THAT(sleeper_->sleeps(), SizeIs(3));
}

TEST_F(RetryLoopTest, MaxIntervalCapsTheGrowth) {
  RpcRetryOptions options;
  options.max_attempts = 12;
  options.max_elapsed_time = std::nullopt;
  Run(options, Always(grpc::StatusCode::UNAVAILABLE));
  const auto sleeps = sleeper_->sleeps();
  ASSERT_THAT(sleeps, SizeIs(11));
  EXPECT_THAT(sleeps[7], NearDuration(4103387us));
  EXPECT_EQ(sleeps[8], 5s);
  EXPECT_EQ(sleeps[10], 5s);
}

TEST_F(RetryLoopTest, ZeroMaxAttemptsAndNoElapsedLimitRetriesUntilSuccess) {
  RpcRetryOptions options;
  options.max_attempts = 0;
  options.max_elapsed_time = std::nullopt;
  grpc::Status status = Run(options, [](int attempt) {
    return attempt < 30 ? grpc::Status(grpc::StatusCode::UNAVAILABLE, "down") : grpc::Status::OK;
  });
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(attempts_, 30);
}

TEST_F(RetryLoopTest, MaxElapsedTimeCountsTheAttemptsToo) {
  // Each attempt takes 3 s: attempts start at 0, 3.1, 6.27 and 9.559 s; the
  // next wait (0.49 s) would start after 12.559 s, past 10 s.
  Run(RpcRetryOptions{}, [this](int) {
    clock_->Advance(3s);
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "slow and down");
  });
  EXPECT_EQ(attempts_, 4);
  EXPECT_THAT(sleeper_->sleeps(), ::testing::ElementsAreArray(Near({100ms, 170ms, 289ms})));
}

TEST_F(RetryLoopTest, NoRetriesMakesOneAttempt) {
  grpc::Status status = Run(RpcRetryOptions::NoRetries(), Always(grpc::StatusCode::UNAVAILABLE));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(attempts_, 1);
  EXPECT_TRUE(sleeper_->sleeps().empty());
}

TEST_F(RetryLoopTest, SuccessAfterFailuresReturnsOk) {
  grpc::Status status = Run(RpcRetryOptions{}, [](int attempt) {
    return attempt < 3 ? grpc::Status(grpc::StatusCode::UNAVAILABLE, "down") : grpc::Status::OK;
  });
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(attempts_, 3);
  EXPECT_THAT(sleeper_->sleeps(), ::testing::ElementsAreArray(Near({100ms, 170ms})));
}

TEST_F(RetryLoopTest, ResourceExhaustedWaitsTheSlowerBackoff) {
  grpc::Status status =
      Run(RpcRetryOptions{}, Always(grpc::StatusCode::RESOURCE_EXHAUSTED, "rate limit exceeded"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  // 1 s, 2 s, 4 s (larger than 100, 170, 289 ms); 8 s more would end at 15 s.
  EXPECT_THAT(sleeper_->sleeps(), ::testing::ElementsAre(1s, 2s, 4s));
  EXPECT_EQ(attempts_, 4);
}

TEST_F(RetryLoopTest, ResourceExhaustedBackoffOnlyGrowsOnResourceExhausted) {
  // Alternate UNAVAILABLE and RESOURCE_EXHAUSTED: the normal backoff grows on
  // every retry, the slower one only on RESOURCE_EXHAUSTED.
  RpcRetryOptions options;
  options.max_elapsed_time = std::nullopt;
  options.max_attempts = 5;
  Run(options, [](int attempt) {
    return attempt % 2 == 1 ? grpc::Status(grpc::StatusCode::UNAVAILABLE, "down")
                            : grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "busy");
  });
  EXPECT_THAT(sleeper_->sleeps(),
              ::testing::ElementsAreArray(Near({100ms, 1s, 289ms, 2s})));
}

TEST_F(RetryLoopTest, MessageTooLargeIsNeverRetried) {
  grpc::Status status =
      Run(RpcRetryOptions{}, Always(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                    "grpc: received message larger than max (9000000 vs. 4194304)"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(attempts_, 1);

  attempts_ = 0;
  Run(RpcRetryOptions{}, Always(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                "Sent message larger than max (9000000 vs. 4194304)"));
  EXPECT_EQ(attempts_, 1);
  EXPECT_TRUE(sleeper_->sleeps().empty());
}

TEST_F(RetryLoopTest, JitterStaysWithinTheRandomizationFactor) {
  RpcRetryOptions options;
  options.max_attempts = 2;
  Run(options, Always(grpc::StatusCode::UNAVAILABLE), [] { return 0.0; });
  Run(options, Always(grpc::StatusCode::UNAVAILABLE), [] { return 0.999999; });
  EXPECT_THAT(sleeper_->sleeps(), ::testing::ElementsAre(NearDuration(80ms), NearDuration(120ms)));

  // The real random source, many times: always within +-20%, and not constant.
  const RandomSource random = temporal::client_internal::ThreadLocalRandom();
  Duration lowest = Duration::max();
  Duration highest = Duration::min();
  for (int i = 0; i < 2000; ++i) {
    ExponentialBackoff backoff(100ms, 1.7, 5s, 0.2);
    const Duration wait = backoff.Next(random());
    lowest = std::min(lowest, wait);
    highest = std::max(highest, wait);
  }
  EXPECT_GE(lowest, 80ms);
  EXPECT_LE(highest, 120ms);
  EXPECT_LT(lowest, 90ms);
  EXPECT_GT(highest, 110ms);
}

class RetryLoopCodeTest : public RetryLoopTest,
                          public ::testing::WithParamInterface<grpc::StatusCode> {};

using RetryLoopRetriedCodeTest = RetryLoopCodeTest;
TEST_P(RetryLoopRetriedCodeTest, IsRetried) {
  grpc::Status status = Run(RpcRetryOptions{}, [](int attempt) {
    return attempt == 1 ? grpc::Status(GetParam(), "transient") : grpc::Status::OK;
  });
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(attempts_, 2);
}
INSTANTIATE_TEST_SUITE_P(
    RustCoreRetryableCodes, RetryLoopRetriedCodeTest,
    ::testing::Values(grpc::StatusCode::UNAVAILABLE, grpc::StatusCode::RESOURCE_EXHAUSTED,
                      grpc::StatusCode::ABORTED, grpc::StatusCode::INTERNAL,
                      grpc::StatusCode::UNKNOWN, grpc::StatusCode::OUT_OF_RANGE,
                      grpc::StatusCode::DATA_LOSS));

using RetryLoopFinalCodeTest = RetryLoopCodeTest;
TEST_P(RetryLoopFinalCodeTest, IsNotRetried) {
  grpc::Status status = Run(RpcRetryOptions{}, Always(GetParam(), "final"));
  EXPECT_EQ(status.error_code(), GetParam());
  EXPECT_EQ(attempts_, 1);
}
INSTANTIATE_TEST_SUITE_P(
    FinalCodes, RetryLoopFinalCodeTest,
    ::testing::Values(grpc::StatusCode::INVALID_ARGUMENT, grpc::StatusCode::NOT_FOUND,
                      grpc::StatusCode::ALREADY_EXISTS, grpc::StatusCode::PERMISSION_DENIED,
                      grpc::StatusCode::FAILED_PRECONDITION, grpc::StatusCode::UNAUTHENTICATED,
                      grpc::StatusCode::UNIMPLEMENTED, grpc::StatusCode::DEADLINE_EXCEEDED,
                      grpc::StatusCode::CANCELLED));

// A Stub that answers from a script and counts calls.
class ScriptedStub final : public temporal::client_internal::Stub {
 public:
  explicit ScriptedStub(std::vector<grpc::Status> script) : script_(std::move(script)) {}
  grpc::Status Call(temporal::client_internal::UnaryCall& call) override {
    ++calls;
    // A response the server half-sent must not leak out of a routine long-poll end.
    call.response.GetReflection()->SetString(
        &call.response, call.response.GetDescriptor()->FindFieldByName("task_token"), "stale");
    const grpc::Status status = script_.at(std::min(calls, script_.size()) - 1);
    return status;
  }
  size_t calls = 0;

 private:
  std::vector<grpc::Status> script_;
};

class RetryStubTest : public RetryLoopTest {
 protected:
  grpc::Status CallThrough(const temporal::client_internal::RpcMethod& method,
                           const temporal::CallOptions& options, std::vector<grpc::Status> script,
                           google::protobuf::Message& response) {
    auto inner = std::make_shared<ScriptedStub>(std::move(script));
    inner_ = inner;
    temporal::client_internal::RetryStub stub(inner, RpcRetryOptions{}, clock_, sleeper_,
                                              kNoJitter);
    temporal::client_internal::UnaryCall call{method, request_, response, options};
    return stub.Call(call);
  }

  temporal::api::workflowservice::v1::PollWorkflowTaskQueueRequest request_;
  std::shared_ptr<ScriptedStub> inner_;
};

TEST_F(RetryStubTest, LongPollDeadlineExceededIsAnEmptyResponse) {
  temporal::api::workflowservice::v1::PollWorkflowTaskQueueResponse response;
  grpc::Status status =
      CallThrough(temporal::client_internal::kPollWorkflowTaskQueueMethod, {},
                  {grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "Deadline Exceeded")}, response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(response.task_token().empty());
  EXPECT_EQ(inner_->calls, 1u);
  EXPECT_TRUE(sleeper_->sleeps().empty());
}

TEST_F(RetryStubTest, LongPollCancelledIsAnEmptyResponse) {
  temporal::api::workflowservice::v1::PollWorkflowTaskQueueResponse response;
  grpc::Status status =
      CallThrough(temporal::client_internal::kPollActivityTaskQueueMethod, {},
                  {grpc::Status(grpc::StatusCode::CANCELLED, "Cancelled")}, response);
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(inner_->calls, 1u);
}

TEST_F(RetryStubTest, CallOptionsMarkOtherRpcsAsLongPolls) {
  // Any RPC can be a long poll (history with wait_new_event); the response
  // type here only needs a task_token field for the scripted stub.
  temporal::api::workflowservice::v1::PollWorkflowTaskQueueResponse response;
  temporal::CallOptions long_poll;
  long_poll.long_poll = true;
  EXPECT_TRUE(CallThrough(temporal::client_internal::kGetWorkflowExecutionHistoryMethod, long_poll,
                          {grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "")}, response)
                  .ok());

  grpc::Status unary =
      CallThrough(temporal::client_internal::kGetWorkflowExecutionHistoryMethod, {},
                  {grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "Deadline Exceeded")}, response);
  EXPECT_EQ(unary.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
}

TEST_F(RetryStubTest, LongPollsStillRetryTransientFailures) {
  temporal::api::workflowservice::v1::PollWorkflowTaskQueueResponse response;
  grpc::Status status = CallThrough(
      temporal::client_internal::kPollWorkflowTaskQueueMethod, {},
      {grpc::Status(grpc::StatusCode::UNAVAILABLE, "down"), grpc::Status::OK}, response);
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(inner_->calls, 2u);
  EXPECT_EQ(response.task_token(), "stale");  // the scripted stub's answer on success
}

TEST_F(RetryStubTest, CallRetryOptionsReplaceTheConnectionDefaults) {
  temporal::api::workflowservice::v1::PollWorkflowTaskQueueResponse response;
  temporal::CallOptions once;
  once.retry = RpcRetryOptions::NoRetries();
  grpc::Status status =
      CallThrough(temporal::client_internal::kDescribeNamespaceMethod, once,
                  {grpc::Status(grpc::StatusCode::UNAVAILABLE, "down"), grpc::Status::OK}, response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(inner_->calls, 1u);
}

}  // namespace
