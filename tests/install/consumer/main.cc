// Uses the installed SDK: its headers, the generated API, and the testing library.
#include <iostream>

#include "temporal/api/workflowservice/v1/service.grpc.pb.h"
#include "temporal/common/version.h"
#include "temporal/testing/dev_server.h"

int main() {
  temporal::api::workflowservice::v1::StartWorkflowExecutionRequest request;
  request.set_workflow_id("consumer");
  request.mutable_workflow_type()->set_name("Hello");
  temporal::api::workflowservice::v1::StartWorkflowExecutionRequest parsed;
  if (!parsed.ParseFromString(request.SerializeAsString()) || parsed.workflow_id() != "consumer") {
    std::cerr << "generated API round trip failed\n";
    return 1;
  }
  auto cli = temporal::testing::DevServer::FindExecutable("/nonexistent/temporal");
  if (cli.ok()) return 1;
  std::cout << temporal::SdkName() << " " << temporal::SdkVersion() << "\n";
  return 0;
}
