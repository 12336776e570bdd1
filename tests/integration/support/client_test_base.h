// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ClientTestBase: the fixture of client integration tests: a Connection and a
// Client to the binary's dev server, a task queue unique to the test, and a
// TaskDriver playing the worker on it.
#ifndef TEMPORAL_TESTS_INTEGRATION_SUPPORT_CLIENT_TEST_BASE_H_
#define TEMPORAL_TESTS_INTEGRATION_SUPPORT_CLIENT_TEST_BASE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/task_driver.h"
#include "temporal/client/client.h"
#include "temporal/testing/dev_server_environment.h"

namespace temporal::testing {

class ClientTestBase : public DevServerTest {
 protected:
  void SetUp() override {
    DevServerTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    connection_ = Connection::Connect({.target = server_address()});
    client_.emplace(connection_);
    task_queue_ = UniqueName("tq");
    driver_.emplace(connection_, "default", task_queue_);
  }

  // Options with a unique workflow id on the test's task queue.
  WorkflowOptions Options(const std::string& prefix = "wf") const {
    return WorkflowOptions{.id = UniqueName(prefix), .task_queue = task_queue_};
  }

  // Values converted (and encoded) by the client's data converter.
  std::vector<Payload> Convert(const auto&... values) const {
    return client_->data_converter().ToPayloads(values...);
  }

  const converter::DataConverter& converter() const { return client_->data_converter(); }

  std::shared_ptr<Connection> connection_;
  std::optional<Client> client_;
  std::string task_queue_;
  std::optional<TaskDriver> driver_;
};

}  // namespace temporal::testing

#endif  // TEMPORAL_TESTS_INTEGRATION_SUPPORT_CLIENT_TEST_BASE_H_
