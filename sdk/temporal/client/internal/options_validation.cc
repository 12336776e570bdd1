// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/client/internal/options_validation.h"

#include <algorithm>
#include <string>

#include "temporal/client/connection_options.h"

namespace temporal::client_internal {
namespace {

[[noreturn]] void Fail(std::string_view where, const std::string& problem) {
  throw InvalidArgumentError(std::string(where) + ": " + problem);
}

bool IsKeyCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

bool IsPrintableAscii(char c) { return c >= 0x20 && c <= 0x7e; }

std::string Milliseconds(Duration duration) {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(duration).count()) +
         " ms";
}

void CheckBackoff(std::string_view where, std::string_view prefix, Duration initial_interval,
                  double multiplier, Duration max_interval) {
  const std::string name(prefix);
  if (initial_interval <= Duration::zero()) {
    Fail(where, name + "initial_interval must be positive, not " + Milliseconds(initial_interval));
  }
  if (!(multiplier >= 1.0)) {
    Fail(where, name + "multiplier must be at least 1, not " + std::to_string(multiplier));
  }
  if (max_interval < initial_interval) {
    Fail(where, name + "max_interval (" + Milliseconds(max_interval) +
                    ") is shorter than initial_interval (" + Milliseconds(initial_interval) + ")");
  }
}

}  // namespace

void ValidateMetadata(const Metadata& metadata, std::string_view where) {
  for (const auto& [key, value] : metadata) {
    if (key.empty()) Fail(where, "a header key is empty");
    if (!std::all_of(key.begin(), key.end(), IsKeyCharacter)) {
      Fail(where, "key \"" + key +
                      "\" has characters gRPC does not allow (use lowercase a-z, 0-9, '-', '_', '.')");
    }
    if (key.rfind("grpc-", 0) == 0) Fail(where, "key \"" + key + "\" is reserved by gRPC");
    const bool binary = key.size() > 4 && key.compare(key.size() - 4, 4, "-bin") == 0;
    if (!binary && !std::all_of(value.begin(), value.end(), IsPrintableAscii)) {
      Fail(where, "the value of \"" + key +
                      "\" must be printable ASCII (binary values need a key ending in \"-bin\")");
    }
  }
}

void ValidateRetryOptions(const RpcRetryOptions& retry, std::string_view where) {
  CheckBackoff(where, "", retry.initial_interval, retry.multiplier, retry.max_interval);
  CheckBackoff(where, "resource_exhausted.", retry.resource_exhausted.initial_interval,
               retry.resource_exhausted.multiplier, retry.resource_exhausted.max_interval);
  if (!(retry.randomization_factor >= 0.0 && retry.randomization_factor <= 1.0)) {
    Fail(where, "randomization_factor must be within [0, 1], not " +
                    std::to_string(retry.randomization_factor));
  }
  if (retry.max_elapsed_time && *retry.max_elapsed_time <= Duration::zero()) {
    Fail(where, "max_elapsed_time must be positive (nullopt for no limit), not " +
                    Milliseconds(*retry.max_elapsed_time));
  }
  if (retry.max_attempts < 0) {
    Fail(where, "max_attempts must be 0 (no limit) or more, not " +
                    std::to_string(retry.max_attempts));
  }
}

void ValidateCallOptions(std::string_view rpc, const CallOptions& options) {
  const std::string where = "CallOptions of " + std::string(rpc);
  if (options.timeout && *options.timeout <= Duration::zero()) {
    Fail(where + ".timeout", "must be positive, not " + Milliseconds(*options.timeout));
  }
  ValidateMetadata(options.metadata, where + ".metadata");
  if (options.retry) ValidateRetryOptions(*options.retry, where + ".retry");
}

}  // namespace temporal::client_internal
