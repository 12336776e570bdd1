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
// so issue order is await order. Operations and what arrives (signals,
// queries, updates) pass through the run's interceptors (interceptor.h).
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
#include "temporal/workflow/interceptor.h"
#include "temporal/workflow/internal/await_temporaries.h"
#include "temporal/workflow/internal/workflow_run.h"
#include "temporal/workflow/operation_options.h"
#include "temporal/workflow/task.h"
#include "temporal/workflow/usage_error.h"
#include "temporal/workflow/wait_condition.h"
#include "temporal/workflow/when_any.h"
#include "temporal/workflow/workflow_info.h"

namespace temporal::workflow {

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

namespace detail {
// The operations below are plain functions that prepare the call's input
// and hand it to a coroutine taking one shared_ptr (GCC 12 can destroy a
// coroutine's by-value class parameters twice: options, strings). The
// coroutine passes the input through the run's outbound interceptors
// (interceptor.h), whose innermost one issues the command, when it is first
// awaited.
// (Sleep's parameters are trivially copyable, which GCC 12 copies right:
// its input lives in the frame, without an allocation of its own.)
inline Task<void> AwaitTimer(Duration duration, std::source_location where) {
  StartTimerInput input{.duration = duration, .where = where};
  Task<void> timer = Run().outbound().StartTimer(input);
  co_await timer;
}
}  // namespace detail

// Sleep: a durable timer. Throws CanceledError if canceled.
inline Task<void> Sleep(Duration duration, std::source_location where = std::source_location::current()) {
  return detail::AwaitTimer(duration, where);
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
template <typename F>
Task<bool> WaitConditionFor(F&& condition, Duration timeout,
                            std::source_location where = std::source_location::current()) {
  workflow_internal::RejectInlineCallable<F>();
  // Coroutine parameters are kept to one shared_ptr: GCC 12 can destroy a
  // by-value class parameter of a coroutine twice.
  return WaitConditionForShared(std::make_shared<std::function<bool()>>(std::forward<F>(condition)), timeout,
                                where);
}

// --- Activities ---

namespace detail {
template <typename R>
Task<R> AwaitActivity(std::shared_ptr<ExecuteActivityInput> input) {
  Task<temporal::api::common::v1::Payloads> executing = Run().outbound().ExecuteActivity(*input);
  temporal::api::common::v1::Payloads result = co_await executing;
  co_return Decode<R>(result);
}

template <typename R>
Task<R> AwaitLocalActivity(std::shared_ptr<ExecuteLocalActivityInput> input) {
  Task<temporal::api::common::v1::Payloads> executing = Run().outbound().ExecuteLocalActivity(*input);
  temporal::api::common::v1::Payloads result = co_await executing;
  co_return Decode<R>(result);
}

inline Task<void> AwaitSignalExternal(std::shared_ptr<SignalExternalWorkflowInput> input) {
  Task<void> signaling = Run().outbound().SignalExternalWorkflow(*input);
  co_await signaling;
}

inline Task<void> AwaitCancelExternal(std::shared_ptr<CancelExternalWorkflowInput> input) {
  Task<void> canceling = Run().outbound().CancelExternalWorkflow(*input);
  co_await canceling;
}
}  // namespace detail

// ExecuteActivity: runs activity `type` with `args` and returns its result
// (R = void for none). Throws ActivityError (cause: the activity's failure,
// TimeoutError, or CanceledError).
//
// Pass options as a named variable: with GCC 12, options written inside the
// co_await do not compile (internal/await_temporaries.h).
template <typename R = void, typename... Args>
Task<R> ExecuteActivity(Named type, const ActivityOptions& options, Args&&... args) {
  workflow_internal::RejectBracedTemporaries<Args...>();
  auto input = std::make_shared<ExecuteActivityInput>();
  // The sequence number (and the id made from it) is the call's, not the
  // await's: ids stay the same whatever order Tasks are awaited in.
  input->seq = detail::Run().NextSeq();
  input->options = options;
  input->activity_id_generated = options.activity_id.empty();
  if (input->activity_id_generated) input->options.activity_id = std::to_string(input->seq);
  input->activity_type = std::move(type.name);
  input->args = detail::Encode(args...);
  input->where = type.where;
  return detail::AwaitActivity<R>(std::move(input));
}
template <typename R = void, typename... Args>
Task<R> ExecuteActivity(Named type, ActivityOptions&& options, Args&&... args) {
  workflow_internal::RejectBracedTemporaries<ActivityOptions>();
  return ExecuteActivity<R>(std::move(type), static_cast<const ActivityOptions&>(options), std::forward<Args>(args)...);
}

// ExecuteLocalActivity: runs activity `type` in the worker's process, its
// result recorded in a marker.
template <typename R = void, typename... Args>
Task<R> ExecuteLocalActivity(Named type, const ActivityOptions& options, Args&&... args) {
  workflow_internal::RejectBracedTemporaries<Args...>();
  auto input = std::make_shared<ExecuteLocalActivityInput>();
  input->seq = detail::Run().NextSeq();
  input->options = options;
  if (options.activity_id.empty()) input->options.activity_id = std::to_string(input->seq);
  input->activity_type = std::move(type.name);
  input->args = detail::Encode(args...);
  input->where = type.where;
  return detail::AwaitLocalActivity<R>(std::move(input));
}
template <typename R = void, typename... Args>
Task<R> ExecuteLocalActivity(Named type, ActivityOptions&& options, Args&&... args) {
  workflow_internal::RejectBracedTemporaries<ActivityOptions>();
  return ExecuteLocalActivity<R>(std::move(type), static_cast<const ActivityOptions&>(options),
                                 std::forward<Args>(args)...);
}

// --- Child and external workflows ---

namespace detail {
// PrepareChild: the input of StartChildWorkflow for `type`. The generated
// workflow id is drawn from the run's random generator at the call.
template <typename... Args>
std::shared_ptr<StartChildWorkflowInput> PrepareChild(const Named& type, ChildWorkflowOptions options,
                                                      const Args&... args) {
  auto& run = Run();
  auto input = std::make_shared<StartChildWorkflowInput>();
  input->seq = run.NextSeq();
  input->workflow_id_generated = options.workflow_id.empty();
  if (input->workflow_id_generated) options.workflow_id = UuidFrom(run.random());
  input->workflow_type = type.name;
  input->options = std::move(options);
  input->args = Encode(args...);
  input->where = type.where;
  return input;
}

template <typename... Args>
Task<void> SignalWorkflow(const std::string& workflow_id, const std::string& run_id, bool child_workflow_only,
                          const Named& signal, const Args&... args) {
  auto input = std::make_shared<SignalExternalWorkflowInput>();
  input->seq = Run().NextSeq();
  input->workflow_id = workflow_id;
  input->run_id = run_id;
  input->child_workflow_only = child_workflow_only;
  input->signal_name = signal.name;
  input->args = Encode(args...);
  input->where = signal.where;
  return AwaitSignalExternal(std::move(input));
}

template <typename R>
Task<R> AwaitChildResult(std::shared_ptr<StartedChildWorkflow> child) {
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
  explicit ChildWorkflowHandle(std::shared_ptr<StartedChildWorkflow> child) : child_(std::move(child)) {}

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
  Task<void> Signal(Named signal, Args&&... args) const {
    workflow_internal::RejectBracedTemporaries<Args...>();
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
  std::shared_ptr<StartedChildWorkflow> child_;
};

namespace detail {
template <typename R>
Task<ChildWorkflowHandle<R>> AwaitChildStart(std::shared_ptr<StartChildWorkflowInput> input) {
  Task<std::shared_ptr<StartedChildWorkflow>> starting = Run().outbound().StartChildWorkflow(*input);
  std::shared_ptr<StartedChildWorkflow> child = co_await starting;
  co_return ChildWorkflowHandle<R>(std::move(child));
}

template <typename R>
Task<R> AwaitChild(std::shared_ptr<StartChildWorkflowInput> input) {
  // Tasks are named rather than awaited as temporaries (GCC 12, docs/adr/0009).
  Task<ChildWorkflowHandle<R>> starting = AwaitChildStart<R>(std::move(input));
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
Task<ChildWorkflowHandle<R>> StartChildWorkflow(Named type, const ChildWorkflowOptions& options, Args&&... args) {
  workflow_internal::RejectBracedTemporaries<Args...>();
  return detail::AwaitChildStart<R>(detail::PrepareChild(type, options, args...));
}
template <typename R = void, typename... Args>
Task<ChildWorkflowHandle<R>> StartChildWorkflow(Named type, ChildWorkflowOptions&& options, Args&&... args) {
  workflow_internal::RejectBracedTemporaries<ChildWorkflowOptions>();
  return StartChildWorkflow<R>(std::move(type), static_cast<const ChildWorkflowOptions&>(options),
                               std::forward<Args>(args)...);
}

// ExecuteChildWorkflow: starts child workflow `type` and returns its
// result: StartChildWorkflow, then Result. Throws ChildWorkflowError.
template <typename R = void, typename... Args>
Task<R> ExecuteChildWorkflow(Named type, const ChildWorkflowOptions& options, Args&&... args) {
  workflow_internal::RejectBracedTemporaries<Args...>();
  return detail::AwaitChild<R>(detail::PrepareChild(type, options, args...));
}
template <typename R = void, typename... Args>
Task<R> ExecuteChildWorkflow(Named type, ChildWorkflowOptions&& options, Args&&... args) {
  workflow_internal::RejectBracedTemporaries<ChildWorkflowOptions>();
  return ExecuteChildWorkflow<R>(std::move(type), static_cast<const ChildWorkflowOptions&>(options),
                                 std::forward<Args>(args)...);
}

// SignalExternalWorkflow: signals another workflow (run_id empty: its current run).
template <typename... Args>
Task<void> SignalExternalWorkflow(const std::string& workflow_id, const std::string& run_id, Named signal,
                                  Args&&... args) {
  workflow_internal::RejectBracedTemporaries<Args...>();
  return detail::SignalWorkflow(workflow_id, run_id, /*child_workflow_only=*/false, signal, args...);
}

// CancelExternalWorkflow: asks another workflow to cancel.
inline Task<void> CancelExternalWorkflow(const std::string& workflow_id, const std::string& run_id = "",
                                         std::source_location where = std::source_location::current()) {
  auto input = std::make_shared<CancelExternalWorkflowInput>();
  input->seq = detail::Run().NextSeq();
  input->workflow_id = workflow_id;
  input->run_id = run_id;
  input->where = where;
  return detail::AwaitCancelExternal(std::move(input));
}

// --- Continue-as-new ---

// ContinueAsNew: ends this run; a new run of the workflow starts with `args`.
template <typename... Args>
[[noreturn]] void ContinueAsNewWith(ContinueAsNewOptions options, std::source_location where, Args... args) {
  ContinueAsNewInput input{.options = std::move(options), .args = detail::Encode(args...), .header = {}, .where = where};
  detail::Run().outbound().ContinueAsNew(input);  // throws ContinueAsNewError
  throw UsageError("an outbound interceptor's ContinueAsNew returned: it must call next (which throws "
                   "ContinueAsNewError) or throw");
}
template <typename... Args>
[[noreturn]] void ContinueAsNew(Args... args) {
  ContinueAsNewWith(ContinueAsNewOptions{}, std::source_location::current(), args...);
}

// --- Side effects and patches ---

// SideEffect: runs `function` once and records its result; replay reads the
// recorded result back instead of calling it. `function` runs when the
// SideEffect is first awaited.
namespace detail {
template <typename T>
Task<T> AwaitSideEffect(std::shared_ptr<SideEffectInput> input) {
  Task<temporal::api::common::v1::Payloads> recording = Run().outbound().SideEffect(*input);
  temporal::api::common::v1::Payloads recorded = co_await recording;
  co_return Decode<T>(recorded);
}
}  // namespace detail

template <typename T, typename F>
Task<T> SideEffect(F&& function, std::source_location where = std::source_location::current()) {
  workflow_internal::RejectInlineCallable<F>();
  auto shared = std::make_shared<std::decay_t<F>>(std::forward<F>(function));  // a std::function must be copyable; F need not be
  auto input = std::make_shared<SideEffectInput>();
  input->function = [shared] { return detail::Encode(T((*shared)())); };
  input->where = where;
  return detail::AwaitSideEffect<T>(std::move(input));
}

// Patched: true when this run executes the code after `patch_id` was
// added (new runs, and replays of runs that recorded the patch).
inline bool Patched(const std::string& patch_id, std::source_location where = std::source_location::current()) {
  PatchInput input{.patch_id = patch_id, .deprecated = false, .where = where};
  return detail::Run().outbound().Patched(input);
}
// DeprecatePatch: the old code path is gone; keeps old histories replaying.
inline void DeprecatePatch(const std::string& patch_id,
                           std::source_location where = std::source_location::current()) {
  PatchInput input{.patch_id = patch_id, .deprecated = true, .where = where};
  detail::Run().outbound().Patched(input);
}

// --- Search attributes and memo ---

inline void UpsertSearchAttributes(const SearchAttributes& attributes,
                                   std::source_location where = std::source_location::current()) {
  UpsertSearchAttributesInput input{.attributes = attributes, .where = where};
  detail::Run().outbound().UpsertSearchAttributes(input);
}

// UpsertMemo: adds or replaces memo values (one command for all of them);
// a null value (nullptr, an empty std::optional) removes its key. Info().memo
// and GetMemo see the change at once.
inline void UpsertMemo(const Memo& memo, std::source_location where = std::source_location::current()) {
  UpsertMemoInput input{.memo = memo, .where = where};
  detail::Run().outbound().UpsertMemo(input);
}
template <typename T>
void UpsertMemo(const std::string& key, const T& value,
                std::source_location where = std::source_location::current()) {
  UpsertMemo(Memo{{key, Values::Of(value)}}, where);
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
struct SignalWait {
  std::string name;
  std::optional<Duration> timeout;
  std::source_location where;
};

template <typename T>
Task<std::optional<T>> AwaitSignal(std::shared_ptr<SignalWait> wait) {
  auto& buffer = Run().SignalBuffer(wait->name);
  const Timestamp deadline = Run().now() + wait->timeout.value_or(Duration::zero());
  Duration timeout = wait->timeout.value_or(Duration::zero());
  for (;;) {
    if (buffer.empty()) {
      if (wait->timeout) {
        Task<bool> waiting = WaitConditionFor([&buffer] { return !buffer.empty(); }, timeout, wait->where);
        if (!co_await waiting) co_return std::nullopt;
      } else {
        co_await WaitCondition([&buffer] { return !buffer.empty(); });
      }
    }
    // The signal goes through the inbound interceptors (if there are any:
    // without, it is delivered), which may drop it: then the wait goes on,
    // for what is left of the timeout.
    HandleSignalInput input;
    input.signal_name = wait->name;
    input.args = std::move(buffer.front().input);
    input.header = std::move(buffer.front().header);
    buffer.pop_front();
    if (!Run().inbound_intercepted()) co_return Decode<T>(input.args);
    Task<void> handling = Run().inbound().HandleSignal(input);
    co_await handling;
    if (input.delivered) co_return Decode<T>(input.args);
    if (wait->timeout) {
      timeout = deadline - Run().now();
      if (timeout <= Duration::zero()) co_return std::nullopt;
    }
  }
}
}  // namespace detail

template <typename T>
Task<std::optional<T>> WaitSignal(const std::string& name, std::optional<Duration> timeout = std::nullopt,
                                  std::source_location where = std::source_location::current()) {
  return detail::AwaitSignal<T>(
      std::make_shared<detail::SignalWait>(detail::SignalWait{.name = name, .timeout = timeout, .where = where}));
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
