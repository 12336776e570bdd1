// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// NonDeterminismError: replaying a workflow's history, the workflow code did
// something other than what the history records: a different command, a
// command where the history has none, or none where it has one. The message
// says what the history holds (event id, type, key attributes), what the code
// did, and where in the workflow source it did it:
//
//   non-determinism at history event 5 (TimerFired, timer id "2"): the workflow
//   expected timer "1" (started at orders.cc:42 in ProcessOrder)
//
//   try { replayer.Replay(history); }
//   catch (const temporal::NonDeterminismError& e) { std::cerr << e.what(); }
#ifndef TEMPORAL_WORKFLOW_NONDETERMINISM_ERROR_H_
#define TEMPORAL_WORKFLOW_NONDETERMINISM_ERROR_H_

#include <cstdint>
#include <source_location>
#include <string>

#include "temporal/common/error.h"

namespace temporal {

// NonDeterminismError: see the file comment.
class NonDeterminismError : public Error {
 public:
  NonDeterminismError(int64_t event_id, std::string history_holds, std::string code_did,
                      std::string code_location)
      : Error("non-determinism at history event " + std::to_string(event_id) + " (" +
              history_holds + "): " + code_did +
              (code_location.empty() ? "" : " (at " + code_location + ")")),
        event_id_(event_id),
        history_holds_(std::move(history_holds)),
        code_did_(std::move(code_did)),
        code_location_(std::move(code_location)) {}

  int64_t event_id() const { return event_id_; }
  // The recorded event, e.g. `TimerFired, timer id "2"`.
  const std::string& history_holds() const { return history_holds_; }
  // What the workflow code did instead.
  const std::string& code_did() const { return code_did_; }
  // Where in the workflow source ("file:line in function"), or empty.
  const std::string& code_location() const { return code_location_; }

 private:
  int64_t event_id_;
  std::string history_holds_;
  std::string code_did_;
  std::string code_location_;
};

// FormatLocation: "file.cc:42 in Function" for a NonDeterminismError.
inline std::string FormatLocation(const std::source_location& where) {
  std::string file = where.file_name();
  if (auto slash = file.find_last_of('/'); slash != std::string::npos) file.erase(0, slash + 1);
  return file + ":" + std::to_string(where.line()) + " in " + where.function_name();
}

}  // namespace temporal

#endif  // TEMPORAL_WORKFLOW_NONDETERMINISM_ERROR_H_
