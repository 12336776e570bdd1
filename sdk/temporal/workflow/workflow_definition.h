// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// WorkflowDefinition and WorkflowRegistry: workflow types by name, with
// their arguments and result converted by the data converter.
//
//   temporal::Task<std::string> Greet(std::string name) { co_return "Hello, " + name + "!"; }
//
//   temporal::workflow::WorkflowRegistry registry;
//   registry.Register("Greet", Greet);
//   registry.RegisterDynamic([](std::string type, temporal::Values args)
//                                -> temporal::Task<temporal::Values> { co_return args; });
//
// A workflow fails (WorkflowExecutionFailed) when it throws an exception of
// the Temporal failure hierarchy (temporal::ApplicationError, ...). Any other
// exception fails only the workflow task, which the server retries, so a
// fixed deploy can carry the run on; set
// `fail_workflow_on_any_exception` to fail the workflow instead.
#ifndef TEMPORAL_WORKFLOW_WORKFLOW_DEFINITION_H_
#define TEMPORAL_WORKFLOW_WORKFLOW_DEFINITION_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "temporal/common/error.h"
#include "temporal/common/values.h"
#include "temporal/converter/data_converter.h"
#include "temporal/converter/function_arguments.h"
#include "temporal/workflow/task.h"

namespace temporal::workflow {

// WorkflowDefinition: one workflow type.
struct WorkflowDefinition {
  std::string name;
  // Runs the workflow: decodes the input, awaits the workflow function,
  // encodes its result.
  std::function<Task<temporal::api::common::v1::Payloads>(const converter::DataConverter&,
                                                           const std::string& workflow_type,
                                                           const temporal::api::common::v1::Payloads&)>
      run;
  bool fail_workflow_on_any_exception = false;
};

struct WorkflowOptions {
  bool fail_workflow_on_any_exception = false;
};

namespace detail {
template <typename T>
struct TaskResult;
template <typename T>
struct TaskResult<Task<T>> {
  using type = T;
};

}  // namespace detail

// WorkflowRegistry: see the file comment.
class WorkflowRegistry {
 public:
  // Register a workflow function `Task<R>(Args...)` (a function or a lambda).
  template <typename F>
  void Register(std::string name, F function, WorkflowOptions options = {}) {
    using Traits = converter_internal::FunctionTraits<std::decay_t<F>>;
    using Args = typename Traits::Args;
    using Result = typename detail::TaskResult<typename Traits::Result>::type;
    auto definition = std::make_shared<WorkflowDefinition>();
    definition->name = name;
    definition->fail_workflow_on_any_exception = options.fail_workflow_on_any_exception;
    definition->run = [function](const converter::DataConverter& converter, const std::string& /*type*/,
                                 const temporal::api::common::v1::Payloads& input)
        -> Task<temporal::api::common::v1::Payloads> {
      Args args = converter_internal::DecodeArguments<Args>(converter, input);
      temporal::api::common::v1::Payloads out;
      if constexpr (std::is_void_v<Result>) {
        co_await std::apply(function, std::move(args));
      } else {
        Result result = co_await std::apply(function, std::move(args));
        *out.add_payloads() = converter.ToPayload(result);
      }
      co_return out;
    };
    Add(std::move(definition));
  }

  // RegisterDynamic: the workflow for every type not registered by name.
  void RegisterDynamic(std::function<Task<Values>(std::string workflow_type, Values args)> function,
                       WorkflowOptions options = {});

  // Find: the definition for `workflow_type` (or the dynamic one); null when none.
  std::shared_ptr<const WorkflowDefinition> Find(const std::string& workflow_type) const;
  std::vector<std::string> names() const;

 private:
  void Add(std::shared_ptr<WorkflowDefinition> definition);
  std::map<std::string, std::shared_ptr<const WorkflowDefinition>> definitions_;
  std::shared_ptr<const WorkflowDefinition> dynamic_;
};

}  // namespace temporal::workflow

#endif  // TEMPORAL_WORKFLOW_WORKFLOW_DEFINITION_H_
