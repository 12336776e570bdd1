// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Signals that arrive while the workflow's task is being processed: a client
// sends 60 signals in a tight loop while the workflow runs local activities
// back to back (its task stays open, heartbeated every 0.8 s, so the signals
// come in batches with the heartbeat tasks and the tasks after them). Every
// signal is handled exactly once and in the order it was sent, with a
// sticky cache and without one (then every task replays all the signals
// before it).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "temporal/workflow/workflow.h"
#include "worker/worker_test_base.h"

namespace temporal::testing {
namespace {
namespace wf = temporal::workflow;
using namespace std::chrono_literals;

constexpr int kSignals = 60;

int Busy(int round) {
  std::this_thread::sleep_for(30ms);
  return round;
}

// Runs local activities one after the other until `expected` signals "n"
// came in (at most 400 rounds), then returns them in the order handled.
Task<std::vector<int>> CollectsSignalsWhileBusy(int expected) {
  auto received = std::make_shared<std::vector<int>>();
  wf::SetSignalHandler<int>("n", [received](int n) { received->push_back(n); });
  const wf::ActivityOptions options{.start_to_close_timeout = 10s};
  for (int round = 0; static_cast<int>(received->size()) < expected && round < 400; ++round) {
    auto busy = wf::ExecuteLocalActivity<int>("Busy", options, round);
    co_await busy;
  }
  auto all_in = [received, expected] { return static_cast<int>(received->size()) >= expected; };
  co_await wf::WaitCondition(all_in);
  co_return *received;
}

class SignalsMidTaskTest : public WorkerTestBase {
 protected:
  void RunWith(WorkerOptions worker_options) {
    Worker& worker = MakeWorker(std::move(worker_options));
    worker.RegisterWorkflow("CollectsSignalsWhileBusy", CollectsSignalsWhileBusy);
    worker.RegisterActivity("Busy", Busy);
    worker.Start();

    auto options = Options();
    options.task_timeout = 1s;
    auto handle = client_->StartWorkflow("CollectsSignalsWhileBusy", options, kSignals);
    std::this_thread::sleep_for(200ms);  // its first task is running local activities now
    for (int i = 0; i < kSignals; ++i) handle.Signal("n", i);

    std::vector<int> expected(kSignals);
    for (int i = 0; i < kSignals; ++i) expected[i] = i;
    EXPECT_EQ(handle.Result<std::vector<int>>(), expected);

    // The signals did arrive while the workflow was busy: local activity
    // markers follow the first signal in the history.
    const auto history = handle.FetchHistory();
    bool signaled = false;
    int markers_after_a_signal = 0;
    for (const auto& event : history.events()) {
      signaled |= event.has_workflow_execution_signaled_event_attributes();
      markers_after_a_signal += signaled && event.has_marker_recorded_event_attributes();
    }
    EXPECT_GT(markers_after_a_signal, 0);
  }
};

TEST_F(SignalsMidTaskTest, EverySignalIsHandledOnceInOrderWhileLocalActivitiesRun) { RunWith({}); }

TEST_F(SignalsMidTaskTest, EverySignalIsHandledOnceInOrderWhenEveryTaskReplaysTheRun) {
  RunWith({.max_cached_workflows = 0});
}

}  // namespace
}  // namespace temporal::testing
