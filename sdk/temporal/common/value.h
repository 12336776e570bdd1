// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ValueView and ValueTarget: type-erased handles on C++ values, for code that
// converts values to payloads and back without knowing their types at compile
// time (payload converters, failure details, the runtime's argument lists).
//
// A handle records, at compile time, what the standard encodings can do with
// the type: is it a null (std::nullptr_t, std::monostate, an empty
// std::optional), raw bytes (std::vector<std::byte>, std::vector<uint8_t>), a
// protobuf message, or JSON-convertible through nlohmann/json (to_json /
// from_json, found by ADL or an adl_serializer). A custom converter can also
// ask for its own type with As<T>().
//
//   Order order{"o-1", 12.5};
//   temporal::ValueView view = temporal::ValueView::Of(order);
//   view.has_json();                  // true when Order has to_json
//   const Order* same = view.As<Order>();
//
//   Order decoded;
//   temporal::ValueTarget target = temporal::ValueTarget::Of(&decoded);
//   target.FromJson(nlohmann::json{{"id", "o-2"}, {"amount", 3.0}});
//
// Views and targets do not own the value: keep it alive while using them.
#ifndef TEMPORAL_COMMON_VALUE_H_
#define TEMPORAL_COMMON_VALUE_H_

#include <google/protobuf/message.h>

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <variant>
#include <vector>

namespace temporal {

// Demangle: a readable C++ type name for error messages ("std::string", not "NSt7__cxx11...").
std::string Demangle(const std::type_info& type);

namespace value_internal {

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};

template <typename T>
inline constexpr bool kIsNullType =
    std::is_same_v<T, std::nullptr_t> || std::is_same_v<T, std::monostate>;

template <typename T>
inline constexpr bool kIsBytes =
    std::is_same_v<T, std::vector<std::byte>> || std::is_same_v<T, std::vector<std::uint8_t>>;

template <typename T>
inline constexpr bool kIsMessage = std::is_base_of_v<google::protobuf::Message, T>;

// nlohmann::json itself is JSON: dynamic code (catch-all workflows, tools)
// passes and receives it as is.
template <typename T>
concept ToJsonable = std::is_same_v<T, nlohmann::json> ||
                     requires(nlohmann::json& j, const T& value) {
                       nlohmann::adl_serializer<T>::to_json(j, value);
                     };

template <typename T>
concept FromJsonable = std::is_same_v<T, nlohmann::json> ||
                       (std::is_default_constructible_v<T> &&
                        requires(const nlohmann::json& j, T& value) {
                          nlohmann::adl_serializer<T>::from_json(j, value);
                        });

template <typename T>
nlohmann::json ToJson(const void* object) {
  if constexpr (std::is_same_v<T, nlohmann::json>) {
    return *static_cast<const T*>(object);
  } else {
    nlohmann::json json;
    nlohmann::adl_serializer<T>::to_json(json, *static_cast<const T*>(object));
    return json;
  }
}

template <typename T>
void FromJson(void* object, const nlohmann::json& json) {
  if constexpr (std::is_same_v<T, nlohmann::json>) {
    *static_cast<T*>(object) = json;
  } else {
    nlohmann::adl_serializer<T>::from_json(json, *static_cast<T*>(object));
  }
}

}  // namespace value_internal

// ValueView: a read-only, type-erased view of a C++ value.
class ValueView {
 public:
  template <typename T>
  static ValueView Of(const T& value);

  // The C++ type viewed (for an engaged std::optional<U>: U).
  const std::type_info& type() const { return *type_; }
  std::string type_name() const { return Demangle(*type_); }

  // The value as T when it is exactly a T, else nullptr.
  template <typename T>
  const T* As() const {
    return *type_ == typeid(T) ? static_cast<const T*>(object_) : nullptr;
  }

  // True for std::nullptr_t, std::monostate and an empty std::optional.
  bool is_null() const { return is_null_; }
  // The value as a protobuf message, when it is one.
  const google::protobuf::Message* message() const { return message_; }
  // The value's bytes, when it is a byte vector.
  std::optional<std::string_view> bytes() const { return bytes_; }
  // Whether ToJson works (the type has to_json).
  bool has_json() const { return to_json_ != nullptr; }
  // The value as JSON; may throw nlohmann::json::exception from the user's to_json.
  nlohmann::json ToJson() const { return to_json_(object_); }

 private:
  ValueView() = default;

  const void* object_ = nullptr;
  const std::type_info* type_ = &typeid(void);
  bool is_null_ = false;
  const google::protobuf::Message* message_ = nullptr;
  std::optional<std::string_view> bytes_;
  nlohmann::json (*to_json_)(const void*) = nullptr;
};

// ValueTarget: a type-erased place to decode a value into.
class ValueTarget {
 public:
  template <typename T>
  static ValueTarget Of(T* out);

  // The C++ type of the target (for std::optional<U>: U).
  const std::type_info& type() const { return *type_; }
  std::string type_name() const { return Demangle(*type_); }

