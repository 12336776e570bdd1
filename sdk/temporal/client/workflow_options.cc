// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/client/workflow_options.h"

namespace temporal {
namespace {
namespace enums = temporal::api::enums::v1;

void RequirePositive(const std::optional<Duration>& value, const char* field) {
  if (value && *value <= Duration::zero()) {
    throw InvalidArgumentError(std::string("WorkflowOptions.") + field + " must be positive");
  }
}
}  // namespace

void WorkflowOptions::Validate() const {
  if (id.empty()) throw InvalidArgumentError("WorkflowOptions.id is required");
  if (task_queue.empty()) throw InvalidArgumentError("WorkflowOptions.task_queue is required");
  RequirePositive(execution_timeout, "execution_timeout");
  RequirePositive(run_timeout, "run_timeout");
  RequirePositive(task_timeout, "task_timeout");
  if (start_delay && *start_delay < Duration::zero()) {
    throw InvalidArgumentError("WorkflowOptions.start_delay must not be negative");
  }
  if (start_delay && !cron_schedule.empty()) {
    throw InvalidArgumentError(
        "WorkflowOptions.start_delay cannot be combined with cron_schedule");
  }
  if (retry_policy) retry_policy->Validate();
  for (const auto& [key, values] : memo) {
    if (values.size() != 1) {
      throw InvalidArgumentError("WorkflowOptions.memo[\"" + key + "\"] must hold one value, not " +
                                 std::to_string(values.size()));
    }
  }
}

enums::WorkflowIdReusePolicy ToProto(WorkflowIdReusePolicy policy) {
  switch (policy) {
    case WorkflowIdReusePolicy::kUnspecified: return enums::WORKFLOW_ID_REUSE_POLICY_UNSPECIFIED;
    case WorkflowIdReusePolicy::kAllowDuplicate: return enums::WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE;
    case WorkflowIdReusePolicy::kAllowDuplicateFailedOnly:
      return enums::WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY;
    case WorkflowIdReusePolicy::kRejectDuplicate:
      return enums::WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE;
  }
  return enums::WORKFLOW_ID_REUSE_POLICY_UNSPECIFIED;
}

enums::WorkflowIdConflictPolicy ToProto(WorkflowIdConflictPolicy policy) {
  switch (policy) {
    case WorkflowIdConflictPolicy::kUnspecified: return enums::WORKFLOW_ID_CONFLICT_POLICY_UNSPECIFIED;
    case WorkflowIdConflictPolicy::kFail: return enums::WORKFLOW_ID_CONFLICT_POLICY_FAIL;
    case WorkflowIdConflictPolicy::kUseExisting: return enums::WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING;
    case WorkflowIdConflictPolicy::kTerminateExisting:
      return enums::WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING;
  }
  return enums::WORKFLOW_ID_CONFLICT_POLICY_UNSPECIFIED;
}

}  // namespace temporal
