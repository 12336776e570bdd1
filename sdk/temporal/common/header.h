// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Header: the key/value payloads Temporal carries beside a call's arguments
// (temporal.api.common.v1.Header): with a workflow's start, a signal, a
// query, an update, a scheduled activity, a child workflow, a continue-as-new.
// Interceptors read and write it; this is how tracing and context
// propagation cross process boundaries in every Temporal SDK.
//
//   temporal::Header header;
//   header["tenant"] = converter.payload_converter->ToPayload(std::string("blue"));
//   temporal::api::common::v1::Header wire = temporal::HeaderToProto(header);
//
// Header payloads are converted by the payload converter only: like the
// other SDKs by default, payload codecs (compression, encryption) do not
// apply to them, so do not put secrets in a header.
#ifndef TEMPORAL_COMMON_HEADER_H_
#define TEMPORAL_COMMON_HEADER_H_

#include <map>
#include <string>

#include "temporal/api/common/v1/message.pb.h"

namespace temporal {

// Header: see the file comment. A std::map, so iteration order (and so any
// command built from it) is the same on every run.
using Header = std::map<std::string, temporal::api::common::v1::Payload>;

inline Header HeaderFromProto(const temporal::api::common::v1::Header& proto) {
  Header header;
  for (const auto& [key, payload] : proto.fields()) header.emplace(key, payload);
  return header;
}

inline temporal::api::common::v1::Header HeaderToProto(const Header& header) {
  temporal::api::common::v1::Header proto;
  for (const auto& [key, payload] : header) (*proto.mutable_fields())[key] = payload;
  return proto;
}

}  // namespace temporal

#endif  // TEMPORAL_COMMON_HEADER_H_
