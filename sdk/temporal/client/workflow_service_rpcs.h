// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// TEMPORAL_WORKFLOW_SERVICE_RPCS: the WorkflowService RPCs that the SDK calls,
// as an X-macro. Connection, its decorators, its GoogleMock class and the
// table that dispatches to the generated gRPC stub are all generated from this
// one list, so adding an RPC is one line here.
//
// Each entry is X(Name, kind): `Name` is the RPC's name in
// temporal.api.workflowservice.v1.WorkflowService (its request and response
// types are NameRequest / NameResponse), `kind` is kUnary or kLongPoll (a task
// queue poll the server holds open for up to a minute; see CallOptions).
//
//   #define DECLARE(Name, kind) void Log##Name();
//   TEMPORAL_WORKFLOW_SERVICE_RPCS(DECLARE)
//   #undef DECLARE
#ifndef TEMPORAL_CLIENT_WORKFLOW_SERVICE_RPCS_H_
#define TEMPORAL_CLIENT_WORKFLOW_SERVICE_RPCS_H_

#define TEMPORAL_WORKFLOW_SERVICE_RPCS(X)          \
  X(GetSystemInfo, kUnary)                         \
  X(DescribeNamespace, kUnary)                     \
  X(ListNamespaces, kUnary)                        \
  X(RegisterNamespace, kUnary)                     \
  X(StartWorkflowExecution, kUnary)                \
  X(ExecuteMultiOperation, kUnary)                 \
  X(SignalWorkflowExecution, kUnary)               \
  X(SignalWithStartWorkflowExecution, kUnary)      \
  X(QueryWorkflow, kUnary)                         \
  X(UpdateWorkflowExecution, kUnary)               \
  X(PollWorkflowExecutionUpdate, kUnary)           \
  X(RequestCancelWorkflowExecution, kUnary)        \
  X(TerminateWorkflowExecution, kUnary)            \
  X(DescribeWorkflowExecution, kUnary)             \
  X(ListWorkflowExecutions, kUnary)                \
  X(CountWorkflowExecutions, kUnary)               \
  X(GetWorkflowExecutionHistory, kUnary)           \
  X(GetWorkflowExecutionHistoryReverse, kUnary)    \
  X(PollWorkflowTaskQueue, kLongPoll)              \
  X(RespondWorkflowTaskCompleted, kUnary)          \
  X(RespondWorkflowTaskFailed, kUnary)             \
  X(RespondQueryTaskCompleted, kUnary)             \
  X(ResetStickyTaskQueue, kUnary)                  \
  X(PollActivityTaskQueue, kLongPoll)              \
  X(RecordActivityTaskHeartbeat, kUnary)           \
  X(RecordActivityTaskHeartbeatById, kUnary)       \
  X(RespondActivityTaskCompleted, kUnary)          \
  X(RespondActivityTaskCompletedById, kUnary)      \
  X(RespondActivityTaskFailed, kUnary)             \
  X(RespondActivityTaskFailedById, kUnary)         \
  X(RespondActivityTaskCanceled, kUnary)           \
  X(RespondActivityTaskCanceledById, kUnary)       \
  X(ShutdownWorker, kUnary)

#endif  // TEMPORAL_CLIENT_WORKFLOW_SERVICE_RPCS_H_
