// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/machines/complete_workflow_machine.h"

namespace temporal::workflow_internal::machines {

void CompleteWorkflowTraits::SetAttributes(const Input& input,
                                           temporal::api::command::v1::Command& command) {
  *command.mutable_complete_workflow_execution_command_attributes()->mutable_result() = input.result;
}

}  // namespace temporal::workflow_internal::machines
