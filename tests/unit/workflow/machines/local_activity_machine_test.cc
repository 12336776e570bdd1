// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// LocalActivityMachine: every transition of its table, sdk-core's marker
// format (byte for byte against a marker a Rust-core SDK recorded), results
// read back from markers on replay exactly as they resolved when the
// activity ran, cancellation by each cancellation type, and the
// non-determinism it must detect.
#include "temporal/workflow/internal/machines/local_activity_machine.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <memory>

#include "recording_sink.h"
#include "temporal/workflow/nondeterminism_error.h"

namespace {

namespace enums = temporal::api::enums::v1;
using temporal::Duration;
using temporal::NonDeterminismError;
using temporal::Timestamp;
using temporal::api::command::v1::Command;
using temporal::api::common::v1::Payload;
using temporal::api::common::v1::Payloads;
using temporal::api::failure::v1::Failure;
using temporal::api::history::v1::HistoryEvent;
using temporal::workflow_internal::ActivityCancellationType;
using temporal::workflow_internal::ResolveLocalActivityJob;
using temporal::workflow_internal::Resolution;
using temporal::workflow_internal::ScheduleLocalActivityCommand;
using temporal::workflow_internal::machines::IllegalTransition;
using temporal::workflow_internal::machines::LocalActivityMachine;
using temporal::workflow_internal::machines::LocalActivityResult;
using temporal::workflow_internal::machines::ParseLocalActivityMarker;
using temporal::workflow_internal::machines::TransitionCoverage;
using temporal::workflow_internal::machines::testing::RecordingSink;
using State = LocalActivityMachine::State;
using ExecutorRequest = LocalActivityMachine::ExecutorRequest;
using ::testing::AllOf;
using ::testing::HasSubstr;

// The times of a marker a Rust-core SDK recorded
// (sdk-core's long_local_activity_with_update-0_history.bin, event 34).
const Timestamp kCompleteTime{std::chrono::seconds(1746468918) + std::chrono::nanoseconds(908258055)};
const Timestamp kScheduleTime{std::chrono::seconds(1746468912) + std::chrono::nanoseconds(910183193)};
constexpr char kRecordedData[] =
    R"({"seq":1,"attempt":1,"activity_id":"1","activity_type":"delay",)"
    R"("complete_time":{"seconds":1746468918,"nanos":908258055},"backoff":null,)"
    R"("original_schedule_time":{"seconds":1746468912,"nanos":910183193}})";

Payload Json(const std::string& data) {
  Payload payload;
  (*payload.mutable_metadata())["encoding"] = "json/plain";
  payload.set_data(data);
  return payload;
}

Payloads Value(const std::string& json) {
  Payloads payloads;
  *payloads.add_payloads() = Json(json);
  return payloads;
}

ScheduleLocalActivityCommand Schedule(uint32_t seq, const std::string& type,
                                      ActivityCancellationType cancellation_type) {
  ScheduleLocalActivityCommand command;
  command.seq = seq;
  command.activity_id = std::to_string(seq);
  command.activity_type = type;
  command.original_schedule_time = kScheduleTime;
  command.start_to_close_timeout = std::chrono::seconds(10);
  command.cancellation_type = cancellation_type;
  return command;
}

std::unique_ptr<LocalActivityMachine> NewLocalActivity(
    RecordingSink& sink, const std::string& type = "delay",
    ActivityCancellationType cancellation_type = ActivityCancellationType::kTryCancel, uint32_t seq = 1) {
  auto la = std::make_unique<LocalActivityMachine>(seq, Schedule(seq, type, cancellation_type),
                                                   std::source_location::current());
  la->Schedule(sink);
  return la;
}

LocalActivityResult Completed(const std::string& json) {
  LocalActivityResult result;
  result.outcome.kind = Resolution::Kind::kCompleted;
  result.outcome.result = Value(json);
  result.attempt = 1;
  result.complete_time = kCompleteTime;
  return result;
}

Failure ApplicationFailure(const std::string& message) {
  Failure failure;
  failure.set_message(message);
  failure.mutable_application_failure_info()->set_type("Boom");
  return failure;
}

Failure CanceledFailure(const std::string& message) {
  Failure failure;
  failure.set_message(message);
  failure.mutable_canceled_failure_info();
  return failure;
}

// The event the server records for a RecordMarker command.
HistoryEvent MarkerFor(const Command& command, int64_t event_id) {
  HistoryEvent event;
  event.set_event_id(event_id);
  event.set_event_type(enums::EVENT_TYPE_MARKER_RECORDED);
  const auto& c = command.record_marker_command_attributes();
  auto* attributes = event.mutable_marker_recorded_event_attributes();
  attributes->set_marker_name(c.marker_name());
  *attributes->mutable_details() = c.details();
  if (c.has_failure()) *attributes->mutable_failure() = c.failure();
  attributes->set_workflow_task_completed_event_id(event_id - 1);
  return event;
}

// A local activity marker as a Rust-core SDK records it.
HistoryEvent CoreMarker(int64_t event_id, uint32_t seq, const std::string& type,
                        const std::optional<std::string>& result_json,
                        const std::optional<Failure>& failure = std::nullopt,
                        const std::string& backoff_json = "null") {
  HistoryEvent event;
  event.set_event_id(event_id);
  event.set_event_type(enums::EVENT_TYPE_MARKER_RECORDED);
  auto* attributes = event.mutable_marker_recorded_event_attributes();
  attributes->set_marker_name("core_local_activity");
  const std::string data = R"({"seq":)" + std::to_string(seq) + R"(,"attempt":2,"activity_id":")" +
                           std::to_string(seq) + R"(","activity_type":")" + type +
                           R"(","complete_time":{"seconds":1746468918,"nanos":908258055},"backoff":)" +
                           backoff_json + R"(,"original_schedule_time":null})";
  *(*attributes->mutable_details())["data"].add_payloads() = Json(data);
  if (result_json) (*attributes->mutable_details())["result"] = Value(*result_json);
  if (failure) *attributes->mutable_failure() = *failure;
  return event;
}

