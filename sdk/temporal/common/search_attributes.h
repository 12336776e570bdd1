// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Typed search attributes: indexed fields of a workflow that visibility
// queries filter on (`CustomerId = "c-7" AND Amount > 100`). A key knows its
// name and its type, so a value of the wrong type does not compile.
//
//   const auto kCustomer = temporal::SearchAttributeKey<std::string>::Keyword("CustomerId");
//   const auto kAmount = temporal::SearchAttributeKey<double>::Double("Amount");
//   temporal::SearchAttributes attributes;
//   attributes.Set(kCustomer, "c-7").Set(kAmount, 120.5);
//   std::optional<double> amount = attributes.Get(kAmount);
//
// On the wire each value is a json/plain payload with metadata `type` naming
// the indexed type (Keyword, Text, Int, Double, Bool, Datetime, KeywordList),
// as the other SDKs write them; Datetime values are RFC 3339 strings.
#ifndef TEMPORAL_COMMON_SEARCH_ATTRIBUTES_H_
#define TEMPORAL_COMMON_SEARCH_ATTRIBUTES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "temporal/api/common/v1/message.pb.h"
#include "temporal/common/duration.h"

namespace temporal {

// SearchAttributeType: the index type of a search attribute.
enum class SearchAttributeType { kText, kKeyword, kInt, kDouble, kBool, kDatetime, kKeywordList };

// The name the server and the other SDKs use for a type ("Keyword", ...).
std::string_view SearchAttributeTypeName(SearchAttributeType type);

// SearchAttributeKey<T>: a named, typed search attribute. Make one with the
// factory for its index type.
template <typename T>
struct SearchAttributeKey {
  std::string name;
  SearchAttributeType type;

  static SearchAttributeKey<std::string> Keyword(std::string name) {
    return {std::move(name), SearchAttributeType::kKeyword};
  }
  static SearchAttributeKey<std::string> Text(std::string name) {
    return {std::move(name), SearchAttributeType::kText};
  }
  static SearchAttributeKey<int64_t> Int(std::string name) {
    return {std::move(name), SearchAttributeType::kInt};
  }
  static SearchAttributeKey<double> Double(std::string name) {
    return {std::move(name), SearchAttributeType::kDouble};
  }
  static SearchAttributeKey<bool> Bool(std::string name) {
    return {std::move(name), SearchAttributeType::kBool};
  }
  static SearchAttributeKey<Timestamp> Datetime(std::string name) {
    return {std::move(name), SearchAttributeType::kDatetime};
  }
  static SearchAttributeKey<std::vector<std::string>> KeywordList(std::string name) {
    return {std::move(name), SearchAttributeType::kKeywordList};
  }
};

// SearchAttributes: a set of typed search attribute values. Ordered by name,
// so its wire form is deterministic (workflow code relies on that).
class SearchAttributes {
 public:
  using Payload = temporal::api::common::v1::Payload;

  template <typename T, typename V>
  SearchAttributes& Set(const SearchAttributeKey<T>& key, V&& value) {
    values_[key.name] = Encode(key.type, T(std::forward<V>(value)));
    return *this;
  }
  // Unset records the removal of an attribute (an upsert with no value).
  SearchAttributes& Unset(const std::string& name);

  // Get returns the value, nullopt when absent or removed. Throws
  // ConversionError when the stored value does not fit T.
  template <typename T>
  std::optional<T> Get(const SearchAttributeKey<T>& key) const {
    auto it = values_.find(key.name);
    if (it == values_.end() || it->second.data().empty()) return std::nullopt;
    T value{};
    Decode(key.name, it->second, value);
    return value;
  }

  bool contains(const std::string& name) const { return values_.count(name) != 0; }
  size_t size() const { return values_.size(); }
  bool empty() const { return values_.empty(); }
  // The raw payloads by name (for attributes read from the server untyped).
  const std::map<std::string, Payload>& payloads() const { return values_; }

  temporal::api::common::v1::SearchAttributes ToProto() const;
  static SearchAttributes FromProto(const temporal::api::common::v1::SearchAttributes& proto);

 private:
  static Payload Encode(SearchAttributeType type, const std::string& value);
  static Payload Encode(SearchAttributeType type, int64_t value);
  static Payload Encode(SearchAttributeType type, double value);
  static Payload Encode(SearchAttributeType type, bool value);
  static Payload Encode(SearchAttributeType type, Timestamp value);
  static Payload Encode(SearchAttributeType type, const std::vector<std::string>& value);
  static void Decode(const std::string& name, const Payload& payload, std::string& out);
  static void Decode(const std::string& name, const Payload& payload, int64_t& out);
  static void Decode(const std::string& name, const Payload& payload, double& out);
  static void Decode(const std::string& name, const Payload& payload, bool& out);
  static void Decode(const std::string& name, const Payload& payload, Timestamp& out);
  static void Decode(const std::string& name, const Payload& payload, std::vector<std::string>& out);

  std::map<std::string, Payload> values_;
};

}  // namespace temporal

#endif  // TEMPORAL_COMMON_SEARCH_ATTRIBUTES_H_
