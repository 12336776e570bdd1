// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Completion: the workflow runtime's answer to one Activation (activation.h):
// the commands the workflow issued, in issue order, and its answers to the
// activation's queries. The replay core turns each command into (or hands it
// to) a state machine, and matches it against the history.
//
//   Completion completion;
//   completion.commands.push_back({StartTimerCommand{.seq = 1, .start_to_fire_timeout = 30s},
//                                  std::source_location::current()});
//   machines.Complete(std::move(completion));
//
// Every command carries the std::source_location of the workflow call that
// issued it, so a non-determinism error can say where in the workflow's
// source the mismatching command came from.
#ifndef TEMPORAL_WORKFLOW_INTERNAL_COMPLETION_H_
#define TEMPORAL_WORKFLOW_INTERNAL_COMPLETION_H_

#include <cstdint>
#include <optional>
#include <source_location>
#include <string>
#include <variant>
#include <vector>

#include "temporal/api/command/v1/message.pb.h"
#include "temporal/api/common/v1/message.pb.h"
#include "temporal/api/failure/v1/message.pb.h"
#include "temporal/api/update/v1/message.pb.h"
#include "temporal/common/duration.h"

namespace temporal::workflow_internal {

// What canceling an activity (or local activity) waits for.
enum class ActivityCancellationType {
  // Ask the server to cancel it, and resolve the workflow's await as
  // canceled at once.
  kTryCancel,
  // Ask the server to cancel it, and resolve when the activity reports
  // the cancellation (or completes anyway).
  kWaitCancellationCompleted,
  // Do not tell the server; resolve as canceled at once.
  kAbandon,
};

// What canceling a child workflow waits for.
enum class ChildWorkflowCancellationType {
  kAbandon,
  kTryCancel,
  kWaitCancellationCompleted,
  kWaitCancellationRequested,
};

struct StartTimerCommand {
  uint32_t seq = 0;
  Duration start_to_fire_timeout{};
};
struct CancelTimerCommand {
  uint32_t seq = 0;
};

struct ScheduleActivityCommand {
  uint32_t seq = 0;
  // activity id, type, task queue, input, timeouts, retry policy, header.
  temporal::api::command::v1::ScheduleActivityTaskCommandAttributes attributes;
  ActivityCancellationType cancellation_type = ActivityCancellationType::kTryCancel;
  // The SDK chose the activity id (workflow code gave none): on replay the
  // id the history recorded is adopted (another SDK numbers differently).
  bool activity_id_generated = false;
};
struct RequestCancelActivityCommand {
  uint32_t seq = 0;
};

struct ScheduleLocalActivityCommand {
  uint32_t seq = 0;
  std::string activity_id;
  std::string activity_type;
  temporal::api::common::v1::Payloads arguments;
  temporal::api::common::v1::Header header;
  uint32_t attempt = 1;
  std::optional<Timestamp> original_schedule_time;
  std::optional<Duration> schedule_to_close_timeout;
  std::optional<Duration> schedule_to_start_timeout;
  std::optional<Duration> start_to_close_timeout;
  temporal::api::common::v1::RetryPolicy retry_policy;
  ActivityCancellationType cancellation_type = ActivityCancellationType::kTryCancel;
};
struct RequestCancelLocalActivityCommand {
  uint32_t seq = 0;
};

struct StartChildWorkflowCommand {
  uint32_t seq = 0;
  temporal::api::command::v1::StartChildWorkflowExecutionCommandAttributes attributes;
  ChildWorkflowCancellationType cancellation_type = ChildWorkflowCancellationType::kWaitCancellationCompleted;
  // The SDK generated the workflow id: on replay the recorded one is adopted.
  bool workflow_id_generated = false;
};
struct CancelChildWorkflowCommand {
  uint32_t seq = 0;  // the child's seq
  std::string reason;
};

struct SignalExternalWorkflowCommand {
  uint32_t seq = 0;
  temporal::api::command::v1::SignalExternalWorkflowExecutionCommandAttributes attributes;
};
struct CancelSignalExternalWorkflowCommand {
  uint32_t seq = 0;
};

struct RequestCancelExternalWorkflowCommand {
  uint32_t seq = 0;
  temporal::api::command::v1::RequestCancelExternalWorkflowExecutionCommandAttributes attributes;
};

// Patched(id) returned true (or DeprecatePatch(id) was called): record the
// patch marker unless the history already shows it.
struct SetPatchMarkerCommand {
  std::string patch_id;
  bool deprecated = false;
};

// SideEffect's value, recorded in a marker the first time and read back
// from it on replay.
struct RecordSideEffectCommand {
  uint32_t seq = 0;
  temporal::api::common::v1::Payloads result;
};

struct UpsertSearchAttributesCommand {
  temporal::api::common::v1::SearchAttributes search_attributes;
};
struct ModifyWorkflowPropertiesCommand {
  temporal::api::common::v1::Memo upserted_memo;
};

// The workflow's answer to an update (DoUpdateJob): accept (the validator
// passed), reject (it threw), or the handler's outcome.
struct UpdateResponseCommand {
  enum class Kind { kAccepted, kRejected, kCompleted };
  std::string protocol_instance_id;
  std::string update_id;
  Kind kind = Kind::kAccepted;
  temporal::api::failure::v1::Failure rejection;  // kRejected
  temporal::api::update::v1::Outcome outcome;     // kCompleted
};

struct CompleteWorkflowCommand {
  temporal::api::common::v1::Payloads result;
};
struct FailWorkflowCommand {
  temporal::api::failure::v1::Failure failure;
};
struct ContinueAsNewWorkflowCommand {
  temporal::api::command::v1::ContinueAsNewWorkflowExecutionCommandAttributes attributes;
};
struct CancelWorkflowCommand {
  temporal::api::common::v1::Payloads details;
};

using WorkflowCommandVariant =
    std::variant<StartTimerCommand, CancelTimerCommand, ScheduleActivityCommand,
                 RequestCancelActivityCommand, ScheduleLocalActivityCommand,
                 RequestCancelLocalActivityCommand, StartChildWorkflowCommand,
                 CancelChildWorkflowCommand, SignalExternalWorkflowCommand,
                 CancelSignalExternalWorkflowCommand, RequestCancelExternalWorkflowCommand,
                 SetPatchMarkerCommand, RecordSideEffectCommand, UpsertSearchAttributesCommand,
                 ModifyWorkflowPropertiesCommand, UpdateResponseCommand, CompleteWorkflowCommand,
                 FailWorkflowCommand, ContinueAsNewWorkflowCommand, CancelWorkflowCommand>;

// WorkflowCommand: one command and where the workflow issued it.
struct WorkflowCommand {
  WorkflowCommandVariant command;
  std::source_location where;
};

// QueryAnswer: the answer to a QueryWorkflowJob.
struct QueryAnswer {
  std::string query_id;
  std::optional<temporal::api::common::v1::Payloads> result;   // answered
  std::optional<temporal::api::failure::v1::Failure> failure;  // the handler threw, or no handler
};

// Completion: see the file comment.
struct Completion {
  std::vector<WorkflowCommand> commands;
  std::vector<QueryAnswer> query_answers;
  // Set when the activation failed (an exception outside the Temporal
  // failure hierarchy escaped workflow code): the workflow task fails and
  // the server retries it, so a fixed deploy can continue the run.
  std::optional<temporal::api::failure::v1::Failure> task_failure;
};

}  // namespace temporal::workflow_internal

#endif  // TEMPORAL_WORKFLOW_INTERNAL_COMPLETION_H_
