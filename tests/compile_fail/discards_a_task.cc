// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Must not compile under -Werror: calling a Task-returning function without
// co_await creates a lazy task and drops it, so its body never runs.
#include "temporal/workflow/task.h"

temporal::Task<void> Step() { co_return; }

temporal::Task<void> Workflow() {
  Step();
  co_return;
}
