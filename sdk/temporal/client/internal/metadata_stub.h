// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// MetadataStub: the decorator that sets the headers of every attempt:
//   client-name / client-version   the SDK (temporal::SdkName(), SdkVersion())
//   authorization                  "Bearer <api_key>", when ConnectionOptions::api_key is set
//   temporal-namespace             the request's `namespace` field, when it has a non-empty one
//                                  (lets proxies and Temporal Cloud route without parsing the body)
//   ConnectionOptions::metadata    replaces the SDK's header of the same key
//   CallOptions::metadata          replaces every connection-level header of the same key
//
//   auto with_headers = std::make_shared<MetadataStub>(bottom, options);
#ifndef TEMPORAL_CLIENT_INTERNAL_METADATA_STUB_H_
#define TEMPORAL_CLIENT_INTERNAL_METADATA_STUB_H_

#include <memory>
#include <string>

#include "temporal/client/connection_options.h"
#include "temporal/client/internal/stub.h"

namespace temporal::client_internal {

class MetadataStub final : public Stub {
 public:
  MetadataStub(std::shared_ptr<Stub> inner, const ConnectionOptions& options);

  grpc::Status Call(UnaryCall& call) override;

 private:
  std::shared_ptr<Stub> inner_;
  // The SDK's headers and ConnectionOptions::metadata, already merged.
  Metadata connection_headers_;
  // Whether ConnectionOptions::metadata fixes temporal-namespace itself.
  bool namespace_from_options_ = false;
};

// NamespaceOfRequest: the value of the request's string field `namespace`,
// or empty when it has none.
std::string NamespaceOfRequest(const google::protobuf::Message& request);

}  // namespace temporal::client_internal

#endif  // TEMPORAL_CLIENT_INTERNAL_METADATA_STUB_H_
