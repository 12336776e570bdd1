// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Activation: what the replay core (WorkflowMachines) hands the workflow
// runtime for one workflow run: a batch of jobs, in the order the history
// produced them, plus the deterministic facts of the moment (workflow time,
// whether this is replay). The runtime applies every job, runs the run's
// coroutines until quiescent and answers with a Completion (completion.h).
// The worker and the Replayer drive workflows only through this seam
// (ARCHITECTURE.md, "The replay core"):
//
//   Activation activation = machines.NextActivation().value();
//   Completion completion = run.Activate(activation);
//   machines.Complete(completion);
//
// Jobs address the workflow's operations by `seq`: the number the runtime
// gave the operation when it issued the command (timers, activities, ... each
// count from 1 on their own).
#ifndef TEMPORAL_WORKFLOW_INTERNAL_ACTIVATION_H_
#define TEMPORAL_WORKFLOW_INTERNAL_ACTIVATION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "temporal/api/common/v1/message.pb.h"
#include "temporal/api/failure/v1/message.pb.h"
#include "temporal/api/history/v1/message.pb.h"
#include "temporal/common/duration.h"

namespace temporal::workflow_internal {

// The first job of a run: WorkflowExecutionStarted, and the seed of the
// run's deterministic random generator.
struct InitializeWorkflowJob {
  temporal::api::history::v1::WorkflowExecutionStartedEventAttributes attributes;
  std::string workflow_id;
  uint64_t randomness_seed = 0;
};

struct FireTimerJob {
  uint32_t seq = 0;
};

// How an activity, local activity or child workflow ended, as the workflow sees it.
struct Resolution {
  enum class Kind { kCompleted, kFailed, kCanceled };
  Kind kind = Kind::kCompleted;
  temporal::api::common::v1::Payloads result;  // kCompleted
  temporal::api::failure::v1::Failure failure;  // kFailed and kCanceled
};

struct ResolveActivityJob {
  uint32_t seq = 0;
  Resolution resolution;
};

struct ResolveLocalActivityJob {
  uint32_t seq = 0;
  Resolution resolution;
  // A local activity whose retry waits longer than the worker keeps it:
  // the runtime schedules it again (attempt, original schedule time) after
  // a timer of `backoff`. Set instead of `resolution`.
  std::optional<Duration> backoff;
  uint32_t next_attempt = 0;
  std::optional<Timestamp> original_schedule_time;  // of the first attempt, with backoff
  temporal::api::history::v1::MarkerRecordedEventAttributes marker;  // for tests and tooling
};

struct SignalWorkflowJob {
  std::string signal_name;
  temporal::api::common::v1::Payloads input;
  temporal::api::common::v1::Header header;
  std::string identity;
};

struct QueryWorkflowJob {
  std::string query_id;  // answers carry it back
  std::string query_type;
  temporal::api::common::v1::Payloads arguments;
  temporal::api::common::v1::Header header;
};

struct DoUpdateJob {
  std::string update_id;
  std::string protocol_instance_id;
  std::string name;
  temporal::api::common::v1::Payloads input;
  temporal::api::common::v1::Header header;
  std::string identity;
  // False when replaying an update the history shows accepted: the
  // validator ran the first time and must not run again.
  bool run_validator = true;
};

struct CancelWorkflowJob {
  std::string reason;
};

// The child workflow started (run id), failed to start, or was canceled
// before it started.
struct ResolveChildStartJob {
  enum class Kind { kStarted, kFailed, kCanceled };
  uint32_t seq = 0;
  Kind kind = Kind::kStarted;
  std::string run_id;                                  // kStarted
  // kStarted: the child's workflow id, which is the one the history recorded
  // when the SDK generated it (another SDK's history may use other ids).
  std::string workflow_id;
  temporal::api::enums::v1::StartChildWorkflowExecutionFailedCause cause{};  // kFailed
  temporal::api::failure::v1::Failure failure;          // kFailed and kCanceled
};

struct ResolveChildResultJob {
  uint32_t seq = 0;
  Resolution resolution;
};

// Signal external / request cancel external: empty failure means success.
struct ResolveSignalExternalJob {
  uint32_t seq = 0;
  std::optional<temporal::api::failure::v1::Failure> failure;
};

struct ResolveCancelExternalJob {
  uint32_t seq = 0;
  std::optional<temporal::api::failure::v1::Failure> failure;
};

// The history holds a marker for this patch: Patched(id) is true on replay.
struct NotifyHasPatchJob {
  std::string patch_id;
};

// SideEffect's value: the one the workflow computed, or on replay the one
// the history's marker recorded.
struct ResolveSideEffectJob {
  uint32_t seq = 0;
  temporal::api::common::v1::Payloads result;
};

// After a reset the run continues with a new seed.
struct UpdateRandomSeedJob {
  uint64_t randomness_seed = 0;
};

// The run leaves the cache: the runtime tears its coroutines down.
struct RemoveFromCacheJob {
  std::string reason;
};

using Job = std::variant<InitializeWorkflowJob, FireTimerJob, ResolveActivityJob,
                         ResolveLocalActivityJob, SignalWorkflowJob, QueryWorkflowJob, DoUpdateJob,
                         CancelWorkflowJob, ResolveChildStartJob, ResolveChildResultJob,
                         ResolveSignalExternalJob, ResolveCancelExternalJob, NotifyHasPatchJob, ResolveSideEffectJob,
                         UpdateRandomSeedJob, RemoveFromCacheJob>;

// Activation: see the file comment.
struct Activation {
  std::string run_id;
  // Workflow time: the start time of the workflow task being processed.
  Timestamp now{};
  // True while the jobs come from history already recorded: the commands
  // the workflow issues must match what the history holds, side effects are
  // read back, and the replay-aware logger is silent.
  bool is_replaying = false;
  int64_t history_length = 0;
  int64_t history_size_bytes = 0;
  bool continue_as_new_suggested = false;
  std::vector<Job> jobs;
};

}  // namespace temporal::workflow_internal

#endif  // TEMPORAL_WORKFLOW_INTERNAL_ACTIVATION_H_
