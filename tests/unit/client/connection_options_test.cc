// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ConnectionOptions::Validate: options that cannot work are refused with an
// InvalidArgumentError naming the field, before anything touches the network.
#include "temporal/client/connection_options.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <string>

#include "temporal/client/connection.h"
#include "temporal/client/internal/channel.h"

namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

// The message of the InvalidArgumentError that Validate throws, or "" when it does not throw.
std::string ValidationError(const temporal::ConnectionOptions& options) {
  try {
    options.Validate();
    return "";
  } catch (const temporal::InvalidArgumentError& e) {
    return e.what();
  }
}

TEST(ConnectionOptions, DefaultsSuitALocalDevServer) {
  const temporal::ConnectionOptions options;
  EXPECT_EQ(options.target, "localhost:7233");
  EXPECT_FALSE(options.tls.has_value());
  EXPECT_EQ(options.rpc_timeout, 10s);
  ASSERT_TRUE(options.keepalive.has_value());
  EXPECT_EQ(options.keepalive->time, 30s);
  EXPECT_EQ(options.keepalive->timeout, 15s);
  EXPECT_EQ(ValidationError(options), "");
}

TEST(ConnectionOptions, DefaultIdentityIsPidAtHostname) {
  char host[256] = {};
  ASSERT_EQ(gethostname(host, sizeof(host) - 1), 0);
  EXPECT_EQ(temporal::ConnectionOptions{}.identity,
            std::to_string(getpid()) + "@" + std::string(host));
}

TEST(ConnectionOptions, EmptyTargetIsRefused) {
  temporal::ConnectionOptions options;
  options.target = "";
  EXPECT_THAT(ValidationError(options), HasSubstr("ConnectionOptions.target: is empty"));
}

TEST(ConnectionOptions, ClientCertificateWithoutKeyIsRefused) {
  temporal::ConnectionOptions options;
  options.tls = temporal::TlsOptions{.client_cert_pem = "-----BEGIN CERTIFICATE-----"};
  EXPECT_EQ(ValidationError(options),
            "ConnectionOptions.tls: client_cert_pem is set but client_private_key_pem is empty");
}

TEST(ConnectionOptions, ClientKeyWithoutCertificateIsRefused) {
  temporal::ConnectionOptions options;
  options.tls = temporal::TlsOptions{.client_private_key_pem = "-----BEGIN PRIVATE KEY-----"};
  EXPECT_EQ(ValidationError(options),
            "ConnectionOptions.tls: client_private_key_pem is set but client_cert_pem is empty");
}

TEST(ConnectionOptions, ApiKeyWithALineBreakIsRefused) {
  temporal::ConnectionOptions options;
  options.api_key = "key-from-a-file\n";
  EXPECT_THAT(ValidationError(options), HasSubstr("ConnectionOptions.api_key"));
}

TEST(ConnectionOptions, ApiKeyAndAuthorizationHeaderTogetherAreRefused) {
  temporal::ConnectionOptions options;
  options.api_key = "key";
  options.metadata = {{"authorization", "Bearer other"}};
  EXPECT_THAT(ValidationError(options), HasSubstr("ConnectionOptions.metadata"));
  EXPECT_THAT(ValidationError(options), HasSubstr("api_key"));
}

TEST(ConnectionOptions, HeaderKeysGrpcWouldRejectAreRefused) {
  temporal::ConnectionOptions options;
  options.metadata = {{"X-Tenant", "blue"}};
  EXPECT_THAT(ValidationError(options),
              HasSubstr("ConnectionOptions.metadata: key \"X-Tenant\" has characters gRPC does not allow"));
  options.metadata = {{"grpc-timeout", "1S"}};
  EXPECT_THAT(ValidationError(options), HasSubstr("is reserved by gRPC"));
  options.metadata = {{"", "v"}};
  EXPECT_THAT(ValidationError(options), HasSubstr("a header key is empty"));
}

TEST(ConnectionOptions, BinaryValuesNeedABinKey) {
  temporal::ConnectionOptions options;
  options.metadata = {{"x-blob", std::string("\x01\x02", 2)}};
  EXPECT_THAT(ValidationError(options), HasSubstr("must be printable ASCII"));
  options.metadata = {{"x-blob-bin", std::string("\x01\x02", 2)}};
  EXPECT_EQ(ValidationError(options), "");
}

TEST(ConnectionOptions, NonPositiveTimeoutsAreRefused) {
  temporal::ConnectionOptions options;
  options.rpc_timeout = 0s;
  EXPECT_THAT(ValidationError(options), HasSubstr("ConnectionOptions.rpc_timeout: must be positive"));
  options = {};
  options.keepalive->time = -1s;
  EXPECT_THAT(ValidationError(options), HasSubstr("ConnectionOptions.keepalive.time"));
}