// The server records the pending RecordMarker: match it with its event.
void RecordServerSide(LocalActivityMachine& la, RecordingSink& sink, int64_t event_id) {
  const Command record = sink.TakeCommand();
  la.OnCommandEvent(record, MarkerFor(record, event_id), sink);
}

const ResolveLocalActivityJob& OnlyJob(const RecordingSink& sink) {
  EXPECT_EQ(sink.jobs.size(), 1u);
  return std::get<ResolveLocalActivityJob>(sink.jobs.at(0));
}

bool Same(const google::protobuf::Message& a, const google::protobuf::Message& b) {
  return google::protobuf::util::MessageDifferencer::Equals(a, b);
}

// --- Scenarios (each a test below, and all together in the coverage test). ---

void CompletedWhileExecuting() {
  RecordingSink sink;
  auto owner = NewLocalActivity(sink);
  LocalActivityMachine& la = *owner;
  // Nothing goes to the server until it has run.
  EXPECT_EQ(la.state(), State::kRequestSent);
  EXPECT_TRUE(la.needs_execution());
  EXPECT_TRUE(sink.commands.empty());
  EXPECT_TRUE(sink.jobs.empty());

  la.Resolve(sink, Completed(R"("done")"));
  EXPECT_EQ(la.state(), State::kMarkerCommandCreated);
  EXPECT_FALSE(la.needs_execution());
  EXPECT_EQ(la.complete_time(), kCompleteTime);
  const auto& job = OnlyJob(sink);
  EXPECT_EQ(job.seq, 1u);
  EXPECT_EQ(job.resolution.kind, Resolution::Kind::kCompleted);
  EXPECT_EQ(job.resolution.result.payloads(0).data(), R"("done")");
  EXPECT_FALSE(job.backoff.has_value());

  ASSERT_EQ(sink.commands.size(), 1u);
  const Command& record = sink.commands.front().command;
  EXPECT_EQ(record.command_type(), enums::COMMAND_TYPE_RECORD_MARKER);
  const auto& attributes = record.record_marker_command_attributes();
  EXPECT_EQ(attributes.marker_name(), "core_local_activity");
  EXPECT_FALSE(attributes.has_failure());
  EXPECT_EQ(attributes.details().at("data").payloads(0).metadata().at("encoding"), "json/plain");
  EXPECT_EQ(attributes.details().at("data").payloads(0).data(), kRecordedData);
  EXPECT_EQ(attributes.details().at("result").payloads(0).data(), R"("done")");
  // The job carries the marker too (for tests and tooling).
  auto expected_marker = MarkerFor(record, 5).marker_recorded_event_attributes();
  expected_marker.clear_workflow_task_completed_event_id();
  EXPECT_TRUE(Same(job.marker, expected_marker));

  RecordServerSide(la, sink, 5);
  EXPECT_EQ(la.state(), State::kMarkerCommandRecorded);
  // Canceled or reported again once recorded: nothing more happens.
  EXPECT_EQ(la.Cancel(sink), ExecutorRequest::kRequestCancel);
  la.Resolve(sink, Completed(R"("again")"));
  EXPECT_EQ(la.state(), State::kMarkerCommandRecorded);
  EXPECT_EQ(sink.jobs.size(), 1u);
  EXPECT_TRUE(sink.commands.empty());
}

