// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Workflows that the worker-resilience tests run in two processes: a worker
// in a child process (resilience_test_worker) starts them and is killed
// mid-way, and a worker in the test process finishes them by replaying their
// histories. Both processes register the same code under the same names;
// the activities are registered by each process (they may behave
// differently: the child's "Hang" never returns).
//
//   worker.RegisterWorkflow(resilience::kWaitsForSignal, resilience::WaitsForSignal);
//   worker.RegisterActivity(resilience::kStep, resilience::Step);
#ifndef TEMPORAL_TESTS_INTEGRATION_WORKER_RESILIENCE_WORKFLOWS_H_
#define TEMPORAL_TESTS_INTEGRATION_WORKER_RESILIENCE_WORKFLOWS_H_

#include <string>

#include "temporal/workflow/task.h"

namespace temporal::testing::resilience {

// Workflow and activity type names.
inline constexpr const char* kWaitsForSignal = "ResilienceWaitsForSignal";
inline constexpr const char* kWaitsOnTimer = "ResilienceWaitsOnTimer";
inline constexpr const char* kActivityOutlivesItsWorker = "ResilienceActivityOutlivesItsWorker";
inline constexpr const char* kStep = "ResilienceStep";
inline constexpr const char* kHang = "ResilienceHang";

// Step: the activity both workers run: "step(<input>)".
std::string Step(std::string input);

// WaitsForSignal: Step("before-<n>"), waits for signal "go" (a string),
// Step("after-<n>"); returns "step(before-n)|<signal>|step(after-n)".
Task<std::string> WaitsForSignal(int n);
// WaitsOnTimer: Step("before-<n>"), a 3 s timer, Step("after-<n>");
// returns "step(before-n)|slept|step(after-n)".
Task<std::string> WaitsOnTimer(int n);
// ActivityOutlivesItsWorker: activity "Hang" (start-to-close 2 s, retried
// every 100 ms) with <n>; returns its result.
Task<std::string> ActivityOutlivesItsWorker(int n);

}  // namespace temporal::testing::resilience

#endif  // TEMPORAL_TESTS_INTEGRATION_WORKER_RESILIENCE_WORKFLOWS_H_
