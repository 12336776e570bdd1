// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// The whole connection stack against a real in-process gRPC server
// (FakeWorkflowService): the headers every call carries, retries and error
// details over the wire, long polls, the 128 MiB receive limit, interceptors,
// and Connect's server check.
#include "temporal/client/connection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fake_time.h"
#include "fake_workflow_service.h"
#include "temporal/client/internal/connection_factory.h"
#include "temporal/client/internal/status_details.h"
#include "temporal/common/version.h"

namespace {

using namespace std::chrono_literals;
using temporal::testing_client::FakeClock;
using temporal::testing_client::FakeSleeper;
using temporal::testing_client::FakeWorkflowService;
using temporal::testing_client::InProcessServer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
namespace ws = temporal::api::workflowservice::v1;

class ConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override { server_ = InProcessServer::Start(&service_); }

  temporal::ConnectionOptions Options() const {
    temporal::ConnectionOptions options;
    options.target = server_->address();
    return options;
  }

  // Connects with a fake clock and sleeper: retries do not wait.
  std::shared_ptr<temporal::Connection> Connect(temporal::ConnectionOptions options) {
    temporal::client_internal::ConnectionDependencies fakes;
    fakes.clock = clock_;
    fakes.sleeper = sleeper_;
    fakes.random = [] { return 0.5; };
    return temporal::client_internal::ConnectWith(std::move(options), fakes);
  }
  std::shared_ptr<temporal::Connection> Connect() { return Connect(Options()); }

  static ws::DescribeNamespaceRequest Describe(const std::string& ns) {
    ws::DescribeNamespaceRequest request;
    request.set_namespace_(ns);
    return request;
  }

  FakeWorkflowService service_;
  std::unique_ptr<InProcessServer> server_;
  std::shared_ptr<FakeClock> clock_ = std::make_shared<FakeClock>();
  std::shared_ptr<FakeSleeper> sleeper_ = std::make_shared<FakeSleeper>(clock_);
};

using ConnectionMetadataTest = ConnectionTest;

TEST_F(ConnectionMetadataTest, EveryCallNamesTheSdk) {
  auto connection = Connect();
  connection->DescribeNamespace(Describe("default"));
  auto calls = service_.Calls("DescribeNamespace");
  ASSERT_THAT(calls, SizeIs(1));
  EXPECT_THAT(calls[0].Values("client-name"), ElementsAre("temporal-cpp"));
  EXPECT_THAT(calls[0].Values("client-version"), ElementsAre(std::string(temporal::SdkVersion())));
  EXPECT_THAT(calls[0].Values("authorization"), IsEmpty());
  ASSERT_THAT(calls[0].Values("user-agent"), SizeIs(1));
  EXPECT_THAT(calls[0].Values("user-agent")[0], HasSubstr("temporal-cpp/"));
}

TEST_F(ConnectionMetadataTest, ApiKeyIsSentAsBearerAuthorization) {
  auto options = Options();
  options.api_key = "secret-key";
  auto connection = Connect(options);
  connection->DescribeNamespace(Describe("default"));
  EXPECT_THAT(service_.Calls("DescribeNamespace")[0].Values("authorization"),
              ElementsAre("Bearer secret-key"));
  // Connect's check carries it too.
  EXPECT_THAT(service_.Calls("GetSystemInfo")[0].Values("authorization"),
              ElementsAre("Bearer secret-key"));
}

TEST_F(ConnectionMetadataTest, TemporalNamespaceComesFromTheRequest) {
  auto connection = Connect();
  connection->DescribeNamespace(Describe("orders-prod"));
  EXPECT_THAT(service_.Calls("DescribeNamespace")[0].Values("temporal-namespace"),
              ElementsAre("orders-prod"));
  // GetSystemInfoRequest has no namespace field, so no header.
  EXPECT_THAT(service_.Calls("GetSystemInfo")[0].Values("temporal-namespace"), IsEmpty());
  // An empty namespace field sends no header either.
  connection->DescribeNamespace(Describe(""));
  EXPECT_THAT(service_.Calls("DescribeNamespace")[1].Values("temporal-namespace"), IsEmpty());
}

