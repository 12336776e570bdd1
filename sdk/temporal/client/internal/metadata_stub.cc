// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/client/internal/metadata_stub.h"

#include <google/protobuf/descriptor.h>

#include <algorithm>

#include "temporal/common/version.h"

namespace temporal::client_internal {
namespace {

constexpr std::string_view kNamespaceHeader = "temporal-namespace";

bool HasKey(const Metadata& metadata, std::string_view key) {
  return std::any_of(metadata.begin(), metadata.end(),
                     [&](const auto& entry) { return entry.first == key; });
}

}  // namespace

std::string NamespaceOfRequest(const google::protobuf::Message& request) {
  const google::protobuf::FieldDescriptor* field =
      request.GetDescriptor()->FindFieldByName("namespace");
  if (field == nullptr || field->is_repeated() ||
      field->type() != google::protobuf::FieldDescriptor::TYPE_STRING) {
    return {};
  }
  return request.GetReflection()->GetString(request, field);
}

MetadataStub::MetadataStub(std::shared_ptr<Stub> inner, const ConnectionOptions& options)
    : inner_(std::move(inner)), namespace_from_options_(HasKey(options.metadata, kNamespaceHeader)) {
  Metadata sdk_headers = {
      {"client-name", std::string(SdkName())},
      {"client-version", std::string(SdkVersion())},
  };
  if (!options.api_key.empty()) sdk_headers.emplace_back("authorization", "Bearer " + options.api_key);
  for (auto& header : sdk_headers) {
    if (!HasKey(options.metadata, header.first)) connection_headers_.push_back(std::move(header));
  }
  connection_headers_.insert(connection_headers_.end(), options.metadata.begin(),
                             options.metadata.end());
}

grpc::Status MetadataStub::Call(UnaryCall& call) {
  const Metadata& per_call = call.options.metadata;
  Metadata headers;
  headers.reserve(connection_headers_.size() + 1 + per_call.size());
  for (const auto& header : connection_headers_) {
    if (!HasKey(per_call, header.first)) headers.push_back(header);
  }
  if (!namespace_from_options_ && !HasKey(per_call, kNamespaceHeader)) {
    if (std::string ns = NamespaceOfRequest(call.request); !ns.empty()) {
      headers.emplace_back(kNamespaceHeader, std::move(ns));
    }
  }
  headers.insert(headers.end(), per_call.begin(), per_call.end());
  call.headers = std::move(headers);
  return inner_->Call(call);
}

}  // namespace temporal::client_internal
