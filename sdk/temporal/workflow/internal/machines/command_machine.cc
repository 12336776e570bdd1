// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/machines/command_machine.h"

#include <cctype>

#include "temporal/workflow/nondeterminism_error.h"

namespace temporal::workflow_internal::machines {
namespace {
namespace enums = temporal::api::enums::v1;
using temporal::api::command::v1::Command;
using temporal::api::history::v1::HistoryEvent;
}  // namespace

std::string PascalCase(std::string_view screaming, std::string_view prefix) {
  std::string out;
  bool upper = true;
  const size_t start = screaming.substr(0, prefix.size()) == prefix ? prefix.size() : 0;
  for (size_t i = start; i < screaming.size(); ++i) {
    char c = screaming[i];
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    upper = false;
  }
  return out;
}

std::string Quoted(const std::string& text) { return "\"" + text + "\""; }

void CommandMachine::Mismatch(const HistoryEvent& event, const std::string& code_did) const {
  throw NonDeterminismError(event.event_id(), DescribeEvent(event), code_did, FormatLocation(where_));
}

std::string ShortName(enums::EventType type) {
  return PascalCase(enums::EventType_Name(type), "EVENT_TYPE_");
}
std::string ShortName(enums::CommandType type) {
  return PascalCase(enums::CommandType_Name(type), "COMMAND_TYPE_");
}

enums::EventType EventTypeOf(enums::CommandType type) {
  switch (type) {
    case enums::COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK: return enums::EVENT_TYPE_ACTIVITY_TASK_SCHEDULED;
    case enums::COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK:
      return enums::EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED;
    case enums::COMMAND_TYPE_START_TIMER: return enums::EVENT_TYPE_TIMER_STARTED;
    case enums::COMMAND_TYPE_CANCEL_TIMER: return enums::EVENT_TYPE_TIMER_CANCELED;
    case enums::COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION:
      return enums::EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED;
    case enums::COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION: return enums::EVENT_TYPE_WORKFLOW_EXECUTION_FAILED;
    case enums::COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION:
      return enums::EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED;
    case enums::COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION:
      return enums::EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED;
    case enums::COMMAND_TYPE_RECORD_MARKER: return enums::EVENT_TYPE_MARKER_RECORDED;
    case enums::COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION:
      return enums::EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW;
    case enums::COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION:
      return enums::EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED;
    case enums::COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION:
      return enums::EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED;
    case enums::COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
      return enums::EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES;
    case enums::COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES:
      return enums::EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED;
    case enums::COMMAND_TYPE_SCHEDULE_NEXUS_OPERATION: return enums::EVENT_TYPE_NEXUS_OPERATION_SCHEDULED;
    case enums::COMMAND_TYPE_REQUEST_CANCEL_NEXUS_OPERATION:
      return enums::EVENT_TYPE_NEXUS_OPERATION_CANCEL_REQUESTED;
    default: return enums::EVENT_TYPE_UNSPECIFIED;
  }
}

bool IsCommandEvent(enums::EventType type) {
  switch (type) {
    case enums::EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
    case enums::EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED:
    case enums::EVENT_TYPE_TIMER_STARTED:
    case enums::EVENT_TYPE_TIMER_CANCELED:
    case enums::EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
    case enums::EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:
    case enums::EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED:
    case enums::EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED:
    case enums::EVENT_TYPE_MARKER_RECORDED:
    case enums::EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
    case enums::EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED:
    case enums::EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED:
    case enums::EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
    case enums::EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED:
    case enums::EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
    case enums::EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED:
    case enums::EVENT_TYPE_NEXUS_OPERATION_SCHEDULED:
    case enums::EVENT_TYPE_NEXUS_OPERATION_CANCEL_REQUESTED:
      return true;
    default:
      return false;
  }
}

std::string DescribeEvent(const HistoryEvent& event) {
  std::string text = ShortName(event.event_type());
  if (event.has_activity_task_scheduled_event_attributes()) {
    const auto& a = event.activity_task_scheduled_event_attributes();
    text += ", activity type " + Quoted(a.activity_type().name()) + ", activity id " +
            Quoted(a.activity_id());
  } else if (event.has_timer_started_event_attributes()) {
    text += ", timer id " + Quoted(event.timer_started_event_attributes().timer_id());
  } else if (event.has_timer_fired_event_attributes()) {
    text += ", timer id " + Quoted(event.timer_fired_event_attributes().timer_id());
  } else if (event.has_timer_canceled_event_attributes()) {
    text += ", timer id " + Quoted(event.timer_canceled_event_attributes().timer_id());
  } else if (event.has_marker_recorded_event_attributes()) {
    text += ", marker " + Quoted(event.marker_recorded_event_attributes().marker_name());
  } else if (event.has_start_child_workflow_execution_initiated_event_attributes()) {
    const auto& a = event.start_child_workflow_execution_initiated_event_attributes();
    text += ", workflow type " + Quoted(a.workflow_type().name()) + ", workflow id " +
            Quoted(a.workflow_id());
  } else if (event.has_signal_external_workflow_execution_initiated_event_attributes()) {
    const auto& a = event.signal_external_workflow_execution_initiated_event_attributes();
    text += ", signal " + Quoted(a.signal_name()) + " to workflow id " +
            Quoted(a.workflow_execution().workflow_id());
  } else if (event.has_request_cancel_external_workflow_execution_initiated_event_attributes()) {
    const auto& a = event.request_cancel_external_workflow_execution_initiated_event_attributes();
    text += ", workflow id " + Quoted(a.workflow_execution().workflow_id());
  } else if (event.has_workflow_execution_signaled_event_attributes()) {
    text += ", signal " + Quoted(event.workflow_execution_signaled_event_attributes().signal_name());
  } else if (event.has_workflow_execution_update_accepted_event_attributes()) {
    const auto& a = event.workflow_execution_update_accepted_event_attributes();
    text += ", update " + Quoted(a.accepted_request().input().name()) + " id " +
            Quoted(a.accepted_request().meta().update_id());
  } else if (event.has_workflow_execution_update_completed_event_attributes()) {
    text += ", update id " +
            Quoted(event.workflow_execution_update_completed_event_attributes().meta().update_id());
  } else if (event.has_activity_task_cancel_requested_event_attributes()) {
    text += ", scheduled event " +
            std::to_string(event.activity_task_cancel_requested_event_attributes().scheduled_event_id());
  }
  return text;
}

std::string DescribeCommand(const Command& command) {
  std::string text = ShortName(command.command_type());
  if (command.has_schedule_activity_task_command_attributes()) {
    const auto& a = command.schedule_activity_task_command_attributes();
    text += ", activity type " + Quoted(a.activity_type().name()) + ", activity id " +
            Quoted(a.activity_id());
  } else if (command.has_start_timer_command_attributes()) {
    text += ", timer id " + Quoted(command.start_timer_command_attributes().timer_id());
  } else if (command.has_cancel_timer_command_attributes()) {
    text += ", timer id " + Quoted(command.cancel_timer_command_attributes().timer_id());
  } else if (command.has_record_marker_command_attributes()) {
    text += ", marker " + Quoted(command.record_marker_command_attributes().marker_name());
  } else if (command.has_start_child_workflow_execution_command_attributes()) {
    const auto& a = command.start_child_workflow_execution_command_attributes();
    text += ", workflow type " + Quoted(a.workflow_type().name()) + ", workflow id " +
            Quoted(a.workflow_id());
  } else if (command.has_signal_external_workflow_execution_command_attributes()) {
    const auto& a = command.signal_external_workflow_execution_command_attributes();
    text += ", signal " + Quoted(a.signal_name()) + " to workflow id " +
            Quoted(a.execution().workflow_id());
  } else if (command.has_request_cancel_external_workflow_execution_command_attributes()) {
    text += ", workflow id " +
            Quoted(command.request_cancel_external_workflow_execution_command_attributes().workflow_id());
  } else if (command.has_protocol_message_command_attributes()) {
    text += ", message " + Quoted(command.protocol_message_command_attributes().message_id());
  } else if (command.has_continue_as_new_workflow_execution_command_attributes()) {
    text += ", workflow type " +
            Quoted(command.continue_as_new_workflow_execution_command_attributes().workflow_type().name());
  }
  return text;
}

}  // namespace temporal::workflow_internal::machines
