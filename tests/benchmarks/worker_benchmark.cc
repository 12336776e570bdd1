// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Worker benchmarks against the real dev server (started here, once):
// - BM_HelloWorkflowsThroughOneWorker: the main sample's workflow (one
//   activity, then the result), `batch` workflows started at once per
//   iteration, each awaited; workflows/s in wall time.
// - BM_ResidentMemoryWith1000CachedWorkflows: the worker's resident memory
//   growth once 1,000 open workflows (each waiting for a signal) sit in its
//   sticky cache.
// Both need the Temporal CLI (scripts/build-dev-server.sh); without it they
// report an error instead of a figure.
#include <benchmark/benchmark.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "temporal/client/client.h"
#include "temporal/metrics/prometheus_metrics_handler.h"
#include "temporal/testing/dev_server.h"
#include "temporal/worker/worker.h"
#include "temporal/workflow/workflow.h"

namespace {

namespace wf = temporal::workflow;
using namespace std::chrono_literals;

std::string ComposeGreeting(std::string name) { return "Hello, " + name + "!"; }

temporal::Task<std::string> HelloWorkflow(std::string name) {
  const wf::ActivityOptions options{.start_to_close_timeout = 10s};
  co_return co_await wf::ExecuteActivity<std::string>("ComposeGreeting", options, name);
}

temporal::Task<void> WaitForFinish() {
  const std::string signal = "finish";
  co_await wf::WaitSignal<bool>(signal);
}

// The dev server, started on first use and kept for the program's life.
temporal::testing::DevServer* Server(benchmark::State& state) {
  static auto server = temporal::testing::DevServer::Start({});
  if (!server.ok()) {
    state.SkipWithError(("no dev server: " + std::string(server.status().message())).c_str());
    return nullptr;
  }
  return server->get();
}

// Resident set size of this process, in bytes (Linux).
int64_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t pages = 0;
  int64_t resident = 0;
  statm >> pages >> resident;
  return resident * 4096;
}

void BM_HelloWorkflowsThroughOneWorker(benchmark::State& state) {
  auto* server = Server(state);
  if (server == nullptr) return;
  const int batch = static_cast<int>(state.range(0));
  temporal::Client client = temporal::Client::Connect({.target = server->address()});
  static int run = 0;
  const std::string queue = "bench-hello-" + std::to_string(++run);
  // Arg 1: with a PrometheusMetricsHandler attached (1) or no metrics (0).
  const bool with_metrics = state.range(1) != 0;
  auto prometheus = std::make_shared<temporal::PrometheusMetricsHandler>();
  temporal::WorkerOptions worker_options{.task_queue = queue, .logger = std::make_shared<temporal::NoopLogger>()};
  if (with_metrics) worker_options.metrics = prometheus;
  temporal::Worker worker(client, worker_options);
  worker.RegisterWorkflow("HelloWorkflow", HelloWorkflow);
  worker.RegisterActivity("ComposeGreeting", ComposeGreeting);
  worker.Start();

  int64_t started = 0;
  for (auto _ : state) {
    std::vector<temporal::WorkflowHandle> handles;
    handles.reserve(batch);
    for (int i = 0; i < batch; ++i) {
      temporal::WorkflowOptions options{.id = queue + "-" + std::to_string(started++), .task_queue = queue};
      handles.push_back(client.StartWorkflow("HelloWorkflow", options, std::string("World")));
    }
    for (auto& handle : handles) {
      if (handle.Result<std::string>() != "Hello, World!") {
        state.SkipWithError("a workflow returned the wrong greeting");
        break;
      }
    }
  }
  worker.Shutdown();
  if (with_metrics && prometheus->Render().find("temporal_workflow_completed{") == std::string::npos) {
    state.SkipWithError("the Prometheus handler recorded no completed workflow");
  }
  state.SetItemsProcessed(state.iterations() * batch);
  state.counters["workflows"] = static_cast<double>(started);
}
BENCHMARK(BM_HelloWorkflowsThroughOneWorker)
    ->ArgNames({"batch", "prometheus"})
    ->Args({50, 0})
    ->Args({50, 1})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

void BM_ResidentMemoryWith1000CachedWorkflows(benchmark::State& state) {
  auto* server = Server(state);
  if (server == nullptr) return;
  constexpr int kWorkflows = 1000;
  temporal::Client client = temporal::Client::Connect({.target = server->address()});
  for (auto _ : state) {
    static int run = 0;
    const std::string queue = "bench-cache-" + std::to_string(++run);
    temporal::Worker worker(client, {.task_queue = queue, .max_cached_workflows = 2 * kWorkflows,
                                     .logger = std::make_shared<temporal::NoopLogger>()});
    worker.RegisterWorkflow("WaitForFinish", WaitForFinish);
    worker.Start();
    const int64_t before = ResidentBytes();
    std::vector<temporal::WorkflowHandle> handles;
    for (int i = 0; i < kWorkflows; ++i) {
      temporal::WorkflowOptions options{.id = queue + "-" + std::to_string(i), .task_queue = queue};
      handles.push_back(client.StartWorkflow("WaitForFinish", options));
    }
    const auto deadline = std::chrono::steady_clock::now() + 120s;
    while (worker.cached_workflows() < kWorkflows && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(50ms);
    }
    if (worker.cached_workflows() < kWorkflows) {
      state.SkipWithError("the worker did not cache 1,000 workflows within 2 minutes");
      break;
    }
    const int64_t after = ResidentBytes();
    state.counters["rss_total_MiB"] = static_cast<double>(after) / (1 << 20);
    state.counters["rss_growth_MiB"] = static_cast<double>(after - before) / (1 << 20);
    state.counters["bytes_per_workflow"] = static_cast<double>(after - before) / kWorkflows;
    for (auto& handle : handles) handle.Terminate("benchmark done");
    worker.Shutdown();
  }
}
BENCHMARK(BM_ResidentMemoryWith1000CachedWorkflows)->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
