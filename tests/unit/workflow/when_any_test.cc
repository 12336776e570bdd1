// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/when_any.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "temporal/common/error.h"
#include "temporal/common/failure.h"
#include "temporal/workflow/deferred.h"
#include "temporal/workflow/internal/scheduler.h"
#include "temporal/workflow/wait_condition.h"
#include "workflow_test_support.h"

namespace {

using temporal::ApplicationError;
using temporal::InvalidArgumentError;
using temporal::Task;
using temporal::workflow::Deferred;
using temporal::workflow::WaitCondition;
using temporal::workflow::WhenAny;
using temporal::workflow::WhenAnyResult;
using temporal::workflow_internal::Scheduler;
using temporal::workflow_test::LifetimeProbe;
using temporal::workflow_test::RunToCompletion;
using temporal::workflow_test::Trace;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

Task<int> Waits(Trace& trace, std::string name, Deferred<int>& deferred) {
  trace.push_back(name + " starts");
  int value = co_await deferred;
  trace.push_back(name + " got " + std::to_string(value));
  co_return value;
}

Task<int> WaitsWithProbe(Trace& trace, std::string name, LifetimeProbe, Deferred<int>& deferred) {
  co_return co_await Waits(trace, std::move(name), deferred);
}

Task<void> CountLiveFrames(Trace& trace, const int& live) {
  trace.push_back("observer sees " + std::to_string(live) + " live frames");
  co_return;
}

TEST(WhenAny, TheFirstToFinishWinsAndTheLosersAreDestroyedWhenItFinishes) {
  Scheduler scheduler;
  Trace trace;
  int live = 0;
  Deferred<int> a, b, c;
  // Created before the co_await, so that `live` counts coroutine frames only.
  Task<int> task_a = WaitsWithProbe(trace, "A", LifetimeProbe(live), a);
  Task<int> task_b = WaitsWithProbe(trace, "B", LifetimeProbe(live), b);
  Task<int> task_c = WaitsWithProbe(trace, "C", LifetimeProbe(live), c);
  auto parent = [&]() -> Task<void> {
    std::variant<int, int, int> first =
        co_await WhenAny(std::move(task_a), std::move(task_b), std::move(task_c));
    trace.push_back("winner " + std::to_string(first.index()) + " with " +
                    std::to_string(std::visit([](int value) { return value; }, first)) + ", " +
                    std::to_string(live) + " live frames");
  };
  scheduler.Spawn(parent());
  scheduler.RunUntilQuiescent();
  EXPECT_EQ(live, 3);
  b.Resolve(20);
  // Runs after B finishes and before the parent resumes.
  scheduler.Spawn(CountLiveFrames(trace, live));
  scheduler.RunUntilQuiescent();
  EXPECT_FALSE(a.waited_on());
  EXPECT_FALSE(c.waited_on());
  a.Resolve(10);
  c.Resolve(30);
  scheduler.RunUntilQuiescent();
  EXPECT_THAT(trace, ElementsAre("A starts", "B starts", "C starts", "B got 20",
                                 "observer sees 1 live frames", "winner 1 with 20, 0 live frames"))
      << "the losers are freed when B finishes; B's own frame goes with the WhenAny";
}

TEST(WhenAny, WhenSeveralBecomeReadyTogetherTheFirstInRunOrderWinsAndTheOthersNeverRunAgain) {
  Scheduler scheduler;
  Trace trace;
  Deferred<int> a, b;
  auto parent = [&]() -> Task<void> {
    auto first = co_await WhenAny(Waits(trace, "A", a), Waits(trace, "B", b));
    trace.push_back("winner " + std::to_string(first.index()));
  };
  scheduler.Spawn(parent());
  scheduler.RunUntilQuiescent();
  b.Resolve(2);  // one activation resolves both: B is ahead in the ready queue
  a.Resolve(1);
  scheduler.RunUntilQuiescent();
  EXPECT_THAT(trace, ElementsAre("A starts", "B starts", "B got 2", "winner 1"))
      << "A was ready too, but was destroyed when B won";
}

Task<int> Fails(Trace& trace, Deferred<int>& deferred) {
  co_await deferred;
  trace.push_back("failing child throws");
  throw ApplicationError("lost the card", "Declined");
}

TEST(WhenAny, AWinnerThatThrowsIsRethrown) {
  Scheduler scheduler;
  Trace trace;
  Deferred<int> failing, slow;
  auto parent = [&]() -> Task<void> {
    try {
      co_await WhenAny(Waits(trace, "slow", slow), Fails(trace, failing));
    } catch (const ApplicationError& error) {
      trace.push_back("caught " + error.type());
    }
  };
  scheduler.Spawn(parent());
  scheduler.RunUntilQuiescent();
  failing.Resolve(0);
  scheduler.RunUntilQuiescent();
  EXPECT_THAT(trace, ElementsAre("slow starts", "failing child throws", "caught Declined"));
}

TEST(WhenAny, VectorFormReturnsTheWinnersIndexAndValue) {
  Scheduler scheduler;
  Trace trace;
  Deferred<int> d0, d1, d2;
  WhenAnyResult<int> result{};
  auto parent = [&]() -> Task<void> {
    std::vector<Task<int>> tasks;
    tasks.push_back(Waits(trace, "0", d0));
    tasks.push_back(Waits(trace, "1", d1));
    tasks.push_back(Waits(trace, "2", d2));
    result = co_await WhenAny(std::move(tasks));
  };
  scheduler.Spawn(parent());
  scheduler.RunUntilQuiescent();
  d2.Resolve(42);
  scheduler.RunUntilQuiescent();
  EXPECT_EQ(result.index, 2u);
  EXPECT_EQ(result.value, 42);

  auto void_parent = []() -> Task<std::size_t> {
    std::vector<Task<void>> tasks;
    tasks.push_back([]() -> Task<void> { co_return; }());
    WhenAnyResult<void> winner = co_await WhenAny(std::move(tasks));
    co_return winner.index;
  };
  EXPECT_EQ(RunToCompletion(void_parent()), 0u);
}

TEST(WhenAny, AnEmptyVectorIsAnInvalidArgument) {
  auto parent = []() -> Task<void> { co_await WhenAny(std::vector<Task<int>>()); };
  EXPECT_THAT([&] { RunToCompletion(parent()); },
              ::testing::ThrowsMessage<InvalidArgumentError>(HasSubstr("at least one task")));
}

TEST(WhenAny, RacesADeferredAgainstAConditionAndATask) {
  Scheduler scheduler;
  Trace trace;
  Deferred<std::string> timer;
  bool approved = false;
  Deferred<int> activity;
  auto parent = [&]() -> Task<void> {
    auto first = co_await WhenAny(timer, WaitCondition([&] { return approved; }),
                                  Waits(trace, "activity", activity));
    trace.push_back("winner " + std::to_string(first.index()));
    if (first.index() == 0) trace.push_back(std::get<0>(first));
  };
  scheduler.Spawn(parent());
  scheduler.RunUntilQuiescent();
  EXPECT_EQ(scheduler.waiting_condition_count(), 1u);
  timer.Resolve("timer fired");
  approved = true;  // both in one activation: the timer's waiter is ready first
  scheduler.RunUntilQuiescent();
  EXPECT_THAT(trace, ElementsAre("activity starts", "winner 0", "timer fired"));
  EXPECT_EQ(scheduler.waiting_condition_count(), 0u) << "the losing condition was withdrawn";
  EXPECT_FALSE(activity.waited_on());
}

TEST(WhenAny, IsLazyAndFreesItsChildrenWhenDestroyedUnawaited) {
  Trace trace;
  int live = 0;
  Deferred<int> deferred;
  {
    auto any = WhenAny(WaitsWithProbe(trace, "child", LifetimeProbe(live), deferred));
    EXPECT_EQ(live, 1);
  }
  EXPECT_EQ(live, 0);
  EXPECT_THAT(trace, IsEmpty());
}

}  // namespace
