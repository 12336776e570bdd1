// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// server_info: connects to a Temporal server and prints what it is: the
// server version, its capabilities, and a namespace's registration.
//
//   server_info [ADDRESS [NAMESPACE]]
//
// ADDRESS defaults to $TEMPORAL_ADDRESS, then 127.0.0.1:7233; NAMESPACE to
// "default". Run it beside a dev server with:  scripts/run-sample.sh
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

#include <grpcpp/grpcpp.h>

#include "temporal/api/workflowservice/v1/service.grpc.pb.h"
#include "temporal/common/version.h"

namespace {

namespace ws = temporal::api::workflowservice::v1;

// Each call gets a deadline: an unreachable server must fail fast, not hang.
std::unique_ptr<grpc::ClientContext> CallContext() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  context->AddMetadata("client-name", std::string(temporal::SdkName()));
  context->AddMetadata("client-version", std::string(temporal::SdkVersion()));
  return context;
}

int Fail(const std::string& what, const std::string& address, const grpc::Status& status) {
  std::cerr << "server_info: " << what << " on " << address << " failed: gRPC code "
            << static_cast<int>(status.error_code()) << ": " << status.error_message() << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const char* env_address = std::getenv("TEMPORAL_ADDRESS");
  const std::string address = argc > 1                 ? argv[1]
                              : env_address != nullptr ? env_address
                                                       : "127.0.0.1:7233";
  const std::string ns = argc > 2 ? argv[2] : "default";

  auto stub = ws::WorkflowService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));

  ws::GetSystemInfoResponse info;
  if (auto status = stub->GetSystemInfo(CallContext().get(), {}, &info); !status.ok()) {
    return Fail("GetSystemInfo", address, status);
  }
  ws::DescribeNamespaceRequest describe;
  describe.set_namespace_(ns);
  ws::DescribeNamespaceResponse described;
  if (auto status = stub->DescribeNamespace(CallContext().get(), describe, &described);
      !status.ok()) {
    return Fail("DescribeNamespace(" + ns + ")", address, status);
  }

  const auto& caps = info.capabilities();
  std::cout << "Connected to " << address << " with " << temporal::SdkName() << " "
            << temporal::SdkVersion() << " (API " << temporal::ApiPackageVersion() << ")\n"
            << "  server version:    " << info.server_version() << "\n"
            << "  eager start:       " << (caps.eager_workflow_start() ? "yes" : "no") << "\n"
            << "  sdk metadata:      " << (caps.sdk_metadata() ? "yes" : "no") << "\n"
            << "  namespace:         " << described.namespace_info().name() << "\n"
            << "  namespace id:      " << described.namespace_info().id() << "\n"
            << "  state:             "
            << temporal::api::enums::v1::NamespaceState_Name(described.namespace_info().state())
            << "\n"
            << "  history retention: "
            << described.config().workflow_execution_retention_ttl().seconds() / 3600 << " h\n";
  return 0;
}
