// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// WorkflowRunCache: the worker's cache of workflow runs for sticky
// execution. A cached run keeps its replay core (WorkflowMachines) and its
// workflow state (WorkflowRun) between workflow tasks, so the next task of
// the run, delivered on the worker's sticky queue with only the new events,
// continues it instead of replaying the whole history.
//
//   WorkflowRunCache cache({.max_runs = 600});
//   WorkflowRunCache::Lease lease = cache.Checkout(run_id);   // created empty if absent
//   std::lock_guard lock(lease->mutex);                       // one thread per run
//   if (!lease->machines) { /* rebuild from the whole history */ }
//   ...
//   cache.Evict(lease, "non-determinism");                    // or keep it: the lease just ends
//
// Limits: at most `max_runs` runs, and (when set) at most `max_bytes` of
// estimated size (the history size the server reports for each run's last
// workflow task). When over a limit, the least recently used runs that no
// task holds are evicted; a run a task holds is never taken from it, so the
// cache may exceed its limit while more runs are in use than it allows, and
// shrinks back when their tasks end. With max_runs == 0 nothing stays
// cached (every task replays the whole history).
#ifndef TEMPORAL_WORKER_INTERNAL_WORKFLOW_RUN_CACHE_H_
#define TEMPORAL_WORKER_INTERNAL_WORKFLOW_RUN_CACHE_H_

#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "temporal/worker/internal/worker_metrics.h"
#include "temporal/workflow/internal/machines/workflow_machines.h"
#include "temporal/workflow/internal/workflow_run.h"

namespace temporal::worker_internal {

// CachedRun: one workflow run of the cache. `mutex` serializes the tasks of
// the run (a query-only task may arrive while a workflow task runs). The
// other fields are guarded by it; `machines` and `run` are empty until the
// run is built from its history.
struct CachedRun {
  explicit CachedRun(std::string id) : run_id(std::move(id)) {}

  const std::string run_id;
  std::mutex mutex;
  std::string workflow_id;
  std::string workflow_type;
  // The run in `run` is declared after `machines` so that it is destroyed
  // first: its coroutines are torn down while the machines still exist.
  std::unique_ptr<workflow_internal::machines::WorkflowMachines> machines;
  std::unique_ptr<workflow_internal::WorkflowRun> run;
  // Set (under the cache's lock) when the run left the cache: a task that
  // was waiting for `mutex` must build a new one.
  bool evicted = false;
  // The instruments of the run's workflow type (the worker's metrics own
  // them), looked up on the run's first task.
  const WorkflowTypeMetrics* metrics = nullptr;
};

struct WorkflowRunCacheOptions {
  size_t max_runs = 600;
  // 0: no limit by size.
  int64_t max_bytes = 0;
  // Told about each eviction (run id and reason), for the worker's log.
  std::function<void(const std::string& run_id, const std::string& reason)> on_evict;
  // Told the number of runs whenever it changes (the sticky_cache_size
  // gauge), under the cache's lock: keep it short.
  std::function<void(size_t runs)> on_size;
};

// kEvictedWorkflowClosed: the eviction reason of a run whose workflow
// closed; every other reason counts as a forced eviction.
inline constexpr const char* kEvictedWorkflowClosed = "workflow closed";

class WorkflowRunCache {
 public:
  // Lease: a run checked out by one task; returning it (destroying the
  // lease) marks the run recently used and lets the cache enforce its
  // limits. Move-only.
  class Lease {
   public:
    Lease() = default;
    Lease(Lease&& other) noexcept
        : cache_(std::exchange(other.cache_, nullptr)), run_(std::move(other.run_)) {}
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { Return(); }

    CachedRun* operator->() const { return run_.get(); }
    CachedRun& operator*() const { return *run_; }
    const std::shared_ptr<CachedRun>& run() const { return run_; }
    explicit operator bool() const { return run_ != nullptr; }
    void Return();

   private:
    friend class WorkflowRunCache;
    Lease(WorkflowRunCache* cache, std::shared_ptr<CachedRun> run) : cache_(cache), run_(std::move(run)) {}
    WorkflowRunCache* cache_ = nullptr;
    std::shared_ptr<CachedRun> run_;
  };

  explicit WorkflowRunCache(WorkflowRunCacheOptions options);
  WorkflowRunCache(const WorkflowRunCache&) = delete;
  WorkflowRunCache& operator=(const WorkflowRunCache&) = delete;

  // Checkout: the cached run `run_id`, created (empty) when absent.
  Lease Checkout(const std::string& run_id);
  // Find: the cached run, or an empty lease when it is not cached.
  Lease Find(const std::string& run_id);

  // Evict removes the leased run from the cache (its state is destroyed
  // when the last lease ends). Call with the run's mutex held.
  void Evict(const Lease& lease, const std::string& reason);
  // SetSize records the run's estimated size in bytes.
  void SetSize(const Lease& lease, int64_t bytes);

  // EvictAll empties the cache (at shutdown); runs in use leave it at once
  // and die with their last lease.
  void EvictAll(const std::string& reason);

  size_t size() const;
  int64_t bytes() const;
  bool caching() const { return options_.max_runs > 0; }

 private:
  struct Entry {
    std::shared_ptr<CachedRun> run;
    int leases = 0;
    int64_t bytes = 0;
    std::list<std::string>::iterator lru;  // position in lru_ (front: least recent)
  };

  void Return(const std::shared_ptr<CachedRun>& run);
  // Removes `run_id` from the maps; the caller destroys what it returns outside the lock.
  std::shared_ptr<CachedRun> RemoveLocked(std::string run_id, const std::string& reason,
                                          std::vector<std::pair<std::string, std::string>>& evicted);
  // Evicts idle runs, least recently used first, while over a limit.
  void EnforceLimitsLocked(std::vector<std::shared_ptr<CachedRun>>& doomed,
                           std::vector<std::pair<std::string, std::string>>& evicted);
  void Report(const std::vector<std::pair<std::string, std::string>>& evicted) const;

  const WorkflowRunCacheOptions options_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;
  std::list<std::string> lru_;
  int64_t bytes_ = 0;
};

}  // namespace temporal::worker_internal

#endif  // TEMPORAL_WORKER_INTERNAL_WORKFLOW_RUN_CACHE_H_
