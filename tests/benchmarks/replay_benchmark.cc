// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Replay throughput: how fast a recorded history drives a C++ workflow
// through the replay core. A worker pays this whenever it rebuilds an
// evicted run, and replay tests pay it for every recorded history.
//
// The history is one run of ~10,000 events, as a server records it for a
// workflow that loops: run an activity, sleep on a timer, wait for a signal.
// Every tenth signal arrives while the activity runs (the server records an
// extra, empty workflow task for it, and the workflow finds the signal
// already buffered later). About 2,000 workflow tasks in all.
//
//   BM_Replayer            Replayer::Replay on a const History& (what a
//                          replay test calls on a history it keeps; includes
//                          copying the events)
//   BM_ReplayerMovedHistory  Replayer::Replay on a History&& (a history
//                          loaded or fetched for the replay: its events are
//                          moved, not copied)
//   BM_MachinesAndRun      the WorkflowMachines + WorkflowRun loop alone,
//                          with the events handed over already copied
//
// Items are history events, so the output reads events/s. Before timing,
// each benchmark replays once and stops (and the program exits non-zero)
// unless the replay is OK, makes one activation per workflow task, ends
// with the workflow's own result equal to the recorded one, and a workflow
// that differs is reported as non-determinism: a benchmark of a replay that
// does nothing is worthless. Run in a Release build with scripts/bench.sh.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "temporal/converter/data_converter.h"
#include "temporal/replay/replayer.h"
#include "temporal/testing/history_builder.h"
#include "temporal/workflow/internal/machines/workflow_machines.h"
#include "temporal/workflow/internal/workflow_run.h"
#include "temporal/workflow/workflow.h"

