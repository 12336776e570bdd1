// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Workflow interceptors: code that runs around what enters a workflow run
// (inbound: the workflow function itself, signals, queries, updates) and
// around what the workflow asks of the server (outbound: activities, local
// activities, timers, child workflows, external signals and cancels,
// continue-as-new, side effects, patches, search attribute and memo
// upserts). Tracing, context propagation through headers, logging, metrics
// and policy checks are written this way.
//
//   namespace wf = temporal::workflow;
//
//   // Copies the "tenant" header of the workflow's start onto every activity it schedules.
//   struct Tenant { std::optional<temporal::Payload> value; };
//
//   class TenantInbound : public wf::WorkflowInboundInterceptor {
//    public:
//     TenantInbound(wf::WorkflowInboundInterceptor& next, std::shared_ptr<Tenant> tenant)
//         : WorkflowInboundInterceptor(next), tenant_(std::move(tenant)) {}
//     temporal::Task<temporal::Payloads> ExecuteWorkflow(wf::ExecuteWorkflowInput& input) override {
//       if (auto it = input.header.find("tenant"); it != input.header.end()) tenant_->value = it->second;
//       return next().ExecuteWorkflow(input);
//     }
//    private:
//     std::shared_ptr<Tenant> tenant_;
//   };
//
//   class TenantOutbound : public wf::WorkflowOutboundInterceptor {
//    public:
//     TenantOutbound(wf::WorkflowOutboundInterceptor& next, std::shared_ptr<Tenant> tenant)
//         : WorkflowOutboundInterceptor(next), tenant_(std::move(tenant)) {}
//     temporal::Task<temporal::Payloads> ExecuteActivity(wf::ExecuteActivityInput& input) override {
//       if (tenant_->value) input.header["tenant"] = *tenant_->value;
//       return next().ExecuteActivity(input);
//     }
//    private:
//     std::shared_ptr<Tenant> tenant_;
//   };
//
//   // Once per workflow run: both halves share the run's Tenant.
//   wf::WorkflowInterceptors InterceptWorkflow(wf::WorkflowInboundInterceptor& inbound,
//                                              wf::WorkflowOutboundInterceptor& outbound) override {
//     auto tenant = std::make_shared<Tenant>();
//     return {std::make_unique<TenantInbound>(inbound, tenant), std::make_unique<TenantOutbound>(outbound, tenant)};
//   }
//
// The rules, since interceptors run inside the workflow's deterministic code:
// - They run on the workflow's thread, as workflow code, and are replayed
//   with it: they may use temporal::workflow (Now, Random, Sleep, activities,
//   ...) but nothing non-deterministic (clocks, I/O, threads, globals that
//   change between runs). What they add to the history (a timer, an
//   activity) must be added again on replay, so a worker replaying a run
//   needs the same interceptors as the worker that ran it. Headers and
//   arguments are not checked on replay: changing them does not break it.
// - Each method's default passes the call on to next(). A method may change
//   the input before passing it on, look at or change the result, catch and
//   translate exceptions, or not call next() at all (it answers itself: it
//   must do so the same way on replay).
// - An input lives until the Task its method returned has finished, so a
//   coroutine override may keep using it after a co_await. With GCC 12,
//   write overrides as the examples above (a plain method returning
//   next()'s Task) or as coroutines that take only the input reference, and
//   name Tasks before awaiting them (docs/adr/0009).
// - A query handler and an update validator may not change the workflow:
//   HandleQuery and ValidateUpdate may not issue commands either.
// - Arguments and results are payloads as on the wire (codecs applied):
//   decode them with the worker's data converter (`converter.ToValues(args)`).
//   The innermost outbound interceptor moves `args` into the command: read
//   them before calling next().
//
// WorkflowInterceptorFactory makes the interceptors of each run; a
// temporal::WorkerInterceptor is one (temporal/worker/interceptor.h), listed
// in WorkerOptions::interceptors, and the Replayer takes the same list.
#ifndef TEMPORAL_WORKFLOW_INTERCEPTOR_H_
#define TEMPORAL_WORKFLOW_INTERCEPTOR_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <source_location>
#include <string>

