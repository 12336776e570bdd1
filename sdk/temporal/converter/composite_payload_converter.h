// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// CompositePayloadConverter: the PayloadConverter made of an ordered list of
// EncodingConverters (see encoding_converter.h). The standard one handles
// null, bytes, protobuf messages and anything nlohmann/json can convert,
// byte-compatible with the other Temporal SDKs.
//
//   auto converter = temporal::converter::DefaultPayloadConverter();
//   temporal::Payload p = converter->ToPayload(std::string("hi"));   // json/plain "hi"
//   auto s = converter->FromPayload<std::string>(p);
//
//   // Prefer binary/protobuf over json/protobuf for messages:
//   auto binary_first = temporal::converter::CompositePayloadConverter::Standard(
//       {.protobuf = temporal::converter::ProtobufEncodingChoice::kBinary});
//
// Raw temporal::Payload values pass through unchanged in both directions, so
// code that already has payloads can use the typed APIs too.
#ifndef TEMPORAL_CONVERTER_COMPOSITE_PAYLOAD_CONVERTER_H_
#define TEMPORAL_CONVERTER_COMPOSITE_PAYLOAD_CONVERTER_H_

#include <memory>
#include <vector>

#include "temporal/common/payload_converter.h"
#include "temporal/converter/encoding_converter.h"

namespace temporal::converter {

// ProtobufEncodingChoice: which encoding protobuf messages are written in.
// Both are always read.
enum class ProtobufEncodingChoice { kJson, kBinary };

struct StandardConverterOptions {
  ProtobufEncodingChoice protobuf = ProtobufEncodingChoice::kJson;
};

// CompositePayloadConverter: see the file comment. Immutable and thread-safe.
class CompositePayloadConverter : public PayloadConverter {
 public:
  explicit CompositePayloadConverter(
      std::vector<std::shared_ptr<const EncodingConverter>> encodings);

  // Standard: the converter every Temporal SDK uses by default.
  static CompositePayloadConverter Standard(StandardConverterOptions options = {});

  // WithFirst: a copy that asks `encoding` before the others (and decodes its
  // encoding with it, replacing a standard one of the same name).
  CompositePayloadConverter WithFirst(std::shared_ptr<const EncodingConverter> encoding) const;

  Payload Encode(const ValueView& value) const override;
  void Decode(const Payload& payload, const ValueTarget& target) const override;

  const std::vector<std::shared_ptr<const EncodingConverter>>& encodings() const {
    return encodings_;
  }

 private:
  std::vector<std::shared_ptr<const EncodingConverter>> encodings_;
};

// DefaultPayloadConverter: a shared instance of CompositePayloadConverter::Standard().
std::shared_ptr<const PayloadConverter> DefaultPayloadConverter();

}  // namespace temporal::converter

#endif  // TEMPORAL_CONVERTER_COMPOSITE_PAYLOAD_CONVERTER_H_
