// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ZlibCodec: compresses payloads with zlib. An encoded payload has encoding
// "binary/zlib" and holds the zlib-compressed wire form of the original
// payload (metadata included), the convention of Temporal's codec samples.
//
//   auto converter = temporal::converter::DataConverter::Default();
//   converter.codecs.push_back(std::make_shared<temporal::converter::ZlibCodec>());
#ifndef TEMPORAL_CONVERTER_ZLIB_CODEC_H_
#define TEMPORAL_CONVERTER_ZLIB_CODEC_H_

#include <cstddef>
#include <string_view>

#include "temporal/converter/payload_codec.h"

namespace temporal::converter {

inline constexpr std::string_view kEncodingZlib = "binary/zlib";

struct ZlibCodecOptions {
  // Payloads whose wire form is smaller than this stay uncompressed.
  size_t min_bytes = 64;
  // zlib level, 1 (fast) .. 9 (small); -1 is zlib's default (6).
  int level = -1;
  // Decoding refuses to inflate beyond this: a corrupt or hostile payload
  // must not exhaust memory. Temporal's own payload limit is far below it.
  size_t max_decoded_bytes = 256u << 20;
};

// ZlibCodec: see the file comment.
class ZlibCodec : public PayloadCodec {
 public:
  explicit ZlibCodec(ZlibCodecOptions options = {}) : options_(options) {}

  // Compresses each payload when that makes it smaller.
  void Encode(std::vector<Payload>& payloads) const override;
  // Inflates binary/zlib payloads; leaves the others unchanged.
  void Decode(std::vector<Payload>& payloads) const override;

 private:
  ZlibCodecOptions options_;
};

}  // namespace temporal::converter

#endif  // TEMPORAL_CONVERTER_ZLIB_CODEC_H_
