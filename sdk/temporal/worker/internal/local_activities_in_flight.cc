// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/worker/internal/local_activities_in_flight.h"

namespace temporal::worker_internal {

using workflow_internal::machines::LocalActivityResult;

LocalActivitiesInFlight::LocalActivitiesInFlight(LocalActivityRunner& runner) : runner_(runner) {}

LocalActivitiesInFlight::~LocalActivitiesInFlight() { CancelAll(); }

void LocalActivitiesInFlight::Start(LocalActivityRequest request) {
  const uint32_t seq = request.command.seq;
  // The callback holds the results, not this object: an abandoned activity
  // reports after its workflow task has moved on.
  auto done = [results = results_, seq](LocalActivityResult result) {
    std::lock_guard lock(results->mutex);
    results->done.emplace_back(seq, std::move(result));
    results->changed.notify_all();
  };
  waiting_[seq] = runner_.Start(std::move(request), std::move(done));
}

void LocalActivitiesInFlight::Cancel(uint32_t seq) {
  if (auto it = waiting_.find(seq); it != waiting_.end()) it->second->Cancel();
}

void LocalActivitiesInFlight::Abandon(uint32_t seq) { waiting_.erase(seq); }

void LocalActivitiesInFlight::CancelAll() {
  for (auto& [seq, cancellation] : waiting_) cancellation->Cancel();
  waiting_.clear();
}

std::optional<std::pair<uint32_t, LocalActivityResult>> LocalActivitiesInFlight::NextUntil(
    std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(results_->mutex);
  while (!waiting_.empty()) {
    if (!results_->changed.wait_until(lock, deadline, [&] { return !results_->done.empty(); }))
      return std::nullopt;
    auto next = std::move(results_->done.front());
    results_->done.pop_front();
    // Results of abandoned activities are dropped.
    if (waiting_.erase(next.first) > 0) return next;
  }
  return std::nullopt;
}

}  // namespace temporal::worker_internal
