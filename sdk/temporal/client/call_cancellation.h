// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// CallCancellation: ends Connection calls in flight from another thread. A
// worker hands one to its long polls (through CallOptions::cancellation) and
// cancels it at shutdown, so that a poll the server would hold open for a
// minute returns at once.
//
//   auto cancellation = std::make_shared<temporal::CallCancellation>();
//   std::thread poller([&] {
//     // Returns an empty response once canceled: CANCELLED ends a long poll routinely.
//     connection->PollActivityTaskQueue(request, {.cancellation = cancellation});
//   });
//   cancellation->Cancel();
//   poller.join();
//
// Once canceled it stays canceled: a later call that carries it ends at once
// with CANCELLED (an empty response for a long poll, RpcError otherwise).
// Retry waits are not interrupted; a caller that needs a prompt stop passes
// RpcRetryOptions::NoRetries() with it and backs off on its own.
#ifndef TEMPORAL_CLIENT_CALL_CANCELLATION_H_
#define TEMPORAL_CLIENT_CALL_CANCELLATION_H_

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <utility>

namespace temporal {

// CallCancellation: see the file comment. Thread safe; share it with
// std::shared_ptr.
class CallCancellation {
 public:
  // Registration: keeps a callback registered with OnCancel until it is
  // destroyed. Once its destructor returns, the callback is not running and
  // never will, so the callback may refer to objects that die right after.
  class Registration {
   public:
    Registration() = default;
    Registration(Registration&& other) noexcept
        : owner_(std::exchange(other.owner_, nullptr)), id_(other.id_) {}
    Registration& operator=(Registration&& other) noexcept {
      if (this != &other) {
        Reset();
        owner_ = std::exchange(other.owner_, nullptr);
        id_ = other.id_;
      }
      return *this;
    }
    Registration(const Registration&) = delete;
    Registration& operator=(const Registration&) = delete;
    ~Registration() { Reset(); }

   private:
    friend class CallCancellation;
    Registration(CallCancellation* owner, uint64_t id) : owner_(owner), id_(id) {}
    void Reset() {
      if (owner_ != nullptr) owner_->Unregister(id_);
      owner_ = nullptr;
    }
    CallCancellation* owner_ = nullptr;
    uint64_t id_ = 0;
  };

  CallCancellation() = default;
  CallCancellation(const CallCancellation&) = delete;
  CallCancellation& operator=(const CallCancellation&) = delete;

  // Cancel ends every registered call and every later one. Idempotent.
  void Cancel() {
    std::lock_guard lock(mutex_);
    if (canceled_) return;
    canceled_ = true;
    // Run under the lock: Unregister waits for it, so a callback never runs
    // after its Registration is gone (it typically points at a stack object).
    for (auto& [id, callback] : callbacks_) callback();
    callbacks_.clear();
  }

  bool canceled() const {
    std::lock_guard lock(mutex_);
    return canceled_;
  }

  // OnCancel registers `callback` to run (once) when Cancel is called; if
  // Cancel was already called it runs now, on this thread. For transports
  // and test fakes: GrpcStub cancels its grpc::ClientContext from it. The
  // callback must be quick and must not call back into this object.
  [[nodiscard]] Registration OnCancel(std::function<void()> callback) {
    {
      std::lock_guard lock(mutex_);
      if (!canceled_) {
        const uint64_t id = ++last_id_;
        callbacks_.emplace(id, std::move(callback));
        return Registration(this, id);
      }
    }
    callback();
    return Registration();
  }

 private:
  void Unregister(uint64_t id) {
    std::lock_guard lock(mutex_);
    callbacks_.erase(id);
  }

  mutable std::mutex mutex_;
  bool canceled_ = false;
  uint64_t last_id_ = 0;
  std::map<uint64_t, std::function<void()>> callbacks_;
};

}  // namespace temporal

#endif  // TEMPORAL_CLIENT_CALL_CANCELLATION_H_
