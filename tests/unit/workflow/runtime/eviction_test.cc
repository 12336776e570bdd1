// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Eviction: a run destroyed while its workflow code is suspended, as the
// worker does to cached runs under cache pressure, after a task failure and
// at shutdown. Destroying the run must free every coroutine frame and what
// it holds exactly once; these tests mean most under AddressSanitizer (CI
// runs the unit tests under it), which reports a double free or a leak.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "run_harness.h"
#include "temporal/workflow/when_all.h"
#include "temporal/workflow/workflow.h"

namespace temporal::workflow_internal::testing {
namespace {

namespace wf = temporal::workflow;
using namespace std::chrono_literals;

// The first activation of a fresh run of `workflow`, then the run destroyed.
// Returns the first activation's commands.
template <typename F>
std::vector<WorkflowCommand> StartThenEvict(const std::string& type, F workflow, const std::string& input) {
  auto harness = std::make_unique<RunHarness>(type, std::move(workflow));
  auto commands = harness->Start(harness->Encode(input));
  harness.reset();
  return commands;
}

Task<std::string> NamedOptions(std::string name) {
  const wf::ActivityOptions options{.task_queue = "a queue name longer than the small-string buffer",
                                    .start_to_close_timeout = 10s,
                                    .activity_id = "greet"};
  std::string greeting = co_await wf::ExecuteActivity<std::string>("Greet", options, name);
  co_return greeting;
}

TEST(Eviction, ARunSuspendedOnAnActivityIsDestroyedWithItsOptions) {
  auto commands = StartThenEvict("NamedOptions", NamedOptions, "World");
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  EXPECT_TRUE(Is<ScheduleActivityCommand>(commands[0]));
}

// Suspended in several places at once: a WhenAll of a timer, an activity
// and a condition, each coroutine holding strings and vectors of its own.
Task<std::string> SleepThen(std::string text) {
  std::vector<std::string> held(3, text + " held by the timer branch, long enough to allocate");
  co_await wf::Sleep(1h);
  co_return held[0];
}
Task<std::string> ActivityBranch(std::string text) {
  const wf::ActivityOptions options{.start_to_close_timeout = 1min};
  co_return co_await wf::ExecuteActivity<std::string>("Echo", options, text);
}
Task<std::string> ConditionBranch(std::shared_ptr<bool> flag) {
  auto ready = [flag, note = std::string("a capture with a destructor, long enough to allocate")] {
    return *flag && !note.empty();
  };
  co_await wf::WaitCondition(ready);
  co_return "ready";
}
Task<std::string> ManyBranches(std::string text) {
  auto flag = std::make_shared<bool>(false);
  auto [a, b, c] = co_await wf::WhenAll(SleepThen(text), ActivityBranch(text), ConditionBranch(flag));
  co_return a + b + c;
}

TEST(Eviction, ARunSuspendedInManyBranchesIsDestroyedWithAllOfThem) {
  auto commands = StartThenEvict("ManyBranches", ManyBranches, "text");
  ASSERT_EQ(commands.size(), 2u) << Kinds(commands);
  EXPECT_TRUE(Is<StartTimerCommand>(commands[0]));
  EXPECT_TRUE(Is<ScheduleActivityCommand>(commands[1]));
}

// Evicted after it resumed once: the first activity's result was delivered
// and the run waits on a second one.
TEST(Eviction, ARunEvictedAfterResumingIsDestroyedCleanly) {
  auto two_steps = [](std::string name) -> Task<std::string> {
    const wf::ActivityOptions options{.start_to_close_timeout = 10s};
    std::string first = co_await wf::ExecuteActivity<std::string>("First", options, name);
    std::string second = co_await wf::ExecuteActivity<std::string>("Second", options, first);
    co_return second;
  };
  auto harness = std::make_unique<RunHarness>("TwoSteps", two_steps);
  auto commands = harness->Start(harness->Encode(std::string("World")));
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  Resolution done;
  done.result = harness->Encode(std::string("a first result long enough to live on the heap"));
  commands = harness->Activate(ResolveActivityJob{.seq = As<ScheduleActivityCommand>(commands[0]).seq,
                                                  .resolution = done});
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  EXPECT_EQ(As<ScheduleActivityCommand>(commands[0]).attributes.activity_type().name(), "Second");
  harness.reset();
}

#if !(defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 13)
// Compilers other than GCC 12 accept options written inside the co_await
// (GCC 12 rejects them at compile time: internal/await_temporaries.h); they
// must survive both completion and eviction.
Task<std::string> InlineOptions(std::string name) {
  co_return co_await wf::ExecuteActivity<std::string>("Greet", {.start_to_close_timeout = 10s}, name);
}

TEST(Eviction, OptionsWrittenInsideTheCoAwaitSurviveEviction) {
  auto commands = StartThenEvict("InlineOptions", InlineOptions, "World");
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
}

TEST(Eviction, OptionsWrittenInsideTheCoAwaitSurviveCompletion) {
  RunHarness harness("InlineOptions", InlineOptions);
  auto commands = harness.Start(harness.Encode(std::string("World")));
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  Resolution done;
  done.result = harness.Encode(std::string("Hello"));
  commands = harness.Activate(
      ResolveActivityJob{.seq = As<ScheduleActivityCommand>(commands[0]).seq, .resolution = done});
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  EXPECT_EQ(harness.Decode<std::string>(As<CompleteWorkflowCommand>(commands[0]).result), "Hello");
}
#endif

}  // namespace
}  // namespace temporal::workflow_internal::testing
