// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Must not compile: an awaiter from elsewhere (here, one that would hand
// the coroutine to a thread pool) has the right members but did not opt in
// by deriving from temporal::workflow::Awaitable.
#include <coroutine>

#include "temporal/workflow/task.h"

struct ResumeOnThreadPool {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};

temporal::Task<void> Workflow() { co_await ResumeOnThreadPool{}; }
