// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Must not compile: WhenAll takes ownership of the Tasks it runs, so a
// named Task must be passed with std::move.
#include "temporal/workflow/task.h"
#include "temporal/workflow/when_all.h"

temporal::Task<int> Child() { co_return 1; }

temporal::Task<void> Workflow() {
  temporal::Task<int> child = Child();
  co_await temporal::workflow::WhenAll(child);
}
