// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Signal, query and update handlers as the runtime runs them: buffering
// until a handler exists, unknown names, validators, and the rule that
// queries and validators do not change the workflow.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "run_harness.h"
#include "temporal/common/error.h"
#include "temporal/workflow/workflow.h"

namespace temporal::workflow_internal::testing {
namespace {

namespace wf = temporal::workflow;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

// Registers its handlers only after a first timer, so that signals and
// updates can arrive before them.
Task<std::string> LateHandlers() {
  std::string log;
  co_await wf::Sleep(1s);
  wf::SetSignalHandler<std::string>("add", [&log](std::string item) { log += item; });
  wf::SetQueryHandler("log", [&log] { return log; });
  wf::SetQueryHandler("sneaky", [] {
    wf::UpsertMemo("touched", true);  // a command: not allowed in a query
    return std::string("no");
  });
  wf::SetUpdateHandler<std::string>(
      "append", [&log](std::string item) -> std::string { return log += item; },
      [](std::string item) {
        if (item.empty()) throw ApplicationError("empty item", "Invalid");
      });
  auto done = [&log] { return log.size() >= 3; };
  co_await wf::WaitConditionFor(done, 1h);
  co_return log;
}

QueryWorkflowJob Query(std::string type) {
  QueryWorkflowJob query;
  query.query_id = "q-" + type;
  query.query_type = std::move(type);
  return query;
}

DoUpdateJob Update(RunHarness& harness, std::string id, std::string name, std::string item,
                   bool run_validator = true) {
  DoUpdateJob update;
  update.update_id = id;
  update.protocol_instance_id = id;
  update.name = std::move(name);
  update.input = harness.Encode(item);
  update.run_validator = run_validator;
  return update;
}

TEST(Handlers, ASignalBeforeItsHandlerWaitsForIt) {
  RunHarness harness("LateHandlers", LateHandlers);
  harness.Start();
  // No handler yet: the signal waits in the buffer.
  auto commands = harness.Activate(SignalWorkflowJob{.signal_name = "add", .input = harness.Encode(std::string("a"))});
  EXPECT_TRUE(commands.empty()) << Kinds(commands);
  // The handler is set after the timer: the buffered signal is delivered then.
  commands = harness.Activate(FireTimerJob{.seq = 1},
                              SignalWorkflowJob{.signal_name = "add", .input = harness.Encode(std::string("bc"))});
  ASSERT_FALSE(commands.empty());
  EXPECT_EQ(harness.Decode<std::string>(As<CompleteWorkflowCommand>(commands.back()).result), "abc");
}

TEST(Handlers, AnUpdateBeforeItsHandlerIsRejectedAtTheEndOfTheActivation) {
  RunHarness harness("LateHandlers", LateHandlers);
  harness.Start();
  auto commands = harness.Activate(Update(harness, "u1", "append", "a"));
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  const auto& reject = As<UpdateResponseCommand>(commands[0]);
  EXPECT_EQ(reject.kind, UpdateResponseCommand::Kind::kRejected);
  EXPECT_THAT(reject.rejection.message(), HasSubstr("unknown update \"append\""));
}

TEST(Handlers, AnUpdateInTheActivationThatSetsItsHandlerIsAccepted) {
  RunHarness harness("LateHandlers", LateHandlers);
  harness.Start();
  // The update comes with the timer that lets the workflow set its handler.
  auto commands = harness.Activate(Update(harness, "u1", "append", "abc"), FireTimerJob{.seq = 1});
  // Accepted when the handler is set; the main coroutine then starts its
  // condition's timer before the handler (a new coroutine) runs.
  ASSERT_EQ(commands.size(), 5u) << Kinds(commands);
  EXPECT_EQ(As<UpdateResponseCommand>(commands[0]).kind, UpdateResponseCommand::Kind::kAccepted);
  EXPECT_TRUE(Is<StartTimerCommand>(commands[1]));
  EXPECT_EQ(As<UpdateResponseCommand>(commands[2]).kind, UpdateResponseCommand::Kind::kCompleted);
  EXPECT_EQ(harness.Decode<std::string>(As<UpdateResponseCommand>(commands[2]).outcome.success()), "abc");
  EXPECT_TRUE(Is<CancelTimerCommand>(commands[3]));
  EXPECT_TRUE(Is<CompleteWorkflowCommand>(commands[4]));
}

TEST(Handlers, AValidatorRejectsTheFirstTimeButNotOnReplay) {
  RunHarness first("LateHandlers", LateHandlers);
  first.Start();
  first.Activate(FireTimerJob{.seq = 1});
  auto commands = first.Activate(Update(first, "u1", "append", ""));
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  EXPECT_EQ(As<UpdateResponseCommand>(commands[0]).kind, UpdateResponseCommand::Kind::kRejected);
  EXPECT_EQ(As<UpdateResponseCommand>(commands[0]).rejection.message(), "empty item");

  // On replay of an update the history shows accepted, the validator does
  // not run again (the code may have changed since).
  RunHarness replay("LateHandlers", LateHandlers);
  replay.Start();
  replay.Activate(FireTimerJob{.seq = 1});
  commands = replay.Activate(Update(replay, "u1", "append", "", /*run_validator=*/false));
  ASSERT_GE(commands.size(), 1u);
  EXPECT_EQ(As<UpdateResponseCommand>(commands[0]).kind, UpdateResponseCommand::Kind::kAccepted);
}

TEST(Handlers, AQueryIsAnsweredFromStateAndAnUnknownOneNamesTheKnownTypes) {
  RunHarness harness("LateHandlers", LateHandlers);
  harness.Start();
  harness.Activate(FireTimerJob{.seq = 1},
                   SignalWorkflowJob{.signal_name = "add", .input = harness.Encode(std::string("x"))});
  Completion completion = harness.ActivateForCompletion(Query("log"), Query("nope"));
  EXPECT_TRUE(completion.commands.empty());
  ASSERT_EQ(completion.query_answers.size(), 2u);
  ASSERT_TRUE(completion.query_answers[0].result);
  EXPECT_EQ(harness.Decode<std::string>(*completion.query_answers[0].result), "x");
  ASSERT_TRUE(completion.query_answers[1].failure);
  EXPECT_THAT(completion.query_answers[1].failure->message(),
              HasSubstr("unknown query type \"nope\"; known types: [log, sneaky]"));
}

TEST(Handlers, AQueryThatIssuesACommandFailsAndChangesNothing) {
  RunHarness harness("LateHandlers", LateHandlers);
  harness.Start();
  harness.Activate(FireTimerJob{.seq = 1});
  Completion completion = harness.ActivateForCompletion(Query("sneaky"));
  EXPECT_TRUE(completion.commands.empty()) << Kinds(completion.commands);
  EXPECT_FALSE(completion.task_failure);
  ASSERT_EQ(completion.query_answers.size(), 1u);
  ASSERT_TRUE(completion.query_answers[0].failure);
  EXPECT_THAT(completion.query_answers[0].failure->message(),
              HasSubstr("a query handler must not change the workflow"));
}

}  // namespace
}  // namespace temporal::workflow_internal::testing
