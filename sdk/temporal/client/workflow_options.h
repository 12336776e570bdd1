// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// WorkflowOptions: how to start a workflow: its id and task queue (both
// required), timeouts, id policies, retries, cron, memo, search attributes,
// start delay and the request id that makes a retried start idempotent.
//
//   using namespace std::chrono_literals;
//   temporal::WorkflowOptions options{
//       .id = "order-42",
//       .task_queue = "orders",
//       .execution_timeout = 24h,
//       .id_conflict_policy = temporal::WorkflowIdConflictPolicy::kUseExisting,
//       .memo = {{"customer", temporal::Values::Of(std::string("c-7"))}},
//   };
#ifndef TEMPORAL_CLIENT_WORKFLOW_OPTIONS_H_
#define TEMPORAL_CLIENT_WORKFLOW_OPTIONS_H_

#include <map>
#include <optional>
#include <string>

#include "temporal/api/enums/v1/workflow.pb.h"
#include "temporal/common/duration.h"
#include "temporal/common/header.h"
#include "temporal/common/memo.h"
#include "temporal/common/retry_policy.h"
#include "temporal/common/search_attributes.h"
#include "temporal/common/values.h"

namespace temporal {

// WorkflowIdReusePolicy: may a new run use the id of a *closed* run?
enum class WorkflowIdReusePolicy {
  kUnspecified,              // the server's default (allow duplicate)
  kAllowDuplicate,           // yes
  kAllowDuplicateFailedOnly, // only if the last run did not complete successfully
  kRejectDuplicate,          // never
};

// WorkflowIdConflictPolicy: what to do when a run with the id is *running*.
enum class WorkflowIdConflictPolicy {
  kUnspecified,        // the server's default (fail)
  kFail,               // throw WorkflowAlreadyStartedError
  kUseExisting,        // return a handle to the running one
  kTerminateExisting,  // terminate it and start a new run
};

// WorkflowOptions: see the file comment.
struct WorkflowOptions {
  std::string id;
  std::string task_queue;
  // The whole workflow, continue-as-new chain and retries included.
  std::optional<Duration> execution_timeout;
  // One run.
  std::optional<Duration> run_timeout;
  // One workflow task (the server's default is 10 s).
  std::optional<Duration> task_timeout;
  WorkflowIdReusePolicy id_reuse_policy = WorkflowIdReusePolicy::kUnspecified;
  WorkflowIdConflictPolicy id_conflict_policy = WorkflowIdConflictPolicy::kUnspecified;
  std::optional<RetryPolicy> retry_policy;
  std::string cron_schedule;
  Memo memo;
  SearchAttributes search_attributes;
  // Wait this long before the first workflow task.
  std::optional<Duration> start_delay;
  // Deduplicates retried starts; empty: a random UUID per call.
  std::string request_id;
  // The start's header: key/value payloads the workflow's inbound
  // interceptors see (temporal/workflow/interceptor.h), for tracing and
  // context propagation. Not passed through the payload codecs.
  Header header;

  // Validate throws InvalidArgumentError naming the first wrong field.
  void Validate() const;
};

temporal::api::enums::v1::WorkflowIdReusePolicy ToProto(WorkflowIdReusePolicy policy);
temporal::api::enums::v1::WorkflowIdConflictPolicy ToProto(WorkflowIdConflictPolicy policy);

}  // namespace temporal

#endif  // TEMPORAL_CLIENT_WORKFLOW_OPTIONS_H_
