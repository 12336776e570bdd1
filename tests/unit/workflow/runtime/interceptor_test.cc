// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Workflow interceptors, through the commands a WorkflowRun answers with:
// every outbound call reaches the outbound interceptors with its inputs, a
// header they add travels on the command, inbound interceptors see the
// headers of the start, signals, queries and updates and can reject them,
// the first factory listed is the outermost, and an interceptor that only
// passes calls on changes no command.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "run_harness.h"
#include "temporal/common/error.h"
#include "temporal/converter/composite_payload_converter.h"
#include "temporal/worker/interceptor.h"
#include "temporal/workflow/interceptor.h"
#include "temporal/workflow/workflow.h"

namespace temporal::workflow_internal::testing {
namespace {

namespace wf = temporal::workflow;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

const converter::DataConverter& Converter() {
  static const converter::DataConverter converter;
  return converter;
}

Payload HeaderValue(const std::string& value) { return Converter().payload_converter->ToPayload(value); }

std::string ReadHeader(const Header& header, const std::string& key) {
  auto it = header.find(key);
  if (it == header.end()) return "<none>";
  return Converter().payload_converter->FromPayload<std::string>(it->second);
}

std::string ReadHeader(const temporal::api::common::v1::Header& header, const std::string& key) {
  return ReadHeader(HeaderFromProto(header), key);
}

// --- A recording interceptor: logs each call (with its inputs) and adds a
// "trace" header to everything that carries one. ---

struct CallLog {
  std::vector<std::string> calls;
};

class RecordingOutbound : public wf::WorkflowOutboundInterceptor {
 public:
  RecordingOutbound(wf::WorkflowOutboundInterceptor& next, std::shared_ptr<CallLog> log, std::string name)
      : WorkflowOutboundInterceptor(next), log_(std::move(log)), name_(std::move(name)) {}

  Task<Payloads> ExecuteActivity(wf::ExecuteActivityInput& input) override {
    Record("ExecuteActivity " + input.activity_type + " id=" + input.options.activity_id + " tq=" +
           input.options.task_queue + " args=" + std::to_string(input.args.payloads_size()) + " line=" +
           std::to_string(input.where.line() > 0));
    input.header["trace"] = HeaderValue(name_ + "-activity");
    return next().ExecuteActivity(input);
  }
  Task<Payloads> ExecuteLocalActivity(wf::ExecuteLocalActivityInput& input) override {
    Record("ExecuteLocalActivity " + input.activity_type + " id=" + input.options.activity_id);
    input.header["trace"] = HeaderValue(name_ + "-local");
    return next().ExecuteLocalActivity(input);
  }
  Task<std::shared_ptr<wf::StartedChildWorkflow>> StartChildWorkflow(wf::StartChildWorkflowInput& input) override {
    Record("StartChildWorkflow " + input.workflow_type + " id=" + input.options.workflow_id);
    input.header["trace"] = HeaderValue(name_ + "-child");
    return next().StartChildWorkflow(input);
  }
  Task<void> SignalExternalWorkflow(wf::SignalExternalWorkflowInput& input) override {
    Record("SignalExternalWorkflow " + input.workflow_id + " " + input.signal_name +
           (input.child_workflow_only ? " child-only" : ""));
    input.header["trace"] = HeaderValue(name_ + "-signal");
    return next().SignalExternalWorkflow(input);
  }
  Task<void> CancelExternalWorkflow(wf::CancelExternalWorkflowInput& input) override {
    Record("CancelExternalWorkflow " + input.workflow_id);
    return next().CancelExternalWorkflow(input);
  }
  void ContinueAsNew(wf::ContinueAsNewInput& input) override {
    Record("ContinueAsNew args=" + std::to_string(input.args.payloads_size()));
    input.header["trace"] = HeaderValue(name_ + "-continue");
    next().ContinueAsNew(input);
  }
  Task<void> StartTimer(wf::StartTimerInput& input) override {
    Record("StartTimer " + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(input.duration).count()) +
           "s");
    return next().StartTimer(input);
  }
  Task<Payloads> SideEffect(wf::SideEffectInput& input) override {
    Record("SideEffect");
    return next().SideEffect(input);
  }
  bool Patched(wf::PatchInput& input) override {
    Record("Patched " + input.patch_id + (input.deprecated ? " deprecated" : ""));
    return next().Patched(input);
  }
  void UpsertSearchAttributes(wf::UpsertSearchAttributesInput& input) override {
    Record("UpsertSearchAttributes " + std::to_string(input.attributes.size()));
    next().UpsertSearchAttributes(input);
  }
  void UpsertMemo(wf::UpsertMemoInput& input) override {
    Record("UpsertMemo " + std::to_string(input.memo.size()));
    next().UpsertMemo(input);
  }