void FailedAndBackingOff() {
  RecordingSink sink;
  auto owner = NewLocalActivity(sink);
  LocalActivityMachine& la = *owner;
  LocalActivityResult result;
  result.outcome.kind = Resolution::Kind::kFailed;
  result.outcome.failure = ApplicationFailure("attempt 3 failed");
  result.attempt = 3;
  result.backoff = std::chrono::seconds(90);
  result.complete_time = kCompleteTime;
  la.Resolve(sink, result);
  const auto& job = OnlyJob(sink);
  ASSERT_TRUE(job.backoff.has_value());
  EXPECT_EQ(*job.backoff, std::chrono::seconds(90));
  EXPECT_EQ(job.next_attempt, 4u);
  const auto& attributes = sink.commands.front().command.record_marker_command_attributes();
  EXPECT_EQ(attributes.failure().message(), "attempt 3 failed");
  EXPECT_FALSE(attributes.details().contains("result"));
  EXPECT_THAT(attributes.details().at("data").payloads(0).data(),
              AllOf(HasSubstr(R"("attempt":3)"), HasSubstr(R"("backoff":{"seconds":90,"nanos":0})")));
  RecordServerSide(la, sink, 5);
  EXPECT_EQ(la.state(), State::kMarkerCommandRecorded);
}

void CanceledWaitingForTheActivity() {
  RecordingSink sink;
  auto owner = NewLocalActivity(sink, "delay", ActivityCancellationType::kWaitCancellationCompleted);
  LocalActivityMachine& la = *owner;
  EXPECT_EQ(la.Cancel(sink), ExecutorRequest::kRequestCancel);
  EXPECT_EQ(la.state(), State::kRequestSent);
  EXPECT_TRUE(sink.jobs.empty());  // resolved when the activity reports
  EXPECT_TRUE(sink.commands.empty());

  LocalActivityResult result;
  result.outcome.kind = Resolution::Kind::kCanceled;
  result.outcome.failure = CanceledFailure("stopped on request");
  result.complete_time = kCompleteTime;
  la.Resolve(sink, result);
  const auto& job = OnlyJob(sink);
  EXPECT_EQ(job.resolution.kind, Resolution::Kind::kCanceled);
  // The workflow sees an activity failure caused by the cancellation.
  EXPECT_EQ(job.resolution.failure.message(), "Local Activity cancelled");
  EXPECT_EQ(job.resolution.failure.activity_failure_info().activity_type().name(), "delay");
  EXPECT_EQ(job.resolution.failure.activity_failure_info().retry_state(), enums::RETRY_STATE_CANCEL_REQUESTED);
  EXPECT_EQ(job.resolution.failure.cause().message(), "stopped on request");
  // The marker keeps the cancellation as reported.
  EXPECT_EQ(sink.commands.front().command.record_marker_command_attributes().failure().message(),
            "stopped on request");
  EXPECT_EQ(la.Cancel(sink), ExecutorRequest::kRequestCancel);  // resolved: nothing changes
  EXPECT_EQ(sink.jobs.size(), 1u);
  RecordServerSide(la, sink, 5);
  EXPECT_EQ(la.Cancel(sink), ExecutorRequest::kRequestCancel);
  EXPECT_EQ(la.state(), State::kMarkerCommandRecorded);
}

