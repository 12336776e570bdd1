// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/common/search_attributes.h"

#include <absl/time/time.h>

#include <nlohmann/json.hpp>

#include "temporal/common/error.h"

namespace temporal {
namespace {

using Payload = temporal::api::common::v1::Payload;

Payload JsonPayload(SearchAttributeType type, const nlohmann::json& json) {
  Payload payload;
  (*payload.mutable_metadata())["encoding"] = "json/plain";
  (*payload.mutable_metadata())["type"] = std::string(SearchAttributeTypeName(type));
  payload.set_data(json.dump());
  return payload;
}

nlohmann::json ParseJson(const std::string& name, const Payload& payload) {
  try {
    return nlohmann::json::parse(payload.data());
  } catch (const nlohmann::json::exception& e) {
    throw ConversionError("search attribute " + name + " does not hold JSON: " + e.what());
  }
}

template <typename T>
void DecodeJson(const std::string& name, const Payload& payload, T& out) {
  try {
    out = ParseJson(name, payload).get<T>();
  } catch (const nlohmann::json::type_error& e) {
    throw ConversionError("search attribute " + name + " has the wrong type: " + e.what());
  }
}

}  // namespace

std::string_view SearchAttributeTypeName(SearchAttributeType type) {
  switch (type) {
    case SearchAttributeType::kText: return "Text";
    case SearchAttributeType::kKeyword: return "Keyword";
    case SearchAttributeType::kInt: return "Int";
    case SearchAttributeType::kDouble: return "Double";
    case SearchAttributeType::kBool: return "Bool";
    case SearchAttributeType::kDatetime: return "Datetime";
    case SearchAttributeType::kKeywordList: return "KeywordList";
  }
  return "Unspecified";
}

SearchAttributes& SearchAttributes::Unset(const std::string& name) {
  // An empty payload removes the attribute on upsert, as in the other SDKs.
  values_[name] = Payload();
  return *this;
}

temporal::api::common::v1::SearchAttributes SearchAttributes::ToProto() const {
  temporal::api::common::v1::SearchAttributes proto;
  for (const auto& [name, payload] : values_) (*proto.mutable_indexed_fields())[name] = payload;
  return proto;
}

SearchAttributes SearchAttributes::FromProto(
    const temporal::api::common::v1::SearchAttributes& proto) {
  SearchAttributes attributes;
  for (const auto& [name, payload] : proto.indexed_fields()) attributes.values_[name] = payload;
  return attributes;
}

Payload SearchAttributes::Encode(SearchAttributeType type, const std::string& value) {
  return JsonPayload(type, value);
}
Payload SearchAttributes::Encode(SearchAttributeType type, int64_t value) {
  return JsonPayload(type, value);
}
Payload SearchAttributes::Encode(SearchAttributeType type, double value) {
  return JsonPayload(type, value);
}
Payload SearchAttributes::Encode(SearchAttributeType type, bool value) {
  return JsonPayload(type, value);
}
Payload SearchAttributes::Encode(SearchAttributeType type, Timestamp value) {
  const absl::Time time = absl::FromUnixNanos(value.time_since_epoch().count());
  return JsonPayload(type, absl::FormatTime(absl::RFC3339_full, time, absl::UTCTimeZone()));
}
Payload SearchAttributes::Encode(SearchAttributeType type, const std::vector<std::string>& value) {
  return JsonPayload(type, value);
}

void SearchAttributes::Decode(const std::string& name, const Payload& payload, std::string& out) {
  DecodeJson(name, payload, out);
}
void SearchAttributes::Decode(const std::string& name, const Payload& payload, int64_t& out) {
  DecodeJson(name, payload, out);
}
void SearchAttributes::Decode(const std::string& name, const Payload& payload, double& out) {
  DecodeJson(name, payload, out);
}
void SearchAttributes::Decode(const std::string& name, const Payload& payload, bool& out) {
  DecodeJson(name, payload, out);
}
void SearchAttributes::Decode(const std::string& name, const Payload& payload, Timestamp& out) {
  std::string text;
  DecodeJson(name, payload, text);
  absl::Time time;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, text, &time, &error)) {
    throw ConversionError("search attribute " + name + " is not an RFC 3339 time ('" + text +
                          "'): " + error);
  }
  out = Timestamp(Duration(absl::ToUnixNanos(time)));
}
void SearchAttributes::Decode(const std::string& name, const Payload& payload,
                              std::vector<std::string>& out) {
  // The server may return a single keyword for a one-element list.
  nlohmann::json json = ParseJson(name, payload);
  if (json.is_string()) {
    out = {json.get<std::string>()};
    return;
  }
  DecodeJson(name, payload, out);
}

}  // namespace temporal
