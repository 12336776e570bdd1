// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Child workflows against the dev server, beyond success and cancel
// (workflow_operations_test.cc, child_workflow_handle_test.cc): a child's
// failure reaches the parent as a ChildWorkflowError with the child's
// failure as its cause, and each parent close policy does what it says when
// the parent completes while its children still run: TERMINATE terminates
// the child, REQUEST_CANCEL cancels it (its code sees the cancellation),
// ABANDON leaves it running.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "temporal/client/client_errors.h"
#include "temporal/common/failure.h"
#include "temporal/workflow/workflow.h"
#include "worker/worker_test_base.h"

namespace temporal::testing {
namespace {
namespace wf = temporal::workflow;
namespace enums = temporal::api::enums::v1;
using namespace std::chrono_literals;

Task<std::string> FailingChild() {
  throw ApplicationError("the child gave up", "ChildGaveUp", {.non_retryable = true});
  co_return "unreachable";
}

Task<std::string> ParentOfAFailingChild() {
  const wf::ChildWorkflowOptions options{};
  try {
    auto child = wf::ExecuteChildWorkflow<std::string>("FailingChild", options);
    co_await child;
    co_return "the child completed";
  } catch (const ChildWorkflowError& e) {
    const auto* cause = e.cause_as<ApplicationError>();
    co_return "child " + e.info().workflow_type + " failed: " +
        (cause != nullptr ? cause->type() + " \"" + cause->what() + "\""
                          : std::string("no application error"));
  }
}

// Sleeps for an hour; a cancellation ends it canceled.
Task<std::string> SleepyChild() {
  co_await wf::Sleep(1h);
  co_return "slept";
}

// Starts one SleepyChild per parent close policy, with ids
// "<parent id>-terminate", "-request-cancel", "-abandon", then completes.
Task<std::string> ParentOfSleepyChildren() {
  const std::string id = wf::Info().workflow_id;
  const wf::ChildWorkflowOptions terminate{
      .workflow_id = id + "-terminate",
      .parent_close_policy = enums::PARENT_CLOSE_POLICY_TERMINATE};
  const wf::ChildWorkflowOptions request_cancel{
      .workflow_id = id + "-request-cancel",
      .parent_close_policy = enums::PARENT_CLOSE_POLICY_REQUEST_CANCEL};
  const wf::ChildWorkflowOptions abandon{.workflow_id = id + "-abandon",
                                         .parent_close_policy = enums::PARENT_CLOSE_POLICY_ABANDON};
  auto first = wf::StartChildWorkflow<std::string>("SleepyChild", terminate);
  co_await first;
  auto second = wf::StartChildWorkflow<std::string>("SleepyChild", request_cancel);
  co_await second;
  auto third = wf::StartChildWorkflow<std::string>("SleepyChild", abandon);
  co_await third;
  co_return "started three children";
}

class ChildWorkflowPoliciesTest : public WorkerTestBase {
 protected:
  void StartWorker() {
    Worker& worker = MakeWorker();
    worker.RegisterWorkflow("FailingChild", FailingChild);
    worker.RegisterWorkflow("ParentOfAFailingChild", ParentOfAFailingChild);
    worker.RegisterWorkflow("SleepyChild", SleepyChild);
    worker.RegisterWorkflow("ParentOfSleepyChildren", ParentOfSleepyChildren);
    worker.Start();
  }

  // How the workflow ended, as its result says ("completed: ..." or the status).
  static std::string Outcome(const WorkflowHandle& handle) {
    try {
      return "completed: " + handle.Result<std::string>();
    } catch (const WorkflowFailedError& e) {
      return enums::WorkflowExecutionStatus_Name(e.status());
    }
  }
};

TEST_F(ChildWorkflowPoliciesTest, AChildsFailureReachesTheParentWithItsCause) {
  StartWorker();
  EXPECT_EQ(client_->ExecuteWorkflow<std::string>("ParentOfAFailingChild", Options()),
            "child FailingChild failed: ChildGaveUp \"the child gave up\"");
}

TEST_F(ChildWorkflowPoliciesTest, EachParentClosePolicyAppliesWhenTheParentCompletes) {
  StartWorker();
  const auto options = Options("parent");
  EXPECT_EQ(client_->ExecuteWorkflow<std::string>("ParentOfSleepyChildren", options),
            "started three children");

  EXPECT_EQ(Outcome(client_->GetHandle(options.id + "-terminate")),
            "WORKFLOW_EXECUTION_STATUS_TERMINATED");
  EXPECT_EQ(Outcome(client_->GetHandle(options.id + "-request-cancel")),
            "WORKFLOW_EXECUTION_STATUS_CANCELED");
  auto abandoned = client_->GetHandle(options.id + "-abandon");
  EXPECT_EQ(abandoned.Describe().status, enums::WORKFLOW_EXECUTION_STATUS_RUNNING);
  abandoned.Terminate("the test is over");
}

}  // namespace
}  // namespace temporal::testing