TEST_F(ConnectionMetadataTest, ExtraMetadataIsSentInOrderWithRepeatedKeys) {
  auto options = Options();
  options.metadata = {{"x-team", "payments"}, {"x-trace", "a"}, {"x-trace", "b"}};
  auto connection = Connect(options);
  connection->DescribeNamespace(Describe("default"));
  const auto call = service_.Calls("DescribeNamespace")[0];
  EXPECT_THAT(call.Values("x-team"), ElementsAre("payments"));
  EXPECT_THAT(call.Values("x-trace"), ElementsAre("a", "b"));
}

TEST_F(ConnectionMetadataTest, PerCallMetadataReplacesConnectionHeadersOfTheSameKey) {
  auto options = Options();
  options.api_key = "old-key";
  options.metadata = {{"x-team", "payments"}};
  auto connection = Connect(options);
  temporal::CallOptions call_options;
  call_options.metadata = {{"authorization", "Bearer rotated-key"},
                           {"temporal-namespace", "routed-elsewhere"},
                           {"x-request", "1"}};
  connection->DescribeNamespace(Describe("default"), call_options);
  const auto call = service_.Calls("DescribeNamespace")[0];
  EXPECT_THAT(call.Values("authorization"), ElementsAre("Bearer rotated-key"));
  EXPECT_THAT(call.Values("temporal-namespace"), ElementsAre("routed-elsewhere"));
  EXPECT_THAT(call.Values("x-team"), ElementsAre("payments"));
  EXPECT_THAT(call.Values("x-request"), ElementsAre("1"));
}

TEST_F(ConnectionMetadataTest, ConnectionMetadataReplacesTheSdkHeaders) {
  auto options = Options();
  options.metadata = {{"client-name", "my-wrapper"}, {"temporal-namespace", "fixed"}};
  auto connection = Connect(options);
  connection->DescribeNamespace(Describe("default"));
  const auto call = service_.Calls("DescribeNamespace")[0];
  EXPECT_THAT(call.Values("client-name"), ElementsAre("my-wrapper"));
  EXPECT_THAT(call.Values("temporal-namespace"), ElementsAre("fixed"));
}

TEST_F(ConnectionMetadataTest, InvalidPerCallHeaderIsRefusedBeforeSending) {
  auto connection = Connect();
  temporal::CallOptions call_options;
  call_options.metadata = {{"X-Upper", "v"}};
  try {
    connection->DescribeNamespace(Describe("default"), call_options);
    FAIL() << "no error";
  } catch (const temporal::InvalidArgumentError& e) {
    EXPECT_THAT(e.what(), HasSubstr("CallOptions of DescribeNamespace.metadata: key \"X-Upper\""));
  }
  EXPECT_THAT(service_.Calls("DescribeNamespace"), IsEmpty());
}

using ConnectionRetryTest = ConnectionTest;

TEST_F(ConnectionRetryTest, TransientFailuresAreRetriedOverTheWire) {
  service_.Script("DescribeNamespace", {grpc::Status(grpc::StatusCode::UNAVAILABLE, "restarting"),
                                        grpc::Status(grpc::StatusCode::UNAVAILABLE, "restarting")});
  auto connection = Connect();
  auto response = connection->DescribeNamespace(Describe("default"));
  EXPECT_EQ(response.namespace_info().name(), "default");
  EXPECT_THAT(service_.Calls("DescribeNamespace"), SizeIs(3));
  EXPECT_THAT(sleeper_->sleeps(), ElementsAre(100ms, 170ms));
  // Each attempt carries the headers again.
  EXPECT_THAT(service_.Calls("DescribeNamespace")[2].Values("client-name"),
              ElementsAre("temporal-cpp"));
}

TEST_F(ConnectionRetryTest, InvalidArgumentIsThrownAtOnce) {
  service_.Script("DescribeNamespace",
                  {grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "namespace name too long")});
  auto connection = Connect();
  try {
    connection->DescribeNamespace(Describe("default"));
    FAIL() << "no error";
  } catch (const temporal::RpcError& e) {
    EXPECT_EQ(e.code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_STREQ(e.what(), "DescribeNamespace failed: INVALID_ARGUMENT: namespace name too long");
  }
  EXPECT_THAT(service_.Calls("DescribeNamespace"), SizeIs(1));
  EXPECT_THAT(sleeper_->sleeps(), IsEmpty());
}

