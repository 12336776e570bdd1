// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/worker/internal/local_activity_runner.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <stop_token>
#include <thread>
#include <utility>

#include "temporal/common/failure.h"

namespace temporal::worker_internal {
namespace {
namespace enums = temporal::api::enums::v1;
using temporal::api::failure::v1::Failure;
using workflow_internal::Resolution;
using workflow_internal::machines::LocalActivityResult;

Timestamp WallNow() { return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now()); }

// Canceled: the activity was canceled before or between attempts; the
// machine records the standard cancellation failure.
Resolution Canceled() {
  Resolution resolution;
  resolution.kind = Resolution::Kind::kCanceled;
  return resolution;
}

Resolution Failed(Failure failure) {
  Resolution resolution;
  resolution.kind = Resolution::Kind::kFailed;
  resolution.failure = std::move(failure);
  return resolution;
}

Failure TimeoutFailure(enums::TimeoutType type, const std::string& message) {
  Failure failure;
  failure.set_message(message);
  failure.set_source("temporal-cpp");
  failure.mutable_timeout_failure_info()->set_timeout_type(type);
  return failure;
}

bool IsRetryable(const Failure& failure, const temporal::api::common::v1::RetryPolicy& policy) {
  if (failure.has_timeout_failure_info()) return true;
  if (failure.has_canceled_failure_info()) return false;
  if (failure.has_application_failure_info()) {
    const auto& info = failure.application_failure_info();
    if (info.non_retryable()) return false;
    for (const auto& type : policy.non_retryable_error_types()) {
      if (type == info.type()) return false;
    }
  }
  return true;
}

}  // namespace

Duration RetryDelay(const temporal::api::common::v1::RetryPolicy& policy, uint32_t attempt) {
  const Duration initial = policy.has_initial_interval() && FromProto(policy.initial_interval()) > Duration::zero()
                               ? FromProto(policy.initial_interval())
                               : std::chrono::seconds(1);
  const double coefficient = policy.backoff_coefficient() >= 1.0 ? policy.backoff_coefficient() : 2.0;
  const Duration maximum = policy.has_maximum_interval() && FromProto(policy.maximum_interval()) > Duration::zero()
                               ? FromProto(policy.maximum_interval())
                               : initial * 100;
  double delay = static_cast<double>(initial.count());
  for (uint32_t i = 1; i < attempt && delay < static_cast<double>(maximum.count()); ++i) delay *= coefficient;
  return std::min(maximum, Duration(static_cast<Duration::rep>(delay)));
}

RegistryLocalActivityRunner::RegistryLocalActivityRunner(LocalActivityRunnerOptions options,
                                                         activity::ActivityRegistry activities)
    : options_(std::move(options)),
      activities_(std::move(activities)),
      slots_(SlotSupplier::Create(options_.max_concurrent)) {
  if (!options_.metrics) options_.metrics = WorkerMetrics::NoOp();
  slots_->Observe([metrics = options_.metrics](int available, int used) {
    metrics->local_activity_slots.Record(available, used);
  });
}

void RegistryLocalActivityRunner::RecordAttempt(const LocalActivityRequest& request, const Resolution& outcome,
                                                std::chrono::steady_clock::duration ran_for,
                                                Timestamp original_schedule_time) {
  const LocalActivityTypeMetrics& metrics =
      options_.metrics->ForLocalActivity(request.command.activity_type, request.workflow_type);
  metrics.total->Add(1);
  metrics.execution_latency->Record(ran_for);
  switch (outcome.kind) {
    case Resolution::Kind::kCompleted: {
      const auto since_scheduled = WallNow() - original_schedule_time;
      if (since_scheduled >= Duration::zero()) metrics.succeed_endtoend_latency->Record(since_scheduled);
      break;
    }
    case Resolution::Kind::kCanceled:
      metrics.execution_cancelled->Add(1);
      break;
    default:
      if (CountsAsFailure(outcome.failure)) metrics.execution_failed->Add(1);
      break;
  }
}

RegistryLocalActivityRunner::~RegistryLocalActivityRunner() {
  CancelAll();
  std::map<uint64_t, std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    threads = std::move(threads_);
    finished_.clear();
  }
  // Not under the lock: a thread takes it to say it finished.
  for (auto& [id, thread] : threads) thread.join();
}

void RegistryLocalActivityRunner::CancelAll() {
  stop_.request_stop();
  std::lock_guard lock(mutex_);
  canceled_ = true;
  for (activity::Context* context : running_) context->RequestCancel(activity::CancelReason::kWorkerShutdown);
}

size_t RegistryLocalActivityRunner::threads() const {
  std::lock_guard lock(mutex_);
  return threads_.size();
}

void RegistryLocalActivityRunner::JoinFinishedThreads() {
  std::vector<std::thread> finished;
  {
    std::lock_guard lock(mutex_);
    for (uint64_t id : finished_) {
      auto it = threads_.find(id);
      if (it == threads_.end()) continue;
      finished.push_back(std::move(it->second));
      threads_.erase(it);
    }
    finished_.clear();
  }
  for (auto& thread : finished) thread.join();  // they are returning now
}

