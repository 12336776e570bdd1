// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// HistoryBuilder: ids, times and links are what a server would record; the
// worker's view of the n-th workflow task; serialization round trips; wrong
// links fail loudly; and a built history looks like a recorded one.
#include "temporal/testing/history_builder.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "temporal/common/error.h"
#include "temporal/replay/history_loader.h"
#include "temporal/testing/dev_server_environment.h"

namespace {

namespace fs = std::filesystem;
namespace enums = temporal::api::enums::v1;
using temporal::InvalidArgumentError;
using temporal::testing::HistoryBuilder;
using ::testing::AllOf;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

const fs::path kHistories = TEMPORAL_SHARED_HISTORIES_DIR;

temporal::api::common::v1::Payloads Text(const std::string& data) {
  temporal::api::common::v1::Payloads payloads;
  auto& payload = *payloads.add_payloads();
  (*payload.mutable_metadata())["encoding"] = "json/plain";
  payload.set_data("\"" + data + "\"");
  return payloads;
}

temporal::api::failure::v1::Failure Boom() {
  temporal::api::failure::v1::Failure failure;
  failure.set_message("boom");
  return failure;
}

// A history that uses every kind of event the builder writes.
HistoryBuilder EveryKindOfEvent() {
  HistoryBuilder b;
  b.AddWorkflowExecutionStarted("Everything", "queue", Text("in"));
  b.AddFullWorkflowTask();
  const auto timer = b.AddTimerStarted("t1", 5s);
  const auto timer2 = b.AddTimerStarted("t2", 1min);
  const auto activity = b.AddActivityTaskScheduled("a1", "Charge", {.start_to_close_timeout = 10s});
  const auto activity2 = b.AddActivityTaskScheduled("a2", "Refund", {});
  const auto child = b.AddStartChildWorkflowExecutionInitiated("child-1", "Child", Text("c"));
  const auto signal = b.AddSignalExternalWorkflowExecutionInitiated("other", "", "sig", Text("s"));
  const auto cancel = b.AddRequestCancelExternalWorkflowExecutionInitiated("other", "run-9");
  b.AddMarkerRecorded("core_patch", {{"patch_id", Text("p1")}});
  b.AddUpsertWorkflowSearchAttributes({});
  b.AddWorkflowPropertiesModified({});
  b.AddTimerFired(timer, "t1");
  const auto activity_started = b.AddActivityTaskStarted(activity);
  b.AddActivityTaskCompleted(activity, activity_started, Text("ok"));
  const auto child_started = b.AddChildWorkflowExecutionStarted(child);
  b.AddChildWorkflowExecutionCompleted(child, child_started, Text("done"));
  b.AddExternalWorkflowExecutionSignaled(signal);
  b.AddExternalWorkflowExecutionCancelRequested(cancel);
  b.AddWorkflowExecutionSignaled("go", Text("now"));
  b.AddWorkflowExecutionUpdateAdmitted("u1", "SetName", Text("x"));
  b.AddFullWorkflowTask();
  b.AddTimerCanceled(timer2, "t2");
  b.AddActivityTaskCancelRequested(activity2);
  b.AddActivityTaskCanceled(activity2, 0);
  const auto accepted = b.AddWorkflowExecutionUpdateAccepted("u1", "SetName", Text("x"));
  b.AddWorkflowExecutionUpdateCompleted(accepted, Text("named"));
  b.AddWorkflowExecutionCompleted(Text("result"));
  return b;
}

TEST(HistoryBuilder, EventIdsAreSequentialAndTimesIncrease) {
  const HistoryBuilder b = EveryKindOfEvent();
  ASSERT_EQ(b.events_count(), 32);
  EXPECT_EQ(b.last_event_id(), 32);
  for (int i = 0; i < b.events_count(); ++i) {
    const auto& event = b.history().events(i);
    EXPECT_EQ(event.event_id(), i + 1);
    EXPECT_NE(event.event_type(), enums::EVENT_TYPE_UNSPECIFIED) << "event " << event.event_id();
    if (i > 0) {
      EXPECT_GT(temporal::FromProto(event.event_time()),
                temporal::FromProto(b.history().events(i - 1).event_time()))
          << "event " << event.event_id();
    }
  }
  // Deterministic: the same calls give the same bytes.
  EXPECT_EQ(EveryKindOfEvent().history().SerializeAsString(), b.history().SerializeAsString());
}

TEST(HistoryBuilder, WorkflowStartedHasSensibleDefaults) {
  HistoryBuilder b({.workflow_id = "wf", .run_id = "run-1"});
  b.AddWorkflowExecutionStarted("Type", "queue", Text("in"));
  const auto& a = b.event(1).workflow_execution_started_event_attributes();
  EXPECT_EQ(a.workflow_type().name(), "Type");
  EXPECT_EQ(a.task_queue().name(), "queue");
  EXPECT_EQ(a.input().payloads(0).data(), "\"in\"");
  EXPECT_EQ(a.attempt(), 1);
  EXPECT_EQ(a.original_execution_run_id(), "run-1");
  EXPECT_EQ(a.first_execution_run_id(), "run-1");
  EXPECT_EQ(a.workflow_id(), "wf");
  EXPECT_EQ(temporal::FromProto(a.workflow_task_timeout()), 10s);
  EXPECT_EQ(b.event(1).event_time().seconds(), 1704067200);
}

TEST(HistoryBuilder, WorkflowTaskEventsLinkTheirTask) {
  HistoryBuilder b;
  b.AddWorkflowExecutionStarted("Type", "queue");
  const auto completed = b.AddFullWorkflowTask();
  EXPECT_EQ(completed, 4);
  EXPECT_EQ(b.event(2).workflow_task_scheduled_event_attributes().task_queue().name(), "queue");
  EXPECT_EQ(b.event(3).workflow_task_started_event_attributes().scheduled_event_id(), 2);
  EXPECT_EQ(b.event(4).workflow_task_completed_event_attributes().scheduled_event_id(), 2);
  EXPECT_EQ(b.event(4).workflow_task_completed_event_attributes().started_event_id(), 3);

  const auto scheduled = b.AddWorkflowTaskScheduled();
  const auto started = b.AddWorkflowTaskStarted();
  const auto failed = b.AddWorkflowTaskFailed(enums::WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR);
  const auto& f = b.event(failed).workflow_task_failed_event_attributes();
  EXPECT_EQ(f.scheduled_event_id(), scheduled);
  EXPECT_EQ(f.started_event_id(), started);
  EXPECT_EQ(f.cause(), enums::WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR);

  const auto never_started = b.AddWorkflowTaskScheduled();
  const auto timed_out = b.AddWorkflowTaskTimedOut();
  const auto& t = b.event(timed_out).workflow_task_timed_out_event_attributes();
  EXPECT_EQ(t.scheduled_event_id(), never_started);
  EXPECT_EQ(t.started_event_id(), 0);
  EXPECT_EQ(t.timeout_type(), enums::TIMEOUT_TYPE_SCHEDULE_TO_START);

  const auto retried = b.AddWorkflowTaskScheduled();
  const auto retried_started = b.AddWorkflowTaskStarted(retried);
  const auto& timed_out_started =
      b.event(b.AddWorkflowTaskTimedOut()).workflow_task_timed_out_event_attributes();
  EXPECT_EQ(timed_out_started.started_event_id(), retried_started);
  EXPECT_EQ(timed_out_started.timeout_type(), enums::TIMEOUT_TYPE_START_TO_CLOSE);
}

TEST(HistoryBuilder, CommandEventsLinkTheLatestCompletedWorkflowTask) {
  HistoryBuilder b;
  b.AddWorkflowExecutionStarted("Type", "queue");
  const auto first_task = b.AddFullWorkflowTask();
  const auto timer = b.AddTimerStarted("1", 90s);
  const auto fired = b.AddTimerFired(timer, "1");
  const auto second_task = b.AddFullWorkflowTask();
  const auto timer2 = b.AddTimerStarted("2", 1s);
  const auto canceled = b.AddTimerCanceled(timer2, "2");

  EXPECT_EQ(b.event(timer).timer_started_event_attributes().workflow_task_completed_event_id(),
            first_task);
  EXPECT_EQ(temporal::FromProto(b.event(timer).timer_started_event_attributes().start_to_fire_timeout()),
            90s);
  EXPECT_EQ(b.event(fired).timer_fired_event_attributes().started_event_id(), timer);
  EXPECT_EQ(b.event(fired).timer_fired_event_attributes().timer_id(), "1");
  EXPECT_EQ(b.event(timer2).timer_started_event_attributes().workflow_task_completed_event_id(),
            second_task);
  EXPECT_EQ(b.event(canceled).timer_canceled_event_attributes().started_event_id(), timer2);
  EXPECT_EQ(b.event(canceled).timer_canceled_event_attributes().workflow_task_completed_event_id(),
            second_task);
  const auto done = b.AddWorkflowExecutionCompleted({});
  EXPECT_EQ(b.event(done).workflow_execution_completed_event_attributes()
                .workflow_task_completed_event_id(),
            second_task);
}

TEST(HistoryBuilder, ActivityEventsLinkScheduledAndStarted) {
  HistoryBuilder b;
  b.AddWorkflowExecutionStarted("Type", "queue");
  const auto task = b.AddFullWorkflowTask();
  const auto scheduled = b.AddActivityTaskScheduled(
      "a1", "Charge", {.task_queue = "activities", .schedule_to_close_timeout = 1min,
                       .start_to_close_timeout = 10s, .heartbeat_timeout = 2s});
  const auto started = b.AddActivityTaskStarted(scheduled, 3);
  const auto failed = b.AddActivityTaskFailed(scheduled, started, Boom());
  const auto& s = b.event(scheduled).activity_task_scheduled_event_attributes();
  EXPECT_EQ(s.activity_id(), "a1");
  EXPECT_EQ(s.activity_type().name(), "Charge");
  EXPECT_EQ(s.task_queue().name(), "activities");
  EXPECT_EQ(temporal::FromProto(s.schedule_to_close_timeout()), 1min);
  EXPECT_EQ(temporal::FromProto(s.start_to_close_timeout()), 10s);
  EXPECT_EQ(temporal::FromProto(s.heartbeat_timeout()), 2s);
  EXPECT_EQ(s.workflow_task_completed_event_id(), task);
  EXPECT_EQ(b.event(started).activity_task_started_event_attributes().scheduled_event_id(), scheduled);
  EXPECT_EQ(b.event(started).activity_task_started_event_attributes().attempt(), 3);
  const auto& f = b.event(failed).activity_task_failed_event_attributes();
  EXPECT_EQ(f.scheduled_event_id(), scheduled);
  EXPECT_EQ(f.started_event_id(), started);
  EXPECT_EQ(f.failure().message(), "boom");
  EXPECT_EQ(f.retry_state(), enums::RETRY_STATE_NON_RETRYABLE_FAILURE);

  const auto second = b.AddActivityTaskScheduled("a2", "Ship", {});
  EXPECT_EQ(b.event(second).activity_task_scheduled_event_attributes().task_queue().name(), "queue");
  const auto timed_out = b.AddActivityTaskTimedOut(second, 0, Boom());
  EXPECT_EQ(b.event(timed_out).activity_task_timed_out_event_attributes().scheduled_event_id(), second);
  EXPECT_EQ(b.event(timed_out).activity_task_timed_out_event_attributes().started_event_id(), 0);

  const auto third = b.AddActivityTaskScheduled("a3", "Ship", {});
  const auto third_started = b.AddActivityTaskStarted(third);
  const auto requested = b.AddActivityTaskCancelRequested(third);
  const auto canceled = b.AddActivityTaskCanceled(third, third_started, Text("bye"));
  EXPECT_EQ(b.event(requested).activity_task_cancel_requested_event_attributes().scheduled_event_id(),
            third);
  const auto& c = b.event(canceled).activity_task_canceled_event_attributes();
  EXPECT_EQ(c.scheduled_event_id(), third);
  EXPECT_EQ(c.started_event_id(), third_started);
  EXPECT_EQ(c.latest_cancel_requested_event_id(), requested);
}

TEST(HistoryBuilder, ChildWorkflowEventsLinkInitiatedAndStarted) {
  HistoryBuilder b({.namespace_name = "ns"});
  b.AddWorkflowExecutionStarted("Parent", "queue");
  const auto task = b.AddFullWorkflowTask();
  const auto initiated = b.AddStartChildWorkflowExecutionInitiated("kid", "Child", Text("in"));
  const auto started = b.AddChildWorkflowExecutionStarted(initiated);
  const auto failed = b.AddChildWorkflowExecutionFailed(initiated, started, Boom());
  const auto& i = b.event(initiated).start_child_workflow_execution_initiated_event_attributes();
  EXPECT_EQ(i.workflow_id(), "kid");
  EXPECT_EQ(i.workflow_type().name(), "Child");
  EXPECT_EQ(i.namespace_(), "ns");
  EXPECT_EQ(i.workflow_task_completed_event_id(), task);
  const auto& s = b.event(started).child_workflow_execution_started_event_attributes();
  EXPECT_EQ(s.initiated_event_id(), initiated);
  EXPECT_EQ(s.workflow_execution().workflow_id(), "kid");
  EXPECT_EQ(s.workflow_execution().run_id(), "kid-run");
  const auto& f = b.event(failed).child_workflow_execution_failed_event_attributes();
  EXPECT_EQ(f.initiated_event_id(), initiated);
  EXPECT_EQ(f.started_event_id(), started);
  EXPECT_EQ(f.workflow_execution().run_id(), "kid-run");
  EXPECT_EQ(f.workflow_type().name(), "Child");
  EXPECT_EQ(f.failure().message(), "boom");

  const auto other = b.AddStartChildWorkflowExecutionInitiated("kid", "Child");
  const auto refused = b.AddStartChildWorkflowExecutionFailed(other);
  const auto& r = b.event(refused).start_child_workflow_execution_failed_event_attributes();
  EXPECT_EQ(r.initiated_event_id(), other);
  EXPECT_EQ(r.workflow_id(), "kid");
  EXPECT_EQ(r.cause(), enums::START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS);

  for (int kind = 0; kind < 3; ++kind) {
    const auto next = b.AddStartChildWorkflowExecutionInitiated("k" + std::to_string(kind), "Child");
    const auto next_started = b.AddChildWorkflowExecutionStarted(next, "r");
    const auto closed = kind == 0   ? b.AddChildWorkflowExecutionCanceled(next, next_started)
                        : kind == 1 ? b.AddChildWorkflowExecutionTimedOut(next, next_started)
                                    : b.AddChildWorkflowExecutionTerminated(next, next_started);
    const auto& e = b.event(closed);
    SCOPED_TRACE(enums::EventType_Name(e.event_type()));
    // Every close kind repeats the same links, whichever attributes it uses.
    const auto* reflection = e.GetReflection();
    const auto* attributes_field = e.GetDescriptor()->FindFieldByNumber(
        e.attributes_case());
    ASSERT_NE(attributes_field, nullptr);
    const auto& attributes = reflection->GetMessage(e, attributes_field);
    const auto* ar = attributes.GetReflection();
    const auto* ad = attributes.GetDescriptor();
    EXPECT_EQ(ar->GetInt64(attributes, ad->FindFieldByName("initiated_event_id")), next);
    EXPECT_EQ(ar->GetInt64(attributes, ad->FindFieldByName("started_event_id")), next_started);
  }
}

TEST(HistoryBuilder, ExternalWorkflowEventsLinkTheirInitiatedEvent) {
  HistoryBuilder b;
  b.AddWorkflowExecutionStarted("Type", "queue");
  b.AddFullWorkflowTask();
  const auto signal = b.AddSignalExternalWorkflowExecutionInitiated("w", "r", "sig", Text("x"), true);
  const auto signal_failed = b.AddSignalExternalWorkflowExecutionFailed(signal);
  const auto cancel = b.AddRequestCancelExternalWorkflowExecutionInitiated("w", "r");
  const auto cancel_failed = b.AddRequestCancelExternalWorkflowExecutionFailed(cancel);
  EXPECT_TRUE(b.event(signal).signal_external_workflow_execution_initiated_event_attributes()
                  .child_workflow_only());
  const auto& sf = b.event(signal_failed).signal_external_workflow_execution_failed_event_attributes();
  EXPECT_EQ(sf.initiated_event_id(), signal);
  EXPECT_EQ(sf.workflow_execution().workflow_id(), "w");
  const auto& cf =
      b.event(cancel_failed).request_cancel_external_workflow_execution_failed_event_attributes();
  EXPECT_EQ(cf.initiated_event_id(), cancel);
  EXPECT_EQ(cf.workflow_execution().run_id(), "r");
}

TEST(HistoryBuilder, UpdateEventsCarryTheUpdateIdAndLinks) {
  HistoryBuilder b;
  b.AddWorkflowExecutionStarted("Type", "queue");
  b.AddFullWorkflowTask();  // events 2, 3, 4
  const auto accepted = b.AddWorkflowExecutionUpdateAccepted("u1", "SetName", Text("x"));
  const auto completed = b.AddWorkflowExecutionUpdateCompleted(accepted, Boom());
  const auto& a = b.event(accepted).workflow_execution_update_accepted_event_attributes();
  EXPECT_EQ(a.protocol_instance_id(), "u1");
  EXPECT_EQ(a.accepted_request_message_id(), "u1/request");
  EXPECT_EQ(a.accepted_request_sequencing_event_id(), 2);  // as recorded by real servers
  EXPECT_EQ(a.accepted_request().input().name(), "SetName");
  const auto& c = b.event(completed).workflow_execution_update_completed_event_attributes();
  EXPECT_EQ(c.accepted_event_id(), accepted);
  EXPECT_EQ(c.meta().update_id(), "u1");
  EXPECT_EQ(c.outcome().failure().message(), "boom");
}

TEST(HistoryBuilder, HistoryUpToWorkflowTaskEndsAtThatTasksStartedEvent) {
  HistoryBuilder b;
  b.AddWorkflowExecutionStarted("Type", "queue");  // 1
  b.AddFullWorkflowTask();                         // 2, 3, 4
  const auto timer = b.AddTimerStarted("1", 1s);   // 5
  b.AddTimerFired(timer, "1");                     // 6
  b.AddFullWorkflowTask();                         // 7, 8, 9
  b.AddWorkflowExecutionSignaled("s");             // 10
  b.AddFullWorkflowTask();                         // 11, 12, 13
  b.AddWorkflowExecutionCompleted({});             // 14

  const int64_t expected_last[] = {3, 8, 12};
  for (int n = 1; n <= 3; ++n) {
    SCOPED_TRACE(n);
    const auto prefix = b.HistoryUpToWorkflowTask(n);
    ASSERT_EQ(prefix.events_size(), expected_last[n - 1]);
    EXPECT_EQ(prefix.events(prefix.events_size() - 1).event_id(), expected_last[n - 1]);
    EXPECT_EQ(prefix.events(prefix.events_size() - 1).event_type(),
              enums::EVENT_TYPE_WORKFLOW_TASK_STARTED);
  }
  EXPECT_EQ(b.events_count(), 14);  // the builder's own history is untouched

  for (int n : {0, -1, 4}) {
    SCOPED_TRACE(n);
    try {
      b.HistoryUpToWorkflowTask(n);
      FAIL() << "expected InvalidArgumentError";
    } catch (const InvalidArgumentError& e) {
      EXPECT_THAT(e.what(), AllOf(HasSubstr("HistoryUpToWorkflowTask"),
                                  HasSubstr("n = " + std::to_string(n)), HasSubstr("3 started")));
    }
  }
}

TEST(HistoryBuilder, RoundTripsThroughBinaryAndJson) {
  const HistoryBuilder b = EveryKindOfEvent();
  auto same = [&](const temporal::replay::History& other) {
    return google::protobuf::util::MessageDifferencer::Equals(b.history(), other);
  };

  EXPECT_TRUE(same(temporal::replay::HistoryFromBinary(b.history().SerializeAsString())));

  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(b.history(), &json).ok());
  temporal::replay::History from_json;
  ASSERT_NO_THROW(from_json = temporal::replay::HistoryFromJson(json));
  EXPECT_TRUE(same(from_json));
}

