// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/machines/fail_workflow_machine.h"

namespace temporal::workflow_internal::machines {

void FailWorkflowTraits::SetAttributes(const Input& input, temporal::api::command::v1::Command& command) {
  *command.mutable_fail_workflow_execution_command_attributes()->mutable_failure() = input.failure;
}

std::string FailWorkflowTraits::Describe(const Input& input) {
  return "workflow failure " + Quoted(input.failure.message());
}

std::string FailWorkflowTraits::WhatTheCodeDid(const Input& input) {
  return "the workflow failed (" + Quoted(input.failure.message()) + ")";
}

}  // namespace temporal::workflow_internal::machines
