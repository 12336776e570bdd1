// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/worker/internal/activity_worker.h"

#include <algorithm>

#include "temporal/client/rpc_error.h"
#include "temporal/common/error.h"
#include "temporal/common/failure.h"

namespace temporal::worker_internal {
namespace {

namespace ws = temporal::api::workflowservice::v1;
using activity::CancelReason;
using SteadyClock = std::chrono::steady_clock;

std::optional<Duration> PositiveDuration(bool present, const google::protobuf::Duration& proto) {
  if (!present) return std::nullopt;
  const Duration duration = FromProto(proto);
  if (duration.count() <= 0) return std::nullopt;  // the server sends 0 for "not set"
  return duration;
}

activity::ActivityInfo BuildInfo(const ws::PollActivityTaskQueueResponse& task,
                                 const ActivityWorkerOptions& options) {
  activity::ActivityInfo info;
  info.activity_id = task.activity_id();
  info.activity_type = task.activity_type().name();
  info.namespace_name = options.namespace_name;
  info.task_queue = options.task_queue;
  info.workflow_namespace = task.workflow_namespace();
  info.workflow_id = task.workflow_execution().workflow_id();
  info.workflow_run_id = task.workflow_execution().run_id();
  info.workflow_type = task.workflow_type().name();
  info.attempt = std::max(task.attempt(), 1);
  if (task.has_scheduled_time()) info.scheduled_time = FromProto(task.scheduled_time());
  if (task.has_current_attempt_scheduled_time()) {
    info.current_attempt_scheduled_time = FromProto(task.current_attempt_scheduled_time());
  }
  if (task.has_started_time()) info.started_time = FromProto(task.started_time());
  info.schedule_to_close_timeout =
      PositiveDuration(task.has_schedule_to_close_timeout(), task.schedule_to_close_timeout());
  info.start_to_close_timeout =
      PositiveDuration(task.has_start_to_close_timeout(), task.start_to_close_timeout());
  info.heartbeat_timeout = PositiveDuration(task.has_heartbeat_timeout(), task.heartbeat_timeout());
  std::optional<Timestamp> deadline;
  auto earliest = [&](Timestamp candidate) {
    if (!deadline || candidate < *deadline) deadline = candidate;
  };
  if (info.start_to_close_timeout && task.has_started_time()) {
    earliest(info.started_time + *info.start_to_close_timeout);
  }
  if (info.schedule_to_close_timeout && task.has_scheduled_time()) {
    earliest(info.scheduled_time + *info.schedule_to_close_timeout);
  }
  info.deadline = deadline;
  if (task.has_retry_policy()) info.retry_policy = RetryPolicy::FromProto(task.retry_policy());
  info.task_token = task.task_token();
  info.is_local = false;
  return info;
}

std::string Join(const std::vector<std::string>& names) {
  std::string joined;
  for (const auto& name : names) joined += (joined.empty() ? "" : ", ") + name;
  return joined;
}

// FailureOf converts the exception in flight; if even that fails (a detail
// that cannot be converted), the failure says so instead of losing the error.
converter::Failure FailureOf(const converter::DataConverter& converter,
                             const std::exception_ptr& error) {
  try {
    return converter.ToFailure(error);
  } catch (const std::exception& e) {
    converter::Failure failure;
    failure.set_message(
        std::string("the activity failed, and its failure could not be converted: ") + e.what());
    failure.set_source(std::string(converter::kFailureSource));
    failure.mutable_application_failure_info()->set_type("FailureConversionError");
    return failure;
  }
}

// The fields that name an activity task in log lines.
LogFields ActivityFields(const activity::ActivityInfo& info) {
  return {{"activity_type", info.activity_type}, {"activity_id", info.activity_id},
          {"workflow_id", info.workflow_id},     {"run_id", info.workflow_run_id},
          {"workflow_type", info.workflow_type}, {"attempt", std::to_string(info.attempt)}};
}

converter::Failure ApplicationFailure(const std::string& message, const std::string& type) {
  converter::Failure failure;
  failure.set_message(message);
  failure.set_source(std::string(converter::kFailureSource));
  failure.mutable_application_failure_info()->set_type(type);
  return failure;
}

}  // namespace

ActivityWorker::ActivityWorker(ActivityWorkerOptions options, activity::ActivityRegistry activities)
    : options_(std::move(options)),
      activities_(std::move(activities)),
      slots_(SlotSupplier::Create(std::max(options_.max_concurrent_activities, 1))),
      heartbeats_(
          timers_,
          [this](const std::string& task_token, const std::vector<Payload>& details) {
            ws::RecordActivityTaskHeartbeatRequest request;
            request.set_task_token(task_token);
            request.set_namespace_(options_.namespace_name);
            request.set_identity(options_.identity);
            for (const auto& payload : details)
              *request.mutable_details()->add_payloads() = payload;
            return options_.connection->RecordActivityTaskHeartbeat(request);
          },
          [this](const std::string& line) { options_.logger->Warn(line); }),
      executor_("activity tasks", slots_->max_slots()) {
  if (!options_.connection)
    throw InvalidArgumentError("ActivityWorkerOptions.connection is required");
  if (options_.task_queue.empty()) {
    throw InvalidArgumentError("ActivityWorkerOptions.task_queue is required");
  }
  if (options_.namespace_name.empty()) {
    throw InvalidArgumentError("ActivityWorkerOptions.namespace_name is required");
  }
  if (options_.max_concurrent_activities < 1) {
    throw InvalidArgumentError(
        "ActivityWorkerOptions.max_concurrent_activities must be at least 1");
  }
  if (options_.pollers < 1)
    throw InvalidArgumentError("ActivityWorkerOptions.pollers must be at least 1");
  if (options_.default_heartbeat_throttle.count() <= 0 ||
      options_.max_heartbeat_throttle.count() <= 0) {
    throw InvalidArgumentError(
        "ActivityWorkerOptions heartbeat throttle intervals must be positive");
  }
  if (options_.identity.empty()) options_.identity = options_.connection->identity();
  if (!options_.logger) options_.logger = DefaultLogger();
  if (!options_.metrics) options_.metrics = WorkerMetrics::NoOp();
  slots_->Observe([metrics = options_.metrics](int available, int used) {
    metrics->activity_slots.Record(available, used);
  });
}

ActivityWorker::~ActivityWorker() { Shutdown(Duration::zero()); }

void ActivityWorker::Start() {
  std::lock_guard lock(mutex_);
  if (started_) return;
  started_ = true;
  if (activities_.empty()) return;
  PollLoopOptions loop_options;
  loop_options.name = "activity task";
  loop_options.pollers = options_.pollers;
  loop_options.slots = slots_;
  loop_options.backoff = options_.poll_backoff;
  loop_options.logger = options_.logger;
  loop_options.on_active_pollers = [metrics = options_.metrics](int polls) { metrics->activity_pollers->Set(polls); };
  loop_options.on_fatal_error = options_.on_fatal_error;
  poll_loop_ = std::make_unique<PollLoop>(
      std::move(loop_options),
      [this](SlotSupplier::Permit permit, const CallOptions& call_options) {
        Poll(std::move(permit), call_options);
      });
  poll_loop_->Start();
}

void ActivityWorker::Poll(SlotSupplier::Permit permit, const CallOptions& call_options) {
  ws::PollActivityTaskQueueRequest request;
  request.set_namespace_(options_.namespace_name);
  request.mutable_task_queue()->set_name(options_.task_queue);
  request.mutable_task_queue()->set_kind(temporal::api::enums::v1::TASK_QUEUE_KIND_NORMAL);
  request.set_identity(options_.identity);
  PollResponse task = options_.connection->PollActivityTaskQueue(request, call_options);
  if (task.task_token().empty()) {  // the long poll ended with nothing to do
    options_.metrics->activity_poll_no_task->Add(1);
    return;
  }
  options_.metrics->ForActivity(task.activity_type().name(), task.workflow_type().name()).task_received->Add(1);
  if (task.has_started_time() && task.has_current_attempt_scheduled_time()) {
    const Duration waited = FromProto(task.started_time()) - FromProto(task.current_attempt_scheduled_time());
    if (waited >= Duration::zero()) options_.metrics->activity_schedule_to_start_latency->Record(waited);
  }
  // Shared because a std::function must be copyable and the permit is not.
  auto job = std::make_shared<Job>(Job{std::move(task), std::move(permit)});
  executor_.Submit([this, job] { Execute(std::move(*job)); });
}

void ActivityWorker::ScheduleLocalTimeout(const std::string& task_token, Duration timeout) {
  const auto when = SteadyClock::now() + std::chrono::duration_cast<SteadyClock::duration>(
                                             timeout + options_.local_timeout_buffer);
  std::lock_guard lock(mutex_);
  auto it = running_.find(task_token);
  if (it == running_.end()) return;
  if (it->second.local_timeout) timers_.Cancel(*it->second.local_timeout);
  it->second.local_timeout = timers_.Schedule(when, [this, task_token] {
    std::shared_ptr<activity::Context> context;
    {
      std::lock_guard lock(mutex_);
      auto running = running_.find(task_token);
      if (running == running_.end()) return;
      running->second.local_timeout.reset();
      context = running->second.context;
    }
    // Outside the lock: RequestCancel runs the activity's stop callbacks.
    context->RequestCancel(CancelReason::kTimedOut);
  });
}

void ActivityWorker::Execute(Job job) {
  const PollResponse& task = job.task;
  const std::string& task_token = task.task_token();
  const activity::ActivityInfo info = BuildInfo(task, options_);
  const converter::DataConverter& converter = options_.converter;

  // The details of the previous attempt; a codec that cannot decode them
  // fails the attempt below, like any other error.
  std::exception_ptr setup_error;
  Values previous_details;
  try {
    if (task.has_heartbeat_details())
      previous_details = converter.ToValues(task.heartbeat_details().payloads());
  } catch (...) {
    setup_error = std::current_exception();
  }
  auto context = std::make_shared<activity::Context>(
      info, converter, previous_details, [this, task_token](std::vector<Payload> details) {
        heartbeats_.Record(task_token, std::move(details));
      });

  // The worker-side timeout: the earlier of start-to-close and heartbeat
  // timeout (re-armed after each heartbeat the server records).
  std::optional<Duration> local_timeout = info.start_to_close_timeout;
  if (info.heartbeat_timeout && (!local_timeout || *info.heartbeat_timeout < *local_timeout)) {
    local_timeout = info.heartbeat_timeout;
  }
  const auto start = SteadyClock::now();
  activity::Context* raw_context = context.get();
  heartbeats_.Track(task_token,
                    ThrottleInterval(info.heartbeat_timeout, options_.default_heartbeat_throttle,
                                     options_.max_heartbeat_throttle),
                    [this, raw_context, task_token, info, start](const HeartbeatOutcome& outcome) {
                      // Runs while the activity is tracked, so raw_context is alive.
                      if (outcome.cancel_requested)
                        raw_context->RequestCancel(CancelReason::kRequested);
                      if (outcome.activity_reset) raw_context->RequestCancel(CancelReason::kReset);
                      if (outcome.activity_paused)
                        raw_context->RequestCancel(CancelReason::kPaused);
                      if (outcome.not_found) raw_context->RequestCancel(CancelReason::kNotFound);
                      if (outcome.sent && info.heartbeat_timeout) {
                        Duration timeout = *info.heartbeat_timeout;
                        if (info.start_to_close_timeout) {
                          const Duration left =
                              *info.start_to_close_timeout - (SteadyClock::now() - start);
                          timeout = std::min(timeout, left);
                        }
                        ScheduleLocalTimeout(task_token, timeout);
                      }
                    });
  bool cancel_at_once = false;
  {
    std::lock_guard lock(mutex_);
    running_[task_token] = Running{context, std::nullopt};
    cancel_at_once = cancel_new_activities_;
  }
  if (cancel_at_once) context->RequestCancel(CancelReason::kWorkerShutdown);
  if (local_timeout) ScheduleLocalTimeout(task_token, *local_timeout);

  enum class Outcome { kCompleted, kFailed, kCanceled, kWillCompleteAsync };
  Outcome outcome = Outcome::kFailed;
  Payloads result;
  converter::Failure failure;
  try {
    if (setup_error) std::rethrow_exception(setup_error);
    auto definition = activities_.Find(info.activity_type);
    if (!definition) {
      throw ApplicationError(
          "activity type \"" + info.activity_type +
              "\" is not registered on this worker (registered: " + Join(activities_.names()) + ")",
          "NotFoundError");
    }
    result = activity::RunActivity(*definition, *context, {task.input(), HeaderFromProto(task.header())},
                                    options_.interceptors);
    outcome = Outcome::kCompleted;
  } catch (const activity::CompleteAsyncError&) {
    outcome = Outcome::kWillCompleteAsync;
  } catch (const CanceledError&) {
    // A CanceledError is a cancellation only when one was asked for;
    // otherwise it is the activity's own failure.
    outcome = context->IsCancelRequested() ? Outcome::kCanceled : Outcome::kFailed;
    failure = FailureOf(converter, std::current_exception());
  } catch (...) {
    outcome = Outcome::kFailed;
    failure = FailureOf(converter, std::current_exception());
  }

  std::optional<std::vector<Payload>> unsent_details = heartbeats_.Forget(task_token);
  {
    std::lock_guard lock(mutex_);
    auto it = running_.find(task_token);
    if (it != running_.end()) {
      if (it->second.local_timeout) timers_.Cancel(*it->second.local_timeout);
      running_.erase(it);
    }
  }

  const CancelReason reason = context->cancel_reason();
  const ActivityTypeMetrics& metrics = options_.metrics->ForActivity(info.activity_type, info.workflow_type);
  metrics.execution_latency->Record(SteadyClock::now() - start);
  if (reason == CancelReason::kTimedOut || reason == CancelReason::kNotFound) {
    // The server has closed this attempt already; an answer would be refused.
    LogFields closed = ActivityFields(info);
    closed.emplace_back("reason", activity::CancelReasonName(reason));
    options_.logger->Warn("activity ended after the server closed it; not responding", closed);
    return;  // the permit is released with the job
  }
  if (outcome == Outcome::kCompleted && task.has_scheduled_time()) {
    const auto since_scheduled = std::chrono::system_clock::now() - FromProto(task.scheduled_time());
    if (since_scheduled >= since_scheduled.zero()) metrics.succeed_endtoend_latency->Record(since_scheduled);
  }
  if (outcome == Outcome::kFailed && CountsAsFailure(failure)) metrics.execution_failed->Add(1);
  switch (outcome) {
    case Outcome::kWillCompleteAsync:
      break;
    case Outcome::kCompleted:
      RespondCompleted(task_token, std::move(result), info);
      break;
    case Outcome::kFailed:
      RespondFailed(task_token, info, failure, std::move(unsent_details));
      break;
    case Outcome::kCanceled:
      if (reason == CancelReason::kRequested) {
        if (unsent_details) {
          // Keep the last progress: a canceled response carries no heartbeat details.
          try {
            ws::RecordActivityTaskHeartbeatRequest flush;
            flush.set_task_token(task_token);
            flush.set_namespace_(options_.namespace_name);
            flush.set_identity(options_.identity);
            for (auto& payload : *unsent_details)
              *flush.mutable_details()->add_payloads() = payload;
            options_.connection->RecordActivityTaskHeartbeat(flush);
          } catch (const std::exception& e) {
            LogFields flush_failed = ActivityFields(info);
            flush_failed.emplace_back("error", e.what());
            options_.logger->Warn("flushing the last heartbeat of a canceled activity failed", flush_failed);
          }
        }
        RespondCanceled(task_token, failure, info);
      } else if (reason == CancelReason::kWorkerShutdown) {
        // Retryable, so the server hands the activity to another worker now
        // rather than after its timeout.
        metrics.execution_failed->Add(1);
        RespondFailed(task_token, info,
                      ApplicationFailure("Worker is shutting down and this activity did not "
                                         "complete in time",
                                         "WorkerShutdown"),
                      std::move(unsent_details));
      } else {
        const bool paused = reason == CancelReason::kPaused;
        metrics.execution_failed->Add(1);
        RespondFailed(
            task_token, info,
            ApplicationFailure(paused ? "the activity was paused" : "the activity was reset",
                               paused ? "ActivityPaused" : "ActivityReset"),
            std::move(unsent_details));
      }
      break;
  }
  // `job.permit` is released as the job goes: the slot frees only once the
  // response is sent, which is what lets Shutdown flush completions.
}

void ActivityWorker::RespondCompleted(const std::string& task_token, Payloads result,
                                      const activity::ActivityInfo& info) {
  ws::RespondActivityTaskCompletedRequest request;
  request.set_task_token(task_token);
  request.set_namespace_(options_.namespace_name);
  request.set_identity(options_.identity);
  *request.mutable_result() = std::move(result);
  try {
    options_.connection->RespondActivityTaskCompleted(request);
  } catch (const RpcError& e) {
    LogFields refused = ActivityFields(info);
    refused.emplace_back("error", e.what());
    options_.logger->Warn("RespondActivityTaskCompleted refused; the activity may have timed out or been canceled",
                          refused);
  }
}

void ActivityWorker::RespondFailed(const std::string& task_token, const activity::ActivityInfo& info,
                                   const converter::Failure& failure,
                                   std::optional<std::vector<Payload>> last_heartbeat_details) {
  ws::RespondActivityTaskFailedRequest request;
  request.set_task_token(task_token);
  request.set_namespace_(options_.namespace_name);
  request.set_identity(options_.identity);
  *request.mutable_failure() = failure;
  if (last_heartbeat_details) {
    for (auto& payload : *last_heartbeat_details) {
      *request.mutable_last_heartbeat_details()->add_payloads() = std::move(payload);
    }
  }
  try {
    options_.connection->RespondActivityTaskFailed(request);
  } catch (const RpcError& e) {
    LogFields refused = ActivityFields(info);
    refused.emplace_back("error", e.what());
    options_.logger->Warn("RespondActivityTaskFailed refused; the activity may have timed out or been canceled",
                          refused);
  }
}

void ActivityWorker::RespondCanceled(const std::string& task_token, const converter::Failure& canceled,
                                     const activity::ActivityInfo& info) {
  ws::RespondActivityTaskCanceledRequest request;
  request.set_task_token(task_token);
  request.set_namespace_(options_.namespace_name);
  request.set_identity(options_.identity);
  if (canceled.has_canceled_failure_info() && canceled.canceled_failure_info().has_details()) {
    *request.mutable_details() = canceled.canceled_failure_info().details();
  }
  try {
    options_.connection->RespondActivityTaskCanceled(request);
  } catch (const RpcError& e) {
    LogFields refused = ActivityFields(info);
    refused.emplace_back("error", e.what());
    options_.logger->Warn("RespondActivityTaskCanceled refused", refused);
  }
}

int ActivityWorker::running_activities() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(running_.size());
}

