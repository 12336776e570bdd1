// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/client/connection_options.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <string>

#include "temporal/client/internal/options_validation.h"

namespace temporal {
namespace {

[[noreturn]] void Fail(const std::string& field, const std::string& problem) {
  throw InvalidArgumentError("ConnectionOptions." + field + ": " + problem);
}

}  // namespace

std::string DefaultIdentity() {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0 || host[0] == '\0') {
    return std::to_string(getpid()) + "@unknown-host";
  }
  return std::to_string(getpid()) + "@" + host.data();
}

void ConnectionOptions::Validate() const {
  if (target.empty()) Fail("target", "is empty (expected \"host:port\", e.g. \"localhost:7233\")");
  if (rpc_timeout <= Duration::zero()) Fail("rpc_timeout", "must be positive");
  if (tls) {
    if (!tls->client_cert_pem.empty() && tls->client_private_key_pem.empty()) {
      Fail("tls", "client_cert_pem is set but client_private_key_pem is empty");
    }
    if (tls->client_cert_pem.empty() && !tls->client_private_key_pem.empty()) {
      Fail("tls", "client_private_key_pem is set but client_cert_pem is empty");
    }
  }
  if (!std::all_of(api_key.begin(), api_key.end(), [](char c) { return c > 0x20 && c <= 0x7e; })) {
    Fail("api_key", "must be printable ASCII without spaces or line breaks");
  }
  client_internal::ValidateMetadata(metadata, "ConnectionOptions.metadata");
  if (!api_key.empty() &&
      std::any_of(metadata.begin(), metadata.end(),
                  [](const auto& entry) { return entry.first == "authorization"; })) {
    Fail("metadata", "has an \"authorization\" header and api_key is set too; use one of them");
  }
  if (keepalive) {
    if (keepalive->time <= Duration::zero()) Fail("keepalive.time", "must be positive");
    if (keepalive->timeout <= Duration::zero()) Fail("keepalive.timeout", "must be positive");
  }
  client_internal::ValidateRetryOptions(retry, "ConnectionOptions.retry");
  for (size_t i = 0; i < interceptors.size(); ++i) {
    if (interceptors[i] == nullptr) Fail("interceptors", "entry " + std::to_string(i) + " is null");
  }
}

}  // namespace temporal
