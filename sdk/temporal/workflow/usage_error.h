// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// UsageError: workflow code used the workflow runtime in a way that cannot
// work, for example awaiting a Task twice, resolving a Deferred twice, or
// awaiting an SDK awaitable outside a workflow run. It is a bug in the code,
// not a Temporal failure: it is not a FailureError, so the runtime can report
// it as a failed workflow task (retried once the code is fixed) rather than
// as a failed workflow.
//
//   temporal::Task<int> task = Compute();
//   int a = co_await task;
//   int b = co_await task;   // throws temporal::workflow::UsageError: "... already awaited ..."
#ifndef TEMPORAL_WORKFLOW_USAGE_ERROR_H_
#define TEMPORAL_WORKFLOW_USAGE_ERROR_H_

#include <string>

#include "temporal/common/error.h"

namespace temporal::workflow {

// UsageError: see the file comment. what() says what was misused and how to fix it.
class UsageError : public Error {
 public:
  explicit UsageError(const std::string& message) : Error(message) {}
};

}  // namespace temporal::workflow

#endif  // TEMPORAL_WORKFLOW_USAGE_ERROR_H_