 private:
  void Record(const std::string& call) { log_->calls.push_back(name_ + ": " + call); }
  std::shared_ptr<CallLog> log_;
  std::string name_;
};

class RecordingInbound : public wf::WorkflowInboundInterceptor {
 public:
  RecordingInbound(wf::WorkflowInboundInterceptor& next, std::shared_ptr<CallLog> log, std::string name)
      : WorkflowInboundInterceptor(next), log_(std::move(log)), name_(std::move(name)) {}

  Task<Payloads> ExecuteWorkflow(wf::ExecuteWorkflowInput& input) override {
    Record("ExecuteWorkflow " + input.workflow_type + " trace=" + ReadHeader(input.header, "trace"));
    return next().ExecuteWorkflow(input);
  }
  Task<void> HandleSignal(wf::HandleSignalInput& input) override {
    Record("HandleSignal " + input.signal_name + " trace=" + ReadHeader(input.header, "trace"));
    return next().HandleSignal(input);
  }
  Payloads HandleQuery(wf::HandleQueryInput& input) override {
    Record("HandleQuery " + input.query_type + " trace=" + ReadHeader(input.header, "trace"));
    return next().HandleQuery(input);
  }
  void ValidateUpdate(wf::UpdateInput& input) override {
    Record("ValidateUpdate " + input.name + " trace=" + ReadHeader(input.header, "trace"));
    next().ValidateUpdate(input);
  }
  Task<Payloads> ExecuteUpdate(wf::UpdateInput& input) override {
    Record("ExecuteUpdate " + input.name + " trace=" + ReadHeader(input.header, "trace"));
    return next().ExecuteUpdate(input);
  }

 private:
  void Record(const std::string& call) { log_->calls.push_back(name_ + ": " + call); }
  std::shared_ptr<CallLog> log_;
  std::string name_;
};

class Recording : public wf::WorkflowInterceptorFactory {
 public:
  Recording(std::shared_ptr<CallLog> log, std::string name) : log_(std::move(log)), name_(std::move(name)) {}
  wf::WorkflowInterceptors InterceptWorkflow(wf::WorkflowInboundInterceptor& inbound,
                                             wf::WorkflowOutboundInterceptor& outbound) override {
    ++runs;
    made_for = wf::Info().workflow_type;
    return {std::make_unique<RecordingInbound>(inbound, log_, name_),
            std::make_unique<RecordingOutbound>(outbound, log_, name_)};
  }
  int runs = 0;
  std::string made_for;

