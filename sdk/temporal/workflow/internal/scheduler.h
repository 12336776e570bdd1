// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Scheduler: the single-threaded, deterministic event loop of one workflow
// run. The runtime applies an activation's jobs (resolving Deferreds, which
// makes their waiters ready), then calls RunUntilQuiescent; the order in
// which coroutines run is then a pure function of the order of those calls,
// which is what makes replay reproduce the original execution.
//
//   Scheduler scheduler;
//   temporal::workflow::Deferred<int> timer_fired;      // owned by the replay core
//   scheduler.Spawn(WorkflowMain(timer_fired));         // ready, not running
//   scheduler.RunUntilQuiescent();                      // runs until WorkflowMain waits
//   timer_fired.Resolve(1);                             // a job: makes the waiter ready
//   scheduler.RunUntilQuiescent();                      // WorkflowMain continues
//   scheduler.Teardown();                               // eviction: frees every frame
//
// The loop (RunUntilQuiescent):
//   1. resume ready coroutines one at a time, in FIFO order, until none is
//      ready (a coroutine made ready while this runs goes to the back);
//   2. then evaluate the waiting conditions once each, in registration order;
//      each that is true (or throws) is removed and its coroutine made ready,
//      in that order;
//   3. if step 2 woke anything, go to 1; otherwise the run is quiescent.
// Nothing here reads a clock, does I/O or starts a thread.
#ifndef TEMPORAL_WORKFLOW_INTERNAL_SCHEDULER_H_
#define TEMPORAL_WORKFLOW_INTERNAL_SCHEDULER_H_

#include <cstddef>
#include <exception>

#include "temporal/workflow/intrusive_list.h"
#include "temporal/workflow/task.h"
#include "temporal/workflow/wait_condition.h"

namespace temporal::workflow_internal {

// Scheduler: see the file comment. Not copyable or movable: coroutines keep
// a pointer to the scheduler of their run.
class Scheduler final : private TaskFinishListener {
 public:
  Scheduler() = default;
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;
  // Tears down whatever is still outstanding (see Teardown).
  ~Scheduler();

  // Spawn makes `root` a root coroutine of this run, owned by the scheduler
  // and ready at the back of the queue; it runs at the next
  // RunUntilQuiescent, never inside Spawn. A root must handle its own
  // exceptions: one that escapes is rethrown by RunUntilQuiescent. Its frame
  // is freed as soon as it finishes. Throws UsageError for an empty task or
  // one already started.
  void Spawn(Task<void> root);

  // RunUntilQuiescent runs the loop in the file comment. When an exception
  // escapes a root coroutine, it stops at once and rethrows it (coroutines
  // still ready stay queued). Throws UsageError when called from inside a
  // coroutine of this run.
  void RunUntilQuiescent();

  // Teardown destroys every outstanding coroutine of the run, suspended or
  // ready, without resuming any (eviction from the cache, the end of a
  // run): their frames and locals are destroyed, and their pending waits on
  // Deferreds and conditions are withdrawn. The scheduler is empty and
  // reusable afterwards. Throws UsageError when called from inside a
  // coroutine of this run.
  void Teardown();

  // For the runtime and tests.
  std::size_t root_count() const noexcept { return root_count_; }
  bool has_ready() const noexcept { return !ready_.empty(); }
  std::size_t ready_count() const noexcept { return ready_.size(); }
  std::size_t waiting_condition_count() const noexcept { return conditions_.size(); }

  // The seams SDK awaitables build on (through TaskPromiseBase::Wake and
  // ConditionWaiter). MakeReady queues a suspended coroutine of this run at
  // the back of the ready queue; AddCondition registers a waiting condition.
  void MakeReady(TaskPromiseBase& coroutine);
  void AddCondition(ConditionWaiter& waiter) noexcept;

 private:
  void OnTaskFinished(TaskPromiseBase& root) noexcept override;
  // Frees the frames of finished roots; returns the first exception that
  // escaped one of them.
  std::exception_ptr DestroyFinishedRoots() noexcept;
  // Step 2 of the loop; true when it woke a coroutine.
  bool WakeSatisfiedConditions();
  void DestroyRoot(TaskPromiseBase& root) noexcept;

  IntrusiveList<TaskPromiseBase> ready_;
  IntrusiveList<ConditionWaiter> conditions_;
  IntrusiveList<TaskPromiseBase> roots_;
  IntrusiveList<TaskPromiseBase> finished_roots_;
  std::size_t root_count_ = 0;
  bool running_ = false;
};

}  // namespace temporal::workflow_internal

#endif  // TEMPORAL_WORKFLOW_INTERNAL_SCHEDULER_H_
