// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/machines/cancel_workflow_machine.h"

namespace temporal::workflow_internal::machines {

void CancelWorkflowTraits::SetAttributes(const Input& input, temporal::api::command::v1::Command& command) {
  *command.mutable_cancel_workflow_execution_command_attributes()->mutable_details() = input.details;
}

}  // namespace temporal::workflow_internal::machines
