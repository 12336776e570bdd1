// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// WorkflowRun: the workflow side of one run. It owns the run's scheduler
// and everything workflow code reaches through temporal::workflow (the
// pending operations, signal buffers, handlers, the deterministic clock and
// random generator), and it is the `Activate(Activation) -> Completion` seam
// of ARCHITECTURE.md:
//
//   WorkflowRun run(definition, converter, {.workflow_id = "order-42", .namespace_name = "default"});
//   Completion completion = run.Activate(activation);   // apply jobs, run to quiescence, collect commands
//
// The public workflow API (workflow.h) finds the run through Current(), set
// for the duration of Activate on the calling thread.
#ifndef TEMPORAL_WORKFLOW_INTERNAL_WORKFLOW_RUN_H_
#define TEMPORAL_WORKFLOW_INTERNAL_WORKFLOW_RUN_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <source_location>
#include <string>
#include <vector>

#include "temporal/common/header.h"
#include "temporal/common/memo.h"
#include "temporal/converter/data_converter.h"
#include "temporal/workflow/cancellation_scope.h"
#include "temporal/workflow/deferred.h"
#include "temporal/workflow/internal/activation.h"
#include "temporal/workflow/internal/completion.h"
#include "temporal/workflow/internal/scheduler.h"
#include "temporal/workflow/workflow_definition.h"
#include "temporal/workflow/workflow_info.h"

namespace temporal::workflow {
class WorkflowInboundInterceptor;
class WorkflowOutboundInterceptor;
class WorkflowInterceptorFactory;
struct ExecuteWorkflowInput;
struct HandleSignalInput;
}  // namespace temporal::workflow

namespace temporal::workflow_internal {

// A signal no handler or WaitSignal has taken yet.
struct BufferedSignal {
  temporal::api::common::v1::Payloads input;
  Header header;
};

// An operation waiting for its resolution job: held by the run (by seq) and
// by the awaiting coroutine, so either may go first. `scope` is the
// cancellation scope it was started in.
template <typename Result>
struct PendingOperation {
  workflow::Deferred<Result> done;
  std::shared_ptr<workflow::CancellationScope> scope;
  bool cancel_requested = false;
};

// An activity: what canceling it needs to know.
struct ActivityOperation : PendingOperation<Resolution> {
  ActivityCancellationType cancellation_type = ActivityCancellationType::kTryCancel;
  std::string activity_type;
  std::string activity_id;
};

// How a local activity attempt ended: a resolution, or (backoff set) a retry
// that waits longer than the worker keeps a local activity, which the
// workflow side turns into a timer and a new attempt.
struct LocalActivityOutcome {
  Resolution resolution;
  std::optional<Duration> backoff;
  uint32_t next_attempt = 0;
  std::optional<Timestamp> original_schedule_time;
};

class WorkflowRun {
 public:
  struct Options {
    std::string workflow_id;
    std::string namespace_name = "default";
    // Receives the workflow's log lines while it is not replaying.
    std::function<void(const std::string& line)> log_sink;
    // Make the run's interceptors (workflow/interceptor.h) as it starts; the
    // first listed is the outermost.
    std::vector<std::shared_ptr<workflow::WorkflowInterceptorFactory>> interceptors;
  };

  WorkflowRun(std::shared_ptr<const workflow::WorkflowDefinition> definition,
              converter::DataConverter converter, Options options);
  WorkflowRun(const WorkflowRun&) = delete;
  WorkflowRun& operator=(const WorkflowRun&) = delete;
  ~WorkflowRun();

  // Activate applies the activation's jobs, runs the workflow's coroutines
  // until none can go on, and returns what the workflow did.
  Completion Activate(const Activation& activation);

  // The run whose Activate is executing on this thread; throws
  // workflow::UsageError outside workflow code.
  static WorkflowRun& Current();
  static WorkflowRun* CurrentOrNull();

  // --- What the workflow API uses. ---
  const converter::DataConverter& converter() const { return converter_; }
  const workflow::WorkflowInfo& info() const { return info_; }
  Timestamp now() const { return now_; }
  bool replaying() const { return replaying_; }
  std::mt19937_64& random() { return random_; }
  bool cancel_requested() const { return cancel_requested_; }
  void Log(const std::string& line);

