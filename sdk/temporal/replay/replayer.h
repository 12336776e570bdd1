// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Replayer: runs recorded histories against the workflows registered with
// it, through the same Activate/Complete path a worker uses, and reports per
// history: OK, or the non-determinism (or failure) with its message.
//
//   temporal::workflow::WorkflowRegistry workflows;
//   workflows.Register("Greet", Greet);
//   temporal::replay::Replayer replayer({.workflows = workflows});
//   auto result = replayer.Replay(temporal::replay::LoadHistoryFile("greet.json"));
//   EXPECT_TRUE(result.ok()) << result.message;
//   replayer.ReplayOrThrow(history);   // throws NonDeterminismError / ReplayError
#ifndef TEMPORAL_REPLAY_REPLAYER_H_
#define TEMPORAL_REPLAY_REPLAYER_H_

#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "temporal/api/history/v1/message.pb.h"
#include "temporal/common/error.h"
#include "temporal/converter/data_converter.h"
#include "temporal/workflow/workflow_definition.h"

namespace temporal::replay {

// ReplayError: replay failed for a reason other than non-determinism (no
// workflow registered for the type, workflow code failed the task).
class ReplayError : public Error {
 public:
  using Error::Error;
};

struct ReplayerOptions {
  workflow::WorkflowRegistry workflows;
  converter::DataConverter converter;
  std::string namespace_name = "default";
};

// ReplayResult: the outcome for one history.
struct ReplayResult {
  std::string name;  // the file, or the workflow id
  bool nondeterminism = false;
  std::exception_ptr error;  // null when OK
  std::string message;       // the error's message; empty when OK
  bool ok() const { return error == nullptr; }
};

class Replayer {
 public:
  explicit Replayer(ReplayerOptions options);

  // Replay: replays one history; never throws for what the history or the
  // workflow does (that is the result).
  ReplayResult Replay(const temporal::api::history::v1::History& history,
                      std::string workflow_id = "replayed-workflow") const;
  // ReplayOrThrow: the same, rethrowing the error.
  void ReplayOrThrow(const temporal::api::history::v1::History& history,
                     std::string workflow_id = "replayed-workflow") const;
  // ReplayFiles: each file (JSON or binary, see history_loader.h); a file
  // that does not load is a failed result naming the file.
  std::vector<ReplayResult> ReplayFiles(const std::vector<std::filesystem::path>& files) const;

 private:
  ReplayerOptions options_;
};

}  // namespace temporal::replay

#endif  // TEMPORAL_REPLAY_REPLAYER_H_