TEST_F(ConnectionRetryTest, ServerErrorDetailsArriveDecoded) {
  temporal::api::errordetails::v1::WorkflowExecutionAlreadyStartedFailure failure;
  failure.set_run_id("existing-run");
  failure.set_start_request_id("first-request");
  google::protobuf::Any detail;
  detail.PackFrom(failure);
  service_.Script("StartWorkflowExecution",
                  {grpc::Status(grpc::StatusCode::ALREADY_EXISTS, "already running",
                                temporal::client_internal::EncodeStatusDetails(
                                    grpc::StatusCode::ALREADY_EXISTS, "already running", {detail}))});
  auto connection = Connect();
  try {
    connection->StartWorkflowExecution({});
    FAIL() << "no error";
  } catch (const temporal::WorkflowAlreadyStartedError& e) {
    EXPECT_EQ(e.run_id(), "existing-run");
    EXPECT_EQ(e.start_request_id(), "first-request");
  }
}

TEST_F(ConnectionRetryTest, ResponsesLargerThanGrpcsDefaultLimitArrive) {
  service_.SetDescriptionSize(6 * 1024 * 1024);  // gRPC's default limit is 4 MiB
  auto connection = Connect();
  auto response = connection->DescribeNamespace(Describe("default"));
  EXPECT_EQ(response.namespace_info().description().size(), 6u * 1024 * 1024);
}

using ConnectionLongPollTest = ConnectionTest;

TEST_F(ConnectionLongPollTest, APollThatTimesOutReturnsAnEmptyResponse) {
  service_.SetDelay("PollWorkflowTaskQueue", 5s);
  auto connection = Connect();
  temporal::CallOptions call_options;
  call_options.timeout = 300ms;
  const auto start = std::chrono::steady_clock::now();
  ws::PollWorkflowTaskQueueResponse response = connection->PollWorkflowTaskQueue({}, call_options);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  EXPECT_TRUE(response.task_token().empty());
  EXPECT_THAT(service_.Calls("PollWorkflowTaskQueue"), SizeIs(1));
}

TEST_F(ConnectionLongPollTest, ACancellationEndsAPollInFlightAndRefusesLaterCalls) {
  service_.SetDelay("PollWorkflowTaskQueue", 20s);
  auto connection = Connect();
  temporal::CallOptions call_options;
  call_options.cancellation = std::make_shared<temporal::CallCancellation>();
  std::thread canceler([&] {
    std::this_thread::sleep_for(200ms);
    call_options.cancellation->Cancel();
  });
  const auto start = std::chrono::steady_clock::now();
  ws::PollWorkflowTaskQueueResponse response = connection->PollWorkflowTaskQueue({}, call_options);
  canceler.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  EXPECT_TRUE(response.task_token().empty());  // CANCELLED ends a long poll routinely

  // Once canceled, a unary call with it is refused without reaching the server.
  const size_t calls = service_.Calls("DescribeNamespace").size();
  try {
    connection->DescribeNamespace(Describe("default"), call_options);
    FAIL() << "no error";
  } catch (const temporal::RpcError& e) {
    EXPECT_EQ(e.code(), grpc::StatusCode::CANCELLED);
  }
  EXPECT_EQ(service_.Calls("DescribeNamespace").size(), calls);
}

