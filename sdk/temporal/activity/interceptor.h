// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Activity interceptors: code that runs around each activity attempt
// (inbound: the activity function, with its arguments and the header the
// workflow sent) and around what the activity asks of its context
// (outbound: its info, heartbeats). Local activities go through them too.
//
//   namespace activity = temporal::activity;
//
//   // Logs each attempt with the "tenant" header a workflow interceptor set.
//   class TenantLogging : public activity::ActivityInboundInterceptor {
//    public:
//     explicit TenantLogging(activity::ActivityInboundInterceptor& next) : ActivityInboundInterceptor(next) {}
//     temporal::Payloads ExecuteActivity(activity::ExecuteActivityInput& input) override {
//       std::string tenant = "?";
//       if (auto it = input.header.find("tenant"); it != input.header.end()) {
//         tenant = activity::Context::Current().data_converter().payload_converter->FromPayload<std::string>(it->second);
//       }
//       std::clog << activity::Info().activity_type << " for tenant " << tenant << "\n";
//       return next().ExecuteActivity(input);   // the activity function (and inner interceptors)
//     }
//   };
//
//   activity::ActivityInterceptors InterceptActivity(activity::ActivityInboundInterceptor& inbound,
//                                                    activity::ActivityOutboundInterceptor& outbound) override {
//     return {.inbound = std::make_unique<TenantLogging>(inbound)};
//   }
//
// - Interceptors run on the activity's thread, with its Context current
//   (activity::Info(), activity::IsCancelRequested(), ... work in them).
// - ExecuteActivity may change the arguments, answer without calling
//   next(), or catch and translate exceptions (CanceledError and the
//   asynchronous-completion signal of CompleteAsync pass through it too:
//   rethrow what you do not handle).
// - Heartbeat may be called from any thread the activity heartbeats from.
// - Arguments and results are payloads as on the wire (codecs applied).
//
// ActivityInterceptorFactory makes the interceptors of each attempt; a
// temporal::WorkerInterceptor is one (temporal/worker/interceptor.h).
#ifndef TEMPORAL_ACTIVITY_INTERCEPTOR_H_
#define TEMPORAL_ACTIVITY_INTERCEPTOR_H_

#include <memory>
#include <vector>

#include "temporal/activity/activity_definition.h"
#include "temporal/activity/activity_info.h"
#include "temporal/common/header.h"
#include "temporal/common/payload_converter.h"
#include "temporal/common/values.h"

namespace temporal::activity {

class Context;

// ExecuteActivityInput: one attempt's arguments, and the header the
// workflow (its outbound interceptors) scheduled it with.
struct ExecuteActivityInput {
  Payloads args;
  Header header;
};

// ActivityInboundInterceptor: see the file comment. Derive from it, pass
// `next` to its constructor, and override what you intercept. (Write that
// constructor: C++ does not inherit a constructor taking a base reference.)
class ActivityInboundInterceptor {
 public:
  explicit ActivityInboundInterceptor(ActivityInboundInterceptor& next) : next_(&next) {}
  virtual ~ActivityInboundInterceptor() = default;
  ActivityInboundInterceptor(const ActivityInboundInterceptor&) = delete;
  ActivityInboundInterceptor& operator=(const ActivityInboundInterceptor&) = delete;

  // ExecuteActivity: runs the activity; its result (encoded), or it throws
  // (the attempt fails, or is canceled, as the activity function's would).
  virtual Payloads ExecuteActivity(ExecuteActivityInput& input) { return next_->ExecuteActivity(input); }

 protected:
  // For the SDK's innermost implementation, which has no next.
  ActivityInboundInterceptor() = default;
  ActivityInboundInterceptor& next() { return *next_; }

 private:
  ActivityInboundInterceptor* next_ = nullptr;
};

// ActivityOutboundInterceptor: what the activity asks of its context:
// activity::Info() and heartbeats (activity::Heartbeat and Context::Heartbeat).
class ActivityOutboundInterceptor {
 public:
  explicit ActivityOutboundInterceptor(ActivityOutboundInterceptor& next) : next_(&next) {}
  virtual ~ActivityOutboundInterceptor() = default;
  ActivityOutboundInterceptor(const ActivityOutboundInterceptor&) = delete;
  ActivityOutboundInterceptor& operator=(const ActivityOutboundInterceptor&) = delete;

  // Info: what activity::Info() returns (it must outlive the attempt).
  virtual const ActivityInfo& Info() { return next_->Info(); }
  // Heartbeat: records progress (throttled by the worker past the last interceptor).
  virtual void Heartbeat(const Values& details) { next_->Heartbeat(details); }

 protected:
  // For the SDK's innermost implementation, which has no next.
  ActivityOutboundInterceptor() = default;
  ActivityOutboundInterceptor& next() { return *next_; }

 private:
  ActivityOutboundInterceptor* next_ = nullptr;
};

// ActivityInterceptors: one attempt's interceptors from one factory; either
// may be null (that side is not intercepted).
struct ActivityInterceptors {
  std::unique_ptr<ActivityInboundInterceptor> inbound;
  std::unique_ptr<ActivityOutboundInterceptor> outbound;
};

// ActivityInterceptorFactory: makes an attempt's interceptors, once per
// attempt, on the activity's thread with its Context current. Given the
// interceptors to wrap (those of the factories listed after it, then the
// SDK's). Shared by the worker's threads: keep per-attempt state in what it
// returns.
class ActivityInterceptorFactory {
 public:
  virtual ~ActivityInterceptorFactory() = default;
  virtual ActivityInterceptors InterceptActivity(ActivityInboundInterceptor& next_inbound,
                                                 ActivityOutboundInterceptor& next_outbound) {
    (void)next_inbound;
    (void)next_outbound;
    return {};
  }
};

// RunActivity: for workers and test environments: runs one attempt of
// `definition` with `context` current on this thread, through the
// interceptors the factories make (the first listed outermost). Returns the
// result or throws what the activity (or an interceptor) threw.
Payloads RunActivity(const ActivityDefinition& definition, Context& context, ExecuteActivityInput input,
                     const std::vector<std::shared_ptr<ActivityInterceptorFactory>>& interceptors);

}  // namespace temporal::activity

#endif  // TEMPORAL_ACTIVITY_INTERCEPTOR_H_
