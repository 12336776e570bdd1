// Uses the installed SDK as an application would: the generated API, the
// converter, a Client (on a mock connection, so no server is needed), and the
// testing library. Built with the consumer's own flags (GNU extensions on).
#include <iostream>

#include "temporal/client/client.h"
#include "temporal/client/mocks/mock_connection.h"
#include "temporal/common/version.h"
#include "temporal/converter/data_converter.h"
#include "temporal/testing/dev_server.h"

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

  if (temporal::testing::DevServer::FindExecutable("/nonexistent/temporal").ok()) return 1;
  std::cout << temporal::SdkName() << " " << temporal::SdkVersion() << "\n";
  return 0;
}
