// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Must compile with every compiler: the forms internal/await_temporaries.h
// lets through under GCC 12 (named options and arguments, std::string
// temporaries, a lambda capturing by reference, a named lambda). If this
// fails, the GCC 12 guard rejects code it should not.
#include <chrono>
#include <string>

#include "temporal/workflow/workflow.h"

namespace wf = temporal::workflow;

struct Order {
  std::string id;
  int quantity = 0;
};

temporal::Task<std::string> Workflow(std::string name) {
  const wf::ActivityOptions options{.start_to_close_timeout = std::chrono::seconds(10)};
  const Order order{.id = name, .quantity = 2};
  std::string a = co_await wf::ExecuteActivity<std::string>("A", options, name, std::string("literal"), order);
  std::string b = co_await wf::ExecuteLocalActivity<std::string>("B", options, a);
  const wf::ChildWorkflowOptions child{.workflow_id = "child-" + name};
  std::string c = co_await wf::ExecuteChildWorkflow<std::string>("C", child, b);
  bool ready = false;
  co_await wf::WaitConditionFor([&ready] { return ready; }, std::chrono::seconds(1));
  auto has_text = [text = std::string("captured by value")] { return !text.empty(); };
  co_await wf::WaitConditionFor(has_text, std::chrono::seconds(1));
  int picked = co_await wf::SideEffect<int>([&order] { return order.quantity; });
  co_await wf::SignalExternalWorkflow("other", "", "ping", order);
  co_return a + b + c + std::to_string(picked);
}