std::shared_ptr<LocalActivityCancellation> RegistryLocalActivityRunner::Start(LocalActivityRequest request,
                                                                              Done done) {
  JoinFinishedThreads();
  auto cancellation = std::make_shared<LocalActivityCancellation>();
  std::lock_guard lock(mutex_);
  const uint64_t id = next_thread_id_++;
  // The thread reports under mutex_ that it finished, so it cannot do so
  // before it is in threads_ (this lock is held until then).
  threads_.emplace(id, std::thread([this, id, request = std::move(request), done = std::move(done), cancellation] {
    LocalActivityResult result;
    try {
      result = Run(request, cancellation.get());
    } catch (const std::exception& e) {
      Failure failure;
      failure.set_message(std::string("the local activity runner failed: ") + e.what());
      failure.set_source("temporal-cpp");
      failure.mutable_application_failure_info()->set_type("LocalActivityRunnerError");
      result.outcome = Failed(std::move(failure));
    }
    try {
      done(std::move(result));
    } catch (...) {
      // `done` hands the result over; nothing here could report its failure.
    }
    std::lock_guard finished_lock(mutex_);
    finished_.push_back(id);
  }));
  return cancellation;
}

void RegistryLocalActivityRunner::Sleep(Duration duration, std::stop_token stop) {
  if (options_.sleep) {
    options_.sleep(duration);
    return;
  }
  std::mutex mutex;
  std::condition_variable_any never_notified;
  std::unique_lock lock(mutex);
  never_notified.wait_for(lock, stop, duration, [] { return false; });
}

Resolution RegistryLocalActivityRunner::RunAttempt(const LocalActivityRequest& request, uint32_t attempt,
                                                   Timestamp original_schedule_time,
                                                   LocalActivityCancellation& cancellation,
                                                   std::optional<std::chrono::steady_clock::time_point>* started) {
  const auto& command = request.command;
  // A slot wait ends on shutdown and on cancellation.
  std::stop_source wake;
  std::stop_callback on_shutdown(stop_.get_token(), [&wake] { wake.request_stop(); });
  std::stop_callback on_cancel(cancellation.token(), [&wake] { wake.request_stop(); });
  SlotSupplier::Permit slot = slots_->Acquire(wake.get_token());
  if (!slot && cancellation.canceled()) return Canceled();
  if (!slot) {
    Resolution canceled;
    canceled.kind = Resolution::Kind::kFailed;
    canceled.failure.set_message("the worker is shutting down");
    canceled.failure.mutable_application_failure_info()->set_type("WorkerShutdown");
    return canceled;
  }
  if (started != nullptr) *started = std::chrono::steady_clock::now();
  auto definition = activities_.Find(command.activity_type);
  if (!definition) {
    std::string known;
    for (const auto& name : activities_.names()) known += (known.empty() ? "" : ", ") + name;
    Failure failure;
    failure.set_message("local activity type \"" + command.activity_type +
                        "\" is not registered with this worker (registered: [" + known + "])");
    failure.set_source("temporal-cpp");
    failure.mutable_application_failure_info()->set_type("ActivityTypeNotRegistered");
    failure.mutable_application_failure_info()->set_non_retryable(true);
    return Failed(std::move(failure));
  }

  activity::ActivityInfo info;
  info.activity_id = command.activity_id;
  info.activity_type = command.activity_type;
  info.namespace_name = options_.namespace_name;
  info.task_queue = request.task_queue;
  info.workflow_namespace = options_.namespace_name;
  info.workflow_id = request.workflow_id;
  info.workflow_run_id = request.run_id;
  info.workflow_type = request.workflow_type;
  info.attempt = static_cast<int32_t>(attempt);
  info.scheduled_time = original_schedule_time;
  info.current_attempt_scheduled_time = WallNow();
  info.started_time = info.current_attempt_scheduled_time;
  info.schedule_to_close_timeout = command.schedule_to_close_timeout;
  info.start_to_close_timeout = command.start_to_close_timeout;
  info.retry_policy = RetryPolicy::FromProto(command.retry_policy);
  info.is_local = true;
  // This attempt's deadline: start-to-close, bounded by schedule-to-close.
  std::optional<Timestamp> deadline;
  enums::TimeoutType deadline_type = enums::TIMEOUT_TYPE_START_TO_CLOSE;
  if (command.start_to_close_timeout) deadline = info.started_time + *command.start_to_close_timeout;
  if (command.schedule_to_close_timeout) {
    const Timestamp overall = original_schedule_time + *command.schedule_to_close_timeout;
    if (!deadline || overall < *deadline) {
      deadline = overall;
      deadline_type = enums::TIMEOUT_TYPE_SCHEDULE_TO_CLOSE;
    }
  }
  info.deadline = deadline;

  activity::Context context(std::move(info), options_.converter, Values(), [](std::vector<Payload>) {
    // A local activity has no server-side heartbeat; its details go nowhere.
  });
  {
    std::lock_guard lock(mutex_);
    if (canceled_) context.RequestCancel(activity::CancelReason::kWorkerShutdown);
    running_.insert(&context);
  }
  cancellation.AttachAttempt(&context);
  // Asks the attempt to stop at its deadline; it can only be asked.
  std::jthread timer;
  if (deadline) {
    const auto wait = *deadline - WallNow();
    timer = std::jthread([&context, wait](std::stop_token stop) {
      std::mutex mutex;
      std::condition_variable_any never;
      std::unique_lock lock(mutex);
      never.wait_for(lock, stop, wait, [] { return false; });
      if (!stop.stop_requested()) context.RequestCancel(activity::CancelReason::kTimedOut);
    });
  }

  Resolution outcome;
  try {
    outcome.result = activity::RunActivity(*definition, context, {command.arguments, HeaderFromProto(command.header)},
                                           options_.interceptors);
    outcome.kind = Resolution::Kind::kCompleted;
  } catch (...) {
    outcome = Failed(options_.converter.ToFailure(std::current_exception()));
  }
  if (timer.joinable()) {
    timer.request_stop();
    timer.join();
  }
  cancellation.AttachAttempt(nullptr);
  {
    std::lock_guard lock(mutex_);
    running_.erase(&context);
  }
  if (context.cancel_reason() == activity::CancelReason::kRequested && outcome.kind == Resolution::Kind::kFailed &&
      outcome.failure.has_canceled_failure_info()) {
    // The activity stopped as the workflow asked: canceled, not failed.
    outcome.kind = Resolution::Kind::kCanceled;
    return outcome;
  }
  if (context.cancel_reason() == activity::CancelReason::kTimedOut ||
      (deadline && WallNow() > *deadline && outcome.kind != Resolution::Kind::kCompleted)) {
    return Failed(TimeoutFailure(deadline_type, "local activity \"" + command.activity_type + "\" timed out (" +
                                                    (deadline_type == enums::TIMEOUT_TYPE_START_TO_CLOSE
                                                         ? "start-to-close"
                                                         : "schedule-to-close") +
                                                    ")"));
  }
  return outcome;
}

