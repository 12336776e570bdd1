// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/converter/zlib_codec.h"

#include <zlib.h>

#include <string>

#include "temporal/common/error.h"
#include "temporal/converter/encoding_converter.h"

namespace temporal::converter {
namespace {

std::string Compress(const std::string& input, int level) {
  uLongf size = compressBound(static_cast<uLong>(input.size()));
  std::string output(size, '\0');
  int rc = compress2(reinterpret_cast<Bytef*>(output.data()), &size,
                     reinterpret_cast<const Bytef*>(input.data()),
                     static_cast<uLong>(input.size()), level);
  if (rc != Z_OK) throw ConversionError("zlib compression failed: " + std::string(zError(rc)));
  output.resize(size);
  return output;
}

std::string Inflate(const std::string& input, size_t max_bytes) {
  z_stream stream{};
  if (inflateInit(&stream) != Z_OK) throw ConversionError("zlib: inflateInit failed");
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  stream.avail_in = static_cast<uInt>(input.size());
  std::string output;
  char chunk[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof(chunk);
    rc = inflate(&stream, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    output.append(chunk, sizeof(chunk) - stream.avail_out);
    if (output.size() > max_bytes) {
      inflateEnd(&stream);
      throw ConversionError("binary/zlib payload inflates beyond the limit of " +
                            std::to_string(max_bytes) + " bytes");
    }
    if (rc == Z_OK && stream.avail_in == 0 && stream.avail_out != 0) {
      rc = Z_DATA_ERROR;  // input ended before the stream did: truncated
    }
  }
  std::string reason = stream.msg != nullptr ? stream.msg : zError(rc);
  inflateEnd(&stream);
  if (rc != Z_STREAM_END) throw ConversionError("binary/zlib payload is corrupt: " + reason);
  return output;
}

}  // namespace

void ZlibCodec::Encode(std::vector<Payload>& payloads) const {
  for (Payload& payload : payloads) {
    std::string wire = payload.SerializeAsString();
    if (wire.size() < options_.min_bytes) continue;
    std::string compressed = Compress(wire, options_.level);
    if (compressed.size() >= wire.size()) continue;
    Payload encoded;
    (*encoded.mutable_metadata())[std::string(kMetadataEncoding)] = std::string(kEncodingZlib);
    encoded.set_data(std::move(compressed));
    payload = std::move(encoded);
  }
}

void ZlibCodec::Decode(std::vector<Payload>& payloads) const {
  for (Payload& payload : payloads) {
    if (PayloadEncoding(payload) != kEncodingZlib) continue;
    Payload original;
    if (!original.ParseFromString(Inflate(payload.data(), options_.max_decoded_bytes))) {
      throw ConversionError("binary/zlib payload does not hold a Payload message");
    }
    payload = std::move(original);
  }
}

}  // namespace temporal::converter
