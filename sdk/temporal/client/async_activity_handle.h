// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// AsyncActivityHandle: finishes an activity from outside the worker that ran
// it: an activity that returned "will complete later" hands its task token to
// another system, which completes, fails, cancels or heartbeats it here.
// Address the activity by task token, or by workflow id + activity id.
//
//   auto activity = client.GetAsyncActivityHandle(task_token);
//   if (activity.Heartbeat(std::string("50%")).cancel_requested) {
//     activity.ReportCanceled();
//   } else {
//     activity.Complete(Receipt{"r-1"});
//   }
#ifndef TEMPORAL_CLIENT_ASYNC_ACTIVITY_HANDLE_H_
#define TEMPORAL_CLIENT_ASYNC_ACTIVITY_HANDLE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "temporal/common/failure.h"
#include "temporal/common/values.h"

namespace temporal {

namespace client_internal {
struct ClientCore;
}  // namespace client_internal

// HeartbeatResponse: what the server answered to a heartbeat.
struct HeartbeatResponse {
  // The workflow asked to cancel the activity: stop and ReportCanceled.
  bool cancel_requested = false;
  // The activity was paused (by an operator); stop work and wait.
  bool activity_paused = false;
  // The activity was reset; stop and start over on the next attempt.
  bool activity_reset = false;
};

// AsyncActivityHandle: see the file comment. Cheap to copy.
class AsyncActivityHandle {
 public:
  // Complete reports success with a result (none for void activities).
  template <typename T>
  void Complete(const T& result) const {
    CompleteWithPayloads({PayloadOf(ValueView::Of(result))});
  }
  void Complete() const { CompleteWithPayloads({}); }
  void CompleteWithPayloads(std::vector<Payload> result) const;

  // Fail reports a failure; the server retries per the activity's retry
  // policy unless the error is non-retryable.
  void Fail(const FailureError& error, const Values& last_heartbeat_details = {}) const;

  // ReportCanceled confirms a requested cancellation.
  void ReportCanceled(const Values& details = {}) const;

  // Heartbeat records progress (the details are what a retry starts from).
  template <typename... Args>
  HeartbeatResponse Heartbeat(const Args&... details) const {
    return HeartbeatWithPayloads({PayloadOf(ValueView::Of(details))...});
  }
  HeartbeatResponse HeartbeatWithPayloads(std::vector<Payload> details) const;

 private:
  friend class Client;
  struct ById {
    std::string workflow_id;
    std::string run_id;
    std::string activity_id;
  };
  AsyncActivityHandle(std::shared_ptr<const client_internal::ClientCore> core,
                      std::string task_token)
      : core_(std::move(core)), task_token_(std::move(task_token)) {}
  AsyncActivityHandle(std::shared_ptr<const client_internal::ClientCore> core, ById id)
      : core_(std::move(core)), id_(std::move(id)) {}

  Payload PayloadOf(const ValueView& value) const;
  // Address fills namespace, identity and either the task token or the ids
  // into a by-token or by-id request.
  template <typename Request>
  void Address(Request& request) const;

  std::shared_ptr<const client_internal::ClientCore> core_;
  std::string task_token_;
  std::optional<ById> id_;
};

}  // namespace temporal

#endif  // TEMPORAL_CLIENT_ASYNC_ACTIVITY_HANDLE_H_