  // The outermost interceptors (the run's own handling when there are
  // none): workflow calls go out through outbound(), and what arrives goes
  // in through inbound(). They are made when the run starts.
  workflow::WorkflowInboundInterceptor& inbound() { return *inbound_; }
  workflow::WorkflowOutboundInterceptor& outbound() { return *outbound_; }
  // Whether any inbound interceptor wraps the run's own handling.
  bool inbound_intercepted() const { return !inbound_chain_.empty(); }

  // Cancellation scopes: the root scope (canceled with the workflow), the
  // scope of the running coroutine, and canceling what a scope started.
  const std::shared_ptr<workflow::CancellationScope>& root_scope() const { return root_scope_; }
  std::shared_ptr<workflow::CancellationScope> current_scope() const;
  void CancelOperationsIn(const workflow::CancellationScope& scope);

  uint32_t NextSeq() { return ++seq_; }
  void Issue(WorkflowCommandVariant command, std::source_location where);

  std::shared_ptr<PendingOperation<void>> StartTimer(Duration duration, std::source_location where);
  void CancelTimer(uint32_t seq, std::source_location where);
  uint32_t last_seq() const { return seq_; }

  std::shared_ptr<ActivityOperation> ScheduleActivity(ScheduleActivityCommand command,
                                                      std::source_location where);
  std::shared_ptr<PendingOperation<LocalActivityOutcome>> ScheduleLocalActivity(
      ScheduleLocalActivityCommand command, std::source_location where);

  struct ChildOperation {
    uint32_t seq = 0;
    std::shared_ptr<workflow::CancellationScope> scope;
    bool cancel_requested = false;
    workflow::Deferred<ResolveChildStartJob> started;
    workflow::Deferred<Resolution> result;
  };
  std::shared_ptr<ChildOperation> StartChildWorkflow(StartChildWorkflowCommand command,
                                                     std::source_location where);
  void CancelChildWorkflow(uint32_t seq, std::source_location where);

  std::shared_ptr<PendingOperation<std::optional<temporal::api::failure::v1::Failure>>> SignalExternal(
      SignalExternalWorkflowCommand command, std::source_location where);
  std::shared_ptr<PendingOperation<std::optional<temporal::api::failure::v1::Failure>>> CancelExternal(
      RequestCancelExternalWorkflowCommand command, std::source_location where);
  std::shared_ptr<PendingOperation<temporal::api::common::v1::Payloads>> SideEffect(
      temporal::api::common::v1::Payloads value, std::source_location where);

  bool Patched(const std::string& patch_id, bool deprecated, std::source_location where);

  // Memo: EncodeMemo converts a memo for a command (a child's start,
  // continue-as-new), one payload per key, through the run's converter and
  // codecs; `what` names the field in the error for a key that does not
  // hold exactly one value. UpsertMemo issues ModifyWorkflowProperties and
  // applies the upsert to info().memo (a null value removes its key, as the
  // server does).
  temporal::api::common::v1::Memo EncodeMemo(const Memo& memo, const std::string& what) const;
  void UpsertMemo(const Memo& memo, std::source_location where);

  // Signals: a handler per name; signals with no handler wait in a buffer.
  using SignalHandler = std::function<Task<void>(const temporal::api::common::v1::Payloads&)>;
  void SetSignalHandler(const std::string& name, SignalHandler handler);
  std::deque<BufferedSignal>& SignalBuffer(const std::string& name) { return signal_buffers_[name]; }

  using QueryHandler = std::function<temporal::api::common::v1::Payloads(
      const temporal::api::common::v1::Payloads&)>;
  void SetQueryHandler(const std::string& name, QueryHandler handler);

  struct UpdateHandler {
    std::function<void(const temporal::api::common::v1::Payloads&)> validator;  // may be empty
    std::function<Task<temporal::api::common::v1::Payloads>(const temporal::api::common::v1::Payloads&)>
        handler;
  };
  void SetUpdateHandler(const std::string& name, UpdateHandler handler);

  // For the innermost interceptors (root_interceptors.h): the registered
  // handlers (null when none) and the workflow definition.
  const SignalHandler* FindSignalHandler(const std::string& name) const;
  const QueryHandler* FindQueryHandler(const std::string& name) const;
  const UpdateHandler* FindUpdateHandler(const std::string& name) const;
  std::string QueryHandlerNames() const;
  const workflow::WorkflowDefinition& definition() const { return *definition_; }

