// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// FailureConverter: C++ exceptions <-> temporal.api.failure.v1.Failure, cause
// chains included. Temporal failure types (temporal/common/failure.h) map one
// to one; any other std::exception becomes an ApplicationError whose type is
// its C++ class name (std::nested_exception chains become causes).
//
//   temporal::converter::FailureConverter failures;
//   temporal::api::failure::v1::Failure failure =
//       failures.ToFailure(std::current_exception(), *payload_converter);
//   std::shared_ptr<temporal::FailureError> error = failures.FromFailure(failure, payload_converter);
//   error->Rethrow();   // throws e.g. temporal::ApplicationError
//
// With encode_common_attributes, the message and stack trace travel inside
// `encoded_attributes` (a json/plain payload that codecs can encrypt) and the
// visible message is "Encoded failure", as in the other SDKs.
#ifndef TEMPORAL_CONVERTER_FAILURE_CONVERTER_H_
#define TEMPORAL_CONVERTER_FAILURE_CONVERTER_H_

#include <exception>
#include <memory>

#include "temporal/api/failure/v1/message.pb.h"
#include "temporal/common/failure.h"
#include "temporal/common/payload_converter.h"

namespace temporal::converter {

using Failure = temporal::api::failure::v1::Failure;

// The `source` this SDK writes into failures it creates.
inline constexpr std::string_view kFailureSource = "CppSDK";

struct FailureConverterOptions {
  bool encode_common_attributes = false;
};

// FailureConverter: see the file comment. Thread-safe.
class FailureConverter {
 public:
  explicit FailureConverter(FailureConverterOptions options = {}) : options_(options) {}
  virtual ~FailureConverter() = default;

  // ToFailure converts any exception (nullptr gives an empty Failure).
  virtual Failure ToFailure(const std::exception_ptr& error,
                            const PayloadConverter& payloads) const;
  // ToFailure converts a Temporal failure error. One that came from the
  // server (original() is set) is sent back exactly as it was received.
  virtual Failure ToFailure(const FailureError& error, const PayloadConverter& payloads) const;

  // FromFailure builds the error a Failure describes; details are decoded
  // lazily with `payloads`.
  virtual std::shared_ptr<FailureError> FromFailure(
      const Failure& failure, std::shared_ptr<const PayloadConverter> payloads) const;

 private:
  FailureConverterOptions options_;
};

}  // namespace temporal::converter

#endif  // TEMPORAL_CONVERTER_FAILURE_CONVERTER_H_
