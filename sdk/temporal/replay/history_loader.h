// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Loading recorded workflow histories: the JSON the Temporal CLI and Web UI
// export (in both enum spellings found in the wild: canonical
// "EVENT_TYPE_WORKFLOW_EXECUTION_STARTED" and the older
// "WorkflowExecutionStarted"), and binary temporal.api.history.v1.History.
//
//   temporal::api::history::v1::History history =
//       temporal::replay::LoadHistoryFile("histories/order-42.json");
//
// Malformed input is a HistoryFormatError that names the event (index and
// id) and the field, never a crash or a silently defaulted value:
//   history event #4 (eventId 5), field eventType: unknown value "TimerFiredd"
//   for temporal.api.enums.v1.EventType
// Unknown fields are ignored (newer servers add them). Values of enum types
// renamed since a history was recorded are mapped by their unchanged suffix.
// An unknown event type
// is accepted only on an event marked workerMayIgnore, as the protocol
// allows; it loads as EVENT_TYPE_UNSPECIFIED for the replayer to skip.
#ifndef TEMPORAL_REPLAY_HISTORY_LOADER_H_
#define TEMPORAL_REPLAY_HISTORY_LOADER_H_

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "temporal/api/history/v1/message.pb.h"
#include "temporal/common/error.h"

namespace temporal::replay {

using History = temporal::api::history::v1::History;

// HistoryFormatError: a history that cannot be read. event_index() is the
// 0-based position in the events array when the problem is in one event.
class HistoryFormatError : public Error {
 public:
  HistoryFormatError(const std::string& message, std::optional<int> event_index)
      : Error(message), event_index_(event_index) {}
  std::optional<int> event_index() const { return event_index_; }

 private:
  std::optional<int> event_index_;
};

// HistoryFromJson parses exported JSON: an object with an "events" array,
// or an array holding exactly one such object (as some tools export it).
History HistoryFromJson(std::string_view json);

// MessageFromJson parses the JSON of any Temporal API message with the same
// tolerance: older enum spellings ("Normal", "Terminated", as the Go SDK's
// gogo-proto JSON wrote them in payloads) and unknown fields. Throws
// HistoryFormatError naming the message type and the field.
//   temporal::api::workflowservice::v1::DescribeWorkflowExecutionResponse response;
//   temporal::replay::MessageFromJson(payload.data(), response);
void MessageFromJson(std::string_view json, google::protobuf::Message& message);

// HistoryFromBinary parses the protobuf wire form of a History.
History HistoryFromBinary(std::string_view bytes);

// LoadHistoryFile reads a file: JSON when its first non-blank byte is '{'
// or '[', binary otherwise. Errors name the file.
History LoadHistoryFile(const std::filesystem::path& path);

}  // namespace temporal::replay

#endif  // TEMPORAL_REPLAY_HISTORY_LOADER_H_
