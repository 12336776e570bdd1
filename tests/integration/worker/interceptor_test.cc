// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Worker interceptors against the dev server: a "tenant" header given to
// the workflow's start by the client reaches the workflow's inbound
// interceptor, which hands it to its outbound one, which puts it on the
// activity, the local activity, the child workflow and the signal to the
// child; the activity interceptor and the child's inbound interceptor read
// it back. The inbound interceptor sees the run's execute, signals, queries
// and updates, and rejects one update. The run then replays with and
// without the interceptors (headers are not part of the replay check).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "temporal/activity/context.h"
#include "temporal/client/client_errors.h"
#include "temporal/replay/replayer.h"
#include "temporal/worker/interceptor.h"
#include "temporal/workflow/workflow.h"
#include "worker/worker_test_base.h"

namespace temporal::testing {
namespace {
namespace wf = temporal::workflow;
using ::testing::Contains;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

const converter::DataConverter& Converter() {
  static const converter::DataConverter converter;
  return converter;
}

std::string TenantOf(const Header& header) {
  auto it = header.find("tenant");
  return it == header.end() ? "<none>" : Converter().payload_converter->FromPayload<std::string>(it->second);
}

// What the interceptors saw, from every thread of the worker.
struct Seen {
  std::mutex mutex;
  std::vector<std::string> lines;
  void Add(std::string line) {
    std::lock_guard lock(mutex);
    lines.push_back(std::move(line));
  }
  std::vector<std::string> Lines() {
    std::lock_guard lock(mutex);
    return lines;
  }
};

// The run's tenant, shared by its inbound and outbound interceptors.
struct RunTenant {
  std::optional<Payload> tenant;
};

class TenantInbound : public wf::WorkflowInboundInterceptor {
 public:
  TenantInbound(wf::WorkflowInboundInterceptor& next, std::shared_ptr<RunTenant> run, std::shared_ptr<Seen> seen)
      : WorkflowInboundInterceptor(next), run_(std::move(run)), seen_(std::move(seen)) {}

  Task<Payloads> ExecuteWorkflow(wf::ExecuteWorkflowInput& input) override {
    if (auto it = input.header.find("tenant"); it != input.header.end()) run_->tenant = it->second;
    Record("ExecuteWorkflow tenant=" + TenantOf(input.header));
    return next().ExecuteWorkflow(input);
  }
  Task<void> HandleSignal(wf::HandleSignalInput& input) override {
    Record("HandleSignal " + input.signal_name + " tenant=" + TenantOf(input.header));
    return next().HandleSignal(input);
  }
  Payloads HandleQuery(wf::HandleQueryInput& input) override {
    Record("HandleQuery " + input.query_type);
    return next().HandleQuery(input);
  }
  void ValidateUpdate(wf::UpdateInput& input) override {
    Record("ValidateUpdate " + input.name);
    if (input.name == "add" && Converter().FromPayload<int>(input.args.payloads(0)) == 13) {
      throw ApplicationError("13 is refused by the interceptor", "Unlucky");
    }
    next().ValidateUpdate(input);
  }
  Task<Payloads> ExecuteUpdate(wf::UpdateInput& input) override {
    Record("ExecuteUpdate " + input.name);
    return next().ExecuteUpdate(input);
  }

 private:
  void Record(const std::string& what) {
    if (!wf::IsReplaying()) seen_->Add("workflow " + wf::Info().workflow_type + ": " + what);
  }
  std::shared_ptr<RunTenant> run_;
  std::shared_ptr<Seen> seen_;
};

class TenantOutbound : public wf::WorkflowOutboundInterceptor {
 public:
  TenantOutbound(wf::WorkflowOutboundInterceptor& next, std::shared_ptr<RunTenant> run)
      : WorkflowOutboundInterceptor(next), run_(std::move(run)) {}

