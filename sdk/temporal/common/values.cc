// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/common/values.h"

#include <string>

namespace temporal {

Values Values::FromPayloads(std::vector<Payload> payloads,
                            std::shared_ptr<const PayloadConverter> converter) {
  Values result;
  result.payloads_ = std::move(payloads);
  result.converter_ = std::move(converter);
  return result;
}

void Values::Decode(size_t index, const ValueTarget& target) const {
  if (index >= size()) {
    throw ConversionError("cannot read value " + std::to_string(index) + " as " +
                          target.type_name() + ": there are only " + std::to_string(size()) +
                          " values");
  }
  if (!held_.empty()) {
    const Held& held = *held_[index];
    if (!held.AssignTo(target)) {
      throw ConversionError("cannot read value " + std::to_string(index) + " as " +
                            target.type_name() + ": it holds a " + held.View().type_name());
    }
    return;
  }
  if (converter_ == nullptr) {
    throw ConversionError("cannot read value " + std::to_string(index) +
                          ": these values came without a payload converter");
  }
  converter_->Decode(payloads_[index], target);
}

std::vector<Payload> Values::ToPayloads(const PayloadConverter& converter) const {
  if (held_.empty()) return payloads_;
  std::vector<Payload> out;
  out.reserve(held_.size());
  for (const auto& held : held_) out.push_back(converter.Encode(held->View()));
  return out;
}

}  // namespace temporal
