// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/worker/internal/poller.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "temporal/client/rpc_error.h"
#include "temporal/client/rpc_retry_options.h"
#include "temporal/common/error.h"

namespace temporal::worker_internal {

// ---- SlotSupplier ----

SlotSupplier::Permit& SlotSupplier::Permit::operator=(Permit&& other) noexcept {
  if (this != &other) {
    Release();
    owner_ = std::exchange(other.owner_, nullptr);
  }
  return *this;
}

void SlotSupplier::Permit::Release() {
  if (owner_) {
    owner_->ReleaseOne();
    owner_.reset();
  }
}

std::shared_ptr<SlotSupplier> SlotSupplier::Create(int max_slots) {
  if (max_slots < 1) {
    throw InvalidArgumentError("a slot supplier needs at least one slot, not " +
                               std::to_string(max_slots));
  }
  std::shared_ptr<SlotSupplier> supplier(new SlotSupplier(max_slots));
  supplier->self_ = supplier;
  return supplier;
}

SlotSupplier::Permit SlotSupplier::Acquire(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  if (!changed_.wait(lock, stop, [&] { return available_ > 0; })) return Permit();
  --available_;
  if (observer_) observer_(available_, max_slots_ - available_);
  return Permit(self_.lock());
}

SlotSupplier::Permit SlotSupplier::TryAcquire() {
  std::lock_guard lock(mutex_);
  if (available_ == 0) return Permit();
  --available_;
  if (observer_) observer_(available_, max_slots_ - available_);
  return Permit(self_.lock());
}

void SlotSupplier::Observe(std::function<void(int available, int used)> observer) {
  std::lock_guard lock(mutex_);
  observer_ = std::move(observer);
  if (observer_) observer_(available_, max_slots_ - available_);
}

int SlotSupplier::available() const {
  std::lock_guard lock(mutex_);
  return available_;
}

bool SlotSupplier::WaitAllFree(std::chrono::steady_clock::time_point deadline) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_until(lock, deadline, [&] { return available_ == max_slots_; });
}

void SlotSupplier::ReleaseOne() {
  {
    std::lock_guard lock(mutex_);
    ++available_;
    if (observer_) observer_(available_, max_slots_ - available_);
  }
  changed_.notify_all();
}

// ---- PollBackoff ----

namespace {

Duration Exponential(Duration initial, double multiplier, Duration max, int failures) {
  // Stop growing once past the cap, so the power cannot overflow.
  double interval = static_cast<double>(initial.count());
  const double cap = static_cast<double>(max.count());
  for (int i = 0; i < failures && interval < cap; ++i) interval *= multiplier;
  return Duration(static_cast<Duration::rep>(std::min(interval, cap)));
}

}  // namespace

Duration PollBackoff::Failed(grpc::StatusCode code, double random) {
  std::lock_guard lock(mutex_);
  Duration wait =
      Exponential(options_.initial_interval, options_.multiplier, options_.max_interval, failures_);
  ++failures_;
  if (code == grpc::StatusCode::RESOURCE_EXHAUSTED) {
    wait = std::max(
        wait, Exponential(options_.resource_exhausted_initial_interval, options_.multiplier,
                          options_.resource_exhausted_max_interval, resource_exhausted_failures_));
    ++resource_exhausted_failures_;
  }
  const double factor = 1.0 - options_.jitter + 2.0 * options_.jitter * random;
  return Duration(static_cast<Duration::rep>(static_cast<double>(wait.count()) * factor));
}

void PollBackoff::Succeeded() {
  std::lock_guard lock(mutex_);
  failures_ = 0;
  resource_exhausted_failures_ = 0;
}

int PollBackoff::consecutive_failures() const {
  std::lock_guard lock(mutex_);
  return failures_;
}

bool IsPermanentPollError(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::NOT_FOUND:
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::PERMISSION_DENIED:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::UNIMPLEMENTED:
    case grpc::StatusCode::UNAUTHENTICATED:
      return true;
    default:
      return false;
  }
}

// ---- PollLoop ----

namespace {

double ThreadRandom() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

}  // namespace

PollLoop::PollLoop(PollLoopOptions options, Poll poll)
    : options_(std::move(options)), poll_(std::move(poll)), backoff_(options_.backoff) {
  if (!options_.slots) throw InvalidArgumentError("PollLoopOptions.slots is required");
  if (options_.pollers < 1) {
    throw InvalidArgumentError("PollLoopOptions.pollers must be at least 1, not " +
                               std::to_string(options_.pollers));
  }
  if (!poll_) throw InvalidArgumentError("a PollLoop needs a poll function");
  if (!options_.random) options_.random = ThreadRandom;
  if (!options_.logger) options_.logger = DefaultLogger();
}