void TryCancelWhileItRuns() {
  RecordingSink sink;
  auto owner = NewLocalActivity(sink, "delay", ActivityCancellationType::kTryCancel);
  LocalActivityMachine& la = *owner;
  EXPECT_EQ(la.Cancel(sink), ExecutorRequest::kRequestCancel);
  EXPECT_EQ(la.state(), State::kMarkerCommandCreated);
  const auto& job = OnlyJob(sink);
  EXPECT_EQ(job.resolution.kind, Resolution::Kind::kCanceled);
  EXPECT_EQ(job.resolution.failure.message(), "Local Activity cancelled");
  EXPECT_TRUE(job.resolution.failure.cause().has_canceled_failure_info());
  const auto& attributes = sink.commands.front().command.record_marker_command_attributes();
  EXPECT_TRUE(attributes.failure().has_canceled_failure_info());
  // It did not wait for the activity: no completion time.
  EXPECT_THAT(attributes.details().at("data").payloads(0).data(), HasSubstr(R"("complete_time":null)"));
  EXPECT_FALSE(la.complete_time().has_value());

  EXPECT_EQ(la.Cancel(sink), ExecutorRequest::kRequestCancel);  // again: nothing changes
  la.Resolve(sink, Completed(R"("late")"));                      // the activity's late result is ignored
  EXPECT_EQ(sink.jobs.size(), 1u);
  EXPECT_EQ(sink.commands.size(), 1u);
  RecordServerSide(la, sink, 5);
  EXPECT_EQ(la.state(), State::kMarkerCommandRecorded);
}

void ReplayedFromAnUpcomingMarker() {
  RecordingSink sink;
  sink.is_replaying = true;
  sink.upcoming = {CoreMarker(5, 2, "other", R"("not mine")"), CoreMarker(6, 1, "delay", R"("recorded")")};
  auto owner = NewLocalActivity(sink);
  LocalActivityMachine& la = *owner;
  EXPECT_EQ(la.state(), State::kWaitingMarkerEventPreResolved);
  EXPECT_FALSE(la.needs_execution());  // it is not run again
  const auto& job = OnlyJob(sink);
  EXPECT_EQ(job.resolution.kind, Resolution::Kind::kCompleted);
  EXPECT_EQ(job.resolution.result.payloads(0).data(), R"("recorded")");
  EXPECT_EQ(la.complete_time(), kCompleteTime);
  ASSERT_EQ(sink.commands.size(), 1u);
  EXPECT_EQ(sink.commands.front().command.record_marker_command_attributes().details().at("result").payloads(0).data(),
            R"("recorded")");
  // A cancel now changes nothing: the marker says how it ended.
  EXPECT_EQ(la.Cancel(sink), ExecutorRequest::kNone);
  la.OnCommandEvent(sink.TakeCommand(), sink.upcoming[1], sink);
  EXPECT_EQ(la.state(), State::kMarkerCommandRecorded);
  EXPECT_EQ(sink.jobs.size(), 1u);
}

void ReplayedFromAMarkerOfALaterWorkflowTask() {
  RecordingSink sink;
  sink.is_replaying = true;
  auto owner = NewLocalActivity(sink, "delay", ActivityCancellationType::kWaitCancellationCompleted);
  LocalActivityMachine& la = *owner;
  EXPECT_EQ(la.state(), State::kWaitingMarkerEvent);
  EXPECT_TRUE(la.waiting_for_marker());
  EXPECT_FALSE(la.needs_execution());
  EXPECT_TRUE(sink.commands.empty());
  EXPECT_EQ(la.Cancel(sink), ExecutorRequest::kNone);  // still waits for the marker
  EXPECT_FALSE(la.ResolveFromUpcomingMarker(sink));    // not in this task either
  // The next replayed workflow task records it, as canceled.
  sink.upcoming = {CoreMarker(9, 1, "delay", std::nullopt, CanceledFailure("Activity cancelled"))};
  EXPECT_TRUE(la.ResolveFromUpcomingMarker(sink));
  EXPECT_EQ(la.state(), State::kWaitingMarkerEventPreResolved);
  EXPECT_FALSE(la.ResolveFromUpcomingMarker(sink));  // once
  EXPECT_EQ(OnlyJob(sink).resolution.kind, Resolution::Kind::kCanceled);
  EXPECT_EQ(la.Cancel(sink), ExecutorRequest::kNone);
  la.OnCommandEvent(sink.TakeCommand(), sink.upcoming[0], sink);
  EXPECT_EQ(la.state(), State::kMarkerCommandRecorded);
}