 private:
  std::shared_ptr<CallLog> log_;
  std::string name_;
};

WorkflowRun::Options WithInterceptors(std::vector<std::shared_ptr<wf::WorkflowInterceptorFactory>> interceptors) {
  WorkflowRun::Options options;
  options.interceptors = std::move(interceptors);
  return options;
}

Resolution Completed(temporal::api::common::v1::Payloads result = {}) {
  Resolution resolution;
  resolution.kind = Resolution::Kind::kCompleted;
  resolution.result = std::move(result);
  return resolution;
}

// --- Every outbound call, with a header where the command carries one ---

Task<std::string> EveryOperation(std::string name) {
  const wf::ActivityOptions options{.start_to_close_timeout = std::chrono::seconds(10)};
  std::string greeting = co_await wf::ExecuteActivity<std::string>("Greet", options, name);
  std::string local = co_await wf::ExecuteLocalActivity<std::string>("Local", options);
  co_await wf::Sleep(5s);
  const wf::ChildWorkflowOptions child_options{.workflow_id = "child-1"};
  wf::ChildWorkflowHandle<void> child = co_await wf::StartChildWorkflow<void>("Child", child_options);
  co_await child.Signal("poke", 1);
  co_await wf::SignalExternalWorkflow("other", "", "nudge", 2);
  co_await wf::CancelExternalWorkflow("other");
  int random = co_await wf::SideEffect<int>([] { return 4; });
  const bool patched = wf::Patched("p1");
  wf::UpsertMemo("k", std::string("v"));
  wf::UpsertSearchAttributes(SearchAttributes{});
  wf::ContinueAsNew(greeting + local + std::to_string(random) + (patched ? "p" : ""));
  co_return "";  // not reached: ContinueAsNew throws
}

TEST(WorkflowInterceptors, EveryOutboundCallReachesTheInterceptorWithItsInputs) {
  auto log = std::make_shared<CallLog>();
  auto recording = std::make_shared<Recording>(log, "r");
  RunHarness harness("EveryOperation", EveryOperation, {}, WithInterceptors({recording}));
  InitializeWorkflowJob init = harness.InitializeJob(harness.Encode(std::string("World")));
  (*init.attributes.mutable_header()->mutable_fields())["trace"] = HeaderValue("from-client");
  auto commands = harness.Activate(std::move(init));
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  const auto& activity = As<ScheduleActivityCommand>(commands[0]);
  EXPECT_EQ(ReadHeader(activity.attributes.header(), "trace"), "r-activity");
  EXPECT_EQ(activity.attributes.activity_id(), std::to_string(activity.seq));  // generated, as without interceptors

  commands = harness.Activate(ResolveActivityJob{.seq = activity.seq, .resolution = Completed(harness.Encode(std::string("Hello")))});
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  const auto& local = As<ScheduleLocalActivityCommand>(commands[0]);
  EXPECT_EQ(ReadHeader(local.header, "trace"), "r-local");

  ResolveLocalActivityJob local_done;
  local_done.seq = local.seq;
  local_done.resolution = Completed(harness.Encode(std::string("!")));
  commands = harness.Activate(local_done);
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  const auto& timer = As<StartTimerCommand>(commands[0]);
  EXPECT_EQ(timer.start_to_fire_timeout, 5s);

  commands = harness.Activate(FireTimerJob{.seq = timer.seq});
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  const auto& child = As<StartChildWorkflowCommand>(commands[0]);
  EXPECT_EQ(child.attributes.workflow_id(), "child-1");
  EXPECT_EQ(ReadHeader(child.attributes.header(), "trace"), "r-child");

  ResolveChildStartJob started;
  started.seq = child.seq;
  started.kind = ResolveChildStartJob::Kind::kStarted;
  started.run_id = "child-run";
  commands = harness.Activate(started);
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  const auto& poke = As<SignalExternalWorkflowCommand>(commands[0]);
  EXPECT_TRUE(poke.attributes.child_workflow_only());
  EXPECT_EQ(ReadHeader(poke.attributes.header(), "trace"), "r-signal");

  commands = harness.Activate(ResolveSignalExternalJob{.seq = poke.seq, .failure = std::nullopt});
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  const auto& nudge = As<SignalExternalWorkflowCommand>(commands[0]);
  EXPECT_EQ(nudge.attributes.signal_name(), "nudge");
  EXPECT_EQ(ReadHeader(nudge.attributes.header(), "trace"), "r-signal");

  commands = harness.Activate(ResolveSignalExternalJob{.seq = nudge.seq, .failure = std::nullopt});
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  const auto& cancel = As<RequestCancelExternalWorkflowCommand>(commands[0]);
  EXPECT_EQ(cancel.attributes.workflow_id(), "other");

  commands = harness.Activate(ResolveCancelExternalJob{.seq = cancel.seq, .failure = std::nullopt});
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  const auto& side_effect = As<RecordSideEffectCommand>(commands[0]);
  EXPECT_EQ(harness.Decode<int>(side_effect.result), 4);

  commands = harness.Activate(ResolveSideEffectJob{.seq = side_effect.seq, .result = side_effect.result});
  ASSERT_EQ(commands.size(), 4u) << Kinds(commands);
  EXPECT_EQ(As<SetPatchMarkerCommand>(commands[0]).patch_id, "p1");
  EXPECT_TRUE(Is<ModifyWorkflowPropertiesCommand>(commands[1]));
  EXPECT_TRUE(Is<UpsertSearchAttributesCommand>(commands[2]));
  const auto& continued = As<ContinueAsNewWorkflowCommand>(commands[3]);
  EXPECT_EQ(ReadHeader(continued.attributes.header(), "trace"), "r-continue");
  EXPECT_EQ(harness.Decode<std::string>(continued.attributes.input()), "Hello!4p");

  EXPECT_EQ(recording->runs, 1);
  EXPECT_EQ(recording->made_for, "EveryOperation");
  EXPECT_THAT(log->calls,
              ElementsAre("r: ExecuteWorkflow EveryOperation trace=from-client",
                          "r: ExecuteActivity Greet id=1 tq= args=1 line=1",  //
                          "r: ExecuteLocalActivity Local id=2",               //
                          "r: StartTimer 5s",                                 //
                          "r: StartChildWorkflow Child id=child-1",           //
                          "r: SignalExternalWorkflow child-1 poke child-only",
                          "r: SignalExternalWorkflow other nudge",  //
                          "r: CancelExternalWorkflow other",        //
                          "r: SideEffect",                          //
                          "r: Patched p1",                          //
                          "r: UpsertMemo 1",                        //
                          "r: UpsertSearchAttributes 0",            //
                          "r: ContinueAsNew args=1"));
}

// --- Passing on changes nothing: the same commands with and without ---

TEST(WorkflowInterceptors, InterceptorsThatPassCallsOnIssueTheSameCommands) {
  auto plain = std::make_shared<wf::WorkflowInterceptorFactory>();  // the defaults: intercepts nothing
  class PassOn : public wf::WorkflowInterceptorFactory {
   public:
    wf::WorkflowInterceptors InterceptWorkflow(wf::WorkflowInboundInterceptor& inbound,
                                               wf::WorkflowOutboundInterceptor& outbound) override {
      return {std::make_unique<wf::WorkflowInboundInterceptor>(inbound),
              std::make_unique<wf::WorkflowOutboundInterceptor>(outbound)};
    }
  };
  RunHarness bare("EveryOperation", EveryOperation);
  RunHarness wrapped("EveryOperation", EveryOperation, {},
                     WithInterceptors({plain, std::make_shared<PassOn>(), std::make_shared<PassOn>()}));
  auto a = bare.Start(bare.Encode(std::string("x")));
  auto b = wrapped.Start(wrapped.Encode(std::string("x")));
  ASSERT_EQ(Kinds(a), Kinds(b));
  EXPECT_EQ(As<ScheduleActivityCommand>(a[0]).attributes.SerializeAsString(),
            As<ScheduleActivityCommand>(b[0]).attributes.SerializeAsString());
  EXPECT_EQ(As<ScheduleActivityCommand>(a[0]).seq, As<ScheduleActivityCommand>(b[0]).seq);
}

// --- The first factory listed is the outermost ---

TEST(WorkflowInterceptors, TheFirstFactoryListedIsTheOutermost) {
  auto log = std::make_shared<CallLog>();
  RunHarness harness("EveryOperation", EveryOperation, {},
                     WithInterceptors({std::make_shared<Recording>(log, "outer"), std::make_shared<Recording>(log, "inner")}));
  auto commands = harness.Start(harness.Encode(std::string("x")));
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  // The inner one sets the header last: its value is what the command carries.
  EXPECT_EQ(ReadHeader(As<ScheduleActivityCommand>(commands[0]).attributes.header(), "trace"), "inner-activity");
  EXPECT_THAT(log->calls, ElementsAre("outer: ExecuteWorkflow EveryOperation trace=<none>",
                                      "inner: ExecuteWorkflow EveryOperation trace=<none>",
                                      "outer: ExecuteActivity Greet id=1 tq= args=1 line=1",
                                      "inner: ExecuteActivity Greet id=1 tq= args=1 line=1"));
}

// --- Coroutine overrides that await next() and change the result ---

class Shouting : public wf::WorkflowOutboundInterceptor {
 public:
  explicit Shouting(wf::WorkflowOutboundInterceptor& next) : WorkflowOutboundInterceptor(next) {}
  Task<Payloads> ExecuteActivity(wf::ExecuteActivityInput& input) override {
    Task<Payloads> inner = next().ExecuteActivity(input);
    Payloads result = co_await inner;
    const std::string text = Converter().FromPayload<std::string>(result.payloads(0));
    Payloads louder;
    *louder.add_payloads() = Converter().ToPayload(text + "!!");
    co_return louder;
  }
  // Answers without the server: no command, the same answer on replay.
  Task<void> StartTimer(wf::StartTimerInput& input) override {
    if (input.duration < 1s) co_return;
    Task<void> inner = next().StartTimer(input);
    co_await inner;
  }
};

Task<std::string> GreetAfterNap() {
  co_await wf::Sleep(10ms);  // the interceptor skips it
  const wf::ActivityOptions options{.start_to_close_timeout = std::chrono::seconds(10)};
  std::string greeting = co_await wf::ExecuteActivity<std::string>("Greet", options);
  co_return greeting;
}

TEST(WorkflowInterceptors, ACoroutineOverrideCanChangeResultsAndAnswerItself) {
  class Factory : public wf::WorkflowInterceptorFactory {
   public:
    wf::WorkflowInterceptors InterceptWorkflow(wf::WorkflowInboundInterceptor&,
                                               wf::WorkflowOutboundInterceptor& outbound) override {
      return {.outbound = std::make_unique<Shouting>(outbound)};
    }
  };
  RunHarness harness("GreetAfterNap", GreetAfterNap, {}, WithInterceptors({std::make_shared<Factory>()}));
  auto commands = harness.Start();
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);  // the activity: no timer was started
  const auto& activity = As<ScheduleActivityCommand>(commands[0]);
  commands = harness.Activate(ResolveActivityJob{.seq = activity.seq, .resolution = Completed(harness.Encode(std::string("hi")))});
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  EXPECT_EQ(harness.Decode<std::string>(As<CompleteWorkflowCommand>(commands[0]).result), "hi!!");
}

