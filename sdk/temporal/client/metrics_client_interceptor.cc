// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/client/metrics_client_interceptor.h"

#include <google/protobuf/descriptor.h>

#include <chrono>

#include "temporal/client/rpc_error.h"
#include "temporal/metrics/metric_names.h"

namespace temporal {
namespace {
namespace names = temporal::metric_names;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// StringField: a top-level string field of the request, or "".
std::string StringField(const Message& message, const char* name) {
  const FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(name);
  if (field == nullptr || field->is_repeated() || field->type() != FieldDescriptor::TYPE_STRING)
    return "";
  return message.GetReflection()->GetString(message, field);
}

bool BoolField(const Message& message, const char* name) {
  const FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(name);
  if (field == nullptr || field->is_repeated() || field->type() != FieldDescriptor::TYPE_BOOL)
    return false;
  return message.GetReflection()->GetBool(message, field);
}

// PolledTaskQueue: the (normal) task queue a Poll*TaskQueue request names.
std::string PolledTaskQueue(const Message& request) {
  const FieldDescriptor* field = request.GetDescriptor()->FindFieldByName("task_queue");
  if (field == nullptr || field->is_repeated() || field->type() != FieldDescriptor::TYPE_MESSAGE)
    return "";
  const Message& queue = request.GetReflection()->GetMessage(request, field);
  std::string normal = StringField(queue, "normal_name");  // a sticky queue's normal queue
  return normal.empty() ? StringField(queue, "name") : normal;
}

bool IsTaskQueuePoll(std::string_view rpc) {
  return rpc == "PollWorkflowTaskQueue" || rpc == "PollActivityTaskQueue" ||
         rpc == "PollNexusTaskQueue";
}

// IsLongPoll: the calls sdk-core counts as long requests.
bool IsLongPoll(std::string_view rpc, const Message& request) {
  if (IsTaskQueuePoll(rpc) || rpc == "UpdateWorkflowExecution" ||
      rpc == "PollWorkflowExecutionUpdate")
    return true;
  return rpc == "GetWorkflowExecutionHistory" && BoolField(request, "wait_new_event");
}

MetricDefinition Def(std::string_view name, std::string description, std::string unit = "") {
  return MetricDefinition{
      .name = std::string(name), .description = std::move(description), .unit = std::move(unit)};
}

}  // namespace

MetricsClientInterceptor::MetricsClientInterceptor(std::shared_ptr<MetricsHandler> handler)
    : handler_(handler ? std::move(handler) : NoopMetricsHandler::Instance()) {}

MetricsClientInterceptor::Instruments& MetricsClientInterceptor::InstrumentsFor(
    const ClientCall& call) {
  const std::string_view rpc = call.rpc();
  const Message& request = call.request();
  const std::string namespace_name = StringField(request, "namespace");
  const std::string task_queue = IsTaskQueuePoll(rpc) ? PolledTaskQueue(request) : "";
  const bool long_poll = IsLongPoll(rpc, request);
  std::string key(rpc);
  key += '\n';
  key += namespace_name;
  key += '\n';
  key += task_queue;
  key += long_poll ? "\nlong" : "";

  std::lock_guard lock(mutex_);
  auto& slot = instruments_[key];
  if (!slot) {
    MetricTags tags = {{std::string(names::kTagOperation), std::string(rpc)},
                       {std::string(names::kTagNamespace), namespace_name}};
    if (!task_queue.empty()) tags.emplace_back(std::string(names::kTagTaskQueue), task_queue);
    auto tagged = handler_->WithTags(tags);
    slot = std::make_unique<Instruments>();
    slot->tagged = tagged;
    slot->long_poll = long_poll;
    // Descriptions are sdk-core's.
    if (long_poll) {
      slot->requests = tagged->Counter(
          Def(names::kLongRequest, "Count of long-poll request successes by rpc name"));
      slot->latency = tagged->DurationHistogram(
          Def(names::kLongRequestLatency, "Histogram of client long-poll request latencies",
              "duration"));
    } else {
      slot->requests =
          tagged->Counter(Def(names::kRequest, "Count of client request successes by rpc name"));
      slot->latency = tagged->DurationHistogram(
          Def(names::kRequestLatency, "Histogram of client request latencies", "duration"));
    }
  }
  return *slot;
}

void MetricsClientInterceptor::CountFailure(Instruments& instruments, int code) {
  if (code < 0 || code >= static_cast<int>(instruments.failures.size()))
    code = grpc::StatusCode::UNKNOWN;
  std::shared_ptr<MetricCounter> counter;
  {
    std::lock_guard lock(mutex_);
    auto& slot = instruments.failures[static_cast<size_t>(code)];
    if (!slot) {
      auto tagged = instruments.tagged->WithTags(
          {{std::string(names::kTagStatusCode),
            std::string(StatusCodeName(static_cast<grpc::StatusCode>(code)))}});
      slot = instruments.long_poll
                 ? tagged->Counter(Def(names::kLongRequestFailure,
                                       "Count of long-poll request failures by rpc name"))
                 : tagged->Counter(
                       Def(names::kRequestFailure, "Count of client request failures by rpc name"));
    }
    counter = slot;
  }
  counter->Add(1);
}

void MetricsClientInterceptor::Intercept(ClientCall& call, const ClientCallNext& next) {
  Instruments& instruments = InstrumentsFor(call);
  // Counted whether it succeeds or not, as sdk-core does; failures are also
  // counted apart, by status code.
  instruments.requests->Add(1);
  const auto start = std::chrono::steady_clock::now();
  try {
    next();
  } catch (const RpcError& e) {
    instruments.latency->Record(std::chrono::steady_clock::now() - start);
    CountFailure(instruments, static_cast<int>(e.code()));
    throw;
  } catch (...) {
    instruments.latency->Record(std::chrono::steady_clock::now() - start);
    CountFailure(instruments, grpc::StatusCode::UNKNOWN);
    throw;
  }
  instruments.latency->Record(std::chrono::steady_clock::now() - start);
}

}  // namespace temporal