#include "temporal/api/common/v1/message.pb.h"
#include "temporal/common/duration.h"
#include "temporal/common/header.h"
#include "temporal/common/memo.h"
#include "temporal/common/payload_converter.h"
#include "temporal/common/search_attributes.h"
#include "temporal/workflow/internal/workflow_run.h"
#include "temporal/workflow/operation_options.h"
#include "temporal/workflow/task.h"

namespace temporal::workflow {

// --- Inbound: what reaches the workflow ---

// ExecuteWorkflowInput: the run's start (WorkflowExecutionStarted).
struct ExecuteWorkflowInput {
  std::string workflow_type;
  Payloads args;
  // The header the workflow was started with (by a client, a parent, or the
  // previous run's continue-as-new).
  Header header;
};

// HandleSignalInput: one signal, as it reaches its handler (SetSignalHandler)
// or the WaitSignal that takes it. A signal that arrives before anything
// takes it waits in the run's buffer and reaches the interceptors then.
struct HandleSignalInput {
  std::string signal_name;
  Payloads args;
  Header header;
  // Set by the SDK once the signal reached the workflow: a handler ran with
  // it, or a WaitSignal took it. When an interceptor drops a signal (does
  // not call next), a WaitSignal goes on waiting for the next one.
  bool delivered = false;
};

// HandleQueryInput: one query. Its handler answers from the workflow's state.
struct HandleQueryInput {
  std::string query_id;
  std::string query_type;
  Payloads args;
  Header header;
};

// UpdateInput: one update, for ValidateUpdate and then (accepted) ExecuteUpdate.
// Each call gets the update as it arrived: a change made in ValidateUpdate
// does not reach ExecuteUpdate, since validation does not run on replay.
struct UpdateInput {
  std::string update_id;
  std::string name;
  Payloads args;
  Header header;
};

// WorkflowInboundInterceptor: see the file comment. Derive from it, pass
// `next` to its constructor, and override what you intercept. (Write that
// constructor, as in the example: C++ does not inherit a constructor that
// takes a reference to the base, `using Base::Base` cannot replace it.)
class WorkflowInboundInterceptor {
 public:
  explicit WorkflowInboundInterceptor(WorkflowInboundInterceptor& next) : next_(&next) {}
  virtual ~WorkflowInboundInterceptor() = default;
  WorkflowInboundInterceptor(const WorkflowInboundInterceptor&) = delete;
  WorkflowInboundInterceptor& operator=(const WorkflowInboundInterceptor&) = delete;

  // ExecuteWorkflow: runs the workflow function; its result (encoded), or
  // it throws (a failure fails the workflow, ContinueAsNewError continues it).
  virtual Task<Payloads> ExecuteWorkflow(ExecuteWorkflowInput& input) { return next_->ExecuteWorkflow(input); }
  // HandleSignal: delivers a signal. An exception thrown here is treated as
  // one thrown by the signal's handler (a Temporal failure fails the
  // workflow; anything else fails the workflow task), or, for a signal a
  // WaitSignal takes, is thrown from that WaitSignal.
  virtual Task<void> HandleSignal(HandleSignalInput& input) { return next_->HandleSignal(input); }
  // HandleQuery: answers a query; throwing fails the query (not the workflow).
  virtual Payloads HandleQuery(HandleQueryInput& input) { return next_->HandleQuery(input); }
  // ValidateUpdate: throwing rejects the update. Runs only when the update
  // first arrives, never on replay (the history says it was accepted).
  virtual void ValidateUpdate(UpdateInput& input) { next_->ValidateUpdate(input); }
  // ExecuteUpdate: runs an accepted update's handler; its result, or it
  // throws (the update fails, the workflow goes on).
  virtual Task<Payloads> ExecuteUpdate(UpdateInput& input) { return next_->ExecuteUpdate(input); }