  Task<Payloads> ExecuteActivity(wf::ExecuteActivityInput& input) override {
    Propagate(input.header);
    return next().ExecuteActivity(input);
  }
  Task<Payloads> ExecuteLocalActivity(wf::ExecuteLocalActivityInput& input) override {
    Propagate(input.header);
    return next().ExecuteLocalActivity(input);
  }
  Task<std::shared_ptr<wf::StartedChildWorkflow>> StartChildWorkflow(wf::StartChildWorkflowInput& input) override {
    Propagate(input.header);
    return next().StartChildWorkflow(input);
  }
  Task<void> SignalExternalWorkflow(wf::SignalExternalWorkflowInput& input) override {
    Propagate(input.header);
    return next().SignalExternalWorkflow(input);
  }

 private:
  void Propagate(Header& header) {
    if (run_->tenant) header["tenant"] = *run_->tenant;
  }
  std::shared_ptr<RunTenant> run_;
};

class TenantActivity : public activity::ActivityInboundInterceptor {
 public:
  TenantActivity(activity::ActivityInboundInterceptor& next, std::shared_ptr<Seen> seen)
      : ActivityInboundInterceptor(next), seen_(std::move(seen)) {}
  Payloads ExecuteActivity(activity::ExecuteActivityInput& input) override {
    const auto& info = activity::Info();
    seen_->Add("activity " + info.activity_type + (info.is_local ? " (local)" : " (remote)") +
               ": tenant=" + TenantOf(input.header));
    return next().ExecuteActivity(input);
  }

 private:
  std::shared_ptr<Seen> seen_;
};

class TenantPropagation : public WorkerInterceptor {
 public:
  explicit TenantPropagation(std::shared_ptr<Seen> seen) : seen_(std::move(seen)) {}
  wf::WorkflowInterceptors InterceptWorkflow(wf::WorkflowInboundInterceptor& inbound,
                                             wf::WorkflowOutboundInterceptor& outbound) override {
    auto run = std::make_shared<RunTenant>();
    return {std::make_unique<TenantInbound>(inbound, run, seen_), std::make_unique<TenantOutbound>(outbound, run)};
  }
  activity::ActivityInterceptors InterceptActivity(activity::ActivityInboundInterceptor& inbound,
                                                   activity::ActivityOutboundInterceptor&) override {
    return {.inbound = std::make_unique<TenantActivity>(inbound, seen_)};
  }

