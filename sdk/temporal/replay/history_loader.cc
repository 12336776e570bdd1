// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/replay/history_loader.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>

#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace temporal::replay {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using Json = nlohmann::json;

// "WorkflowExecutionStarted" -> "WORKFLOW_EXECUTION_STARTED".
std::string ScreamingSnake(std::string_view camel) {
  std::string out;
  for (size_t i = 0; i < camel.size(); ++i) {
    const char c = camel[i];
    if (std::isupper(static_cast<unsigned char>(c)) && i > 0 &&
        (std::islower(static_cast<unsigned char>(camel[i - 1])) ||
         (i + 1 < camel.size() && std::islower(static_cast<unsigned char>(camel[i + 1]))))) {
      out.push_back('_');
    }
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

// A problem found while walking one event, with the JSON path of the field.
struct Problem {
  std::string field;
  std::string what;
};

// Rewrites the enum values of a message's JSON to the canonical spelling.
class EnumNormalizer {
 public:
  // Normalize rewrites older enum spellings in `json`, a message of type
  // `message`, in place; returns the first problem.
  std::optional<Problem> Normalize(Json& json, const Descriptor* message) {
    problem_.reset();
    worker_may_ignore_ = message == temporal::api::history::v1::HistoryEvent::descriptor() &&
                         json.is_object() && json.value("workerMayIgnore", false);
    Walk(json, message, "");
    return problem_;
  }

 private:
  void Walk(Json& object, const Descriptor* message, const std::string& path) {
    if (problem_ || !object.is_object()) return;  // type errors: protobuf reports them
    for (auto& [key, value] : object.items()) {
      const FieldDescriptor* field = FindField(message, key);
      if (field == nullptr) continue;  // unknown fields are ignored
      const std::string field_path = path.empty() ? key : path + "." + key;
      if (field->is_map()) {
        const FieldDescriptor* map_value = field->message_type()->FindFieldByName("value");
        if (!value.is_object()) continue;
        for (auto& [map_key, entry] : value.items()) {
          VisitValue(entry, map_value, field_path + "[" + map_key + "]");
        }
      } else if (field->is_repeated()) {
        if (!value.is_array()) continue;
        for (size_t i = 0; i < value.size(); ++i) {
          VisitValue(value[i], field, field_path + "[" + std::to_string(i) + "]");
        }
      } else {
        VisitValue(value, field, field_path);
      }
      if (problem_) return;
    }
  }

  void VisitValue(Json& value, const FieldDescriptor* field, const std::string& path) {
    if (field->type() == FieldDescriptor::TYPE_ENUM) {
      NormalizeEnum(value, field->enum_type(), path);
    } else if (field->type() == FieldDescriptor::TYPE_MESSAGE &&
               field->message_type()->file()->package() != "google.protobuf") {
      Walk(value, field->message_type(), path);
    }
  }

  void NormalizeEnum(Json& value, const EnumDescriptor* type, const std::string& path) {
    if (!value.is_string()) return;  // numbers are valid proto JSON
    const std::string name = value.get<std::string>();
    if (type->FindValueByName(name) != nullptr) return;
    const std::string canonical = ScreamingSnake(type->name()) + "_" + ScreamingSnake(name);
    if (type->FindValueByName(canonical) != nullptr) {
      value = canonical;
      return;
    }
    if (const auto* renamed = FromRenamedType(type, name)) {
      value = renamed->name();
      return;
    }
    if (path == "eventType" && worker_may_ignore_) {
      value = 0;  // EVENT_TYPE_UNSPECIFIED: the replayer skips it
      return;
    }
    problem_ = Problem{path, "unknown value \"" + name + "\" for " + type->full_name() +
                                 (path == "eventType" ? " (and the event is not marked workerMayIgnore)"
                                                      : "")};
  }

  // An enum type renamed after a history was recorded keeps its value names
  // but not their prefix (UPDATE_REQUESTED_EVENT_ORIGIN_REAPPLY is now
  // UPDATE_ADMITTED_EVENT_ORIGIN_REAPPLY). A SCREAMING_SNAKE name maps to the
  // value whose unprefixed name is its longest "_"-aligned suffix.
  static const google::protobuf::EnumValueDescriptor* FromRenamedType(const EnumDescriptor* type,
                                                                      const std::string& name) {
    for (char c : name) {
      if (!std::isupper(static_cast<unsigned char>(c)) && !std::isdigit(static_cast<unsigned char>(c)) &&
          c != '_') {
        return nullptr;
      }
    }
    const std::string prefix = ScreamingSnake(type->name()) + "_";
    const google::protobuf::EnumValueDescriptor* best = nullptr;
    size_t best_length = 0;
    for (int i = 0; i < type->value_count(); ++i) {
      const std::string& candidate = type->value(i)->name();
      if (candidate.rfind(prefix, 0) != 0) continue;
      // The suffix is "_" + the unprefixed name. Compared as views: GCC 12
      // at -O3 reports a false -Wrestrict in `"_" + candidate.substr(...)`.
      const std::string_view unprefixed = std::string_view(candidate).substr(prefix.size());
      const size_t suffix_length = unprefixed.size() + 1;
      if (name.size() > suffix_length && name.ends_with(unprefixed) &&
          name[name.size() - suffix_length] == '_' && suffix_length > best_length) {
        best = type->value(i);
        best_length = suffix_length;
      }
    }
    return best;
  }

  static const FieldDescriptor* FindField(const Descriptor* message, const std::string& key) {
    for (int i = 0; i < message->field_count(); ++i) {
      const FieldDescriptor* field = message->field(i);
      if (field->json_name() == key || field->name() == key) return field;
    }
    return nullptr;
  }

  std::optional<Problem> problem_;
  bool worker_may_ignore_ = false;
};

std::string EventLabel(int index, const Json& event) {
  std::string label = "history event #" + std::to_string(index);
  if (event.is_object()) {
    auto id = event.find("eventId");
    if (id != event.end() && (id->is_string() || id->is_number())) {
      label += " (eventId " + (id->is_string() ? id->get<std::string>() : id->dump()) + ")";
    }
  }
  return label;
}

}  // namespace

History HistoryFromJson(std::string_view text) {
  Json document;
  try {
    document = Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw HistoryFormatError("history is not valid JSON (at byte " + std::to_string(e.byte) +
                                 "): " + e.what(),
                             std::nullopt);
  }
  if (document.is_array()) {
    // Some tools export a list of histories; one history in a list reads.
    if (document.size() != 1) {
      throw HistoryFormatError("history JSON is an array of " + std::to_string(document.size()) +
                                   " elements; a history file holds one history (an object, or an "
                                   "array of exactly one)",
                               std::nullopt);
    }
    Json only = std::move(document[0]);
    document = std::move(only);
  }
  if (!document.is_object() || !document.contains("events") || !document["events"].is_array()) {
    throw HistoryFormatError("history JSON must be an object with an \"events\" array",
                             std::nullopt);
  }
  History history;
  EnumNormalizer normalizer;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  Json& events = document["events"];
  for (size_t i = 0; i < events.size(); ++i) {
    const int index = static_cast<int>(i);
    Json& event = events[i];
    if (!event.is_object()) {
      throw HistoryFormatError(EventLabel(index, event) + " is not a JSON object", index);
    }
    if (auto problem =
            normalizer.Normalize(event, temporal::api::history::v1::HistoryEvent::descriptor())) {
      throw HistoryFormatError(
          EventLabel(index, event) + ", field " + problem->field + ": " + problem->what, index);
    }
    auto status =
        google::protobuf::util::JsonStringToMessage(event.dump(), history.add_events(), options);
    if (!status.ok()) {
      throw HistoryFormatError(EventLabel(index, event) + ": " + std::string(status.message()),
                               index);
    }
  }
  return history;
}

void MessageFromJson(std::string_view text, google::protobuf::Message& message) {
  const std::string type = message.GetDescriptor()->full_name();
  Json document = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    throw HistoryFormatError("the JSON of " + type + " is not valid JSON", std::nullopt);
  }
  if (auto problem = EnumNormalizer().Normalize(document, message.GetDescriptor())) {
    throw HistoryFormatError(
        "the JSON of " + type + ", field " + problem->field + ": " + problem->what, std::nullopt);
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  auto status = google::protobuf::util::JsonStringToMessage(document.dump(), &message, options);
  if (!status.ok()) {
    throw HistoryFormatError("the JSON of " + type + ": " + std::string(status.message()),
                             std::nullopt);
  }
}

History HistoryFromBinary(std::string_view bytes) {
  History history;
  if (!history.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    throw HistoryFormatError("history is not a binary temporal.api.history.v1.History (" +
                                 std::to_string(bytes.size()) + " bytes failed to parse)",
                             std::nullopt);
  }
  return history;
}

History LoadHistoryFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw HistoryFormatError("cannot open history file " + path.string(), std::nullopt);
  std::ostringstream content;
  content << in.rdbuf();
  const std::string data = content.str();
  const size_t first = data.find_first_not_of(" \t\r\n");
  try {
    if (first != std::string::npos && (data[first] == '{' || data[first] == '[')) {
      return HistoryFromJson(data);
    }
    return HistoryFromBinary(data);
  } catch (const HistoryFormatError& e) {
    throw HistoryFormatError(path.string() + ": " + e.what(), e.event_index());
  }
}

}  // namespace temporal::replay
