// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// TLS and mutual TLS against an in-process gRPC server, with a CA and
// certificates made at test time by the `openssl` command line tool (the
// tests skip, saying so, when it is missing): the CA option verifies the
// server, the name override is what the certificate is checked against, a
// wrong CA fails with a clear error, and client certificates reach the server.
#include <gmock/gmock.h>
#include <grpcpp/security/server_credentials.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "fake_workflow_service.h"
#include "temporal/client/connection.h"

namespace {

using temporal::testing_client::FakeWorkflowService;
using temporal::testing_client::InProcessServer;
using ::testing::AnyOf;
using ::testing::HasSubstr;
using ::testing::SizeIs;
namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

// Certificates: a CA, a server certificate it signs (for 127.0.0.1 and
// temporal.test), a client certificate it signs (CN worker-7), and an
// unrelated CA.
struct Certificates {
  std::string ca_pem;
  std::string other_ca_pem;
  std::string server_pem;
  std::string server_key;
  std::string client_pem;
  std::string client_key;
};

class ConnectionTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (std::system("command -v openssl > /dev/null 2>&1") != 0) {
      skip_reason_ = "the openssl command line tool is not installed";
      return;
    }
    std::string pattern = (fs::temp_directory_path() / "temporal-tls-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      setup_error_ = "mkdtemp failed";
      return;
    }
    dir_ = pattern;
    const std::string d = dir_.string();
    const std::string key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    std::ofstream(dir_ / "server.ext") << "subjectAltName=IP:127.0.0.1,DNS:temporal.test\n";
    std::ofstream(dir_ / "client.ext") << "extendedKeyUsage=clientAuth\n";
    const std::string script =
        "cd '" + d + "' && " +
        "openssl req -x509 " + key + " -keyout ca.key -out ca.pem -days 2 -subj /CN=test-ca && " +
        "openssl req -x509 " + key + " -keyout other.key -out other.pem -days 2 -subj /CN=other-ca && " +
        "openssl req " + key + " -keyout server.key -out server.csr -subj /CN=server && " +
        "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -set_serial 2 -days 2 " +
        "-extfile server.ext -out server.pem && " +
        "openssl req " + key + " -keyout client.key -out client.csr -subj /CN=worker-7 && " +
        "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -set_serial 3 -days 2 " +
        "-extfile client.ext -out client.pem";
    if (std::system(("(" + script + ") > '" + d + "/openssl.log' 2>&1").c_str()) != 0) {
      setup_error_ = "openssl failed:\n" + ReadFile(dir_ / "openssl.log");
      return;
    }
    certificates_ = Certificates{ReadFile(dir_ / "ca.pem"),     ReadFile(dir_ / "other.pem"),
                                 ReadFile(dir_ / "server.pem"), ReadFile(dir_ / "server.key"),
                                 ReadFile(dir_ / "client.pem"), ReadFile(dir_ / "client.key")};
  }

  static void TearDownTestSuite() {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  void SetUp() override {
    if (!skip_reason_.empty()) GTEST_SKIP() << skip_reason_;
    ASSERT_EQ(setup_error_, "");
  }

  // Starts a TLS server; with `require_client_certificate`, mutual TLS.
  void StartServer(bool require_client_certificate) {
    grpc::SslServerCredentialsOptions ssl(
        require_client_certificate ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
                                   : GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
    ssl.pem_root_certs = certificates_.ca_pem;
    ssl.pem_key_cert_pairs.push_back({certificates_.server_key, certificates_.server_pem});
    server_ = InProcessServer::Start(&service_, grpc::SslServerCredentials(ssl));
  }

  temporal::ConnectionOptions Options(temporal::TlsOptions tls) const {
    temporal::ConnectionOptions options;
    options.target = server_->address();
    options.tls = std::move(tls);
    options.rpc_timeout = std::chrono::seconds(5);
    return options;
  }

  // Connect's error for `options`, or "" when it connects.
  static std::string ConnectError(const temporal::ConnectionOptions& options,
                                  grpc::StatusCode* code = nullptr) {
    try {
      temporal::Connection::Connect(options);
      return "";
    } catch (const temporal::RpcError& e) {
      if (code != nullptr) *code = e.code();
      return e.what();
    }
  }

  static inline std::string skip_reason_;
  static inline std::string setup_error_;
  static inline fs::path dir_;
  static inline Certificates certificates_;

  FakeWorkflowService service_;
  std::unique_ptr<InProcessServer> server_;
};

TEST_F(ConnectionTlsTest, TheServerCaOptionVerifiesTheServer) {
  StartServer(false);
  auto connection = temporal::Connection::Connect(Options({.server_ca_pem = certificates_.ca_pem}));
  temporal::api::workflowservice::v1::DescribeNamespaceRequest request;
  request.set_namespace_("default");
  EXPECT_EQ(connection->DescribeNamespace(request).namespace_info().name(), "default");
  EXPECT_EQ(connection->system_info().server_version(), "9.9.9-fake");
}

TEST_F(ConnectionTlsTest, AnUnrelatedCaFailsWithAClearError) {
  StartServer(false);
  grpc::StatusCode code = grpc::StatusCode::OK;
  const std::string error =
      ConnectError(Options({.server_ca_pem = certificates_.other_ca_pem}), &code);
  EXPECT_EQ(code, grpc::StatusCode::UNAVAILABLE) << error;
  EXPECT_THAT(error, HasSubstr("GetSystemInfo failed: UNAVAILABLE"));
  EXPECT_THAT(error, HasSubstr("cannot use the Temporal server at " + server_->address()));
  EXPECT_THAT(error, HasSubstr("certificate verify failed"));  // gRPC's reason, kept
  EXPECT_THAT(service_.Calls("GetSystemInfo"), SizeIs(0));
}

TEST_F(ConnectionTlsTest, TheServerNameOverrideIsWhatTheCertificateIsCheckedAgainst) {
  StartServer(false);
  EXPECT_EQ(ConnectError(Options({.server_ca_pem = certificates_.ca_pem,
                                  .server_name_override = "temporal.test"})),
            "");
  grpc::StatusCode code = grpc::StatusCode::OK;
  const std::string error = ConnectError(
      Options({.server_ca_pem = certificates_.ca_pem, .server_name_override = "elsewhere.test"}),
      &code);
  EXPECT_EQ(code, grpc::StatusCode::UNAVAILABLE) << error;
  EXPECT_THAT(error, HasSubstr("Peer name elsewhere.test is not in peer certificate"));
}

TEST_F(ConnectionTlsTest, PlaintextToATlsServerFails) {
  StartServer(false);
  temporal::ConnectionOptions options;
  options.target = server_->address();
  options.rpc_timeout = std::chrono::seconds(5);
  grpc::StatusCode code = grpc::StatusCode::OK;
  const std::string error = ConnectError(options, &code);
  EXPECT_THAT(code, AnyOf(grpc::StatusCode::UNAVAILABLE, grpc::StatusCode::DEADLINE_EXCEEDED))
      << error;
}

TEST_F(ConnectionTlsTest, MutualTlsPresentsTheClientCertificate) {
  StartServer(true);
  auto connection = temporal::Connection::Connect(
      Options({.server_ca_pem = certificates_.ca_pem,
               .client_cert_pem = certificates_.client_pem,
               .client_private_key_pem = certificates_.client_key}));
  auto calls = service_.Calls("GetSystemInfo");
  ASSERT_THAT(calls, SizeIs(1));
  EXPECT_EQ(calls[0].client_common_name, "worker-7");
}

TEST_F(ConnectionTlsTest, MutualTlsWithoutAClientCertificateIsRefused) {
  StartServer(true);
  grpc::StatusCode code = grpc::StatusCode::OK;
  const std::string error = ConnectError(Options({.server_ca_pem = certificates_.ca_pem}), &code);
  EXPECT_EQ(code, grpc::StatusCode::UNAVAILABLE) << error;
  EXPECT_THAT(error, HasSubstr(server_->address()));
  EXPECT_THAT(service_.Calls("GetSystemInfo"), SizeIs(0));
}

}  // namespace
