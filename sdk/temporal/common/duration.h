// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Duration and Timestamp: the SDK's time types, std::chrono based, and their
// conversions to and from google.protobuf.Duration / Timestamp.
//
//   using namespace std::chrono_literals;
//   temporal::Duration timeout = 90s;                     // any chrono duration converts
//   google::protobuf::Duration proto = temporal::ToProto(timeout);
//   temporal::Duration back = temporal::FromProto(proto);  // 90s
#ifndef TEMPORAL_COMMON_DURATION_H_
#define TEMPORAL_COMMON_DURATION_H_

#include <google/protobuf/duration.pb.h>
#include <google/protobuf/timestamp.pb.h>

#include <chrono>

namespace temporal {

// Duration: nanosecond precision, like google.protobuf.Duration. Seconds,
// milliseconds and microseconds convert to it implicitly.
using Duration = std::chrono::nanoseconds;

// Timestamp: a point in time on the system clock, nanosecond precision.
using Timestamp = std::chrono::time_point<std::chrono::system_clock, std::chrono::nanoseconds>;

google::protobuf::Duration ToProto(Duration duration);
Duration FromProto(const google::protobuf::Duration& duration);

google::protobuf::Timestamp ToProto(Timestamp timestamp);
Timestamp FromProto(const google::protobuf::Timestamp& timestamp);

}  // namespace temporal

#endif  // TEMPORAL_COMMON_DURATION_H_
