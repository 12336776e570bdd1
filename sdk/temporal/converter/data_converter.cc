// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/converter/data_converter.h"

#include <functional>

namespace temporal::converter {
namespace {

using Apply = std::function<void(PayloadList&)>;

std::vector<Payload> TakeAll(PayloadList& list) {
  std::vector<Payload> out;
  out.reserve(list.size());
  for (Payload& payload : list) out.push_back(std::move(payload));
  list.Clear();
  return out;
}

void PutAll(std::vector<Payload>& from, PayloadList& list) {
  list.Reserve(static_cast<int>(from.size()));
  for (Payload& payload : from) *list.Add() = std::move(payload);
}

void ApplyToSingle(Payload* payload, const Apply& apply) {
  PayloadList list;
  *list.Add() = std::move(*payload);
  apply(list);
  *payload = std::move(list[0]);
}

// Visits every payload list carried by a failure tree.
void ForEachPayloads(Failure& failure, const Apply& apply) {
  if (failure.has_encoded_attributes()) ApplyToSingle(failure.mutable_encoded_attributes(), apply);
  switch (failure.failure_info_case()) {
    case Failure::kApplicationFailureInfo:
      apply(*failure.mutable_application_failure_info()->mutable_details()->mutable_payloads());
      break;
    case Failure::kCanceledFailureInfo:
      apply(*failure.mutable_canceled_failure_info()->mutable_details()->mutable_payloads());
      break;
    case Failure::kTimeoutFailureInfo:
      apply(*failure.mutable_timeout_failure_info()
                 ->mutable_last_heartbeat_details()
                 ->mutable_payloads());
      break;
    case Failure::kResetWorkflowFailureInfo:
      apply(*failure.mutable_reset_workflow_failure_info()
                 ->mutable_last_heartbeat_details()
                 ->mutable_payloads());
      break;
    default:
      break;
  }
  if (failure.has_cause()) ForEachPayloads(*failure.mutable_cause(), apply);
}

}  // namespace

void DataConverter::Encode(std::vector<Payload>& payloads) const {
  for (const auto& codec : codecs) codec->Encode(payloads);
}

void DataConverter::Decode(std::vector<Payload>& payloads) const {
  for (auto it = codecs.rbegin(); it != codecs.rend(); ++it) (*it)->Decode(payloads);
}

void DataConverter::Encode(PayloadList& payloads) const {
  if (codecs.empty() || payloads.empty()) return;
  std::vector<Payload> list = TakeAll(payloads);
  Encode(list);
  PutAll(list, payloads);
}

void DataConverter::Decode(PayloadList& payloads) const {
  if (codecs.empty() || payloads.empty()) return;
  std::vector<Payload> list = TakeAll(payloads);
  Decode(list);
  PutAll(list, payloads);
}

void DataConverter::Decode(const Payload& payload, const ValueTarget& target) const {
  if (codecs.empty()) {
    payload_converter->Decode(payload, target);
    return;
  }
  std::vector<Payload> list = {payload};
  Decode(list);
  if (list.size() != 1) {
    throw ConversionError("a payload codec turned one payload into " +
                          std::to_string(list.size()));
  }
  payload_converter->Decode(list.front(), target);
}

Failure DataConverter::ToFailure(const std::exception_ptr& error) const {
  Failure failure = failure_converter->ToFailure(error, *payload_converter);
  if (!codecs.empty()) ForEachPayloads(failure, [this](PayloadList& list) { Encode(list); });
  return failure;
}

Failure DataConverter::ToFailure(const FailureError& error) const {
  Failure failure = failure_converter->ToFailure(error, *payload_converter);
  if (!codecs.empty()) ForEachPayloads(failure, [this](PayloadList& list) { Encode(list); });
  return failure;
}

std::shared_ptr<FailureError> DataConverter::FromFailure(Failure failure) const {
  if (!codecs.empty()) ForEachPayloads(failure, [this](PayloadList& list) { Decode(list); });
  return failure_converter->FromFailure(failure, payload_converter);
}

Values DataConverter::ToValues(PayloadList payloads) const {
  Decode(payloads);
  return Values::FromPayloads(TakeAll(payloads), payload_converter);
}

}  // namespace temporal::converter
