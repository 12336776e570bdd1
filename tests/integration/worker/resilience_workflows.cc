// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "worker/resilience_workflows.h"

#include <chrono>

#include "temporal/workflow/workflow.h"

namespace temporal::testing::resilience {
namespace wf = temporal::workflow;
using namespace std::chrono_literals;

std::string Step(std::string input) { return "step(" + input + ")"; }

// Arguments are named variables, never temporaries inside a co_await (GCC 12;
// docs/adr/0009).
Task<std::string> WaitsForSignal(int n) {
  const wf::ActivityOptions options{.start_to_close_timeout = 10s};
  const std::string first = "before-" + std::to_string(n);
  const std::string second = "after-" + std::to_string(n);
  const std::string before = co_await wf::ExecuteActivity<std::string>(kStep, options, first);
  const std::optional<std::string> signal =
      co_await wf::WaitSignal<std::string>("go", std::chrono::minutes(5));
  const std::string after = co_await wf::ExecuteActivity<std::string>(kStep, options, second);
  co_return before + "|" + signal.value_or("no signal") + "|" + after;
}

Task<std::string> WaitsOnTimer(int n) {
  const wf::ActivityOptions options{.start_to_close_timeout = 10s};
  const std::string first = "before-" + std::to_string(n);
  const std::string second = "after-" + std::to_string(n);
  const std::string before = co_await wf::ExecuteActivity<std::string>(kStep, options, first);
  co_await wf::Sleep(3s);
  const std::string after = co_await wf::ExecuteActivity<std::string>(kStep, options, second);
  co_return before + "|slept|" + after;
}

Task<std::string> ActivityOutlivesItsWorker(int n) {
  RetryPolicy retry;
  retry.initial_interval = 100ms;
  const wf::ActivityOptions options{.start_to_close_timeout = 2s, .retry_policy = retry};
  co_return co_await wf::ExecuteActivity<std::string>(kHang, options, n);
}

}  // namespace temporal::testing::resilience
