// Uses the installed SDK as an application would: the generated API, the
// converter, a Client (on a mock connection, so no server is needed), a
// workflow replayed from a history, a Worker with a workflow and an activity
// registered, and the testing library. Built with the consumer's own flags
// (GNU extensions on).
#include <iostream>
#include <string>

#include "temporal/client/client.h"
#include "temporal/client/mocks/mock_connection.h"
#include "temporal/common/version.h"
#include "temporal/converter/data_converter.h"
#include "temporal/replay/history_loader.h"
#include "temporal/replay/replayer.h"
#include "temporal/testing/dev_server.h"
#include "temporal/worker/worker.h"
#include "temporal/workflow/workflow.h"

namespace {

temporal::Task<std::string> Echo(std::string text) { co_return text; }

std::string Shout(std::string text) { return text + "!"; }

// A history of Echo("hi") as a server records it: started, one workflow
// task, completed with "hi".
constexpr const char* kEchoHistory = R"({"events": [
  {"eventId": "1", "eventType": "EVENT_TYPE_WORKFLOW_EXECUTION_STARTED",
   "workflowExecutionStartedEventAttributes": {"workflowType": {"name": "Echo"},
     "taskQueue": {"name": "q"}, "input": {"payloads": [{"metadata": {"encoding": "anNvbi9wbGFpbg=="},
     "data": "ImhpIg=="}]}, "workflowTaskTimeout": "10s", "originalExecutionRunId": "r1",
     "firstExecutionRunId": "r1", "attempt": 1}},
  {"eventId": "2", "eventType": "EVENT_TYPE_WORKFLOW_TASK_SCHEDULED",
   "workflowTaskScheduledEventAttributes": {"taskQueue": {"name": "q"}, "startToCloseTimeout": "10s", "attempt": 1}},
  {"eventId": "3", "eventType": "EVENT_TYPE_WORKFLOW_TASK_STARTED",
   "workflowTaskStartedEventAttributes": {"scheduledEventId": "2"}},
  {"eventId": "4", "eventType": "EVENT_TYPE_WORKFLOW_TASK_COMPLETED",
   "workflowTaskCompletedEventAttributes": {"scheduledEventId": "2", "startedEventId": "3"}},
  {"eventId": "5", "eventType": "EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED",
   "workflowExecutionCompletedEventAttributes": {"result": {"payloads": [{"metadata": {"encoding": "anNvbi9wbGFpbg=="},
     "data": "ImhpIg=="}]}, "workflowTaskCompletedEventId": "4"}}]})";

}  // namespace

int main() {
  temporal::converter::DataConverter converter;
  auto payload = converter.ToPayload(std::string("round trip"));
  if (converter.FromPayload<std::string>(payload) != "round trip") {
    std::cerr << "converter round trip failed\n";
    return 1;
  }

  auto mock = std::make_shared<temporal::mocks::MockConnection>();
  temporal::api::workflowservice::v1::CountWorkflowExecutionsResponse counted;
  counted.set_count(3);
  ON_CALL(*mock, CountWorkflowExecutions).WillByDefault(::testing::Return(counted));
  temporal::Client client(mock);
  if (client.CountWorkflows("WorkflowType = 'X'") != 3) {
    std::cerr << "client on a mock connection failed\n";
    return 1;
  }

  temporal::workflow::WorkflowRegistry workflows;
  workflows.Register("Echo", Echo);
  temporal::replay::Replayer replayer({.workflows = workflows});
  auto replayed = replayer.Replay(temporal::replay::HistoryFromJson(kEchoHistory));
  if (!replayed.ok()) {
    std::cerr << "replaying Echo failed: " << replayed.message << "\n";
    return 1;
  }

  temporal::Worker worker(client, {.task_queue = "consumer"});
  worker.RegisterWorkflow("Echo", Echo);
  worker.RegisterActivity("Shout", Shout);

  if (temporal::testing::DevServer::FindExecutable("/nonexistent/temporal").ok()) return 1;
  std::cout << temporal::SdkName() << " " << temporal::SdkVersion() << "\n";
  return 0;
}
