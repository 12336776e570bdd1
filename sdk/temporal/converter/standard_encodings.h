// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// The standard encodings, in the order the default converter tries them
// (the same order as the other Temporal SDKs):
//
// | encoding          | C++ values                                              | data |
// |-------------------|---------------------------------------------------------|------|
// | binary/null       | std::nullptr_t, std::monostate, empty std::optional      | none |
// | binary/plain      | std::vector<std::byte>, std::vector<uint8_t>             | the bytes |
// | json/protobuf     | protobuf messages (metadata messageType = full name)    | proto JSON, compact, camelCase |
// | binary/protobuf   | protobuf messages (decode; encode when chosen)          | wire format |
// | json/plain        | anything with nlohmann/json to_json / from_json          | compact UTF-8 JSON |
//
// For example the string "hi" becomes json/plain `"hi"`, and a
// temporal.api.common.v1.DataBlob with data DE AD BE EF becomes json/protobuf
// `{"data":"3q2+7w=="}` with messageType temporal.api.common.v1.DataBlob.
#ifndef TEMPORAL_CONVERTER_STANDARD_ENCODINGS_H_
#define TEMPORAL_CONVERTER_STANDARD_ENCODINGS_H_

#include "temporal/converter/encoding_converter.h"

namespace temporal::converter {

// NullEncoding: binary/null, for values that are "nothing".
class NullEncoding : public EncodingConverter {
 public:
  std::string_view encoding() const override { return kEncodingNull; }
  std::optional<Payload> ToPayload(const ValueView& value) const override;
  // Decodes into a nullable target (std::optional, std::nullptr_t,
  // std::monostate) or a JSON target that accepts null (nlohmann::json).
  void FromPayload(const Payload& payload, const ValueTarget& target) const override;
};

// BinaryEncoding: binary/plain, for byte vectors.
class BinaryEncoding : public EncodingConverter {
 public:
  std::string_view encoding() const override { return kEncodingBinary; }
  std::optional<Payload> ToPayload(const ValueView& value) const override;
  void FromPayload(const Payload& payload, const ValueTarget& target) const override;
};

// ProtobufJsonEncoding: json/protobuf. Decoding ignores unknown fields (a
// newer sender may have added some) and checks messageType when present.
class ProtobufJsonEncoding : public EncodingConverter {
 public:
  std::string_view encoding() const override { return kEncodingProtobufJson; }
  std::optional<Payload> ToPayload(const ValueView& value) const override;
  void FromPayload(const Payload& payload, const ValueTarget& target) const override;
};

// ProtobufBinaryEncoding: binary/protobuf, the protobuf wire format.
class ProtobufBinaryEncoding : public EncodingConverter {
 public:
  std::string_view encoding() const override { return kEncodingProtobufBinary; }
  std::optional<Payload> ToPayload(const ValueView& value) const override;
  void FromPayload(const Payload& payload, const ValueTarget& target) const override;
};

// JsonEncoding: json/plain through nlohmann/json.
class JsonEncoding : public EncodingConverter {
 public:
  std::string_view encoding() const override { return kEncodingJson; }
  std::optional<Payload> ToPayload(const ValueView& value) const override;
  void FromPayload(const Payload& payload, const ValueTarget& target) const override;
};

}  // namespace temporal::converter

#endif  // TEMPORAL_CONVERTER_STANDARD_ENCODINGS_H_
