// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/converter/standard_encodings.h"

#include <google/protobuf/util/json_util.h>

#include <string>

#include "temporal/common/error.h"

namespace temporal::converter {
namespace {

Payload NewPayload(std::string_view encoding, std::string data) {
  Payload payload;
  (*payload.mutable_metadata())[std::string(kMetadataEncoding)] = std::string(encoding);
  payload.set_data(std::move(data));
  return payload;
}

[[noreturn]] void Unsupported(const Payload& payload, const ValueTarget& target,
                              std::string_view accepted) {
  throw ConversionError("cannot convert a payload with encoding \"" +
                        std::string(PayloadEncoding(payload)) + "\" to " + target.type_name() +
                        ": that encoding only decodes into " + std::string(accepted));
}

google::protobuf::Message& TargetMessage(const Payload& payload, const ValueTarget& target) {
  google::protobuf::Message* message = target.message();
  if (message == nullptr) Unsupported(payload, target, "protobuf messages");
  // A payload that says which message it holds must hold the target's.
  auto type = payload.metadata().find(std::string(kMetadataMessageType));
  if (type != payload.metadata().end() && !type->second.empty() &&
      type->second != message->GetDescriptor()->full_name()) {
    throw ConversionError("cannot convert a payload holding protobuf message " + type->second +
                          " to " + message->GetDescriptor()->full_name());
  }
  message->Clear();
  return *message;
}

Payload ProtobufPayload(std::string_view encoding, const google::protobuf::Message& message,
                        std::string data) {
  Payload payload = NewPayload(encoding, std::move(data));
  (*payload.mutable_metadata())[std::string(kMetadataMessageType)] =
      message.GetDescriptor()->full_name();
  return payload;
}

}  // namespace

std::optional<Payload> NullEncoding::ToPayload(const ValueView& value) const {
  if (!value.is_null()) return std::nullopt;
  return NewPayload(kEncodingNull, "");
}

void NullEncoding::FromPayload(const Payload& payload, const ValueTarget& target) const {
  if (target.accepts_null()) {
    target.SetNull();
  } else if (target.accepts_json()) {
    target.FromJson(nullptr);  // nlohmann::json becomes null; other types throw.
  } else {
    Unsupported(payload, target, "std::optional, std::nullptr_t or std::monostate");
  }
}

std::optional<Payload> BinaryEncoding::ToPayload(const ValueView& value) const {
  auto bytes = value.bytes();
  if (!bytes) return std::nullopt;
  return NewPayload(kEncodingBinary, std::string(*bytes));
}

void BinaryEncoding::FromPayload(const Payload& payload, const ValueTarget& target) const {
  if (!target.accepts_bytes()) {
    Unsupported(payload, target, "std::vector<std::byte> or std::vector<uint8_t>");
  }
  target.SetBytes(payload.data());
}

std::optional<Payload> ProtobufJsonEncoding::ToPayload(const ValueView& value) const {
  const google::protobuf::Message* message = value.message();
  if (message == nullptr) return std::nullopt;
  std::string json;
  auto status = google::protobuf::util::MessageToJsonString(*message, &json);
  if (!status.ok()) {
    throw ConversionError("cannot convert protobuf message " +
                          message->GetDescriptor()->full_name() +
                          " to JSON: " + std::string(status.message()));
  }
  return ProtobufPayload(kEncodingProtobufJson, *message, std::move(json));
}

void ProtobufJsonEncoding::FromPayload(const Payload& payload, const ValueTarget& target) const {
  google::protobuf::Message& message = TargetMessage(payload, target);
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  auto status = google::protobuf::util::JsonStringToMessage(payload.data(), &message, options);
  if (!status.ok()) {
    throw ConversionError("cannot convert a json/protobuf payload to " +
                          message.GetDescriptor()->full_name() + ": " +
                          std::string(status.message()));
  }
}

std::optional<Payload> ProtobufBinaryEncoding::ToPayload(const ValueView& value) const {
  const google::protobuf::Message* message = value.message();
  if (message == nullptr) return std::nullopt;
  std::string data;
  if (!message->SerializeToString(&data)) {
    throw ConversionError("cannot serialize protobuf message " +
                          message->GetDescriptor()->full_name() +
                          " (missing required fields?): " + message->InitializationErrorString());
  }
  return ProtobufPayload(kEncodingProtobufBinary, *message, std::move(data));
}

void ProtobufBinaryEncoding::FromPayload(const Payload& payload, const ValueTarget& target) const {
  google::protobuf::Message& message = TargetMessage(payload, target);
  if (!message.ParseFromString(payload.data())) {
    throw ConversionError("cannot convert a binary/protobuf payload to " +
                          message.GetDescriptor()->full_name() + ": the bytes are not a valid " +
                          "message of that type");
  }
}

std::optional<Payload> JsonEncoding::ToPayload(const ValueView& value) const {
  if (!value.has_json()) return std::nullopt;
  // dump() throws type_error 316 for invalid UTF-8; the composite reports it.
  return NewPayload(kEncodingJson, value.ToJson().dump());
}

void JsonEncoding::FromPayload(const Payload& payload, const ValueTarget& target) const {
  if (!target.accepts_json()) {
    Unsupported(payload, target, "types with nlohmann/json from_json");
  }
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(payload.data());
  } catch (const nlohmann::json::parse_error& e) {
    throw ConversionError("cannot convert a json/plain payload to " + target.type_name() +
                          ": the data is not valid JSON (at byte " + std::to_string(e.byte) +
                          "): " + e.what());
  }
  target.FromJson(json);
}

}  // namespace temporal::converter
