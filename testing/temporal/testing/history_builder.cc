// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/testing/history_builder.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "temporal/api/update/v1/message.pb.h"
#include "temporal/common/error.h"

namespace temporal::testing {

namespace enums = temporal::api::enums::v1;
namespace common = temporal::api::common::v1;

namespace {

// The server fills these in every history; tests rarely care about them, but
// the replay core may (the workflow task timeout, for one).
constexpr auto kWorkflowTaskTimeout = std::chrono::seconds(10);
constexpr char kIdentity[] = "history-builder";

std::string TypeName(enums::EventType type) {
  return type == enums::EVENT_TYPE_UNSPECIFIED ? "EVENT_TYPE_UNSPECIFIED"
                                               : enums::EventType_Name(type);
}

common::WorkflowExecution Execution(const std::string& workflow_id, const std::string& run_id) {
  common::WorkflowExecution execution;
  execution.set_workflow_id(workflow_id);
  execution.set_run_id(run_id);
  return execution;
}

}  // namespace

HistoryBuilder::HistoryBuilder(HistoryBuilderOptions options) : options_(std::move(options)) {}

// --- Plumbing ----------------------------------------------------------------

HistoryBuilder::HistoryEvent& HistoryBuilder::Append(enums::EventType type) {
  HistoryEvent& event = *history_.add_events();
  event.set_event_id(history_.events_size());
  *event.mutable_event_time() =
      ToProto(options_.start_time + (history_.events_size() - 1) * options_.time_step);
  event.set_event_type(type);
  return event;
}

const HistoryBuilder::HistoryEvent& HistoryBuilder::event(int64_t event_id) const {
  if (event_id < 1 || event_id > history_.events_size()) {
    throw InvalidArgumentError(absl::StrCat("HistoryBuilder: no event with id ", event_id,
                                            " (the history has ", history_.events_size(),
                                            " events)"));
  }
  return history_.events(static_cast<int>(event_id - 1));
}

HistoryBuilder::HistoryEvent& HistoryBuilder::MutableEvent(int64_t event_id) {
  event(event_id);  // validates
  return *history_.mutable_events(static_cast<int>(event_id - 1));
}

void HistoryBuilder::MarkWorkerMayIgnore(int64_t event_id) {
  MutableEvent(event_id).set_worker_may_ignore(true);
}

const HistoryBuilder::HistoryEvent& HistoryBuilder::Linked(const std::string& call,
                                                           const std::string& field, int64_t id,
                                                           enums::EventType expected) const {
  if (id < 1 || id > history_.events_size()) {
    throw InvalidArgumentError(absl::StrCat(call, ": ", field, " ", id,
                                            " names no event (the history has ",
                                            history_.events_size(), " events); expected a ",
                                            TypeName(expected), " event"));
  }
  const HistoryEvent& linked = history_.events(static_cast<int>(id - 1));
  if (linked.event_type() != expected) {
    throw InvalidArgumentError(absl::StrCat(call, ": ", field, " ", id, " is a ",
                                            TypeName(linked.event_type()), " event; expected a ",
                                            TypeName(expected), " event"));
  }
  return linked;
}

int64_t HistoryBuilder::LatestOfType(enums::EventType type) const {
  for (int i = history_.events_size() - 1; i >= 0; --i) {
    if (history_.events(i).event_type() == type) return history_.events(i).event_id();
  }
  return 0;
}

int64_t HistoryBuilder::CommandTaskId(const std::string& call) const {
  const int64_t id = LatestOfType(enums::EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  if (id == 0) {
    throw InvalidArgumentError(absl::StrCat(
        call, ": records a command, but no WorkflowTaskCompleted event precedes it "
              "(add a workflow task first, for example with AddFullWorkflowTask)"));
  }
  return id;
}

void HistoryBuilder::CheckStartedLinks(const std::string& call, int64_t started_event_id,
                                       enums::EventType started_type,
                                       int64_t initiated_event_id) const {
  const HistoryEvent& started = Linked(call, "started_event_id", started_event_id, started_type);
  int64_t links_to = 0;
  if (started.has_activity_task_started_event_attributes()) {
    links_to = started.activity_task_started_event_attributes().scheduled_event_id();
  } else if (started.has_child_workflow_execution_started_event_attributes()) {
    links_to = started.child_workflow_execution_started_event_attributes().initiated_event_id();
  }
  if (links_to != initiated_event_id) {
    throw InvalidArgumentError(absl::StrCat(call, ": started_event_id ", started_event_id,
                                            " belongs to event ", links_to, ", not to event ",
                                            initiated_event_id));
  }
}

int64_t HistoryBuilder::AddEvent(HistoryEvent event) {
  event.set_event_id(history_.events_size() + 1);
  if (!event.has_event_time()) {
    *event.mutable_event_time() =
        ToProto(options_.start_time + history_.events_size() * options_.time_step);
  }
  *history_.add_events() = std::move(event);
  return history_.events_size();
}

HistoryBuilder::History HistoryBuilder::HistoryUpToWorkflowTask(int n) const {
  int seen = 0;
  for (const HistoryEvent& e : history_.events()) {
    if (e.event_type() == enums::EVENT_TYPE_WORKFLOW_TASK_STARTED && ++seen == n && n >= 1) {
      History prefix;
      prefix.mutable_events()->CopyFrom(history_.events());
      prefix.mutable_events()->DeleteSubrange(
          static_cast<int>(e.event_id()), history_.events_size() - static_cast<int>(e.event_id()));
      return prefix;
    }
  }
  throw InvalidArgumentError(absl::StrCat("HistoryUpToWorkflowTask: n = ", n,
                                          ", but the history has ", seen,
                                          " started workflow tasks (n counts from 1)"));
}

// --- The workflow execution --------------------------------------------------

int64_t HistoryBuilder::AddWorkflowExecutionStarted(const std::string& workflow_type,
                                                    const std::string& task_queue,
                                                    Payloads input) {
  task_queue_ = task_queue;
  HistoryEvent& e = Append(enums::EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
  auto& a = *e.mutable_workflow_execution_started_event_attributes();
  a.mutable_workflow_type()->set_name(workflow_type);
  a.mutable_task_queue()->set_name(task_queue);
  a.mutable_task_queue()->set_kind(enums::TASK_QUEUE_KIND_NORMAL);
  *a.mutable_input() = std::move(input);
  *a.mutable_workflow_task_timeout() = ToProto(Duration(kWorkflowTaskTimeout));
  a.set_original_execution_run_id(options_.run_id);
  a.set_first_execution_run_id(options_.run_id);
  a.set_workflow_id(options_.workflow_id);
  a.set_identity(kIdentity);
  a.set_attempt(1);
  return e.event_id();
}

int64_t HistoryBuilder::AddWorkflowExecutionSignaled(const std::string& signal_name,
                                                     Payloads input) {
  HistoryEvent& e = Append(enums::EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
  auto& a = *e.mutable_workflow_execution_signaled_event_attributes();
  a.set_signal_name(signal_name);
  *a.mutable_input() = std::move(input);
  a.set_identity(kIdentity);
  return e.event_id();
}

int64_t HistoryBuilder::AddWorkflowExecutionCancelRequested(const std::string& cause) {
  HistoryEvent& e = Append(enums::EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
  auto& a = *e.mutable_workflow_execution_cancel_requested_event_attributes();
  a.set_cause(cause);
  a.set_identity(kIdentity);
  return e.event_id();
}

int64_t HistoryBuilder::AddWorkflowExecutionCompleted(Payloads result) {
  const int64_t task = CommandTaskId("AddWorkflowExecutionCompleted");
  HistoryEvent& e = Append(enums::EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  auto& a = *e.mutable_workflow_execution_completed_event_attributes();
  *a.mutable_result() = std::move(result);
  a.set_workflow_task_completed_event_id(task);
  return e.event_id();
}

int64_t HistoryBuilder::AddWorkflowExecutionFailed(Failure failure,
                                                   enums::RetryState retry_state) {
  const int64_t task = CommandTaskId("AddWorkflowExecutionFailed");
  HistoryEvent& e = Append(enums::EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
  auto& a = *e.mutable_workflow_execution_failed_event_attributes();
  *a.mutable_failure() = std::move(failure);
  a.set_retry_state(retry_state);
  a.set_workflow_task_completed_event_id(task);
  return e.event_id();
}

int64_t HistoryBuilder::AddWorkflowExecutionCanceled(Payloads details) {
  const int64_t task = CommandTaskId("AddWorkflowExecutionCanceled");
  HistoryEvent& e = Append(enums::EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED);
  auto& a = *e.mutable_workflow_execution_canceled_event_attributes();
  *a.mutable_details() = std::move(details);
  a.set_workflow_task_completed_event_id(task);
  return e.event_id();
}

int64_t HistoryBuilder::AddWorkflowExecutionContinuedAsNew(const std::string& workflow_type,
                                                           Payloads input) {
  const int64_t task = CommandTaskId("AddWorkflowExecutionContinuedAsNew");
  HistoryEvent& e = Append(enums::EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
  auto& a = *e.mutable_workflow_execution_continued_as_new_event_attributes();
  a.set_new_execution_run_id(options_.run_id + "-continued");
  a.mutable_workflow_type()->set_name(workflow_type);
  a.mutable_task_queue()->set_name(task_queue_);
  a.mutable_task_queue()->set_kind(enums::TASK_QUEUE_KIND_NORMAL);
  *a.mutable_input() = std::move(input);
  *a.mutable_workflow_task_timeout() = ToProto(Duration(kWorkflowTaskTimeout));
  a.set_workflow_task_completed_event_id(task);
  a.set_initiator(enums::CONTINUE_AS_NEW_INITIATOR_WORKFLOW);
  return e.event_id();
}

int64_t HistoryBuilder::AddWorkflowExecutionTimedOut() {
  HistoryEvent& e = Append(enums::EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT);
  e.mutable_workflow_execution_timed_out_event_attributes()->set_retry_state(
      enums::RETRY_STATE_TIMEOUT);
  return e.event_id();
}

int64_t HistoryBuilder::AddWorkflowExecutionTerminated(const std::string& reason) {
  HistoryEvent& e = Append(enums::EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
  auto& a = *e.mutable_workflow_execution_terminated_event_attributes();
  a.set_reason(reason);
  a.set_identity(kIdentity);
  return e.event_id();
}

// --- Workflow tasks ----------------------------------------------------------

int64_t HistoryBuilder::AddWorkflowTaskScheduled() {
  HistoryEvent& e = Append(enums::EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  auto& a = *e.mutable_workflow_task_scheduled_event_attributes();
  a.mutable_task_queue()->set_name(task_queue_);
  a.mutable_task_queue()->set_kind(enums::TASK_QUEUE_KIND_NORMAL);
  *a.mutable_start_to_close_timeout() = ToProto(Duration(kWorkflowTaskTimeout));
  a.set_attempt(1);
  return e.event_id();
}

int64_t HistoryBuilder::AddWorkflowTaskStarted() {
  return AddWorkflowTaskStarted(LatestOfType(enums::EVENT_TYPE_WORKFLOW_TASK_SCHEDULED));
}

int64_t HistoryBuilder::AddWorkflowTaskStarted(int64_t scheduled_event_id) {
  Linked("AddWorkflowTaskStarted", "scheduled_event_id", scheduled_event_id,
         enums::EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  HistoryEvent& e = Append(enums::EVENT_TYPE_WORKFLOW_TASK_STARTED);
  auto& a = *e.mutable_workflow_task_started_event_attributes();
  a.set_scheduled_event_id(scheduled_event_id);
  a.set_identity(kIdentity);
  a.set_request_id(absl::StrCat("request-", e.event_id()));
  return e.event_id();
}

int64_t HistoryBuilder::AddWorkflowTaskCompleted() {
  const int64_t started = LatestOfType(enums::EVENT_TYPE_WORKFLOW_TASK_STARTED);
  const int64_t scheduled =
      started == 0 ? 0 : event(started).workflow_task_started_event_attributes().scheduled_event_id();
  return AddWorkflowTaskCompleted(scheduled, started);
}

int64_t HistoryBuilder::AddWorkflowTaskCompleted(int64_t scheduled_event_id,
                                                 int64_t started_event_id) {
  constexpr char kCall[] = "AddWorkflowTaskCompleted";
  Linked(kCall, "scheduled_event_id", scheduled_event_id, enums::EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  const HistoryEvent& started = Linked(kCall, "started_event_id", started_event_id,
                                       enums::EVENT_TYPE_WORKFLOW_TASK_STARTED);
  if (started.workflow_task_started_event_attributes().scheduled_event_id() != scheduled_event_id) {
    throw InvalidArgumentError(absl::StrCat(
        kCall, ": started_event_id ", started_event_id, " belongs to event ",
        started.workflow_task_started_event_attributes().scheduled_event_id(), ", not to event ",
        scheduled_event_id));
  }
  HistoryEvent& e = Append(enums::EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  auto& a = *e.mutable_workflow_task_completed_event_attributes();
  a.set_scheduled_event_id(scheduled_event_id);
  a.set_started_event_id(started_event_id);
  a.set_identity(kIdentity);
  return e.event_id();
}

int64_t HistoryBuilder::AddWorkflowTaskFailed(enums::WorkflowTaskFailedCause cause,
                                              std::optional<Failure> failure) {
  const int64_t started_id = LatestOfType(enums::EVENT_TYPE_WORKFLOW_TASK_STARTED);
  const HistoryEvent& started = Linked("AddWorkflowTaskFailed", "the latest started workflow task",
                                       started_id, enums::EVENT_TYPE_WORKFLOW_TASK_STARTED);
  const int64_t scheduled_id = started.workflow_task_started_event_attributes().scheduled_event_id();
  HistoryEvent& e = Append(enums::EVENT_TYPE_WORKFLOW_TASK_FAILED);
  auto& a = *e.mutable_workflow_task_failed_event_attributes();
  a.set_scheduled_event_id(scheduled_id);
  a.set_started_event_id(started_id);
  a.set_cause(cause);
  if (failure) *a.mutable_failure() = std::move(*failure);
  a.set_identity(kIdentity);
  return e.event_id();
}

int64_t HistoryBuilder::AddWorkflowTaskTimedOut() {
  const int64_t scheduled_id = LatestOfType(enums::EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  Linked("AddWorkflowTaskTimedOut", "the latest scheduled workflow task", scheduled_id,
         enums::EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  int64_t started_id = LatestOfType(enums::EVENT_TYPE_WORKFLOW_TASK_STARTED);
  if (started_id < scheduled_id) started_id = 0;  // the latest task never started
  HistoryEvent& e = Append(enums::EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
  auto& a = *e.mutable_workflow_task_timed_out_event_attributes();
  a.set_scheduled_event_id(scheduled_id);
  a.set_started_event_id(started_id);
  a.set_timeout_type(started_id == 0 ? enums::TIMEOUT_TYPE_SCHEDULE_TO_START
                                     : enums::TIMEOUT_TYPE_START_TO_CLOSE);
  return e.event_id();
}

int64_t HistoryBuilder::AddFullWorkflowTask() {
  const int64_t scheduled = AddWorkflowTaskScheduled();
  const int64_t started = AddWorkflowTaskStarted(scheduled);
  return AddWorkflowTaskCompleted(scheduled, started);
}

// --- Timers ------------------------------------------------------------------

int64_t HistoryBuilder::AddTimerStarted(const std::string& timer_id,
                                        Duration start_to_fire_timeout) {
  const int64_t task = CommandTaskId("AddTimerStarted");
  HistoryEvent& e = Append(enums::EVENT_TYPE_TIMER_STARTED);
  auto& a = *e.mutable_timer_started_event_attributes();
  a.set_timer_id(timer_id);
  *a.mutable_start_to_fire_timeout() = ToProto(start_to_fire_timeout);
  a.set_workflow_task_completed_event_id(task);
  return e.event_id();
}

namespace {

void CheckTimerId(const std::string& call, const temporal::api::history::v1::HistoryEvent& started,
                  const std::string& timer_id) {
  const std::string& recorded = started.timer_started_event_attributes().timer_id();
  if (recorded != timer_id) {
    throw InvalidArgumentError(absl::StrCat(call, ": started_event_id ", started.event_id(),
                                            " started timer \"", recorded, "\", not \"", timer_id,
                                            "\""));
  }
}

}  // namespace

int64_t HistoryBuilder::AddTimerFired(int64_t started_event_id, const std::string& timer_id) {
  constexpr char kCall[] = "AddTimerFired";
  CheckTimerId(kCall,
               Linked(kCall, "started_event_id", started_event_id, enums::EVENT_TYPE_TIMER_STARTED),
               timer_id);
  HistoryEvent& e = Append(enums::EVENT_TYPE_TIMER_FIRED);
  auto& a = *e.mutable_timer_fired_event_attributes();
  a.set_timer_id(timer_id);
  a.set_started_event_id(started_event_id);
  return e.event_id();
}

int64_t HistoryBuilder::AddTimerCanceled(int64_t started_event_id, const std::string& timer_id) {
  constexpr char kCall[] = "AddTimerCanceled";
  CheckTimerId(kCall,
               Linked(kCall, "started_event_id", started_event_id, enums::EVENT_TYPE_TIMER_STARTED),
               timer_id);
  const int64_t task = CommandTaskId(kCall);
  HistoryEvent& e = Append(enums::EVENT_TYPE_TIMER_CANCELED);
  auto& a = *e.mutable_timer_canceled_event_attributes();
  a.set_timer_id(timer_id);
  a.set_started_event_id(started_event_id);
  a.set_workflow_task_completed_event_id(task);
  a.set_identity(kIdentity);
  return e.event_id();
}

// --- Activities --------------------------------------------------------------

int64_t HistoryBuilder::AddActivityTaskScheduled(const std::string& activity_id,
                                                 const std::string& activity_type,
                                                 ActivityScheduledOptions options) {
  const int64_t task = CommandTaskId("AddActivityTaskScheduled");
  HistoryEvent& e = Append(enums::EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
  auto& a = *e.mutable_activity_task_scheduled_event_attributes();
  a.set_activity_id(activity_id);
  a.mutable_activity_type()->set_name(activity_type);
  a.mutable_task_queue()->set_name(options.task_queue.empty() ? task_queue_ : options.task_queue);
  a.mutable_task_queue()->set_kind(enums::TASK_QUEUE_KIND_NORMAL);
  *a.mutable_input() = std::move(options.input);
  *a.mutable_schedule_to_close_timeout() = ToProto(options.schedule_to_close_timeout);
  *a.mutable_schedule_to_start_timeout() = ToProto(options.schedule_to_start_timeout);
  *a.mutable_start_to_close_timeout() = ToProto(options.start_to_close_timeout);
  *a.mutable_heartbeat_timeout() = ToProto(options.heartbeat_timeout);
  a.set_workflow_task_completed_event_id(task);
  return e.event_id();
}

int64_t HistoryBuilder::AddActivityTaskStarted(int64_t scheduled_event_id, int32_t attempt) {
  Linked("AddActivityTaskStarted", "scheduled_event_id", scheduled_event_id,
         enums::EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
  HistoryEvent& e = Append(enums::EVENT_TYPE_ACTIVITY_TASK_STARTED);
  auto& a = *e.mutable_activity_task_started_event_attributes();
  a.set_scheduled_event_id(scheduled_event_id);
  a.set_identity(kIdentity);
  a.set_request_id(absl::StrCat("request-", e.event_id()));
  a.set_attempt(attempt);
  return e.event_id();
}

int64_t HistoryBuilder::AddActivityTaskCompleted(int64_t scheduled_event_id,
                                                 int64_t started_event_id, Payloads result) {
  constexpr char kCall[] = "AddActivityTaskCompleted";
  Linked(kCall, "scheduled_event_id", scheduled_event_id, enums::EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
  CheckStartedLinks(kCall, started_event_id, enums::EVENT_TYPE_ACTIVITY_TASK_STARTED,
                    scheduled_event_id);
  HistoryEvent& e = Append(enums::EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
  auto& a = *e.mutable_activity_task_completed_event_attributes();
  *a.mutable_result() = std::move(result);
  a.set_scheduled_event_id(scheduled_event_id);
  a.set_started_event_id(started_event_id);
  a.set_identity(kIdentity);
  return e.event_id();
}

int64_t HistoryBuilder::AddActivityTaskFailed(int64_t scheduled_event_id, int64_t started_event_id,
                                              Failure failure, enums::RetryState retry_state) {
  constexpr char kCall[] = "AddActivityTaskFailed";
  Linked(kCall, "scheduled_event_id", scheduled_event_id, enums::EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
  CheckStartedLinks(kCall, started_event_id, enums::EVENT_TYPE_ACTIVITY_TASK_STARTED,
                    scheduled_event_id);
  HistoryEvent& e = Append(enums::EVENT_TYPE_ACTIVITY_TASK_FAILED);
  auto& a = *e.mutable_activity_task_failed_event_attributes();
  *a.mutable_failure() = std::move(failure);
  a.set_scheduled_event_id(scheduled_event_id);
  a.set_started_event_id(started_event_id);
  a.set_identity(kIdentity);
  a.set_retry_state(retry_state);
  return e.event_id();
}

int64_t HistoryBuilder::AddActivityTaskTimedOut(int64_t scheduled_event_id,
                                                int64_t started_event_id, Failure failure,
                                                enums::RetryState retry_state) {
  constexpr char kCall[] = "AddActivityTaskTimedOut";
  Linked(kCall, "scheduled_event_id", scheduled_event_id, enums::EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
  if (started_event_id != 0) {
    CheckStartedLinks(kCall, started_event_id, enums::EVENT_TYPE_ACTIVITY_TASK_STARTED,
                      scheduled_event_id);
  }
  HistoryEvent& e = Append(enums::EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT);
  auto& a = *e.mutable_activity_task_timed_out_event_attributes();
  *a.mutable_failure() = std::move(failure);
  a.set_scheduled_event_id(scheduled_event_id);
  a.set_started_event_id(started_event_id);
  a.set_retry_state(retry_state);
  return e.event_id();
}

int64_t HistoryBuilder::AddActivityTaskCancelRequested(int64_t scheduled_event_id) {
  constexpr char kCall[] = "AddActivityTaskCancelRequested";
  Linked(kCall, "scheduled_event_id", scheduled_event_id, enums::EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
  const int64_t task = CommandTaskId(kCall);
  HistoryEvent& e = Append(enums::EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED);
  auto& a = *e.mutable_activity_task_cancel_requested_event_attributes();
  a.set_scheduled_event_id(scheduled_event_id);
  a.set_workflow_task_completed_event_id(task);
  return e.event_id();
}

int64_t HistoryBuilder::AddActivityTaskCanceled(int64_t scheduled_event_id,
                                                int64_t started_event_id, Payloads details) {
  constexpr char kCall[] = "AddActivityTaskCanceled";
  Linked(kCall, "scheduled_event_id", scheduled_event_id, enums::EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
  if (started_event_id != 0) {
    CheckStartedLinks(kCall, started_event_id, enums::EVENT_TYPE_ACTIVITY_TASK_STARTED,
                      scheduled_event_id);
  }
  int64_t cancel_requested = 0;
  for (const HistoryEvent& e : history_.events()) {
    if (e.event_type() == enums::EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED &&
        e.activity_task_cancel_requested_event_attributes().scheduled_event_id() ==
            scheduled_event_id) {
      cancel_requested = e.event_id();
    }
  }
  if (cancel_requested == 0) {
    throw InvalidArgumentError(absl::StrCat(kCall, ": the activity scheduled at event ",
                                            scheduled_event_id,
                                            " has no ActivityTaskCancelRequested event"));
  }
  HistoryEvent& e = Append(enums::EVENT_TYPE_ACTIVITY_TASK_CANCELED);
  auto& a = *e.mutable_activity_task_canceled_event_attributes();
  *a.mutable_details() = std::move(details);
  a.set_latest_cancel_requested_event_id(cancel_requested);
  a.set_scheduled_event_id(scheduled_event_id);
  a.set_started_event_id(started_event_id);
  a.set_identity(kIdentity);
  return e.event_id();
}

// --- Markers -----------------------------------------------------------------

int64_t HistoryBuilder::AddMarkerRecorded(const std::string& marker_name,
                                          const std::map<std::string, Payloads>& details,
                                          std::optional<Failure> failure) {
  const int64_t task = CommandTaskId("AddMarkerRecorded");
  HistoryEvent& e = Append(enums::EVENT_TYPE_MARKER_RECORDED);
  auto& a = *e.mutable_marker_recorded_event_attributes();
  a.set_marker_name(marker_name);
  for (const auto& [key, payloads] : details) (*a.mutable_details())[key] = payloads;
  a.set_workflow_task_completed_event_id(task);
  if (failure) *a.mutable_failure() = std::move(*failure);
  return e.event_id();
}

// --- Child workflows ---------------------------------------------------------

int64_t HistoryBuilder::AddStartChildWorkflowExecutionInitiated(const std::string& workflow_id,
                                                                const std::string& workflow_type,
                                                                Payloads input) {
  const int64_t task = CommandTaskId("AddStartChildWorkflowExecutionInitiated");
  HistoryEvent& e = Append(enums::EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED);
  auto& a = *e.mutable_start_child_workflow_execution_initiated_event_attributes();
  a.set_namespace_(options_.namespace_name);
  a.set_workflow_id(workflow_id);
  a.mutable_workflow_type()->set_name(workflow_type);
  a.mutable_task_queue()->set_name(task_queue_);
  a.mutable_task_queue()->set_kind(enums::TASK_QUEUE_KIND_NORMAL);
  *a.mutable_input() = std::move(input);
  *a.mutable_workflow_task_timeout() = ToProto(Duration(kWorkflowTaskTimeout));
  a.set_parent_close_policy(enums::PARENT_CLOSE_POLICY_TERMINATE);
  a.set_workflow_task_completed_event_id(task);
  a.set_workflow_id_reuse_policy(enums::WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE);
  return e.event_id();
}

int64_t HistoryBuilder::AddChildWorkflowExecutionStarted(int64_t initiated_event_id,
                                                         std::string run_id) {
  const auto& initiated =
      Linked("AddChildWorkflowExecutionStarted", "initiated_event_id", initiated_event_id,
             enums::EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)
          .start_child_workflow_execution_initiated_event_attributes();
  if (run_id.empty()) run_id = initiated.workflow_id() + "-run";
  // Copies before Append: appending may move the event `initiated` lives in.
  const std::string namespace_name = initiated.namespace_();
  const auto execution = Execution(initiated.workflow_id(), run_id);
  const auto workflow_type = initiated.workflow_type();
  HistoryEvent& e = Append(enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED);
  auto& a = *e.mutable_child_workflow_execution_started_event_attributes();
  a.set_namespace_(namespace_name);
  a.set_initiated_event_id(initiated_event_id);
  *a.mutable_workflow_execution() = execution;
  *a.mutable_workflow_type() = workflow_type;
  return e.event_id();
}

namespace {

// Every child close event repeats the child's identity from its started event.
template <typename Attributes>
Attributes& FillChildClose(
    Attributes& a, const temporal::api::history::v1::ChildWorkflowExecutionStartedEventAttributes& child,
    int64_t initiated_event_id, int64_t started_event_id) {
  a.set_namespace_(child.namespace_());
  *a.mutable_workflow_execution() = child.workflow_execution();
  *a.mutable_workflow_type() = child.workflow_type();
  a.set_initiated_event_id(initiated_event_id);
  a.set_started_event_id(started_event_id);
  return a;
}

}  // namespace

HistoryBuilder::ChildStartedAttributes HistoryBuilder::CheckChildClose(
    const std::string& call, int64_t initiated_event_id, int64_t started_event_id) const {
  Linked(call, "initiated_event_id", initiated_event_id,
         enums::EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED);
  CheckStartedLinks(call, started_event_id, enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED,
                    initiated_event_id);
  return event(started_event_id).child_workflow_execution_started_event_attributes();
}

int64_t HistoryBuilder::AddChildWorkflowExecutionCompleted(int64_t initiated_event_id,
                                                           int64_t started_event_id,
                                                           Payloads result) {
  const auto child =
      CheckChildClose("AddChildWorkflowExecutionCompleted", initiated_event_id, started_event_id);
  HistoryEvent& e = Append(enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED);
  auto& a = FillChildClose(*e.mutable_child_workflow_execution_completed_event_attributes(), child,
                           initiated_event_id, started_event_id);
  *a.mutable_result() = std::move(result);
  return e.event_id();
}

int64_t HistoryBuilder::AddChildWorkflowExecutionFailed(int64_t initiated_event_id,
                                                        int64_t started_event_id, Failure failure,
                                                        enums::RetryState retry_state) {
  const auto child =
      CheckChildClose("AddChildWorkflowExecutionFailed", initiated_event_id, started_event_id);
  HistoryEvent& e = Append(enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED);
  auto& a = FillChildClose(*e.mutable_child_workflow_execution_failed_event_attributes(), child,
                           initiated_event_id, started_event_id);
  *a.mutable_failure() = std::move(failure);
  a.set_retry_state(retry_state);
  return e.event_id();
}

int64_t HistoryBuilder::AddChildWorkflowExecutionCanceled(int64_t initiated_event_id,
                                                          int64_t started_event_id,
                                                          Payloads details) {
  const auto child =
      CheckChildClose("AddChildWorkflowExecutionCanceled", initiated_event_id, started_event_id);
  HistoryEvent& e = Append(enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED);
  auto& a = FillChildClose(*e.mutable_child_workflow_execution_canceled_event_attributes(), child,
                           initiated_event_id, started_event_id);
  *a.mutable_details() = std::move(details);
  return e.event_id();
}

int64_t HistoryBuilder::AddChildWorkflowExecutionTimedOut(int64_t initiated_event_id,
                                                          int64_t started_event_id) {
  const auto child =
      CheckChildClose("AddChildWorkflowExecutionTimedOut", initiated_event_id, started_event_id);
  HistoryEvent& e = Append(enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT);
  FillChildClose(*e.mutable_child_workflow_execution_timed_out_event_attributes(), child,
                 initiated_event_id, started_event_id)
      .set_retry_state(enums::RETRY_STATE_TIMEOUT);
  return e.event_id();
}

int64_t HistoryBuilder::AddChildWorkflowExecutionTerminated(int64_t initiated_event_id,
                                                            int64_t started_event_id) {
  const auto child =
      CheckChildClose("AddChildWorkflowExecutionTerminated", initiated_event_id, started_event_id);
  HistoryEvent& e = Append(enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED);
  FillChildClose(*e.mutable_child_workflow_execution_terminated_event_attributes(), child,
                 initiated_event_id, started_event_id);
  return e.event_id();
}

int64_t HistoryBuilder::AddStartChildWorkflowExecutionFailed(
    int64_t initiated_event_id, enums::StartChildWorkflowExecutionFailedCause cause) {
  constexpr char kCall[] = "AddStartChildWorkflowExecutionFailed";
  const auto initiated = Linked(kCall, "initiated_event_id", initiated_event_id,
                                enums::EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)
                             .start_child_workflow_execution_initiated_event_attributes();
  const int64_t task = CommandTaskId(kCall);
  HistoryEvent& e = Append(enums::EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED);
  auto& a = *e.mutable_start_child_workflow_execution_failed_event_attributes();
  a.set_namespace_(initiated.namespace_());
  a.set_workflow_id(initiated.workflow_id());
  *a.mutable_workflow_type() = initiated.workflow_type();
  a.set_cause(cause);
  a.set_initiated_event_id(initiated_event_id);
  a.set_workflow_task_completed_event_id(task);
  return e.event_id();
}

// --- External workflows ------------------------------------------------------

int64_t HistoryBuilder::AddSignalExternalWorkflowExecutionInitiated(
    const std::string& workflow_id, const std::string& run_id, const std::string& signal_name,
    Payloads input, bool child_workflow_only) {
  const int64_t task = CommandTaskId("AddSignalExternalWorkflowExecutionInitiated");
  HistoryEvent& e = Append(enums::EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED);
  auto& a = *e.mutable_signal_external_workflow_execution_initiated_event_attributes();
  a.set_workflow_task_completed_event_id(task);
  a.set_namespace_(options_.namespace_name);
  *a.mutable_workflow_execution() = Execution(workflow_id, run_id);
  a.set_signal_name(signal_name);
  *a.mutable_input() = std::move(input);
  a.set_child_workflow_only(child_workflow_only);
  return e.event_id();
}

int64_t HistoryBuilder::AddExternalWorkflowExecutionSignaled(int64_t initiated_event_id) {
  const auto initiated =
      Linked("AddExternalWorkflowExecutionSignaled", "initiated_event_id", initiated_event_id,
             enums::EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED)
          .signal_external_workflow_execution_initiated_event_attributes();
  HistoryEvent& e = Append(enums::EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED);
  auto& a = *e.mutable_external_workflow_execution_signaled_event_attributes();
  a.set_initiated_event_id(initiated_event_id);
  a.set_namespace_(initiated.namespace_());
  *a.mutable_workflow_execution() = initiated.workflow_execution();
  return e.event_id();
}

int64_t HistoryBuilder::AddSignalExternalWorkflowExecutionFailed(
    int64_t initiated_event_id, enums::SignalExternalWorkflowExecutionFailedCause cause) {
  constexpr char kCall[] = "AddSignalExternalWorkflowExecutionFailed";
  const auto initiated = Linked(kCall, "initiated_event_id", initiated_event_id,
                                enums::EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED)
                             .signal_external_workflow_execution_initiated_event_attributes();
  const int64_t task = CommandTaskId(kCall);
  HistoryEvent& e = Append(enums::EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED);
  auto& a = *e.mutable_signal_external_workflow_execution_failed_event_attributes();
  a.set_cause(cause);
  a.set_workflow_task_completed_event_id(task);
  a.set_namespace_(initiated.namespace_());
  *a.mutable_workflow_execution() = initiated.workflow_execution();
  a.set_initiated_event_id(initiated_event_id);
  return e.event_id();
}

int64_t HistoryBuilder::AddRequestCancelExternalWorkflowExecutionInitiated(
    const std::string& workflow_id, const std::string& run_id, bool child_workflow_only) {
  const int64_t task = CommandTaskId("AddRequestCancelExternalWorkflowExecutionInitiated");
  HistoryEvent& e = Append(enums::EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED);
  auto& a = *e.mutable_request_cancel_external_workflow_execution_initiated_event_attributes();
  a.set_workflow_task_completed_event_id(task);
  a.set_namespace_(options_.namespace_name);
  *a.mutable_workflow_execution() = Execution(workflow_id, run_id);
  a.set_child_workflow_only(child_workflow_only);
  return e.event_id();
}

int64_t HistoryBuilder::AddExternalWorkflowExecutionCancelRequested(int64_t initiated_event_id) {
  const auto initiated =
      Linked("AddExternalWorkflowExecutionCancelRequested", "initiated_event_id",
             initiated_event_id,
             enums::EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED)
          .request_cancel_external_workflow_execution_initiated_event_attributes();
  HistoryEvent& e = Append(enums::EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
  auto& a = *e.mutable_external_workflow_execution_cancel_requested_event_attributes();
  a.set_initiated_event_id(initiated_event_id);
  a.set_namespace_(initiated.namespace_());
  *a.mutable_workflow_execution() = initiated.workflow_execution();
  return e.event_id();
}

int64_t HistoryBuilder::AddRequestCancelExternalWorkflowExecutionFailed(
    int64_t initiated_event_id, enums::CancelExternalWorkflowExecutionFailedCause cause) {
  constexpr char kCall[] = "AddRequestCancelExternalWorkflowExecutionFailed";
  const auto initiated =
      Linked(kCall, "initiated_event_id", initiated_event_id,
             enums::EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED)
          .request_cancel_external_workflow_execution_initiated_event_attributes();
  const int64_t task = CommandTaskId(kCall);
  HistoryEvent& e = Append(enums::EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED);
  auto& a = *e.mutable_request_cancel_external_workflow_execution_failed_event_attributes();
  a.set_cause(cause);
  a.set_workflow_task_completed_event_id(task);
  a.set_namespace_(initiated.namespace_());
  *a.mutable_workflow_execution() = initiated.workflow_execution();
  a.set_initiated_event_id(initiated_event_id);
  return e.event_id();
}

// --- Search attributes, memo, updates ----------------------------------------

int64_t HistoryBuilder::AddUpsertWorkflowSearchAttributes(common::SearchAttributes attributes) {
  const int64_t task = CommandTaskId("AddUpsertWorkflowSearchAttributes");
  HistoryEvent& e = Append(enums::EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES);
  auto& a = *e.mutable_upsert_workflow_search_attributes_event_attributes();
  a.set_workflow_task_completed_event_id(task);
  *a.mutable_search_attributes() = std::move(attributes);
  return e.event_id();
}

int64_t HistoryBuilder::AddWorkflowPropertiesModified(common::Memo upserted_memo) {
  const int64_t task = CommandTaskId("AddWorkflowPropertiesModified");
  HistoryEvent& e = Append(enums::EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED);
  auto& a = *e.mutable_workflow_properties_modified_event_attributes();
  a.set_workflow_task_completed_event_id(task);
  *a.mutable_upserted_memo() = std::move(upserted_memo);
  return e.event_id();
}

namespace {

temporal::api::update::v1::Request UpdateRequest(const std::string& update_id,
                                                 const std::string& name,
                                                 temporal::api::common::v1::Payloads args) {
  temporal::api::update::v1::Request request;
  request.mutable_meta()->set_update_id(update_id);
  request.mutable_meta()->set_identity(kIdentity);
  request.mutable_input()->set_name(name);
  *request.mutable_input()->mutable_args() = std::move(args);
  return request;
}

}  // namespace

int64_t HistoryBuilder::AddWorkflowExecutionUpdateAdmitted(const std::string& update_id,
                                                           const std::string& name,
                                                           Payloads args) {
  HistoryEvent& e = Append(enums::EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED);
  auto& a = *e.mutable_workflow_execution_update_admitted_event_attributes();
  *a.mutable_request() = UpdateRequest(update_id, name, std::move(args));
  a.set_origin(enums::UPDATE_ADMITTED_EVENT_ORIGIN_UNSPECIFIED);
  return e.event_id();
}

int64_t HistoryBuilder::AddWorkflowExecutionUpdateAccepted(const std::string& update_id,
                                                           const std::string& name,
                                                           Payloads args) {
  constexpr char kCall[] = "AddWorkflowExecutionUpdateAccepted";
  const int64_t task = CommandTaskId(kCall);
  const int64_t started = event(task).workflow_task_completed_event_attributes().started_event_id();
  HistoryEvent& e = Append(enums::EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
  auto& a = *e.mutable_workflow_execution_update_accepted_event_attributes();
  a.set_protocol_instance_id(update_id);
  a.set_accepted_request_message_id(update_id + "/request");
  a.set_accepted_request_sequencing_event_id(started - 1);
  *a.mutable_accepted_request() = UpdateRequest(update_id, name, std::move(args));
  return e.event_id();
}

int64_t HistoryBuilder::AddWorkflowExecutionUpdateCompleted(int64_t accepted_event_id,
                                                            Payloads result) {
  temporal::api::update::v1::Outcome outcome;
  *outcome.mutable_success() = std::move(result);
  const std::string update_id =
      Linked("AddWorkflowExecutionUpdateCompleted", "accepted_event_id", accepted_event_id,
             enums::EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
          .workflow_execution_update_accepted_event_attributes()
          .protocol_instance_id();
  CommandTaskId("AddWorkflowExecutionUpdateCompleted");
  HistoryEvent& e = Append(enums::EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED);
  auto& a = *e.mutable_workflow_execution_update_completed_event_attributes();
  a.mutable_meta()->set_update_id(update_id);
  a.mutable_meta()->set_identity(kIdentity);
  a.set_accepted_event_id(accepted_event_id);
  *a.mutable_outcome() = std::move(outcome);
  return e.event_id();
}

int64_t HistoryBuilder::AddWorkflowExecutionUpdateCompleted(int64_t accepted_event_id,
                                                            Failure failure) {
  const int64_t id = AddWorkflowExecutionUpdateCompleted(accepted_event_id, Payloads{});
  *MutableEvent(id)
       .mutable_workflow_execution_update_completed_event_attributes()
       ->mutable_outcome()
       ->mutable_failure() = std::move(failure);
  return id;
}

}  // namespace temporal::testing