// A run evicted while an interceptor's coroutine is suspended tears down cleanly.
TEST(WorkflowInterceptors, ARunEvictedInsideAnInterceptorCoroutineIsDestroyedCleanly) {
  class Factory : public wf::WorkflowInterceptorFactory {
   public:
    wf::WorkflowInterceptors InterceptWorkflow(wf::WorkflowInboundInterceptor&,
                                               wf::WorkflowOutboundInterceptor& outbound) override {
      return {.outbound = std::make_unique<Shouting>(outbound)};
    }
  };
  auto harness = std::make_unique<RunHarness>("GreetAfterNap", GreetAfterNap, converter::DataConverter{},
                                              WithInterceptors({std::make_shared<Factory>()}));
  auto commands = harness->Start();
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  commands = harness->Activate(RemoveFromCacheJob{.reason = "test"});
  EXPECT_TRUE(commands.empty()) << Kinds(commands);
  harness.reset();
}

// --- ContinueAsNew must not return ---

TEST(WorkflowInterceptors, AContinueAsNewOverrideThatReturnsFailsTheTask) {
  class Swallow : public wf::WorkflowOutboundInterceptor {
   public:
    explicit Swallow(wf::WorkflowOutboundInterceptor& next) : WorkflowOutboundInterceptor(next) {}
    void ContinueAsNew(wf::ContinueAsNewInput&) override {}
  };
  class Factory : public wf::WorkflowInterceptorFactory {
   public:
    wf::WorkflowInterceptors InterceptWorkflow(wf::WorkflowInboundInterceptor&,
                                               wf::WorkflowOutboundInterceptor& outbound) override {
      return {.outbound = std::make_unique<Swallow>(outbound)};
    }
  };
  auto again = []() -> Task<void> {
    wf::ContinueAsNew();
    co_return;
  };
  RunHarness harness("Again", again, {}, WithInterceptors({std::make_shared<Factory>()}));
  Completion completion = harness.ActivateForCompletion(harness.InitializeJob());
  ASSERT_TRUE(completion.task_failure.has_value());
  EXPECT_THAT(completion.task_failure->message(), HasSubstr("ContinueAsNew returned"));
}

