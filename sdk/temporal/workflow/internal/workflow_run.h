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

#include "temporal/converter/data_converter.h"
#include "temporal/workflow/deferred.h"
#include "temporal/workflow/internal/activation.h"
#include "temporal/workflow/internal/completion.h"
#include "temporal/workflow/internal/scheduler.h"
#include "temporal/workflow/workflow_definition.h"
#include "temporal/workflow/workflow_info.h"

namespace temporal::workflow_internal {

// An operation waiting for its resolution job: held by the run (by seq) and
// by the awaiting coroutine, so either may go first.
template <typename Result>
struct PendingOperation {
  workflow::Deferred<Result> done;
  bool cancel_requested = false;
};

class WorkflowRun {
 public:
  struct Options {
    std::string workflow_id;
    std::string namespace_name = "default";
    // Receives the workflow's log lines while it is not replaying.
    std::function<void(const std::string& line)> log_sink;
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

  uint32_t NextSeq() { return ++seq_; }
  void Issue(WorkflowCommandVariant command, std::source_location where);

  std::shared_ptr<PendingOperation<void>> StartTimer(Duration duration, std::source_location where);
  void CancelTimer(uint32_t seq, std::source_location where);
  uint32_t last_seq() const { return seq_; }

  std::shared_ptr<PendingOperation<Resolution>> ScheduleActivity(ScheduleActivityCommand command,
                                                                 std::source_location where);
  std::shared_ptr<PendingOperation<Resolution>> ScheduleLocalActivity(
      ScheduleLocalActivityCommand command, std::source_location where);

  struct ChildOperation {
    uint32_t seq = 0;
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

  // Signals: a handler per name; signals with no handler wait in a buffer.
  using SignalHandler = std::function<Task<void>(const temporal::api::common::v1::Payloads&)>;
  void SetSignalHandler(const std::string& name, SignalHandler handler);
  std::deque<temporal::api::common::v1::Payloads>& SignalBuffer(const std::string& name) {
    return signal_buffers_[name];
  }

  using QueryHandler = std::function<temporal::api::common::v1::Payloads(
      const temporal::api::common::v1::Payloads&)>;
  void SetQueryHandler(const std::string& name, QueryHandler handler);

  struct UpdateHandler {
    std::function<void(const temporal::api::common::v1::Payloads&)> validator;  // may be empty
    std::function<Task<temporal::api::common::v1::Payloads>(const temporal::api::common::v1::Payloads&)>
        handler;
  };
  void SetUpdateHandler(const std::string& name, UpdateHandler handler);

  // Spawns a coroutine of the run (a signal or update handler, or workflow
  // code's own background task): it runs next time the run is quiescent.
  void Spawn(Task<void> task);

 private:
  void ApplyJob(const Job& job);
  Task<void> RunMain(temporal::api::common::v1::Payloads input);
  Task<void> RunSignalHandler(SignalHandler handler, temporal::api::common::v1::Payloads input);
  Task<void> RunUpdate(DoUpdateJob job, UpdateHandler handler);
  void OnWorkflowException(std::exception_ptr error);
  void DeliverSignal(const SignalWorkflowJob& signal);
  void CancelEverything();

  std::shared_ptr<const workflow::WorkflowDefinition> definition_;
  converter::DataConverter converter_;
  Options options_;
  workflow::WorkflowInfo info_;
  Scheduler scheduler_;

  Timestamp now_{};
  bool replaying_ = false;
  std::mt19937_64 random_;
  uint32_t seq_ = 0;
  bool cancel_requested_ = false;
  bool closed_ = false;  // the close command was issued

  std::vector<WorkflowCommand> commands_;
  std::vector<QueryAnswer> query_answers_;
  std::optional<temporal::api::failure::v1::Failure> task_failure_;

  std::map<uint32_t, std::shared_ptr<PendingOperation<void>>> timers_;
  std::map<uint32_t, std::shared_ptr<PendingOperation<Resolution>>> activities_;
  std::map<uint32_t, ActivityCancellationType> activity_cancellation_;
  std::map<uint32_t, std::shared_ptr<PendingOperation<Resolution>>> local_activities_;
  std::map<uint32_t, std::shared_ptr<ChildOperation>> children_;
  std::map<uint32_t, std::shared_ptr<PendingOperation<std::optional<temporal::api::failure::v1::Failure>>>>
      external_signals_;
  std::map<uint32_t, std::shared_ptr<PendingOperation<std::optional<temporal::api::failure::v1::Failure>>>>
      external_cancels_;
  std::map<uint32_t, std::shared_ptr<PendingOperation<temporal::api::common::v1::Payloads>>> side_effects_;

  std::set<std::string> notified_patches_;
  std::map<std::string, bool> patch_results_;

  std::map<std::string, SignalHandler> signal_handlers_;
  std::map<std::string, std::deque<temporal::api::common::v1::Payloads>> signal_buffers_;
  std::map<std::string, QueryHandler> query_handlers_;
  std::map<std::string, UpdateHandler> update_handlers_;
  std::deque<DoUpdateJob> updates_without_handler_;
};

}  // namespace temporal::workflow_internal

#endif  // TEMPORAL_WORKFLOW_INTERNAL_WORKFLOW_RUN_H_
