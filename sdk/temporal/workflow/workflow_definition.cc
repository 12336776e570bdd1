// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/workflow_definition.h"

namespace temporal::workflow {

void WorkflowRegistry::Add(std::shared_ptr<WorkflowDefinition> definition) {
  if (definition->name.empty()) throw InvalidArgumentError("a workflow type needs a name");
  if (definitions_.count(definition->name) != 0) {
    throw InvalidArgumentError("workflow type \"" + definition->name + "\" is already registered");
  }
  definitions_[definition->name] = std::move(definition);
}

void WorkflowRegistry::RegisterDynamic(std::function<Task<Values>(std::string, Values)> function,
                                       WorkflowOptions options) {
  if (dynamic_) throw InvalidArgumentError("a dynamic workflow is already registered");
  auto definition = std::make_shared<WorkflowDefinition>();
  definition->name = "";
  definition->fail_workflow_on_any_exception = options.fail_workflow_on_any_exception;
  definition->run = [function = std::move(function)](
                        const converter::DataConverter& converter, const std::string& type,
                        const temporal::api::common::v1::Payloads& input)
      -> Task<temporal::api::common::v1::Payloads> {
    converter::PayloadList payloads = input.payloads();
    Values result = co_await function(type, converter.ToValues(std::move(payloads)));
    temporal::api::common::v1::Payloads out;
    for (auto& payload : result.ToPayloads(*converter.payload_converter)) *out.add_payloads() = std::move(payload);
    converter::PayloadList encoded = out.payloads();
    converter.Encode(encoded);
    *out.mutable_payloads() = std::move(encoded);
    co_return out;
  };
  dynamic_ = std::move(definition);
}

std::shared_ptr<const WorkflowDefinition> WorkflowRegistry::Find(const std::string& workflow_type) const {
  if (auto it = definitions_.find(workflow_type); it != definitions_.end()) return it->second;
  return dynamic_;
}

std::vector<std::string> WorkflowRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [name, definition] : definitions_) out.push_back(name);
  return out;
}

}  // namespace temporal::workflow