namespace bench {
namespace wf = temporal::workflow;
using namespace std::chrono_literals;
using temporal::api::common::v1::Payloads;
using temporal::api::history::v1::History;
using temporal::api::history::v1::HistoryEvent;

constexpr int kIterations = 690;           // ~10,000 events
constexpr int kEarlySignalEvery = 10;      // every tenth signal comes during the activity
const char* const kWorkflowType = "OrderPipeline";

bool failed = false;  // a pre-check failed: main returns non-zero

// The workflow the history records. Options and names are named variables
// (GCC 12 and class temporaries in co_await: docs/adr/0009).
temporal::Task<int> OrderPipeline(int iterations) {
  const wf::ActivityOptions options{.start_to_close_timeout = 10s};
  int total = 0;
  for (int i = 0; i < iterations; ++i) {
    const std::string processed = co_await wf::ExecuteActivity<std::string>("ProcessItem", options, i);
    total += static_cast<int>(processed.size());
    co_await wf::Sleep(1min);
    const std::optional<std::string> next = co_await wf::WaitSignal<std::string>("next-item");
    if (next) total += static_cast<int>(next->size());
  }
  co_return total;
}

// The same, except that it sleeps before the activity: non-deterministic.
temporal::Task<int> SleepsFirst(int iterations) {
  const wf::ActivityOptions options{.start_to_close_timeout = 10s};
  co_await wf::Sleep(1min);
  for (int i = 0; i < iterations; ++i) {
    co_await wf::ExecuteActivity<std::string>("ProcessItem", options, i);
  }
  co_return 0;
}

Payloads Encode(const auto& value) {
  const temporal::converter::DataConverter converter;
  Payloads payloads;
  *payloads.add_payloads() = converter.ToPayload(value);
  return payloads;
}

// The history a server records for OrderPipeline(kIterations).
History RecordedHistory() {
  temporal::testing::HistoryBuilder builder({.workflow_id = "order-pipeline-42", .run_id = "run-42"});
  builder.AddWorkflowExecutionStarted(kWorkflowType, "orders", Encode(kIterations));
  builder.AddFullWorkflowTask();
  uint32_t seq = 0;
  int total = 0;
  for (int i = 0; i < kIterations; ++i) {
    const std::string result = "processed item " + std::to_string(i);
    const std::string signal = "item-" + std::to_string(i + 1);
    total += static_cast<int>(result.size() + signal.size());
    const bool early_signal = i % kEarlySignalEvery == kEarlySignalEvery - 1;

    const int64_t scheduled = builder.AddActivityTaskScheduled(
        std::to_string(++seq), "ProcessItem",
        {.task_queue = "orders", .input = Encode(i), .start_to_close_timeout = 10s});
    const int64_t started = builder.AddActivityTaskStarted(scheduled);
    if (early_signal) {
      builder.AddWorkflowExecutionSignaled("next-item", Encode(signal));
      builder.AddFullWorkflowTask();  // nothing to do yet: the activity runs
    }
    builder.AddActivityTaskCompleted(scheduled, started, Encode(result));
    builder.AddFullWorkflowTask();
    const std::string timer_id = std::to_string(++seq);
    const int64_t timer = builder.AddTimerStarted(timer_id, 1min);
    builder.AddTimerFired(timer, timer_id);
    builder.AddFullWorkflowTask();
    if (!early_signal) {
      // The workflow waits for the signal: this task ends with no command.
      builder.AddWorkflowExecutionSignaled("next-item", Encode(signal));
      builder.AddFullWorkflowTask();
    }
  }
  builder.AddWorkflowExecutionCompleted(Encode(total));
  return builder.history();
}

const History& TheHistory() {
  static const History history = RecordedHistory();
  return history;
}

temporal::replay::Replayer ReplayerFor(auto workflow) {
  wf::WorkflowRegistry workflows;
  workflows.Register(kWorkflowType, workflow);
  return temporal::replay::Replayer({.workflows = std::move(workflows)});
}

// The replay core and the workflow runtime, driven as Replayer::ReplayOrThrow
// drives them. Counts the activations and keeps the workflow's result.
struct DirectReplay {
  int activations = 0;
  std::optional<Payloads> result;  // from the CompleteWorkflow command
};
DirectReplay ReplayDirectly(const std::shared_ptr<const wf::WorkflowDefinition>& definition,
                            const temporal::converter::DataConverter& converter,
                            std::vector<HistoryEvent> events) {
  DirectReplay out;
  temporal::workflow_internal::machines::WorkflowMachines machines("order-pipeline-42", "run-42");
  machines.AddEvents(std::move(events));
  temporal::workflow_internal::WorkflowRun run(definition, converter, {.workflow_id = "order-pipeline-42"});
  while (auto activation = machines.NextActivation()) {
    ++out.activations;
    temporal::workflow_internal::Completion completion = run.Activate(*activation);
    for (const auto& command : completion.commands) {
      if (const auto* complete = std::get_if<temporal::workflow_internal::CompleteWorkflowCommand>(&command.command)) {
        out.result = complete->result;
      }
    }
    machines.Complete(std::move(completion));
  }
  machines.FinishReplay();
  return out;
}

// Replays once outside the timing and checks that the replay is real: OK
// through the Replayer; one activation per recorded workflow task; the
// workflow's own result equal to the recorded one (so its loop ran every
// iteration); and a workflow that differs reported as non-determinism.
// Otherwise stops the benchmark with the reason (and main exits non-zero).
bool ReplaysForReal(benchmark::State& state) {
  const History& history = TheHistory();
  std::string problem;
  if (const auto ok = ReplayerFor(OrderPipeline).Replay(history); !ok.ok()) {
    problem = "replay of the recorded history failed: " + ok.message;
  }
  if (problem.empty()) {
    wf::WorkflowRegistry workflows;
    workflows.Register(kWorkflowType, OrderPipeline);
    const DirectReplay direct = ReplayDirectly(workflows.Find(kWorkflowType), {},
                                               {history.events().begin(), history.events().end()});
    int tasks = 0;
    for (const auto& event : history.events()) {
      tasks += event.event_type() == temporal::api::enums::v1::EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
    }
    const auto& recorded = history.events(history.events_size() - 1)
                               .workflow_execution_completed_event_attributes()
                               .result();
    if (direct.activations != tasks) {
      problem = "expected one activation per workflow task (" + std::to_string(tasks) + "), got " +
                std::to_string(direct.activations);
    } else if (!direct.result || direct.result->SerializeAsString() != recorded.SerializeAsString()) {
      problem = "the replayed workflow's result differs from the recorded one: " +
                (direct.result ? direct.result->ShortDebugString() : std::string("none")) + " vs " +
                recorded.ShortDebugString();
    }
  }
  if (problem.empty()) {
    const auto mismatch = ReplayerFor(SleepsFirst).Replay(history);
    if (!mismatch.nondeterminism) {
      problem = "a workflow that differs from the history was not reported as non-determinism: " +
                (mismatch.ok() ? std::string("it replayed OK") : mismatch.message);
    }
  }
  if (problem.empty()) return true;
  std::fprintf(stderr, "%s\n", problem.c_str());
  state.SkipWithError(problem.c_str());
  failed = true;
  return false;
}

void BM_Replayer(benchmark::State& state) {
  if (!ReplaysForReal(state)) return;
  const auto replayer = ReplayerFor(OrderPipeline);
  const History& history = TheHistory();
  for (auto _ : state) {
    auto result = replayer.Replay(history);
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations() * history.events_size());
  state.counters["events"] = history.events_size();
}
BENCHMARK(BM_Replayer)->Unit(benchmark::kMillisecond);

// What `replayer.Replay(LoadHistoryFile(path))` costs past loading: the
// history is handed over, so its events move into the replay core.
void BM_ReplayerMovedHistory(benchmark::State& state) {
  if (!ReplaysForReal(state)) return;
  const auto replayer = ReplayerFor(OrderPipeline);
  const History& history = TheHistory();
  for (auto _ : state) {
    state.PauseTiming();
    History copy = history;
    state.ResumeTiming();
    auto result = replayer.Replay(std::move(copy));
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations() * history.events_size());
}
BENCHMARK(BM_ReplayerMovedHistory)->Unit(benchmark::kMillisecond);

// What Replayer::ReplayOrThrow does, minus the history copy and the result
// bookkeeping: the replay core and the workflow runtime alone.
void BM_MachinesAndRun(benchmark::State& state) {
  if (!ReplaysForReal(state)) return;
  wf::WorkflowRegistry workflows;
  workflows.Register(kWorkflowType, OrderPipeline);
  const auto definition = workflows.Find(kWorkflowType);
  const temporal::converter::DataConverter converter;
  const History& history = TheHistory();
  const std::vector<HistoryEvent> events(history.events().begin(), history.events().end());
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<HistoryEvent> copy = events;
    state.ResumeTiming();
    benchmark::DoNotOptimize(ReplayDirectly(definition, converter, std::move(copy)));
  }
  state.SetItemsProcessed(state.iterations() * history.events_size());
}
BENCHMARK(BM_MachinesAndRun)->Unit(benchmark::kMillisecond);

}  // namespace bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return bench::failed ? 1 : 0;
}
