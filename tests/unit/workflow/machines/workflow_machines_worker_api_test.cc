// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// What the worker needs from WorkflowMachines beyond replaying a whole
// history: a cached run continued with a sticky task's new events, update
// messages held for the task being worked on (however much history is
// replayed before it), query-only activations between tasks, dropping a
// speculative task the server discarded, and knowing when the run is over.
#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "temporal/api/update/v1/message.pb.h"
#include "temporal/common/error.h"
#include "temporal/testing/history_builder.h"
#include "temporal/workflow/internal/machines/workflow_machines.h"

namespace {

namespace enums = temporal::api::enums::v1;
using temporal::api::history::v1::History;
using temporal::api::history::v1::HistoryEvent;
using temporal::api::protocol::v1::Message;
using temporal::testing::HistoryBuilder;
using temporal::workflow_internal::Activation;
using temporal::workflow_internal::CompleteWorkflowCommand;
using temporal::workflow_internal::Completion;
using temporal::workflow_internal::DoUpdateJob;
using temporal::workflow_internal::FireTimerJob;
using temporal::workflow_internal::QueryWorkflowJob;
using temporal::workflow_internal::SignalWorkflowJob;
using temporal::workflow_internal::StartTimerCommand;
using temporal::workflow_internal::machines::WorkflowMachines;

std::vector<HistoryEvent> Events(const History& history, int64_t from, int64_t to) {
  std::vector<HistoryEvent> out;
  for (const auto& event : history.events()) {
    if (event.event_id() >= from && event.event_id() <= to) out.push_back(event);
  }
  return out;
}

template <typename J>
int Count(const Activation& activation) {
  int n = 0;
  for (const auto& job : activation.jobs) n += std::holds_alternative<J>(job);
  return n;
}

Message UpdateRequest(const std::string& update_id, const std::string& name) {
  temporal::api::update::v1::Request request;
  request.mutable_meta()->set_update_id(update_id);
  request.mutable_input()->set_name(name);
  Message message;
  message.set_id(update_id + "/request");
  message.set_protocol_instance_id(update_id);
  message.mutable_body()->PackFrom(request);
  return message;
}

TEST(WorkflowMachinesForTheWorker, ACachedRunContinuesWithTheNextTasksEvents) {
  HistoryBuilder builder;
  builder.AddWorkflowExecutionStarted("Sleeper", "tq");
  builder.AddWorkflowTaskScheduled();
  builder.AddWorkflowTaskStarted();  // 3: the first task
  builder.AddWorkflowTaskCompleted();
  const int64_t timer = builder.AddTimerStarted("1", std::chrono::seconds(1));
  builder.AddTimerFired(timer, "1");
  builder.AddWorkflowTaskScheduled();
  builder.AddWorkflowTaskStarted();  // 8: the second task
  const History history = builder.history();

  WorkflowMachines machines("wf", "run");
  machines.AddEvents(Events(history, 1, 3));
  auto first = machines.NextActivation();
  ASSERT_TRUE(first);
  EXPECT_FALSE(first->is_replaying);
  Completion completion;
  completion.commands.push_back({StartTimerCommand{.seq = 1, .start_to_fire_timeout = std::chrono::seconds(1)},
                                 std::source_location::current()});
  machines.Complete(std::move(completion));
  EXPECT_FALSE(machines.NextActivation());
  EXPECT_EQ(machines.TakeCommandsToSend().size(), 1u);
  EXPECT_EQ(machines.last_event_id(), 3);

  // The sticky task: the completion of the first, its command's event, what happened, the new task.
  machines.AddEvents(Events(history, 4, 8));
  auto second = machines.NextActivation();
  ASSERT_TRUE(second);
  EXPECT_FALSE(second->is_replaying);
  EXPECT_EQ(Count<FireTimerJob>(*second), 1);
  machines.Complete(Completion{});
  EXPECT_FALSE(machines.NextActivation());
  EXPECT_EQ(machines.last_event_id(), 8);
}

TEST(WorkflowMachinesForTheWorker, UpdateMessagesWaitForTheTaskBeingWorkedOn) {
  HistoryBuilder builder;
  builder.AddWorkflowExecutionStarted("Updatable", "tq");
  builder.AddFullWorkflowTask();
  builder.AddWorkflowExecutionSignaled("poke");
  builder.AddFullWorkflowTask();
  builder.AddWorkflowTaskScheduled();
  builder.AddWorkflowTaskStarted();  // the task the update came with

  WorkflowMachines machines("wf", "run");
  machines.AddEvents(builder.history());  // a rebuilt run: everything before is replayed
  const std::vector<Message> messages = {UpdateRequest("u-1", "add")};
  machines.AddMessages(messages);
  std::vector<Activation> activations;
  while (auto activation = machines.NextActivation()) {
    activations.push_back(*activation);
    machines.Complete(Completion{});
  }
  // The replayed task(s) do not see the update; the task it came with does.
  ASSERT_GE(activations.size(), 2u);
  for (size_t i = 0; i + 1 < activations.size(); ++i) {
    EXPECT_TRUE(activations[i].is_replaying);
    EXPECT_EQ(Count<DoUpdateJob>(activations[i]), 0) << "activation " << i;
  }
  const Activation& current = activations.back();
  EXPECT_FALSE(current.is_replaying);
  ASSERT_EQ(Count<DoUpdateJob>(current), 1);
  const DoUpdateJob* found = nullptr;
  for (const auto& job : current.jobs) {
    if (const auto* update = std::get_if<DoUpdateJob>(&job)) found = update;
  }
  const DoUpdateJob& update = *found;
  EXPECT_EQ(update.update_id, "u-1");
  EXPECT_EQ(update.name, "add");
  EXPECT_TRUE(update.run_validator);
}

TEST(WorkflowMachinesForTheWorker, AQueryActivationBetweenTasksHoldsOnlyTheQuery) {
  HistoryBuilder builder;
  builder.AddWorkflowExecutionStarted("Queried", "tq");
  builder.AddWorkflowTaskScheduled();
  builder.AddWorkflowTaskStarted();
  WorkflowMachines machines("wf", "run-7");
  machines.AddEvents(builder.history());
  ASSERT_TRUE(machines.NextActivation());
  machines.Complete(Completion{});
  ASSERT_FALSE(machines.NextActivation());

  const Activation query = machines.MakeQueryActivation({QueryWorkflowJob{.query_id = "q", .query_type = "state"}});
  EXPECT_EQ(query.run_id, "run-7");
  EXPECT_FALSE(query.is_replaying);
  ASSERT_EQ(query.jobs.size(), 1u);
  EXPECT_EQ(std::get<QueryWorkflowJob>(query.jobs[0]).query_type, "state");
  // Not tracked: the machines go on as before.
  EXPECT_FALSE(machines.NextActivation());
}

TEST(WorkflowMachinesForTheWorker, ASpeculativeTaskTheServerDiscardedIsDropped) {
  HistoryBuilder builder;
  builder.AddWorkflowExecutionStarted("Updatable", "tq");
  builder.AddWorkflowTaskScheduled();
  builder.AddWorkflowTaskStarted();      // 3
  builder.AddWorkflowTaskCompleted();    // 4
  builder.AddWorkflowTaskScheduled();    // 5: speculative (an update), rejected: dropped by the server
  builder.AddWorkflowTaskStarted();      // 6
  const History speculative = builder.history();

  WorkflowMachines machines("wf", "run");
  machines.AddEvents(Events(speculative, 1, 3));
  ASSERT_TRUE(machines.NextActivation());
  machines.Complete(Completion{});
  EXPECT_FALSE(machines.NextActivation());
  machines.AddEvents(Events(speculative, 4, 6));
  const std::vector<Message> messages = {UpdateRequest("u-1", "add")};
  machines.AddMessages(messages);
  ASSERT_TRUE(machines.NextActivation());
  machines.Complete(Completion{});  // (a real run answers with a rejection: a message, no command)
  EXPECT_FALSE(machines.NextActivation());
  EXPECT_TRUE(machines.TakeCommandsToSend().empty());

  machines.DiscardSpeculativeTask(4);
  EXPECT_EQ(machines.last_event_id(), 4);
  // The server's history goes on from event 5 again.
  HistoryBuilder after;
  after.AddWorkflowExecutionStarted("Updatable", "tq");
  after.AddWorkflowTaskScheduled();
  after.AddWorkflowTaskStarted();
  after.AddWorkflowTaskCompleted();
  after.AddWorkflowExecutionSignaled("poke");  // 5
  after.AddWorkflowTaskScheduled();            // 6
  after.AddWorkflowTaskStarted();              // 7
  machines.AddEvents(Events(after.history(), 5, 7));
  auto next = machines.NextActivation();
  ASSERT_TRUE(next);
  EXPECT_FALSE(next->is_replaying);
  EXPECT_EQ(Count<SignalWorkflowJob>(*next), 1);
}

TEST(WorkflowMachinesForTheWorker, WithoutTheDiscardTheReusedEventIdsAreRefused) {
  HistoryBuilder builder;
  builder.AddWorkflowExecutionStarted("Updatable", "tq");
  builder.AddWorkflowTaskScheduled();
  builder.AddWorkflowTaskStarted();
  builder.AddWorkflowTaskCompleted();
  builder.AddWorkflowTaskScheduled();
  builder.AddWorkflowTaskStarted();
  const History history = builder.history();
  WorkflowMachines machines("wf", "run");
  machines.AddEvents(Events(history, 1, 6));
  EXPECT_THROW(machines.AddEvents(Events(history, 5, 6)), temporal::InvalidArgumentError);
}

TEST(WorkflowMachinesForTheWorker, TheRunIsClosedOnceTheWorkflowIssuesItsCloseCommand) {
  // The task being worked on: the workflow returns at once. The worker
  // drops the run from its cache after answering, before the history holds
  // WorkflowExecutionCompleted.
  HistoryBuilder builder;
  builder.AddWorkflowExecutionStarted("Returner", "tq");
  builder.AddWorkflowTaskScheduled();
  builder.AddWorkflowTaskStarted();
  WorkflowMachines machines("wf", "run");
  machines.AddEvents(builder.history());
  ASSERT_TRUE(machines.NextActivation());
  EXPECT_FALSE(machines.workflow_closed());
  Completion completion;
  completion.commands.push_back({CompleteWorkflowCommand{}, std::source_location::current()});
  machines.Complete(std::move(completion));
  EXPECT_TRUE(machines.workflow_closed());
  EXPECT_FALSE(machines.NextActivation());
  const auto commands = machines.TakeCommandsToSend();
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].command_type(), enums::COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION);
}

TEST(WorkflowMachinesForTheWorker, ARunOpenUntilTheHistoryEndsItIsClosedByTheEvent) {
  // The workflow still waits on its timer when the server terminates it:
  // no close command, only the close event.
  HistoryBuilder builder;
  builder.AddWorkflowExecutionStarted("Sleeper", "tq");
  builder.AddFullWorkflowTask();
  builder.AddTimerStarted("1", std::chrono::hours(1));
  builder.AddWorkflowExecutionTerminated("enough");
  WorkflowMachines machines("wf", "run");
  machines.AddEvents(builder.history());
  ASSERT_TRUE(machines.NextActivation());
  Completion completion;
  completion.commands.push_back(
      {StartTimerCommand{.seq = 1, .start_to_fire_timeout = std::chrono::hours(1)}, std::source_location::current()});
  machines.Complete(std::move(completion));
  EXPECT_FALSE(machines.workflow_closed());
  EXPECT_FALSE(machines.NextActivation());
  EXPECT_TRUE(machines.workflow_closed());
}

}  // namespace