void ActivityWorker::InitiateShutdown() {
  std::lock_guard lock(mutex_);
  started_ = true;  // a Start after this polls nothing
  if (poll_loop_) poll_loop_->Stop();
}

void ActivityWorker::Shutdown(Duration grace) {
  std::lock_guard shutdown_lock(shutdown_mutex_);
  if (shut_down_) return;
  InitiateShutdown();
  // After Join no poller can submit a job: every taken slot is a queued or
  // running activity from here on.
  if (poll_loop_) poll_loop_->Join();

  const auto grace_end =
      SteadyClock::now() + std::chrono::duration_cast<SteadyClock::duration>(grace);
  if (!slots_->WaitAllFree(grace_end)) {
    std::vector<std::shared_ptr<activity::Context>> contexts;
    {
      std::lock_guard lock(mutex_);
      cancel_new_activities_ = true;  // queued ones are canceled as they start
      for (auto& [token, running] : running_) contexts.push_back(running.context);
    }
    // Outside the lock: RequestCancel runs the activities' stop callbacks.
    std::vector<std::string> canceled;
    for (const auto& context : contexts) {
      context->RequestCancel(CancelReason::kWorkerShutdown);
      canceled.push_back(context->info().activity_type + " (id " + context->info().activity_id +
                         ")");
    }
    options_.logger->Warn("shutdown grace period over; canceled the running activities",
                          {{"canceled", std::to_string(canceled.size())}, {"activities", Join(canceled)}});
    // An activity that ignores cancellation keeps the worker waiting: its
    // thread cannot be taken from it. Say so now and then.
    while (!slots_->WaitAllFree(SteadyClock::now() + std::chrono::seconds(10))) {
      options_.logger->Warn("shutdown waiting for activities that ignore cancellation",
                            {{"running", std::to_string(running_activities())}});
    }
  }

  executor_.Stop();  // every slot is free: nothing is queued or running
  timers_.Stop();
  shut_down_ = true;
}

}  // namespace temporal::worker_internal
