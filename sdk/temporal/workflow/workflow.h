// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// temporal::workflow: what workflow code calls. Every call is deterministic:
// it issues a command the replay core checks against history, or reads
// state the activation provides (time, randomness, patches). Call these only
// from workflow code (a coroutine the worker or the Replayer runs); outside,
// they throw temporal::workflow::UsageError.
//
//   temporal::Task<std::string> Greet(std::string name) {
//     namespace wf = temporal::workflow;
//     wf::ActivityOptions options{.start_to_close_timeout = std::chrono::seconds(10)};
//     std::string greeting = co_await wf::ExecuteActivity<std::string>("ComposeGreeting", options, name);
//     co_await wf::Sleep(std::chrono::minutes(1));
//     auto approved = co_await wf::WaitSignal<bool>("approve", std::chrono::hours(48));  // optional<bool>
//     if (!approved) throw temporal::ApplicationError("not approved", "NotApproved");
//     co_return greeting;
//   }
//
// Each operation records the std::source_location of its call, which a
// non-determinism error names. Operations return lazy Tasks: the command
// is issued when the Task is first awaited (or started by WhenAll/WhenAny),
// so issue order is await order.
#ifndef TEMPORAL_WORKFLOW_WORKFLOW_H_
#define TEMPORAL_WORKFLOW_WORKFLOW_H_

#include <chrono>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <source_location>
#include <string>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

#include "temporal/common/error.h"
#include "temporal/common/memo.h"
#include "temporal/common/retry_policy.h"
#include "temporal/common/search_attributes.h"
#include "temporal/common/uuid.h"
#include "temporal/common/value.h"
#include "temporal/common/values.h"
#include "temporal/converter/function_arguments.h"
#include "temporal/workflow/cancellation_scope.h"
#include "temporal/workflow/continue_as_new.h"
#include "temporal/workflow/internal/workflow_run.h"
#include "temporal/workflow/task.h"
#include "temporal/workflow/usage_error.h"
#include "temporal/workflow/wait_condition.h"
#include "temporal/workflow/when_any.h"
#include "temporal/workflow/workflow_info.h"

