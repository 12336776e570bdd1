// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Workflow updates through the client, against a real dev server: execute,
// start-then-wait, rejection, and update-with-start. A TaskDriver answers the
// update protocol as a worker would (accept, complete, reject messages).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>

#include "support/client_test_base.h"
#include "temporal/client/client.h"
#include "temporal/testing/dev_server_environment.h"

namespace {

using temporal::testing::TaskDriver;
using temporal::testing::UniqueName;
using temporal::testing::WorkflowTask;
using ::testing::HasSubstr;

class UpdateTest : public temporal::testing::ClientTestBase {
 protected:
  // A running workflow whose first task is done: updates now reach it.
  temporal::WorkflowHandle StartRunning() {
    auto handle = client_->StartWorkflow("Cart", Options());
    driver_->Respond(driver_->PollWorkflowTask());
    return handle;
  }

  int ArgOf(const TaskDriver::UpdateRequest& update) const {
    return client_->data_converter().FromPayload<int>(update.request.input().args().payloads(0));
  }

};

TEST_F(UpdateTest, ExecuteUpdateReturnsTheHandlersResult) {
  auto handle = StartRunning();
  auto result = std::async(std::launch::async, [&] { return handle.ExecuteUpdate<int>("add", 5); });
  WorkflowTask task = driver_->PollWorkflowTask();
  auto updates = TaskDriver::Updates(task);
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_EQ(updates[0].request.input().name(), "add");
  EXPECT_EQ(ArgOf(updates[0]), 5);
  driver_->AcceptAndComplete(task, Convert(6));
  EXPECT_EQ(result.get(), 6);
  handle.Terminate();
}

TEST_F(UpdateTest, StartUpdateReturnsOnAcceptanceAndTheResultComesLater) {
  auto handle = StartRunning();
  auto started = std::async(std::launch::async, [&] {
    return handle.StartUpdate("add", {.update_id = "update-1",
                                      .wait_for_stage = temporal::UpdateStage::kAccepted},
                              1);
  });
  driver_->AcceptOnly(driver_->PollWorkflowTask());
  temporal::WorkflowUpdateHandle update = started.get();
  EXPECT_EQ(update.update_id(), "update-1");
  EXPECT_EQ(update.run_id(), handle.run_id());

  auto result = std::async(std::launch::async, [&] { return update.Result<int>(); });
  handle.Signal("wake");  // a workflow task in which the handler finishes
  driver_->CompleteAccepted(driver_->PollWorkflowTask(), "update-1", Convert(7));
  EXPECT_EQ(result.get(), 7);
  EXPECT_EQ(handle.GetUpdateHandle("update-1").Result<int>(), 7);
  handle.Terminate();
}

TEST_F(UpdateTest, ARejectedUpdateThrowsWorkflowUpdateFailedError) {
  auto handle = StartRunning();
  auto result = std::async(std::launch::async, [&] { return handle.ExecuteUpdate<int>("add", -1); });
  driver_->Reject(driver_->PollWorkflowTask(),
                  client_->data_converter().ToFailure(
                      temporal::ApplicationError("amount must be positive", "InvalidAmount")));
  try {
    result.get();
    FAIL() << "expected WorkflowUpdateFailedError";
  } catch (const temporal::WorkflowUpdateFailedError& e) {
    EXPECT_THAT(e.what(), HasSubstr("amount must be positive"));
    ASSERT_NE(e.cause_as<temporal::ApplicationError>(), nullptr);
    EXPECT_EQ(e.cause_as<temporal::ApplicationError>()->type(), "InvalidAmount");
  }
  handle.Terminate();
}

TEST_F(UpdateTest, UpdateWithStartStartsOnceAndUpdatesTheRunningWorkflowAfter) {
  auto options = Options();
  options.id_conflict_policy = temporal::WorkflowIdConflictPolicy::kUseExisting;
  auto first = std::async(std::launch::async, [&] {
    return client_->StartUpdateWithStartWorkflow(
        "Cart", options,
        {.update_name = "add", .args = temporal::Values::Of(1),
         .options = {.wait_for_stage = temporal::UpdateStage::kCompleted}},
        std::string("init"));
  });
  WorkflowTask task = driver_->PollWorkflowTask();
  EXPECT_EQ(ArgOf(TaskDriver::Updates(task).at(0)), 1);
  driver_->AcceptAndComplete(task, Convert(10));
  auto handles = first.get();
  EXPECT_EQ(handles.update.Result<int>(), 10);
  EXPECT_EQ(handles.workflow.workflow_id(), options.id);

  auto second = std::async(std::launch::async, [&] {
    return client_->ExecuteUpdateWithStartWorkflow<int>(
        "Cart", options, {.update_name = "add", .args = temporal::Values::Of(2)},
        std::string("init"));
  });
  driver_->AcceptAndComplete(driver_->PollWorkflowTask(), Convert(12));
  EXPECT_EQ(second.get(), 12);
  EXPECT_EQ(client_->GetHandle(options.id).Describe().run_id, handles.workflow.run_id());
  handles.workflow.Terminate();
}

TEST_F(UpdateTest, WaitingOnlyForAdmissionIsRefusedBeforeSending) {
  auto handle = client_->GetHandle(UniqueName("wf"));
  EXPECT_THAT(
      [&] { handle.StartUpdate("add", {.wait_for_stage = temporal::UpdateStage::kAdmitted}, 1); },
      ::testing::ThrowsMessage<temporal::InvalidArgumentError>(HasSubstr("kAdmitted")));
}

TEST_F(UpdateTest, UpdateWithStartRequiresAConflictPolicy) {
  EXPECT_THAT(
      [&] {
        client_->StartUpdateWithStartWorkflow("Cart", Options(), {.update_name = "add"});
      },
      ::testing::ThrowsMessage<temporal::InvalidArgumentError>(HasSubstr("id_conflict_policy")));
}

}  // namespace
