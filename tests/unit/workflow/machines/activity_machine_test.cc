// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ActivityMachine: every transition of its table (each cancellation type
// before the server saw the activity, after it was scheduled, after it
// started; cancel requests racing the activity's end in either history
// order), the failures the workflow sees, the non-determinism it must
// detect, and proof that the scenarios below exercise the whole table.
#include "temporal/workflow/internal/machines/activity_machine.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "recording_sink.h"
#include "temporal/workflow/nondeterminism_error.h"

namespace {

namespace enums = temporal::api::enums::v1;
using temporal::NonDeterminismError;
using temporal::api::command::v1::Command;
using temporal::api::common::v1::Payloads;
using temporal::api::failure::v1::Failure;
using temporal::api::history::v1::HistoryEvent;
using temporal::workflow_internal::ActivityCancellationType;
using temporal::workflow_internal::Resolution;
using temporal::workflow_internal::ResolveActivityJob;
using temporal::workflow_internal::ScheduleActivityCommand;
using temporal::workflow_internal::machines::ActivityMachine;
using temporal::workflow_internal::machines::TransitionCoverage;
using temporal::workflow_internal::machines::testing::RecordingSink;
using State = ActivityMachine::State;
using Kind = Resolution::Kind;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

constexpr int64_t kScheduledEventId = 5;
constexpr int64_t kStartedEventId = 6;
constexpr const char* kWorker = "worker-1@host";

// --- Histories, built event by event. ---

Payloads Text(const std::string& text) {
  Payloads payloads;
  auto* payload = payloads.add_payloads();
  (*payload->mutable_metadata())["encoding"] = "json/plain";
  payload->set_data("\"" + text + "\"");
  return payloads;
}

HistoryEvent Event(int64_t id, enums::EventType type) {
  HistoryEvent event;
  event.set_event_id(id);
  event.set_event_type(type);
  return event;
}

HistoryEvent Scheduled(const std::string& activity_type = "Charge",
                       const std::string& activity_id = "1") {
  HistoryEvent event = Event(kScheduledEventId, enums::EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
  auto* a = event.mutable_activity_task_scheduled_event_attributes();
  a->mutable_activity_type()->set_name(activity_type);
  a->set_activity_id(activity_id);
  return event;
}

HistoryEvent Started() {
  HistoryEvent event = Event(kStartedEventId, enums::EVENT_TYPE_ACTIVITY_TASK_STARTED);
  auto* a = event.mutable_activity_task_started_event_attributes();
  a->set_scheduled_event_id(kScheduledEventId);
  a->set_identity(kWorker);
  a->set_attempt(1);
  return event;
}

HistoryEvent Completed(int64_t id = 7) {
  HistoryEvent event = Event(id, enums::EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
  auto* a = event.mutable_activity_task_completed_event_attributes();
  *a->mutable_result() = Text("receipt-42");
  a->set_scheduled_event_id(kScheduledEventId);
  a->set_started_event_id(kStartedEventId);
  a->set_identity(kWorker);
  return event;
}

Failure CardDeclined() {
  Failure failure;
  failure.set_message("card declined");
  failure.mutable_application_failure_info()->set_type("CardDeclined");
  failure.mutable_application_failure_info()->set_non_retryable(true);
  return failure;
}

HistoryEvent FailedEvent(int64_t id = 7) {
  HistoryEvent event = Event(id, enums::EVENT_TYPE_ACTIVITY_TASK_FAILED);
  auto* a = event.mutable_activity_task_failed_event_attributes();
  *a->mutable_failure() = CardDeclined();
  a->set_scheduled_event_id(kScheduledEventId);
  a->set_started_event_id(kStartedEventId);
  a->set_identity(kWorker);
  a->set_retry_state(enums::RETRY_STATE_NON_RETRYABLE_FAILURE);
  return event;
}

Failure StartToCloseTimeout() {
  Failure failure;
  failure.set_message("activity StartToClose timeout");
  failure.mutable_timeout_failure_info()->set_timeout_type(enums::TIMEOUT_TYPE_START_TO_CLOSE);
  return failure;
}

// `started_event_id` 0: the activity timed out before a worker picked it up.
HistoryEvent TimedOutEvent(int64_t id = 7, int64_t started_event_id = kStartedEventId) {
  HistoryEvent event = Event(id, enums::EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT);
  auto* a = event.mutable_activity_task_timed_out_event_attributes();
  *a->mutable_failure() = StartToCloseTimeout();
  a->set_scheduled_event_id(kScheduledEventId);
  a->set_started_event_id(started_event_id);
  a->set_retry_state(enums::RETRY_STATE_TIMEOUT);
  return event;
}

HistoryEvent CancelRequested(int64_t id = 9, int64_t scheduled_event_id = kScheduledEventId) {
  HistoryEvent event = Event(id, enums::EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED);
  auto* a = event.mutable_activity_task_cancel_requested_event_attributes();
  a->set_scheduled_event_id(scheduled_event_id);
  a->set_workflow_task_completed_event_id(id - 1);
  return event;
}

HistoryEvent CanceledEvent(int64_t id = 11, int64_t started_event_id = kStartedEventId) {
  HistoryEvent event = Event(id, enums::EVENT_TYPE_ACTIVITY_TASK_CANCELED);
  auto* a = event.mutable_activity_task_canceled_event_attributes();
  *a->mutable_details() = Text("refund issued");
  a->set_latest_cancel_requested_event_id(9);
  a->set_scheduled_event_id(kScheduledEventId);
  a->set_started_event_id(started_event_id);
  a->set_identity(kWorker);
  return event;
}

// --- The machine, driven as WorkflowMachines would. ---

ScheduleActivityCommand Charge(ActivityCancellationType cancellation_type,
                               bool activity_id_generated = false) {
  ScheduleActivityCommand command;
  command.seq = 1;
  command.attributes.set_activity_id("1");
  command.attributes.mutable_activity_type()->set_name("Charge");
  command.attributes.mutable_task_queue()->set_name("payments");
  *command.attributes.mutable_input() = Text("order-7");
  command.attributes.mutable_start_to_close_timeout()->set_seconds(10);
  command.cancellation_type = cancellation_type;
  command.activity_id_generated = activity_id_generated;
  return command;
}

// Machines stay where they are (the driver points at them): tests hold them by pointer.
std::unique_ptr<ActivityMachine> NewActivity(
    RecordingSink& sink, ActivityCancellationType type = ActivityCancellationType::kTryCancel,
    bool activity_id_generated = false) {
  auto activity = std::make_unique<ActivityMachine>(1, Charge(type, activity_id_generated),
                                                    std::source_location::current());
  activity->Schedule(sink);
  return activity;
}

// Matches the pending ScheduleActivityTask with ActivityTaskScheduled.
void RecordScheduled(ActivityMachine& activity, RecordingSink& sink,
                     const HistoryEvent& scheduled = Scheduled()) {
  activity.OnCommandEvent(sink.TakeCommand(), scheduled, sink);
}

void RecordStarted(ActivityMachine& activity, RecordingSink& sink) {
  RecordScheduled(activity, sink);
  activity.OnEvent(Started(), sink);
}

// Matches the pending RequestCancelActivityTask with ActivityTaskCancelRequested.
void RecordCancelRequested(ActivityMachine& activity, RecordingSink& sink) {
  activity.OnCommandEvent(sink.TakeCommand(), CancelRequested(), sink);
}

// The one job pushed since the last call, which must resolve activity 1.
Resolution TakeResolution(RecordingSink& sink) {
  auto jobs = sink.TakeJobs();
  EXPECT_EQ(jobs.size(), 1u);
  const auto& job = std::get<ResolveActivityJob>(jobs.at(0));
  EXPECT_EQ(job.seq, 1u);
  return job.resolution;
}

void ExpectRequestCancelIssued(RecordingSink& sink) {
  ASSERT_EQ(sink.commands.size(), 1u);
  const Command& command = sink.commands.front().command;
  EXPECT_EQ(command.command_type(), enums::COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK);
  EXPECT_EQ(command.request_cancel_activity_task_command_attributes().scheduled_event_id(),
            kScheduledEventId);
}

void ExpectSameProto(const google::protobuf::Message& actual,
                     const google::protobuf::Message& expected) {
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(actual, expected))
      << "actual:\n" << actual.DebugString() << "expected:\n" << expected.DebugString();
}

// The ActivityFailure wrapper sdk-core gives the workflow.
Failure ActivityFailure(const std::string& message, int64_t started_event_id,
                        const std::string& identity, enums::RetryState retry_state,
                        int64_t scheduled_event_id = kScheduledEventId) {
  Failure failure;
  failure.set_message(message);
  auto* info = failure.mutable_activity_failure_info();
  info->set_scheduled_event_id(scheduled_event_id);
  info->set_started_event_id(started_event_id);
  info->set_identity(identity);
  info->mutable_activity_type()->set_name("Charge");
  info->set_activity_id("1");
  info->set_retry_state(retry_state);
  return failure;
}

// The workflow's await resolved as canceled before any ActivityTaskCanceled:
// no ids, no identity, no details.
void ExpectCanceledAtOnce(const Resolution& resolution) {
  EXPECT_EQ(resolution.kind, Kind::kCanceled);
  Failure expected = ActivityFailure("Activity cancelled", /*started_event_id=*/0, /*identity=*/"",
                                     enums::RETRY_STATE_CANCEL_REQUESTED,
                                     /*scheduled_event_id=*/0);
  expected.mutable_cause()->mutable_canceled_failure_info();
  ExpectSameProto(resolution.failure, expected);
}

// Resolved by ActivityTaskCanceled: the worker's details and identity.
void ExpectCanceledByTheActivity(const Resolution& resolution,
                                 int64_t started_event_id = kStartedEventId) {
  EXPECT_EQ(resolution.kind, Kind::kCanceled);
  Failure expected = ActivityFailure("Activity cancelled", started_event_id, kWorker,
                                     enums::RETRY_STATE_CANCEL_REQUESTED);
  auto* canceled = expected.mutable_cause()->mutable_canceled_failure_info();
  *canceled->mutable_details() = Text("refund issued");
  ExpectSameProto(resolution.failure, expected);
}

void ExpectCompleted(const Resolution& resolution) {
  EXPECT_EQ(resolution.kind, Kind::kCompleted);
  ExpectSameProto(resolution.result, Text("receipt-42"));
}

void ExpectFailed(const Resolution& resolution) {
  EXPECT_EQ(resolution.kind, Kind::kFailed);
  Failure expected = ActivityFailure("Activity task failed", kStartedEventId, kWorker,
                                     enums::RETRY_STATE_NON_RETRYABLE_FAILURE);
  *expected.mutable_cause() = CardDeclined();
  ExpectSameProto(resolution.failure, expected);
}

void ExpectTimedOut(const Resolution& resolution, int64_t started_event_id = kStartedEventId) {
  EXPECT_EQ(resolution.kind, Kind::kFailed);
  Failure expected = ActivityFailure("Activity task timed out", started_event_id, "",
                                     enums::RETRY_STATE_TIMEOUT);
  *expected.mutable_cause() = StartToCloseTimeout();
  ExpectSameProto(resolution.failure, expected);
}

// --- Scenarios (each a test below, and all together in the coverage test). ---

void ScheduledStartedCompleted() {
  RecordingSink sink;
  auto owner = NewActivity(sink);
  ActivityMachine& activity = *owner;
  EXPECT_EQ(activity.state(), State::kScheduleCommandCreated);
  ASSERT_EQ(sink.commands.size(), 1u);
  const Command& schedule = sink.commands.front().command;
  EXPECT_EQ(schedule.command_type(), enums::COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK);
  ExpectSameProto(schedule.schedule_activity_task_command_attributes(),
                  Charge(ActivityCancellationType::kTryCancel).attributes);
  RecordScheduled(activity, sink);
  EXPECT_EQ(activity.state(), State::kScheduledEventRecorded);
  EXPECT_EQ(activity.scheduled_event_id(), kScheduledEventId);
  activity.OnEvent(Started(), sink);
  EXPECT_EQ(activity.state(), State::kStarted);
  EXPECT_TRUE(sink.jobs.empty());
  activity.OnEvent(Completed(), sink);
  EXPECT_EQ(activity.state(), State::kCompleted);
  ExpectCompleted(TakeResolution(sink));
}

void StartedThenFailed() {
  RecordingSink sink;
  auto owner = NewActivity(sink);
  ActivityMachine& activity = *owner;
  RecordStarted(activity, sink);
  activity.OnEvent(FailedEvent(), sink);
  EXPECT_EQ(activity.state(), State::kFailed);
  ExpectFailed(TakeResolution(sink));
}

void StartedThenTimedOut() {
  RecordingSink sink;
  auto owner = NewActivity(sink);
  ActivityMachine& activity = *owner;
  RecordStarted(activity, sink);
  activity.OnEvent(TimedOutEvent(), sink);
  EXPECT_EQ(activity.state(), State::kTimedOut);
  ExpectTimedOut(TakeResolution(sink));
}

void TimedOutBeforeAWorkerPickedItUp() {
  RecordingSink sink;
  auto owner = NewActivity(sink);
  ActivityMachine& activity = *owner;
  RecordScheduled(activity, sink);
  activity.OnEvent(TimedOutEvent(6, /*started_event_id=*/0), sink);
  EXPECT_EQ(activity.state(), State::kTimedOut);
  ExpectTimedOut(TakeResolution(sink), /*started_event_id=*/0);
}

// Canceled in the activation that scheduled it: whatever the cancellation
// type, the command is withdrawn and the await resolves as canceled at once.
void CanceledBeforeTheServerSawIt(ActivityCancellationType type) {
  RecordingSink sink;
  auto owner = NewActivity(sink, type);
  ActivityMachine& activity = *owner;
  activity.Cancel(sink);
  EXPECT_TRUE(sink.commands.empty());
  EXPECT_EQ(sink.drops, 1);
  EXPECT_TRUE(activity.canceled_before_sent());
  EXPECT_EQ(activity.state(), State::kCanceled);
  ExpectCanceledAtOnce(TakeResolution(sink));
  activity.Cancel(sink);  // canceling again changes nothing
  EXPECT_EQ(activity.state(), State::kCanceled);
  EXPECT_TRUE(sink.commands.empty());
  EXPECT_TRUE(sink.jobs.empty());
}
void TryCancelBeforeSent() { CanceledBeforeTheServerSawIt(ActivityCancellationType::kTryCancel); }
void WaitCancellationCompletedBeforeSent() {
  CanceledBeforeTheServerSawIt(ActivityCancellationType::kWaitCancellationCompleted);
}
void AbandonBeforeSent() { CanceledBeforeTheServerSawIt(ActivityCancellationType::kAbandon); }

void TryCancelAfterScheduled() {
  RecordingSink sink;
  auto owner = NewActivity(sink, ActivityCancellationType::kTryCancel);
  ActivityMachine& activity = *owner;
  RecordScheduled(activity, sink);
  activity.Cancel(sink);
  EXPECT_EQ(activity.state(), State::kScheduledActivityCancelCommandCreated);
  ExpectRequestCancelIssued(sink);
  ExpectCanceledAtOnce(TakeResolution(sink));
  EXPECT_FALSE(activity.canceled_before_sent());
  activity.Cancel(sink);  // a second cancel issues nothing more
  EXPECT_EQ(sink.commands.size(), 1u);
  RecordCancelRequested(activity, sink);
  EXPECT_EQ(activity.state(), State::kScheduledActivityCancelEventRecorded);
  activity.Cancel(sink);
  EXPECT_TRUE(sink.commands.empty());
  // The server cancels a task no worker holds at once; the await was resolved already.
  activity.OnEvent(CanceledEvent(10, /*started_event_id=*/0), sink);
  EXPECT_EQ(activity.state(), State::kCanceled);
  EXPECT_TRUE(sink.jobs.empty());
}

void WaitCancellationCompletedAfterScheduled() {
  RecordingSink sink;
  auto owner = NewActivity(sink, ActivityCancellationType::kWaitCancellationCompleted);
  ActivityMachine& activity = *owner;
  RecordScheduled(activity, sink);
  activity.Cancel(sink);
  ExpectRequestCancelIssued(sink);
  EXPECT_TRUE(sink.jobs.empty());  // resolves when the activity says how it ended
  RecordCancelRequested(activity, sink);
  EXPECT_TRUE(sink.jobs.empty());
  activity.OnEvent(CanceledEvent(10, /*started_event_id=*/0), sink);
  EXPECT_EQ(activity.state(), State::kCanceled);
  ExpectCanceledByTheActivity(TakeResolution(sink), /*started_event_id=*/0);
  activity.Cancel(sink);  // after the resolution: nothing
  EXPECT_TRUE(sink.commands.empty());
  EXPECT_TRUE(sink.jobs.empty());
}

void AbandonAfterScheduled() {
  RecordingSink sink;
  auto owner = NewActivity(sink, ActivityCancellationType::kAbandon);
  ActivityMachine& activity = *owner;
  RecordScheduled(activity, sink);
  activity.Cancel(sink);
  EXPECT_TRUE(sink.commands.empty());  // the server is not told
  EXPECT_EQ(activity.state(), State::kAbandoned);
  ExpectCanceledAtOnce(TakeResolution(sink));
  activity.Cancel(sink);
  // The activity runs on and completes; nobody waits for it any more.
  activity.OnEvent(Started(), sink);
  activity.OnEvent(Completed(), sink);
  EXPECT_EQ(activity.state(), State::kAbandoned);
  EXPECT_TRUE(sink.jobs.empty());
  EXPECT_TRUE(sink.commands.empty());
}

void TryCancelAfterStarted() {
  RecordingSink sink;
  auto owner = NewActivity(sink, ActivityCancellationType::kTryCancel);
  ActivityMachine& activity = *owner;
  RecordStarted(activity, sink);
  activity.Cancel(sink);
  EXPECT_EQ(activity.state(), State::kStartedActivityCancelCommandCreated);
  ExpectRequestCancelIssued(sink);
  ExpectCanceledAtOnce(TakeResolution(sink));
  activity.Cancel(sink);
  EXPECT_EQ(sink.commands.size(), 1u);
  RecordCancelRequested(activity, sink);
  EXPECT_EQ(activity.state(), State::kStartedActivityCancelEventRecorded);
  activity.Cancel(sink);
  activity.OnEvent(CanceledEvent(), sink);  // the activity heard the request
  EXPECT_EQ(activity.state(), State::kCanceled);
  EXPECT_TRUE(sink.jobs.empty());
  EXPECT_TRUE(sink.commands.empty());
}

void WaitCancellationCompletedAfterStarted() {
  RecordingSink sink;
  auto owner = NewActivity(sink, ActivityCancellationType::kWaitCancellationCompleted);
  ActivityMachine& activity = *owner;
  RecordStarted(activity, sink);
  activity.Cancel(sink);
  ExpectRequestCancelIssued(sink);
  EXPECT_TRUE(sink.jobs.empty());
  RecordCancelRequested(activity, sink);
  EXPECT_TRUE(sink.jobs.empty());
  activity.OnEvent(CanceledEvent(), sink);
  EXPECT_EQ(activity.state(), State::kCanceled);
  ExpectCanceledByTheActivity(TakeResolution(sink));
}

void AbandonAfterStarted() {
  RecordingSink sink;
  auto owner = NewActivity(sink, ActivityCancellationType::kAbandon);
  ActivityMachine& activity = *owner;
  RecordStarted(activity, sink);
  activity.Cancel(sink);
  EXPECT_TRUE(sink.commands.empty());
  EXPECT_EQ(activity.state(), State::kAbandoned);
  ExpectCanceledAtOnce(TakeResolution(sink));
  // Whatever the abandoned activity reports later is accepted and ignored.
  activity.OnEvent(FailedEvent(), sink);
  activity.OnEvent(TimedOutEvent(), sink);
  activity.OnEvent(CanceledEvent(), sink);
  EXPECT_EQ(activity.state(), State::kAbandoned);
  EXPECT_TRUE(sink.jobs.empty());
}

// The cancel request and the activity's end cross, the history recording
// the request first (sdk-core's cancel_not_sent_when_also_complete_repro:
// CancelRequested, then the lazily written Started, then Completed).
void CancelRequestedThenCompleted(ActivityCancellationType type) {
  RecordingSink sink;
  auto owner = NewActivity(sink, type);
  ActivityMachine& activity = *owner;
  RecordScheduled(activity, sink);
  activity.Cancel(sink);
  ExpectRequestCancelIssued(sink);
  const auto resolved_at_once = sink.TakeJobs();
  RecordCancelRequested(activity, sink);
  activity.OnEvent(Started(), sink);
  EXPECT_EQ(activity.state(), State::kStartedActivityCancelEventRecorded);
  activity.OnEvent(Completed(11), sink);
  EXPECT_EQ(activity.state(), State::kCompleted);
  if (type == ActivityCancellationType::kTryCancel) {
    ASSERT_EQ(resolved_at_once.size(), 1u);
    EXPECT_TRUE(sink.jobs.empty());  // the workflow already saw "canceled"
  } else {
    EXPECT_TRUE(resolved_at_once.empty());
    ExpectCompleted(TakeResolution(sink));  // it waited, and sees the real result
  }
}
void TryCancelThenCancelRequestedThenCompleted() {
  CancelRequestedThenCompleted(ActivityCancellationType::kTryCancel);
}
void WaitCancellationCompletedThenCancelRequestedThenCompleted() {
  CancelRequestedThenCompleted(ActivityCancellationType::kWaitCancellationCompleted);
}

void WaitCancellationCompletedThenCancelRequestedThenFailed() {
  RecordingSink sink;
  auto owner = NewActivity(sink, ActivityCancellationType::kWaitCancellationCompleted);
  ActivityMachine& activity = *owner;
  RecordStarted(activity, sink);
  activity.Cancel(sink);
  RecordCancelRequested(activity, sink);
  activity.OnEvent(FailedEvent(11), sink);
  EXPECT_EQ(activity.state(), State::kFailed);
  ExpectFailed(TakeResolution(sink));
}

void WaitCancellationCompletedThenCancelRequestedThenTimedOut() {
  {  // started
    RecordingSink sink;
    auto owner = NewActivity(sink, ActivityCancellationType::kWaitCancellationCompleted);
    ActivityMachine& activity = *owner;
    RecordStarted(activity, sink);
    activity.Cancel(sink);
    RecordCancelRequested(activity, sink);
    activity.OnEvent(TimedOutEvent(11), sink);
    EXPECT_EQ(activity.state(), State::kTimedOut);
    ExpectTimedOut(TakeResolution(sink));
  }
  {  // never picked up
    RecordingSink sink;
    auto owner = NewActivity(sink, ActivityCancellationType::kWaitCancellationCompleted);
    ActivityMachine& activity = *owner;
    RecordScheduled(activity, sink);
    activity.Cancel(sink);
    RecordCancelRequested(activity, sink);
    activity.OnEvent(TimedOutEvent(11, /*started_event_id=*/0), sink);
    EXPECT_EQ(activity.state(), State::kTimedOut);
    ExpectTimedOut(TakeResolution(sink), /*started_event_id=*/0);
  }
}

// The other order: the history holds the activity's end before the cancel
// request the workflow issued in the same workflow task. The end counts;
// the request is accepted when it comes, and may also never come.
void CompletedThenCancelRequested(ActivityCancellationType type) {
  RecordingSink sink;
  auto owner = NewActivity(sink, type);
  ActivityMachine& activity = *owner;
  RecordStarted(activity, sink);
  activity.Cancel(sink);
  ExpectRequestCancelIssued(sink);
  const auto resolved_at_once = sink.TakeJobs();
  activity.OnEvent(Completed(), sink);
  EXPECT_EQ(activity.state(), State::kCompleted);
  if (type == ActivityCancellationType::kTryCancel) {
    ASSERT_EQ(resolved_at_once.size(), 1u);
    EXPECT_TRUE(sink.jobs.empty());
  } else {
    EXPECT_TRUE(resolved_at_once.empty());
    ExpectCompleted(TakeResolution(sink));
  }
  EXPECT_TRUE(activity.MayBeAbsentFromHistory(sink.commands.front().command));
  RecordCancelRequested(activity, sink);
  EXPECT_EQ(activity.state(), State::kCompleted);
  EXPECT_TRUE(sink.jobs.empty());
}
void TryCancelThenCompletedThenCancelRequested() {
  CompletedThenCancelRequested(ActivityCancellationType::kTryCancel);
}
void WaitCancellationCompletedThenCompletedThenCancelRequested() {
  CompletedThenCancelRequested(ActivityCancellationType::kWaitCancellationCompleted);
}

void WaitCancellationCompletedThenFailedThenCancelRequested() {
  RecordingSink sink;
  auto owner = NewActivity(sink, ActivityCancellationType::kWaitCancellationCompleted);
  ActivityMachine& activity = *owner;
  RecordStarted(activity, sink);
  activity.Cancel(sink);
  activity.OnEvent(FailedEvent(), sink);
  EXPECT_EQ(activity.state(), State::kFailed);
  ExpectFailed(TakeResolution(sink));
  EXPECT_TRUE(activity.MayBeAbsentFromHistory(sink.commands.front().command));
  RecordCancelRequested(activity, sink);
  EXPECT_EQ(activity.state(), State::kFailed);
  EXPECT_TRUE(sink.jobs.empty());
}

void WaitCancellationCompletedThenTimedOutThenCancelRequested() {
  {  // canceled while scheduled, then it started and timed out
    RecordingSink sink;
    auto owner = NewActivity(sink, ActivityCancellationType::kWaitCancellationCompleted);
    ActivityMachine& activity = *owner;
    RecordScheduled(activity, sink);
    activity.Cancel(sink);
    activity.OnEvent(Started(), sink);
    EXPECT_EQ(activity.state(), State::kStartedActivityCancelCommandCreated);
    activity.OnEvent(TimedOutEvent(), sink);
    EXPECT_EQ(activity.state(), State::kTimedOut);
    ExpectTimedOut(TakeResolution(sink));
    RecordCancelRequested(activity, sink);
    EXPECT_EQ(activity.state(), State::kTimedOut);
  }
  {  // canceled while scheduled, timed out before a worker picked it up
    RecordingSink sink;
    auto owner = NewActivity(sink, ActivityCancellationType::kWaitCancellationCompleted);
    ActivityMachine& activity = *owner;
    RecordScheduled(activity, sink);
    activity.Cancel(sink);
    activity.OnEvent(TimedOutEvent(6, /*started_event_id=*/0), sink);
    EXPECT_EQ(activity.state(), State::kTimedOut);
    ExpectTimedOut(TakeResolution(sink), /*started_event_id=*/0);
    EXPECT_TRUE(activity.MayBeAbsentFromHistory(sink.commands.front().command));
  }
}

// The workflow cancels an activity whose resolution it has not handled yet
// (the job is in the same activation): nothing is issued, nothing resolves twice.
void CancelAfterTheActivityEnded(ActivityCancellationType type) {
  const std::function<void(ActivityMachine&, RecordingSink&)> ends[] = {
      [](ActivityMachine& a, RecordingSink& s) { a.OnEvent(Completed(), s); },
      [](ActivityMachine& a, RecordingSink& s) { a.OnEvent(FailedEvent(), s); },
      [](ActivityMachine& a, RecordingSink& s) { a.OnEvent(TimedOutEvent(), s); },
  };
  for (const auto& end : ends) {
    RecordingSink sink;
    auto owner = NewActivity(sink, type);
    ActivityMachine& activity = *owner;
    RecordStarted(activity, sink);
    end(activity, sink);
    const State ended = activity.state();
    EXPECT_EQ(sink.TakeJobs().size(), 1u);
    activity.Cancel(sink);
    EXPECT_EQ(activity.state(), ended);
    EXPECT_TRUE(sink.commands.empty());
    EXPECT_TRUE(sink.jobs.empty());
    EXPECT_FALSE(activity.MayBeAbsentFromHistory(Command{}));
  }
}
void TryCancelAfterTheActivityEnded() {
  CancelAfterTheActivityEnded(ActivityCancellationType::kTryCancel);
}
void AbandonAfterTheActivityEnded() {
  CancelAfterTheActivityEnded(ActivityCancellationType::kAbandon);
}

TEST(ActivityMachine, ScheduledStartedCompleted) { ScheduledStartedCompleted(); }
TEST(ActivityMachine, StartedThenFailed) { StartedThenFailed(); }
TEST(ActivityMachine, StartedThenTimedOut) { StartedThenTimedOut(); }
TEST(ActivityMachine, TimedOutBeforeAWorkerPickedItUp) { TimedOutBeforeAWorkerPickedItUp(); }

TEST(ActivityMachineCancel, TryCancelBeforeSent) { TryCancelBeforeSent(); }
TEST(ActivityMachineCancel, WaitCancellationCompletedBeforeSent) {
  WaitCancellationCompletedBeforeSent();
}
TEST(ActivityMachineCancel, AbandonBeforeSent) { AbandonBeforeSent(); }
TEST(ActivityMachineCancel, TryCancelAfterScheduled) { TryCancelAfterScheduled(); }
TEST(ActivityMachineCancel, WaitCancellationCompletedAfterScheduled) {
  WaitCancellationCompletedAfterScheduled();
}
TEST(ActivityMachineCancel, AbandonAfterScheduled) { AbandonAfterScheduled(); }
TEST(ActivityMachineCancel, TryCancelAfterStarted) { TryCancelAfterStarted(); }
TEST(ActivityMachineCancel, WaitCancellationCompletedAfterStarted) {
  WaitCancellationCompletedAfterStarted();
}
TEST(ActivityMachineCancel, AbandonAfterStarted) { AbandonAfterStarted(); }
TEST(ActivityMachineCancel, TryCancelAfterTheActivityEnded) { TryCancelAfterTheActivityEnded(); }
TEST(ActivityMachineCancel, AbandonAfterTheActivityEnded) { AbandonAfterTheActivityEnded(); }

TEST(ActivityMachineCancelRace, TryCancelThenCancelRequestedThenCompleted) {
  TryCancelThenCancelRequestedThenCompleted();
}
TEST(ActivityMachineCancelRace, WaitCancellationCompletedThenCancelRequestedThenCompleted) {
  WaitCancellationCompletedThenCancelRequestedThenCompleted();
}
TEST(ActivityMachineCancelRace, WaitCancellationCompletedThenCancelRequestedThenFailed) {
  WaitCancellationCompletedThenCancelRequestedThenFailed();
}
TEST(ActivityMachineCancelRace, WaitCancellationCompletedThenCancelRequestedThenTimedOut) {
  WaitCancellationCompletedThenCancelRequestedThenTimedOut();
}
TEST(ActivityMachineCancelRace, TryCancelThenCompletedThenCancelRequested) {
  TryCancelThenCompletedThenCancelRequested();
}
TEST(ActivityMachineCancelRace, WaitCancellationCompletedThenCompletedThenCancelRequested) {
  WaitCancellationCompletedThenCompletedThenCancelRequested();
}
TEST(ActivityMachineCancelRace, WaitCancellationCompletedThenFailedThenCancelRequested) {
  WaitCancellationCompletedThenFailedThenCancelRequested();
}
TEST(ActivityMachineCancelRace, WaitCancellationCompletedThenTimedOutThenCancelRequested) {
  WaitCancellationCompletedThenTimedOutThenCancelRequested();
}

TEST(ActivityMachine, AdoptsTheActivityIdTheHistoryRecordedWhenGenerated) {
  // Another SDK numbered the activity by its event id: its "5" is our "1".
  RecordingSink sink;
  auto owner =
      NewActivity(sink, ActivityCancellationType::kTryCancel, /*activity_id_generated=*/true);
  ActivityMachine& activity = *owner;
  RecordScheduled(activity, sink, Scheduled("Charge", "5"));
  EXPECT_EQ(activity.activity_id(), "5");
  EXPECT_EQ(activity.Describe(), "activity \"Charge\" (id \"5\")");
  activity.OnEvent(Started(), sink);
  activity.OnEvent(FailedEvent(), sink);
  const Resolution failed = TakeResolution(sink);
  EXPECT_EQ(failed.failure.activity_failure_info().activity_id(), "5");
}

TEST(ActivityMachineCoverage, TheScenariosExerciseEveryTransition) {
  ScheduledStartedCompleted();
  StartedThenFailed();
  StartedThenTimedOut();
  TimedOutBeforeAWorkerPickedItUp();
  TryCancelBeforeSent();
  WaitCancellationCompletedBeforeSent();
  AbandonBeforeSent();
  TryCancelAfterScheduled();
  WaitCancellationCompletedAfterScheduled();
  AbandonAfterScheduled();
  TryCancelAfterStarted();
  WaitCancellationCompletedAfterStarted();
  AbandonAfterStarted();
  TryCancelAfterTheActivityEnded();
  AbandonAfterTheActivityEnded();
  TryCancelThenCancelRequestedThenCompleted();
  WaitCancellationCompletedThenCancelRequestedThenCompleted();
  WaitCancellationCompletedThenCancelRequestedThenFailed();
  WaitCancellationCompletedThenCancelRequestedThenTimedOut();
  TryCancelThenCompletedThenCancelRequested();
  WaitCancellationCompletedThenCompletedThenCancelRequested();
  WaitCancellationCompletedThenFailedThenCancelRequested();
  WaitCancellationCompletedThenTimedOutThenCancelRequested();
  const auto covered = TransitionCoverage::Covered(ActivityMachine::Names::kMachine);
  for (size_t row = 0; row < std::size(ActivityMachine::kTransitions); ++row) {
    const auto& t = ActivityMachine::kTransitions[row];
    EXPECT_TRUE(covered.count(row))
        << "no test exercises " << ActivityMachine::Names::Name(t.from) << " --"
        << ActivityMachine::Names::Name(t.trigger) << "--> " << ActivityMachine::Names::Name(t.to);
  }
}

// --- Non-determinism: the message says what history holds, what the code did, where. ---

TEST(ActivityMachineNonDeterminism, AnotherActivityType) {
  RecordingSink sink;
  auto owner = NewActivity(sink);
  try {
    RecordScheduled(*owner, sink, Scheduled("Refund", "1"));
    FAIL() << "expected NonDeterminismError";
  } catch (const NonDeterminismError& e) {
    EXPECT_EQ(e.event_id(), kScheduledEventId);
    EXPECT_THAT(e.what(),
                AllOf(HasSubstr("history event 5"),
                      HasSubstr("ActivityTaskScheduled, activity type \"Refund\", "
                                "activity id \"1\""),
                      HasSubstr("the workflow scheduled activity \"Charge\" (id \"1\")"),
                      HasSubstr("activity_machine_test.cc:")));
  }
}

TEST(ActivityMachineNonDeterminism, AnotherActivityTypeEvenWhenTheIdWasGenerated) {
  RecordingSink sink;
  auto owner =
      NewActivity(sink, ActivityCancellationType::kTryCancel, /*activity_id_generated=*/true);
  EXPECT_THAT([&] { RecordScheduled(*owner, sink, Scheduled("Refund", "7")); },
              ThrowsMessage<NonDeterminismError>(
                  AllOf(HasSubstr("activity type \"Refund\""),
                        HasSubstr("scheduled activity \"Charge\""))));
}

TEST(ActivityMachineNonDeterminism, AnotherActivityIdTheWorkflowChose) {
  RecordingSink sink;
  auto owner = NewActivity(sink);
  EXPECT_THAT([&] { RecordScheduled(*owner, sink, Scheduled("Charge", "charge-2")); },
              ThrowsMessage<NonDeterminismError>(AllOf(
                  HasSubstr("history event 5 (ActivityTaskScheduled, activity type \"Charge\", "
                            "activity id \"charge-2\")"),
                  HasSubstr("the workflow scheduled activity \"Charge\" (id \"1\")"),
                  HasSubstr("activity_machine_test.cc:"))));
}

TEST(ActivityMachineNonDeterminism, CompletedBeforeItStarted) {
  RecordingSink sink;
  auto owner = NewActivity(sink);
  RecordScheduled(*owner, sink);
  try {
    owner->OnEvent(Completed(), sink);
    FAIL() << "expected NonDeterminismError";
  } catch (const NonDeterminismError& e) {
    EXPECT_EQ(e.event_id(), 7);
    EXPECT_THAT(e.what(), AllOf(HasSubstr("history event 7 (ActivityTaskCompleted)"),
                                HasSubstr("activity \"Charge\" (id \"1\") is in state "
                                          "ScheduledEventRecorded, where it cannot take "
                                          "ActivityTaskCompleted"),
                                HasSubstr("activity_machine_test.cc:")));
  }
  EXPECT_TRUE(sink.jobs.empty());
}

TEST(ActivityMachineNonDeterminism, CompletedAfterTheActivityReportedItsCancellation) {
  // Only an abandoned activity may report after its cancellation resolved it.
  RecordingSink sink;
  auto owner = NewActivity(sink, ActivityCancellationType::kWaitCancellationCompleted);
  RecordStarted(*owner, sink);
  owner->Cancel(sink);
  RecordCancelRequested(*owner, sink);
  owner->OnEvent(CanceledEvent(10), sink);
  EXPECT_THAT([&] { owner->OnEvent(Completed(11), sink); },
              ThrowsMessage<NonDeterminismError>(AllOf(
                  HasSubstr("history event 11"),
                  HasSubstr("in state Canceled, where it cannot take ActivityTaskCompleted"))));
}

TEST(ActivityMachineNonDeterminism, AnEventThatIsNotAnActivitys) {
  RecordingSink sink;
  auto owner = NewActivity(sink);
  RecordStarted(*owner, sink);
  HistoryEvent fired = Event(7, enums::EVENT_TYPE_TIMER_FIRED);
  fired.mutable_timer_fired_event_attributes()->set_timer_id("1");
  EXPECT_THAT([&] { owner->OnEvent(fired, sink); },
              ThrowsMessage<NonDeterminismError>(
                  AllOf(HasSubstr("history event 7 (TimerFired, timer id \"1\")"),
                        HasSubstr("the workflow waits for activity \"Charge\" (id \"1\")"))));
}

TEST(ActivityMachineNonDeterminism, ACancelRequestForAnotherActivity) {
  RecordingSink sink;
  auto owner = NewActivity(sink);
  RecordStarted(*owner, sink);
  owner->Cancel(sink);
  EXPECT_THAT(
      [&] {
        owner->OnCommandEvent(sink.TakeCommand(), CancelRequested(9, /*scheduled_event_id=*/12),
                              sink);
      },
      ThrowsMessage<NonDeterminismError>(
          AllOf(HasSubstr("history event 9 (ActivityTaskCancelRequested, scheduled event 12)"),
                HasSubstr("the workflow canceled activity \"Charge\" (id \"1\"), "
                          "scheduled at event 5"))));
}

}  // namespace
