// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/machines/local_activity_machine.h"

#include <nlohmann/json.hpp>

#include "temporal/workflow/nondeterminism_error.h"

namespace temporal::workflow_internal::machines {
namespace {
namespace enums = temporal::api::enums::v1;
using temporal::api::command::v1::Command;
using temporal::api::common::v1::Payload;
using temporal::api::common::v1::Payloads;
using temporal::api::failure::v1::Failure;
using temporal::api::history::v1::HistoryEvent;
using temporal::api::history::v1::MarkerRecordedEventAttributes;
using nlohmann::ordered_json;

// serde writes sdk-core's Timestamp and Duration alike: {"seconds", "nanos"}, or null.
template <typename Proto>
ordered_json SecondsAndNanos(const Proto& proto) {
  ordered_json json;
  json["seconds"] = proto.seconds();
  json["nanos"] = proto.nanos();
  return json;
}

template <typename Proto>
std::optional<Proto> ReadSecondsAndNanos(const nlohmann::json& json, const char* key) {
  auto it = json.find(key);
  if (it == json.end() || !it->is_object()) return std::nullopt;
  Proto proto;
  proto.set_seconds(it->value("seconds", int64_t{0}));
  proto.set_nanos(it->value("nanos", int32_t{0}));
  return proto;
}

// The marker data as serde writes it, field by field in declaration order.
std::string MarkerDataJson(const LocalActivityMarkerData& data) {
  ordered_json json;
  json["seq"] = data.seq;
  json["attempt"] = data.attempt;
  json["activity_id"] = data.activity_id;
  json["activity_type"] = data.activity_type;
  json["complete_time"] = data.complete_time ? SecondsAndNanos(ToProto(*data.complete_time)) : ordered_json();
  json["backoff"] = data.backoff ? SecondsAndNanos(ToProto(*data.backoff)) : ordered_json();
  json["original_schedule_time"] =
      data.original_schedule_time ? SecondsAndNanos(ToProto(*data.original_schedule_time)) : ordered_json();
  return json.dump();
}

// The outcome a marker records: a failure means failed, or canceled when
// the failure (or its cause) is a cancellation; otherwise completed.
Resolution RecordedOutcome(const MarkerRecordedEventAttributes& marker) {
  Resolution outcome;
  if (marker.has_failure()) {
    const Failure& failure = marker.failure();
    const bool canceled = failure.has_canceled_failure_info() ||
                          (failure.has_cause() && failure.cause().has_canceled_failure_info());
    outcome.kind = canceled ? Resolution::Kind::kCanceled : Resolution::Kind::kFailed;
    outcome.failure = failure;
    return outcome;
  }
  outcome.kind = Resolution::Kind::kCompleted;
  auto result = marker.details().find(std::string(kLocalActivityResultKey));
  if (result != marker.details().end()) outcome.result = result->second;
  return outcome;
}

// The failure of a cancellation that carries none of its own.
Failure CanceledFailure() {
  Failure failure;
  failure.set_message("Activity cancelled");
  failure.mutable_canceled_failure_info();
  return failure;
}

// WrapForWorkflow: a cancellation or timeout as the workflow sees it, an
// activity failure caused by it, as sdk-core resolves local activities.
Failure WrapForWorkflow(const Failure& cause, const char* message, enums::RetryState retry_state,
                        const ScheduleLocalActivityCommand& command) {
  Failure wrapped;
  wrapped.set_message(message);
  *wrapped.mutable_cause() = cause;
  auto* info = wrapped.mutable_activity_failure_info();
  info->mutable_activity_type()->set_name(command.activity_type);
  info->set_activity_id(command.activity_id);
  info->set_retry_state(retry_state);
  return wrapped;
}

// WorkflowResolution: what the workflow's await resolves with. It depends
// only on the outcome the marker keeps, so a replay resolves exactly as the
// run that executed the activity did.
Resolution WorkflowResolution(Resolution outcome, const ScheduleLocalActivityCommand& command) {
  if (outcome.kind == Resolution::Kind::kCanceled && outcome.failure.has_canceled_failure_info()) {
    outcome.failure = WrapForWorkflow(outcome.failure, "Local Activity cancelled",
                                      enums::RETRY_STATE_CANCEL_REQUESTED, command);
  } else if (outcome.kind == Resolution::Kind::kFailed && outcome.failure.has_timeout_failure_info()) {
    outcome.failure = WrapForWorkflow(outcome.failure, "Local Activity timed out",
                                      enums::RETRY_STATE_TIMEOUT, command);
  }
  return outcome;
}

std::string KindName(Resolution::Kind kind) {
  switch (kind) {
    case Resolution::Kind::kCompleted: return "completed";
    case Resolution::Kind::kFailed: return "failed";
    case Resolution::Kind::kCanceled: return "was canceled";
  }
  return "?";
}
}  // namespace

std::optional<LocalActivityMarkerData> ParseLocalActivityMarker(const HistoryEvent& event) {
  if (event.event_type() != enums::EVENT_TYPE_MARKER_RECORDED ||
      event.marker_recorded_event_attributes().marker_name() != kLocalActivityMarkerName) {
    return std::nullopt;
  }
  const auto& details = event.marker_recorded_event_attributes().details();
  auto data = details.find(std::string(kLocalActivityDataKey));
  if (data == details.end() || data->second.payloads_size() == 0) return std::nullopt;
  const auto json = nlohmann::json::parse(data->second.payloads(0).data(), nullptr,
                                          /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("seq") || !json["seq"].is_number_unsigned()) {
    return std::nullopt;
  }
  LocalActivityMarkerData parsed;
  try {
    parsed.seq = json["seq"].get<uint32_t>();
    parsed.attempt = json.value("attempt", uint32_t{0});
    parsed.activity_id = json.value("activity_id", std::string());
    parsed.activity_type = json.value("activity_type", std::string());
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;  // a field of the wrong type
  }
  if (auto t = ReadSecondsAndNanos<google::protobuf::Timestamp>(json, "complete_time")) {
    parsed.complete_time = FromProto(*t);
  }
  if (auto d = ReadSecondsAndNanos<google::protobuf::Duration>(json, "backoff")) {
    parsed.backoff = FromProto(*d);
  }
  if (auto t = ReadSecondsAndNanos<google::protobuf::Timestamp>(json, "original_schedule_time")) {
    parsed.original_schedule_time = FromProto(*t);
  }
  return parsed;
}

std::string_view LocalActivityMachine::Names::Name(State state) {
  switch (state) {
    case State::kCreated: return "Created";
    case State::kRequestSent: return "RequestSent";
    case State::kMarkerCommandCreated: return "MarkerCommandCreated";
    case State::kResultNotified: return "ResultNotified";
    case State::kMarkerCommandRecorded: return "MarkerCommandRecorded";
    case State::kWaitingMarkerEvent: return "WaitingMarkerEvent";
    case State::kWaitingMarkerEventPreResolved: return "WaitingMarkerEventPreResolved";
  }
  return "?";
}

std::string_view LocalActivityMachine::Names::Name(Trigger trigger) {
  switch (trigger) {
    case Trigger::kScheduleExecuting: return "ScheduleExecuting";
    case Trigger::kScheduleReplaying: return "ScheduleReplaying";
    case Trigger::kScheduleReplayingPreResolved: return "ScheduleReplayingPreResolved";
    case Trigger::kHandleResult: return "HandleResult";
    case Trigger::kHandleKnownResult: return "HandleKnownResult";
    case Trigger::kCancel: return "Cancel";
    case Trigger::kNoWaitCancel: return "NoWaitCancel";
    case Trigger::kStartedNonReplayWorkflowTask: return "StartedNonReplayWorkflowTask";
    case Trigger::kRecordMarkerCommand: return "RecordMarkerCommand";
    case Trigger::kMarkerRecordedEvent: return "MarkerRecorded";
  }
  return "?";
}

LocalActivityMachine::LocalActivityMachine(uint32_t seq, ScheduleLocalActivityCommand command,
                                           std::source_location where)
    : CommandMachine(where),
      seq_(seq),
      command_(std::move(command)),
      machine_(kTransitions, State::kCreated) {}

std::string LocalActivityMachine::Describe() const {
  return "local activity \"" + command_.activity_type + "\" (seq " + std::to_string(seq_) + ")";
}

const HistoryEvent* LocalActivityMachine::FindUpcomingMarker(const MachineSink& sink) const {
  for (const HistoryEvent* event : sink.UpcomingCommandEvents()) {
    auto data = ParseLocalActivityMarker(*event);
    if (!data || data->seq != seq_) continue;
    if (data->activity_type != command_.activity_type) {
      Mismatch(*event, "the workflow scheduled " + Describe() +
                           ", but the history's marker for that seq records activity type \"" +
                           data->activity_type + "\"");
    }
    return event;
  }
  return nullptr;
}

void LocalActivityMachine::Schedule(MachineSink& sink) {
  if (!sink.replaying()) {
    machine_.Apply(Trigger::kScheduleExecuting);
    return;
  }
  if (const HistoryEvent* marker = FindUpcomingMarker(sink)) {
    machine_.Apply(Trigger::kScheduleReplayingPreResolved);
    ResolveFromMarker(*marker, sink);
    return;
  }
  machine_.Apply(Trigger::kScheduleReplaying);
}

bool LocalActivityMachine::ResolveFromUpcomingMarker(MachineSink& sink) {
  if (machine_.state() != State::kWaitingMarkerEvent) return false;
  const HistoryEvent* marker = FindUpcomingMarker(sink);
  if (marker == nullptr) return false;
  machine_.Apply(Trigger::kHandleKnownResult);
  ResolveFromMarker(*marker, sink);
  return true;
}

void LocalActivityMachine::OnNonReplayWorkflowTask() {
  if (machine_.state() != State::kWaitingMarkerEvent) return;
  machine_.Apply(Trigger::kStartedNonReplayWorkflowTask);
}

void LocalActivityMachine::ResolveFromMarker(const HistoryEvent& marker_event, MachineSink& sink) {
  const auto& marker = marker_event.marker_recorded_event_attributes();
  const LocalActivityMarkerData data = *ParseLocalActivityMarker(marker_event);
  const Resolution recorded = RecordedOutcome(marker);
  complete_time_ = data.complete_time;
  resolved_kind_ = recorded.kind;
  PushResolveJob(recorded, data, marker, sink);

  // The pending command the recorded marker matches (sdk-core's "fake
  // marker"): it is never sent, the server has it already.
  Command record;
  record.set_command_type(enums::COMMAND_TYPE_RECORD_MARKER);
  auto* attributes = record.mutable_record_marker_command_attributes();
  attributes->set_marker_name(marker.marker_name());
  *attributes->mutable_details() = marker.details();
  if (marker.has_header()) *attributes->mutable_header() = marker.header();
  if (marker.has_failure()) *attributes->mutable_failure() = marker.failure();
  sink.PushCommand(*this, std::move(record));
}

void LocalActivityMachine::ResolveAndRecord(const LocalActivityResult& result, MachineSink& sink) {
  Resolution outcome = result.outcome;
  if (outcome.kind == Resolution::Kind::kCanceled && outcome.failure.ByteSizeLong() == 0) {
    outcome.failure = CanceledFailure();
  }
  complete_time_ = result.complete_time;

  LocalActivityMarkerData data{
      .seq = seq_,
      .attempt = result.attempt,
      .activity_id = command_.activity_id,
      .activity_type = command_.activity_type,
      .complete_time = result.complete_time,
      .backoff = result.backoff,
      .original_schedule_time = result.original_schedule_time ? result.original_schedule_time
                                                              : command_.original_schedule_time,
  };
  MarkerRecordedEventAttributes marker;
  marker.set_marker_name(std::string(kLocalActivityMarkerName));
  Payload json;
  (*json.mutable_metadata())["encoding"] = "json/plain";
  json.set_data(MarkerDataJson(data));
  auto& details = *marker.mutable_details();
  *details[std::string(kLocalActivityDataKey)].add_payloads() = std::move(json);
  if (outcome.kind == Resolution::Kind::kCompleted) {
    if (outcome.result.payloads_size() > 0) details[std::string(kLocalActivityResultKey)] = outcome.result;
  } else {
    // The marker keeps the failure as the activity reported it; the
    // workflow's view of it is built from that on every replay alike.
    *marker.mutable_failure() = outcome.failure;
  }

  Command record;
  record.set_command_type(enums::COMMAND_TYPE_RECORD_MARKER);
  auto* attributes = record.mutable_record_marker_command_attributes();
  attributes->set_marker_name(marker.marker_name());
  *attributes->mutable_details() = marker.details();
  if (marker.has_failure()) *attributes->mutable_failure() = marker.failure();
  // The workflow sees the outcome as the marker records it, exactly as a
  // replay of the marker will (an activity failure that is a cancellation
  // reads back as canceled).
  const Resolution recorded = RecordedOutcome(marker);
  resolved_kind_ = recorded.kind;
  PushResolveJob(recorded, data, std::move(marker), sink);
  sink.PushCommand(*this, std::move(record));
}

void LocalActivityMachine::PushResolveJob(const Resolution& outcome, const LocalActivityMarkerData& data,
                                          MarkerRecordedEventAttributes marker, MachineSink& sink) {
  ResolveLocalActivityJob job;
  job.seq = seq_;
  job.resolution = WorkflowResolution(outcome, command_);
  if (data.backoff) {
    job.backoff = data.backoff;
    job.next_attempt = data.attempt + 1;
    job.original_schedule_time = data.original_schedule_time;
  }
  job.marker = std::move(marker);
  sink.PushJob(std::move(job));
}

void LocalActivityMachine::Resolve(MachineSink& sink, const LocalActivityResult& result) {
  const State before = machine_.state();
  machine_.Apply(Trigger::kHandleResult);
  if (before != State::kRequestSent) return;  // resolved already: the late result changes nothing
  ResolveAndRecord(result, sink);
}

LocalActivityMachine::ExecutorRequest LocalActivityMachine::Cancel(MachineSink& sink) {
  const auto type = command_.cancellation_type;
  const bool wait = type == ActivityCancellationType::kWaitCancellationCompleted;
  const State before = machine_.state();
  machine_.Apply(wait ? Trigger::kCancel : Trigger::kNoWaitCancel);
  switch (before) {
    case State::kRequestSent:
      if (wait) return ExecutorRequest::kRequestCancel;
      ResolveAndRecord(LocalActivityResult{.outcome = {.kind = Resolution::Kind::kCanceled},
                                           .attempt = command_.attempt,
                                           .original_schedule_time = command_.original_schedule_time},
                       sink);
      return type == ActivityCancellationType::kAbandon ? ExecutorRequest::kAbandon
                                                        : ExecutorRequest::kRequestCancel;
    case State::kMarkerCommandCreated:
    case State::kMarkerCommandRecorded:
      // Resolved; as in sdk-core the worker still hears of it (unless
      // abandoned) in case it holds a retry of this activity.
      return type == ActivityCancellationType::kAbandon ? ExecutorRequest::kNone
                                                        : ExecutorRequest::kRequestCancel;
    default:
      // Replaying: nothing runs; the recorded marker says how it ended.
      return ExecutorRequest::kNone;
  }
}

void LocalActivityMachine::OnCommandEvent(const Command&, const HistoryEvent& event, MachineSink&) {
  const std::string code_did = "the workflow ran " + Describe();
  const auto data = ParseLocalActivityMarker(event);
  if (!data) Mismatch(event, code_did + ", but this marker is not a readable local activity marker");
  if (data->seq != seq_ || data->activity_type != command_.activity_type) {
    Mismatch(event, code_did + ", but the history's marker is for local activity \"" +
                        data->activity_type + "\" (seq " + std::to_string(data->seq) + ")");
  }
  if (machine_.state() == State::kWaitingMarkerEventPreResolved) {
    machine_.Apply(Trigger::kMarkerRecordedEvent);
    return;
  }
  if (machine_.state() != State::kMarkerCommandCreated) {
    Mismatch(event, code_did + ", which is in state " + std::string(Names::Name(machine_.state())) +
                        ", where it records no marker");
  }
  // The marker must agree with how this run resolved the activity (a
  // cancellation is allowed to have ended either way).
  const Resolution::Kind recorded = RecordedOutcome(event.marker_recorded_event_attributes()).kind;
  const bool completed_here = resolved_kind_ == Resolution::Kind::kCompleted;
  const bool failed_here = resolved_kind_ == Resolution::Kind::kFailed;
  if ((completed_here && recorded != Resolution::Kind::kCompleted) ||
      (failed_here && recorded == Resolution::Kind::kCompleted)) {
    Mismatch(event, code_did + ", which " + KindName(*resolved_kind_) + ", but the history says it " +
                        KindName(recorded));
  }
  machine_.Apply(Trigger::kRecordMarkerCommand);
  machine_.Apply(Trigger::kMarkerRecordedEvent);
}

void LocalActivityMachine::OnEvent(const HistoryEvent& event, MachineSink&) {
  Mismatch(event, "the workflow's " + Describe() + " is in state " +
                      std::string(Names::Name(machine_.state())) + ", where no event follows");
}

}  // namespace temporal::workflow_internal::machines