// --- Inbound: headers of signals, queries, updates; rejecting them ---

Task<std::string> Handlers() {
  std::string log;
  wf::SetSignalHandler<std::string>("add", [&log](std::string item) { log += item; });
  wf::SetQueryHandler("log", [&log] { return log; });
  wf::SetUpdateHandler<std::string>(
      "append", [&log](std::string item) -> std::string { return log += item; },
      [](std::string item) {
        if (item.empty()) throw ApplicationError("empty item", "Invalid");
      });
  std::optional<std::string> last = co_await wf::WaitSignal<std::string>("last");
  co_return log + "|" + last.value_or("none");
}

SignalWorkflowJob Signal(const RunHarness& harness, std::string name, std::string item, std::string trace) {
  SignalWorkflowJob signal{.signal_name = std::move(name), .input = harness.Encode(item), .header = {}, .identity = ""};
  (*signal.header.mutable_fields())["trace"] = HeaderValue(trace);
  return signal;
}

DoUpdateJob Update(const RunHarness& harness, std::string id, std::string item, std::string trace) {
  DoUpdateJob update;
  update.update_id = id;
  update.protocol_instance_id = id;
  update.name = "append";
  update.input = harness.Encode(item);
  (*update.header.mutable_fields())["trace"] = HeaderValue(trace);
  return update;
}