namespace temporal::workflow {

using ActivityCancellationType = workflow_internal::ActivityCancellationType;
using ChildWorkflowCancellationType = workflow_internal::ChildWorkflowCancellationType;

// Named: the name of an activity, workflow or signal, and the call site
// (captured implicitly where a string converts to it).
struct Named {
  Named(const char* name, std::source_location where = std::source_location::current())
      : name(name), where(where) {}
  Named(std::string name, std::source_location where = std::source_location::current())
      : name(std::move(name)), where(where) {}
  std::string name;
  std::source_location where;
};

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

namespace detail {
inline workflow_internal::WorkflowRun& Run() { return workflow_internal::WorkflowRun::Current(); }

template <typename... Args>
temporal::api::common::v1::Payloads Encode(const Args&... args) {
  temporal::api::common::v1::Payloads out;
  if constexpr (sizeof...(Args) > 0) {
    for (auto& payload : Run().converter().ToPayloads(args...)) *out.add_payloads() = std::move(payload);
  }
  return out;
}

template <typename R>
R Decode(const temporal::api::common::v1::Payloads& payloads) {
  if constexpr (std::is_void_v<R>) {
    return;
  } else {
    if (payloads.payloads_size() == 0) return R{};
    return Run().converter().template FromPayload<R>(payloads.payloads(0));
  }
}

[[noreturn]] inline void Throw(const temporal::api::failure::v1::Failure& failure) {
  Run().converter().FromFailure(failure)->Rethrow();
  std::terminate();  // not reached: Rethrow throws
}

template <typename R>
R Resolved(const workflow_internal::Resolution& resolution) {
  if (resolution.kind != workflow_internal::Resolution::Kind::kCompleted) Throw(resolution.failure);
  return Decode<R>(resolution.result);
}
}  // namespace detail

// --- Time, randomness, info, logging ---

// Now: workflow time (the start of the current workflow task), never the clock.
inline Timestamp Now() { return detail::Run().now(); }
// IsReplaying: true while history is being replayed.
inline bool IsReplaying() { return detail::Run().replaying(); }
// Random: the run's deterministic generator (seeded from the run).
inline std::mt19937_64& Random() { return detail::Run().random(); }
// NewUuid: a deterministic version-4 UUID.
inline std::string NewUuid() { return UuidFrom(detail::Run().random()); }
inline const WorkflowInfo& Info() { return detail::Run().info(); }
// IsCancelRequested: the workflow was asked to cancel.
inline bool IsCancelRequested() { return detail::Run().cancel_requested(); }
// Log: a line to the worker's log; silent while replaying.
inline void Log(const std::string& line) { detail::Run().Log(line); }

// GetMemo: the run's memo value `key` (Info().memo, upserts included) as a
// T, or nothing when the memo has no such key. Throws ConversionError naming
// the key and T when the value cannot be read as a T.
//
//   std::optional<std::string> customer = wf::GetMemo<std::string>("customer");
template <typename T>
std::optional<T> GetMemo(const std::string& key) {
  const Memo& memo = detail::Run().info().memo;
  auto it = memo.find(key);
  if (it == memo.end()) return std::nullopt;
  try {
    return it->second.template Get<T>();
  } catch (const ConversionError& e) {
    throw ConversionError("the memo value \"" + key + "\" cannot be read as " + Demangle(typeid(T)) + ": " +
                          e.what());
  }
}

// --- Timers and conditions ---

// Sleep: a durable timer. Throws CanceledError if canceled.
inline Task<void> Sleep(Duration duration, std::source_location where = std::source_location::current()) {
  auto& run = detail::Run();
  auto timer = run.StartTimer(duration, where);
  co_await timer->done;
}

// WaitConditionFor: waits until `condition` is true (returns true) or
// `timeout` passes (returns false). The timer is canceled when the
// condition wins.
inline Task<bool> WaitConditionForShared(std::shared_ptr<std::function<bool()>> condition, Duration timeout,
                                         std::source_location where) {
  if ((*condition)()) co_return true;
  auto& run = detail::Run();
  auto timer = run.StartTimer(timeout, where);
  const uint32_t seq = run.last_seq();
  co_await WaitCondition([&] { return timer->done.settled() || (*condition)(); });
  if ((*condition)()) {
    if (!timer->done.settled()) run.CancelTimer(seq, where);
    co_return true;
  }
  co_await timer->done;  // rethrows CanceledError when the timer was canceled (its scope was)
  co_return false;
}
inline Task<bool> WaitConditionFor(std::function<bool()> condition, Duration timeout,
                                   std::source_location where = std::source_location::current()) {
  // Coroutine parameters are kept to one shared_ptr: GCC 12 can destroy a
  // by-value class parameter of a coroutine twice.
  return WaitConditionForShared(std::make_shared<std::function<bool()>>(std::move(condition)), timeout, where);
}

// --- Activities ---

namespace detail {
// The operations below are plain functions that prepare the command and
// hand it to a coroutine taking one shared_ptr: GCC 12 can destroy a
// coroutine's by-value class parameters twice (options, strings).
template <typename Command>
struct Prepared {
  Command command;
  std::source_location where;
};

template <typename R>
Task<R> AwaitActivity(std::shared_ptr<Prepared<workflow_internal::ScheduleActivityCommand>> prepared) {
  auto op = Run().ScheduleActivity(std::move(prepared->command), prepared->where);
  workflow_internal::Resolution resolution = co_await op->done;
  co_return Resolved<R>(resolution);
}

template <typename R>
Task<R> AwaitLocalActivity(std::shared_ptr<Prepared<workflow_internal::ScheduleLocalActivityCommand>> prepared) {
  for (;;) {
    auto op = Run().ScheduleLocalActivity(prepared->command, prepared->where);
    workflow_internal::LocalActivityOutcome outcome = co_await op->done;
    if (!outcome.backoff) co_return Resolved<R>(outcome.resolution);
    // The next attempt waits longer than the worker keeps a local activity
    // in memory: a durable timer, then the activity is scheduled again.
    auto backoff = Run().StartTimer(*outcome.backoff, prepared->where);
    co_await backoff->done;
    prepared->command.seq = Run().NextSeq();
    prepared->command.attempt = outcome.next_attempt;
    prepared->command.original_schedule_time = outcome.original_schedule_time;
  }
}

inline Task<void> AwaitSignalExternal(
    std::shared_ptr<Prepared<workflow_internal::SignalExternalWorkflowCommand>> prepared) {
  auto op = Run().SignalExternal(std::move(prepared->command), prepared->where);
  auto failure = co_await op->done;
  if (failure) Throw(*failure);
}

inline Task<void> AwaitCancelExternal(
    std::shared_ptr<Prepared<workflow_internal::RequestCancelExternalWorkflowCommand>> prepared) {
  auto op = Run().CancelExternal(std::move(prepared->command), prepared->where);
  auto failure = co_await op->done;
  if (failure) Throw(*failure);
}
}  // namespace detail

// ExecuteActivity: runs activity `type` with `args` and returns its result
// (R = void for none). Throws ActivityError (cause: the activity's failure,
// TimeoutError, or CanceledError).
template <typename R = void, typename... Args>
Task<R> ExecuteActivity(Named type, ActivityOptions options, const Args&... args) {
  auto& run = detail::Run();
  workflow_internal::ScheduleActivityCommand command;
  command.seq = run.NextSeq();
  auto& a = command.attributes;
  command.activity_id_generated = options.activity_id.empty();
  a.set_activity_id(options.activity_id.empty() ? std::to_string(command.seq) : options.activity_id);
  a.mutable_activity_type()->set_name(type.name);
  a.mutable_task_queue()->set_name(options.task_queue.empty() ? run.info().task_queue : options.task_queue);
  *a.mutable_input() = detail::Encode(args...);
  if (options.schedule_to_close_timeout) *a.mutable_schedule_to_close_timeout() = ToProto(*options.schedule_to_close_timeout);
  if (options.schedule_to_start_timeout) *a.mutable_schedule_to_start_timeout() = ToProto(*options.schedule_to_start_timeout);
  if (options.start_to_close_timeout) *a.mutable_start_to_close_timeout() = ToProto(*options.start_to_close_timeout);
  if (options.heartbeat_timeout) *a.mutable_heartbeat_timeout() = ToProto(*options.heartbeat_timeout);
  if (options.retry_policy) *a.mutable_retry_policy() = options.retry_policy->ToProto();
  command.cancellation_type = options.cancellation_type;
  return detail::AwaitActivity<R>(std::make_shared<detail::Prepared<workflow_internal::ScheduleActivityCommand>>(
      std::move(command), type.where));
}

// ExecuteLocalActivity: runs activity `type` in the worker's process, its
// result recorded in a marker.
template <typename R = void, typename... Args>
Task<R> ExecuteLocalActivity(Named type, ActivityOptions options, const Args&... args) {
  auto& run = detail::Run();
  workflow_internal::ScheduleLocalActivityCommand command;
  command.seq = run.NextSeq();
  command.activity_id = options.activity_id.empty() ? std::to_string(command.seq) : options.activity_id;
  command.activity_type = type.name;
  command.arguments = detail::Encode(args...);
  command.schedule_to_close_timeout = options.schedule_to_close_timeout;
  command.schedule_to_start_timeout = options.schedule_to_start_timeout;
  command.start_to_close_timeout = options.start_to_close_timeout;
  if (options.retry_policy) command.retry_policy = options.retry_policy->ToProto();
  command.cancellation_type = options.cancellation_type;
  return detail::AwaitLocalActivity<R>(
      std::make_shared<detail::Prepared<workflow_internal::ScheduleLocalActivityCommand>>(std::move(command),
                                                                                         type.where));
}

// --- Child and external workflows ---

namespace detail {
// PrepareChild: the StartChildWorkflowExecution command for `type`.
template <typename... Args>
std::shared_ptr<Prepared<workflow_internal::StartChildWorkflowCommand>> PrepareChild(
    const Named& type, const ChildWorkflowOptions& options, const Args&... args) {
  auto& run = Run();
  workflow_internal::StartChildWorkflowCommand command;
  command.seq = run.NextSeq();
  auto& a = command.attributes;
  command.workflow_id_generated = options.workflow_id.empty();
  a.set_workflow_id(options.workflow_id.empty() ? UuidFrom(run.random()) : options.workflow_id);
  a.mutable_workflow_type()->set_name(type.name);
  a.mutable_task_queue()->set_name(options.task_queue.empty() ? run.info().task_queue : options.task_queue);
  *a.mutable_input() = Encode(args...);
  if (options.execution_timeout) *a.mutable_workflow_execution_timeout() = ToProto(*options.execution_timeout);
  if (options.run_timeout) *a.mutable_workflow_run_timeout() = ToProto(*options.run_timeout);
  if (options.task_timeout) *a.mutable_workflow_task_timeout() = ToProto(*options.task_timeout);
  if (options.retry_policy) *a.mutable_retry_policy() = options.retry_policy->ToProto();
  a.set_parent_close_policy(options.parent_close_policy);
  a.set_workflow_id_reuse_policy(options.id_reuse_policy);
  a.set_cron_schedule(options.cron_schedule);
  if (!options.memo.empty()) *a.mutable_memo() = run.EncodeMemo(options.memo, "ChildWorkflowOptions.memo");
  command.cancellation_type = options.cancellation_type;
  return std::make_shared<Prepared<workflow_internal::StartChildWorkflowCommand>>(std::move(command), type.where);
}

// A started child, shared by its handles and the coroutines they make.
struct StartedChild {
  std::shared_ptr<workflow_internal::WorkflowRun::ChildOperation> operation;
  std::string workflow_id;
  std::string run_id;
  bool result_requested = false;
};

template <typename... Args>
Task<void> SignalWorkflow(const std::string& workflow_id, const std::string& run_id, bool child_workflow_only,
                          const Named& signal, const Args&... args) {
  auto& run = Run();
  workflow_internal::SignalExternalWorkflowCommand command;
  command.seq = run.NextSeq();
  auto& a = command.attributes;
  a.mutable_execution()->set_workflow_id(workflow_id);
  a.mutable_execution()->set_run_id(run_id);
  a.set_child_workflow_only(child_workflow_only);
  a.set_signal_name(signal.name);
  *a.mutable_input() = Encode(args...);
  return AwaitSignalExternal(std::make_shared<Prepared<workflow_internal::SignalExternalWorkflowCommand>>(
      std::move(command), signal.where));
}

template <typename R>
Task<R> AwaitChildResult(std::shared_ptr<StartedChild> child) {
  workflow_internal::Resolution resolution = co_await child->operation->result;
  co_return Resolved<R>(resolution);
}
}  // namespace detail

// ChildWorkflowHandle: a child workflow that has started (StartChildWorkflow).
// Copies share the child. Use it from the workflow that started the child.
//
//   wf::ChildWorkflowOptions options{.workflow_id = "ship-" + order.id};
//   wf::ChildWorkflowHandle<Receipt> child = co_await wf::StartChildWorkflow<Receipt>("Ship", options, order);
//   wf::Log("shipping in run " + child.run_id());
//   co_await child.Signal("expedite", true);
//   Receipt receipt = co_await child.Result();   // throws ChildWorkflowError if the child failed
//
// The child belongs to the cancellation scope StartChildWorkflow was called
// in: canceling that scope (or calling Cancel) asks the child to cancel, as
// its options' cancellation_type says, and Result reports how it ended.
template <typename R = void>
class ChildWorkflowHandle {
 public:
  // For the SDK (StartChildWorkflow makes handles).
  explicit ChildWorkflowHandle(std::shared_ptr<detail::StartedChild> child) : child_(std::move(child)) {}

