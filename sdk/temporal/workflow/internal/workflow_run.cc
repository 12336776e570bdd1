// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/workflow_run.h"

#include <utility>

#include "temporal/common/error.h"
#include "temporal/common/failure.h"
#include "temporal/converter/encoding_converter.h"
#include "temporal/workflow/continue_as_new.h"
#include "temporal/workflow/interceptor.h"
#include "temporal/workflow/internal/root_interceptors.h"
#include "temporal/workflow/usage_error.h"

namespace temporal::workflow_internal {
namespace {
namespace enums = temporal::api::enums::v1;
using temporal::api::common::v1::Payload;
using temporal::api::common::v1::Payloads;
using temporal::api::failure::v1::Failure;

thread_local WorkflowRun* current_run = nullptr;

// Sets Current() for the duration of an activation; no coroutine runs yet,
// so no cancellation scope is current either.
class CurrentRunScope {
 public:
  explicit CurrentRunScope(WorkflowRun* run)
      : previous_(std::exchange(current_run, run)), previous_scope_(RunningScope()) {
    SetRunningScope(nullptr);
  }
  ~CurrentRunScope() {
    current_run = previous_;
    SetRunningScope(previous_scope_);
  }

 private:
  WorkflowRun* previous_;
  workflow::CancellationScope* previous_scope_;
};

// Marks code that must not issue commands (query handlers, validators).
class ReadOnlyScope {
 public:
  ReadOnlyScope(const char*& flag, const char* what) : flag_(flag), previous_(std::exchange(flag, what)) {}
  ~ReadOnlyScope() { flag_ = previous_; }