  // The target as T* when it is exactly a T (for std::optional<U>, engages it), else nullptr.
  template <typename T>
  T* As() const {
    return *type_ == typeid(T) ? static_cast<T*>(ops_->engage(object_)) : nullptr;
  }

  // Null: std::nullptr_t, std::monostate and std::optional accept it.
  bool accepts_null() const { return ops_->set_null != nullptr; }
  void SetNull() const { ops_->set_null(object_); }

  // The target as a mutable protobuf message (engaging an optional), or nullptr.
  google::protobuf::Message* message() const {
    return ops_->is_message ? static_cast<google::protobuf::Message*>(ops_->engage(object_))
                            : nullptr;
  }

  // Bytes: std::vector<std::byte> and std::vector<uint8_t> accept them.
  bool accepts_bytes() const { return ops_->set_bytes != nullptr; }
  void SetBytes(std::string_view bytes) const { ops_->set_bytes(object_, bytes); }

  // JSON: types with from_json accept it. Throws nlohmann::json::exception
  // when the JSON does not fit the type.
  bool accepts_json() const { return ops_->from_json != nullptr; }
  void FromJson(const nlohmann::json& json) const { ops_->from_json(object_, json); }

 private:
  struct Ops {
    void* (*engage)(void*);  // the address of the value proper (emplacing an optional)
    bool is_message;
    void (*set_null)(void*);
    void (*set_bytes)(void*, std::string_view);
    void (*from_json)(void*, const nlohmann::json&);
  };
  template <typename T>
  static const Ops* OpsFor();

  ValueTarget(void* object, const std::type_info* type, const Ops* ops)
      : object_(object), type_(type), ops_(ops) {}

  void* object_;
  const std::type_info* type_;
  const Ops* ops_;
};

// ---------------------------------------------------------------------------
// Implementation details below.

template <typename T>
ValueView ValueView::Of(const T& value) {
  using namespace value_internal;  // NOLINT: traits local to this function.
  if constexpr (IsOptional<T>::value) {
    if (value.has_value()) return Of(*value);
    ValueView view;
    view.type_ = &typeid(typename T::value_type);
    view.is_null_ = true;
    return view;
  } else {
    ValueView view;
    view.object_ = &value;
    view.type_ = &typeid(T);
    if constexpr (kIsNullType<T>) view.is_null_ = true;
    if constexpr (kIsBytes<T>) {
      view.bytes_ = std::string_view(reinterpret_cast<const char*>(value.data()), value.size());
    }
    if constexpr (kIsMessage<T>) view.message_ = &value;
    if constexpr (ToJsonable<T>) view.to_json_ = &value_internal::ToJson<T>;
    return view;
  }
}

template <typename T>
const ValueTarget::Ops* ValueTarget::OpsFor() {
  using namespace value_internal;  // NOLINT: traits local to this function.
  static const Ops ops = [] {
    Ops o{};
    if constexpr (IsOptional<T>::value) {
      using Inner = typename T::value_type;
      o.engage = [](void* object) -> void* {
        auto* optional = static_cast<T*>(object);
        if (!optional->has_value()) optional->emplace();
        return &**optional;
      };
      o.is_message = kIsMessage<Inner>;
      o.set_null = [](void* object) { static_cast<T*>(object)->reset(); };
      if constexpr (kIsBytes<Inner>) {
        o.set_bytes = [](void* object, std::string_view bytes) {
          auto* optional = static_cast<T*>(object);
          optional->emplace();
          OpsFor<Inner>()->set_bytes(&**optional, bytes);
        };
      }
      if constexpr (FromJsonable<Inner>) {
        o.from_json = [](void* object, const nlohmann::json& json) {
          auto* optional = static_cast<T*>(object);
          if (json.is_null()) {
            optional->reset();
            return;
          }
          optional->emplace();
          value_internal::FromJson<Inner>(&**optional, json);
        };
      }
    } else {
      o.engage = [](void* object) { return object; };
      o.is_message = kIsMessage<T>;
      if constexpr (kIsNullType<T>) {
        o.set_null = [](void*) {};
      }
      if constexpr (kIsBytes<T>) {
        o.set_bytes = [](void* object, std::string_view bytes) {
          auto* out = static_cast<T*>(object);
          using Byte = typename T::value_type;
          const auto* begin = reinterpret_cast<const Byte*>(bytes.data());
          out->assign(begin, begin + bytes.size());
        };
      }
      if constexpr (FromJsonable<T>) o.from_json = &value_internal::FromJson<T>;
    }
    return o;
  }();
  return &ops;
}

template <typename T>
ValueTarget ValueTarget::Of(T* out) {
  if constexpr (value_internal::IsOptional<T>::value) {
    return ValueTarget(out, &typeid(typename T::value_type), OpsFor<T>());
  } else {
    return ValueTarget(out, &typeid(T), OpsFor<T>());
  }
}

}  // namespace temporal

#endif  // TEMPORAL_COMMON_VALUE_H_