void ReplayEndsBeforeItsMarker() {
  RecordingSink sink;
  sink.is_replaying = true;
  auto owner = NewLocalActivity(sink, "delay", ActivityCancellationType::kTryCancel);
  LocalActivityMachine& la = *owner;
  EXPECT_EQ(la.Cancel(sink), ExecutorRequest::kNone);  // TryCancel while replaying: the marker decides
  EXPECT_EQ(la.state(), State::kWaitingMarkerEvent);
  EXPECT_TRUE(sink.jobs.empty());
  // The history has no marker for it: it ran when the worker went away. It runs now.
  sink.is_replaying = false;
  la.OnNonReplayWorkflowTask();
  EXPECT_EQ(la.state(), State::kRequestSent);
  EXPECT_TRUE(la.needs_execution());
  la.OnNonReplayWorkflowTask();  // no effect once it runs
  la.Resolve(sink, Completed(R"("ran now")"));
  EXPECT_EQ(OnlyJob(sink).resolution.result.payloads(0).data(), R"("ran now")");
  RecordServerSide(la, sink, 12);
  EXPECT_EQ(la.state(), State::kMarkerCommandRecorded);
}

TEST(LocalActivityMachine, CompletedWhileExecuting) { CompletedWhileExecuting(); }
TEST(LocalActivityMachine, FailedAndBackingOff) { FailedAndBackingOff(); }
TEST(LocalActivityMachine, CanceledWaitingForTheActivity) { CanceledWaitingForTheActivity(); }
TEST(LocalActivityMachine, TryCancelWhileItRuns) { TryCancelWhileItRuns(); }
TEST(LocalActivityMachine, ReplayedFromAnUpcomingMarker) { ReplayedFromAnUpcomingMarker(); }
TEST(LocalActivityMachine, ReplayedFromAMarkerOfALaterWorkflowTask) { ReplayedFromAMarkerOfALaterWorkflowTask(); }
TEST(LocalActivityMachine, ReplayEndsBeforeItsMarker) { ReplayEndsBeforeItsMarker(); }

TEST(LocalActivityMachine, AbandonResolvesAtOnceAndTellsTheWorkerToForgetIt) {
  RecordingSink sink;
  auto la = NewLocalActivity(sink, "delay", ActivityCancellationType::kAbandon);
  EXPECT_EQ(la->Cancel(sink), ExecutorRequest::kAbandon);
  EXPECT_EQ(OnlyJob(sink).resolution.kind, Resolution::Kind::kCanceled);
  EXPECT_EQ(sink.commands.size(), 1u);
  EXPECT_EQ(la->Cancel(sink), ExecutorRequest::kNone);
}

TEST(LocalActivityMachineCoverage, TheScenariosExerciseEveryTransition) {
  CompletedWhileExecuting();
  FailedAndBackingOff();
  CanceledWaitingForTheActivity();
  TryCancelWhileItRuns();
  ReplayedFromAnUpcomingMarker();
  ReplayedFromAMarkerOfALaterWorkflowTask();
  ReplayEndsBeforeItsMarker();
  const auto covered = TransitionCoverage::Covered(LocalActivityMachine::Names::kMachine);
  for (size_t row = 0; row < std::size(LocalActivityMachine::kTransitions); ++row) {
    const auto& t = LocalActivityMachine::kTransitions[row];
    EXPECT_TRUE(covered.count(row))
        << "no test exercises " << LocalActivityMachine::Names::Name(t.from) << " --"
        << LocalActivityMachine::Names::Name(t.trigger) << "--> " << LocalActivityMachine::Names::Name(t.to);
  }
}

// --- The marker format, and resolutions read back from markers. ---

TEST(LocalActivityMarkers, ReadsTheDataARustCoreSdkRecorded) {
  HistoryEvent event = CoreMarker(34, 1, "delay", "null");
  (*event.mutable_marker_recorded_event_attributes()->mutable_details())["data"].mutable_payloads(0)->set_data(
      kRecordedData);
  const auto data = ParseLocalActivityMarker(event);
  ASSERT_TRUE(data.has_value());
  EXPECT_EQ(data->seq, 1u);
  EXPECT_EQ(data->attempt, 1u);
  EXPECT_EQ(data->activity_id, "1");
  EXPECT_EQ(data->activity_type, "delay");
  EXPECT_EQ(data->complete_time, kCompleteTime);
  EXPECT_FALSE(data->backoff.has_value());
  EXPECT_EQ(data->original_schedule_time, kScheduleTime);
}

