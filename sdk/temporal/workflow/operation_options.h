// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// The options of the operations workflow code starts: activities (and local
// activities), child workflows, continue-as-new. Workflow code passes them
// to temporal::workflow (workflow.h); outbound interceptors see and may
// change them (interceptor.h).
//
//   temporal::workflow::ActivityOptions options{.start_to_close_timeout = std::chrono::seconds(10)};
//   temporal::workflow::ChildWorkflowOptions child{.workflow_id = "ship-42"};
#ifndef TEMPORAL_WORKFLOW_OPERATION_OPTIONS_H_
#define TEMPORAL_WORKFLOW_OPERATION_OPTIONS_H_

#include <optional>
#include <string>

#include "temporal/api/enums/v1/workflow.pb.h"
#include "temporal/common/duration.h"
#include "temporal/common/memo.h"
#include "temporal/common/retry_policy.h"
#include "temporal/workflow/internal/completion.h"

namespace temporal::workflow {

using ActivityCancellationType = workflow_internal::ActivityCancellationType;
using ChildWorkflowCancellationType = workflow_internal::ChildWorkflowCancellationType;

// ActivityOptions: at least one of schedule_to_close / start_to_close is required.
struct ActivityOptions {
  std::string task_queue;  // default: the workflow's
  std::optional<Duration> schedule_to_close_timeout;
  std::optional<Duration> schedule_to_start_timeout;
  std::optional<Duration> start_to_close_timeout;
  std::optional<Duration> heartbeat_timeout;
  std::optional<RetryPolicy> retry_policy;
  ActivityCancellationType cancellation_type = ActivityCancellationType::kTryCancel;
  std::string activity_id;  // default: generated
};

// ChildWorkflowOptions.
struct ChildWorkflowOptions {
  std::string workflow_id;  // default: generated, deterministic
  std::string task_queue;   // default: the parent's
  std::optional<Duration> execution_timeout;
  std::optional<Duration> run_timeout;
  std::optional<Duration> task_timeout;
  std::optional<RetryPolicy> retry_policy;
  temporal::api::enums::v1::ParentClosePolicy parent_close_policy =
      temporal::api::enums::v1::PARENT_CLOSE_POLICY_TERMINATE;
  temporal::api::enums::v1::WorkflowIdReusePolicy id_reuse_policy =
      temporal::api::enums::v1::WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE;
  ChildWorkflowCancellationType cancellation_type = ChildWorkflowCancellationType::kWaitCancellationCompleted;
  std::string cron_schedule;
  // The child's memo, one value per key (as a client's WorkflowOptions::memo):
  //   .memo = {{"customer", temporal::Values::Of(std::string("c-7"))}}
  Memo memo;
};

// ContinueAsNewOptions: empty fields keep the current run's values.
struct ContinueAsNewOptions {
  std::string workflow_type;
  std::string task_queue;
  std::optional<Duration> run_timeout;
  std::optional<Duration> task_timeout;
  // The next run's memo; empty: the server carries the current one over.
  Memo memo;
};

}  // namespace temporal::workflow

#endif  // TEMPORAL_WORKFLOW_OPERATION_OPTIONS_H_
