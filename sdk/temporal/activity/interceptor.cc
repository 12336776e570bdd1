// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/activity/interceptor.h"

#include <utility>

#include "temporal/activity/context.h"

namespace temporal::activity {
namespace {

// The innermost interceptors: the activity function, and the context itself.
class RootInbound final : public ActivityInboundInterceptor {
 public:
  RootInbound(const ActivityDefinition& definition, const Context& context)
      : definition_(definition), context_(context) {}
  Payloads ExecuteActivity(ExecuteActivityInput& input) override {
    return definition_.run(input.args, context_.data_converter());
  }

 private:
  const ActivityDefinition& definition_;
  const Context& context_;
};

class RootOutbound final : public ActivityOutboundInterceptor {
 public:
  explicit RootOutbound(Context& context) : context_(context) {}
  const ActivityInfo& Info() override { return context_.info(); }
  void Heartbeat(const Values& details) override { context_.RecordHeartbeatValues(details); }

 private:
  Context& context_;
};

// Clears the context's outbound interceptor when the attempt ends, however
// it ends: the interceptors die with RunActivity.
class OutboundScope {
 public:
  OutboundScope(Context& context, ActivityOutboundInterceptor* outbound) : context_(context) {
    context_.set_outbound(outbound);
  }
  ~OutboundScope() { context_.set_outbound(nullptr); }
  OutboundScope(const OutboundScope&) = delete;
  OutboundScope& operator=(const OutboundScope&) = delete;

 private:
  Context& context_;
};

}  // namespace

Payloads RunActivity(const ActivityDefinition& definition, Context& context, ExecuteActivityInput input,
                     const std::vector<std::shared_ptr<ActivityInterceptorFactory>>& interceptors) {
  Context::Scope current(context);
  if (interceptors.empty()) return definition.run(input.args, context.data_converter());

  RootInbound root_inbound(definition, context);
  RootOutbound root_outbound(context);
  ActivityInboundInterceptor* inbound = &root_inbound;
  ActivityOutboundInterceptor* outbound = &root_outbound;
  std::vector<std::unique_ptr<ActivityInboundInterceptor>> inbound_chain;
  std::vector<std::unique_ptr<ActivityOutboundInterceptor>> outbound_chain;
  // The last factory wraps the root first, so that the first listed ends up outermost.
  for (auto factory = interceptors.rbegin(); factory != interceptors.rend(); ++factory) {
    if (*factory == nullptr) continue;
    ActivityInterceptors made = (*factory)->InterceptActivity(*inbound, *outbound);
    if (made.inbound) {
      inbound = made.inbound.get();
      inbound_chain.push_back(std::move(made.inbound));
    }
    if (made.outbound) {
      outbound = made.outbound.get();
      outbound_chain.push_back(std::move(made.outbound));
    }
  }
  OutboundScope outbound_scope(context, outbound_chain.empty() ? nullptr : outbound);
  return inbound->ExecuteActivity(input);
}

}  // namespace temporal::activity