QueryWorkflowJob Query(std::string type, std::string trace) {
  QueryWorkflowJob query;
  query.query_id = "q-" + type;
  query.query_type = std::move(type);
  (*query.header.mutable_fields())["trace"] = HeaderValue(trace);
  return query;
}

TEST(WorkflowInterceptors, InboundInterceptorsSeeTheHeadersOfSignalsQueriesAndUpdates) {
  auto log = std::make_shared<CallLog>();
  RunHarness harness("Handlers", Handlers, {}, WithInterceptors({std::make_shared<Recording>(log, "r")}));
  harness.Start();
  Completion completion = harness.ActivateForCompletion(Signal(harness, "add", "a", "s1"), Update(harness, "u1", "b", "u1"),
                                                        Query("log", "q1"));
  ASSERT_FALSE(completion.task_failure) << completion.task_failure->message();
  ASSERT_EQ(completion.query_answers.size(), 1u);
  ASSERT_TRUE(completion.query_answers[0].result.has_value());
  EXPECT_EQ(harness.Decode<std::string>(*completion.query_answers[0].result), "ab");
  // The buffered "last" signal goes through HandleSignal when WaitSignal takes it.
  auto commands = harness.Activate(Signal(harness, "last", "z", "s2"));
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  EXPECT_EQ(harness.Decode<std::string>(As<CompleteWorkflowCommand>(commands[0]).result), "ab|z");
  EXPECT_THAT(log->calls, ElementsAre("r: ExecuteWorkflow Handlers trace=<none>",  //
                                      "r: ValidateUpdate append trace=u1",        //
                                      "r: HandleSignal add trace=s1",             //
                                      "r: ExecuteUpdate append trace=u1",         //
                                      "r: HandleQuery log trace=q1",              //
                                      "r: HandleSignal last trace=s2"));
}

