// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Child workflow handles and the memo, run by a Worker against the dev
// server: a child started for a handle, signaled (child_workflow_only) and
// awaited; a duplicate start refused by the server; a child canceled through
// its handle; the memo a client starts a workflow with, its upserts, and the
// memo a parent gives its child.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>

#include "temporal/common/failure.h"
#include "temporal/workflow/workflow.h"
#include "worker/worker_test_base.h"

namespace temporal::testing {
namespace {
namespace wf = temporal::workflow;
using namespace std::chrono_literals;

// Waits for signal "name"; returns it with the memo value "note" it started with.
Task<std::string> GreetingChild() {
  auto waiting = wf::WaitSignal<std::string>("name", std::chrono::minutes(5));
  std::optional<std::string> name = co_await waiting;
  co_return "hello " + name.value_or("nobody") + " (" + wf::GetMemo<std::string>("note").value_or("no note") +
      ")";
}

// Starts GreetingChild for a handle, signals it through the handle, then
// awaits its result.
Task<std::string> SignalingParent() {
  const wf::ChildWorkflowOptions options{.workflow_id = wf::Info().workflow_id + "-child",
                                         .memo = {{"note", Values::Of(std::string("from the parent"))}}};
  auto starting = wf::StartChildWorkflow<std::string>("GreetingChild", options);
  wf::ChildWorkflowHandle<std::string> child = co_await starting;
  const bool has_run_id = !child.run_id().empty();
  auto signal = child.Signal("name", std::string("Ada"));
  co_await signal;
  auto result = child.Result();
  std::string greeting = co_await result;
  co_return greeting + (has_run_id ? ", run id known" : ", no run id");
}

// Starts a child, then a second one with the same id while the first runs.
Task<std::string> DuplicateParent() {
  const wf::ChildWorkflowOptions options{.workflow_id = wf::Info().workflow_id + "-child"};
  auto starting = wf::StartChildWorkflow<std::string>("GreetingChild", options);
  auto child = co_await starting;
  std::string outcome;
  auto duplicate = wf::StartChildWorkflow<std::string>("GreetingChild", options);
  try {
    co_await duplicate;
    outcome = "started twice";
  } catch (const ChildWorkflowError& e) {
    const auto* cause = e.cause_as<ApplicationError>();
    outcome = "refused: " + (cause != nullptr ? cause->type() : std::string("no cause"));
  }
  auto signal = child.Signal("name", std::string("Bob"));
  co_await signal;
  auto result = child.Result();
  std::string first = co_await result;
  co_return outcome + "; first child: " + first;
}

// Starts a child that waits for a signal, and cancels it through its handle.
Task<std::string> CancelingParent() {
  const wf::ChildWorkflowOptions options{.workflow_id = wf::Info().workflow_id + "-child"};
  auto starting = wf::StartChildWorkflow<std::string>("GreetingChild", options);
  auto child = co_await starting;
  child.Cancel();
  auto result = child.Result();
  try {
    co_await result;
  } catch (const ChildWorkflowError& e) {
    co_return e.cause_as<CanceledError>() != nullptr ? "child canceled" : "child failed otherwise";
  }
  co_return "child completed";
}

// Reads the memo the client started it with, upserts, reads again.
Task<std::string> MemoReader() {
  std::string seen = wf::GetMemo<std::string>("customer").value_or("none");
  wf::UpsertMemo("customer", std::string("c-8"));
  seen += " then " + wf::GetMemo<std::string>("customer").value_or("none");
  co_return seen;
}

class ChildWorkflowHandleTest : public WorkerTestBase {
 protected:
  void StartWorker() {
    Worker& worker = MakeWorker();
    worker.RegisterWorkflow("GreetingChild", GreetingChild);
    worker.RegisterWorkflow("SignalingParent", SignalingParent);
    worker.RegisterWorkflow("DuplicateParent", DuplicateParent);
    worker.RegisterWorkflow("CancelingParent", CancelingParent);
    worker.RegisterWorkflow("MemoReader", MemoReader);
    worker.Start();
  }
};

TEST_F(ChildWorkflowHandleTest, AChildIsSignaledThroughItsHandleAndReadsItsMemo) {
  StartWorker();
  EXPECT_EQ(client_->ExecuteWorkflow<std::string>("SignalingParent", Options()),
            "hello Ada (from the parent), run id known");
}

TEST_F(ChildWorkflowHandleTest, TheServerRefusesADuplicateChildAtItsStart) {
  StartWorker();
  EXPECT_EQ(client_->ExecuteWorkflow<std::string>("DuplicateParent", Options()),
            "refused: WorkflowAlreadyExists; first child: hello Bob (no note)");
}

TEST_F(ChildWorkflowHandleTest, AChildIsCanceledThroughItsHandle) {
  StartWorker();
  EXPECT_EQ(client_->ExecuteWorkflow<std::string>("CancelingParent", Options()), "child canceled");
}

TEST_F(ChildWorkflowHandleTest, AWorkflowReadsTheMemoItStartedWithAndItsUpserts) {
  StartWorker();
  WorkflowOptions options = Options();
  options.memo = {{"customer", Values::Of(std::string("c-7"))}};
  auto handle = client_->StartWorkflow("MemoReader", options);
  EXPECT_EQ(handle.Result<std::string>(), "c-7 then c-8");
  EXPECT_EQ(handle.Describe().memo.at("customer").Get<std::string>(), "c-8");
}

}  // namespace
}  // namespace temporal::testing
