// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// RunHarness: drives one WorkflowRun through hand-made Activations, the way
// the replay core would, and shows the commands it answers with. Tests of
// the runtime (what workflow code does between two activations) use it
// without a history: the replay core has its own tests.
//
//   RunHarness harness("Greet", [](std::string name) -> temporal::Task<std::string> { ... });
//   auto commands = harness.Start(harness.Encode("World"));   // InitializeWorkflow
//   commands = harness.Activate(FireTimerJob{.seq = 1});
#ifndef TEMPORAL_TESTS_UNIT_WORKFLOW_RUNTIME_RUN_HARNESS_H_
#define TEMPORAL_TESTS_UNIT_WORKFLOW_RUNTIME_RUN_HARNESS_H_

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "temporal/converter/data_converter.h"
#include "temporal/workflow/internal/workflow_run.h"
#include "temporal/workflow/workflow.h"
#include "temporal/workflow/workflow_definition.h"

namespace temporal::workflow_internal::testing {

class RunHarness {
 public:
  // `options` (its interceptors, say) are the run's; workflow_id is set here.
  template <typename F>
  RunHarness(const std::string& type, F workflow, converter::DataConverter converter = {},
             WorkflowRun::Options options = {})
      : converter_(std::move(converter)) {
    registry_.Register(type, std::move(workflow));
    options.workflow_id = "wf-" + type;
    run_ = std::make_unique<WorkflowRun>(registry_.Find(type), converter_, std::move(options));
    type_ = type;
  }

  template <typename... Args>
  temporal::api::common::v1::Payloads Encode(const Args&... args) const {
    temporal::api::common::v1::Payloads payloads;
    (void)std::initializer_list<int>{(*payloads.add_payloads() = converter_.ToPayload(args), 0)...};
    return payloads;
  }
  template <typename T>
  T Decode(const temporal::api::common::v1::Payloads& payloads) const {
    return converter_.FromPayload<T>(payloads.payloads(0));
  }

  // InitializeJob: the job that starts the run, to adjust before Activate.
  InitializeWorkflowJob InitializeJob(temporal::api::common::v1::Payloads input = {}) const {
    InitializeWorkflowJob init;
    init.attributes.mutable_workflow_type()->set_name(type_);
    init.attributes.mutable_task_queue()->set_name("runtime-test");
    *init.attributes.mutable_input() = std::move(input);
    init.workflow_id = "wf-" + type_;
    init.randomness_seed = 7;
    return init;
  }

  // Start: the first activation (InitializeWorkflow); returns its commands.
  std::vector<WorkflowCommand> Start(temporal::api::common::v1::Payloads input = {}) {
    return Activate(InitializeJob(std::move(input)));
  }

  // Activate: one activation with these jobs; returns its commands and
  // fails the test's expectations through exceptions on a task failure.
  template <typename... Jobs>
  std::vector<WorkflowCommand> Activate(Jobs... jobs) {
    Completion completion = ActivateForCompletion(std::move(jobs)...);
    if (completion.task_failure) {
      throw std::runtime_error("workflow task failed: " + completion.task_failure->message());
    }
    return std::move(completion.commands);
  }

  // ActivateForCompletion: the same, returning the whole Completion (query
  // answers, a task failure).
  template <typename... Jobs>
  Completion ActivateForCompletion(Jobs... jobs) {
    Activation activation;
    activation.run_id = "run-1";
    activation.now = Timestamp{} + std::chrono::seconds(++activations_);
    (activation.jobs.push_back(Job(std::move(jobs))), ...);
    return run_->Activate(activation);
  }

  WorkflowRun& run() { return *run_; }

 private:
  converter::DataConverter converter_;
  workflow::WorkflowRegistry registry_;
  std::unique_ptr<WorkflowRun> run_;
  std::string type_;
  int activations_ = 0;
};

// Kinds: the commands' alternatives in WorkflowCommandVariant order, for
// failure messages ("0,2": StartTimer, ScheduleActivity).
inline std::string Kinds(const std::vector<WorkflowCommand>& commands) {
  std::string kinds;
  for (const auto& c : commands) kinds += (kinds.empty() ? "" : ",") + std::to_string(c.command.index());
  return kinds;
}

// Is<T>: the command holds a T; As<T>: that T.
template <typename T>
bool Is(const WorkflowCommand& command) {
  return std::holds_alternative<T>(command.command);
}
template <typename T>
const T& As(const WorkflowCommand& command) {
  return std::get<T>(command.command);
}

}  // namespace temporal::workflow_internal::testing

#endif  // TEMPORAL_TESTS_UNIT_WORKFLOW_RUNTIME_RUN_HARNESS_H_