// Rejects what carries no "trace" header: drops signals, rejects updates, fails queries.
class Gatekeeper : public wf::WorkflowInboundInterceptor {
 public:
  explicit Gatekeeper(wf::WorkflowInboundInterceptor& next) : WorkflowInboundInterceptor(next) {}
  Task<void> HandleSignal(wf::HandleSignalInput& input) override {
    if (!input.header.contains("trace")) return Dropped();
    return next().HandleSignal(input);
  }
  Payloads HandleQuery(wf::HandleQueryInput& input) override {
    if (!input.header.contains("trace")) throw ApplicationError("untraced query", "Untraced");
    return next().HandleQuery(input);
  }
  void ValidateUpdate(wf::UpdateInput& input) override {
    if (!input.header.contains("trace")) throw ApplicationError("untraced update", "Untraced");
    next().ValidateUpdate(input);
  }

 private:
  static Task<void> Dropped() { co_return; }
};

TEST(WorkflowInterceptors, AnInboundInterceptorCanDropSignalsAndRejectUpdatesAndQueries) {
  class Factory : public wf::WorkflowInterceptorFactory {
   public:
    wf::WorkflowInterceptors InterceptWorkflow(wf::WorkflowInboundInterceptor& inbound,
                                               wf::WorkflowOutboundInterceptor&) override {
      return {.inbound = std::make_unique<Gatekeeper>(inbound)};
    }
  };
  RunHarness harness("Handlers", Handlers, {}, WithInterceptors({std::make_shared<Factory>()}));
  harness.Start();
  SignalWorkflowJob untraced_add{.signal_name = "add", .input = harness.Encode(std::string("x")), .header = {}, .identity = ""};
  DoUpdateJob untraced_update = Update(harness, "u1", "y", "");
  untraced_update.header.clear_fields();
  QueryWorkflowJob untraced_query = Query("log", "");
  untraced_query.header.clear_fields();
  Completion completion = harness.ActivateForCompletion(untraced_add, Signal(harness, "add", "a", "t"),
                                                        untraced_update, untraced_query, Query("log", "t"));
  ASSERT_FALSE(completion.task_failure) << completion.task_failure->message();
  ASSERT_EQ(completion.commands.size(), 1u) << Kinds(completion.commands);
  const auto& rejected = As<UpdateResponseCommand>(completion.commands[0]);
  EXPECT_EQ(rejected.kind, UpdateResponseCommand::Kind::kRejected);
  EXPECT_EQ(rejected.rejection.message(), "untraced update");
  ASSERT_EQ(completion.query_answers.size(), 2u);
  ASSERT_TRUE(completion.query_answers[0].failure.has_value());
  EXPECT_EQ(completion.query_answers[0].failure->message(), "untraced query");
  ASSERT_TRUE(completion.query_answers[1].result.has_value());
  EXPECT_EQ(harness.Decode<std::string>(*completion.query_answers[1].result), "a");  // "x" was dropped

  // A dropped signal does not end a WaitSignal; the next one does.
  SignalWorkflowJob untraced_last{.signal_name = "last", .input = harness.Encode(std::string("no")), .header = {}, .identity = ""};
  auto commands = harness.Activate(untraced_last);
  EXPECT_TRUE(commands.empty()) << Kinds(commands);
  commands = harness.Activate(Signal(harness, "last", "yes", "t"));
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  EXPECT_EQ(harness.Decode<std::string>(As<CompleteWorkflowCommand>(commands[0]).result), "a|yes");
}

// The interceptors' ValidateUpdate runs only the first time, as validators do.
TEST(WorkflowInterceptors, ValidateUpdateDoesNotRunOnReplay) {
  auto log = std::make_shared<CallLog>();
  RunHarness harness("Handlers", Handlers, {}, WithInterceptors({std::make_shared<Recording>(log, "r")}));
  harness.Start();
  DoUpdateJob replayed = Update(harness, "u1", "b", "u1");
  replayed.run_validator = false;
  auto commands = harness.Activate(replayed);
  ASSERT_EQ(commands.size(), 2u) << Kinds(commands);  // accepted, completed
  EXPECT_THAT(log->calls, ElementsAre("r: ExecuteWorkflow Handlers trace=<none>", "r: ExecuteUpdate append trace=u1"));
}

