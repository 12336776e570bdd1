// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ActivityInterceptors: RunActivity runs an attempt through the interceptors
// the factories make (the first listed outermost), with the Context current;
// inbound ones see the arguments and the header and may change, replace or
// fail the call; outbound ones see Info() and every heartbeat.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "temporal/activity/activity_definition.h"
#include "temporal/activity/context.h"
#include "temporal/activity/interceptor.h"
#include "temporal/common/error.h"

namespace {

namespace activity = temporal::activity;
using temporal::Header;
using temporal::Payload;
using temporal::Payloads;
using temporal::Values;
using temporal::converter::DataConverter;
using ::testing::ElementsAre;

const DataConverter& Converter() {
  static const DataConverter converter;
  return converter;
}

Payloads Args(const std::string& value) {
  Payloads payloads;
  *payloads.add_payloads() = Converter().ToPayload(value);
  return payloads;
}

std::string Text(const Payloads& payloads) { return Converter().FromPayload<std::string>(payloads.payloads(0)); }

struct Log {
  std::vector<std::string> lines;
};

// Logs the attempt with its "tenant" header and changes the argument.
class Inbound : public activity::ActivityInboundInterceptor {
 public:
  Inbound(activity::ActivityInboundInterceptor& next, std::shared_ptr<Log> log, std::string name)
      : ActivityInboundInterceptor(next), log_(std::move(log)), name_(std::move(name)) {}
  Payloads ExecuteActivity(activity::ExecuteActivityInput& input) override {
    std::string tenant = "<none>";
    if (auto it = input.header.find("tenant"); it != input.header.end()) {
      tenant = Converter().payload_converter->FromPayload<std::string>(it->second);
    }
    log_->lines.push_back(name_ + " in: " + activity::Info().activity_type + " tenant=" + tenant);
    input.args = Args(Text(input.args) + "+" + name_);
    Payloads result = next().ExecuteActivity(input);
    log_->lines.push_back(name_ + " out: " + Text(result));
    return result;
  }

 private:
  std::shared_ptr<Log> log_;
  std::string name_;
};

class Outbound : public activity::ActivityOutboundInterceptor {
 public:
  Outbound(activity::ActivityOutboundInterceptor& next, std::shared_ptr<Log> log, std::string name)
      : ActivityOutboundInterceptor(next), log_(std::move(log)), name_(std::move(name)) {}
  const activity::ActivityInfo& Info() override {
    log_->lines.push_back(name_ + " info");
    return next().Info();
  }
  void Heartbeat(const Values& details) override {
    log_->lines.push_back(name_ + " heartbeat " + details.Get<std::string>(0));
    next().Heartbeat(Values::Of(details.Get<std::string>(0) + "@" + name_));
  }

 private:
  std::shared_ptr<Log> log_;
  std::string name_;
};

class Factory : public activity::ActivityInterceptorFactory {
 public:
  Factory(std::shared_ptr<Log> log, std::string name, bool outbound = true)
      : log_(std::move(log)), name_(std::move(name)), outbound_(outbound) {}
  activity::ActivityInterceptors InterceptActivity(activity::ActivityInboundInterceptor& inbound,
                                                   activity::ActivityOutboundInterceptor& outbound) override {
    made_with_context = activity::Context::CurrentOrNull() != nullptr;
    activity::ActivityInterceptors made;
    made.inbound = std::make_unique<Inbound>(inbound, log_, name_);
    if (outbound_) made.outbound = std::make_unique<Outbound>(outbound, log_, name_);
    return made;
  }
  bool made_with_context = false;

