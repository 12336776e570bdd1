// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// HistoryBuilder writes synthetic workflow histories for unit tests of the
// replay core: the events a Temporal server would record, with sequential
// event ids, deterministic event times and correct links between events,
// without running a server.
//
//   temporal::testing::HistoryBuilder builder;
//   builder.AddWorkflowExecutionStarted("TimerWorkflow", "task-queue");
//   builder.AddFullWorkflowTask();                          // events 2, 3, 4
//   auto timer = builder.AddTimerStarted("1", std::chrono::seconds(5));
//   builder.AddTimerFired(timer, "1");
//   builder.AddFullWorkflowTask();
//   builder.AddWorkflowExecutionCompleted({});
//   const auto& history = builder.history();                // 10 events
//   auto first_task = builder.HistoryUpToWorkflowTask(1);   // events 1..3
//
// Events produced by commands (timer started, activity scheduled, ...) link
// to the latest WorkflowTaskCompleted event, as the server does. Links that
// cannot be right (an id that does not exist, or names an event of the wrong
// type, such as AddTimerFired with an activity's event id) throw
// temporal::InvalidArgumentError naming the call and the id, so a mistake in
// a test fails where it is made instead of as a confusing replay error.
// For histories no server would write, append a raw event with AddEvent or
// edit one with MutableEvent.
#ifndef TEMPORAL_TESTING_HISTORY_BUILDER_H_
#define TEMPORAL_TESTING_HISTORY_BUILDER_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "temporal/api/common/v1/message.pb.h"
#include "temporal/api/enums/v1/event_type.pb.h"
#include "temporal/api/enums/v1/failed_cause.pb.h"
#include "temporal/api/enums/v1/workflow.pb.h"
#include "temporal/api/failure/v1/message.pb.h"
#include "temporal/api/history/v1/message.pb.h"
#include "temporal/common/duration.h"

namespace temporal::testing {

// HistoryBuilderOptions: the identity of the workflow run being recorded and
// the clock of its events. The defaults are fine for most tests.
//
//   HistoryBuilder builder({.workflow_id = "order-42", .run_id = "run-1"});
struct HistoryBuilderOptions {
  std::string namespace_name = "default";
  std::string workflow_id = "workflow-id";
  std::string run_id = "run-id";
  // Event n is stamped start_time + (n - 1) * time_step, so times strictly
  // increase and the same builder calls always give the same bytes.
  Timestamp start_time = Timestamp(std::chrono::seconds(1704067200));  // 2024-01-01T00:00:00Z
  Duration time_step = std::chrono::seconds(1);
};

// ActivityScheduledOptions: what the ScheduleActivityTask command asked for.
// An empty task_queue means the workflow's task queue. Every field has an
// initializer so that callers can name only the fields they need (clang's
// -Wmissing-designated-field-initializers accepts that).
//
//   builder.AddActivityTaskScheduled("1", "Charge", {.start_to_close_timeout = 10s});
struct ActivityScheduledOptions {
  std::string task_queue{};
  temporal::api::common::v1::Payloads input{};
  Duration schedule_to_close_timeout{};
  Duration schedule_to_start_timeout{};
  Duration start_to_close_timeout{};
  Duration heartbeat_timeout{};
};

// HistoryBuilder: see the top of this file. Every Add* returns the new
// event's id. Not thread-safe (tests build histories on one thread).
class HistoryBuilder {
 public:
  using History = temporal::api::history::v1::History;
  using HistoryEvent = temporal::api::history::v1::HistoryEvent;
  using Payloads = temporal::api::common::v1::Payloads;
  using Failure = temporal::api::failure::v1::Failure;

  HistoryBuilder() : HistoryBuilder(HistoryBuilderOptions{}) {}
  explicit HistoryBuilder(HistoryBuilderOptions options);

  // --- The workflow execution itself ---------------------------------------
  // Started with attempt 1, a 10s workflow task timeout, and this run as its
  // original and first execution.
  int64_t AddWorkflowExecutionStarted(const std::string& workflow_type,
                                      const std::string& task_queue, Payloads input = {});
  int64_t AddWorkflowExecutionSignaled(const std::string& signal_name, Payloads input = {});
  int64_t AddWorkflowExecutionCancelRequested(const std::string& cause = "");
  // The close events of a workflow are commands of the latest completed task.
  int64_t AddWorkflowExecutionCompleted(Payloads result);
  int64_t AddWorkflowExecutionFailed(
      Failure failure,
      temporal::api::enums::v1::RetryState retry_state =
          temporal::api::enums::v1::RETRY_STATE_RETRY_POLICY_NOT_SET);
  int64_t AddWorkflowExecutionCanceled(Payloads details = {});
  int64_t AddWorkflowExecutionContinuedAsNew(const std::string& workflow_type, Payloads input = {});
  int64_t AddWorkflowExecutionTimedOut();
  int64_t AddWorkflowExecutionTerminated(const std::string& reason = "");