TEST_F(ConnectionLongPollTest, AUnaryCallThatTimesOutThrowsDeadlineExceeded) {
  service_.SetDelay("DescribeNamespace", 5s);
  auto options = Options();
  options.rpc_timeout = 300ms;
  auto connection = Connect(options);
  const auto start = std::chrono::steady_clock::now();
  try {
    connection->DescribeNamespace(Describe("default"));
    FAIL() << "no error";
  } catch (const temporal::RpcError& e) {
    EXPECT_EQ(e.code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  EXPECT_THAT(service_.Calls("DescribeNamespace"), SizeIs(1));  // not retried

  // The same call marked as a long poll ends routinely.
  temporal::CallOptions long_poll;
  long_poll.long_poll = true;
  long_poll.timeout = 300ms;
  EXPECT_EQ(connection->DescribeNamespace(Describe("default"), long_poll).namespace_info().name(),
            "");
}

using ConnectionConnectTest = ConnectionTest;

TEST_F(ConnectionConnectTest, KeepsTheServersSystemInfo) {
  auto connection = Connect();
  EXPECT_EQ(connection->system_info().server_version(), "9.9.9-fake");
  EXPECT_TRUE(connection->system_info().capabilities().signal_and_query_header());
  EXPECT_EQ(connection->options().target, server_->address());
  EXPECT_THAT(service_.Calls("GetSystemInfo"), SizeIs(1));
}

TEST_F(ConnectionConnectTest, RefusedCredentialsFailConnectNamingTheTarget) {
  service_.RequireAuthorization("Bearer right-key");
  auto options = Options();
  options.api_key = "wrong-key";
  try {
    Connect(options);
    FAIL() << "Connect succeeded";
  } catch (const temporal::RpcError& e) {
    EXPECT_EQ(e.code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_EQ(e.rpc(), "GetSystemInfo");
    EXPECT_THAT(e.what(), HasSubstr(server_->address()));
    EXPECT_THAT(e.what(), HasSubstr("missing or wrong API key"));
  }
  options.api_key = "right-key";
  EXPECT_NO_THROW(Connect(options));
}

TEST_F(ConnectionConnectTest, ChecksTheServerOnceWithoutRetrying) {
  service_.Script("GetSystemInfo", {grpc::Status(grpc::StatusCode::UNAVAILABLE, "warming up")});
  EXPECT_THROW(Connect(), temporal::RpcError);
  EXPECT_THAT(service_.Calls("GetSystemInfo"), SizeIs(1));
  EXPECT_THAT(sleeper_->sleeps(), IsEmpty());
}

TEST_F(ConnectionConnectTest, AServerWithoutGetSystemInfoIsNotTemporal) {
  // What gRPC reports for any HTTP/2 server that is not Temporal (a 404).
  service_.Script("GetSystemInfo", {grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                                                 "Received http2 header with status: 404")});
  try {
    Connect();
    FAIL() << "Connect succeeded";
  } catch (const temporal::RpcError& e) {
    EXPECT_EQ(e.code(), grpc::StatusCode::UNIMPLEMENTED);
    EXPECT_THAT(e.what(), HasSubstr("cannot use the Temporal server at " + server_->address()));
  }
}

TEST_F(ConnectionConnectTest, NothingListeningFailsFastNamingTheTarget) {
  int free_port = server_->port();
  server_.reset();  // the port is now closed
  temporal::ConnectionOptions options;
  options.target = "127.0.0.1:" + std::to_string(free_port);
  options.rpc_timeout = 2s;
  const auto start = std::chrono::steady_clock::now();
  try {
    Connect(options);
    FAIL() << "Connect succeeded";
  } catch (const temporal::RpcError& e) {
    EXPECT_THAT(e.code(), ::testing::AnyOf(grpc::StatusCode::UNAVAILABLE,
                                            grpc::StatusCode::DEADLINE_EXCEEDED));
    EXPECT_THAT(e.what(), HasSubstr(options.target));
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s + 500ms);
}

// Interceptors over the real stack.

// Records every call it sees: rpc, request type, outcome.
class Recorder : public temporal::ClientInterceptor {
 public:
  struct Seen {
    std::string rpc;
    std::string request_type;
    std::string outcome;
  };
  explicit Recorder(std::string name, std::vector<std::string>* order = nullptr)
      : name_(std::move(name)), order_(order) {}

  void Intercept(temporal::ClientCall& call, const temporal::ClientCallNext& next) override {
    if (order_ != nullptr) order_->push_back(name_ + " in");
    Seen seen{std::string(call.rpc()), call.request().GetDescriptor()->full_name(), ""};
    try {
      const google::protobuf::Message& response = next();
      seen.outcome = "OK " + response.GetDescriptor()->name();
    } catch (const temporal::RpcError& e) {
      seen.outcome = std::string(temporal::StatusCodeName(e.code()));
      Record(seen);
      if (order_ != nullptr) order_->push_back(name_ + " out");
      throw;
    }
    Record(seen);
    if (order_ != nullptr) order_->push_back(name_ + " out");
  }
  std::vector<Seen> seen() const {
    std::lock_guard lock(mutex_);
    return seen_;
  }

 private:
  void Record(Seen seen) {
    std::lock_guard lock(mutex_);
    seen_.push_back(std::move(seen));
  }
  std::string name_;
  std::vector<std::string>* order_;
  mutable std::mutex mutex_;
  std::vector<Seen> seen_;
};

class AddsHeader : public temporal::ClientInterceptor {
 public:
  void Intercept(temporal::ClientCall& call, const temporal::ClientCallNext& next) override {
    call.AddMetadata("x-intercepted", std::string(call.rpc()));
    next();
  }
};

class ForgetsNext : public temporal::ClientInterceptor {
 public:
  void Intercept(temporal::ClientCall&, const temporal::ClientCallNext&) override {}
};

using ConnectionInterceptorTest = ConnectionTest;

TEST_F(ConnectionInterceptorTest, AnInterceptorAddsAHeaderTheServerReceives) {
  auto options = Options();
  options.interceptors = {std::make_shared<AddsHeader>()};
  auto connection = Connect(options);
  connection->DescribeNamespace(Describe("default"));
  EXPECT_THAT(service_.Calls("DescribeNamespace")[0].Values("x-intercepted"),
              ElementsAre("DescribeNamespace"));
  EXPECT_THAT(service_.Calls("GetSystemInfo")[0].Values("x-intercepted"),
              ElementsAre("GetSystemInfo"));
}

TEST_F(ConnectionInterceptorTest, AnInterceptorObservesRequestsAndOutcomesOncePerCall) {
  auto recorder = std::make_shared<Recorder>("recorder");
  auto options = Options();
  options.interceptors = {recorder};
  auto connection = Connect(options);
  service_.Script("DescribeNamespace", {grpc::Status(grpc::StatusCode::UNAVAILABLE, "blip")});
  connection->DescribeNamespace(Describe("default"));
  service_.Script("StartWorkflowExecution",
                  {grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "not allowed")});
  EXPECT_THROW(connection->StartWorkflowExecution({}), temporal::RpcError);

  auto seen = recorder->seen();
  ASSERT_THAT(seen, SizeIs(3));
  EXPECT_EQ(seen[0].rpc, "GetSystemInfo");
  EXPECT_EQ(seen[1].rpc, "DescribeNamespace");
  EXPECT_EQ(seen[1].request_type, "temporal.api.workflowservice.v1.DescribeNamespaceRequest");
  // The retried UNAVAILABLE is invisible: interceptors wrap the retry loop.
  EXPECT_EQ(seen[1].outcome, "OK DescribeNamespaceResponse");
  EXPECT_EQ(seen[2].rpc, "StartWorkflowExecution");
  EXPECT_EQ(seen[2].outcome, "PERMISSION_DENIED");
}

TEST_F(ConnectionInterceptorTest, TheFirstInterceptorIsTheOutermost) {
  std::vector<std::string> order;
  auto options = Options();
  options.interceptors = {std::make_shared<Recorder>("first", &order),
                          std::make_shared<Recorder>("second", &order)};
  auto connection = Connect(options);
  order.clear();
  connection->DescribeNamespace(Describe("default"));
  EXPECT_THAT(order, ElementsAre("first in", "second in", "second out", "first out"));
}

TEST_F(ConnectionInterceptorTest, AnInterceptorThatSkipsNextIsReported) {
  auto connection = Connect();
  auto broken = temporal::Connection::WithInterceptors(connection, {std::make_shared<ForgetsNext>()});
  try {
    broken->DescribeNamespace(Describe("default"));
    FAIL() << "no error";
  } catch (const temporal::RpcError& e) {
    EXPECT_EQ(e.code(), grpc::StatusCode::INTERNAL);
    EXPECT_THAT(e.what(), HasSubstr("client interceptor #0 returned without calling next()"));
  }
  EXPECT_THAT(service_.Calls("DescribeNamespace"), IsEmpty());
}

}  // namespace