 private:
  std::shared_ptr<Seen> seen_;
};

// --- Workflows ---

Task<std::string> TenantChild() {
  std::optional<std::string> go = co_await wf::WaitSignal<std::string>("go", std::chrono::minutes(1));
  co_return "child got " + go.value_or("nothing");
}

// Runs an activity, a local activity and a child (which it signals), then
// adds what "add" signals and updates bring until "done".
Task<std::string> TenantParent() {
  auto total = std::make_shared<int>(0);
  auto done = std::make_shared<bool>(false);
  wf::SetSignalHandler<int>("add", [total](int n) { *total += n; });
  wf::SetSignalHandler<>("done", [done]() { *done = true; });
  wf::SetQueryHandler<>("total", [total]() { return *total; });
  wf::SetUpdateHandler<int>("add", [total](int n) { return *total += n; });
  const wf::ActivityOptions options{.start_to_close_timeout = std::chrono::seconds(10)};
  std::string remote = co_await wf::ExecuteActivity<std::string>("TenantEcho", options, std::string("remote"));
  std::string local = co_await wf::ExecuteLocalActivity<std::string>("TenantEcho", options, std::string("local"));
  const wf::ChildWorkflowOptions child_options{};
  wf::ChildWorkflowHandle<std::string> child = co_await wf::StartChildWorkflow<std::string>("TenantChild", child_options);
  co_await child.Signal("go", remote + "," + local);
  std::string child_result = co_await child.Result();
  auto is_done = [done] { return *done; };
  co_await wf::WaitCondition(is_done);
  co_return std::to_string(*total) + "|" + child_result;
}

class InterceptorTest : public WorkerTestBase {
 protected:
  static bool Eventually(const std::function<bool()>& condition) {
    for (int i = 0; i < 100; ++i) {
      if (condition()) return true;
      std::this_thread::sleep_for(100ms);
    }
    return condition();
  }
};

TEST_F(InterceptorTest, AHeaderTravelsFromTheClientThroughTheWorkflowToActivitiesAndAChild) {
  auto seen = std::make_shared<Seen>();
  WorkerOptions worker_options;
  worker_options.interceptors.push_back(std::make_shared<TenantPropagation>(seen));
  Worker& worker = MakeWorker(std::move(worker_options));
  worker.RegisterWorkflow("TenantParent", TenantParent);
  worker.RegisterWorkflow("TenantChild", TenantChild);
  worker.RegisterActivity("TenantEcho", [](std::string text) { return text; });
  worker.Start();

  WorkflowOptions options = Options("tenant");
  options.header["tenant"] = Converter().payload_converter->ToPayload(std::string("blue"));
  auto handle = client_->StartWorkflow("TenantParent", options);
  handle.Signal("add", 5);
  EXPECT_TRUE(Eventually([&] { return handle.Query<int>("total") == 5; }));
  EXPECT_EQ(handle.ExecuteUpdate<int>("add", 2), 7);
  try {
    handle.ExecuteUpdate<int>("add", 13);
    ADD_FAILURE() << "the interceptor must reject 13";
  } catch (const WorkflowUpdateFailedError& e) {
    EXPECT_THAT(e.what(), HasSubstr("13 is refused by the interceptor"));
  }
  handle.Signal("done");
  EXPECT_EQ(handle.Result<std::string>(), "7|child got remote,local");

  const std::vector<std::string> lines = seen->Lines();
  EXPECT_THAT(lines, Contains("workflow TenantParent: ExecuteWorkflow tenant=blue"));
  EXPECT_THAT(lines, Contains("activity TenantEcho (remote): tenant=blue"));
  EXPECT_THAT(lines, Contains("activity TenantEcho (local): tenant=blue"));
  EXPECT_THAT(lines, Contains("workflow TenantChild: ExecuteWorkflow tenant=blue"));
  EXPECT_THAT(lines, Contains("workflow TenantChild: HandleSignal go tenant=blue"));
  EXPECT_THAT(lines, Contains("workflow TenantParent: HandleSignal add tenant=<none>"));
  EXPECT_THAT(lines, Contains("workflow TenantParent: HandleQuery total"));
  EXPECT_THAT(lines, Contains("workflow TenantParent: ValidateUpdate add"));
  EXPECT_THAT(lines, Contains("workflow TenantParent: ExecuteUpdate add"));
  EXPECT_THAT(lines, Contains("workflow TenantParent: HandleSignal done tenant=<none>"));
  // The rejected update never executed: two validations, one execution.
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "workflow TenantParent: ValidateUpdate add"), 2);
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "workflow TenantParent: ExecuteUpdate add"), 1);

  // The headers are in the history: the activity's scheduled event carries it.
  const auto history = handle.FetchHistory();
  int scheduled_with_tenant = 0;
  for (const auto& event : history.events()) {
    if (!event.has_activity_task_scheduled_event_attributes()) continue;
    scheduled_with_tenant += TenantOf(HeaderFromProto(event.activity_task_scheduled_event_attributes().header())) == "blue";
  }
  EXPECT_EQ(scheduled_with_tenant, 1);

  // Replay: with the interceptors, and without (they only add headers).
  workflow::WorkflowRegistry workflows;
  workflows.Register("TenantParent", TenantParent);
  workflows.Register("TenantChild", TenantChild);
  replay::Replayer plain({.workflows = workflows});
  EXPECT_TRUE(plain.Replay(history, options.id).ok()) << plain.Replay(history, options.id).message;
  auto replay_seen = std::make_shared<Seen>();
  replay::Replayer intercepted({.workflows = workflows, .interceptors = {std::make_shared<TenantPropagation>(replay_seen)}});
  const replay::ReplayResult result = intercepted.Replay(history, options.id);
  EXPECT_TRUE(result.ok()) << result.message;
  EXPECT_TRUE(replay_seen->Lines().empty());  // replaying: the interceptors record nothing
}

}  // namespace
}  // namespace temporal::testing
