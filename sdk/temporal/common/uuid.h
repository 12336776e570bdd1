// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// UUID v4 strings ("0b5e2c4a-7f1d-4e8b-9a3c-2d6f1e0a9b7c"), for request ids
// that make retried RPCs idempotent.
//
//   std::string request_id = temporal::RandomUuid();
//   std::mt19937_64 seeded(42);
//   std::string same_every_time = temporal::UuidFrom(seeded);   // deterministic
#ifndef TEMPORAL_COMMON_UUID_H_
#define TEMPORAL_COMMON_UUID_H_

#include <random>
#include <string>

namespace temporal {

// UuidFrom: a version-4 UUID drawn from `random` (deterministic for a seed).
std::string UuidFrom(std::mt19937_64& random);

// RandomUuid: a version-4 UUID from a per-thread, randomly seeded generator.
std::string RandomUuid();

}  // namespace temporal

#endif  // TEMPORAL_COMMON_UUID_H_
