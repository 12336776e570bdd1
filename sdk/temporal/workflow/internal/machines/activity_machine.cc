// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/machines/activity_machine.h"

#include <utility>

#include "temporal/workflow/nondeterminism_error.h"

namespace temporal::workflow_internal::machines {
namespace {
namespace enums = temporal::api::enums::v1;
using temporal::api::command::v1::Command;
using temporal::api::failure::v1::Failure;
using temporal::api::history::v1::ActivityTaskCanceledEventAttributes;
using temporal::api::history::v1::HistoryEvent;

// The messages of the ActivityFailure the workflow sees, as sdk-core words
// them, so that workflows (and their tests) see the same text in every SDK.
constexpr const char* kFailedMessage = "Activity task failed";
constexpr const char* kTimedOutMessage = "Activity task timed out";
constexpr const char* kCanceledMessage = "Activity cancelled";

bool IsEnded(ActivityMachine::State state) {
  return state == ActivityMachine::State::kCompleted || state == ActivityMachine::State::kFailed ||
         state == ActivityMachine::State::kTimedOut;
}
}  // namespace

std::string_view ActivityMachine::Names::Name(State state) {
  switch (state) {
    case State::kCreated: return "Created";
    case State::kScheduleCommandCreated: return "ScheduleCommandCreated";
    case State::kScheduledEventRecorded: return "ScheduledEventRecorded";
    case State::kStarted: return "Started";
    case State::kScheduledActivityCancelCommandCreated:
      return "ScheduledActivityCancelCommandCreated";
    case State::kStartedActivityCancelCommandCreated: return "StartedActivityCancelCommandCreated";
    case State::kScheduledActivityCancelEventRecorded:
      return "ScheduledActivityCancelEventRecorded";
    case State::kStartedActivityCancelEventRecorded: return "StartedActivityCancelEventRecorded";
    case State::kCompleted: return "Completed";
    case State::kFailed: return "Failed";
    case State::kTimedOut: return "TimedOut";
    case State::kCanceled: return "Canceled";
    case State::kAbandoned: return "Abandoned";
  }
  return "?";
}

std::string_view ActivityMachine::Names::Name(Trigger trigger) {
  switch (trigger) {
    case Trigger::kSchedule: return "Schedule";
    case Trigger::kScheduleActivityTaskCommand: return "ScheduleActivityTaskCommand";
    case Trigger::kActivityTaskScheduledEvent: return "ActivityTaskScheduled";
    case Trigger::kCancel: return "Cancel";
    case Trigger::kAbandon: return "Abandon";
    case Trigger::kActivityTaskStartedEvent: return "ActivityTaskStarted";
    case Trigger::kActivityTaskCompletedEvent: return "ActivityTaskCompleted";
    case Trigger::kActivityTaskFailedEvent: return "ActivityTaskFailed";
    case Trigger::kActivityTaskTimedOutEvent: return "ActivityTaskTimedOut";
    case Trigger::kRequestCancelActivityTaskCommand: return "RequestCancelActivityTaskCommand";
    case Trigger::kActivityTaskCancelRequestedEvent: return "ActivityTaskCancelRequested";
    case Trigger::kActivityTaskCanceledEvent: return "ActivityTaskCanceled";
  }
  return "?";
}

ActivityMachine::ActivityMachine(uint32_t seq, ScheduleActivityCommand command,
                                 std::source_location where)
    : CommandMachine(where),
      seq_(seq),
      command_(std::move(command)),
      activity_type_(command_.attributes.activity_type().name()),
      activity_id_(command_.attributes.activity_id()),
      machine_(kTransitions, State::kCreated) {}

std::string ActivityMachine::Describe() const {
  return "activity \"" + activity_type() + "\" (id \"" + activity_id_ + "\")";
}

void ActivityMachine::Schedule(MachineSink& sink) {
  machine_.Apply(Trigger::kSchedule);
  Command schedule;
  schedule.set_command_type(enums::COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK);
  *schedule.mutable_schedule_activity_task_command_attributes() = std::move(command_.attributes);
  sink.PushCommand(*this, std::move(schedule));
}

void ActivityMachine::Cancel(MachineSink& sink) {
  const State before = machine_.state();
  const ActivityCancellationType type = command_.cancellation_type;
  machine_.Apply(type == ActivityCancellationType::kAbandon ? Trigger::kAbandon : Trigger::kCancel);
  if (before == State::kScheduleCommandCreated) {
    // The server never saw it: nothing to cancel there, whatever the type.
    canceled_before_sent_ = true;
    sink.DropPendingCommands(*this);
    Resolve(CanceledResolution({}), sink);
    return;
  }
  if (before != State::kScheduledEventRecorded && before != State::kStarted) return;
  if (type != ActivityCancellationType::kAbandon) {
    Command request_cancel;
    request_cancel.set_command_type(enums::COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK);
    auto* attributes = request_cancel.mutable_request_cancel_activity_task_command_attributes();
    attributes->set_scheduled_event_id(scheduled_event_id_);
    sink.PushCommand(*this, std::move(request_cancel));
  }
  if (type != ActivityCancellationType::kWaitCancellationCompleted) {
    Resolve(CanceledResolution({}), sink);
  }
}

void ActivityMachine::OnCommandEvent(const Command& command, const HistoryEvent& event,
                                     MachineSink&) {
  switch (command.command_type()) {
    case enums::COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK: {
      const auto& recorded = event.activity_task_scheduled_event_attributes();
      if (recorded.activity_type().name() != activity_type() ||
          (!command_.activity_id_generated && recorded.activity_id() != activity_id_)) {
        Mismatch(event, "the workflow scheduled " + Describe());
      }
      if (!machine_.CanApply(Trigger::kScheduleActivityTaskCommand)) {
        Mismatch(event, "the workflow's " + Describe() + " is in state " +
                            std::string(Names::Name(machine_.state())) +
                            ", where it cannot be scheduled");
      }
      // A generated id is adopted: another SDK may number activities otherwise.
      activity_id_ = recorded.activity_id();
      scheduled_event_id_ = event.event_id();
      machine_.Apply(Trigger::kScheduleActivityTaskCommand);
      machine_.Apply(Trigger::kActivityTaskScheduledEvent);
      return;
    }
    case enums::COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK: {
      const int64_t recorded_scheduled_event_id =
          event.activity_task_cancel_requested_event_attributes().scheduled_event_id();
      if (recorded_scheduled_event_id != scheduled_event_id_) {
        Mismatch(event, "the workflow canceled " + Describe() + ", scheduled at event " +
                            std::to_string(scheduled_event_id_));
      }
      if (!machine_.CanApply(Trigger::kRequestCancelActivityTaskCommand)) {
        Mismatch(event, "the workflow's " + Describe() + " is in state " +
                            std::string(Names::Name(machine_.state())) +
                            ", where no cancel request is pending");
      }
      machine_.Apply(Trigger::kRequestCancelActivityTaskCommand);
      machine_.Apply(Trigger::kActivityTaskCancelRequestedEvent);
      return;
    }
    default:
      Mismatch(event, "the workflow's " + Describe() + " issued " + DescribeCommand(command));
  }
}

std::optional<ActivityMachine::Trigger> ActivityMachine::TriggerOf(const HistoryEvent& event) {
  switch (event.event_type()) {
    case enums::EVENT_TYPE_ACTIVITY_TASK_STARTED: return Trigger::kActivityTaskStartedEvent;
    case enums::EVENT_TYPE_ACTIVITY_TASK_COMPLETED: return Trigger::kActivityTaskCompletedEvent;
    case enums::EVENT_TYPE_ACTIVITY_TASK_FAILED: return Trigger::kActivityTaskFailedEvent;
    case enums::EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT: return Trigger::kActivityTaskTimedOutEvent;
    case enums::EVENT_TYPE_ACTIVITY_TASK_CANCELED: return Trigger::kActivityTaskCanceledEvent;
    default: return std::nullopt;
  }
}

void ActivityMachine::OnEvent(const HistoryEvent& event, MachineSink& sink) {
  const std::optional<Trigger> trigger = TriggerOf(event);
  if (!trigger) Mismatch(event, "the workflow waits for " + Describe());
  if (!machine_.CanApply(*trigger)) {
    Mismatch(event, "the workflow's " + Describe() + " is in state " +
                        std::string(Names::Name(machine_.state())) + ", where it cannot take " +
                        ShortName(event.event_type()));
  }
  machine_.Apply(*trigger);
  switch (*trigger) {
    case Trigger::kActivityTaskCompletedEvent: {
      Resolution completed;
      completed.kind = Resolution::Kind::kCompleted;
      completed.result = event.activity_task_completed_event_attributes().result();
      Resolve(std::move(completed), sink);
      return;
    }
    case Trigger::kActivityTaskFailedEvent: {
      const auto& recorded = event.activity_task_failed_event_attributes();
      Resolution failed;
      failed.kind = Resolution::Kind::kFailed;
      failed.failure = ActivityFailure(kFailedMessage, recorded.scheduled_event_id(),
                                       recorded.started_event_id(), recorded.identity(),
                                       recorded.retry_state());
      if (recorded.has_failure()) *failed.failure.mutable_cause() = recorded.failure();
      Resolve(std::move(failed), sink);
      return;
    }
    case Trigger::kActivityTaskTimedOutEvent: {
      // The cause is the server's TimeoutFailure (which timeout, last heartbeat details).
      const auto& recorded = event.activity_task_timed_out_event_attributes();
      Resolution timed_out;
      timed_out.kind = Resolution::Kind::kFailed;
      timed_out.failure = ActivityFailure(kTimedOutMessage, recorded.scheduled_event_id(),
                                          recorded.started_event_id(), /*identity=*/"",
                                          recorded.retry_state());
      if (recorded.has_failure()) *timed_out.failure.mutable_cause() = recorded.failure();
      Resolve(std::move(timed_out), sink);
      return;
    }
    case Trigger::kActivityTaskCanceledEvent:
      Resolve(CanceledResolution(event.activity_task_canceled_event_attributes()), sink);
      return;
    default:
      return;  // ActivityTaskStarted: nothing for the workflow
  }
}

bool ActivityMachine::MayBeAbsentFromHistory(const Command& command) const {
  return command.command_type() == enums::COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK &&
         IsEnded(machine_.state());
}

void ActivityMachine::Resolve(Resolution resolution, MachineSink& sink) {
  // The first resolution is the one the workflow sees: after kTryCancel or
  // kAbandon resolved the await, what the activity reports is ignored.
  if (resolved_) return;
  resolved_ = true;
  sink.PushJob(ResolveActivityJob{seq_, std::move(resolution)});
}

Failure ActivityMachine::ActivityFailure(std::string message, int64_t scheduled_event_id,
                                         int64_t started_event_id, std::string identity,
                                         enums::RetryState retry_state) const {
  Failure failure;
  failure.set_message(std::move(message));
  auto* info = failure.mutable_activity_failure_info();
  info->set_scheduled_event_id(scheduled_event_id);
  info->set_started_event_id(started_event_id);
  info->set_identity(std::move(identity));
  info->mutable_activity_type()->set_name(activity_type());
  info->set_activity_id(activity_id_);
  info->set_retry_state(retry_state);
  return failure;
}

Resolution ActivityMachine::CanceledResolution(
    const ActivityTaskCanceledEventAttributes& canceled) const {
  // A cancellation resolved before the activity reported one (kTryCancel,
  // kAbandon, or not sent yet) has no event: its ids and identity are empty,
  // as in sdk-core.
  Resolution resolution;
  resolution.kind = Resolution::Kind::kCanceled;
  resolution.failure =
      ActivityFailure(kCanceledMessage, canceled.scheduled_event_id(), canceled.started_event_id(),
                      canceled.identity(), enums::RETRY_STATE_CANCEL_REQUESTED);
  auto* cause = resolution.failure.mutable_cause()->mutable_canceled_failure_info();
  if (canceled.has_details()) *cause->mutable_details() = canceled.details();
  return resolution;
}

}  // namespace temporal::workflow_internal::machines
