// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/converter/composite_payload_converter.h"

#include <string>

#include "temporal/common/error.h"
#include "temporal/converter/standard_encodings.h"

namespace temporal::converter {
namespace {

std::string KnownEncodings(const std::vector<std::shared_ptr<const EncodingConverter>>& list) {
  std::string known;
  for (const auto& encoding : list) {
    if (!known.empty()) known += ", ";
    known += encoding->encoding();
  }
  return known;
}

}  // namespace

CompositePayloadConverter::CompositePayloadConverter(
    std::vector<std::shared_ptr<const EncodingConverter>> encodings)
    : encodings_(std::move(encodings)) {}

CompositePayloadConverter CompositePayloadConverter::Standard(StandardConverterOptions options) {
  auto json_proto = std::make_shared<ProtobufJsonEncoding>();
  auto binary_proto = std::make_shared<ProtobufBinaryEncoding>();
  std::vector<std::shared_ptr<const EncodingConverter>> encodings = {
      std::make_shared<NullEncoding>(), std::make_shared<BinaryEncoding>()};
  if (options.protobuf == ProtobufEncodingChoice::kJson) {
    encodings.insert(encodings.end(), {json_proto, binary_proto});
  } else {
    encodings.insert(encodings.end(), {binary_proto, json_proto});
  }
  encodings.push_back(std::make_shared<JsonEncoding>());
  return CompositePayloadConverter(std::move(encodings));
}

CompositePayloadConverter CompositePayloadConverter::WithFirst(
    std::shared_ptr<const EncodingConverter> encoding) const {
  std::vector<std::shared_ptr<const EncodingConverter>> encodings = {encoding};
  for (const auto& existing : encodings_) {
    if (existing->encoding() != encoding->encoding()) encodings.push_back(existing);
  }
  return CompositePayloadConverter(std::move(encodings));
}

Payload CompositePayloadConverter::Encode(const ValueView& value) const {
  if (const Payload* raw = value.As<Payload>()) return *raw;
  for (const auto& encoding : encodings_) {
    std::optional<Payload> payload;
    try {
      payload = encoding->ToPayload(value);
    } catch (const ConversionError&) {
      throw;
    } catch (const std::exception& e) {
      throw ConversionError("cannot convert a " + value.type_name() + " to a " +
                            std::string(encoding->encoding()) + " payload: " + e.what());
    }
    if (payload) return *std::move(payload);
  }
  throw ConversionError("no payload encoding handles " + value.type_name() + " (tried " +
                        KnownEncodings(encodings_) +
                        "): give it nlohmann/json to_json/from_json, make it a protobuf message, "
                        "or add an EncodingConverter for it");
}

void CompositePayloadConverter::Decode(const Payload& payload, const ValueTarget& target) const {
  if (Payload* raw = target.As<Payload>()) {
    *raw = payload;
    return;
  }
  const std::string_view name = PayloadEncoding(payload);
  if (name.empty()) {
    throw ConversionError("cannot convert a payload to " + target.type_name() +
                          ": it has no \"encoding\" metadata");
  }
  for (const auto& encoding : encodings_) {
    if (encoding->encoding() != name) continue;
    try {
      encoding->FromPayload(payload, target);
    } catch (const ConversionError&) {
      throw;
    } catch (const std::exception& e) {
      throw ConversionError("cannot convert a payload with encoding \"" + std::string(name) +
                            "\" to " + target.type_name() + ": " + e.what());
    }
    return;
  }
  throw ConversionError("cannot convert a payload to " + target.type_name() +
                        ": unknown encoding \"" + std::string(name) + "\" (known: " +
                        KnownEncodings(encodings_) + ")");
}

std::shared_ptr<const PayloadConverter> DefaultPayloadConverter() {
  static const auto* converter =
      new std::shared_ptr<const PayloadConverter>(std::make_shared<CompositePayloadConverter>(
          CompositePayloadConverter::Standard()));
  return *converter;
}

}  // namespace temporal::converter
