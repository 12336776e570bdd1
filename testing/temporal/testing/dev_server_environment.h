// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// GoogleTest glue for integration tests against a real Temporal dev server:
// one fresh server per test binary, and names unique per test.
//
//   // main.cc of an integration test binary
//   int main(int argc, char** argv) {
//     ::testing::InitGoogleTest(&argc, argv);
//     temporal::testing::DevServerEnvironment::Install();
//     return RUN_ALL_TESTS();
//   }
//
//   // a test
//   class MyTest : public temporal::testing::DevServerTest {};
//   TEST_F(MyTest, Starts) {
//     auto queue = UniqueName("tq");        // "tq-MyTest-Starts-1a2b3c4d"
//     ConnectTo(server_address());          // ... the code under test
//   }
//
// When no Temporal CLI is available the tests are skipped with the reason,
// except under CI (environment variable CI=true), where they fail: CI must
// never pass by skipping the real server.
#ifndef TEMPORAL_TESTING_DEV_SERVER_ENVIRONMENT_H_
#define TEMPORAL_TESTING_DEV_SERVER_ENVIRONMENT_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "temporal/testing/dev_server.h"

namespace temporal::testing {

// DevServerEnvironment: starts one DevServer before the first test of the
// binary and stops it after the last.
class DevServerEnvironment : public ::testing::Environment {
 public:
  explicit DevServerEnvironment(DevServerOptions options) : options_(std::move(options)) {}

  // Install registers an environment with the options integration tests use
  // (see DefaultOptions) and returns it; call once, before RUN_ALL_TESTS.
  static DevServerEnvironment* Install(DevServerOptions options = DefaultOptions());

  // DefaultOptions: loopback, free port, the dynamic config that enables the
  // server features the SDK's tests exercise, and one custom search
  // attribute per type (CppKeyword, CppText, CppInt, CppDouble, CppBool,
  // CppDatetime, CppKeywordList).
  static DevServerOptions DefaultOptions();

  // The installed environment, or nullptr before Install.
  static DevServerEnvironment* Get();

  void SetUp() override;
  void TearDown() override;

  // The running server, or nullptr with start_status() saying why not.
  DevServer* server() const { return server_.get(); }
  const absl::Status& start_status() const { return start_status_; }

 private:
  DevServerOptions options_;
  std::unique_ptr<DevServer> server_;
  absl::Status start_status_ = absl::FailedPreconditionError("DevServerEnvironment not set up");
};

// IsCi: true when the environment variable CI is "true" or "1".
bool IsCi();

// UniqueName returns "<prefix>-<suite>-<test>-<8 hex digits>" for the running
// test (sanitized to [A-Za-z0-9-_]), so that tests never share workflow ids,
// task queues or namespaces, even across runs against one server.
std::string UniqueName(std::string_view prefix);

// DevServerTest: a fixture for tests that need the dev server. It skips (or,
// under CI, fails) when the server could not be started.
class DevServerTest : public ::testing::Test {
 protected:
  void SetUp() override;

  // The server's gRPC target, "127.0.0.1:PORT".
  const std::string& server_address() const;
};

}  // namespace temporal::testing

#endif  // TEMPORAL_TESTING_DEV_SERVER_ENVIRONMENT_H_
