// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ContinueAsNewError: thrown by temporal::workflow::ContinueAsNew to end the
// run and start a new one of the same workflow id with fresh history.
// Workflow code lets it propagate (catching it swallows the continue).
//
//   if (temporal::workflow::Info().continue_as_new_suggested) {
//     temporal::workflow::ContinueAsNew(state);            // same type, same task queue
//   }
//   temporal::workflow::ContinueAsNew({.workflow_type = "OrdersV2"}, state);
#ifndef TEMPORAL_WORKFLOW_CONTINUE_AS_NEW_H_
#define TEMPORAL_WORKFLOW_CONTINUE_AS_NEW_H_

#include <source_location>
#include <string>

#include "temporal/api/command/v1/message.pb.h"
#include "temporal/common/error.h"

namespace temporal::workflow {

// ContinueAsNewError: see the file comment.
class ContinueAsNewError : public Error {
 public:
  ContinueAsNewError(temporal::api::command::v1::ContinueAsNewWorkflowExecutionCommandAttributes attributes,
                     std::source_location where)
      : Error("the workflow continues as new"), attributes_(std::move(attributes)), where_(where) {}

  const temporal::api::command::v1::ContinueAsNewWorkflowExecutionCommandAttributes& attributes() const {
    return attributes_;
  }
  const std::source_location& where() const { return where_; }

 private:
  temporal::api::command::v1::ContinueAsNewWorkflowExecutionCommandAttributes attributes_;
  std::source_location where_;
};

}  // namespace temporal::workflow

#endif  // TEMPORAL_WORKFLOW_CONTINUE_AS_NEW_H_