  // --- Workflow tasks --------------------------------------------------------
  int64_t AddWorkflowTaskScheduled();
  // Without an id: links the latest WorkflowTaskScheduled event.
  int64_t AddWorkflowTaskStarted();
  int64_t AddWorkflowTaskStarted(int64_t scheduled_event_id);
  // Without an id: links the latest WorkflowTaskStarted event and its
  // scheduled event. The id returned is what later command events link to.
  int64_t AddWorkflowTaskCompleted();
  int64_t AddWorkflowTaskCompleted(int64_t scheduled_event_id, int64_t started_event_id);
  // Fails the latest started workflow task.
  int64_t AddWorkflowTaskFailed(temporal::api::enums::v1::WorkflowTaskFailedCause cause,
                                std::optional<Failure> failure = std::nullopt);
  // Times out the latest workflow task: START_TO_CLOSE when it was started,
  // SCHEDULE_TO_START (no started id) when it was not.
  int64_t AddWorkflowTaskTimedOut();
  // Scheduled + started + completed; returns the completed event's id.
  int64_t AddFullWorkflowTask();

  // --- Timers ----------------------------------------------------------------
  int64_t AddTimerStarted(const std::string& timer_id, Duration start_to_fire_timeout);
  int64_t AddTimerFired(int64_t started_event_id, const std::string& timer_id);
  int64_t AddTimerCanceled(int64_t started_event_id, const std::string& timer_id);

  // --- Activities ------------------------------------------------------------
  int64_t AddActivityTaskScheduled(const std::string& activity_id, const std::string& activity_type,
                                   ActivityScheduledOptions options = {});
  int64_t AddActivityTaskStarted(int64_t scheduled_event_id, int32_t attempt = 1);
  int64_t AddActivityTaskCompleted(int64_t scheduled_event_id, int64_t started_event_id,
                                   Payloads result = {});
  int64_t AddActivityTaskFailed(int64_t scheduled_event_id, int64_t started_event_id,
                                Failure failure,
                                temporal::api::enums::v1::RetryState retry_state =
                                    temporal::api::enums::v1::RETRY_STATE_NON_RETRYABLE_FAILURE);
  // started_event_id 0: timed out before a worker started it.
  int64_t AddActivityTaskTimedOut(int64_t scheduled_event_id, int64_t started_event_id,
                                  Failure failure,
                                  temporal::api::enums::v1::RetryState retry_state =
                                      temporal::api::enums::v1::RETRY_STATE_TIMEOUT);
  int64_t AddActivityTaskCancelRequested(int64_t scheduled_event_id);
  // Needs an earlier ActivityTaskCancelRequested for the activity; started_event_id 0
  // when the activity was canceled before it started.
  int64_t AddActivityTaskCanceled(int64_t scheduled_event_id, int64_t started_event_id,
                                  Payloads details = {});

  // --- Markers (patches, side effects, local activities) ---------------------
  int64_t AddMarkerRecorded(const std::string& marker_name,
                            const std::map<std::string, Payloads>& details = {},
                            std::optional<Failure> failure = std::nullopt);

  // --- Child workflows -------------------------------------------------------
  // The child runs in this builder's namespace, on the parent's task queue.
  int64_t AddStartChildWorkflowExecutionInitiated(const std::string& workflow_id,
                                                  const std::string& workflow_type,
                                                  Payloads input = {});
  // The child's run id is "<workflow id>-run" unless given.
  int64_t AddChildWorkflowExecutionStarted(int64_t initiated_event_id, std::string run_id = "");
  int64_t AddChildWorkflowExecutionCompleted(int64_t initiated_event_id, int64_t started_event_id,
                                             Payloads result = {});
  int64_t AddChildWorkflowExecutionFailed(
      int64_t initiated_event_id, int64_t started_event_id, Failure failure,
      temporal::api::enums::v1::RetryState retry_state =
          temporal::api::enums::v1::RETRY_STATE_NON_RETRYABLE_FAILURE);
  int64_t AddChildWorkflowExecutionCanceled(int64_t initiated_event_id, int64_t started_event_id,
                                            Payloads details = {});
  int64_t AddChildWorkflowExecutionTimedOut(int64_t initiated_event_id, int64_t started_event_id);
  int64_t AddChildWorkflowExecutionTerminated(int64_t initiated_event_id, int64_t started_event_id);
  int64_t AddStartChildWorkflowExecutionFailed(
      int64_t initiated_event_id,
      temporal::api::enums::v1::StartChildWorkflowExecutionFailedCause cause =
          temporal::api::enums::v1::START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS);

