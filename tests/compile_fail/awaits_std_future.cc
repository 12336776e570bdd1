// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Must not compile: a workflow coroutine awaits a std::future, whose value
// arrives from another thread at a time replay cannot reproduce.
#include <future>

#include "temporal/workflow/task.h"

temporal::Task<int> Workflow(std::future<int>& result) {
  co_await std::move(result);
  co_return 0;
}
