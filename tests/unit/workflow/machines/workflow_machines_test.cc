// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// WorkflowMachines on long histories. Applied events are dropped as replay
// goes on (a cached run must not keep its whole history), and events arrive
// in one piece or page by page; whatever was dropped when, each workflow
// task's activation must carry the facts of its own WorkflowTaskStarted
// event (an earlier version read it after dropping it).
#include "temporal/workflow/internal/machines/workflow_machines.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "temporal/common/error.h"
#include "temporal/testing/history_builder.h"

namespace {

using temporal::api::history::v1::History;
using temporal::api::history::v1::HistoryEvent;
using temporal::testing::HistoryBuilder;
using temporal::workflow_internal::Completion;
using temporal::workflow_internal::machines::WorkflowMachines;

// A run that only receives signals, one workflow task per signal (no
// commands), with `leading_signals` before the first task to shift where
// the tasks fall. Each WorkflowTaskStarted records 100 * its id as the
// history size, so an activation shows which event it was made from.
History SignalOnlyHistory(int leading_signals, int tasks) {
  HistoryBuilder builder;
  builder.AddWorkflowExecutionStarted("Waiter", "tq");
  for (int i = 0; i < leading_signals; ++i) builder.AddWorkflowExecutionSignaled("early");
  auto add_task = [&] {
    builder.AddWorkflowTaskScheduled();
    const int64_t started = builder.AddWorkflowTaskStarted();
    builder.MutableEvent(started).mutable_workflow_task_started_event_attributes()->set_history_size_bytes(
        100 * started);
    builder.AddWorkflowTaskCompleted();
  };
  add_task();
  for (int i = 1; i < tasks; ++i) {
    builder.AddWorkflowExecutionSignaled("next");
    add_task();
  }
  return builder.history();
}

// Replays the history (the workflow answers every task with no command)
// and checks each activation against its WorkflowTaskStarted event.
void ExpectEachActivationMatchesItsTask(WorkflowMachines& machines, int expected_tasks,
                                        const std::string& label) {
  int tasks = 0;
  while (auto activation = machines.NextActivation()) {
    ++tasks;
    EXPECT_EQ(activation->history_size_bytes, 100 * activation->history_length)
        << label << ": the activation of the task started at event " << activation->history_length
        << " carries another event's facts";
    machines.Complete(Completion{});
  }
  machines.FinishReplay();
  EXPECT_EQ(tasks, expected_tasks) << label;
}

TEST(WorkflowMachines, EveryActivationOfALongHistoryCarriesItsOwnTasksFacts) {
  constexpr int kTasks = 700;  // ~2,800 events
  for (int leading = 0; leading < 8; ++leading) {
    const History history = SignalOnlyHistory(leading, kTasks);
    WorkflowMachines machines("wf", "run");
    machines.AddEvents(history);
    ExpectEachActivationMatchesItsTask(machines, kTasks, "leading signals " + std::to_string(leading));
  }
}

TEST(WorkflowMachines, HistoryAddedPageByPageReplaysLikeTheWholeOfIt) {
  constexpr int kTasks = 700;
  const History history = SignalOnlyHistory(3, kTasks);
  WorkflowMachines machines("wf", "run");
  // Pages of 256 events, as the server sends them, all added before replay.
  for (int start = 0; start < history.events_size(); start += 256) {
    std::vector<HistoryEvent> page;
    for (int i = start; i < std::min(start + 256, history.events_size()); ++i) page.push_back(history.events(i));
    machines.AddEvents(std::move(page));
  }
  ExpectEachActivationMatchesItsTask(machines, kTasks, "pages");
}

TEST(WorkflowMachines, EventIdsThatDoNotFollowOneAnotherAreRefused) {
  const History history = SignalOnlyHistory(0, 3);
  WorkflowMachines machines("wf", "run");
  History gap;
  *gap.add_events() = history.events(0);
  *gap.add_events() = history.events(2);
  EXPECT_THROW(machines.AddEvents(gap), temporal::InvalidArgumentError);
}

}  // namespace