TEST(LocalActivityMarkers, OtherEventsAndUnreadableMarkersAreNotRead) {
  HistoryEvent patch = CoreMarker(5, 1, "delay", "1");
  patch.mutable_marker_recorded_event_attributes()->set_marker_name("core_patch");
  EXPECT_FALSE(ParseLocalActivityMarker(patch).has_value());
  HistoryEvent go_marker = CoreMarker(5, 1, "delay", "1");
  go_marker.mutable_marker_recorded_event_attributes()->set_marker_name("LocalActivity");
  EXPECT_FALSE(ParseLocalActivityMarker(go_marker).has_value());
  HistoryEvent garbled = CoreMarker(5, 1, "delay", "1");
  (*garbled.mutable_marker_recorded_event_attributes()->mutable_details())["data"].mutable_payloads(0)->set_data(
      R"({"seq":"one"})");
  EXPECT_FALSE(ParseLocalActivityMarker(garbled).has_value());
}

TEST(LocalActivityMarkers, ABackoffRecordedInTheMarkerSchedulesTheNextAttempt) {
  RecordingSink sink;
  sink.is_replaying = true;
  sink.upcoming = {CoreMarker(5, 1, "delay", std::nullopt, ApplicationFailure("try later"),
                              R"({"seconds":61,"nanos":500})")};
  auto la = NewLocalActivity(sink);
  const auto& job = OnlyJob(sink);
  ASSERT_TRUE(job.backoff.has_value());
  EXPECT_EQ(*job.backoff, std::chrono::seconds(61) + std::chrono::nanoseconds(500));
  EXPECT_EQ(job.next_attempt, 3u);  // the marker's attempt was 2
  EXPECT_EQ(job.resolution.kind, Resolution::Kind::kFailed);
  EXPECT_EQ(job.resolution.failure.message(), "try later");
}

TEST(LocalActivityMarkers, ACancellationWrappedByItsSdkIsNotWrappedAgain) {
  Failure wrapped;
  wrapped.set_message("Local Activity cancelled");
  wrapped.mutable_activity_failure_info()->mutable_activity_type()->set_name("delay");
  *wrapped.mutable_cause() = CanceledFailure("Activity cancelled");
  RecordingSink sink;
  sink.is_replaying = true;
  sink.upcoming = {CoreMarker(5, 1, "delay", std::nullopt, wrapped)};
  auto la = NewLocalActivity(sink);
  const auto& job = OnlyJob(sink);
  EXPECT_EQ(job.resolution.kind, Resolution::Kind::kCanceled);
  EXPECT_TRUE(Same(job.resolution.failure, wrapped));
}

TEST(LocalActivityMarkers, ACompletionWithoutResultReadsAsAnEmptyResult) {
  RecordingSink sink;
  sink.is_replaying = true;
  sink.upcoming = {CoreMarker(5, 1, "delay", std::nullopt)};
  auto la = NewLocalActivity(sink);
  EXPECT_EQ(OnlyJob(sink).resolution.kind, Resolution::Kind::kCompleted);
  EXPECT_EQ(OnlyJob(sink).resolution.result.payloads_size(), 0);
}

// Replay must resolve exactly as the run that executed the activity did,
// whatever the outcome: a workflow may branch on it.
TEST(LocalActivityMarkers, ReplayResolvesExactlyAsTheExecutionDid) {
  Failure timeout;
  timeout.set_message("Activity timed out");
  timeout.mutable_timeout_failure_info()->set_timeout_type(enums::TIMEOUT_TYPE_START_TO_CLOSE);
  std::vector<LocalActivityResult> outcomes(4, Completed(R"("ok")"));
  outcomes[1].outcome = {.kind = Resolution::Kind::kFailed, .failure = ApplicationFailure("no")};
  outcomes[2].outcome = {.kind = Resolution::Kind::kFailed, .failure = timeout};
  outcomes[3].outcome = {.kind = Resolution::Kind::kCanceled};
  for (const auto& outcome : outcomes) {
    RecordingSink executing;
    auto ran = NewLocalActivity(executing, "delay", ActivityCancellationType::kWaitCancellationCompleted);
    ran->Resolve(executing, outcome);
    const auto executed = OnlyJob(executing);

    RecordingSink replaying;
    replaying.is_replaying = true;
    replaying.upcoming = {MarkerFor(executing.commands.front().command, 5)};
    auto replayed = NewLocalActivity(replaying, "delay", ActivityCancellationType::kWaitCancellationCompleted);
    const auto& read_back = OnlyJob(replaying);
    SCOPED_TRACE(executed.resolution.failure.DebugString());
    EXPECT_EQ(read_back.resolution.kind, executed.resolution.kind);
    EXPECT_TRUE(Same(read_back.resolution.result, executed.resolution.result));
    EXPECT_TRUE(Same(read_back.resolution.failure, executed.resolution.failure));
    replayed->OnCommandEvent(replaying.TakeCommand(), replaying.upcoming[0], replaying);
    EXPECT_EQ(replayed->state(), State::kMarkerCommandRecorded);
  }
  // A timeout reaches the workflow as an activity failure caused by it.
  RecordingSink sink;
  auto la = NewLocalActivity(sink);
  la->Resolve(sink, outcomes[2]);
  const auto& job = OnlyJob(sink);
  EXPECT_EQ(job.resolution.failure.message(), "Local Activity timed out");
  EXPECT_EQ(job.resolution.failure.activity_failure_info().retry_state(), enums::RETRY_STATE_TIMEOUT);
  EXPECT_TRUE(job.resolution.failure.cause().has_timeout_failure_info());
}

