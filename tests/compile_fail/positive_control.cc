// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Must compile (with -Wall -Wextra -Wpedantic -Werror): every kind of SDK
// awaitable in a workflow coroutine, including a type that opts in by
// deriving from temporal::workflow::Awaitable. If this fails, the harness
// is broken and the compile_fail tests prove nothing.
#include <coroutine>
#include <string>
#include <vector>

#include "temporal/workflow/awaitable.h"
#include "temporal/workflow/deferred.h"
#include "temporal/workflow/task.h"
#include "temporal/workflow/wait_condition.h"
#include "temporal/workflow/when_all.h"
#include "temporal/workflow/when_any.h"

namespace {

// An SDK awaitable written outside the SDK's own headers: opting in is
// deriving from Awaitable.
class ResumesAtOnce : public temporal::workflow::Awaitable {
 public:
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  int await_resume() const noexcept { return 1; }
};

temporal::Task<int> Child(int value) { co_return value; }

temporal::Task<std::string> Workflow(temporal::workflow::Deferred<std::string>& external,
                                     bool& approved) {
  int a = co_await Child(1);
  temporal::Task<int> named = Child(2);
  int b = co_await named;
  int c = co_await ResumesAtOnce();
  co_await temporal::workflow::WaitCondition([&approved] { return approved; });
  // A lambda capturing a string by value passes once it has a name (GCC 12
  // rejects it written inline: inline_lambda_captures_a_string.cc).
  auto approved_by = [text = std::string("x"), &approved] { return approved && !text.empty(); };
  co_await temporal::workflow::WaitCondition(approved_by);
  auto [d, e] = co_await temporal::workflow::WhenAll(Child(4), Child(5));
  std::vector<temporal::Task<int>> many;
  many.push_back(Child(6));
  std::vector<int> all = co_await temporal::workflow::WhenAll(std::move(many));
  auto first = co_await temporal::workflow::WhenAny(Child(7), ResumesAtOnce());
  std::string text = co_await external;
  co_return text + std::to_string(a + b + c + d + e + all.at(0) + static_cast<int>(first.index()));
}

}  // namespace

int main() {
  temporal::workflow::Deferred<std::string> external;
  bool approved = true;
  temporal::Task<std::string> task = Workflow(external, approved);
  return task.valid() ? 0 : 1;
}