// Asserts that `call` throws InvalidArgumentError whose message holds every
// piece of `needles`.
template <typename Call>
void ExpectRejected(Call call, const std::vector<std::string>& needles) {
  try {
    call();
    ADD_FAILURE() << "expected InvalidArgumentError";
  } catch (const InvalidArgumentError& e) {
    for (const auto& needle : needles) EXPECT_THAT(e.what(), HasSubstr(needle));
  }
}

TEST(HistoryBuilder, WrongLinksThrowNamingTheCallAndTheId) {
  HistoryBuilder b;
  b.AddWorkflowExecutionStarted("Type", "queue");
  b.AddFullWorkflowTask();
  const auto activity = b.AddActivityTaskScheduled("a", "Act", {});  // 5
  const auto timer = b.AddTimerStarted("t", 1s);                     // 6
  const auto count = b.events_count();

  ExpectRejected([&] { b.AddTimerFired(activity, "t"); },
                 {"AddTimerFired", "started_event_id 5", "EVENT_TYPE_ACTIVITY_TASK_SCHEDULED",
                  "EVENT_TYPE_TIMER_STARTED"});
  ExpectRejected([&] { b.AddTimerFired(42, "t"); },
                 {"AddTimerFired", "started_event_id 42", "names no event"});
  ExpectRejected([&] { b.AddTimerFired(timer, "other"); },
                 {"AddTimerFired", "started_event_id 6", "\"t\"", "\"other\""});
  ExpectRejected([&] { b.AddActivityTaskStarted(timer); },
                 {"AddActivityTaskStarted", "scheduled_event_id 6"});
  ExpectRejected([&] { b.AddActivityTaskCompleted(activity, 3); },
                 {"AddActivityTaskCompleted", "started_event_id 3"});
  ExpectRejected([&] { b.AddActivityTaskCanceled(activity, 0); },
                 {"AddActivityTaskCanceled", "event 5", "ActivityTaskCancelRequested"});
  ExpectRejected([&] { b.AddChildWorkflowExecutionStarted(activity); },
                 {"AddChildWorkflowExecutionStarted", "initiated_event_id 5"});
  ExpectRejected([&] { b.AddWorkflowTaskCompleted(2, 4); },
                 {"AddWorkflowTaskCompleted", "started_event_id 4"});
  ExpectRejected([&] { b.AddWorkflowExecutionUpdateCompleted(timer, HistoryBuilder::Payloads{}); },
                 {"AddWorkflowExecutionUpdateCompleted", "accepted_event_id 6"});
  ExpectRejected([&] { b.MarkWorkerMayIgnore(99); }, {"99"});
  EXPECT_EQ(b.events_count(), count) << "a rejected call must not append anything";

  // A started event that belongs to another activity.
  const auto other = b.AddActivityTaskScheduled("b", "Act", {});
  const auto other_started = b.AddActivityTaskStarted(other);
  ExpectRejected([&] { b.AddActivityTaskCompleted(activity, other_started); },
                 {"AddActivityTaskCompleted", "started_event_id " + std::to_string(other_started),
                  "belongs to event " + std::to_string(other)});

  HistoryBuilder no_task;
  no_task.AddWorkflowExecutionStarted("Type", "queue");
  ExpectRejected([&] { no_task.AddTimerStarted("t", 1s); },
                 {"AddTimerStarted", "WorkflowTaskCompleted"});
}

