// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// The worker end to end with the main sample's workflow: a workflow that
// calls an activity, driven by this SDK's client and by the Temporal CLI.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "temporal/workflow/workflow.h"
#include "worker/worker_test_base.h"

namespace temporal::testing {
namespace {
using ::testing::HasSubstr;

std::string ComposeGreeting(std::string name) { return "Hello, " + name + "!"; }

Task<std::string> HelloWorkflow(std::string name) {
  const workflow::ActivityOptions options{.start_to_close_timeout = std::chrono::seconds(10)};
  std::string greeting = co_await workflow::ExecuteActivity<std::string>("ComposeGreeting", options, name);
  co_return greeting;
}

class HelloWorkerTest : public WorkerTestBase {
 protected:
  Worker& StartHelloWorker(WorkerOptions options = {}) {
    Worker& worker = MakeWorker(std::move(options));
    worker.RegisterWorkflow("HelloWorkflow", HelloWorkflow);
    worker.RegisterActivity("ComposeGreeting", ComposeGreeting);
    worker.Start();
    return worker;
  }
};

TEST_F(HelloWorkerTest, RunsTheWorkflowAndItsActivity) {
  StartHelloWorker();
  auto handle = client_->StartWorkflow("HelloWorkflow", Options(), std::string("World"));
  EXPECT_EQ(handle.Result<std::string>(), "Hello, World!");

  // The history is the one any SDK writes: scheduled, started, completed activity.
  auto history = handle.FetchHistory();
  int scheduled = 0;
  for (const auto& event : history.events()) {
    if (event.has_activity_task_scheduled_event_attributes()) {
      ++scheduled;
      EXPECT_EQ(event.activity_task_scheduled_event_attributes().activity_type().name(), "ComposeGreeting");
    }
  }
  EXPECT_EQ(scheduled, 1);
  EXPECT_EQ(history.events(history.events_size() - 1).event_type(),
            temporal::api::enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
}

TEST_F(HelloWorkerTest, TheTemporalCliDrivesTheWorker) {
  StartHelloWorker();
  const std::string id = UniqueName("cli");
  const std::string output = RunCli({"workflow", "execute", "--address", server_address(), "--type", "HelloWorkflow",
                                     "--task-queue", task_queue_, "--workflow-id", id, "--input", "\"World\""});
  EXPECT_THAT(output, HasSubstr("Hello, World!"));
  EXPECT_EQ(client_->GetHandle(id).Result<std::string>(), "Hello, World!");
}

TEST_F(HelloWorkerTest, ManyWorkflowsAtOnce) {
  StartHelloWorker();
  std::vector<WorkflowHandle> handles;
  for (int i = 0; i < 20; ++i) {
    handles.push_back(client_->StartWorkflow("HelloWorkflow", Options(), "n" + std::to_string(i)));
  }
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(handles[i].Result<std::string>(), "Hello, n" + std::to_string(i) + "!");
  }
}

TEST_F(HelloWorkerTest, ShutdownReturnsPromptlyWhenIdle) {
  Worker& worker = StartHelloWorker();
  EXPECT_EQ(client_->ExecuteWorkflow<std::string>("HelloWorkflow", Options(), std::string("x")), "Hello, x!");
  const auto start = std::chrono::steady_clock::now();
  worker.Shutdown();
  const auto took = std::chrono::steady_clock::now() - start;
  // Polls in flight are canceled, not waited out (a long poll lasts a minute).
  EXPECT_LT(took, std::chrono::seconds(5));
  worker.Shutdown();  // idempotent
}

TEST_F(HelloWorkerTest, AWorkflowTypeTheWorkerDoesNotHaveFailsTheTaskWithTheReason) {
  StartHelloWorker();
  auto options = Options();
  options.execution_timeout = std::chrono::seconds(30);
  auto handle = client_->StartWorkflow("NoSuchWorkflow", options);
  // The task fails (and is retried); the history says why.
  for (int i = 0; i < 100; ++i) {
    const auto history = handle.FetchHistory();
    for (const auto& event : history.events()) {
      if (event.has_workflow_task_failed_event_attributes()) {
        const auto& failed = event.workflow_task_failed_event_attributes();
        EXPECT_THAT(failed.failure().message(), HasSubstr("\"NoSuchWorkflow\" is not registered"));
        EXPECT_THAT(failed.failure().message(), HasSubstr("HelloWorkflow"));
        handle.Terminate("test done");
        return;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  FAIL() << "no WorkflowTaskFailed event";
}

}  // namespace
}  // namespace temporal::testing