// An unknown query reaches the interceptors, and the innermost one fails it.
TEST(WorkflowInterceptors, AnUnknownQueryFailsPastTheInterceptors) {
  auto log = std::make_shared<CallLog>();
  RunHarness harness("Handlers", Handlers, {}, WithInterceptors({std::make_shared<Recording>(log, "r")}));
  harness.Start();
  Completion completion = harness.ActivateForCompletion(Query("nope", "q"));
  ASSERT_EQ(completion.query_answers.size(), 1u);
  ASSERT_TRUE(completion.query_answers[0].failure.has_value());
  EXPECT_THAT(completion.query_answers[0].failure->message(), HasSubstr("unknown query type \"nope\""));
  EXPECT_EQ(completion.query_answers[0].failure->application_failure_info().type(), "UnknownQueryType");
  EXPECT_EQ(log->calls.back(), "r: HandleQuery nope trace=q");
}

// An exception thrown by HandleSignal fails the workflow as a handler's would.
TEST(WorkflowInterceptors, ASignalRejectedByThrowingFailsTheWorkflow) {
  class Strict : public wf::WorkflowInboundInterceptor {
   public:
    explicit Strict(wf::WorkflowInboundInterceptor& next) : WorkflowInboundInterceptor(next) {}
    Task<void> HandleSignal(wf::HandleSignalInput& input) override {
      if (!input.header.contains("trace")) throw ApplicationError("untraced signal " + input.signal_name, "Untraced");
      return next().HandleSignal(input);
    }
  };
  class Factory : public wf::WorkflowInterceptorFactory {
   public:
    wf::WorkflowInterceptors InterceptWorkflow(wf::WorkflowInboundInterceptor& inbound,
                                               wf::WorkflowOutboundInterceptor&) override {
      return {.inbound = std::make_unique<Strict>(inbound)};
    }
  };
  RunHarness harness("Handlers", Handlers, {}, WithInterceptors({std::make_shared<Factory>()}));
  harness.Start();
  SignalWorkflowJob untraced{.signal_name = "add", .input = harness.Encode(std::string("x")), .header = {}, .identity = ""};
  auto commands = harness.Activate(untraced);
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  EXPECT_EQ(As<FailWorkflowCommand>(commands[0]).failure.message(), "untraced signal add");
}

// --- The README's example: a WorkerInterceptor is a workflow interceptor factory ---

class CallerOnActivities : public wf::WorkflowOutboundInterceptor {
 public:
  explicit CallerOnActivities(wf::WorkflowOutboundInterceptor& next) : WorkflowOutboundInterceptor(next) {}
  temporal::Task<temporal::Payloads> ExecuteActivity(wf::ExecuteActivityInput& input) override {
    input.header["caller"] = temporal::converter::DefaultPayloadConverter()->ToPayload(wf::Info().workflow_id);
    return next().ExecuteActivity(input);
  }
};

class Caller : public temporal::WorkerInterceptor {
 public:
  wf::WorkflowInterceptors InterceptWorkflow(wf::WorkflowInboundInterceptor&,
                                             wf::WorkflowOutboundInterceptor& outbound) override {
    return {.outbound = std::make_unique<CallerOnActivities>(outbound)};
  }
};

TEST(WorkflowInterceptors, TheReadmeExampleAddsTheCallerToActivities) {
  RunHarness harness("EveryOperation", EveryOperation, {}, WithInterceptors({std::make_shared<Caller>()}));
  auto commands = harness.Start(harness.Encode(std::string("x")));
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  EXPECT_EQ(ReadHeader(As<ScheduleActivityCommand>(commands[0]).attributes.header(), "caller"), "wf-EveryOperation");
}

}  // namespace
}  // namespace temporal::workflow_internal::testing
