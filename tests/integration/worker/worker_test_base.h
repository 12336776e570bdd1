// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// WorkerTestBase: the fixture of worker integration tests: a Client to the
// binary's dev server, a task queue unique to the test, and workers on it
// that the test configures, starts, and (at the latest in TearDown) shuts down.
//
//   TEST_F(WorkerTest, Greets) {
//     auto& worker = MakeWorker();
//     worker.RegisterWorkflow("Greet", Greet);
//     worker.Start();
//     EXPECT_EQ(client_->ExecuteWorkflow<std::string>("Greet", Options(), std::string("x")), "Hello, x!");
//   }
#ifndef TEMPORAL_TESTS_INTEGRATION_WORKER_WORKER_TEST_BASE_H_
#define TEMPORAL_TESTS_INTEGRATION_WORKER_WORKER_TEST_BASE_H_

#include <array>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "support/temporal_cli.h"
#include "temporal/client/client.h"
#include "temporal/logging/logger.h"
#include "temporal/testing/dev_server_environment.h"
#include "temporal/worker/worker.h"

namespace temporal::testing {

class WorkerTestBase : public DevServerTest {
 protected:
  void SetUp() override {
    DevServerTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    client_.emplace(Client::Connect({.target = server_address()}));
    task_queue_ = UniqueName("tq");
  }

  void TearDown() override {
    for (auto& worker : workers_) worker->Shutdown();
    workers_.clear();
  }

  // MakeWorker: a worker on the test's task queue (not started), kept until TearDown.
  Worker& MakeWorker(WorkerOptions options = {}) {
    if (options.task_queue.empty()) options.task_queue = task_queue_;
    if (!options.logger) {
      options.logger = std::make_shared<FunctionLogger>(
          [this](const LogRecord& record) { Log(FormatLogfmt(record)); }, LogLevel::kInfo);
    }
    workers_.push_back(std::make_unique<Worker>(*client_, std::move(options)));
    return *workers_.back();
  }

  // Options with a unique workflow id on the test's task queue.
  WorkflowOptions Options(const std::string& prefix = "wf") const {
    return WorkflowOptions{.id = UniqueName(prefix), .task_queue = task_queue_};
  }

  // The worker's log records so far as logfmt lines (each worker of the test writes here).
  std::vector<std::string> LogLines() {
    std::lock_guard lock(log_mutex_);
    return log_lines_;
  }
  void Log(const std::string& line) {
    std::lock_guard lock(log_mutex_);
    std::cerr << "[worker] " << line << "\n";
    log_lines_.push_back(line);
  }

  std::optional<Client> client_;
  std::string task_queue_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::mutex log_mutex_;
  std::vector<std::string> log_lines_;
};

}  // namespace temporal::testing

#endif  // TEMPORAL_TESTS_INTEGRATION_WORKER_WORKER_TEST_BASE_H_