// An activity that reports its cancellation as a failure (a CanceledError
// thrown without a cancel request, or at worker shutdown) is recorded with
// that failure, which reads back as canceled: the workflow must see it so
// while executing too, or a replay would take another path.
TEST(LocalActivityMarkers, AFailureThatIsACancellationResolvesAsCanceledAsItsReplayWill) {
  LocalActivityResult failed;
  failed.outcome = {.kind = Resolution::Kind::kFailed, .failure = CanceledFailure("stopped")};
  RecordingSink executing;
  auto ran = NewLocalActivity(executing, "delay", ActivityCancellationType::kWaitCancellationCompleted);
  ran->Resolve(executing, failed);
  const auto executed = OnlyJob(executing);
  EXPECT_EQ(executed.resolution.kind, Resolution::Kind::kCanceled);
  EXPECT_TRUE(executed.resolution.failure.has_activity_failure_info());
  EXPECT_EQ(executed.resolution.failure.cause().message(), "stopped");

  RecordingSink replaying;
  replaying.is_replaying = true;
  replaying.upcoming = {MarkerFor(executing.commands.front().command, 5)};
  auto replayed = NewLocalActivity(replaying, "delay", ActivityCancellationType::kWaitCancellationCompleted);
  EXPECT_EQ(OnlyJob(replaying).resolution.kind, executed.resolution.kind);
  EXPECT_TRUE(Same(OnlyJob(replaying).resolution.failure, executed.resolution.failure));
  // The executing run's own marker matches it.
  ran->OnCommandEvent(executing.TakeCommand(), replaying.upcoming[0], executing);
  EXPECT_EQ(ran->state(), State::kMarkerCommandRecorded);
}

TEST(LocalActivityMachine, AResultWhileReplayingIsADriverBug) {
  RecordingSink sink;
  sink.is_replaying = true;
  auto la = NewLocalActivity(sink);
  EXPECT_THROW(la->Resolve(sink, Completed("1")), IllegalTransition);
}

// --- Non-determinism: the message says what history holds, what the code did, where. ---

TEST(LocalActivityMachineNonDeterminism, AMarkerForAnotherSeq) {
  RecordingSink sink;
  auto la = NewLocalActivity(sink, "delay");
  la->Resolve(sink, Completed("1"));
  try {
    la->OnCommandEvent(sink.TakeCommand(), CoreMarker(7, 2, "delay", "1"), sink);
    FAIL() << "expected NonDeterminismError";
  } catch (const NonDeterminismError& e) {
    EXPECT_EQ(e.event_id(), 7);
    EXPECT_THAT(e.what(), AllOf(HasSubstr("history event 7"), HasSubstr("MarkerRecorded"),
                                HasSubstr("marker \"core_local_activity\""),
                                HasSubstr("ran local activity \"delay\" (seq 1)"),
                                HasSubstr("is for local activity \"delay\" (seq 2)"),
                                HasSubstr("local_activity_machine_test.cc:")));
  }
  EXPECT_EQ(la->state(), State::kMarkerCommandCreated);
}

