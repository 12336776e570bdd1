// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Must not compile with GCC 12: activity options written inside the
// co_await (GCC 12 destroys that temporary twice; see
// temporal/workflow/internal/await_temporaries.h). Other compilers accept it.
#include <chrono>
#include <string>

#include "temporal/workflow/workflow.h"

namespace wf = temporal::workflow;

temporal::Task<std::string> Greet(std::string name) {
  co_return co_await wf::ExecuteActivity<std::string>(
      "ComposeGreeting", {.start_to_close_timeout = std::chrono::seconds(10)}, name);
}