  // Spawns a coroutine of the run (a signal or update handler, or workflow
  // code's own background task): it runs next time the run is quiescent.
  void Spawn(Task<void> task);

 private:
  void ApplyJob(const Job& job);
  // Makes the interceptor chains (InitializeWorkflow).
  void MakeInterceptors();
  // Coroutines take one shared_ptr (GCC 12 and by-value class parameters: docs/adr/0009).
  Task<void> RunMain(std::shared_ptr<workflow::ExecuteWorkflowInput> input);
  Task<void> RunSignalHandler(std::shared_ptr<workflow::HandleSignalInput> input);
  Task<void> RunUpdate(std::shared_ptr<const DoUpdateJob> job);
  // Validates (first execution only) and accepts or rejects the update; an
  // accepted one runs its handler in the root scope.
  void StartUpdate(const DoUpdateJob& job);
  void RejectUpdatesWithoutHandler();
  void OnWorkflowException(std::exception_ptr error);
  void DeliverSignal(const SignalWorkflowJob& signal);
  // The scope a new operation belongs to; throws CanceledError when that
  // scope is canceled already (nothing is sent for it).
  std::shared_ptr<workflow::CancellationScope> ScopeForNewOperation(const char* what);
  bool InScope(const workflow::CancellationScope& scope,
               const std::shared_ptr<workflow::CancellationScope>& operation_scope) const;
  // Spawns a run-level coroutine (main, signal or update handler) in the root scope.
  void SpawnInRootScope(Task<void> task);

  std::shared_ptr<const workflow::WorkflowDefinition> definition_;
  converter::DataConverter converter_;
  Options options_;
  workflow::WorkflowInfo info_;
  std::shared_ptr<workflow::CancellationScope> root_scope_;
  // The interceptor chains, declared before the scheduler: coroutine frames
  // that the scheduler's teardown destroys may still refer to them.
  std::unique_ptr<workflow::WorkflowInboundInterceptor> root_inbound_;
  std::unique_ptr<workflow::WorkflowOutboundInterceptor> root_outbound_;
  std::vector<std::unique_ptr<workflow::WorkflowInboundInterceptor>> inbound_chain_;
  std::vector<std::unique_ptr<workflow::WorkflowOutboundInterceptor>> outbound_chain_;
  workflow::WorkflowInboundInterceptor* inbound_ = nullptr;
  workflow::WorkflowOutboundInterceptor* outbound_ = nullptr;
  Scheduler scheduler_;

  Timestamp now_{};
  bool replaying_ = false;
  std::mt19937_64 random_;
  uint32_t seq_ = 0;
  bool cancel_requested_ = false;
  bool closed_ = false;  // the close command was issued
  const char* read_only_ = nullptr;  // what runs that must not issue commands

  std::vector<WorkflowCommand> commands_;
  std::vector<QueryAnswer> query_answers_;
  std::optional<temporal::api::failure::v1::Failure> task_failure_;

  std::map<uint32_t, std::shared_ptr<PendingOperation<void>>> timers_;
  std::map<uint32_t, std::shared_ptr<ActivityOperation>> activities_;
  std::map<uint32_t, std::shared_ptr<PendingOperation<LocalActivityOutcome>>> local_activities_;
  std::map<uint32_t, std::shared_ptr<ChildOperation>> children_;
  std::map<uint32_t, std::shared_ptr<PendingOperation<std::optional<temporal::api::failure::v1::Failure>>>>
      external_signals_;
  std::map<uint32_t, std::shared_ptr<PendingOperation<std::optional<temporal::api::failure::v1::Failure>>>>
      external_cancels_;
  std::map<uint32_t, std::shared_ptr<PendingOperation<temporal::api::common::v1::Payloads>>> side_effects_;

  std::set<std::string> notified_patches_;
  std::map<std::string, bool> patch_results_;

  std::map<std::string, SignalHandler> signal_handlers_;
  std::map<std::string, std::deque<BufferedSignal>> signal_buffers_;
  std::map<std::string, QueryHandler> query_handlers_;
  std::map<std::string, UpdateHandler> update_handlers_;
  std::deque<DoUpdateJob> updates_without_handler_;
};

}  // namespace temporal::workflow_internal

#endif  // TEMPORAL_WORKFLOW_INTERNAL_WORKFLOW_RUN_H_
