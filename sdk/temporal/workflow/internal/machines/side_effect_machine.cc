// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/machines/side_effect_machine.h"

#include <nlohmann/json.hpp>

#include "temporal/workflow/nondeterminism_error.h"

namespace temporal::workflow_internal::machines {
namespace {
namespace enums = temporal::api::enums::v1;
using temporal::api::command::v1::Command;
using temporal::api::common::v1::Payload;
using temporal::api::common::v1::Payloads;
using temporal::api::history::v1::HistoryEvent;

bool IsSideEffectMarker(const HistoryEvent& event) {
  return event.event_type() == enums::EVENT_TYPE_MARKER_RECORDED &&
         event.marker_recorded_event_attributes().marker_name() == kSideEffectMarkerName;
}

// The recorded value of the marker for side effect `seq` among `events`.
const Payloads* RecordedValue(std::span<const HistoryEvent* const> events, uint32_t seq) {
  for (const HistoryEvent* event : events) {
    if (SideEffectIdOfMarker(*event) != static_cast<int64_t>(seq)) continue;
    const auto& details = event->marker_recorded_event_attributes().details();
    auto data = details.find(std::string(kSideEffectDataKey));
    // A marker without data holds an empty value (Go reads it so too).
    static const Payloads kNoValue;
    return data == details.end() ? &kNoValue : &data->second;
  }
  return nullptr;
}
}  // namespace

std::optional<int64_t> SideEffectIdOfMarker(const HistoryEvent& event) {
  if (!IsSideEffectMarker(event)) return std::nullopt;
  const auto& details = event.marker_recorded_event_attributes().details();
  auto id = details.find(std::string(kSideEffectIdKey));
  if (id == details.end() || id->second.payloads_size() == 0) return std::nullopt;
  // Go writes the id with its data converter: a json/plain number.
  const auto json = nlohmann::json::parse(id->second.payloads(0).data(), nullptr,
                                          /*allow_exceptions=*/false);
  if (!json.is_number_integer()) return std::nullopt;
  return json.get<int64_t>();
}

std::string_view SideEffectMachine::Names::Name(State state) {
  switch (state) {
    case State::kCreated: return "Created";
    case State::kMarkerCommandCreated: return "MarkerCommandCreated";
    case State::kNotified: return "Notified";
    case State::kMarkerCommandRecorded: return "MarkerCommandRecorded";
  }
  return "?";
}

std::string_view SideEffectMachine::Names::Name(Trigger trigger) {
  switch (trigger) {
    case Trigger::kRecordOwnValue: return "RecordOwnValue";
    case Trigger::kReplayRecordedValue: return "ReplayRecordedValue";
    case Trigger::kRecordMarkerCommand: return "RecordMarkerCommand";
    case Trigger::kMarkerRecordedEvent: return "MarkerRecorded";
  }
  return "?";
}

SideEffectMachine::SideEffectMachine(uint32_t seq, RecordSideEffectCommand command,
                                     std::source_location where)
    : CommandMachine(where),
      seq_(seq),
      command_(std::move(command)),
      machine_(kTransitions, State::kCreated) {}

std::string SideEffectMachine::Describe() const { return "side effect " + std::to_string(seq_); }

void SideEffectMachine::Schedule(MachineSink& sink) {
  const Payloads* recorded = sink.replaying() ? RecordedValue(sink.UpcomingCommandEvents(), seq_) : nullptr;
  machine_.Apply(recorded != nullptr ? Trigger::kReplayRecordedValue : Trigger::kRecordOwnValue);
  const Payloads& value = recorded != nullptr ? *recorded : command_.result;
  sink.PushJob(ResolveSideEffectJob{seq_, value});

  Command record;
  record.set_command_type(enums::COMMAND_TYPE_RECORD_MARKER);
  auto* attributes = record.mutable_record_marker_command_attributes();
  attributes->set_marker_name(std::string(kSideEffectMarkerName));
  auto& details = *attributes->mutable_details();
  Payload id;
  (*id.mutable_metadata())["encoding"] = "json/plain";
  id.set_data(std::to_string(seq_));
  *details[std::string(kSideEffectIdKey)].add_payloads() = std::move(id);
  details[std::string(kSideEffectDataKey)] = value;
  sink.PushCommand(*this, std::move(record));
}

void SideEffectMachine::OnCommandEvent(const Command&, const HistoryEvent& event, MachineSink&) {
  const std::string code_did = "the workflow recorded side effect " + std::to_string(seq_);
  if (!IsSideEffectMarker(event)) Mismatch(event, code_did + ", but this marker is not a side effect");
  const auto recorded_id = SideEffectIdOfMarker(event);
  if (recorded_id != static_cast<int64_t>(seq_)) {
    Mismatch(event, code_did + ", but the history's marker is for side effect " +
                        (recorded_id ? std::to_string(*recorded_id) : std::string("(unreadable id)")));
  }
  machine_.Apply(Trigger::kRecordMarkerCommand);
  machine_.Apply(Trigger::kMarkerRecordedEvent);
}

void SideEffectMachine::OnEvent(const HistoryEvent& event, MachineSink&) {
  Mismatch(event, "the workflow's " + Describe() + " is in state " +
                      std::string(Names::Name(machine_.state())) + ", where no event follows");
}

}  // namespace temporal::workflow_internal::machines
