// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// resilience_test_worker: a worker process for the tests that kill one
// (worker_process_kill_test.cc). It runs the resilience workflows on a task
// queue until it is killed; its activity "Hang" never returns, so a test can
// kill it while an activity runs. The sticky schedule-to-start timeout is
// short (1 s): once the process is gone, the server moves the tasks of its
// cached runs to the normal task queue after 1 s instead of 10 s.
//
//   resilience_test_worker --address 127.0.0.1:7233 --task-queue tq-1
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>

#include "temporal/client/client.h"
#include "temporal/worker/worker.h"
#include "worker/resilience_workflows.h"

namespace {

std::string HangUntilKilled(int n) {
  std::cout << "activity Hang(" << n << ") started; it never returns" << std::endl;
  while (true) std::this_thread::sleep_for(std::chrono::hours(1));
}

}  // namespace

int main(int argc, char** argv) {
  namespace resilience = temporal::testing::resilience;
  std::string address;
  std::string task_queue;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--address") == 0) address = argv[i + 1];
    if (std::strcmp(argv[i], "--task-queue") == 0) task_queue = argv[i + 1];
  }
  if (address.empty() || task_queue.empty()) {
    std::cerr << "usage: resilience_test_worker --address HOST:PORT --task-queue NAME\n";
    return 2;
  }
  try {
    auto client = temporal::Client::Connect({.target = address});
    temporal::WorkerOptions options;
    options.task_queue = task_queue;
    options.identity = "resilience-child-" + std::to_string(::getpid());
    options.sticky_schedule_to_start_timeout = std::chrono::seconds(1);
    temporal::Worker worker(client, options);
    worker.RegisterWorkflow(resilience::kWaitsForSignal, resilience::WaitsForSignal);
    worker.RegisterWorkflow(resilience::kWaitsOnTimer, resilience::WaitsOnTimer);
    worker.RegisterWorkflow(resilience::kActivityOutlivesItsWorker,
                            resilience::ActivityOutlivesItsWorker);
    worker.RegisterActivity(resilience::kStep, resilience::Step);
    worker.RegisterActivity(resilience::kHang, HangUntilKilled);
    worker.Start();
    std::cout << "worker started on " << task_queue << std::endl;
    worker.Run();  // until killed
  } catch (const std::exception& e) {
    std::cerr << "resilience_test_worker: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