 protected:
  // For the SDK's innermost implementation, which has no next.
  WorkflowInboundInterceptor() = default;
  WorkflowInboundInterceptor& next() { return *next_; }

 private:
  WorkflowInboundInterceptor* next_ = nullptr;
};

// --- Outbound: what the workflow asks for ---
//
// Each input carries `where`, the workflow source line of the call (which a
// non-determinism error names), and the fields marked "for the SDK", which
// an interceptor leaves alone.

// ExecuteActivityInput: ExecuteActivity. options.activity_id is filled in
// (generated from the call's sequence number when the code gave none).
struct ExecuteActivityInput {
  std::string activity_type;
  ActivityOptions options;
  Payloads args;
  // Sent with the activity task; the activity's inbound interceptors see it.
  Header header;
  std::source_location where;
  // For the SDK.
  uint32_t seq = 0;
  bool activity_id_generated = false;
};

// ExecuteLocalActivityInput: ExecuteLocalActivity (every attempt, with the
// worker's retries and the workflow's backoff timers, is one call).
struct ExecuteLocalActivityInput {
  std::string activity_type;
  ActivityOptions options;
  Payloads args;
  // Given to the activity's inbound interceptors (it stays in the worker).
  Header header;
  std::source_location where;
  // For the SDK.
  uint32_t seq = 0;
};

// StartedChildWorkflow: a child workflow that has started; what a
// ChildWorkflowHandle<R> wraps.
struct StartedChildWorkflow {
  std::string workflow_id;
  std::string run_id;
  // For the SDK.
  std::shared_ptr<workflow_internal::WorkflowRun::ChildOperation> operation;
  bool result_requested = false;
};

// StartChildWorkflowInput: StartChildWorkflow and ExecuteChildWorkflow.
// options.workflow_id is filled in (generated when the code gave none).
struct StartChildWorkflowInput {
  std::string workflow_type;
  ChildWorkflowOptions options;
  Payloads args;
  // The child's start header (its inbound interceptors see it).
  Header header;
  std::source_location where;
  // For the SDK.
  uint32_t seq = 0;
  bool workflow_id_generated = false;
};

// SignalExternalWorkflowInput: SignalExternalWorkflow, and
// ChildWorkflowHandle::Signal (child_workflow_only set).
struct SignalExternalWorkflowInput {
  std::string workflow_id;
  std::string run_id;  // empty: the current run
  bool child_workflow_only = false;
  std::string signal_name;
  Payloads args;
  // Delivered with the signal (the receiver's HandleSignal sees it).
  Header header;
  std::source_location where;
  // For the SDK.
  uint32_t seq = 0;
};

// CancelExternalWorkflowInput: CancelExternalWorkflow.
struct CancelExternalWorkflowInput {
  std::string workflow_id;
  std::string run_id;
  std::source_location where;
  // For the SDK.
  uint32_t seq = 0;
};

// ContinueAsNewInput: ContinueAsNew.
struct ContinueAsNewInput {
  ContinueAsNewOptions options;
  Payloads args;
  // The next run's start header.
  Header header;
  std::source_location where;
};

// StartTimerInput: a Sleep. (The timers WaitConditionFor and WaitSignal
// start for their timeouts, and the backoff timers of local activities,
// belong to those calls and are not intercepted on their own.)
struct StartTimerInput {
  Duration duration{};
  std::source_location where;
};

// SideEffectInput: SideEffect. `function` computes the value (encoded); it
// is called only when the workflow is not replaying.
struct SideEffectInput {
  std::function<Payloads()> function;
  std::source_location where;
};

// PatchInput: Patched (deprecated false) and DeprecatePatch (true).
struct PatchInput {
  std::string patch_id;
  bool deprecated = false;
  std::source_location where;
};

struct UpsertSearchAttributesInput {
  SearchAttributes attributes;
  std::source_location where;
};

struct UpsertMemoInput {
  Memo memo;
  std::source_location where;
};

// WorkflowOutboundInterceptor: see the file comment. Derive from it, pass
// `next` to its constructor, and override what you intercept.
class WorkflowOutboundInterceptor {
 public:
  explicit WorkflowOutboundInterceptor(WorkflowOutboundInterceptor& next) : next_(&next) {}
  virtual ~WorkflowOutboundInterceptor() = default;
  WorkflowOutboundInterceptor(const WorkflowOutboundInterceptor&) = delete;
  WorkflowOutboundInterceptor& operator=(const WorkflowOutboundInterceptor&) = delete;

