// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ChildWorkflowMachine: every transition of its two tables (the child's
// lifecycle and the request to cancel it), every cancellation type, the
// failures it hands the workflow, the non-determinism it must detect, and
// proof that the scenarios below exercise both tables whole.
#include "temporal/workflow/internal/machines/child_workflow_machine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "recording_sink.h"
#include "temporal/workflow/nondeterminism_error.h"

namespace {

namespace enums = temporal::api::enums::v1;
using temporal::NonDeterminismError;
using temporal::api::failure::v1::Failure;
using temporal::api::history::v1::HistoryEvent;
using temporal::workflow_internal::ChildWorkflowCancellationType;
using temporal::workflow_internal::Resolution;
using temporal::workflow_internal::ResolveChildResultJob;
using temporal::workflow_internal::ResolveChildStartJob;
using temporal::workflow_internal::StartChildWorkflowCommand;
using temporal::workflow_internal::machines::ChildWorkflowMachine;
using temporal::workflow_internal::machines::TransitionCoverage;
using temporal::workflow_internal::machines::testing::RecordingSink;
using State = ChildWorkflowMachine::State;
using CancelRequestState = ChildWorkflowMachine::CancelRequestState;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

constexpr int64_t kInitiatedEventId = 5;
constexpr int64_t kStartedEventId = 6;
constexpr int64_t kCancelInitiatedEventId = 10;

HistoryEvent Initiated(const std::string& workflow_type, const std::string& workflow_id) {
  HistoryEvent event;
  event.set_event_id(kInitiatedEventId);
  event.set_event_type(enums::EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED);
  auto* attributes = event.mutable_start_child_workflow_execution_initiated_event_attributes();
  attributes->set_namespace_("orders-ns");
  attributes->set_workflow_id(workflow_id);
  attributes->mutable_workflow_type()->set_name(workflow_type);
  return event;
}

// A later event of the child (started, failed to start, closed), linked to
// its initiated event as the server links it.
HistoryEvent ChildEvent(int64_t id, enums::EventType type) {
  HistoryEvent event;
  event.set_event_id(id);
  event.set_event_type(type);
  switch (type) {
    case enums::EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED: {
      auto* a = event.mutable_start_child_workflow_execution_failed_event_attributes();
      a->set_initiated_event_id(kInitiatedEventId);
      a->set_workflow_id("child-1");
      a->set_cause(enums::START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS);
      break;
    }
    case enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED: {
      auto* a = event.mutable_child_workflow_execution_started_event_attributes();
      a->set_initiated_event_id(kInitiatedEventId);
      a->mutable_workflow_execution()->set_workflow_id("child-1");
      a->mutable_workflow_execution()->set_run_id("run-7");
      break;
    }
    case enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED: {
      auto* a = event.mutable_child_workflow_execution_completed_event_attributes();
      a->set_initiated_event_id(kInitiatedEventId);
      a->set_started_event_id(kStartedEventId);
      a->mutable_result()->add_payloads()->set_data("42");
      break;
    }
    case enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED: {
      auto* a = event.mutable_child_workflow_execution_failed_event_attributes();
      a->set_initiated_event_id(kInitiatedEventId);
      a->set_started_event_id(kStartedEventId);
      a->set_retry_state(enums::RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED);
      a->mutable_failure()->set_message("out of stock");
      a->mutable_failure()->mutable_application_failure_info()->set_type("OutOfStock");
      break;
    }
    case enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT: {
      auto* a = event.mutable_child_workflow_execution_timed_out_event_attributes();
      a->set_initiated_event_id(kInitiatedEventId);
      a->set_started_event_id(kStartedEventId);
      a->set_retry_state(enums::RETRY_STATE_TIMEOUT);
      break;
    }
    case enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED: {
      auto* a = event.mutable_child_workflow_execution_canceled_event_attributes();
      a->set_initiated_event_id(kInitiatedEventId);
      a->set_started_event_id(kStartedEventId);
      break;
    }
    case enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED: {
      auto* a = event.mutable_child_workflow_execution_terminated_event_attributes();
      a->set_initiated_event_id(kInitiatedEventId);
      a->set_started_event_id(kStartedEventId);
      break;
    }
    default:
      break;
  }
  return event;
}

HistoryEvent CancelInitiated(const std::string& workflow_id) {
  HistoryEvent event;
  event.set_event_id(kCancelInitiatedEventId);
  event.set_event_type(enums::EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED);
  auto* a = event.mutable_request_cancel_external_workflow_execution_initiated_event_attributes();
  a->mutable_workflow_execution()->set_workflow_id(workflow_id);
  a->set_child_workflow_only(true);
  return event;
}

HistoryEvent CancelRequested(int64_t id = 12) {
  HistoryEvent event;
  event.set_event_id(id);
  event.set_event_type(enums::EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
  auto* a = event.mutable_external_workflow_execution_cancel_requested_event_attributes();
  a->set_initiated_event_id(kCancelInitiatedEventId);
  a->mutable_workflow_execution()->set_workflow_id("child-1");
  return event;
}

HistoryEvent CancelRequestFailed(int64_t id = 12) {
  HistoryEvent event;
  event.set_event_id(id);
  event.set_event_type(enums::EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED);
  auto* a = event.mutable_request_cancel_external_workflow_execution_failed_event_attributes();
  a->set_initiated_event_id(kCancelInitiatedEventId);
  a->set_cause(
      enums::CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND);
  a->mutable_workflow_execution()->set_workflow_id("child-1");
  return event;
}

// Machines stay where they are (the driver points at them): tests hold them by pointer.
std::unique_ptr<ChildWorkflowMachine> NewChild(
    RecordingSink& sink,
    ChildWorkflowCancellationType cancellation_type =
        ChildWorkflowCancellationType::kWaitCancellationCompleted,
    bool workflow_id_generated = false) {
  StartChildWorkflowCommand command{.seq = 4,
                                    .attributes = {},
                                    .cancellation_type = cancellation_type,
                                    .workflow_id_generated = workflow_id_generated};
  command.attributes.set_workflow_id("child-1");
  command.attributes.mutable_workflow_type()->set_name("ShipOrder");
  command.attributes.mutable_task_queue()->set_name("shipping");
  command.attributes.mutable_input()->add_payloads()->set_data("\"order-9\"");
  auto child = std::make_unique<ChildWorkflowMachine>(4, std::move(command),
                                                      std::source_location::current());
  child->Start(sink);
  return child;
}

void Initiate(ChildWorkflowMachine& child, RecordingSink& sink,
              const std::string& recorded_id = "child-1") {
  child.OnCommandEvent(sink.TakeCommand(), Initiated("ShipOrder", recorded_id), sink);
}

// Initiated and started: the start job is taken, so tests see only what follows.
void InitiateAndStart(ChildWorkflowMachine& child, RecordingSink& sink) {
  Initiate(child, sink);
  child.OnEvent(ChildEvent(kStartedEventId, enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED),
                sink);
  sink.TakeJobs();
}

const ResolveChildResultJob& OnlyResultJob(const RecordingSink& sink) {
  EXPECT_EQ(sink.jobs.size(), 1u);
  return std::get<ResolveChildResultJob>(sink.jobs.at(0));
}

// The outer failure of every child failure: which child, and how far it got.
void ExpectChildInfo(const Failure& failure, int64_t started_event_id, const std::string& run_id,
                     enums::RetryState retry_state) {
  ASSERT_TRUE(failure.has_child_workflow_execution_failure_info()) << failure.DebugString();
  const auto& info = failure.child_workflow_execution_failure_info();
  EXPECT_EQ(info.namespace_(), "orders-ns");
  EXPECT_EQ(info.workflow_execution().workflow_id(), "child-1");
  EXPECT_EQ(info.workflow_execution().run_id(), run_id);
  EXPECT_EQ(info.workflow_type().name(), "ShipOrder");
  EXPECT_EQ(info.initiated_event_id(), kInitiatedEventId);
  EXPECT_EQ(info.started_event_id(), started_event_id);
  EXPECT_EQ(info.retry_state(), retry_state);
}

// The canceled resolution sdk-core gives the workflow.
void ExpectResolvedCanceled(const ResolveChildResultJob& job,
                            int64_t started_event_id = kStartedEventId,
                            const std::string& run_id = "run-7") {
  EXPECT_EQ(job.seq, 4u);
  EXPECT_EQ(job.resolution.kind, Resolution::Kind::kCanceled);
  EXPECT_EQ(job.resolution.failure.message(), "Child Workflow execution cancelled");
  EXPECT_TRUE(job.resolution.failure.cause().has_canceled_failure_info());
  ExpectChildInfo(job.resolution.failure, started_event_id, run_id,
                  enums::RETRY_STATE_NON_RETRYABLE_FAILURE);
}

// The request to cancel the child, as the machine must have issued it.
void ExpectCancelRequestCommand(const RecordingSink& sink, const ChildWorkflowMachine& child,
                                const std::string& run_id) {
  ASSERT_EQ(sink.commands.size(), 1u);
  EXPECT_EQ(sink.commands.front().owner, &child);
  const auto& command = sink.commands.front().command;
  EXPECT_EQ(command.command_type(), enums::COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION);
  const auto& a = command.request_cancel_external_workflow_execution_command_attributes();
  EXPECT_EQ(a.workflow_id(), "child-1");
  EXPECT_EQ(a.run_id(), run_id);
  EXPECT_TRUE(a.child_workflow_only());
  EXPECT_EQ(a.reason(), "order withdrawn");
}

// --- Scenarios (each a test below, and all together in the coverage test). ---

void StartedThenCompleted() {
  RecordingSink sink;
  auto owner = NewChild(sink);
  ChildWorkflowMachine& child = *owner;
  EXPECT_EQ(child.state(), State::kStartCommandCreated);
  ASSERT_EQ(sink.commands.size(), 1u);
  const auto& start = sink.commands.front().command;
  EXPECT_EQ(start.command_type(), enums::COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION);
  const auto& a = start.start_child_workflow_execution_command_attributes();
  EXPECT_EQ(a.workflow_id(), "child-1");
  EXPECT_EQ(a.workflow_type().name(), "ShipOrder");
  EXPECT_EQ(a.task_queue().name(), "shipping");
  EXPECT_EQ(a.input().payloads(0).data(), "\"order-9\"");
  Initiate(child, sink);
  EXPECT_EQ(child.state(), State::kStartEventRecorded);
  EXPECT_TRUE(sink.jobs.empty());

  child.OnEvent(ChildEvent(kStartedEventId, enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED),
                sink);
  EXPECT_EQ(child.state(), State::kStarted);
  EXPECT_EQ(child.run_id(), "run-7");
  ASSERT_EQ(sink.jobs.size(), 1u);
  const auto& started = std::get<ResolveChildStartJob>(sink.jobs[0]);
  EXPECT_EQ(started.seq, 4u);
  EXPECT_EQ(started.kind, ResolveChildStartJob::Kind::kStarted);
  EXPECT_EQ(started.run_id, "run-7");
  EXPECT_EQ(started.workflow_id, "child-1");
  sink.TakeJobs();

  child.OnEvent(ChildEvent(9, enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED), sink);
  EXPECT_EQ(child.state(), State::kCompleted);
  const auto& done = OnlyResultJob(sink);
  EXPECT_EQ(done.seq, 4u);
  EXPECT_EQ(done.resolution.kind, Resolution::Kind::kCompleted);
  EXPECT_EQ(done.resolution.result.payloads(0).data(), "42");

  child.Cancel(sink, "too late");  // a cancel after the result changes nothing
  EXPECT_EQ(child.state(), State::kCompleted);
  EXPECT_TRUE(sink.commands.empty());
  EXPECT_EQ(sink.jobs.size(), 1u);
}

void StartedThenFailed() {
  RecordingSink sink;
  auto owner = NewChild(sink);
  ChildWorkflowMachine& child = *owner;
  InitiateAndStart(child, sink);
  child.OnEvent(ChildEvent(9, enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED), sink);
  EXPECT_EQ(child.state(), State::kFailed);
  const auto& job = OnlyResultJob(sink);
  EXPECT_EQ(job.resolution.kind, Resolution::Kind::kFailed);
  const Failure& failure = job.resolution.failure;
  EXPECT_EQ(failure.message(), "Child Workflow execution failed");
  ExpectChildInfo(failure, kStartedEventId, "run-7", enums::RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED);
  // The cause is the child's own failure, as recorded.
  EXPECT_EQ(failure.cause().message(), "out of stock");
  EXPECT_EQ(failure.cause().application_failure_info().type(), "OutOfStock");
  child.Cancel(sink, "too late");
  EXPECT_EQ(child.state(), State::kFailed);
  EXPECT_EQ(sink.jobs.size(), 1u);
}

void StartedThenTimedOut() {
  RecordingSink sink;
  auto owner = NewChild(sink);
  ChildWorkflowMachine& child = *owner;
  InitiateAndStart(child, sink);
  child.OnEvent(ChildEvent(9, enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT), sink);
  EXPECT_EQ(child.state(), State::kTimedOut);
  const auto& job = OnlyResultJob(sink);
  EXPECT_EQ(job.resolution.kind, Resolution::Kind::kFailed);
  const Failure& failure = job.resolution.failure;
  EXPECT_EQ(failure.message(), "Child Workflow execution timed out");
  ExpectChildInfo(failure, kStartedEventId, "run-7", enums::RETRY_STATE_TIMEOUT);
  EXPECT_EQ(failure.cause().message(), "Timed out");
  EXPECT_EQ(failure.cause().timeout_failure_info().timeout_type(),
            enums::TIMEOUT_TYPE_START_TO_CLOSE);
  child.Cancel(sink, "too late");
  EXPECT_EQ(child.state(), State::kTimedOut);
  EXPECT_EQ(sink.jobs.size(), 1u);
}

void StartedThenTerminated() {
  RecordingSink sink;
  auto owner = NewChild(sink);
  ChildWorkflowMachine& child = *owner;
  InitiateAndStart(child, sink);
  child.OnEvent(ChildEvent(9, enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED), sink);
  EXPECT_EQ(child.state(), State::kTerminated);
  const auto& job = OnlyResultJob(sink);
  EXPECT_EQ(job.resolution.kind, Resolution::Kind::kFailed);
  const Failure& failure = job.resolution.failure;
  EXPECT_EQ(failure.message(), "Child Workflow execution terminated");
  ExpectChildInfo(failure, kStartedEventId, "run-7", enums::RETRY_STATE_NON_RETRYABLE_FAILURE);
  EXPECT_EQ(failure.cause().message(), "Terminated");
  EXPECT_TRUE(failure.cause().has_terminated_failure_info());
  child.Cancel(sink, "too late");
  EXPECT_EQ(child.state(), State::kTerminated);
  EXPECT_EQ(sink.jobs.size(), 1u);
}

void CanceledBySomeoneElse() {
  // The workflow did not cancel it: the child's cancellation still resolves.
  RecordingSink sink;
  auto owner = NewChild(sink);
  ChildWorkflowMachine& child = *owner;
  InitiateAndStart(child, sink);
  auto canceled = ChildEvent(9, enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED);
  canceled.mutable_child_workflow_execution_canceled_event_attributes()
      ->mutable_details()
      ->add_payloads()
      ->set_data("\"bye\"");
  child.OnEvent(canceled, sink);
  EXPECT_EQ(child.state(), State::kCanceled);
  ExpectResolvedCanceled(OnlyResultJob(sink));
  EXPECT_EQ(OnlyResultJob(sink)
                .resolution.failure.cause()
                .canceled_failure_info()
                .details()
                .payloads(0)
                .data(),
            "\"bye\"");
  child.Cancel(sink, "too late");
  EXPECT_EQ(child.state(), State::kCanceled);
  EXPECT_TRUE(sink.commands.empty());
  EXPECT_EQ(sink.jobs.size(), 1u);
}

void FailedToStart() {
  RecordingSink sink;
  auto owner = NewChild(sink);
  ChildWorkflowMachine& child = *owner;
  Initiate(child, sink);
  child.OnEvent(ChildEvent(6, enums::EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED), sink);
  EXPECT_EQ(child.state(), State::kStartFailed);
  ASSERT_EQ(sink.jobs.size(), 1u);
  const auto& job = std::get<ResolveChildStartJob>(sink.jobs[0]);
  EXPECT_EQ(job.seq, 4u);
  EXPECT_EQ(job.kind, ResolveChildStartJob::Kind::kFailed);
  EXPECT_EQ(job.cause, enums::START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS);
  EXPECT_EQ(job.failure.message(), "Child Workflow execution failed to start");
  ExpectChildInfo(job.failure, 0, "", enums::RETRY_STATE_NON_RETRYABLE_FAILURE);
  EXPECT_EQ(job.failure.cause().message(), "Workflow execution already started");
  EXPECT_EQ(job.failure.cause().application_failure_info().type(), "WorkflowAlreadyExists");
  EXPECT_TRUE(job.failure.cause().application_failure_info().non_retryable());
  child.Cancel(sink, "too late");
  EXPECT_EQ(child.state(), State::kStartFailed);
  EXPECT_EQ(sink.jobs.size(), 1u);
}

void CanceledBeforeTheServerSawIt() {
  // Every cancellation type: the start command is withdrawn and the start resolves canceled.
  for (auto type :
       {ChildWorkflowCancellationType::kAbandon, ChildWorkflowCancellationType::kTryCancel,
        ChildWorkflowCancellationType::kWaitCancellationRequested,
        ChildWorkflowCancellationType::kWaitCancellationCompleted}) {
    RecordingSink sink;
    auto owner = NewChild(sink, type);
    ChildWorkflowMachine& child = *owner;
    child.Cancel(sink, "order withdrawn");
    EXPECT_TRUE(sink.commands.empty());  // the start command is withdrawn
    EXPECT_EQ(sink.drops, 1);
    EXPECT_TRUE(child.canceled_before_sent());
    EXPECT_EQ(child.state(), State::kCanceledBeforeSent);
    ASSERT_EQ(sink.jobs.size(), 1u);
    const auto& job = std::get<ResolveChildStartJob>(sink.jobs[0]);
    EXPECT_EQ(job.seq, 4u);
    EXPECT_EQ(job.kind, ResolveChildStartJob::Kind::kCanceled);
    EXPECT_EQ(job.failure.message(),
              "Child Workflow Execution cancelled before scheduled: order withdrawn");
    EXPECT_TRUE(job.failure.cause().has_canceled_failure_info());
    EXPECT_TRUE(job.failure.has_child_workflow_execution_failure_info());
    child.Cancel(sink, "again");  // canceling again changes nothing
    EXPECT_EQ(sink.jobs.size(), 1u);
    EXPECT_EQ(child.state(), State::kCanceledBeforeSent);
  }
}

void AbandonedAfterItStarted() {
  RecordingSink sink;
  auto owner = NewChild(sink, ChildWorkflowCancellationType::kAbandon);
  ChildWorkflowMachine& child = *owner;
  InitiateAndStart(child, sink);
  child.Cancel(sink, "order withdrawn");
  EXPECT_TRUE(sink.commands.empty());  // the child is not told
  EXPECT_EQ(child.cancel_request_state(), CancelRequestState::kNotRequested);
  EXPECT_EQ(child.state(), State::kResolvedCanceled);
  ExpectResolvedCanceled(OnlyResultJob(sink));
  child.Cancel(sink, "again");
  EXPECT_EQ(child.state(), State::kResolvedCanceled);
  // The abandoned child goes on and completes: accepted, not reported.
  child.OnEvent(ChildEvent(9, enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED), sink);
  EXPECT_EQ(child.state(), State::kResolvedCanceledChildClosed);
  child.Cancel(sink, "again");
  EXPECT_EQ(child.state(), State::kResolvedCanceledChildClosed);
  EXPECT_EQ(sink.jobs.size(), 1u);
  EXPECT_TRUE(sink.commands.empty());
}

void TryCancelAfterItStarted() {
  RecordingSink sink;
  auto owner = NewChild(sink, ChildWorkflowCancellationType::kTryCancel);
  ChildWorkflowMachine& child = *owner;
  InitiateAndStart(child, sink);
  child.Cancel(sink, "order withdrawn");
  ExpectCancelRequestCommand(sink, child, "run-7");
  EXPECT_EQ(child.state(), State::kResolvedCanceled);  // resolved at once
  ExpectResolvedCanceled(OnlyResultJob(sink));
  child.OnCommandEvent(sink.TakeCommand(), CancelInitiated("child-1"), sink);
  EXPECT_EQ(child.cancel_request_state(), CancelRequestState::kCommandRecorded);
  child.OnEvent(CancelRequested(), sink);
  EXPECT_EQ(child.cancel_request_state(), CancelRequestState::kRequested);
  child.OnEvent(ChildEvent(14, enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED), sink);
  EXPECT_EQ(child.state(), State::kResolvedCanceledChildClosed);
  EXPECT_EQ(sink.jobs.size(), 1u);  // resolved once only
}

void AfterTryCancelTheChildMayCloseAnyway() {
  // The child may ignore the request (sdk-core reports non-determinism here,
  // temporalio/sdk-rust#1434; the close is legitimate).
  for (auto close : {enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED,
                     enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT,
                     enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED}) {
    RecordingSink sink;
    auto owner = NewChild(sink, ChildWorkflowCancellationType::kTryCancel);
    ChildWorkflowMachine& child = *owner;
    InitiateAndStart(child, sink);
    child.Cancel(sink, "order withdrawn");
    child.OnCommandEvent(sink.TakeCommand(), CancelInitiated("child-1"), sink);
    child.OnEvent(ChildEvent(14, close), sink);
    EXPECT_EQ(child.state(), State::kResolvedCanceledChildClosed);
    EXPECT_EQ(sink.jobs.size(), 1u);
  }
}

void WaitCancellationRequestedAfterItStarted() {
  RecordingSink sink;
  auto owner = NewChild(sink, ChildWorkflowCancellationType::kWaitCancellationRequested);
  ChildWorkflowMachine& child = *owner;
  InitiateAndStart(child, sink);
  child.Cancel(sink, "order withdrawn");
  ExpectCancelRequestCommand(sink, child, "run-7");
  EXPECT_EQ(child.state(), State::kStarted);
  EXPECT_TRUE(sink.jobs.empty());
  child.OnCommandEvent(sink.TakeCommand(), CancelInitiated("child-1"), sink);
  EXPECT_TRUE(sink.jobs.empty());
  child.OnEvent(CancelRequested(), sink);  // the child got the request: resolved
  EXPECT_EQ(child.state(), State::kResolvedCanceled);
  ExpectResolvedCanceled(OnlyResultJob(sink));
  child.OnEvent(ChildEvent(14, enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED), sink);
  EXPECT_EQ(child.state(), State::kResolvedCanceledChildClosed);
  EXPECT_EQ(sink.jobs.size(), 1u);
}

void WaitCancellationRequestedButTheRequestFailed() {
  // The request found no child (it had closed): the child's close resolves.
  RecordingSink sink;
  auto owner = NewChild(sink, ChildWorkflowCancellationType::kWaitCancellationRequested);
  ChildWorkflowMachine& child = *owner;
  InitiateAndStart(child, sink);
  child.Cancel(sink, "order withdrawn");
  child.OnCommandEvent(sink.TakeCommand(), CancelInitiated("child-1"), sink);
  child.OnEvent(CancelRequestFailed(), sink);
  EXPECT_EQ(child.cancel_request_state(), CancelRequestState::kFailed);
  EXPECT_EQ(child.state(), State::kStarted);
  EXPECT_TRUE(sink.jobs.empty());
  child.OnEvent(ChildEvent(14, enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED), sink);
  EXPECT_EQ(child.state(), State::kCompleted);
  EXPECT_EQ(OnlyResultJob(sink).resolution.kind, Resolution::Kind::kCompleted);
}

void WaitCancellationCompletedAfterItStarted() {
  RecordingSink sink;
  auto owner = NewChild(sink, ChildWorkflowCancellationType::kWaitCancellationCompleted);
  ChildWorkflowMachine& child = *owner;
  InitiateAndStart(child, sink);
  child.Cancel(sink, "order withdrawn");
  ExpectCancelRequestCommand(sink, child, "run-7");
  child.Cancel(sink, "order withdrawn");  // a second cancel sends nothing more
  EXPECT_EQ(sink.commands.size(), 1u);
  EXPECT_EQ(child.state(), State::kStarted);
  child.OnCommandEvent(sink.TakeCommand(), CancelInitiated("child-1"), sink);
  child.OnEvent(CancelRequested(), sink);  // told, but not yet closed
  EXPECT_TRUE(sink.jobs.empty());
  EXPECT_EQ(child.state(), State::kStarted);
  child.OnEvent(ChildEvent(14, enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED), sink);
  EXPECT_EQ(child.state(), State::kCanceled);
  ExpectResolvedCanceled(OnlyResultJob(sink));
}

void WaitCancellationCompletedButTheChildCompleted() {
  RecordingSink sink;
  auto owner = NewChild(sink, ChildWorkflowCancellationType::kWaitCancellationCompleted);
  ChildWorkflowMachine& child = *owner;
  InitiateAndStart(child, sink);
  child.Cancel(sink, "order withdrawn");
  child.OnCommandEvent(sink.TakeCommand(), CancelInitiated("child-1"), sink);
  child.OnEvent(ChildEvent(13, enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED), sink);
  EXPECT_EQ(child.state(), State::kCompleted);
  EXPECT_EQ(OnlyResultJob(sink).resolution.kind, Resolution::Kind::kCompleted);
  // The request's outcome may still follow the close.
  child.OnEvent(CancelRequestFailed(15), sink);
  EXPECT_EQ(child.cancel_request_state(), CancelRequestState::kFailed);
  EXPECT_EQ(sink.jobs.size(), 1u);
}

void AbandonedBeforeItStarted() {
  RecordingSink sink;
  auto owner = NewChild(sink, ChildWorkflowCancellationType::kAbandon);
  ChildWorkflowMachine& child = *owner;
  Initiate(child, sink);
  child.Cancel(sink, "order withdrawn");
  EXPECT_TRUE(sink.commands.empty());
  EXPECT_EQ(child.state(), State::kResolvedCanceled);
  // sdk-core resolves the result (not the start) as canceled.
  ExpectResolvedCanceled(OnlyResultJob(sink), /*started_event_id=*/0, /*run_id=*/"");
  child.OnEvent(ChildEvent(6, enums::EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED), sink);
  EXPECT_EQ(child.state(), State::kResolvedCanceledChildClosed);
  EXPECT_EQ(sink.jobs.size(), 1u);
}

void TryCancelBeforeItStarted() {
  RecordingSink sink;
  auto owner = NewChild(sink, ChildWorkflowCancellationType::kTryCancel);
  ChildWorkflowMachine& child = *owner;
  Initiate(child, sink);
  child.Cancel(sink, "order withdrawn");
  ExpectCancelRequestCommand(sink, child, /*run_id=*/"");  // no run yet: the id's current run
  EXPECT_EQ(child.state(), State::kResolvedCanceled);
  ExpectResolvedCanceled(OnlyResultJob(sink), 0, "");
  child.OnCommandEvent(sink.TakeCommand(), CancelInitiated("child-1"), sink);
  child.OnEvent(ChildEvent(kStartedEventId + 6, enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED),
                sink);
  EXPECT_EQ(child.state(), State::kResolvedCanceled);
  EXPECT_EQ(child.run_id(), "run-7");
  EXPECT_EQ(sink.jobs.size(), 1u);  // the start is not reported after the cancel resolved
}

void WaitCancellationBeforeItStarted() {
  // Both wait types: the request goes out, the child starts, its close resolves.
  for (auto type : {ChildWorkflowCancellationType::kWaitCancellationCompleted,
                    ChildWorkflowCancellationType::kWaitCancellationRequested}) {
    RecordingSink sink;
    auto owner = NewChild(sink, type);
    ChildWorkflowMachine& child = *owner;
    Initiate(child, sink);
    child.Cancel(sink, "order withdrawn");
    ExpectCancelRequestCommand(sink, child, "");
    EXPECT_EQ(child.state(), State::kStartEventRecorded);
    EXPECT_TRUE(sink.jobs.empty());
    child.OnCommandEvent(sink.TakeCommand(), CancelInitiated("child-1"), sink);
    child.OnEvent(ChildEvent(kStartedEventId, enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED),
                  sink);
    EXPECT_EQ(child.state(), State::kStarted);
    EXPECT_EQ(std::get<ResolveChildStartJob>(sink.TakeJobs().at(0)).kind,
              ResolveChildStartJob::Kind::kStarted);
    child.OnEvent(CancelRequested(), sink);
    if (type == ChildWorkflowCancellationType::kWaitCancellationRequested) {
      EXPECT_EQ(child.state(), State::kResolvedCanceled);
      ExpectResolvedCanceled(OnlyResultJob(sink));
      sink.TakeJobs();
    } else {
      EXPECT_TRUE(sink.jobs.empty());
    }
    child.OnEvent(ChildEvent(14, enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED), sink);
    if (type == ChildWorkflowCancellationType::kWaitCancellationCompleted) {
      EXPECT_EQ(child.state(), State::kCanceled);
      ExpectResolvedCanceled(OnlyResultJob(sink));
    } else {
      EXPECT_EQ(child.state(), State::kResolvedCanceledChildClosed);
      EXPECT_TRUE(sink.jobs.empty());
    }
  }
}

void WaitCancellationRequestedIsToldBeforeTheChildStarted() {
  RecordingSink sink;
  auto owner = NewChild(sink, ChildWorkflowCancellationType::kWaitCancellationRequested);
  ChildWorkflowMachine& child = *owner;
  Initiate(child, sink);
  child.Cancel(sink, "order withdrawn");
  child.OnCommandEvent(sink.TakeCommand(), CancelInitiated("child-1"), sink);
  child.OnEvent(CancelRequested(), sink);
  EXPECT_EQ(child.state(), State::kResolvedCanceled);
  ExpectResolvedCanceled(OnlyResultJob(sink), 0, "");
}

TEST(ChildWorkflowMachine, StartedThenCompleted) { StartedThenCompleted(); }
TEST(ChildWorkflowMachine, StartedThenFailed) { StartedThenFailed(); }
TEST(ChildWorkflowMachine, StartedThenTimedOut) { StartedThenTimedOut(); }
TEST(ChildWorkflowMachine, StartedThenTerminated) { StartedThenTerminated(); }
TEST(ChildWorkflowMachine, CanceledBySomeoneElse) { CanceledBySomeoneElse(); }
TEST(ChildWorkflowMachine, FailedToStart) { FailedToStart(); }
TEST(ChildWorkflowMachineCancel, BeforeTheServerSawIt) { CanceledBeforeTheServerSawIt(); }
TEST(ChildWorkflowMachineCancel, AbandonAfterItStarted) { AbandonedAfterItStarted(); }
TEST(ChildWorkflowMachineCancel, TryCancelAfterItStarted) { TryCancelAfterItStarted(); }
TEST(ChildWorkflowMachineCancel, AfterTryCancelTheChildMayCloseAnyway) {
  AfterTryCancelTheChildMayCloseAnyway();
}
TEST(ChildWorkflowMachineCancel, WaitCancellationRequestedAfterItStarted) {
  WaitCancellationRequestedAfterItStarted();
}
TEST(ChildWorkflowMachineCancel, WaitCancellationRequestedButTheRequestFailed) {
  WaitCancellationRequestedButTheRequestFailed();
}
TEST(ChildWorkflowMachineCancel, WaitCancellationCompletedAfterItStarted) {
  WaitCancellationCompletedAfterItStarted();
}
TEST(ChildWorkflowMachineCancel, WaitCancellationCompletedButTheChildCompleted) {
  WaitCancellationCompletedButTheChildCompleted();
}
TEST(ChildWorkflowMachineCancel, AbandonBeforeItStarted) { AbandonedBeforeItStarted(); }
TEST(ChildWorkflowMachineCancel, TryCancelBeforeItStarted) { TryCancelBeforeItStarted(); }
TEST(ChildWorkflowMachineCancel, WaitCancellationBeforeItStarted) {
  WaitCancellationBeforeItStarted();
}
TEST(ChildWorkflowMachineCancel, WaitCancellationRequestedIsToldBeforeTheChildStarted) {
  WaitCancellationRequestedIsToldBeforeTheChildStarted();
}

TEST(ChildWorkflowMachine, AdoptsTheWorkflowIdTheHistoryRecordedWhenGenerated) {
  RecordingSink sink;
  auto child =
      NewChild(sink, ChildWorkflowCancellationType::kTryCancel, /*workflow_id_generated=*/true);
  Initiate(*child, sink, "go-sdk-generated-id");
  EXPECT_EQ(child->workflow_id(), "go-sdk-generated-id");
  child->OnEvent(ChildEvent(kStartedEventId, enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED),
                 sink);
  // The workflow learns the adopted id with the start (a child handle's
  // workflow_id(), the target of its signals).
  EXPECT_EQ(std::get<ResolveChildStartJob>(sink.TakeJobs().at(0)).workflow_id, "go-sdk-generated-id");
  child->Cancel(sink, "order withdrawn");
  EXPECT_EQ(sink.commands.front()
                .command.request_cancel_external_workflow_execution_command_attributes()
                .workflow_id(),
            "go-sdk-generated-id");
}

TEST(ChildWorkflowMachine, StartFailureCausesAreNamed) {
  struct Case {
    enums::StartChildWorkflowExecutionFailedCause cause;
    std::string message;
    std::string type;
  };
  for (const Case& c : {Case{enums::START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_NAMESPACE_NOT_FOUND,
                             "Namespace not found", "NamespaceNotFound"},
                        Case{enums::START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_UNSPECIFIED,
                             "Child workflow could not be started", "Unspecified"}}) {
    RecordingSink sink;
    auto child = NewChild(sink);
    Initiate(*child, sink);
    auto failed = ChildEvent(6, enums::EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED);
    failed.mutable_start_child_workflow_execution_failed_event_attributes()->set_cause(c.cause);
    child->OnEvent(failed, sink);
    const auto& job = std::get<ResolveChildStartJob>(sink.jobs.at(0));
    EXPECT_EQ(job.cause, c.cause);
    EXPECT_EQ(job.failure.cause().message(), c.message);
    EXPECT_EQ(job.failure.cause().application_failure_info().type(), c.type);
  }
}

template <typename Table, typename Names>
void ExpectEveryRowCovered(const Table& table) {
  const auto covered = TransitionCoverage::Covered(Names::kMachine);
  for (size_t row = 0; row < std::size(table); ++row) {
    EXPECT_TRUE(covered.count(row))
        << Names::kMachine << ": no test exercises " << Names::Name(table[row].from) << " --"
        << Names::Name(table[row].trigger) << "--> " << Names::Name(table[row].to);
  }
}

TEST(ChildWorkflowMachineCoverage, TheScenariosExerciseEveryTransition) {
  StartedThenCompleted();
  StartedThenFailed();
  StartedThenTimedOut();
  StartedThenTerminated();
  CanceledBySomeoneElse();
  FailedToStart();
  CanceledBeforeTheServerSawIt();
  AbandonedAfterItStarted();
  TryCancelAfterItStarted();
  AfterTryCancelTheChildMayCloseAnyway();
  WaitCancellationRequestedAfterItStarted();
  WaitCancellationRequestedButTheRequestFailed();
  WaitCancellationCompletedAfterItStarted();
  WaitCancellationCompletedButTheChildCompleted();
  AbandonedBeforeItStarted();
  TryCancelBeforeItStarted();
  WaitCancellationBeforeItStarted();
  WaitCancellationRequestedIsToldBeforeTheChildStarted();
  ExpectEveryRowCovered<decltype(ChildWorkflowMachine::kTransitions), ChildWorkflowMachine::Names>(
      ChildWorkflowMachine::kTransitions);
  ExpectEveryRowCovered<decltype(ChildWorkflowMachine::kCancelRequestTransitions),
                        ChildWorkflowMachine::CancelRequestNames>(
      ChildWorkflowMachine::kCancelRequestTransitions);
}

// --- Non-determinism: the message says what history holds, what the code did, where. ---

TEST(ChildWorkflowMachineNonDeterminism, TheHistoryStartedAnotherWorkflowType) {
  RecordingSink sink;
  auto child = NewChild(sink);
  try {
    child->OnCommandEvent(sink.TakeCommand(), Initiated("BillOrder", "child-1"), sink);
    FAIL() << "expected NonDeterminismError";
  } catch (const NonDeterminismError& e) {
    EXPECT_EQ(e.event_id(), kInitiatedEventId);
    EXPECT_THAT(
        e.what(),
        AllOf(HasSubstr("history event 5"), HasSubstr("StartChildWorkflowExecutionInitiated"),
              HasSubstr("workflow type \"BillOrder\""),
              HasSubstr("the workflow started child workflow \"ShipOrder\" (id \"child-1\")"),
              HasSubstr("child_workflow_machine_test.cc:")));
  }
}

TEST(ChildWorkflowMachineNonDeterminism, TheHistoryStartedAnotherWorkflowId) {
  RecordingSink sink;
  auto child = NewChild(sink);
  EXPECT_THAT(
      [&] { child->OnCommandEvent(sink.TakeCommand(), Initiated("ShipOrder", "child-2"), sink); },
      ThrowsMessage<NonDeterminismError>(
          AllOf(HasSubstr("workflow type \"ShipOrder\", workflow id \"child-2\""),
                HasSubstr("the workflow started child workflow \"ShipOrder\" (id \"child-1\")"),
                HasSubstr("child_workflow_machine_test.cc:"))));
}

TEST(ChildWorkflowMachineNonDeterminism, TheHistoryCanceledAnotherWorkflow) {
  RecordingSink sink;
  auto child = NewChild(sink);
  InitiateAndStart(*child, sink);
  child->Cancel(sink, "order withdrawn");
  EXPECT_THAT(
      [&] { child->OnCommandEvent(sink.TakeCommand(), CancelInitiated("someone-else"), sink); },
      ThrowsMessage<NonDeterminismError>(
          AllOf(HasSubstr("history event 10"),
                HasSubstr("RequestCancelExternalWorkflowExecutionInitiated"),
                HasSubstr("workflow id \"someone-else\""),
                HasSubstr("the workflow canceled child workflow \"ShipOrder\" (id \"child-1\")"),
                HasSubstr("child_workflow_machine_test.cc:"))));
}

TEST(ChildWorkflowMachineNonDeterminism, ACloseBeforeTheChildStarted) {
  RecordingSink sink;
  auto child = NewChild(sink);
  Initiate(*child, sink);
  EXPECT_THAT(
      [&] {
        child->OnEvent(ChildEvent(8, enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED), sink);
      },
      ThrowsMessage<NonDeterminismError>(AllOf(
          HasSubstr("history event 8 (ChildWorkflowExecutionCompleted)"),
          HasSubstr(
              "child workflow \"ShipOrder\" (id \"child-1\") is in state StartEventRecorded, where "
              "ChildWorkflowExecutionCompleted cannot happen"),
          HasSubstr("child_workflow_machine_test.cc:"))));
}

TEST(ChildWorkflowMachineNonDeterminism, ASecondClose) {
  RecordingSink sink;
  auto child = NewChild(sink);
  InitiateAndStart(*child, sink);
  child->OnEvent(ChildEvent(9, enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED), sink);
  EXPECT_THAT(
      [&] {
        child->OnEvent(ChildEvent(10, enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED), sink);
      },
      ThrowsMessage<NonDeterminismError>(
          HasSubstr("in state Completed, where ChildWorkflowExecutionFailed cannot happen")));
}

TEST(ChildWorkflowMachineNonDeterminism, ACancelRequestOutcomeTheWorkflowNeverAskedFor) {
  RecordingSink sink;
  auto child = NewChild(sink);
  InitiateAndStart(*child, sink);
  EXPECT_THAT(
      [&] { child->OnEvent(CancelRequested(11), sink); },
      ThrowsMessage<NonDeterminismError>(AllOf(
          HasSubstr("history event 11 (ExternalWorkflowExecutionCancelRequested)"),
          HasSubstr(
              "request to cancel child workflow \"ShipOrder\" (id \"child-1\") is in state "
              "NotRequested, where ExternalWorkflowExecutionCancelRequested cannot happen"))));
}

TEST(ChildWorkflowMachineNonDeterminism, AnEventOfAnotherKind) {
  RecordingSink sink;
  auto child = NewChild(sink);
  InitiateAndStart(*child, sink);
  HistoryEvent fired;
  fired.set_event_id(9);
  fired.set_event_type(enums::EVENT_TYPE_TIMER_FIRED);
  fired.mutable_timer_fired_event_attributes()->set_timer_id("1");
  EXPECT_THAT([&] { child->OnEvent(fired, sink); },
              ThrowsMessage<NonDeterminismError>(
                  AllOf(HasSubstr("history event 9 (TimerFired, timer id \"1\")"),
                        HasSubstr("is in state Started, where TimerFired cannot happen"))));
}

}  // namespace
