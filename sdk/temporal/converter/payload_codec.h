// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// PayloadCodec: a bytes-to-bytes transformation of payloads (compression,
// encryption) applied after conversion on the way out and before conversion
// on the way in. The DataConverter applies its codecs, in order on encode and
// in reverse order on decode, to every payload the client and worker send
// and receive: arguments, results, failure details, heartbeats, memos,
// signal/query/update values.
//
//   class Rot13Codec : public temporal::converter::PayloadCodec {
//    public:
//     void Encode(std::vector<temporal::Payload>& payloads) const override { ... }
//     void Decode(std::vector<temporal::Payload>& payloads) const override { ... }
//   };
//   data_converter.codecs.push_back(std::make_shared<Rot13Codec>());
//
// A codec must leave payloads it did not produce unchanged on Decode, so that
// histories written before the codec was added still read.
#ifndef TEMPORAL_CONVERTER_PAYLOAD_CODEC_H_
#define TEMPORAL_CONVERTER_PAYLOAD_CODEC_H_

#include <vector>

#include "temporal/common/payload_converter.h"

namespace temporal::converter {

// PayloadCodec: see the file comment. Implementations must be thread-safe.
class PayloadCodec {
 public:
  virtual ~PayloadCodec() = default;
  // Encode transforms payloads in place (it may also change their number).
  virtual void Encode(std::vector<Payload>& payloads) const = 0;
  // Decode undoes Encode; throws ConversionError on corrupt input.
  virtual void Decode(std::vector<Payload>& payloads) const = 0;
};

}  // namespace temporal::converter

#endif  // TEMPORAL_CONVERTER_PAYLOAD_CODEC_H_