TEST(ConnectionOptions, RetryOptionsAreChecked) {
  temporal::ConnectionOptions options;
  options.retry.multiplier = 0.5;
  EXPECT_THAT(ValidationError(options),
              HasSubstr("ConnectionOptions.retry: multiplier must be at least 1"));
  options = {};
  options.retry.randomization_factor = 1.5;
  EXPECT_THAT(ValidationError(options), HasSubstr("randomization_factor must be within [0, 1]"));
  options = {};
  options.retry.max_interval = 10ms;
  EXPECT_THAT(ValidationError(options),
              HasSubstr("max_interval (10 ms) is shorter than initial_interval (100 ms)"));
  options = {};
  options.retry.resource_exhausted.initial_interval = 0s;
  EXPECT_THAT(ValidationError(options), HasSubstr("resource_exhausted.initial_interval"));
  options = {};
  options.retry.max_attempts = -1;
  EXPECT_THAT(ValidationError(options), HasSubstr("max_attempts"));
  options = {};
  options.retry.max_elapsed_time = 0s;
  EXPECT_THAT(ValidationError(options), HasSubstr("max_elapsed_time"));
}

TEST(ConnectionOptions, NullInterceptorIsRefused) {
  temporal::ConnectionOptions options;
  options.interceptors.push_back(nullptr);
  EXPECT_EQ(ValidationError(options), "ConnectionOptions.interceptors: entry 0 is null");
}

TEST(ConnectionOptions, ConnectValidatesBeforeConnecting) {
  temporal::ConnectionOptions options;
  options.target = "";
  EXPECT_THROW(temporal::Connection::Connect(options), temporal::InvalidArgumentError);
}

// The value of integer channel argument `key`, or nullopt when it is not set.
std::optional<int> IntArgument(const grpc::ChannelArguments& arguments, const std::string& key) {
  const grpc_channel_args c_args = arguments.c_channel_args();
  for (size_t i = 0; i < c_args.num_args; ++i) {
    if (key == c_args.args[i].key && c_args.args[i].type == GRPC_ARG_INTEGER) {
      return c_args.args[i].value.integer;
    }
  }
  return std::nullopt;
}

std::optional<std::string> StringArgument(const grpc::ChannelArguments& arguments,
                                          const std::string& key) {
  const grpc_channel_args c_args = arguments.c_channel_args();
  for (size_t i = 0; i < c_args.num_args; ++i) {
    if (key == c_args.args[i].key && c_args.args[i].type == GRPC_ARG_STRING) {
      return std::string(c_args.args[i].value.string);
    }
  }
  return std::nullopt;
}

TEST(ConnectionChannelArguments, KeepaliveReceiveLimitUserAgentAndNameOverride) {
  temporal::ConnectionOptions options;
  options.keepalive = temporal::KeepaliveOptions{.time = 20s, .timeout = 5s,
                                                 .permit_without_calls = true};
  options.tls = temporal::TlsOptions{.server_name_override = "temporal.internal"};
  const grpc::ChannelArguments arguments = temporal::client_internal::ChannelArgumentsFor(options);
  EXPECT_EQ(IntArgument(arguments, GRPC_ARG_KEEPALIVE_TIME_MS), 20000);
  EXPECT_EQ(IntArgument(arguments, GRPC_ARG_KEEPALIVE_TIMEOUT_MS), 5000);
  EXPECT_EQ(IntArgument(arguments, GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS), 1);
  EXPECT_EQ(IntArgument(arguments, GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA), 0);
  EXPECT_EQ(IntArgument(arguments, GRPC_ARG_MAX_RECEIVE_MESSAGE_LENGTH), 128 * 1024 * 1024);
  EXPECT_EQ(StringArgument(arguments, GRPC_SSL_TARGET_NAME_OVERRIDE_ARG), "temporal.internal");
  EXPECT_THAT(StringArgument(arguments, GRPC_ARG_PRIMARY_USER_AGENT_STRING).value_or(""),
              HasSubstr("temporal-cpp/"));
}

TEST(ConnectionChannelArguments, NoKeepaliveWhenDisabled) {
  temporal::ConnectionOptions options;
  options.keepalive = std::nullopt;
  const grpc::ChannelArguments arguments = temporal::client_internal::ChannelArgumentsFor(options);
  EXPECT_EQ(IntArgument(arguments, GRPC_ARG_KEEPALIVE_TIME_MS), std::nullopt);
  EXPECT_EQ(StringArgument(arguments, GRPC_SSL_TARGET_NAME_OVERRIDE_ARG), std::nullopt);
}

}  // namespace
