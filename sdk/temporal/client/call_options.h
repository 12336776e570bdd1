// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// CallOptions: per-call settings for one Connection RPC, overriding the
// connection's defaults (ConnectionOptions) for that call only.
//
//   using namespace std::chrono_literals;
//   temporal::CallOptions options{
//       .timeout = 2s,                                         // each attempt
//       .metadata = {{"x-request-source", "billing"}},
//       .retry = temporal::RpcRetryOptions::NoRetries(),
//   };
//   connection->DescribeNamespace(request, options);
//
//   // Wait for new history events (a long poll: an empty response means "nothing yet").
//   history_request.set_wait_new_event(true);
//   connection->GetWorkflowExecutionHistory(history_request, {.long_poll = true});
//
//   // A poll another thread can end (a worker shutting down); see call_cancellation.h.
//   auto cancellation = std::make_shared<temporal::CallCancellation>();
//   connection->PollActivityTaskQueue(poll_request, {.cancellation = cancellation});
#ifndef TEMPORAL_CLIENT_CALL_OPTIONS_H_
#define TEMPORAL_CLIENT_CALL_OPTIONS_H_

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "temporal/client/call_cancellation.h"
#include "temporal/client/rpc_retry_options.h"
#include "temporal/common/duration.h"

namespace temporal {

// Metadata: gRPC headers as ordered (key, value) pairs; a key may repeat.
// Keys are lowercase; values of keys ending in "-bin" may hold any bytes.
using Metadata = std::vector<std::pair<std::string, std::string>>;

// kLongPollTimeout: the default per-attempt timeout of a long poll. The server
// answers a poll with an empty response after about a minute; this leaves it
// room to do so.
inline constexpr Duration kLongPollTimeout = std::chrono::seconds(70);

// CallOptions: see the file comment.
struct CallOptions {
  // The deadline of each attempt, counted from its start. Default: the
  // connection's rpc_timeout, or kLongPollTimeout for a long poll. The whole
  // call, retries included, is bounded by the retry options' max_elapsed_time
  // plus one attempt.
  std::optional<Duration> timeout;
  // Headers for this call. A key given here replaces every connection-level
  // header of that key (api key, namespace, ConnectionOptions::metadata).
  Metadata metadata;
  // Replaces the connection's retry options for this call.
  std::optional<RpcRetryOptions> retry;
  // Marks the call as a long poll: DEADLINE_EXCEEDED and CANCELLED are then
  // routine, and the call returns an empty response instead of throwing.
  // PollWorkflowTaskQueue and PollActivityTaskQueue are always long polls;
  // set this for GetWorkflowExecutionHistory with wait_new_event and for
  // PollWorkflowExecutionUpdate.
  bool long_poll = false;
  // Lets another thread end the call while it is in flight (and refuses it
  // once canceled). CANCELLED then ends a long poll with an empty response;
  // other calls throw RpcError CANCELLED.
  std::shared_ptr<CallCancellation> cancellation;
};

}  // namespace temporal

#endif  // TEMPORAL_CLIENT_CALL_OPTIONS_H_