LocalActivityResult RegistryLocalActivityRunner::Run(const LocalActivityRequest& request,
                                                     LocalActivityCancellation* cancellation) {
  LocalActivityCancellation never_canceled;
  LocalActivityCancellation& cancel = cancellation != nullptr ? *cancellation : never_canceled;
  // Waits between attempts end on shutdown and on cancellation.
  std::stop_source wake;
  std::stop_callback on_shutdown(stop_.get_token(), [&wake] { wake.request_stop(); });
  std::stop_callback on_cancel(cancel.token(), [&wake] { wake.request_stop(); });
  const auto& command = request.command;
  const Timestamp original_schedule_time = command.original_schedule_time.value_or(WallNow());
  const uint32_t max_attempts =
      command.retry_policy.maximum_attempts() > 0 ? static_cast<uint32_t>(command.retry_policy.maximum_attempts()) : 0;
  LocalActivityResult result;
  result.original_schedule_time = original_schedule_time;
  const auto task_started = std::chrono::steady_clock::now();
  for (uint32_t attempt = std::max<uint32_t>(command.attempt, 1);; ++attempt) {
    result.attempt = attempt;
    if (cancel.canceled()) {
      result.outcome = Canceled();
      break;
    }
    std::optional<std::chrono::steady_clock::time_point> attempt_started;
    result.outcome = RunAttempt(request, attempt, original_schedule_time, cancel, &attempt_started);
    if (attempt_started) {
      RecordAttempt(request, result.outcome, std::chrono::steady_clock::now() - *attempt_started,
                    original_schedule_time);
    }
    if (result.outcome.kind == Resolution::Kind::kCompleted) break;
    if (cancel.canceled()) break;  // no retry of a canceled activity, whatever its attempt did
    bool shutting_down;
    {
      std::lock_guard lock(mutex_);
      shutting_down = canceled_;
    }
    if (shutting_down || !IsRetryable(result.outcome.failure, command.retry_policy)) break;
    if (max_attempts != 0 && attempt >= max_attempts) break;
    const Duration delay = RetryDelay(command.retry_policy, attempt);
    if (command.schedule_to_close_timeout &&
        WallNow() + delay >= original_schedule_time + *command.schedule_to_close_timeout) {
      break;  // the next attempt could not finish in time
    }
    if (delay > options_.local_retry_threshold) {
      // The workflow waits on a timer and schedules attempt + 1.
      result.backoff = delay;
      result.attempt = attempt;
      break;
    }
    Sleep(delay, wake.get_token());
    if (cancel.canceled()) {
      // Canceled while it waited for its next attempt (sdk-core resolves it so).
      result.outcome = Canceled();
      break;
    }
  }
  result.complete_time = request.scheduled_time +
                         std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now() - task_started);
  return result;
}

}  // namespace temporal::worker_internal