TEST(LocalActivityMachineNonDeterminism, AMarkerForAnotherActivityType) {
  RecordingSink sink;
  auto la = NewLocalActivity(sink, "delay");
  la->Resolve(sink, Completed("1"));
  EXPECT_THAT([&] { la->OnCommandEvent(sink.TakeCommand(), CoreMarker(7, 1, "Refund", "1"), sink); },
              ::testing::ThrowsMessage<NonDeterminismError>(
                  AllOf(HasSubstr("history event 7"), HasSubstr("ran local activity \"delay\" (seq 1)"),
                        HasSubstr("is for local activity \"Refund\" (seq 1)"))));
}

TEST(LocalActivityMachineNonDeterminism, ReplayingAnUpcomingMarkerOfAnotherActivityType) {
  RecordingSink sink;
  sink.is_replaying = true;
  sink.upcoming = {CoreMarker(6, 1, "Refund", "1")};
  EXPECT_THAT([&] { NewLocalActivity(sink, "Charge"); },
              ::testing::ThrowsMessage<NonDeterminismError>(
                  AllOf(HasSubstr("history event 6"), HasSubstr("marker \"core_local_activity\""),
                        HasSubstr("scheduled local activity \"Charge\" (seq 1)"),
                        HasSubstr("records activity type \"Refund\""),
                        HasSubstr("local_activity_machine_test.cc:"))));
  EXPECT_TRUE(sink.jobs.empty());  // nothing resolved with another activity's result
}

TEST(LocalActivityMachineNonDeterminism, CompletedHereButTheHistorySaysItFailed) {
  RecordingSink sink;
  auto la = NewLocalActivity(sink, "delay");
  la->Resolve(sink, Completed("1"));
  EXPECT_THAT(
      [&] {
        la->OnCommandEvent(sink.TakeCommand(), CoreMarker(7, 1, "delay", std::nullopt, ApplicationFailure("x")),
                           sink);
      },
      ::testing::ThrowsMessage<NonDeterminismError>(
          AllOf(HasSubstr("history event 7"), HasSubstr("which completed, but the history says it failed"))));
}

TEST(LocalActivityMachineNonDeterminism, FailedHereButTheHistorySaysItCompleted) {
  RecordingSink sink;
  auto la = NewLocalActivity(sink, "delay");
  la->Resolve(sink, {.outcome = {.kind = Resolution::Kind::kFailed, .failure = ApplicationFailure("x")}});
  EXPECT_THAT([&] { la->OnCommandEvent(sink.TakeCommand(), CoreMarker(7, 1, "delay", "1"), sink); },
              ::testing::ThrowsMessage<NonDeterminismError>(
                  HasSubstr("which failed, but the history says it completed")));
}

TEST(LocalActivityMachineNonDeterminism, AMarkerThatIsNotALocalActivityMarker) {
  RecordingSink sink;
  auto la = NewLocalActivity(sink, "delay");
  la->Resolve(sink, Completed("1"));
  HistoryEvent side_effect = CoreMarker(8, 1, "delay", "1");
  side_effect.mutable_marker_recorded_event_attributes()->set_marker_name("SideEffect");
  EXPECT_THAT([&] { la->OnCommandEvent(sink.TakeCommand(), side_effect, sink); },
              ::testing::ThrowsMessage<NonDeterminismError>(
                  AllOf(HasSubstr("history event 8"), HasSubstr("marker \"SideEffect\""),
                        HasSubstr("not a readable local activity marker"))));
}

TEST(LocalActivityMachineNonDeterminism, AMarkerWhileItStillWaits) {
  // The driver matched a marker with it before it resolved.
  RecordingSink sink;
  sink.is_replaying = true;
  auto la = NewLocalActivity(sink, "delay");
  Command record;
  record.set_command_type(enums::COMMAND_TYPE_RECORD_MARKER);
  EXPECT_THAT([&] { la->OnCommandEvent(record, CoreMarker(8, 1, "delay", "1"), sink); },
              ::testing::ThrowsMessage<NonDeterminismError>(
                  HasSubstr("in state WaitingMarkerEvent, where it records no marker")));
}

TEST(LocalActivityMachineNonDeterminism, NoEventFollowsALocalActivityMarker) {
  RecordingSink sink;
  auto la = NewLocalActivity(sink, "delay");
  EXPECT_THAT([&] { la->OnEvent(CoreMarker(9, 1, "delay", "1"), sink); },
              ::testing::ThrowsMessage<NonDeterminismError>(
                  AllOf(HasSubstr("history event 9"), HasSubstr("in state RequestSent, where no event follows"))));
}

}  // namespace
