// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/machines/patch_machine.h"

#include <nlohmann/json.hpp>

#include "temporal/workflow/nondeterminism_error.h"

namespace temporal::workflow_internal::machines {
namespace {
namespace enums = temporal::api::enums::v1;
using temporal::api::command::v1::Command;
using temporal::api::common::v1::Payload;
using temporal::api::common::v1::Payloads;
using temporal::api::history::v1::HistoryEvent;
using DetailsMap = google::protobuf::Map<std::string, Payloads>;

// The details keys older Rust-core SDKs wrote (binary/plain payloads).
constexpr std::string_view kLegacyPatchIdKey = "patch_id";
constexpr std::string_view kLegacyDeprecatedKey = "deprecated";

const Payload* FirstPayload(const DetailsMap& details, std::string_view key) {
  auto it = details.find(std::string(key));
  if (it == details.end() || it->second.payloads_size() == 0) return nullptr;
  return &it->second.payloads(0);
}

// A json/plain payload (what Go's default data converter writes), parsed;
// a discarded value when it is not one.
nlohmann::json JsonOf(const Payload* payload) {
  if (payload == nullptr) return nlohmann::json::value_t::discarded;
  auto encoding = payload->metadata().find("encoding");
  if (encoding == payload->metadata().end() || encoding->second != "json/plain") {
    return nlohmann::json::value_t::discarded;
  }
  return nlohmann::json::parse(payload->data(), nullptr, /*allow_exceptions=*/false);
}

// The Go SDK's GetVersion marker: "change-id" (a JSON string) and "version"
// (a JSON integer), plus an optional "version-search-attribute-updated".
std::optional<PatchMarker> ParseGoVersionDetails(const DetailsMap& details) {
  const nlohmann::json change_id = JsonOf(FirstPayload(details, kGoVersionChangeIdKey));
  const nlohmann::json version = JsonOf(FirstPayload(details, kGoVersionKey));
  if (!change_id.is_string() || !version.is_number_integer()) return std::nullopt;
  return PatchMarker{change_id.get<std::string>(), false, version.get<int64_t>()};
}

std::optional<PatchMarker> ParseDetails(const std::string& marker_name, const DetailsMap& details) {
  if (marker_name == kGoVersionMarkerName) return ParseGoVersionDetails(details);
  if (marker_name != kPatchMarkerName) return std::nullopt;
  if (const Payload* data = FirstPayload(details, kPatchMarkerDataKey)) {
    // A patch-data entry decides, as in sdk-core: when it cannot be read
    // the marker is not a readable patch marker, whatever else it holds.
    const auto json = nlohmann::json::parse(data->data(), nullptr, /*allow_exceptions=*/false);
    if (!json.is_object() || !json.contains("id") || !json["id"].is_string()) return std::nullopt;
    PatchMarker marker{json["id"].get<std::string>(), false};
    if (auto deprecated = json.find("deprecated"); deprecated != json.end()) {
      if (!deprecated->is_boolean()) return std::nullopt;
      marker.deprecated = deprecated->get<bool>();
    }
    return marker;
  }
  const Payload* id = FirstPayload(details, kLegacyPatchIdKey);
  const Payload* deprecated = FirstPayload(details, kLegacyDeprecatedKey);
  if (id == nullptr || deprecated == nullptr || deprecated->data().empty()) return std::nullopt;
  return PatchMarker{id->data(), deprecated->data()[0] != 0};
}

Payload JsonPayload(const nlohmann::ordered_json& json) {
  Payload payload;
  (*payload.mutable_metadata())["encoding"] = "json/plain";
  payload.set_data(json.dump());
  return payload;
}
}  // namespace

std::optional<PatchMarker> ParsePatchMarker(const HistoryEvent& event) {
  if (event.event_type() != enums::EVENT_TYPE_MARKER_RECORDED ||
      !event.has_marker_recorded_event_attributes()) {
    return std::nullopt;
  }
  const auto& attributes = event.marker_recorded_event_attributes();
  return ParseDetails(attributes.marker_name(), attributes.details());
}

std::optional<PatchMarker> ParsePatchMarker(const Command& command) {
  if (command.command_type() != enums::COMMAND_TYPE_RECORD_MARKER ||
      !command.has_record_marker_command_attributes()) {
    return std::nullopt;
  }
  const auto& attributes = command.record_marker_command_attributes();
  return ParseDetails(attributes.marker_name(), attributes.details());
}

std::optional<std::string> PatchIdOfMarker(const HistoryEvent& event) {
  auto marker = ParsePatchMarker(event);
  if (!marker) return std::nullopt;
  return std::move(marker->patch_id);
}

bool IsPatchMarker(const HistoryEvent& event) { return ParsePatchMarker(event).has_value(); }

bool IsDeprecatedPatchMarker(const HistoryEvent& event) {
  auto marker = ParsePatchMarker(event);
  return marker && marker->deprecated;
}

bool PatchMarkerMayBeUnclaimed(const HistoryEvent& event) {
  auto marker = ParsePatchMarker(event);
  return marker && (marker->deprecated || marker->go_version.has_value());
}

std::optional<std::string> PatchIdOfCommand(const Command& command) {
  auto marker = ParsePatchMarker(command);
  if (!marker) return std::nullopt;
  return std::move(marker->patch_id);
}

std::string_view PatchMachine::Names::Name(State state) {
  switch (state) {
    case State::kCreated: return "Created";
    case State::kMarkerCommandCreated: return "MarkerCommandCreated";
    case State::kMarkerCommandCreatedReplaying: return "MarkerCommandCreatedReplaying";
    case State::kNotified: return "Notified";
    case State::kMarkerCommandRecorded: return "MarkerCommandRecorded";
  }
  return "?";
}

std::string_view PatchMachine::Names::Name(Trigger trigger) {
  switch (trigger) {
    case Trigger::kScheduleExecuting: return "ScheduleExecuting";
    case Trigger::kScheduleReplaying: return "ScheduleReplaying";
    case Trigger::kRecordMarkerCommand: return "RecordMarkerCommand";
    case Trigger::kMarkerRecordedEvent: return "MarkerRecorded";
  }
  return "?";
}

PatchMachine::PatchMachine(std::string patch_id, bool deprecated, std::source_location where)
    : CommandMachine(where),
      patch_id_(std::move(patch_id)),
      deprecated_(deprecated),
      machine_(kTransitions, State::kCreated) {}

std::string PatchMachine::Describe() const {
  return std::string(deprecated_ ? "deprecated patch" : "patch") + " \"" + patch_id_ + "\"";
}

void PatchMachine::Schedule(MachineSink& sink) {
  machine_.Apply(sink.replaying() ? Trigger::kScheduleReplaying : Trigger::kScheduleExecuting);
  Command record;
  record.set_command_type(enums::COMMAND_TYPE_RECORD_MARKER);
  auto* attributes = record.mutable_record_marker_command_attributes();
  attributes->set_marker_name(std::string(kPatchMarkerName));
  // Field order as serde writes sdk-core's PatchedMarkerData: id, deprecated.
  nlohmann::ordered_json data;
  data["id"] = patch_id_;
  data["deprecated"] = deprecated_;
  *(*attributes->mutable_details())[std::string(kPatchMarkerDataKey)].add_payloads() = JsonPayload(data);
  sink.PushCommand(*this, std::move(record));
}

void PatchMachine::OnCommandEvent(const Command&, const HistoryEvent& event, MachineSink&) {
  const auto recorded = ParsePatchMarker(event);
  const std::string code_did =
      std::string("the workflow ") + (deprecated_ ? "deprecated" : "checked") + " patch \"" +
      patch_id_ + "\"";
  if (!recorded) Mismatch(event, code_did + ", but this marker is not a patch marker");
  if (recorded->patch_id != patch_id_) {
    Mismatch(event, code_did + ", but the history's marker is for patch \"" + recorded->patch_id + "\"");
  }
  if (recorded->go_version && *recorded->go_version != 1) {
    // Patched() is GetVersion(id, DefaultVersion, 1): true is version 1.
    Mismatch(event, code_did + ", but the history's marker is the Go SDK's GetVersion marker " +
                        "with version " + std::to_string(*recorded->go_version) +
                        ", which Patched() cannot stand for (it means version 1)");
  }
  machine_.Apply(Trigger::kRecordMarkerCommand);
  machine_.Apply(Trigger::kMarkerRecordedEvent);
}

void PatchMachine::OnEvent(const HistoryEvent& event, MachineSink&) {
  Mismatch(event, "the workflow's " + Describe() + " is in state " +
                      std::string(Names::Name(machine_.state())) + ", where no event follows");
}

bool PatchMachine::MayBeAbsentFromHistory(const Command&) const { return deprecated_; }

}  // namespace temporal::workflow_internal::machines
