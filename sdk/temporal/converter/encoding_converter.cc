// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/converter/encoding_converter.h"

#include <string>

namespace temporal::converter {

std::string_view PayloadEncoding(const Payload& payload) {
  auto it = payload.metadata().find(std::string(kMetadataEncoding));
  return it == payload.metadata().end() ? std::string_view() : std::string_view(it->second);
}

}  // namespace temporal::converter