  // The child's workflow id and the run id it started with.
  const std::string& workflow_id() const { return child_->workflow_id; }
  const std::string& run_id() const { return child_->run_id; }

  // Result: the child's result, once it closes. Throws ChildWorkflowError
  // (cause: the child's failure, TimeoutError, CanceledError, TerminatedError).
  // One Result per child: a second call throws UsageError.
  Task<R> Result() const {
    if (child_->result_requested) {
      throw UsageError("ChildWorkflowHandle::Result() was already called for child workflow \"" +
                       child_->workflow_id + "\": await one Result and keep its value");
    }
    child_->result_requested = true;
    return detail::AwaitChildResult<R>(child_);
  }

  // Signal: sends signal `signal` with `args` to the child, and returns once
  // the server delivered it: a SignalExternalWorkflowExecution flagged
  // child_workflow_only (the server delivers it only to a child of this
  // workflow), addressed by workflow id, as sdk-core and Go do. Throws
  // ApplicationError (type "ExternalWorkflowExecutionNotFound") when the
  // child has closed.
  template <typename... Args>
  Task<void> Signal(Named signal, const Args&... args) const {
    return detail::SignalWorkflow(child_->workflow_id, /*run_id=*/"", /*child_workflow_only=*/true, signal,
                                  args...);
  }

