// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// WorkerInterceptor: what a worker's interceptors are made from. List them
// in WorkerOptions::interceptors (the first is the outermost); per workflow
// run the worker asks each for its workflow interceptors
// (temporal/workflow/interceptor.h), and per activity attempt (local
// activities included) for its activity interceptors
// (temporal/activity/interceptor.h). Override what you intercept; the rest
// is passed on untouched.
//
//   // Every activity call of every workflow carries the workflow's id in a header.
//   class CallerHeader : public temporal::WorkerInterceptor {
//    public:
//     temporal::workflow::WorkflowInterceptors InterceptWorkflow(
//         temporal::workflow::WorkflowInboundInterceptor& inbound,
//         temporal::workflow::WorkflowOutboundInterceptor& outbound) override {
//       return {.outbound = std::make_unique<AddCaller>(outbound)};   // AddCaller: a WorkflowOutboundInterceptor
//     }
//     temporal::activity::ActivityInterceptors InterceptActivity(
//         temporal::activity::ActivityInboundInterceptor& inbound,
//         temporal::activity::ActivityOutboundInterceptor& outbound) override {
//       return {.inbound = std::make_unique<ReadCaller>(inbound)};    // ReadCaller: an ActivityInboundInterceptor
//     }
//   };
//
//   temporal::WorkerOptions options{.task_queue = "orders"};
//   options.interceptors.push_back(std::make_shared<CallerHeader>());
//
// One WorkerInterceptor serves every run and attempt of the worker, from
// several threads at once: keep per-run (per-attempt) state in the
// interceptors it returns. Workflow interceptors are replayed with the
// workflow: a Replayer replaying the worker's histories needs the same list
// (ReplayerOptions::interceptors) when they issue commands of their own.
#ifndef TEMPORAL_WORKER_INTERCEPTOR_H_
#define TEMPORAL_WORKER_INTERCEPTOR_H_

#include "temporal/activity/interceptor.h"
#include "temporal/workflow/interceptor.h"

namespace temporal {

// WorkerInterceptor: see the file comment.
class WorkerInterceptor : public workflow::WorkflowInterceptorFactory, public activity::ActivityInterceptorFactory {
 public:
  ~WorkerInterceptor() override = default;
};

}  // namespace temporal

#endif  // TEMPORAL_WORKER_INTERCEPTOR_H_
