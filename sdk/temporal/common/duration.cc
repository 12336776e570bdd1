// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/common/duration.h"

namespace temporal {
namespace {
constexpr int64_t kNanosPerSecond = 1'000'000'000;
}  // namespace

google::protobuf::Duration ToProto(Duration duration) {
  // google.protobuf.Duration keeps seconds and nanos with the same sign.
  google::protobuf::Duration proto;
  proto.set_seconds(duration.count() / kNanosPerSecond);
  proto.set_nanos(static_cast<int32_t>(duration.count() % kNanosPerSecond));
  return proto;
}

Duration FromProto(const google::protobuf::Duration& duration) {
  return Duration(duration.seconds() * kNanosPerSecond + duration.nanos());
}

google::protobuf::Timestamp ToProto(Timestamp timestamp) {
  // Timestamps keep nanos in [0, 1e9), also before the epoch.
  const int64_t count = timestamp.time_since_epoch().count();
  int64_t seconds = count / kNanosPerSecond;
  int64_t nanos = count % kNanosPerSecond;
  if (nanos < 0) {
    nanos += kNanosPerSecond;
    seconds -= 1;
  }
  google::protobuf::Timestamp proto;
  proto.set_seconds(seconds);
  proto.set_nanos(static_cast<int32_t>(nanos));
  return proto;
}

Timestamp FromProto(const google::protobuf::Timestamp& timestamp) {
  return Timestamp(Duration(timestamp.seconds() * kNanosPerSecond + timestamp.nanos()));
}

}  // namespace temporal