 private:
  const char*& flag_;
  const char* previous_;
};

Failure CanceledFailure(const std::string& message) {
  Failure failure;
  failure.set_message(message);
  failure.mutable_canceled_failure_info();
  return failure;
}

bool IsCancellation(const FailureError& error) {
  if (dynamic_cast<const CanceledError*>(&error) != nullptr) return true;
  if (dynamic_cast<const ActivityError*>(&error) != nullptr ||
      dynamic_cast<const ChildWorkflowError*>(&error) != nullptr) {
    return error.cause() != nullptr && dynamic_cast<const CanceledError*>(error.cause()) != nullptr;
  }
  return false;
}

// A memo value that removes its key when upserted (the server's rule).
bool IsNullPayload(const Payload& payload) {
  auto it = payload.metadata().find(std::string(converter::kMetadataEncoding));
  return it != payload.metadata().end() && it->second == converter::kEncodingNull;
}

// The one payload a memo entry converts to (not yet through the codecs).
Payload ConvertMemoValue(const converter::DataConverter& converter, const std::string& key,
                         const Values& values, const std::string& what) {
  if (values.size() != 1) {
    throw InvalidArgumentError(what + "[\"" + key + "\"] must hold one value, not " +
                               std::to_string(values.size()));
  }
  return std::move(values.ToPayloads(*converter.payload_converter).front());
}

std::optional<Duration> OptionalDuration(const google::protobuf::Duration& d, bool present) {
  if (!present) return std::nullopt;
  return FromProto(d);
}
}  // namespace

WorkflowRun::WorkflowRun(std::shared_ptr<const workflow::WorkflowDefinition> definition,
                         converter::DataConverter converter, Options options)
    : definition_(std::move(definition)),
      converter_(std::move(converter)),
      options_(std::move(options)),
      root_scope_(workflow::CancellationScope::MakeRoot(*this)),
      root_inbound_(std::make_unique<RootInboundInterceptor>(*this)),
      root_outbound_(std::make_unique<RootOutboundInterceptor>(*this)),
      inbound_(root_inbound_.get()),
      outbound_(root_outbound_.get()) {
  info_.workflow_id = options_.workflow_id;
  info_.namespace_name = options_.namespace_name;
}

WorkflowRun::~WorkflowRun() {
  CurrentRunScope scope(this);
  scheduler_.Teardown();
}

WorkflowRun& WorkflowRun::Current() {
  if (current_run == nullptr) {
    throw workflow::UsageError(
        "this temporal::workflow call works only inside workflow code (a coroutine run by a worker "
        "or a replayer)");
  }
  return *current_run;
}

WorkflowRun* WorkflowRun::CurrentOrNull() { return current_run; }

void WorkflowRun::Log(const std::string& line) {
  if (replaying_) return;
  if (options_.log_sink) options_.log_sink(line);
}

void WorkflowRun::Issue(WorkflowCommandVariant command, std::source_location where) {
  if (read_only_) {
    // A query is answered from state (even of a closed workflow) and is not
    // part of the history; an update validator runs only the first time.
    // Neither may change what the workflow does.
    throw workflow::UsageError(std::string(read_only_) +
                               " must not change the workflow, but it issued a command at " + where.file_name() +
                               ":" + std::to_string(where.line()));
  }
  if (closed_) return;  // nothing follows the workflow's close command
  commands_.push_back({std::move(command), where});
}

Completion WorkflowRun::Activate(const Activation& activation) {
  CurrentRunScope scope(this);
  now_ = std::max(now_, activation.now);
  replaying_ = activation.is_replaying;
  info_.run_id = activation.run_id;
  info_.history_length = activation.history_length;
  info_.history_size_bytes = activation.history_size_bytes;
  info_.continue_as_new_suggested = activation.continue_as_new_suggested;

  std::vector<const QueryWorkflowJob*> queries;
  try {
    for (const Job& job : activation.jobs) {
      if (const auto* query = std::get_if<QueryWorkflowJob>(&job)) {
        queries.push_back(query);  // answered once the other jobs have run
        continue;
      }
      ApplyJob(job);
    }
    scheduler_.RunUntilQuiescent();
    RejectUpdatesWithoutHandler();
  } catch (...) {
    OnWorkflowException(std::current_exception());
  }

  for (const QueryWorkflowJob* query : queries) {
    QueryAnswer answer;
    answer.query_id = query->query_id;
    workflow::HandleQueryInput input{.query_id = query->query_id,
                                     .query_type = query->query_type,
                                     .args = query->arguments,
                                     .header = HeaderFromProto(query->header)};
    try {
      // Unknown query types too go through the interceptors; the innermost
      // one fails them with UnknownQueryType.
      ReadOnlyScope read_only(read_only_, "a query handler");
      answer.result = inbound_->HandleQuery(input);
    } catch (...) {
      answer.failure = converter_.ToFailure(std::current_exception());
    }
    query_answers_.push_back(std::move(answer));
  }

  Completion completion;
  if (task_failure_) {
    completion.task_failure = std::exchange(task_failure_, std::nullopt);
    commands_.clear();
  } else {
    completion.commands = std::exchange(commands_, {});
  }
  completion.query_answers = std::exchange(query_answers_, {});
  return completion;
}

void WorkflowRun::OnWorkflowException(std::exception_ptr error) {
  // An exception that escaped the scheduler (not from the main coroutine,
  // which handles its own): the task fails, and is retried.
  task_failure_ = converter_.ToFailure(error);
}

void WorkflowRun::ApplyJob(const Job& job) {
  std::visit(
      [&](const auto& j) {
        using T = std::decay_t<decltype(j)>;
        if constexpr (std::is_same_v<T, InitializeWorkflowJob>) {
          const auto& a = j.attributes;
          random_.seed(j.randomness_seed);
          info_.workflow_type = a.workflow_type().name();
          info_.task_queue = a.task_queue().name();
          info_.attempt = a.attempt();
          info_.first_execution_run_id = a.first_execution_run_id();
          info_.continued_from_run_id = a.continued_execution_run_id();
          info_.cron_schedule = a.cron_schedule();
          info_.execution_timeout =
              OptionalDuration(a.workflow_execution_timeout(), a.has_workflow_execution_timeout());
          info_.run_timeout = OptionalDuration(a.workflow_run_timeout(), a.has_workflow_run_timeout());
          info_.task_timeout = OptionalDuration(a.workflow_task_timeout(), a.has_workflow_task_timeout());
          info_.start_time = now_;
          info_.parent_workflow_id = a.parent_workflow_execution().workflow_id();
          info_.parent_run_id = a.parent_workflow_execution().run_id();
          info_.memo.clear();
          for (const auto& [key, payload] : a.memo().fields()) {
            std::vector<Payload> decoded = {payload};
            converter_.Decode(decoded);  // the codecs, as for every payload the run receives
            info_.memo[key] = Values::FromPayloads(std::move(decoded), converter_.payload_converter);
          }
          if (!j.workflow_id.empty()) info_.workflow_id = j.workflow_id;
          MakeInterceptors();
          SpawnInRootScope(RunMain(std::make_shared<workflow::ExecuteWorkflowInput>(workflow::ExecuteWorkflowInput{
              .workflow_type = info_.workflow_type, .args = a.input(), .header = HeaderFromProto(a.header())})));
        } else if constexpr (std::is_same_v<T, FireTimerJob>) {
          if (auto it = timers_.find(j.seq); it != timers_.end()) {
            if (!it->second->done.settled()) it->second->done.Resolve();
            timers_.erase(it);
          }
        } else if constexpr (std::is_same_v<T, ResolveActivityJob>) {
          if (auto it = activities_.find(j.seq); it != activities_.end()) {
            if (!it->second->done.settled()) it->second->done.Resolve(j.resolution);
            activities_.erase(it);
          }
        } else if constexpr (std::is_same_v<T, ResolveLocalActivityJob>) {
          if (auto it = local_activities_.find(j.seq); it != local_activities_.end()) {
            if (!it->second->done.settled()) {
              it->second->done.Resolve(LocalActivityOutcome{
                  .resolution = j.resolution,
                  .backoff = j.backoff,
                  .next_attempt = j.next_attempt,
                  .original_schedule_time = j.original_schedule_time,
              });
            }
            local_activities_.erase(it);
          }
        } else if constexpr (std::is_same_v<T, SignalWorkflowJob>) {
          DeliverSignal(j);
        } else if constexpr (std::is_same_v<T, DoUpdateJob>) {
          if (update_handlers_.find(j.name) == update_handlers_.end()) {
            // The workflow may register the handler later in this
            // activation (typically first thing in its main function);
            // what is still unhandled when the activation ends is rejected.
            updates_without_handler_.push_back(j);
            return;
          }
          StartUpdate(j);
        } else if constexpr (std::is_same_v<T, CancelWorkflowJob>) {
          cancel_requested_ = true;
          root_scope_->Cancel();
        } else if constexpr (std::is_same_v<T, ResolveChildStartJob>) {
          if (auto it = children_.find(j.seq); it != children_.end()) {
            if (!it->second->started.settled()) it->second->started.Resolve(j);
            if (j.kind != ResolveChildStartJob::Kind::kStarted && !it->second->result.settled()) {
              Resolution failed;
              failed.kind = j.kind == ResolveChildStartJob::Kind::kCanceled ? Resolution::Kind::kCanceled
                                                                             : Resolution::Kind::kFailed;
              failed.failure = j.failure;
              it->second->result.Resolve(failed);
            }
          }
        } else if constexpr (std::is_same_v<T, ResolveChildResultJob>) {
          if (auto it = children_.find(j.seq); it != children_.end()) {
            if (!it->second->started.settled()) {
              // The child ended before it was reported started (canceled
              // before it started): the start fails with the same failure.
              ResolveChildStartJob start;
              start.seq = j.seq;
              start.kind = j.resolution.kind == Resolution::Kind::kCompleted
                               ? ResolveChildStartJob::Kind::kStarted
                               : ResolveChildStartJob::Kind::kCanceled;
              start.failure = j.resolution.failure;
              it->second->started.Resolve(start);
            }
            if (!it->second->result.settled()) it->second->result.Resolve(j.resolution);
            children_.erase(it);
          }
        } else if constexpr (std::is_same_v<T, ResolveSignalExternalJob>) {
          if (auto it = external_signals_.find(j.seq); it != external_signals_.end()) {
            if (!it->second->done.settled()) it->second->done.Resolve(j.failure);
            external_signals_.erase(it);
          }
        } else if constexpr (std::is_same_v<T, ResolveCancelExternalJob>) {
          if (auto it = external_cancels_.find(j.seq); it != external_cancels_.end()) {
            if (!it->second->done.settled()) it->second->done.Resolve(j.failure);
            external_cancels_.erase(it);
          }
        } else if constexpr (std::is_same_v<T, NotifyHasPatchJob>) {
          notified_patches_.insert(j.patch_id);
        } else if constexpr (std::is_same_v<T, ResolveSideEffectJob>) {
          if (auto it = side_effects_.find(j.seq); it != side_effects_.end()) {
            if (!it->second->done.settled()) it->second->done.Resolve(j.result);
            side_effects_.erase(it);
          }
        } else if constexpr (std::is_same_v<T, UpdateRandomSeedJob>) {
          random_.seed(j.randomness_seed);
        } else if constexpr (std::is_same_v<T, RemoveFromCacheJob>) {
          scheduler_.Teardown();
        }
      },
      job);
}

void WorkflowRun::MakeInterceptors() {
  if (!inbound_chain_.empty() || !outbound_chain_.empty()) return;  // made already
  // The last factory wraps the SDK's own handling first, so that the first
  // listed ends up outermost.
  for (auto factory = options_.interceptors.rbegin(); factory != options_.interceptors.rend(); ++factory) {
    if (*factory == nullptr) continue;
    workflow::WorkflowInterceptors made = (*factory)->InterceptWorkflow(*inbound_, *outbound_);
    if (made.inbound) {
      inbound_ = made.inbound.get();
      inbound_chain_.push_back(std::move(made.inbound));
    }
    if (made.outbound) {
      outbound_ = made.outbound.get();
      outbound_chain_.push_back(std::move(made.outbound));
    }
  }
}

void WorkflowRun::DeliverSignal(const SignalWorkflowJob& signal) {
  if (signal_handlers_.find(signal.signal_name) != signal_handlers_.end()) {
    SpawnInRootScope(RunSignalHandler(std::make_shared<workflow::HandleSignalInput>(workflow::HandleSignalInput{
        .signal_name = signal.signal_name, .args = signal.input, .header = HeaderFromProto(signal.header)})));
    return;
  }
  signal_buffers_[signal.signal_name].push_back(BufferedSignal{signal.input, HeaderFromProto(signal.header)});
}

void WorkflowRun::SetSignalHandler(const std::string& name, SignalHandler handler) {
  signal_handlers_[name] = std::move(handler);
  auto buffered = signal_buffers_.find(name);
  if (buffered == signal_buffers_.end()) return;
  for (auto& signal : buffered->second) {
    SpawnInRootScope(RunSignalHandler(std::make_shared<workflow::HandleSignalInput>(workflow::HandleSignalInput{
        .signal_name = name, .args = std::move(signal.input), .header = std::move(signal.header)})));
  }
  signal_buffers_.erase(buffered);
}

void WorkflowRun::SetQueryHandler(const std::string& name, QueryHandler handler) {
  query_handlers_[name] = std::move(handler);
}

const WorkflowRun::SignalHandler* WorkflowRun::FindSignalHandler(const std::string& name) const {
  auto it = signal_handlers_.find(name);
  return it == signal_handlers_.end() ? nullptr : &it->second;
}

const WorkflowRun::QueryHandler* WorkflowRun::FindQueryHandler(const std::string& name) const {
  auto it = query_handlers_.find(name);
  return it == query_handlers_.end() ? nullptr : &it->second;
}

const WorkflowRun::UpdateHandler* WorkflowRun::FindUpdateHandler(const std::string& name) const {
  auto it = update_handlers_.find(name);
  return it == update_handlers_.end() ? nullptr : &it->second;
}

std::string WorkflowRun::QueryHandlerNames() const {
  std::string known;
  for (const auto& [name, handler] : query_handlers_) known += (known.empty() ? "" : ", ") + name;
  return known;
}

void WorkflowRun::SetUpdateHandler(const std::string& name, UpdateHandler handler) {
  update_handlers_[name] = std::move(handler);
  std::deque<DoUpdateJob> still_waiting;
  for (DoUpdateJob& job : std::exchange(updates_without_handler_, {})) {
    if (job.name == name) {
      StartUpdate(job);
    } else {
      still_waiting.push_back(std::move(job));
    }
  }
  updates_without_handler_ = std::move(still_waiting);
}

void WorkflowRun::StartUpdate(const DoUpdateJob& job) {
  UpdateResponseCommand response;
  response.protocol_instance_id = job.protocol_instance_id;
  response.update_id = job.update_id;
  // The validator (and the interceptors' ValidateUpdate) runs only the
  // first time: on replay the history says whether the update was accepted.
  if (job.run_validator) {
    try {
      ReadOnlyScope read_only(read_only_, "an update validator");
      workflow::UpdateInput input{
          .update_id = job.update_id, .name = job.name, .args = job.input, .header = HeaderFromProto(job.header)};
      inbound_->ValidateUpdate(input);
    } catch (...) {
      response.kind = UpdateResponseCommand::Kind::kRejected;
      response.rejection = converter_.ToFailure(std::current_exception());
      Issue(std::move(response), std::source_location::current());
      return;
    }
  }
  response.kind = UpdateResponseCommand::Kind::kAccepted;
  Issue(std::move(response), std::source_location::current());
  SpawnInRootScope(RunUpdate(std::make_shared<const DoUpdateJob>(job)));
}

void WorkflowRun::RejectUpdatesWithoutHandler() {
  for (const DoUpdateJob& job : std::exchange(updates_without_handler_, {})) {
    UpdateResponseCommand reject;
    reject.protocol_instance_id = job.protocol_instance_id;
    reject.update_id = job.update_id;
    reject.kind = UpdateResponseCommand::Kind::kRejected;
    std::string known;
    for (const auto& [name, handler] : update_handlers_) known += (known.empty() ? "" : ", ") + name;
    reject.rejection.set_message("unknown update \"" + job.name + "\"; known updates: [" + known + "]");
    reject.rejection.mutable_application_failure_info()->set_type("UnknownUpdate");
    Issue(std::move(reject), std::source_location::current());
  }
}

void WorkflowRun::Spawn(Task<void> task) { scheduler_.Spawn(std::move(task)); }

void WorkflowRun::SpawnInRootScope(Task<void> task) {
  TaskAccess::Promise(task).BindScope(root_scope_);
  scheduler_.Spawn(std::move(task));
}

Task<void> WorkflowRun::RunSignalHandler(std::shared_ptr<workflow::HandleSignalInput> input) {
  try {
    Task<void> handling = inbound_->HandleSignal(*input);
    co_await handling;
  } catch (const FailureError& e) {
    if (!closed_) {
      Issue(FailWorkflowCommand{converter_.ToFailure(e)}, std::source_location::current());
      closed_ = true;
    }
  } catch (...) {
    task_failure_ = converter_.ToFailure(std::current_exception());
  }
}

Task<void> WorkflowRun::RunUpdate(std::shared_ptr<const DoUpdateJob> job) {
  UpdateResponseCommand response;
  response.protocol_instance_id = job->protocol_instance_id;
  response.update_id = job->update_id;
  response.kind = UpdateResponseCommand::Kind::kCompleted;
  // A fresh input: what ValidateUpdate changed does not carry over (it does
  // not run on replay).
  workflow::UpdateInput input{
      .update_id = job->update_id, .name = job->name, .args = job->input, .header = HeaderFromProto(job->header)};
  try {
    Task<Payloads> running = inbound_->ExecuteUpdate(input);
    Payloads result = co_await running;
    *response.outcome.mutable_success() = std::move(result);
  } catch (...) {
    *response.outcome.mutable_failure() = converter_.ToFailure(std::current_exception());
  }
  Issue(std::move(response), std::source_location::current());
}

Task<void> WorkflowRun::RunMain(std::shared_ptr<workflow::ExecuteWorkflowInput> input) {
  const std::source_location where = std::source_location::current();
  try {
    Task<Payloads> executing = inbound_->ExecuteWorkflow(*input);
    Payloads result = co_await executing;
    Issue(CompleteWorkflowCommand{std::move(result)}, where);
  } catch (const workflow::ContinueAsNewError& e) {
    ContinueAsNewWorkflowCommand command;
    command.attributes = e.attributes();
    if (command.attributes.workflow_type().name().empty()) {
      command.attributes.mutable_workflow_type()->set_name(info_.workflow_type);
    }
    if (command.attributes.task_queue().name().empty()) {
      command.attributes.mutable_task_queue()->set_name(info_.task_queue);
    }
    Issue(std::move(command), e.where());
  } catch (const FailureError& e) {
    // After a cancel request, a cancellation that reached the top (also as
    // the cause of an activity or child workflow error) cancels the
    // workflow, as in the other SDKs; anything else fails it.
    if (cancel_requested_ && IsCancellation(e)) {
      Issue(CancelWorkflowCommand{}, where);
    } else {
      Issue(FailWorkflowCommand{converter_.ToFailure(e)}, where);
    }
  } catch (const workflow::UsageError&) {
    task_failure_ = converter_.ToFailure(std::current_exception());
  } catch (...) {
    if (definition_->fail_workflow_on_any_exception) {
      Issue(FailWorkflowCommand{converter_.ToFailure(std::current_exception())}, where);
    } else {
      task_failure_ = converter_.ToFailure(std::current_exception());
    }
  }
  closed_ = true;
}

// --- Operations ---

// --- Cancellation scopes ---

std::shared_ptr<workflow::CancellationScope> WorkflowRun::current_scope() const {
  workflow::CancellationScope* running = RunningScope();
  return running == nullptr ? root_scope_ : running->shared_from_this();
}

std::shared_ptr<workflow::CancellationScope> WorkflowRun::ScopeForNewOperation(const char* what) {
  std::shared_ptr<workflow::CancellationScope> scope = current_scope();
  if (scope->cancel_requested()) {
    throw CanceledError(std::string(what) + " not started: its cancellation scope is canceled" +
                        (scope == root_scope_ ? " (the workflow was canceled)" : ""));
  }
  return scope;
}

bool WorkflowRun::InScope(const workflow::CancellationScope& scope,
                          const std::shared_ptr<workflow::CancellationScope>& operation_scope) const {
  return scope.Encloses(operation_scope ? *operation_scope : *root_scope_);
}

void WorkflowRun::CancelOperationsIn(const workflow::CancellationScope& scope) {
  // What a canceled scope started and still waits for is canceled, kind by
  // kind in seq order (the order the commands go out in is part of the
  // history, so it must not depend on anything but the workflow's code).
  // Each awaiting call sees a CanceledError; activities waiting for the
  // cancellation to complete see it when it does.
  const std::source_location where = std::source_location::current();
  for (auto it = timers_.begin(); it != timers_.end();) {
    if (!InScope(scope, it->second->scope)) {
      ++it;
      continue;
    }
    auto op = it->second;
    const uint32_t seq = it->first;
    it = timers_.erase(it);
    Issue(CancelTimerCommand{seq}, where);
    if (!op->done.settled()) op->done.Reject(std::make_exception_ptr(CanceledError("timer canceled")));
  }
  for (auto& [seq, op] : activities_) {
    if (op->done.settled() || op->cancel_requested || !InScope(scope, op->scope)) continue;
    op->cancel_requested = true;
    Issue(RequestCancelActivityCommand{seq}, where);
    if (op->cancellation_type != ActivityCancellationType::kWaitCancellationCompleted) {
      // Resolved now, as the activity machine resolves a cancellation that
      // has no event: an ActivityFailure caused by a CanceledFailure.
      Resolution canceled;
      canceled.kind = Resolution::Kind::kCanceled;
      canceled.failure.set_message("Activity cancelled");
      auto* info = canceled.failure.mutable_activity_failure_info();
      info->mutable_activity_type()->set_name(op->activity_type);
      info->set_activity_id(op->activity_id);
      info->set_retry_state(enums::RETRY_STATE_CANCEL_REQUESTED);
      *canceled.failure.mutable_cause() = CanceledFailure("activity canceled");
      op->done.Resolve(canceled);
    }
  }
  for (auto& [seq, op] : local_activities_) {
    if (op->done.settled() || op->cancel_requested || !InScope(scope, op->scope)) continue;
    op->cancel_requested = true;
    Issue(RequestCancelLocalActivityCommand{seq}, where);
  }
  for (auto& [seq, op] : children_) {
    if (op->result.settled() || op->cancel_requested || !InScope(scope, op->scope)) continue;
    op->cancel_requested = true;
    Issue(CancelChildWorkflowCommand{seq, &scope == root_scope_.get() ? "the parent workflow was canceled"
                                                                      : "canceled by the parent workflow"},
          where);
  }
}

std::shared_ptr<PendingOperation<void>> WorkflowRun::StartTimer(Duration duration, std::source_location where) {
  auto scope = ScopeForNewOperation("timer");
  const uint32_t seq = NextSeq();
  auto op = std::make_shared<PendingOperation<void>>();
  op->scope = std::move(scope);
  timers_[seq] = op;
  Issue(StartTimerCommand{seq, duration}, where);
  return op;
}

void WorkflowRun::CancelTimer(uint32_t seq, std::source_location where) {
  auto it = timers_.find(seq);
  if (it == timers_.end()) return;  // already fired
  Issue(CancelTimerCommand{seq}, where);
  auto op = it->second;
  timers_.erase(it);
  if (!op->done.settled()) op->done.Reject(std::make_exception_ptr(CanceledError("timer canceled")));
}

std::shared_ptr<ActivityOperation> WorkflowRun::ScheduleActivity(ScheduleActivityCommand command,
                                                                 std::source_location where) {
  auto op = std::make_shared<ActivityOperation>();
  op->scope = ScopeForNewOperation("activity");
  op->cancellation_type = command.cancellation_type;
  op->activity_type = command.attributes.activity_type().name();
  op->activity_id = command.attributes.activity_id();
  activities_[command.seq] = op;
  Issue(std::move(command), where);
  return op;
}

std::shared_ptr<PendingOperation<LocalActivityOutcome>> WorkflowRun::ScheduleLocalActivity(
    ScheduleLocalActivityCommand command, std::source_location where) {
  auto op = std::make_shared<PendingOperation<LocalActivityOutcome>>();
  op->scope = ScopeForNewOperation("local activity");
  local_activities_[command.seq] = op;
  Issue(std::move(command), where);
  return op;
}

std::shared_ptr<WorkflowRun::ChildOperation> WorkflowRun::StartChildWorkflow(StartChildWorkflowCommand command,
                                                                            std::source_location where) {
  auto op = std::make_shared<ChildOperation>();
  op->scope = ScopeForNewOperation("child workflow");
  op->seq = command.seq;
  children_[command.seq] = op;
  Issue(std::move(command), where);
  return op;
}

void WorkflowRun::CancelChildWorkflow(uint32_t seq, std::source_location where) {
  auto it = children_.find(seq);
  if (it == children_.end() || it->second->cancel_requested) return;
  it->second->cancel_requested = true;
  Issue(CancelChildWorkflowCommand{seq, "canceled by the parent workflow"}, where);
}

std::shared_ptr<PendingOperation<std::optional<Failure>>> WorkflowRun::SignalExternal(
    SignalExternalWorkflowCommand command, std::source_location where) {
  auto op = std::make_shared<PendingOperation<std::optional<Failure>>>();
  external_signals_[command.seq] = op;
  Issue(std::move(command), where);
  return op;
}

std::shared_ptr<PendingOperation<std::optional<Failure>>> WorkflowRun::CancelExternal(
    RequestCancelExternalWorkflowCommand command, std::source_location where) {
  auto op = std::make_shared<PendingOperation<std::optional<Failure>>>();
  external_cancels_[command.seq] = op;
  Issue(std::move(command), where);
  return op;
}

std::shared_ptr<PendingOperation<Payloads>> WorkflowRun::SideEffect(Payloads value, std::source_location where) {
  const uint32_t seq = NextSeq();
  auto op = std::make_shared<PendingOperation<Payloads>>();
  side_effects_[seq] = op;
  Issue(RecordSideEffectCommand{seq, std::move(value)}, where);
  return op;
}

temporal::api::common::v1::Memo WorkflowRun::EncodeMemo(const Memo& memo, const std::string& what) const {
  temporal::api::common::v1::Memo encoded;
  for (const auto& [key, values] : memo) {
    std::vector<Payload> payload = {ConvertMemoValue(converter_, key, values, what)};
    converter_.Encode(payload);
    (*encoded.mutable_fields())[key] = std::move(payload.front());
  }
  return encoded;
}

void WorkflowRun::UpsertMemo(const Memo& memo, std::source_location where) {
  ModifyWorkflowPropertiesCommand command;
  std::map<std::string, Payload> converted;
  for (const auto& [key, values] : memo) {
    converted[key] = ConvertMemoValue(converter_, key, values, "UpsertMemo: memo");
    std::vector<Payload> encoded = {converted[key]};
    converter_.Encode(encoded);
    (*command.upserted_memo.mutable_fields())[key] = std::move(encoded.front());
  }
  Issue(std::move(command), where);  // throws where no command may be issued (a query)
  // Info().memo changes now, as Go's GetInfo().Memo does: code after the
  // upsert reads the new value.
  for (auto& [key, payload] : converted) {
    if (IsNullPayload(payload)) {
      info_.memo.erase(key);
    } else {
      info_.memo[key] = Values::FromPayloads({std::move(payload)}, converter_.payload_converter);
    }
  }
}

bool WorkflowRun::Patched(const std::string& patch_id, bool deprecated, std::source_location where) {
  if (auto it = patch_results_.find(patch_id); it != patch_results_.end()) return it->second;
  const bool result = !replaying_ || notified_patches_.count(patch_id) != 0;
  patch_results_[patch_id] = result;
  if (result || deprecated) Issue(SetPatchMarkerCommand{patch_id, deprecated}, where);
  return result;
}

}  // namespace temporal::workflow_internal
