// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Must not compile with GCC 12: an activity argument struct built in place
// inside the co_await (GCC 12 destroys that temporary twice; see
// temporal/workflow/internal/await_temporaries.h). Other compilers accept it.
#include <chrono>
#include <string>

#include "temporal/workflow/workflow.h"

namespace wf = temporal::workflow;

struct Order {
  std::string id;
  int quantity = 0;
};

temporal::Task<void> Ship(std::string id) {
  const wf::ActivityOptions options{.start_to_close_timeout = std::chrono::seconds(10)};
  co_await wf::ExecuteActivity("Ship", options, Order{.id = id, .quantity = 1});
}