 private:
  std::shared_ptr<Log> log_;
  std::string name_;
  bool outbound_;
};

activity::ActivityInfo SomeInfo() {
  activity::ActivityInfo info;
  info.activity_id = "a-1";
  info.activity_type = "Echo";
  return info;
}

std::shared_ptr<const activity::ActivityDefinition> EchoThatHeartbeats() {
  activity::ActivityRegistry registry;
  registry.Register("Echo", [](std::string text) {
    activity::Heartbeat(std::string("half"));
    return text + "!" + activity::Info().activity_id;
  });
  return registry.Find("Echo");
}

TEST(ActivityInterceptors, EachInterceptorSeesTheCallTheHeaderHeartbeatsAndInfoInOrder) {
  auto log = std::make_shared<Log>();
  auto outer = std::make_shared<Factory>(log, "outer");
  auto inner = std::make_shared<Factory>(log, "inner");
  std::vector<std::string> recorded;
  activity::Context context(SomeInfo(), Converter(), Values(), [&](std::vector<Payload> details) {
    recorded.push_back(Converter().FromPayload<std::string>(details.at(0)));
  });
  Header header{{"tenant", Converter().payload_converter->ToPayload(std::string("blue"))}};
  Payloads result = activity::RunActivity(*EchoThatHeartbeats(), context, {Args("x"), header}, {outer, inner});

  EXPECT_EQ(Text(result), "x+outer+inner!a-1");
  EXPECT_TRUE(outer->made_with_context);
  // The heartbeat left through both outbound interceptors, outer first.
  EXPECT_THAT(recorded, ElementsAre("half@outer@inner"));
  EXPECT_THAT(log->lines, ElementsAre("outer info", "inner info",  // Info() in the outer inbound interceptor
                                      "outer in: Echo tenant=blue",  //
                                      "outer info", "inner info",    // ... in the inner one
                                      "inner in: Echo tenant=blue",  //
                                      "outer heartbeat half", "inner heartbeat half@outer",  //
                                      "outer info", "inner info",    // Info() in the activity
                                      "inner out: x+outer+inner!a-1", "outer out: x+outer+inner!a-1"));
  // The interceptors are gone with the attempt: the context heartbeats directly again.
  EXPECT_EQ(context.outbound(), nullptr);
  context.Heartbeat(std::string("late"));
  EXPECT_THAT(recorded, ElementsAre("half@outer@inner", "late"));
}

TEST(ActivityInterceptors, AnInboundInterceptorCanAnswerItselfOrFailTheAttempt) {
  class Refuse : public activity::ActivityInboundInterceptor {
   public:
    explicit Refuse(activity::ActivityInboundInterceptor& next) : ActivityInboundInterceptor(next) {}
    Payloads ExecuteActivity(activity::ExecuteActivityInput& input) override {
      if (Text(input.args) == "cached") return Args("from cache");
      if (!input.header.contains("tenant")) throw temporal::ApplicationError("no tenant", "NoTenant");
      return next().ExecuteActivity(input);
    }
  };
  class RefuseFactory : public activity::ActivityInterceptorFactory {
   public:
    activity::ActivityInterceptors InterceptActivity(activity::ActivityInboundInterceptor& inbound,
                                                     activity::ActivityOutboundInterceptor&) override {
      return {.inbound = std::make_unique<Refuse>(inbound)};
    }
  };
  int runs = 0;
  activity::ActivityRegistry registry;
  registry.Register("Echo", [&runs](std::string text) {
    ++runs;
    return text;
  });
  auto definition = registry.Find("Echo");
  activity::Context context(SomeInfo(), Converter(), Values(), nullptr);
  auto refuse = std::make_shared<RefuseFactory>();

  EXPECT_EQ(Text(activity::RunActivity(*definition, context, {Args("cached"), {}}, {refuse})), "from cache");
  try {
    (void)activity::RunActivity(*definition, context, {Args("x"), {}}, {refuse});
    FAIL() << "expected NoTenant";
  } catch (const temporal::ApplicationError& e) {
    EXPECT_EQ(e.type(), "NoTenant");
  }
  EXPECT_EQ(runs, 0);
  Header tenant{{"tenant", Converter().payload_converter->ToPayload(std::string("blue"))}};
  EXPECT_EQ(Text(activity::RunActivity(*definition, context, {Args("y"), tenant}, {refuse})), "y");
  EXPECT_EQ(runs, 1);
}

TEST(ActivityInterceptors, TheActivitysExceptionsPassThroughAndTheContextIsCurrent) {
  auto log = std::make_shared<Log>();
  activity::ActivityRegistry registry;
  registry.Register("Echo", [](std::string) -> std::string {
    EXPECT_NE(activity::Context::CurrentOrNull(), nullptr);
    activity::CompleteAsync();
  });
  activity::Context context(SomeInfo(), Converter(), Values(), nullptr);
  EXPECT_THROW((void)activity::RunActivity(*registry.Find("Echo"), context, {Args("x"), {}},
                                           {std::make_shared<Factory>(log, "f", /*outbound=*/false)}),
               activity::CompleteAsyncError);
  EXPECT_EQ(activity::Context::CurrentOrNull(), nullptr);
  EXPECT_THAT(log->lines, ElementsAre("f in: Echo tenant=<none>"));  // no "out": it threw
}

TEST(ActivityInterceptors, WithoutInterceptorsTheActivityRunsDirectly) {
  std::vector<std::string> recorded;
  activity::Context context(SomeInfo(), Converter(), Values(), [&](std::vector<Payload> details) {
    recorded.push_back(Converter().FromPayload<std::string>(details.at(0)));
  });
  auto none = std::make_shared<activity::ActivityInterceptorFactory>();  // makes nothing
  EXPECT_EQ(Text(activity::RunActivity(*EchoThatHeartbeats(), context, {Args("x"), {}}, {none})), "x!a-1");
  EXPECT_EQ(Text(activity::RunActivity(*EchoThatHeartbeats(), context, {Args("y"), {}}, {})), "y!a-1");
  EXPECT_THAT(recorded, ElementsAre("half", "half"));
}

// Heartbeats from a thread of the activity's own go through the interceptors too.
TEST(ActivityInterceptors, HeartbeatsFromAnotherThreadGoThroughTheInterceptors) {
  auto log = std::make_shared<Log>();
  std::vector<std::string> recorded;
  activity::Context context(SomeInfo(), Converter(), Values(), [&](std::vector<Payload> details) {
    recorded.push_back(Converter().FromPayload<std::string>(details.at(0)));
  });
  activity::ActivityRegistry registry;
  registry.Register("Echo", [](std::string text) {
    activity::Context& current = activity::Context::Current();
    std::thread([&current] { current.Heartbeat(std::string("from thread")); }).join();
    return text;
  });
  (void)activity::RunActivity(*registry.Find("Echo"), context, {Args("x"), {}}, {std::make_shared<Factory>(log, "f")});
  EXPECT_THAT(recorded, ElementsAre("from thread@f"));
}

}  // namespace
