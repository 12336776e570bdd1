// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/replay/replayer.h"

#include "temporal/client/client.h"
#include "temporal/replay/history_loader.h"
#include "temporal/workflow/internal/machines/workflow_machines.h"
#include "temporal/workflow/internal/workflow_run.h"
#include "temporal/workflow/nondeterminism_error.h"

namespace temporal::replay {

namespace {

// ReplayHistory: Replayer::ReplayOrThrow for a `const History&` (its events
// are copied into the machines) or a `History&&` (they are moved).
template <typename HistoryRef>
void ReplayHistory(const ReplayerOptions& options, HistoryRef&& history, const std::string& workflow_id) {
  if (history.events_size() == 0 || !history.events(0).has_workflow_execution_started_event_attributes()) {
    throw ReplayError("the history does not begin with WorkflowExecutionStarted");
  }
  const auto& started = history.events(0).workflow_execution_started_event_attributes();
  const std::string& type = started.workflow_type().name();
  auto definition = options.workflows.Find(type);
  if (!definition) throw ReplayError("no workflow is registered for workflow type \"" + type + "\"");
  const std::string run_id = started.original_execution_run_id().empty() ? "replayed-run"
                                                                          : started.original_execution_run_id();
  workflow_internal::machines::WorkflowMachines machines(workflow_id, run_id);
  // Nothing reads `history` (or `started`, `type`) after this: its events may be moved.
  machines.AddEvents(std::forward<HistoryRef>(history));
  workflow_internal::WorkflowRun run(definition, options.converter,
                                     {.workflow_id = workflow_id,
                                      .namespace_name = options.namespace_name,
                                      .interceptors = options.interceptors});
  while (auto activation = machines.NextActivation()) {
    workflow_internal::Completion completion = run.Activate(*activation);
    if (completion.task_failure) {
      throw ReplayError("the workflow failed its workflow task at history event " +
                        std::to_string(activation->history_length) + ": " +
                        completion.task_failure->message());
    }
    machines.Complete(std::move(completion));
  }
  machines.FinishReplay();
}

// ReplayCatching: Replayer::Replay, the same with the error as the result.
template <typename HistoryRef>
ReplayResult ReplayCatching(const ReplayerOptions& options, HistoryRef&& history, std::string workflow_id) {
  ReplayResult result;
  result.name = workflow_id;
  try {
    ReplayHistory(options, std::forward<HistoryRef>(history), workflow_id);
  } catch (const NonDeterminismError& e) {
    result.error = std::current_exception();
    result.nondeterminism = true;
    result.message = e.what();
  } catch (const std::exception& e) {
    result.error = std::current_exception();
    result.message = e.what();
  }
  return result;
}

}  // namespace

Replayer::Replayer(ReplayerOptions options) : options_(std::move(options)) {}

void Replayer::ReplayOrThrow(const History& history, std::string workflow_id) const {
  ReplayHistory(options_, history, workflow_id);
}

void Replayer::ReplayOrThrow(History&& history, std::string workflow_id) const {
  ReplayHistory(options_, std::move(history), workflow_id);
}

ReplayResult Replayer::Replay(const History& history, std::string workflow_id) const {
  return ReplayCatching(options_, history, std::move(workflow_id));
}

ReplayResult Replayer::Replay(History&& history, std::string workflow_id) const {
  return ReplayCatching(options_, std::move(history), std::move(workflow_id));
}

std::vector<ReplayResult> Replayer::ReplayFiles(const std::vector<std::filesystem::path>& files) const {
  std::vector<ReplayResult> results;
  for (const auto& file : files) {
    ReplayResult result;
    try {
      result = Replay(LoadHistoryFile(file), file.stem().string());
    } catch (const std::exception& e) {
      result.error = std::current_exception();
      result.message = e.what();
    }
    result.name = file.string();
    results.push_back(std::move(result));
  }
  return results;
}

ReplayResult Replayer::ReplayWorkflow(const Client& client, const std::string& workflow_id,
                                      const std::string& run_id) const {
  History history;
  try {
    history = client.GetHandle(workflow_id, run_id).FetchHistory();
  } catch (const std::exception& e) {
    ReplayResult result;
    result.name = workflow_id;
    result.run_id = run_id;
    result.error = std::current_exception();
    result.message = "cannot fetch the history of workflow \"" + workflow_id + "\"" +
                     (run_id.empty() ? std::string() : " run \"" + run_id + "\"") + ": " + e.what();
    return result;
  }
  ReplayResult result = Replay(std::move(history), workflow_id);
  result.run_id = run_id;
  return result;
}

std::vector<ReplayResult> Replayer::ReplayWorkflows(const Client& client,
                                                    const std::string& visibility_query) const {
  std::vector<ReplayResult> results;
  // The listing is lazy (a page at a time), and so is each history: a
  // large query never holds more than one history and one page of runs.
  for (const auto& run : client.ListWorkflows(visibility_query)) {
    results.push_back(ReplayWorkflow(client, run.workflow_id, run.run_id));
  }
  return results;
}

}  // namespace temporal::replay