PollLoop::~PollLoop() {
  Stop();
  Join();
}

void PollLoop::Start() {
  std::lock_guard lock(mutex_);
  if (!threads_.empty() || stop_.stop_requested()) return;
  for (int i = 0; i < options_.pollers; ++i) threads_.emplace_back([this, i] { RunPoller(i); });
}

void PollLoop::Stop() {
  stop_.request_stop();  // wakes slot waits and backoff sleeps (stop_token waits)
  cancellation_->Cancel();
}

void PollLoop::Join() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    threads.swap(threads_);
  }
  for (auto& thread : threads) {
    if (thread.get_id() == std::this_thread::get_id()) {
      thread.detach();  // Join from on_fatal_error: the thread ends right after
    } else if (thread.joinable()) {
      thread.join();
    }
  }
}

bool PollLoop::SleepUnlessStopped(Duration duration) {
  std::unique_lock lock(mutex_);
  sleeping_.wait_for(lock, stop_.get_token(), duration, [] { return false; });
  return !stop_.stop_requested();
}

void PollLoop::ReportActivePolls(int change) {
  if (!options_.on_active_pollers) return;
  std::lock_guard lock(active_polls_mutex_);
  active_polls_ += change;
  options_.on_active_pollers(active_polls_);
}

void PollLoop::RunPoller(int index) {
  CallOptions call_options;
  call_options.cancellation = cancellation_;
  call_options.retry = RpcRetryOptions::NoRetries();
  const std::stop_token stop = stop_.get_token();
  while (!stop.stop_requested()) {
    SlotSupplier::Permit permit = options_.slots->Acquire(stop);
    if (!permit) break;
    grpc::StatusCode failure = grpc::StatusCode::OK;
    std::string message;
    std::exception_ptr error;
    // Polls in flight, for the num_pollers gauge (a poll that dispatched
    // its task counts until its function returns).
    ReportActivePolls(+1);
    try {
      poll_(std::move(permit), call_options);
    } catch (const RpcError& e) {
      failure = e.code();
      message = e.what();
      error = std::current_exception();
    } catch (const std::exception& e) {
      failure = grpc::StatusCode::UNKNOWN;
      message = e.what();
      error = std::current_exception();
    } catch (...) {
      failure = grpc::StatusCode::UNKNOWN;
      message = "unknown exception";
      error = std::current_exception();
    }
    ReportActivePolls(-1);
    if (failure == grpc::StatusCode::OK) {
      polls_completed_.fetch_add(1);
      backoff_.Succeeded();
      std::lock_guard lock(mutex_);
      permanent_error_since_.reset();
      continue;
    }
    polls_failed_.fetch_add(1);
    // A poll canceled by Stop fails with CANCELLED only if the transport did
    // not already turn it into an empty response; either way it is routine.
    if (stop.stop_requested()) break;
    const Duration wait = backoff_.Failed(failure, options_.random());

    bool give_up = false;
    {
      std::lock_guard lock(mutex_);
      if (IsPermanentPollError(failure)) {
        const auto now = std::chrono::steady_clock::now();
        if (!permanent_error_since_) permanent_error_since_ = now;
        give_up =
            now - *permanent_error_since_ >= options_.permanent_error_grace && !fatal_reported_;
        if (give_up) fatal_reported_ = true;
      } else {
        permanent_error_since_.reset();
      }
    }
    if (give_up) {
      options_.logger->Error(
          "polling stopped: the server kept refusing polls for the whole grace period",
          {{"poller", options_.name},
           {"poller_index", std::to_string(index)},
           {"grace_s", std::to_string(
                           std::chrono::duration_cast<std::chrono::seconds>(options_.permanent_error_grace).count())},
           {"error", message}});
      Stop();
      if (options_.on_fatal_error) options_.on_fatal_error(error);
      break;
    }
    options_.logger->Warn(
        "poll failed; retrying",
        {{"poller", options_.name},
         {"poller_index", std::to_string(index)},
         {"error", message},
         {"retry_in_ms", std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(wait).count())}});
    if (!SleepUnlessStopped(wait)) break;
  }
}

}  // namespace temporal::worker_internal
