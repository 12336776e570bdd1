// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Completing activities asynchronously through the client, by task token and
// by id, against a real dev server. A TaskDriver schedules the activity and
// picks up its task as a worker would; the client then finishes it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/client_test_base.h"
#include "temporal/client/client.h"
#include "temporal/testing/dev_server_environment.h"

namespace {

namespace enums = temporal::api::enums::v1;
using temporal::api::history::v1::HistoryEvent;
using temporal::testing::TaskDriver;
using temporal::testing::UniqueName;
using temporal::testing::WorkflowTask;

class AsyncActivityTest : public temporal::testing::ClientTestBase {
 protected:
  void SetUp() override {
    ClientTestBase::SetUp();
    if (IsSkipped() || HasFailure()) return;
    auto options = Options();
    workflow_id_ = options.id;
    handle_.emplace(client_->StartWorkflow("Async", options));
    driver_->ScheduleActivity(driver_->PollWorkflowTask(), "charge-1", "Charge");
    activity_ = driver_->PollActivityTask();
  }

  // The next workflow task's event of `type`, or nullptr.
  static const HistoryEvent* Find(const WorkflowTask& task, enums::EventType type) {
    for (const auto& event : task.history().events()) {
      if (event.event_type() == type) return &event;
    }
    return nullptr;
  }

  std::string workflow_id_;
  std::optional<temporal::WorkflowHandle> handle_;
  temporal::api::workflowservice::v1::PollActivityTaskQueueResponse activity_;
};

TEST_F(AsyncActivityTest, CompletesByTaskTokenAfterHeartbeating) {
  EXPECT_EQ(activity_.activity_type().name(), "Charge");
  auto activity = client_->GetAsyncActivityHandle(activity_.task_token());
  EXPECT_FALSE(activity.Heartbeat(std::string("50%")).cancel_requested);
  activity.Complete(std::string("paid"));

  WorkflowTask task = driver_->PollWorkflowTask();
  const HistoryEvent* completed = Find(task, enums::EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
  ASSERT_NE(completed, nullptr);
  EXPECT_EQ(converter().FromPayload<std::string>(
                completed->activity_task_completed_event_attributes().result().payloads(0)),
            "paid");
  driver_->CompleteWorkflow(task, {});
}

TEST_F(AsyncActivityTest, FailsByIdWithTheFailureChain) {
  auto activity = client_->GetAsyncActivityHandle(workflow_id_, "", "charge-1");
  activity.Fail(temporal::ApplicationError("card declined", "PaymentDeclined",
                                           {.non_retryable = true}));
  WorkflowTask task = driver_->PollWorkflowTask();
  const HistoryEvent* failed = Find(task, enums::EVENT_TYPE_ACTIVITY_TASK_FAILED);
  ASSERT_NE(failed, nullptr);
  auto error = converter().FromFailure(failed->activity_task_failed_event_attributes().failure());
  auto* app = dynamic_cast<const temporal::ApplicationError*>(error.get());
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(app->message(), "card declined");
  EXPECT_EQ(app->type(), "PaymentDeclined");
  driver_->CompleteWorkflow(task, {});
}

TEST_F(AsyncActivityTest, HeartbeatReportsACancelRequestAndTheActivityConfirmsIt) {
  // A signal wakes the workflow, which asks to cancel the activity...
  handle_->Signal("stop-charging");
  WorkflowTask running = driver_->PollWorkflowTask();
  const HistoryEvent* scheduled = nullptr;
  for (const auto& event : running.history().events()) {
    if (event.event_type() == enums::EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) scheduled = &event;
  }
  ASSERT_NE(scheduled, nullptr);
  driver_->RequestCancelActivity(running, scheduled->event_id());

  // ...the heartbeat tells the (async) activity, which confirms.
  auto activity = client_->GetAsyncActivityHandle(activity_.task_token());
  EXPECT_TRUE(activity.Heartbeat().cancel_requested);
  activity.ReportCanceled(temporal::Values::Of(std::string("stopped at 50%")));

  WorkflowTask task = driver_->PollWorkflowTask();
  const HistoryEvent* canceled = Find(task, enums::EVENT_TYPE_ACTIVITY_TASK_CANCELED);
  ASSERT_NE(canceled, nullptr);
  EXPECT_EQ(converter().FromPayload<std::string>(
                canceled->activity_task_canceled_event_attributes().details().payloads(0)),
            "stopped at 50%");
  driver_->CompleteWorkflow(task, {});
}

TEST_F(AsyncActivityTest, AnUnknownTaskTokenIsAClearError) {
  auto activity = client_->GetAsyncActivityHandle(std::string("not-a-token"));
  EXPECT_THROW(activity.Complete(1), temporal::RpcError);
  client_->GetAsyncActivityHandle(activity_.task_token()).Complete();
  driver_->CompleteWorkflow(driver_->PollWorkflowTask(), {});
}

}  // namespace
