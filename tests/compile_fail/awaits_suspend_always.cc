// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Must not compile: even the standard library's trivial awaitables are
// refused; a workflow coroutine suspends only on SDK awaitables.
#include <coroutine>

#include "temporal/workflow/task.h"

temporal::Task<void> Workflow() { co_await std::suspend_always{}; }