  // Cancel: asks the child to cancel (RequestCancelExternalWorkflowExecution),
  // as its options' cancellation_type says; Result then reports how it ended.
  // Nothing happens once the child has closed, or on a second call.
  void Cancel(std::source_location where = std::source_location::current()) const {
    detail::Run().CancelChildWorkflow(child_->operation->seq, where);
  }

 private:
  std::shared_ptr<detail::StartedChild> child_;
};

namespace detail {
template <typename R>
Task<ChildWorkflowHandle<R>> AwaitChildStart(
    std::shared_ptr<Prepared<workflow_internal::StartChildWorkflowCommand>> prepared) {
  auto child = std::make_shared<StartedChild>();
  child->workflow_id = prepared->command.attributes.workflow_id();
  child->operation = Run().StartChildWorkflow(std::move(prepared->command), prepared->where);
  workflow_internal::ResolveChildStartJob started = co_await child->operation->started;
  if (started.kind != workflow_internal::ResolveChildStartJob::Kind::kStarted) Throw(started.failure);
  child->run_id = started.run_id;
  // Replaying another SDK's history, a generated id is the recorded one.
  if (!started.workflow_id.empty()) child->workflow_id = started.workflow_id;
  co_return ChildWorkflowHandle<R>(std::move(child));
}

template <typename R>
Task<R> AwaitChild(std::shared_ptr<Prepared<workflow_internal::StartChildWorkflowCommand>> prepared) {
  // Tasks are named rather than awaited as temporaries (GCC 12, docs/adr/0009).
  Task<ChildWorkflowHandle<R>> starting = AwaitChildStart<R>(std::move(prepared));
  ChildWorkflowHandle<R> child = co_await starting;
  Task<R> result = child.Result();
  if constexpr (std::is_void_v<R>) {
    co_await result;
  } else {
    co_return co_await result;
  }
}
}  // namespace detail

// StartChildWorkflow: starts child workflow `type` with `args` and returns
// its handle once the child has started (R: the child's result type).
// Throws ChildWorkflowError when the child cannot start, its cause saying
// why: an ApplicationError of type "WorkflowAlreadyExists" when a workflow
// with its id is running, a CanceledError when its scope was canceled first.
template <typename R = void, typename... Args>
Task<ChildWorkflowHandle<R>> StartChildWorkflow(Named type, ChildWorkflowOptions options, const Args&... args) {
  return detail::AwaitChildStart<R>(detail::PrepareChild(type, options, args...));
}

// ExecuteChildWorkflow: starts child workflow `type` and returns its
// result: StartChildWorkflow, then Result. Throws ChildWorkflowError.
template <typename R = void, typename... Args>
Task<R> ExecuteChildWorkflow(Named type, ChildWorkflowOptions options, const Args&... args) {
  return detail::AwaitChild<R>(detail::PrepareChild(type, options, args...));
}

// SignalExternalWorkflow: signals another workflow (run_id empty: its current run).
template <typename... Args>
Task<void> SignalExternalWorkflow(const std::string& workflow_id, const std::string& run_id, Named signal,
                                  const Args&... args) {
  return detail::SignalWorkflow(workflow_id, run_id, /*child_workflow_only=*/false, signal, args...);
}

// CancelExternalWorkflow: asks another workflow to cancel.
inline Task<void> CancelExternalWorkflow(const std::string& workflow_id, const std::string& run_id = "",
                                         std::source_location where = std::source_location::current()) {
  auto& run = detail::Run();
  workflow_internal::RequestCancelExternalWorkflowCommand command;
  command.seq = run.NextSeq();
  auto& a = command.attributes;
  a.set_workflow_id(workflow_id);
  a.set_run_id(run_id);
  return detail::AwaitCancelExternal(
      std::make_shared<detail::Prepared<workflow_internal::RequestCancelExternalWorkflowCommand>>(
          std::move(command), where));
}

// --- Continue-as-new ---

// ContinueAsNew: ends this run; a new run of the workflow starts with `args`.
template <typename... Args>
[[noreturn]] void ContinueAsNewWith(ContinueAsNewOptions options, std::source_location where, Args... args) {
  temporal::api::command::v1::ContinueAsNewWorkflowExecutionCommandAttributes a;
  a.mutable_workflow_type()->set_name(options.workflow_type);
  a.mutable_task_queue()->set_name(options.task_queue);
  *a.mutable_input() = detail::Encode(args...);
  if (options.run_timeout) *a.mutable_workflow_run_timeout() = ToProto(*options.run_timeout);
  if (options.task_timeout) *a.mutable_workflow_task_timeout() = ToProto(*options.task_timeout);
  if (!options.memo.empty()) {
    *a.mutable_memo() = detail::Run().EncodeMemo(options.memo, "ContinueAsNewOptions.memo");
  }
  throw ContinueAsNewError(std::move(a), where);
}
template <typename... Args>
[[noreturn]] void ContinueAsNew(Args... args) {
  ContinueAsNewWith(ContinueAsNewOptions{}, std::source_location::current(), args...);
}

// --- Side effects and patches ---

// SideEffect: runs `function` once and records its result; replay reads the
// recorded result back instead of calling it.
namespace detail {
template <typename T>
Task<T> AwaitSideEffect(std::shared_ptr<Prepared<temporal::api::common::v1::Payloads>> prepared) {
  auto op = Run().SideEffect(std::move(prepared->command), prepared->where);
  temporal::api::common::v1::Payloads recorded = co_await op->done;
  co_return Decode<T>(recorded);
}
}  // namespace detail

template <typename T, typename F>
Task<T> SideEffect(F function, std::source_location where = std::source_location::current()) {
  temporal::api::common::v1::Payloads value;
  if (!detail::Run().replaying()) value = detail::Encode(T(function()));
  return detail::AwaitSideEffect<T>(
      std::make_shared<detail::Prepared<temporal::api::common::v1::Payloads>>(std::move(value), where));
}

// Patched: true when this run executes the code after `patch_id` was
// added (new runs, and replays of runs that recorded the patch).
inline bool Patched(const std::string& patch_id, std::source_location where = std::source_location::current()) {
  return detail::Run().Patched(patch_id, /*deprecated=*/false, where);
}
// DeprecatePatch: the old code path is gone; keeps old histories replaying.
inline void DeprecatePatch(const std::string& patch_id,
                           std::source_location where = std::source_location::current()) {
  detail::Run().Patched(patch_id, /*deprecated=*/true, where);
}

// --- Search attributes and memo ---

inline void UpsertSearchAttributes(const SearchAttributes& attributes,
                                   std::source_location where = std::source_location::current()) {
  workflow_internal::UpsertSearchAttributesCommand command;
  command.search_attributes = attributes.ToProto();
  detail::Run().Issue(std::move(command), where);
}

// UpsertMemo: adds or replaces memo values (one command for all of them);
// a null value (nullptr, an empty std::optional) removes its key. Info().memo
// and GetMemo see the change at once.
inline void UpsertMemo(const Memo& memo, std::source_location where = std::source_location::current()) {
  detail::Run().UpsertMemo(memo, where);
}
template <typename T>
void UpsertMemo(const std::string& key, const T& value,
                std::source_location where = std::source_location::current()) {
  detail::Run().UpsertMemo(Memo{{key, Values::Of(value)}}, where);
}

// --- Signals, queries, updates ---

namespace detail {
// DecodeArgs: a handler's arguments from its payloads; missing trailing
// ones are default-constructed.
template <typename... Args>
std::tuple<std::decay_t<Args>...> DecodeArgs(const temporal::api::common::v1::Payloads& input) {
  return converter_internal::DecodeArguments<std::tuple<std::decay_t<Args>...>>(Run().converter(), input);
}
}  // namespace detail

// SetSignalHandler: `handler(args...)` runs for each signal `name` (returns
// void or Task<void>). Signals that came before the handler are delivered now.
template <typename... Args, typename F>
void SetSignalHandler(const std::string& name, F handler) {
  detail::Run().SetSignalHandler(
      name, [handler](const temporal::api::common::v1::Payloads& input) -> Task<void> {
        auto args = detail::DecodeArgs<Args...>(input);
        if constexpr (std::is_same_v<decltype(std::apply(handler, args)), Task<void>>) {
          co_await std::apply(handler, std::move(args));
        } else {
          std::apply(handler, std::move(args));
        }
      });
}

// WaitSignal: the next signal `name` with one argument, or nothing when
// `timeout` passes first. The signal must have no handler.
namespace detail {
template <typename T>
Task<std::optional<T>> AwaitSignal(std::shared_ptr<Prepared<std::string>> name, std::optional<Duration> timeout) {
  auto& buffer = Run().SignalBuffer(name->command);
  bool arrived = true;
  if (buffer.empty()) {
    if (timeout) {
      arrived = co_await WaitConditionFor([&buffer] { return !buffer.empty(); }, *timeout, name->where);
    } else {
      co_await WaitCondition([&buffer] { return !buffer.empty(); });
    }
  }
  if (!arrived) co_return std::nullopt;
  temporal::api::common::v1::Payloads input = std::move(buffer.front());
  buffer.pop_front();
  co_return Decode<T>(input);
}
}  // namespace detail

template <typename T>
Task<std::optional<T>> WaitSignal(const std::string& name, std::optional<Duration> timeout = std::nullopt,
                                  std::source_location where = std::source_location::current()) {
  return detail::AwaitSignal<T>(std::make_shared<detail::Prepared<std::string>>(name, where), timeout);
}

// SetQueryHandler: `handler(args...)` answers query `name`; it must not
// change workflow state or issue commands.
template <typename... Args, typename F>
void SetQueryHandler(const std::string& name, F handler) {
  detail::Run().SetQueryHandler(name, [handler](const temporal::api::common::v1::Payloads& input) {
    auto args = detail::DecodeArgs<Args...>(input);
    using R = decltype(std::apply(handler, args));
    if constexpr (std::is_void_v<R>) {
      std::apply(handler, std::move(args));
      return temporal::api::common::v1::Payloads{};
    } else {
      return detail::Encode(std::apply(handler, std::move(args)));
    }
  });
}

// SetUpdateHandler: `handler(args...)` (returning R or Task<R>) runs for
// each accepted update `name`; `validator(args...)` (optional) runs first,
// only the first time (not on replay), and rejects the update by throwing.
template <typename... Args, typename F, typename V = std::nullptr_t>
void SetUpdateHandler(const std::string& name, F handler, V validator = nullptr) {
  auto decode = [](const temporal::api::common::v1::Payloads& input) { return detail::DecodeArgs<Args...>(input); };
  workflow_internal::WorkflowRun::UpdateHandler entry;
  if constexpr (!std::is_same_v<V, std::nullptr_t>) {
    entry.validator = [validator, decode](const temporal::api::common::v1::Payloads& input) {
      std::apply(validator, decode(input));
    };
  }
  entry.handler = [handler, decode](const temporal::api::common::v1::Payloads& input)
      -> Task<temporal::api::common::v1::Payloads> {
    auto args = decode(input);
    using R = decltype(std::apply(handler, args));
    if constexpr (workflow_internal::IsTask<R>::value) {
      using Inner = typename R::promise_type;
      if constexpr (std::is_same_v<R, Task<void>>) {
        co_await std::apply(handler, std::move(args));
        co_return temporal::api::common::v1::Payloads{};
      } else {
        (void)sizeof(Inner);
        auto result = co_await std::apply(handler, std::move(args));
        co_return detail::Encode(result);
      }
    } else if constexpr (std::is_void_v<R>) {
      std::apply(handler, std::move(args));
      co_return temporal::api::common::v1::Payloads{};
    } else {
      co_return detail::Encode(std::apply(handler, std::move(args)));
    }
  };
  detail::Run().SetUpdateHandler(name, std::move(entry));
}

}  // namespace temporal::workflow

#endif  // TEMPORAL_WORKFLOW_WORKFLOW_H_
