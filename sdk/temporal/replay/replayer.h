// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Replayer: runs recorded histories against the workflows registered with
// it, through the same Activate/Complete path a worker uses, and reports per
// history: OK, or the non-determinism (or failure) with its message.
// Histories come from files, from History messages, or from a Temporal
// server (one workflow, or every workflow a visibility query lists).
//
//   temporal::workflow::WorkflowRegistry workflows;
//   workflows.Register("Greet", Greet);
//   temporal::replay::Replayer replayer({.workflows = workflows});
//   auto result = replayer.Replay(temporal::replay::LoadHistoryFile("greet.json"));
//   EXPECT_TRUE(result.ok()) << result.message;
//   replayer.ReplayOrThrow(history);   // throws NonDeterminismError / ReplayError
//
// Before deploying a change to workflow code, replay what production ran:
//
//   auto client = temporal::Client::Connect({.target = "temporal.example.com:7233"},
//                                           {.namespace_ = "orders"});
//   for (const auto& r : replayer.ReplayWorkflows(
//            client, "WorkflowType = 'Greet' AND CloseTime > '2025-01-01T00:00:00Z'")) {
//     if (!r.ok()) std::cerr << r.name << ": " << r.message << "\n";
//   }
#ifndef TEMPORAL_REPLAY_REPLAYER_H_
#define TEMPORAL_REPLAY_REPLAYER_H_

#include <exception>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "temporal/api/history/v1/message.pb.h"
#include "temporal/common/error.h"
#include "temporal/converter/data_converter.h"
#include "temporal/workflow/interceptor.h"
#include "temporal/workflow/workflow_definition.h"

namespace temporal {
class Client;
}  // namespace temporal

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
  // The workflow interceptors the worker that ran the histories had (a
  // WorkerInterceptor is one), the first listed outermost: needed when they
  // issue commands of their own. See temporal/workflow/interceptor.h.
  std::vector<std::shared_ptr<workflow::WorkflowInterceptorFactory>> interceptors;
};

// ReplayResult: the outcome for one history.
struct ReplayResult {
  std::string name;    // the file, or the workflow id
  std::string run_id;  // for a history from the server: the run (empty: its latest run)
  bool nondeterminism = false;
  std::exception_ptr error;  // null when OK
  std::string message;       // the error's message; empty when OK
  bool ok() const { return error == nullptr; }
};

class Replayer {
 public:
  explicit Replayer(ReplayerOptions options);

  // Replay: replays one history; never throws for what the history or the
  // workflow does (that is the result). A history passed as an rvalue
  // (`Replay(LoadHistoryFile(path))`, `Replay(std::move(history))`) is
  // replayed without copying its events: faster (about a sixth, on long
  // histories), and the history is not held twice.
  ReplayResult Replay(const temporal::api::history::v1::History& history,
                      std::string workflow_id = "replayed-workflow") const;
  ReplayResult Replay(temporal::api::history::v1::History&& history,
                      std::string workflow_id = "replayed-workflow") const;
  // ReplayOrThrow: the same, rethrowing the error.
  void ReplayOrThrow(const temporal::api::history::v1::History& history,
                     std::string workflow_id = "replayed-workflow") const;
  void ReplayOrThrow(temporal::api::history::v1::History&& history,
                     std::string workflow_id = "replayed-workflow") const;
  // ReplayFiles: each file (JSON or binary, see history_loader.h); a file
  // that does not load is a failed result naming the file.
  std::vector<ReplayResult> ReplayFiles(const std::vector<std::filesystem::path>& files) const;

  // ReplayWorkflow fetches the whole history of workflow `workflow_id` (run
  // `run_id`; empty: its latest run) from the client's namespace, page by
  // page (WorkflowHandle::FetchHistory), and replays it. A running
  // workflow replays up to where it is. A history that cannot be fetched (no
  // such workflow, the server unreachable) is a failed result whose message
  // names the workflow and the server's answer; this never throws for it.
  //
  //   auto result = replayer.ReplayWorkflow(client, "order-42");
  //   if (result.nondeterminism) std::cerr << result.message << "\n";
  ReplayResult ReplayWorkflow(const Client& client, const std::string& workflow_id,
                              const std::string& run_id = "") const;

  // ReplayWorkflows replays, one after the other, every run that the
  // visibility query lists (ListWorkflowExecutions, the same language as
  // Client::ListWorkflows; empty: every run), each fetched as
  // ReplayWorkflow does, one history in memory at a time. A result per run,
  // in the order listed; a run whose history cannot be fetched is a failed
  // result. Throws RpcError when the listing itself fails (an invalid query).
  // Visibility is eventually consistent: a run that just started or closed
  // may not be listed yet.
  //
  //   auto results = replayer.ReplayWorkflows(client, "WorkflowType = 'Greet'");
  std::vector<ReplayResult> ReplayWorkflows(const Client& client,
                                            const std::string& visibility_query) const;

 private:
  ReplayerOptions options_;
};

}  // namespace temporal::replay

#endif  // TEMPORAL_REPLAY_REPLAYER_H_
