// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// DataConverter: everything that turns values into what goes on the wire and
// back: a PayloadConverter (values <-> payloads), PayloadCodecs (payload bytes
// <-> stored bytes, e.g. compression or encryption), and a FailureConverter
// (exceptions <-> Failure). The client and the worker each hold one and send
// every payload through it.
//
//   temporal::converter::DataConverter converter;               // the standard one
//   converter.codecs.push_back(std::make_shared<temporal::converter::ZlibCodec>());
//   std::vector<temporal::Payload> args = converter.ToPayloads(std::string("World"), 42);
//   int n = converter.FromPayload<int>(args[1]);
#ifndef TEMPORAL_CONVERTER_DATA_CONVERTER_H_
#define TEMPORAL_CONVERTER_DATA_CONVERTER_H_

#include <exception>
#include <memory>
#include <vector>

#include "temporal/common/failure.h"
#include "temporal/common/payload_converter.h"
#include "temporal/converter/composite_payload_converter.h"
#include "temporal/converter/failure_converter.h"
#include "temporal/converter/payload_codec.h"

namespace temporal::converter {

using PayloadList = google::protobuf::RepeatedPtrField<Payload>;

// DataConverter: see the file comment. Copyable; shares its parts.
struct DataConverter {
  std::shared_ptr<const PayloadConverter> payload_converter = DefaultPayloadConverter();
  // Applied in order on the way out, in reverse order on the way in.
  std::vector<std::shared_ptr<const PayloadCodec>> codecs;
  std::shared_ptr<const FailureConverter> failure_converter = std::make_shared<FailureConverter>();

  // ToPayloads converts values and encodes them with the codecs.
  template <typename... Args>
  std::vector<Payload> ToPayloads(const Args&... values) const {
    std::vector<Payload> payloads;
    payloads.reserve(sizeof...(Args));
    (payloads.push_back(payload_converter->ToPayload(values)), ...);
    Encode(payloads);
    return payloads;
  }
  template <typename T>
  Payload ToPayload(const T& value) const {
    return std::move(ToPayloads(value).front());
  }

  // FromPayload decodes a wire payload with the codecs, then converts it.
  template <typename T>
  T FromPayload(const Payload& payload) const {
    T value{};
    Decode(payload, ValueTarget::Of(&value));
    return value;
  }
  void Decode(const Payload& payload, const ValueTarget& target) const;

  // Codecs only (for payloads that are already converted).
  void Encode(std::vector<Payload>& payloads) const;
  void Decode(std::vector<Payload>& payloads) const;
  void Encode(PayloadList& payloads) const;
  void Decode(PayloadList& payloads) const;

  // ToFailure converts an exception and encodes every payload in the failure
  // tree (details, heartbeat details, encoded attributes, causes).
  Failure ToFailure(const std::exception_ptr& error) const;
  Failure ToFailure(const FailureError& error) const;
  // FromFailure decodes every payload in the tree, then builds the error.
  std::shared_ptr<FailureError> FromFailure(Failure failure) const;

  // Values received from the server (e.g. heartbeat details): decoded with
  // the codecs now, converted on Get.
  Values ToValues(PayloadList payloads) const;
};

}  // namespace temporal::converter

#endif  // TEMPORAL_CONVERTER_DATA_CONVERTER_H_
