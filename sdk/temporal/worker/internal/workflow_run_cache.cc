// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/worker/internal/workflow_run_cache.h"

#include <utility>

namespace temporal::worker_internal {

WorkflowRunCache::Lease& WorkflowRunCache::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    Return();
    cache_ = std::exchange(other.cache_, nullptr);
    run_ = std::move(other.run_);
  }
  return *this;
}

void WorkflowRunCache::Lease::Return() {
  if (cache_ != nullptr && run_ != nullptr) cache_->Return(run_);
  cache_ = nullptr;
  run_.reset();  // may destroy the run (evicted, last lease): outside every lock
}

WorkflowRunCache::WorkflowRunCache(WorkflowRunCacheOptions options) : options_(std::move(options)) {}

WorkflowRunCache::Lease WorkflowRunCache::Checkout(const std::string& run_id) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(run_id);
  if (it == entries_.end()) {
    Entry entry;
    entry.run = std::make_shared<CachedRun>(run_id);
    entry.lru = lru_.insert(lru_.end(), run_id);
    it = entries_.emplace(run_id, std::move(entry)).first;
    if (options_.on_size) options_.on_size(entries_.size());
  } else {
    lru_.splice(lru_.end(), lru_, it->second.lru);
  }
  ++it->second.leases;
  return Lease(this, it->second.run);
}

WorkflowRunCache::Lease WorkflowRunCache::Find(const std::string& run_id) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(run_id);
  if (it == entries_.end()) return Lease();
  ++it->second.leases;
  return Lease(this, it->second.run);
}

void WorkflowRunCache::Return(const std::shared_ptr<CachedRun>& run) {
  std::vector<std::shared_ptr<CachedRun>> doomed;
  std::vector<std::pair<std::string, std::string>> evicted;
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(run->run_id);
    if (it == entries_.end() || it->second.run != run) return;  // evicted while leased
    --it->second.leases;
    EnforceLimitsLocked(doomed, evicted);
  }
  Report(evicted);
  // `doomed` dies here, outside the lock: tearing a run down runs its coroutines' destructors.
}

std::shared_ptr<CachedRun> WorkflowRunCache::RemoveLocked(
    std::string run_id, const std::string& reason,
    std::vector<std::pair<std::string, std::string>>& evicted) {
  // run_id is a copy: the caller's may be the LRU node erased below.
  auto it = entries_.find(run_id);
  if (it == entries_.end()) return nullptr;
  std::shared_ptr<CachedRun> run = std::move(it->second.run);
  run->evicted = true;
  bytes_ -= it->second.bytes;
  lru_.erase(it->second.lru);
  entries_.erase(it);
  if (options_.on_size) options_.on_size(entries_.size());
  evicted.emplace_back(run_id, reason);
  return run;
}

void WorkflowRunCache::EnforceLimitsLocked(std::vector<std::shared_ptr<CachedRun>>& doomed,
                                           std::vector<std::pair<std::string, std::string>>& evicted) {
  auto over = [&] {
    return entries_.size() > options_.max_runs || (options_.max_bytes > 0 && bytes_ > options_.max_bytes);
  };
  for (auto lru = lru_.begin(); lru != lru_.end() && over();) {
    const std::string& run_id = *lru++;
    const Entry& entry = entries_.at(run_id);
    if (entry.leases > 0) continue;  // a task holds it; it goes when that task is done
    const std::string reason = entries_.size() > options_.max_runs
                                   ? "cache full (" + std::to_string(options_.max_runs) + " runs)"
                                   : "cache over " + std::to_string(options_.max_bytes) + " bytes";
    doomed.push_back(RemoveLocked(run_id, reason, evicted));
  }
}

void WorkflowRunCache::Evict(const Lease& lease, const std::string& reason) {
  std::vector<std::pair<std::string, std::string>> evicted;
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(lease->run_id);
    if (it == entries_.end() || it->second.run != lease.run()) return;
    RemoveLocked(lease->run_id, reason, evicted);
  }
  Report(evicted);
}

void WorkflowRunCache::SetSize(const Lease& lease, int64_t bytes) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(lease->run_id);
  if (it == entries_.end() || it->second.run != lease.run()) return;
  bytes_ += bytes - it->second.bytes;
  it->second.bytes = bytes;
}

void WorkflowRunCache::EvictAll(const std::string& reason) {
  std::vector<std::shared_ptr<CachedRun>> doomed;
  std::vector<std::pair<std::string, std::string>> evicted;
  {
    std::lock_guard lock(mutex_);
    while (!lru_.empty()) doomed.push_back(RemoveLocked(lru_.front(), reason, evicted));
  }
  Report(evicted);
}

size_t WorkflowRunCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

int64_t WorkflowRunCache::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

void WorkflowRunCache::Report(const std::vector<std::pair<std::string, std::string>>& evicted) const {
  if (!options_.on_evict) return;
  for (const auto& [run_id, reason] : evicted) options_.on_evict(run_id, reason);
}

}  // namespace temporal::worker_internal
