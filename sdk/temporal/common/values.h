// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Values: an ordered list of values attached to something Temporal carries:
// failure details, heartbeat details, a canceled workflow's details. A Values
// holds C++ values until it is converted for the wire, or payloads received
// from the server, which it decodes on request with the converter that came
// with them.
//
//   // Sending: keep the C++ values; the SDK converts them when it sends.
//   throw temporal::ApplicationError("card declined", "PaymentError",
//                                    {.details = temporal::Values::Of(Decline{"insufficient"})});
//
//   // Receiving: decode by index and type.
//   catch (const temporal::ApplicationError& e) {
//     Decline decline = e.details().Get<Decline>(0);
//   }
#ifndef TEMPORAL_COMMON_VALUES_H_
#define TEMPORAL_COMMON_VALUES_H_

#include <cstddef>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include "temporal/common/error.h"
#include "temporal/common/payload_converter.h"
#include "temporal/common/value.h"

namespace temporal {

// Values: see the file comment. Cheap to copy (shares its contents).
class Values {
 public:
  Values() = default;

  // Of holds copies of C++ values.
  template <typename... T>
  static Values Of(T&&... values) {
    Values result;
    (result.held_.push_back(std::make_shared<HeldOf<std::decay_t<T>>>(std::forward<T>(values))),
     ...);
    return result;
  }

  // FromPayloads holds received payloads, decoded later with `converter`.
  static Values FromPayloads(std::vector<Payload> payloads,
                             std::shared_ptr<const PayloadConverter> converter);

  size_t size() const { return held_.empty() ? payloads_.size() : held_.size(); }
  bool empty() const { return size() == 0; }

  // Get decodes value `index` as T. Throws ConversionError when the index is
  // out of range or the value cannot be a T.
  template <typename T>
  T Get(size_t index = 0) const {
    T value{};
    Decode(index, ValueTarget::Of(&value));
    return value;
  }

  // Decode fills `target` with value `index` (the type-erased form of Get).
  void Decode(size_t index, const ValueTarget& target) const;

  // ToPayloads converts every value for the wire: held values through
  // `converter`, received payloads as they are.
  std::vector<Payload> ToPayloads(const PayloadConverter& converter) const;

  // The received payloads (empty for held values).
  const std::vector<Payload>& payloads() const { return payloads_; }

 private:
  struct Held {
    virtual ~Held() = default;
    virtual ValueView View() const = 0;
    virtual bool AssignTo(const ValueTarget& target) const = 0;
  };
  template <typename T>
  struct HeldOf final : Held {
    template <typename U>
    explicit HeldOf(U&& v) : value(std::forward<U>(v)) {}
    ValueView View() const override { return ValueView::Of(value); }
    bool AssignTo(const ValueTarget& target) const override {
      if constexpr (std::is_copy_assignable_v<T>) {
        if (T* out = target.As<T>()) {
          *out = value;
          return true;
        }
      }
      return false;
    }
    T value;
  };

  std::vector<std::shared_ptr<const Held>> held_;
  std::vector<Payload> payloads_;
  std::shared_ptr<const PayloadConverter> converter_;
};

}  // namespace temporal

#endif  // TEMPORAL_COMMON_VALUES_H_
