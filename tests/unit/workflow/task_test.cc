// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/task.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "temporal/common/failure.h"
#include "temporal/workflow/internal/scheduler.h"
#include "workflow_test_support.h"

namespace {

using temporal::ApplicationError;
using temporal::Task;
using temporal::workflow::UsageError;
using temporal::workflow_internal::Scheduler;
using temporal::workflow_test::LifetimeProbe;
using temporal::workflow_test::RunToCompletion;
using temporal::workflow_test::Trace;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Task<int> Record(Trace& trace, std::string name, int value) {
  trace.push_back(name);
  co_return value;
}

TEST(Task, NothingRunsUntilTheTaskIsStarted) {
  Trace trace;
  Task<int> task = Record(trace, "body", 1);
  EXPECT_TRUE(trace.empty());

  Scheduler scheduler;
  bool finished = false;
  auto root = [&]() -> Task<void> {
    trace.push_back("root");
    EXPECT_EQ(co_await std::move(task), 1);
    finished = true;
  };
  scheduler.Spawn(root());
  EXPECT_TRUE(trace.empty()) << "Spawn only makes the root ready";
  scheduler.RunUntilQuiescent();
  EXPECT_THAT(trace, ElementsAre("root", "body"));
  EXPECT_TRUE(finished);
}

TEST(Task, ATaskCreatedButNotAwaitedNeverRuns) {
  Trace trace;
  auto root = [&]() -> Task<int> {
    Task<int> ignored = Record(trace, "ignored", 1);
    int awaited = co_await Record(trace, "awaited", 2);
    co_return awaited;
  };
  EXPECT_EQ(RunToCompletion(root()), 2);
  EXPECT_THAT(trace, ElementsAre("awaited"));
}

Task<int> Leaf(int value) { co_return value; }
Task<int> Middle(int value) { co_return 2 * co_await Leaf(value); }
Task<std::string> Top(int value) { co_return "result " + std::to_string(co_await Middle(value) + 1); }

TEST(Task, ValuesPropagateThroughSeveralLevels) {
  EXPECT_EQ(RunToCompletion(Top(7)), "result 15");
}

Task<std::unique_ptr<int>> MakeUnique(int value) { co_return std::make_unique<int>(value); }
Task<int> ReadUnique() {
  std::unique_ptr<int> owned = co_await MakeUnique(5);
  co_return *owned;
}

TEST(Task, MoveOnlyResultsAreMovedOut) { EXPECT_EQ(RunToCompletion(ReadUnique()), 5); }

int shared_value = 3;
Task<int&> SharedReference() { co_return shared_value; }
Task<void> Increment(int& value) {
  ++value;
  co_return;
}
Task<int*> AddressOfSharedAfterIncrement() {
  int& reference = co_await SharedReference();
  co_await Increment(reference);
  co_return &reference;
}

TEST(Task, VoidAndReferenceResults) {
  shared_value = 3;
  int* address = RunToCompletion(AddressOfSharedAfterIncrement());
  EXPECT_EQ(address, &shared_value);
  EXPECT_EQ(shared_value, 4);
  EXPECT_EQ(&RunToCompletion(SharedReference()), &shared_value);
}

Task<int> ThrowsDeep() {
  throw ApplicationError("card declined", "PaymentDeclined");
  co_return 0;
}
Task<int> PassesThrough() { co_return 1 + co_await ThrowsDeep(); }
Task<int> CatchesAndWraps() {
  try {
    co_return co_await PassesThrough();
  } catch (const ApplicationError& error) {
    throw std::runtime_error("wrapped: " + error.type());
  }
}

TEST(Task, ExceptionsPropagateThroughSeveralLevelsWithTheirType) {
  try {
    RunToCompletion(PassesThrough());
    FAIL() << "expected ApplicationError";
  } catch (const ApplicationError& error) {
    EXPECT_EQ(error.message(), "card declined");
    EXPECT_EQ(error.type(), "PaymentDeclined");
  }
  EXPECT_THAT([] { RunToCompletion(CatchesAndWraps()); },
              ::testing::ThrowsMessage<std::runtime_error>("wrapped: PaymentDeclined"));
}

TEST(Task, AwaitingATaskTwiceIsAUsageError) {
  auto root = []() -> Task<int> {
    Task<int> task = Leaf(1);
    int first = co_await task;
    try {
      co_await task;
    } catch (const UsageError& error) {
      EXPECT_THAT(error.what(), HasSubstr("already awaited or started"));
      co_return first;
    }
    ADD_FAILURE() << "the second co_await did not throw";
    co_return -1;
  };
  EXPECT_EQ(RunToCompletion(root()), 1);
}

TEST(Task, AwaitingAnEmptyTaskIsAUsageError) {
  auto root = []() -> Task<void> {
    Task<int> task = Leaf(1);
    Task<int> moved = std::move(task);
    EXPECT_FALSE(task.valid());  // NOLINT(bugprone-use-after-move): the point of the test
    co_await task;
  };
  EXPECT_THAT([&] { RunToCompletion(root()); },
              ::testing::ThrowsMessage<UsageError>(HasSubstr("empty temporal::Task")));
}

Task<void> Nothing() { co_return; }

TEST(Task, SpawningAnAwaitedOrEmptyTaskIsAUsageError) {
  Scheduler scheduler;
  EXPECT_THROW(scheduler.Spawn(Task<void>()), UsageError);
  bool threw = false;
  auto root = [&]() -> Task<void> {
    Task<void> task = Nothing();
    co_await task;
    try {
      scheduler.Spawn(std::move(task));
    } catch (const UsageError&) {
      threw = true;
    }
  };
  scheduler.Spawn(root());
  scheduler.RunUntilQuiescent();
  EXPECT_TRUE(threw);
  EXPECT_EQ(scheduler.root_count(), 0u);
}

Task<void> NeverRuns(LifetimeProbe, bool& ran) {
  ran = true;
  co_return;
}

TEST(Task, DestroyingAnUnawaitedTaskFreesItsFrame) {
  int live = 0;
  bool ran = false;
  {
    Task<void> task = NeverRuns(LifetimeProbe(live), ran);
    EXPECT_EQ(live, 1) << "the parameter lives in the coroutine frame";
  }
  EXPECT_EQ(live, 0);
  EXPECT_FALSE(ran);
}

TEST(Task, MoveAssignmentFreesTheFrameItReplaces) {
  int live = 0;
  bool ran = false;
  Task<void> task = NeverRuns(LifetimeProbe(live), ran);
  task = Task<void>();
  EXPECT_EQ(live, 0);
  EXPECT_FALSE(task.valid());
}

Task<int> FinishedFrameHolder(LifetimeProbe) { co_return 1; }

TEST(Task, AnAwaitedTaskFrameIsFreedWithTheTaskObject) {
  int live = 0;
  auto root = [&]() -> Task<void> {
    Task<int> task = FinishedFrameHolder(LifetimeProbe(live));
    EXPECT_EQ(co_await task, 1);
    EXPECT_EQ(live, 1) << "the finished frame belongs to `task` until it goes";
  };
  RunToCompletion(root());
  EXPECT_EQ(live, 0);
}

// Symmetric transfer: each co_await below completes synchronously. Without
// it (or when the compiler does not emit it as a tail call) every iteration
// nests two more calls, and 100000 of them overflow an 8 MB stack.
#if defined(__SANITIZE_ADDRESS__) && !defined(__clang__)
#define TEMPORAL_SKIP_WITHOUT_TAIL_CALLS() \
  GTEST_SKIP() << "GCC does not emit symmetric transfer as a tail call under AddressSanitizer"
#else
#define TEMPORAL_SKIP_WITHOUT_TAIL_CALLS() (void)0
#endif

constexpr int kChainLength = 100000;

Task<int> One() { co_return 1; }
Task<int> SumOfManyAwaits(int count) {
  int sum = 0;
  for (int i = 0; i < count; ++i) sum += co_await One();
  co_return sum;
}

TEST(Task, SymmetricTransferKeepsALoopOfSynchronousAwaitsInConstantStack) {
  TEMPORAL_SKIP_WITHOUT_TAIL_CALLS();
  EXPECT_EQ(RunToCompletion(SumOfManyAwaits(kChainLength)), kChainLength);
}

Task<int> Depth(int remaining) {
  if (remaining == 0) co_return 0;
  co_return 1 + co_await Depth(remaining - 1);
}

TEST(Task, SymmetricTransferKeepsADeepChainOfAwaitsInConstantStack) {
  TEMPORAL_SKIP_WITHOUT_TAIL_CALLS();
  EXPECT_EQ(RunToCompletion(Depth(kChainLength)), kChainLength);
}

}  // namespace