  // The activity's result (encoded), or it throws ActivityError.
  virtual Task<Payloads> ExecuteActivity(ExecuteActivityInput& input) { return next_->ExecuteActivity(input); }
  virtual Task<Payloads> ExecuteLocalActivity(ExecuteLocalActivityInput& input) {
    return next_->ExecuteLocalActivity(input);
  }
  // The started child, or it throws ChildWorkflowError (the child could not start).
  virtual Task<std::shared_ptr<StartedChildWorkflow>> StartChildWorkflow(StartChildWorkflowInput& input) {
    return next_->StartChildWorkflow(input);
  }
  virtual Task<void> SignalExternalWorkflow(SignalExternalWorkflowInput& input) {
    return next_->SignalExternalWorkflow(input);
  }
  virtual Task<void> CancelExternalWorkflow(CancelExternalWorkflowInput& input) {
    return next_->CancelExternalWorkflow(input);
  }
  // Throws ContinueAsNewError (which ends the run); an override must end by
  // calling next or by throwing something else.
  virtual void ContinueAsNew(ContinueAsNewInput& input) { next_->ContinueAsNew(input); }
  // Finishes when the timer fires; throws CanceledError when it is canceled.
  virtual Task<void> StartTimer(StartTimerInput& input) { return next_->StartTimer(input); }
  // The recorded value (encoded).
  virtual Task<Payloads> SideEffect(SideEffectInput& input) { return next_->SideEffect(input); }
  virtual bool Patched(PatchInput& input) { return next_->Patched(input); }
  virtual void UpsertSearchAttributes(UpsertSearchAttributesInput& input) { next_->UpsertSearchAttributes(input); }
  virtual void UpsertMemo(UpsertMemoInput& input) { next_->UpsertMemo(input); }

 protected:
  // For the SDK's innermost implementation, which has no next.
  WorkflowOutboundInterceptor() = default;
  WorkflowOutboundInterceptor& next() { return *next_; }

 private:
  WorkflowOutboundInterceptor* next_ = nullptr;
};

// WorkflowInterceptors: one run's interceptors from one factory; either may
// be null (that side is not intercepted).
struct WorkflowInterceptors {
  std::unique_ptr<WorkflowInboundInterceptor> inbound;
  std::unique_ptr<WorkflowOutboundInterceptor> outbound;
};

// WorkflowInterceptorFactory: makes a run's interceptors, once per run, as
// the run starts (on its workflow thread: workflow::Info() is set). Given
// the interceptors to wrap (those of the factories listed after it, then
// the SDK's). Shared by every run of a worker, and called from several
// threads at once: keep per-run state in what it returns.
class WorkflowInterceptorFactory {
 public:
  virtual ~WorkflowInterceptorFactory() = default;
  virtual WorkflowInterceptors InterceptWorkflow(WorkflowInboundInterceptor& next_inbound,
                                                 WorkflowOutboundInterceptor& next_outbound) {
    (void)next_inbound;
    (void)next_outbound;
    return {};
  }
};

}  // namespace temporal::workflow

#endif  // TEMPORAL_WORKFLOW_INTERCEPTOR_H_