TEST(HistoryBuilder, RawEventsAndWorkerMayIgnore) {
  HistoryBuilder b;
  b.AddWorkflowExecutionStarted("Type", "queue");
  temporal::api::history::v1::HistoryEvent odd;
  odd.set_event_id(77);  // replaced: ids stay sequential
  odd.set_event_type(enums::EVENT_TYPE_UNSPECIFIED);
  const auto id = b.AddEvent(odd);
  EXPECT_EQ(id, 2);
  EXPECT_EQ(b.event(2).event_id(), 2);
  EXPECT_TRUE(b.event(2).has_event_time());
  EXPECT_FALSE(b.event(2).worker_may_ignore());
  b.MarkWorkerMayIgnore(id);
  EXPECT_TRUE(b.event(2).worker_may_ignore());
  EXPECT_EQ(b.AddFullWorkflowTask(), 5);
}

// The builder's "one timer, then complete" matches what a real server
// recorded for the same workflow (sdk-core's timer_workflow test).
TEST(HistoryBuilder, OneTimerHistoryLooksLikeTheRecordedOne) {
  const fs::path file = kHistories / "sdk-core/timer_workflow_history.bin";
  if (!fs::exists(file)) {
    if (temporal::testing::IsCi()) GTEST_FAIL() << "CI needs " << file;
    GTEST_SKIP() << "no replay corpus at " << file;
  }
  const auto recorded = temporal::replay::LoadHistoryFile(file);

  HistoryBuilder b;
  b.AddWorkflowExecutionStarted("timer_workflow", "q");
  b.AddFullWorkflowTask();
  const auto timer = b.AddTimerStarted("0", 1s);
  b.AddTimerFired(timer, "0");
  b.AddFullWorkflowTask();
  b.AddWorkflowExecutionCompleted({});
  const auto& built = b.history();

  ASSERT_EQ(built.events_size(), recorded.events_size());
  for (int i = 0; i < built.events_size(); ++i) {
    const auto& want = recorded.events(i);
    const auto& got = built.events(i);
    SCOPED_TRACE("event " + std::to_string(want.event_id()));
    EXPECT_EQ(got.event_id(), want.event_id());
    EXPECT_EQ(enums::EventType_Name(got.event_type()), enums::EventType_Name(want.event_type()));
    EXPECT_EQ(got.attributes_case(), want.attributes_case());
    switch (want.event_type()) {
      case enums::EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
        EXPECT_EQ(got.workflow_execution_started_event_attributes().attempt(),
                  want.workflow_execution_started_event_attributes().attempt());
        break;
      case enums::EVENT_TYPE_WORKFLOW_TASK_STARTED:
        EXPECT_EQ(got.workflow_task_started_event_attributes().scheduled_event_id(),
                  want.workflow_task_started_event_attributes().scheduled_event_id());
        break;
      case enums::EVENT_TYPE_WORKFLOW_TASK_COMPLETED: {
        const auto& g = got.workflow_task_completed_event_attributes();
        const auto& w = want.workflow_task_completed_event_attributes();
        EXPECT_EQ(g.scheduled_event_id(), w.scheduled_event_id());
        EXPECT_EQ(g.started_event_id(), w.started_event_id());
        break;
      }
      case enums::EVENT_TYPE_TIMER_STARTED: {
        const auto& g = got.timer_started_event_attributes();
        const auto& w = want.timer_started_event_attributes();
        EXPECT_EQ(g.timer_id(), w.timer_id());
        EXPECT_EQ(temporal::FromProto(g.start_to_fire_timeout()),
                  temporal::FromProto(w.start_to_fire_timeout()));
        EXPECT_EQ(g.workflow_task_completed_event_id(), w.workflow_task_completed_event_id());
        break;
      }
      case enums::EVENT_TYPE_TIMER_FIRED:
        EXPECT_EQ(got.timer_fired_event_attributes().timer_id(),
                  want.timer_fired_event_attributes().timer_id());
        EXPECT_EQ(got.timer_fired_event_attributes().started_event_id(),
                  want.timer_fired_event_attributes().started_event_id());
        break;
      case enums::EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
        EXPECT_EQ(got.workflow_execution_completed_event_attributes()
                      .workflow_task_completed_event_id(),
                  want.workflow_execution_completed_event_attributes()
                      .workflow_task_completed_event_id());
        break;
      default:
        break;
    }
  }
}

}  // namespace