  // --- External workflows ----------------------------------------------------
  int64_t AddSignalExternalWorkflowExecutionInitiated(const std::string& workflow_id,
                                                      const std::string& run_id,
                                                      const std::string& signal_name,
                                                      Payloads input = {},
                                                      bool child_workflow_only = false);
  int64_t AddExternalWorkflowExecutionSignaled(int64_t initiated_event_id);
  int64_t AddSignalExternalWorkflowExecutionFailed(
      int64_t initiated_event_id,
      temporal::api::enums::v1::SignalExternalWorkflowExecutionFailedCause cause =
          temporal::api::enums::v1::
              SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND);
  int64_t AddRequestCancelExternalWorkflowExecutionInitiated(const std::string& workflow_id,
                                                             const std::string& run_id,
                                                             bool child_workflow_only = false);
  int64_t AddExternalWorkflowExecutionCancelRequested(int64_t initiated_event_id);
  int64_t AddRequestCancelExternalWorkflowExecutionFailed(
      int64_t initiated_event_id,
      temporal::api::enums::v1::CancelExternalWorkflowExecutionFailedCause cause =
          temporal::api::enums::v1::
              CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND);

  // --- Search attributes, memo, updates --------------------------------------
  int64_t AddUpsertWorkflowSearchAttributes(temporal::api::common::v1::SearchAttributes attributes);
  int64_t AddWorkflowPropertiesModified(temporal::api::common::v1::Memo upserted_memo);
  int64_t AddWorkflowExecutionUpdateAdmitted(const std::string& update_id, const std::string& name,
                                             Payloads args = {});
  // Accepted by the latest workflow task; sequenced, as the server does, at
  // the event before that task's WorkflowTaskStarted.
  int64_t AddWorkflowExecutionUpdateAccepted(const std::string& update_id, const std::string& name,
                                             Payloads args = {});
  // The update's outcome: a result, or a failure.
  int64_t AddWorkflowExecutionUpdateCompleted(int64_t accepted_event_id, Payloads result);
  int64_t AddWorkflowExecutionUpdateCompleted(int64_t accepted_event_id, Failure failure);

  // --- Odd cases ---------------------------------------------------------------
  // Appends an event as given, except that its event_id is the next id and a
  // missing event_time is filled in.
  int64_t AddEvent(HistoryEvent event);
  // Sets worker_may_ignore on an existing event.
  void MarkWorkerMayIgnore(int64_t event_id);
  // An existing event, to edit in ways no Add* call allows.
  HistoryEvent& MutableEvent(int64_t event_id);

  // --- Reading ---------------------------------------------------------------
  const History& history() const { return history_; }
  int events_count() const { return history_.events_size(); }
  // 0 while the history is empty.
  int64_t last_event_id() const { return history_.events_size(); }
  const HistoryEvent& event(int64_t event_id) const;
  // What a worker is given for its n-th workflow task (1-based): every event
  // up to and including the n-th WorkflowTaskStarted. Throws
  // InvalidArgumentError when there are fewer than n started workflow tasks.
  History HistoryUpToWorkflowTask(int n) const;

 private:
  HistoryEvent& Append(temporal::api::enums::v1::EventType type);
  // The event `id` names, which must have type `expected`; `call` and `field`
  // make the error message say which argument was wrong.
  const HistoryEvent& Linked(const std::string& call, const std::string& field, int64_t id,
                             temporal::api::enums::v1::EventType expected) const;
  // The latest WorkflowTaskCompleted event, for command events to link to.
  int64_t CommandTaskId(const std::string& call) const;
  int64_t LatestOfType(temporal::api::enums::v1::EventType type) const;
  // Checks that a started event of a child/activity belongs to the initiated one.
  void CheckStartedLinks(const std::string& call, int64_t started_event_id,
                         temporal::api::enums::v1::EventType started_type,
                         int64_t initiated_event_id) const;

  // Checks the ids a child's close event links and returns the child's
  // started attributes (a copy: appending must not invalidate it).
  using ChildStartedAttributes =
      temporal::api::history::v1::ChildWorkflowExecutionStartedEventAttributes;
  ChildStartedAttributes CheckChildClose(const std::string& call, int64_t initiated_event_id,
                                         int64_t started_event_id) const;

  HistoryBuilderOptions options_;
  History history_;
  std::string task_queue_;
};

}  // namespace temporal::testing

#endif  // TEMPORAL_TESTING_HISTORY_BUILDER_H_
