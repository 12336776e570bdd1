// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/activity/activity_definition.h"

namespace temporal::activity {

void ActivityRegistry::Add(std::shared_ptr<ActivityDefinition> definition) {
  if (definition->name.empty()) throw InvalidArgumentError("an activity type needs a name");
  if (definitions_.count(definition->name) != 0) {
    throw InvalidArgumentError("activity type \"" + definition->name + "\" is already registered");
  }
  definitions_[definition->name] = std::move(definition);
}

void ActivityRegistry::RegisterDynamic(std::function<Values(Values args)> function) {
  if (!function) throw InvalidArgumentError("RegisterDynamic needs a function");
  if (dynamic_) throw InvalidArgumentError("a dynamic activity is already registered");
  auto definition = std::make_shared<ActivityDefinition>();
  definition->run = [function = std::move(function)](const Payloads& input,
                                                     const converter::DataConverter& converter) {
    converter::PayloadList payloads = input.payloads();
    Values result = function(converter.ToValues(std::move(payloads)));
    // Held values are converted here; received payloads handed back as they
    // are were decoded by ToValues, so both are encoded again on the way out.
    std::vector<Payload> encoded = result.ToPayloads(*converter.payload_converter);
    converter.Encode(encoded);
    Payloads out;
    for (auto& payload : encoded) *out.add_payloads() = std::move(payload);
    return out;
  };
  dynamic_ = std::move(definition);
}

std::shared_ptr<const ActivityDefinition> ActivityRegistry::Find(
    const std::string& activity_type) const {
  if (auto it = definitions_.find(activity_type); it != definitions_.end()) return it->second;
  return dynamic_;
}

std::vector<std::string> ActivityRegistry::names() const {
  std::vector<std::string> out;
  out.reserve(definitions_.size());
  for (const auto& [name, definition] : definitions_) out.push_back(name);
  return out;
}

}  // namespace temporal::activity
