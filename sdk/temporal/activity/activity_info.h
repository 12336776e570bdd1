// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ActivityInfo: what an activity knows about the task it is running.
//
//   const temporal::activity::ActivityInfo& info = temporal::activity::Info();
//   std::cout << info.activity_type << " attempt " << info.attempt
//             << " for workflow " << info.workflow_id << "\n";
//   if (info.deadline && *info.deadline - std::chrono::system_clock::now() < 5s) { ... }
#ifndef TEMPORAL_ACTIVITY_ACTIVITY_INFO_H_
#define TEMPORAL_ACTIVITY_ACTIVITY_INFO_H_

#include <cstdint>
#include <optional>
#include <string>

#include "temporal/common/duration.h"
#include "temporal/common/retry_policy.h"

namespace temporal::activity {

// ActivityInfo: see the file comment. Timeouts the workflow did not set are
// nullopt; times are the server's.
struct ActivityInfo {
  std::string activity_id;
  std::string activity_type;
  // The namespace and task queue this activity was polled from.
  std::string namespace_name;
  std::string task_queue;
  // The workflow that scheduled it.
  std::string workflow_namespace;
  std::string workflow_id;
  std::string workflow_run_id;
  std::string workflow_type;
  // 1 for the first attempt; the server increments it on each retry.
  int32_t attempt = 1;
  // When the activity was first scheduled, and when this attempt was.
  Timestamp scheduled_time{};
  Timestamp current_attempt_scheduled_time{};
  // When this attempt started (the worker received it).
  Timestamp started_time{};
  std::optional<Duration> schedule_to_close_timeout;
  std::optional<Duration> start_to_close_timeout;
  // Heartbeat at least this often or the attempt times out (nullopt: no
  // heartbeat timeout).
  std::optional<Duration> heartbeat_timeout;
  // When this attempt times out at the latest: the earlier of
  // started_time + start_to_close and scheduled_time + schedule_to_close.
  std::optional<Timestamp> deadline;
  // The retry policy the server applies between attempts.
  std::optional<RetryPolicy> retry_policy;
  // The opaque token that identifies this attempt to the server (what
  // temporal::Client::GetAsyncActivityHandle takes).
  std::string task_token;
  // True for a local activity (run by the workflow's worker, retried by it).
  bool is_local = false;
};

}  // namespace temporal::activity

#endif  // TEMPORAL_ACTIVITY_ACTIVITY_INFO_H_
