// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/scheduler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <coroutine>
#include <exception>
#include <stdexcept>
#include <string>
#include <utility>

#include "temporal/workflow/deferred.h"
#include "temporal/workflow/task.h"
#include "temporal/workflow/wait_condition.h"
#include "temporal/workflow/when_all.h"
#include "temporal/workflow/when_any.h"
#include "workflow_test_support.h"

namespace {

using temporal::Task;
using temporal::workflow::Deferred;
using temporal::workflow::UsageError;
using temporal::workflow::WaitCondition;
using temporal::workflow::WhenAll;
using temporal::workflow::WhenAny;
using temporal::workflow_internal::Scheduler;
using temporal::workflow_test::LifetimeProbe;
using temporal::workflow_test::Trace;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

Task<void> WaitFor(Trace& trace, std::string name, Deferred<int>& deferred) {
  trace.push_back(name + " waits");
  int value = co_await deferred;
  trace.push_back(name + " got " + std::to_string(value));
}

Task<void> Step(Trace& trace, std::string name) {
  trace.push_back(name);
  co_return;
}

TEST(Scheduler, RootsFirstRunInSpawnOrderAndOnlyInsideRunUntilQuiescent) {
  Scheduler scheduler;
  Trace trace;
  scheduler.Spawn(Step(trace, "first"));
  scheduler.Spawn(Step(trace, "second"));
  scheduler.Spawn(Step(trace, "third"));
  EXPECT_THAT(trace, IsEmpty());
  EXPECT_EQ(scheduler.ready_count(), 3u);
  scheduler.RunUntilQuiescent();
  EXPECT_THAT(trace, ElementsAre("first", "second", "third"));
  EXPECT_EQ(scheduler.root_count(), 0u);
}

TEST(Scheduler, ResolvedWaitersRunLaterInTheOrderTheyWereResolved) {
  Scheduler scheduler;
  Trace trace;
  Deferred<int> a, b, c;
  scheduler.Spawn(WaitFor(trace, "A", a));
  scheduler.Spawn(WaitFor(trace, "B", b));
  scheduler.Spawn(WaitFor(trace, "C", c));
  scheduler.RunUntilQuiescent();
  EXPECT_THAT(trace, ElementsAre("A waits", "B waits", "C waits"));

  c.Resolve(3);
  a.Resolve(1);
  b.Resolve(2);
  EXPECT_EQ(trace.size(), 3u) << "resolving never runs the waiter inline";
  EXPECT_EQ(scheduler.ready_count(), 3u);
  scheduler.RunUntilQuiescent();
  EXPECT_THAT(trace, ElementsAre("A waits", "B waits", "C waits", "C got 3", "A got 1", "B got 2"));
}

Task<void> ResolveAndContinue(Trace& trace, Deferred<int>& deferred) {
  trace.push_back("X resolves");
  deferred.Resolve(7);
  trace.push_back("X continues");
  co_return;
}

TEST(Scheduler, ACoroutineMadeReadyWhileRunningGoesToTheBackOfTheQueue) {
  Scheduler scheduler;
  Trace trace;
  Deferred<int> deferred;
  scheduler.Spawn(WaitFor(trace, "Z", deferred));
  scheduler.RunUntilQuiescent();
  scheduler.Spawn(ResolveAndContinue(trace, deferred));
  scheduler.Spawn(Step(trace, "Y runs"));
  scheduler.RunUntilQuiescent();
  EXPECT_THAT(trace, ElementsAre("Z waits", "X resolves", "X continues", "Y runs", "Z got 7"));
}

TEST(Scheduler, ADeferredResolvedBeforeItIsAwaitedDoesNotSuspend) {
  Scheduler scheduler;
  Trace trace;
  Deferred<int> deferred;
  deferred.Resolve(5);
  EXPECT_TRUE(deferred.settled());
  scheduler.Spawn(WaitFor(trace, "A", deferred));
  scheduler.Spawn(Step(trace, "B"));
  scheduler.RunUntilQuiescent();
  EXPECT_THAT(trace, ElementsAre("A waits", "A got 5", "B"));
}

Task<void> WaitForVoid(Trace& trace, Deferred<>& deferred) {
  try {
    co_await deferred;
    trace.push_back("resolved");
  } catch (const std::runtime_error& error) {
    trace.push_back(std::string("rejected: ") + error.what());
  }
}

TEST(Scheduler, ARejectedDeferredRethrowsAtTheAwait) {
  Scheduler scheduler;
  Trace trace;
  Deferred<> resolved, rejected;
  scheduler.Spawn(WaitForVoid(trace, resolved));
  scheduler.Spawn(WaitForVoid(trace, rejected));
  scheduler.RunUntilQuiescent();
  rejected.Reject(std::make_exception_ptr(std::runtime_error("timer canceled")));
  resolved.Resolve();
  scheduler.RunUntilQuiescent();
  EXPECT_THAT(trace, ElementsAre("rejected: timer canceled", "resolved"));
}

Task<void> AwaitExpectingUsageError(Trace& trace, std::string name, Deferred<int>& deferred) {
  try {
    int value = co_await deferred;
    trace.push_back(name + " got " + std::to_string(value));
  } catch (const UsageError& error) {
    trace.push_back(name + ": " + error.what());
  }
}

TEST(Scheduler, DeferredMisuseIsAUsageError) {
  Scheduler scheduler;
  Trace trace;
  Deferred<int> deferred;
  scheduler.Spawn(AwaitExpectingUsageError(trace, "first", deferred));
  scheduler.Spawn(AwaitExpectingUsageError(trace, "second", deferred));
  scheduler.RunUntilQuiescent();
  deferred.Resolve(1);
  EXPECT_THAT([&] { deferred.Resolve(2); },
              ::testing::ThrowsMessage<UsageError>(HasSubstr("already resolved")));
  scheduler.RunUntilQuiescent();
  scheduler.Spawn(AwaitExpectingUsageError(trace, "third", deferred));
  scheduler.RunUntilQuiescent();
  EXPECT_THAT(trace, ElementsAre(HasSubstr("second: two coroutines await the same Deferred"),
                                 "first got 1",
                                 HasSubstr("third: this Deferred was already awaited")));
}

TEST(Scheduler, DestroyingADeferredLeavesItsWaiterSuspendedUntilTeardown) {
  Scheduler scheduler;
  Trace trace;
  int live = 0;
  auto waiter = [&](LifetimeProbe, Deferred<int>& deferred) -> Task<void> {
    co_await deferred;
    trace.push_back("resumed");
  };
  {
    Deferred<int> deferred;
    scheduler.Spawn(waiter(LifetimeProbe(live), deferred));
    scheduler.RunUntilQuiescent();
    EXPECT_TRUE(deferred.waited_on());
  }
  scheduler.RunUntilQuiescent();
  EXPECT_THAT(trace, IsEmpty());
  EXPECT_EQ(live, 1);
  scheduler.Teardown();
  EXPECT_EQ(live, 0);
}

// Eager: a plain coroutine type outside the workflow runtime (no
// scheduler, no await_transform): what driving a Task outside a run gives.
struct Eager {
  struct promise_type {
    std::exception_ptr error;
    Eager get_return_object() {
      return Eager{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { error = std::current_exception(); }
  };
  explicit Eager(std::coroutine_handle<promise_type> coroutine) : handle(coroutine) {}
  Eager(const Eager&) = delete;
  ~Eager() { handle.destroy(); }
  std::coroutine_handle<promise_type> handle;
};

Task<void> AwaitDeferred(Deferred<int>& deferred) { co_await deferred; }
Task<void> AwaitCondition() {
  co_await WaitCondition([] { return true; });
}
Task<void> AwaitWhenAll(Trace& trace) { co_await WhenAll(Step(trace, "child")); }
Eager DriveOutsideARun(Task<void> task) { co_await std::move(task); }

TEST(Scheduler, SdkAwaitablesOutsideARunAreAUsageError) {
  Deferred<int> deferred;
  Trace trace;
  Eager deferred_outside = DriveOutsideARun(AwaitDeferred(deferred));
  Eager condition_outside = DriveOutsideARun(AwaitCondition());
  Eager when_all_outside = DriveOutsideARun(AwaitWhenAll(trace));
  for (Eager* outside : {&deferred_outside, &condition_outside, &when_all_outside}) {
    ASSERT_TRUE(outside->handle.done());
    EXPECT_THAT([&] { std::rethrow_exception(outside->handle.promise().error); },
                ::testing::ThrowsMessage<UsageError>(HasSubstr("outside a workflow run")));
  }
  EXPECT_FALSE(deferred.waited_on());
  EXPECT_THAT(trace, IsEmpty()) << "WhenAll started no child";
}

TEST(Scheduler, AWaitConditionIsEvaluatedOnlyAfterTheReadyQueueDrains) {
  Scheduler scheduler;
  Trace trace;
  bool flag = false;
  auto waiter = [&]() -> Task<void> {
    trace.push_back("W waits");
    co_await WaitCondition([&] {
      trace.push_back(flag ? "check: true" : "check: false");
      return flag;
    });
    trace.push_back("W resumes");
  };
  auto setter = [&]() -> Task<void> {
    trace.push_back("A sets the flag");
    flag = true;
    co_return;
  };
  scheduler.Spawn(waiter());
  scheduler.Spawn(setter());
  scheduler.Spawn(Step(trace, "B runs"));
  scheduler.RunUntilQuiescent();
  EXPECT_THAT(trace, ElementsAre("W waits", "A sets the flag", "B runs", "check: true", "W resumes"));
  EXPECT_EQ(scheduler.waiting_condition_count(), 0u);
}

TEST(Scheduler, WaitConditionsAreCheckedAndWokenInRegistrationOrder) {
  Scheduler scheduler;
  Trace trace;
  bool open = false;
  auto waiter = [&](std::string name) -> Task<void> {
    // Named before the co_await: GCC 12 miscompiles a lambda that captures
    // a std::string by value when it is written inside the co_await
    // expression (see wait_condition.h).
    auto predicate = [&trace, &open, name] {
      trace.push_back("check " + name);
      return open;
    };
    co_await WaitCondition(predicate);
    trace.push_back(name + " resumes");
  };
  scheduler.Spawn(waiter("W3"));
  scheduler.Spawn(waiter("W1"));
  scheduler.Spawn(waiter("W2"));
  scheduler.RunUntilQuiescent();
  EXPECT_THAT(trace, ElementsAre("check W3", "check W1", "check W2"));
  EXPECT_EQ(scheduler.waiting_condition_count(), 3u);

  trace.clear();
  open = true;  // as a job of the next activation would
  scheduler.RunUntilQuiescent();
  EXPECT_THAT(trace, ElementsAre("check W3", "check W1", "check W2", "W3 resumes", "W1 resumes",
                                 "W2 resumes"));
}

TEST(Scheduler, ConditionsAreRecheckedUntilNothingChanges) {
  Scheduler scheduler;
  Trace trace;
  int stage = 0;
  auto waiter = [&](int wait_for) -> Task<void> {
    co_await WaitCondition([&stage, wait_for] { return stage == wait_for; });
    trace.push_back("saw stage " + std::to_string(wait_for));
    ++stage;
  };
  // Registered in the reverse of the order in which they can proceed.
  scheduler.Spawn(waiter(2));
  scheduler.Spawn(waiter(1));
  scheduler.Spawn(waiter(0));
  scheduler.RunUntilQuiescent();
  EXPECT_THAT(trace, ElementsAre("saw stage 0", "saw stage 1", "saw stage 2"));
  EXPECT_EQ(scheduler.waiting_condition_count(), 0u);
}

TEST(Scheduler, AConditionThatThrowsRethrowsAtTheAwait) {
  Scheduler scheduler;
  Trace trace;
  auto waiter = [&]() -> Task<void> {
    try {
      co_await WaitCondition([]() -> bool { throw std::runtime_error("bad state"); });
    } catch (const std::runtime_error& error) {
      trace.push_back(error.what());
    }
  };
  scheduler.Spawn(waiter());
  scheduler.RunUntilQuiescent();
  EXPECT_THAT(trace, ElementsAre("bad state"));
}

Task<void> Throws(LifetimeProbe) {
  throw std::runtime_error("escaped");
  co_return;
}

TEST(Scheduler, AnExceptionEscapingARootStopsTheRunAndIsRethrown) {
  Scheduler scheduler;
  Trace trace;
  int live = 0;
  scheduler.Spawn(Step(trace, "before"));
  scheduler.Spawn(Throws(LifetimeProbe(live)));
  scheduler.Spawn(Step(trace, "after"));
  EXPECT_THAT([&] { scheduler.RunUntilQuiescent(); },
              ::testing::ThrowsMessage<std::runtime_error>("escaped"));
  EXPECT_THAT(trace, ElementsAre("before"));
  EXPECT_EQ(live, 0) << "the failed root's frame is freed";
  EXPECT_EQ(scheduler.ready_count(), 1u);
  scheduler.RunUntilQuiescent();
  EXPECT_THAT(trace, ElementsAre("before", "after"));
}

Task<void> WaitWithProbe(LifetimeProbe, Deferred<int>& deferred) { co_await deferred; }

TEST(Scheduler, FinishedRootFramesAreFreedAtOnce) {
  Scheduler scheduler;
  int live = 0;
  Deferred<int> deferred;
  scheduler.Spawn(WaitWithProbe(LifetimeProbe(live), deferred));
  scheduler.RunUntilQuiescent();
  EXPECT_EQ(live, 1);
  EXPECT_EQ(scheduler.root_count(), 1u);
  deferred.Resolve(1);
  scheduler.RunUntilQuiescent();
  EXPECT_EQ(live, 0);
  EXPECT_EQ(scheduler.root_count(), 0u);
}

Task<int> Nested(LifetimeProbe, Deferred<int>& deferred) { co_return co_await deferred; }
Task<void> Outer(LifetimeProbe probe, Deferred<int>& deferred) {
  co_await Nested(probe, deferred);
}
Task<void> ForeverWaitingChildren(LifetimeProbe probe, Deferred<int>& first,
                                  Deferred<int>& second) {
  co_await WhenAll(Nested(probe, first), Nested(probe, second));
}
Task<void> WaitOnCondition(LifetimeProbe, bool& never) {
  co_await WaitCondition([&never] { return never; });
}

TEST(Scheduler, TeardownFreesEveryOutstandingCoroutine) {
  int live = 0;
  bool never = false;
  Deferred<int> nested, ready_soon, first_child, child_a, child_b;
  {
    Scheduler scheduler;
    scheduler.Spawn(Outer(LifetimeProbe(live), nested));
    scheduler.Spawn(WaitOnCondition(LifetimeProbe(live), never));
    scheduler.Spawn(WaitWithProbe(LifetimeProbe(live), ready_soon));
    scheduler.Spawn(ForeverWaitingChildren(LifetimeProbe(live), child_a, child_b));
    scheduler.RunUntilQuiescent();
    ready_soon.Resolve(1);  // its coroutine is in the ready queue at teardown
    EXPECT_EQ(scheduler.root_count(), 4u);
    EXPECT_EQ(scheduler.ready_count(), 1u);
    EXPECT_EQ(scheduler.waiting_condition_count(), 1u);
    EXPECT_GT(live, 4);
    EXPECT_TRUE(nested.waited_on());
    EXPECT_TRUE(child_b.waited_on());

    scheduler.Teardown();
    EXPECT_EQ(live, 0);
    EXPECT_EQ(scheduler.root_count(), 0u);
    EXPECT_EQ(scheduler.ready_count(), 0u);
    EXPECT_EQ(scheduler.waiting_condition_count(), 0u);
    EXPECT_FALSE(nested.waited_on()) << "the wait was withdrawn with the frame";
    EXPECT_FALSE(child_a.waited_on());
    EXPECT_FALSE(child_b.waited_on());

    // The scheduler is reusable.
    Trace trace;
    scheduler.Spawn(Step(trace, "after teardown"));
    scheduler.RunUntilQuiescent();
    EXPECT_THAT(trace, ElementsAre("after teardown"));

    // Destroying the scheduler tears down what is left, like eviction.
    scheduler.Spawn(Outer(LifetimeProbe(live), first_child));
    scheduler.RunUntilQuiescent();
    EXPECT_GT(live, 0);
  }
  EXPECT_EQ(live, 0);
  EXPECT_FALSE(first_child.waited_on());
  nested.Resolve(1);  // nobody waits any more: nothing runs, nothing crashes
}

TEST(Scheduler, RunningOrTearingDownFromInsideTheRunIsAUsageError) {
  Scheduler scheduler;
  Trace trace;
  auto reentrant = [&]() -> Task<void> {
    try {
      scheduler.RunUntilQuiescent();
    } catch (const UsageError& error) {
      trace.push_back(error.what());
    }
    try {
      scheduler.Teardown();
    } catch (const UsageError& error) {
      trace.push_back(error.what());
    }
    co_return;
  };
  scheduler.Spawn(reentrant());
  scheduler.RunUntilQuiescent();
  EXPECT_THAT(trace, ElementsAre(HasSubstr("RunUntilQuiescent called from inside"),
                                 HasSubstr("Teardown called from inside")));
}

// One workflow run driven through three activations, using every primitive.
struct Run {
  Scheduler scheduler;
  Deferred<int> timer_a, timer_b, activity;
  bool signaled = false;
  Trace trace;
};

Task<int> Branch(Run& run, std::string name, Deferred<int>& deferred) {
  run.trace.push_back(name + " starts");
  int value = co_await deferred;
  run.trace.push_back(name + " got " + std::to_string(value));
  co_return value;
}

Task<void> WorkflowMain(Run& run) {
  run.trace.push_back("main starts");
  auto [a, b] = co_await WhenAll(Branch(run, "a", run.timer_a), Branch(run, "b", run.timer_b));
  run.trace.push_back("a+b=" + std::to_string(a + b));
  auto first = co_await WhenAny(WaitCondition([&run] { return run.signaled; }),
                                Branch(run, "activity", run.activity));
  run.trace.push_back("first=" + std::to_string(first.index()));
}

Task<void> SignalHandler(Run& run) {
  run.trace.push_back("signal handler");
  run.signaled = true;
  co_return;
}

Trace ExecuteRun() {
  Run run;
  run.scheduler.Spawn(WorkflowMain(run));
  run.scheduler.RunUntilQuiescent();  // activation 1: start the workflow
  run.timer_b.Resolve(2);             // activation 2: both timers fired, b first
  run.timer_a.Resolve(1);
  run.scheduler.RunUntilQuiescent();
  run.activity.Resolve(3);  // activation 3: an activity result and a signal
  run.scheduler.Spawn(SignalHandler(run));
  run.scheduler.RunUntilQuiescent();
  EXPECT_EQ(run.scheduler.root_count(), 0u);
  return run.trace;
}

TEST(Scheduler, IdenticalRunsProduceIdenticalTraces) {
  Trace first = ExecuteRun();
  Trace second = ExecuteRun();
  EXPECT_EQ(first, second);
  EXPECT_THAT(first, ElementsAre("main starts", "a starts", "b starts", "b got 2", "a got 1",
                                 "a+b=3", "activity starts", "activity got 3", "signal handler",
                                 "first=1"));
}

}  // namespace
