// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// The server goes away under a running worker and comes back: a private dev
// server (its state in a SQLite file) is stopped while a worker polls it,
// then started again on the same port and file. The worker keeps running
// (its pollers back off and log each failed poll), and both a workflow
// started before the outage and one started after it complete, on the same
// Worker object.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

#include "temporal/client/client.h"
#include "temporal/logging/logger.h"
#include "temporal/testing/dev_server.h"
#include "temporal/testing/dev_server_environment.h"
#include "temporal/worker/worker.h"
#include "worker/resilience_workflows.h"

namespace temporal::testing {
namespace {
namespace enums = temporal::api::enums::v1;
using namespace std::chrono_literals;

class WorkerServerOutageTest : public DevServerTest {
 protected:
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove(db_file_, ignored);
  }

  static bool Eventually(const std::function<bool()>& condition, std::chrono::seconds limit = 30s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (condition()) return true;
      std::this_thread::sleep_for(100ms);
    }
    return condition();
  }

  static int Count(const WorkflowHandle& handle, enums::EventType type) {
    int found = 0;
    const auto history =
        handle.FetchHistory();  // named: a range-for would not keep a temporary alive
    for (const auto& event : history.events()) found += event.event_type() == type;
    return found;
  }

  // Log records the worker wrote with `message`.
  int Logged(const std::string& message) {
    std::lock_guard lock(mutex_);
    int n = 0;
    for (const auto& line : log_) n += line.find(message) != std::string::npos;
    return n;
  }

  std::filesystem::path db_file_ =
      std::filesystem::temp_directory_path() / (UniqueName("outage") + ".db");
  std::mutex mutex_;
  std::vector<std::string> log_;
};

TEST_F(WorkerServerOutageTest,
       AWorkerRidesOutAServerRestartAndFinishesWorkflowsStartedBeforeAndAfterIt) {
  DevServerOptions server_options;
  server_options.db_filename = db_file_.string();
  auto first = DevServer::Start(server_options);
  ASSERT_TRUE(first.ok()) << first.status();
  const std::string address = (*first)->address();

  auto client = Client::Connect({.target = address});
  WorkerOptions options;
  options.task_queue = UniqueName("tq");
  options.logger = std::make_shared<FunctionLogger>([this](const LogRecord& record) {
    std::lock_guard lock(mutex_);
    log_.push_back(FormatLogfmt(record));
  });
  Worker worker(client, options);
  worker.RegisterWorkflow(resilience::kWaitsForSignal, resilience::WaitsForSignal);
  worker.RegisterActivity(resilience::kStep, resilience::Step);
  worker.Start();

  const WorkflowOptions before_options{.id = UniqueName("before"),
                                       .task_queue = options.task_queue};
  auto before = client.StartWorkflow(resilience::kWaitsForSignal, before_options, 1);
  // It ran its first activity and waits for the signal.
  ASSERT_TRUE(
      Eventually([&] { return Count(before, enums::EVENT_TYPE_WORKFLOW_TASK_COMPLETED) >= 2; }));

  ASSERT_TRUE((*first)->Stop().ok());
  first->reset();
  // The worker polls a server that is gone: it backs off and says so.
  // (The restart below takes seconds: the backoff grows meanwhile.)
  ASSERT_TRUE(Eventually([&] { return Logged("poll failed; retrying") >= 2; }, 20s));

  server_options.port = std::stoi(address.substr(address.rfind(':') + 1));
  auto second = DevServer::Start(server_options);
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_EQ((*second)->address(), address);
  const auto back_at = std::chrono::steady_clock::now();

  // The run started before the outage goes on; one started after it runs too.
  before.Signal("go", std::string("after the outage"));
  const WorkflowOptions after_options{.id = UniqueName("after"), .task_queue = options.task_queue};
  auto after = client.StartWorkflow(resilience::kWaitsForSignal, after_options, 2);
  after.Signal("go", std::string("new"));
  EXPECT_EQ(before.Result<std::string>(), "step(before-1)|after the outage|step(after-1)");
  EXPECT_EQ(after.Result<std::string>(), "step(before-2)|new|step(after-2)");
  std::cerr << "[resilience] both workflows finished "
            << std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - back_at)
                   .count()
            << " ms after the server came back; " << Logged("poll failed; retrying")
            << " failed polls were logged\n";
  worker.Shutdown();
}

}  // namespace
}  // namespace temporal::testing
