// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// EncodingConverter: one payload encoding (the value of the payload's
// "encoding" metadata) and the C++ values it handles. A
// CompositePayloadConverter holds an ordered list of them: to encode a value
// it asks each in turn and the first that accepts wins; to decode a payload
// it picks the one whose encoding the payload names.
//
// Add your own to support a type or an encoding the standard ones do not:
//
//   class MsgPackEncoding : public temporal::converter::EncodingConverter {
//    public:
//     std::string_view encoding() const override { return "binary/msgpack"; }
//     std::optional<temporal::Payload> ToPayload(const temporal::ValueView& value) const override {
//       if (!value.has_json()) return std::nullopt;      // not ours: let the next one try
//       temporal::Payload payload;
//       (*payload.mutable_metadata())["encoding"] = "binary/msgpack";
//       auto bytes = nlohmann::json::to_msgpack(value.ToJson());
//       payload.set_data(std::string(bytes.begin(), bytes.end()));
//       return payload;
//     }
//     void FromPayload(const temporal::Payload& payload,
//                      const temporal::ValueTarget& target) const override {
//       target.FromJson(nlohmann::json::from_msgpack(payload.data()));
//     }
//   };
//   auto converter = temporal::converter::CompositePayloadConverter::Standard()
//                        .WithFirst(std::make_shared<MsgPackEncoding>());
#ifndef TEMPORAL_CONVERTER_ENCODING_CONVERTER_H_
#define TEMPORAL_CONVERTER_ENCODING_CONVERTER_H_

#include <optional>
#include <string_view>

#include "temporal/common/payload_converter.h"
#include "temporal/common/value.h"

namespace temporal::converter {

// The metadata keys every SDK uses.
inline constexpr std::string_view kMetadataEncoding = "encoding";
inline constexpr std::string_view kMetadataMessageType = "messageType";

// The standard encodings, byte-compatible with the other Temporal SDKs.
inline constexpr std::string_view kEncodingNull = "binary/null";
inline constexpr std::string_view kEncodingBinary = "binary/plain";
inline constexpr std::string_view kEncodingJson = "json/plain";
inline constexpr std::string_view kEncodingProtobufJson = "json/protobuf";
inline constexpr std::string_view kEncodingProtobufBinary = "binary/protobuf";

// EncodingConverter: see the file comment.
class EncodingConverter {
 public:
  virtual ~EncodingConverter() = default;

  // The encoding this converter writes and reads.
  virtual std::string_view encoding() const = 0;

  // ToPayload returns nullopt when this converter does not handle the value
  // (the next one is asked). It may throw ConversionError, or any exception,
  // which the composite wraps in a ConversionError naming the type.
  virtual std::optional<Payload> ToPayload(const ValueView& value) const = 0;

  // FromPayload fills `target` from a payload of this encoding. It throws
  // ConversionError (or any exception, which the composite wraps) when the
  // payload cannot become the target's type.
  virtual void FromPayload(const Payload& payload, const ValueTarget& target) const = 0;
};

// PayloadEncoding returns the payload's "encoding" metadata, or "" when absent.
std::string_view PayloadEncoding(const Payload& payload);

}  // namespace temporal::converter

#endif  // TEMPORAL_CONVERTER_ENCODING_CONVERTER_H_
