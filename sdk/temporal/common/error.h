// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Error: the base of every exception the SDK throws, so callers can catch all
// of them at once and still tell them apart by type.
//
//   try {
//     client.StartWorkflow(...);
//   } catch (const temporal::WorkflowAlreadyStartedError& e) {  // one case
//   } catch (const temporal::Error& e) {                          // everything else from the SDK
//     std::cerr << e.what() << "\n";
//   }
//
// The families (each documented in its own header):
//   FailureError     a Temporal failure (temporal/common/failure.h), maps onto
//                    temporal.api.failure.v1.Failure and crosses co_await
//   ConversionError  a value that cannot become a payload or back (below)
//   InvalidArgumentError  options refused before anything is sent (below)
//   RpcError         a gRPC call that failed (temporal/client/rpc_error.h)
#ifndef TEMPORAL_COMMON_ERROR_H_
#define TEMPORAL_COMMON_ERROR_H_

#include <stdexcept>
#include <string>

namespace temporal {

// Error: base class of all SDK exceptions.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// ConversionError: a value could not be converted to a payload, or a payload
// to the requested C++ type. The message names the C++ type, the payload's
// encoding and what went wrong, for example:
//   cannot convert payload (encoding "json/plain") to int: [json.exception.type_error.302]
//   type must be number, but is string
class ConversionError : public Error {
 public:
  explicit ConversionError(const std::string& message) : Error(message) {}
};

// InvalidArgumentError: options or arguments the SDK refuses before sending
// anything, with the field and the reason, for example:
//   WorkflowOptions.task_queue is required
class InvalidArgumentError : public Error {
 public:
  explicit InvalidArgumentError(const std::string& message) : Error(message) {}
};

}  // namespace temporal

#endif  // TEMPORAL_COMMON_ERROR_H_
