// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// DevServer error paths that need no server. Starting a real server is
// covered by every integration test binary.
#include "temporal/testing/dev_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "temporal/testing/dev_server_environment.h"

namespace {

using ::testing::HasSubstr;
using temporal::testing::DevServer;
using temporal::testing::DevServerOptions;

TEST(DevServer, MissingConfiguredExecutableIsNotFound) {
  DevServerOptions options;
  options.executable = "/nonexistent/temporal";
  auto server = DevServer::Start(options);
  ASSERT_FALSE(server.ok());
  EXPECT_TRUE(absl::IsNotFound(server.status())) << server.status();
  EXPECT_THAT(server.status().message(), HasSubstr("/nonexistent/temporal"));
}

TEST(DevServer, ExecutableThatExitsAtOnceIsUnavailableWithItsOutput) {
  // `false` runs and exits 1 whatever its arguments: a stand-in for a CLI
  // that cannot start (bad flag, port taken).
  DevServerOptions options;
  options.executable = "/bin/false";
  options.startup_timeout = std::chrono::seconds(5);
  auto server = DevServer::Start(options);
  ASSERT_FALSE(server.ok());
  EXPECT_TRUE(absl::IsUnavailable(server.status())) << server.status();
  EXPECT_THAT(server.status().message(), HasSubstr("exited with code 1"));
}

TEST(DevServer, RejectsANonIpv4BindAddress) {
  DevServerOptions options;
  options.executable = "/bin/false";
  options.ip = "localhost";
  auto server = DevServer::Start(options);
  ASSERT_FALSE(server.ok());
  EXPECT_TRUE(absl::IsInvalidArgument(server.status())) << server.status();
}

TEST(UniqueName, CarriesPrefixTestNameAndDiffersEachCall) {
  const std::string a = temporal::testing::UniqueName("wf");
  const std::string b = temporal::testing::UniqueName("wf");
  EXPECT_THAT(a, ::testing::StartsWith("wf-UniqueName-CarriesPrefixTestNameAndDiffersEachCall-"));
  EXPECT_NE(a, b);
}

}  // namespace
