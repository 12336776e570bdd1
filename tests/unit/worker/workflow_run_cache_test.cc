// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/worker/internal/workflow_run_cache.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "temporal/worker/internal/deadlock_detector.h"

namespace temporal::worker_internal {
namespace {
using ::testing::ElementsAre;
using ::testing::Pair;

struct Evictions {
  std::vector<std::pair<std::string, std::string>> seen;
  std::function<void(const std::string&, const std::string&)> callback() {
    return [this](const std::string& run, const std::string& reason) { seen.emplace_back(run, reason); };
  }
};

TEST(WorkflowRunCache, CheckoutCreatesOnceAndFindsAfterwards) {
  WorkflowRunCache cache({.max_runs = 10});
  std::shared_ptr<CachedRun> first;
  {
    auto lease = cache.Checkout("r1");
    first = lease.run();
    EXPECT_EQ(lease->run_id, "r1");
    EXPECT_FALSE(lease->evicted);
  }
  EXPECT_EQ(cache.Checkout("r1").run(), first);
  EXPECT_EQ(cache.Find("r1").run(), first);
  EXPECT_FALSE(cache.Find("r2"));
  EXPECT_EQ(cache.size(), 1u);
}

TEST(WorkflowRunCache, EvictsTheLeastRecentlyUsedIdleRunsWhenFull) {
  Evictions evictions;
  WorkflowRunCache cache({.max_runs = 2, .on_evict = evictions.callback()});
  cache.Checkout("a");
  cache.Checkout("b");
  cache.Checkout("a");  // b is now the least recently used
  cache.Checkout("c");
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_FALSE(cache.Find("b"));
  EXPECT_TRUE(cache.Find("a"));
  EXPECT_THAT(evictions.seen, ElementsAre(Pair("b", "cache full (2 runs)")));
}

TEST(WorkflowRunCache, ReportsEveryChangeOfItsSize) {
  // The temporal_sticky_cache_size gauge follows this.
  std::vector<size_t> sizes;
  WorkflowRunCache cache({.max_runs = 2, .on_size = [&](size_t runs) { sizes.push_back(runs); }});
  cache.Checkout("a");
  cache.Checkout("b");
  cache.Checkout("a");  // already cached: no change
  cache.Checkout("c");  // one more, then b goes
  {
    auto lease = cache.Checkout("a");
    cache.Evict(lease, kEvictedWorkflowClosed);
  }
  cache.EvictAll("worker shutdown");
  EXPECT_THAT(sizes, ElementsAre(1u, 2u, 3u, 2u, 1u, 0u));
}

TEST(WorkflowRunCache, ARunInUseIsNeverTakenFromItsTask) {
  WorkflowRunCache cache({.max_runs = 1});
  auto a = cache.Checkout("a");
  auto b = cache.Checkout("b");
  EXPECT_EQ(cache.size(), 2u);  // over the limit while both are in use
  a.Return();
  EXPECT_EQ(cache.size(), 1u);  // a was the least recently used idle run
  EXPECT_FALSE(cache.Find("a"));
  EXPECT_FALSE(b->evicted);
}

TEST(WorkflowRunCache, WithNoCachingEveryRunLeavesWhenItsTaskEnds) {
  WorkflowRunCache cache({.max_runs = 0});
  EXPECT_FALSE(cache.caching());
  std::weak_ptr<CachedRun> run;
  {
    auto lease = cache.Checkout("a");
    run = lease.run();
  }
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_TRUE(run.expired());
}

TEST(WorkflowRunCache, AnEvictedRunLivesUntilItsLastLeaseAndIsReplacedByAFreshOne) {
  Evictions evictions;
  WorkflowRunCache cache({.max_runs = 5, .on_evict = evictions.callback()});
  auto lease = cache.Checkout("a");
  std::weak_ptr<CachedRun> old = lease.run();
  cache.Evict(lease, "non-determinism");
  EXPECT_TRUE(lease->evicted);
  EXPECT_FALSE(old.expired());
  auto fresh = cache.Checkout("a");
  EXPECT_NE(fresh.run(), lease.run());
  lease.Return();
  EXPECT_TRUE(old.expired());
  EXPECT_TRUE(cache.Find("a"));  // the fresh one stays
  EXPECT_THAT(evictions.seen, ElementsAre(Pair("a", "non-determinism")));
}

TEST(WorkflowRunCache, LimitsBySize) {
  WorkflowRunCache cache({.max_runs = 100, .max_bytes = 1000});
  {
    auto a = cache.Checkout("a");
    cache.SetSize(a, 600);
  }
  {
    auto b = cache.Checkout("b");
    cache.SetSize(b, 600);
  }
  EXPECT_FALSE(cache.Find("a"));
  EXPECT_TRUE(cache.Find("b"));
  EXPECT_EQ(cache.bytes(), 600);
}

TEST(WorkflowRunCache, EvictAllEmptiesIt) {
  WorkflowRunCache cache({.max_runs = 10});
  cache.Checkout("a");
  auto held = cache.Checkout("b");
  cache.EvictAll("worker shutdown");
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_TRUE(held->evicted);
}

TEST(DeadlockDetector, ReportsAnActivationOnceWhenItHoldsItsThreadTooLong) {
  std::mutex mutex;
  std::vector<DeadlockReport> reports;
  DeadlockDetector detector({.threshold = std::chrono::milliseconds(50), .on_deadlock = [&](const DeadlockReport& r) {
                               std::lock_guard lock(mutex);
                               reports.push_back(r);
                             }});
  {
    auto quick = detector.Begin("wf-quick", "run-1", "Quick");
  }
  {
    auto slow = detector.Begin("wf-slow", "run-2", "Slow");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  std::lock_guard lock(mutex);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].workflow_id, "wf-slow");
  EXPECT_EQ(reports[0].workflow_type, "Slow");
  EXPECT_GE(reports[0].elapsed, std::chrono::milliseconds(50));
  EXPECT_THAT(reports[0].Message(), ::testing::HasSubstr("workflow wf-slow (run run-2, type Slow)"));
  EXPECT_EQ(detector.reports(), 1);
}

TEST(DeadlockDetector, ZeroThresholdTurnsItOff) {
  DeadlockDetector detector({.threshold = std::chrono::milliseconds(0), .on_deadlock = [](const DeadlockReport&) {
                               ADD_FAILURE() << "no report expected";
                             }});
  auto watch = detector.Begin("wf", "run", "Type");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(detector.reports(), 0);
}

}  // namespace
}  // namespace temporal::worker_internal
