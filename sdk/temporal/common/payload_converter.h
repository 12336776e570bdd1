// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// PayloadConverter: turns C++ values into temporal.api.common.v1.Payload and
// back. This is the interface; temporal/converter/ has the standard
// implementation (binary/null, binary/plain, json/protobuf, binary/protobuf,
// json/plain) and the way to add encodings of your own.
//
//   const temporal::PayloadConverter& converter = *temporal::converter::DefaultPayloadConverter();
//   temporal::Payload payload = converter.ToPayload(Order{"o-1", 12.5});   // json/plain
//   Order order = converter.FromPayload<Order>(payload);
#ifndef TEMPORAL_COMMON_PAYLOAD_CONVERTER_H_
#define TEMPORAL_COMMON_PAYLOAD_CONVERTER_H_

#include "temporal/api/common/v1/message.pb.h"
#include "temporal/common/value.h"

namespace temporal {

using Payload = temporal::api::common::v1::Payload;
using Payloads = temporal::api::common::v1::Payloads;

// PayloadConverter: the value <-> payload conversion interface.
class PayloadConverter {
 public:
  virtual ~PayloadConverter() = default;

  // Encode converts a value. Throws ConversionError when no encoding fits.
  virtual Payload Encode(const ValueView& value) const = 0;
  // Decode fills `target` from a payload. Throws ConversionError naming the
  // encoding and the target type when the payload cannot become that type.
  virtual void Decode(const Payload& payload, const ValueTarget& target) const = 0;

  // Typed helpers over Encode / Decode.
  template <typename T>
  Payload ToPayload(const T& value) const {
    return Encode(ValueView::Of(value));
  }
  template <typename T>
  T FromPayload(const Payload& payload) const {
    T value{};
    Decode(payload, ValueTarget::Of(&value));
    return value;
  }
};

}  // namespace temporal

#endif  // TEMPORAL_COMMON_PAYLOAD_CONVERTER_H_
