// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/when_all.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "temporal/common/failure.h"
#include "temporal/workflow/deferred.h"
#include "temporal/workflow/internal/scheduler.h"
#include "temporal/workflow/wait_condition.h"
#include "workflow_test_support.h"

namespace {

using temporal::ApplicationError;
using temporal::Task;
using temporal::workflow::Deferred;
using temporal::workflow::WaitCondition;
using temporal::workflow::WhenAll;
using temporal::workflow_internal::Scheduler;
using temporal::workflow_test::LifetimeProbe;
using temporal::workflow_test::RunToCompletion;
using temporal::workflow_test::Trace;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

Task<int> Immediate(Trace& trace, std::string name, int value) {
  trace.push_back(name);
  co_return value;
}

Task<void> ImmediateVoid(Trace& trace, std::string name) {
  trace.push_back(name);
  co_return;
}

Task<int> Waits(Trace& trace, std::string name, Deferred<int>& deferred) {
  trace.push_back(name + " starts");
  int value = co_await deferred;
  trace.push_back(name + " got " + std::to_string(value));
  co_return value;
}

TEST(WhenAll, StartsChildrenInArgumentOrderAndReturnsResultsInArgumentOrder) {
  Trace trace;
  auto root = [&]() -> Task<std::tuple<int, std::monostate, std::string>> {
    auto text = [](Trace& t) -> Task<std::string> {
      t.push_back("third");
      co_return "three";
    };
    co_return co_await WhenAll(Immediate(trace, "first", 1), ImmediateVoid(trace, "second"),
                               text(trace));
  };
  auto [one, nothing, three] = RunToCompletion(root());
  EXPECT_EQ(one, 1);
  EXPECT_EQ(three, "three");
  EXPECT_THAT(trace, ElementsAre("first", "second", "third"));
}

TEST(WhenAll, IsLazy) {
  Trace trace;
  auto all = WhenAll(Immediate(trace, "child", 1));
  EXPECT_THAT(trace, IsEmpty());
  auto root = [&]() -> Task<void> { co_await std::move(all); };
  RunToCompletion(root());
  EXPECT_THAT(trace, ElementsAre("child"));
}

TEST(WhenAll, ChildrenInterleaveThroughTheReadyQueueAndTheParentResumesLast) {
  Scheduler scheduler;
  Trace trace;
  Deferred<int> a, b;
  auto parent = [&]() -> Task<void> {
    trace.push_back("parent starts");
    auto [x, y] = co_await WhenAll(Waits(trace, "A", a), Waits(trace, "B", b));
    trace.push_back("parent got " + std::to_string(x) + "," + std::to_string(y));
  };
  scheduler.Spawn(parent());
  scheduler.Spawn(ImmediateVoid(trace, "other root"));
  scheduler.RunUntilQuiescent();
  EXPECT_THAT(trace, ElementsAre("parent starts", "other root", "A starts", "B starts"));
  b.Resolve(2);
  a.Resolve(1);
  scheduler.RunUntilQuiescent();
  EXPECT_THAT(trace, ElementsAre("parent starts", "other root", "A starts", "B starts", "B got 2",
                                 "A got 1", "parent got 1,2"));
}

TEST(WhenAll, VectorFormKeepsTheVectorsOrder) {
  Trace trace;
  auto root = [&]() -> Task<std::vector<int>> {
    std::vector<Task<int>> tasks;
    for (int i = 0; i < 4; ++i) tasks.push_back(Immediate(trace, "child " + std::to_string(i), i * 10));
    co_return co_await WhenAll(std::move(tasks));
  };
  EXPECT_THAT(RunToCompletion(root()), ElementsAre(0, 10, 20, 30));
  EXPECT_THAT(trace, ElementsAre("child 0", "child 1", "child 2", "child 3"));

  trace.clear();
  auto void_root = [&]() -> Task<void> {
    std::vector<Task<void>> tasks;
    tasks.push_back(ImmediateVoid(trace, "v0"));
    tasks.push_back(ImmediateVoid(trace, "v1"));
    co_await WhenAll(std::move(tasks));
    trace.push_back("done");
  };
  RunToCompletion(void_root());
  EXPECT_THAT(trace, ElementsAre("v0", "v1", "done"));
}

TEST(WhenAll, NothingToWaitForReturnsAtOnce) {
  auto root = []() -> Task<std::size_t> {
    std::tuple<> none = co_await WhenAll();
    (void)none;
    std::vector<int> empty = co_await WhenAll(std::vector<Task<int>>());
    co_return empty.size();
  };
  EXPECT_EQ(RunToCompletion(root()), 0u);
}

Task<int> Fails(Trace& trace, std::string name, Deferred<int>& deferred) {
  trace.push_back(name + " starts");
  co_await deferred;
  trace.push_back(name + " fails");
  throw ApplicationError(name + " failed", "ChildFailed");
}

Task<int> WaitsWithProbe(Trace& trace, LifetimeProbe, Deferred<int>& deferred) {
  co_return co_await Waits(trace, "slow", deferred);
}

Task<void> CountLiveFrames(Trace& trace, const int& live) {
  trace.push_back("observer sees " + std::to_string(live) + " live frames");
  co_return;
}

TEST(WhenAll, FailsFastWithTheFirstFailureAndDestroysTheUnfinishedChildren) {
  Scheduler scheduler;
  Trace trace;
  int live = 0;
  Deferred<int> slow, failing, succeeding;
  // Created before the co_await, so that `live` counts the frame only.
  Task<int> slow_task = WaitsWithProbe(trace, LifetimeProbe(live), slow);
  auto parent = [&]() -> Task<void> {
    try {
      co_await WhenAll(std::move(slow_task), Fails(trace, "failing", failing),
                       Waits(trace, "ok", succeeding));
    } catch (const ApplicationError& error) {
      trace.push_back("parent caught " + error.message());
    }
  };
  scheduler.Spawn(parent());
  scheduler.RunUntilQuiescent();
  EXPECT_EQ(live, 1);
  succeeding.Resolve(3);
  failing.Resolve(0);
  // Runs after the failure and before the parent resumes.
  scheduler.Spawn(CountLiveFrames(trace, live));
  scheduler.RunUntilQuiescent();
  EXPECT_EQ(live, 0);
  EXPECT_FALSE(slow.waited_on());
  slow.Resolve(1);  // too late: nobody waits
  scheduler.RunUntilQuiescent();
  EXPECT_THAT(trace, ElementsAre("slow starts", "failing starts", "ok starts", "ok got 3",
                                 "failing fails", "observer sees 0 live frames",
                                 "parent caught failing failed"));
}

TEST(WhenAll, TheFirstChildToFailInRunOrderIsTheOneRethrown) {
  Scheduler scheduler;
  Trace trace;
  Deferred<int> first_argument, second_argument;
  auto parent = [&]() -> Task<void> {
    try {
      co_await WhenAll(Fails(trace, "one", first_argument), Fails(trace, "two", second_argument));
    } catch (const ApplicationError& error) {
      trace.push_back("caught " + error.message());
    }
  };
  scheduler.Spawn(parent());
  scheduler.RunUntilQuiescent();
  second_argument.Resolve(0);
  first_argument.Resolve(0);
  scheduler.RunUntilQuiescent();
  EXPECT_THAT(trace, ElementsAre("one starts", "two starts", "two fails", "caught two failed"))
      << "the child that failed second was destroyed before it could run again";
}

TEST(WhenAll, AcceptsOtherSdkAwaitables) {
  Scheduler scheduler;
  Trace trace;
  Deferred<std::string> external;
  bool ready = false;
  auto parent = [&]() -> Task<void> {
    auto [text, nothing, number] = co_await WhenAll(
        external, WaitCondition([&] { return ready; }), Immediate(trace, "task", 4));
    (void)nothing;
    trace.push_back(text + " " + std::to_string(number));
  };
  scheduler.Spawn(parent());
  scheduler.RunUntilQuiescent();
  external.Resolve("deferred");
  ready = true;
  scheduler.RunUntilQuiescent();
  EXPECT_THAT(trace, ElementsAre("task", "deferred 4"));
}

TEST(WhenAll, DestroyingAnUnawaitedWhenAllFreesItsChildren) {
  int live = 0;
  Trace trace;
  Deferred<int> deferred;
  {
    auto all = WhenAll(WaitsWithProbe(trace, LifetimeProbe(live), deferred));
    EXPECT_EQ(live, 1);
  }
  EXPECT_EQ(live, 0);
  EXPECT_THAT(trace, IsEmpty());
}

}  // namespace
