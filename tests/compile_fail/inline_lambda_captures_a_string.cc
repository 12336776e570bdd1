// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Must not compile with GCC 12: a predicate lambda written inside the
// co_await that captures a std::string by value. GCC 12 destroys such a
// temporary twice (internal/await_temporaries.h). With other compilers this
// file compiles, and the test expects that instead (tests/compile_fail/CMakeLists.txt).
#include <set>
#include <string>

#include "temporal/workflow/task.h"
#include "temporal/workflow/wait_condition.h"

temporal::Task<void> Workflow(const std::set<std::string>& approvals, std::string name) {
  co_await temporal::workflow::WaitCondition([name, &approvals] { return approvals.contains(name); });
}
