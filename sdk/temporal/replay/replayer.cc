// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/replay/replayer.h"

#include "temporal/client/client.h"
#include "temporal/replay/history_loader.h"
#include "temporal/workflow/internal/machines/workflow_machines.h"
#include "temporal/workflow/internal/workflow_run.h"
#include "temporal/workflow/nondeterminism_error.h"

namespace temporal::replay {

Replayer::Replayer(ReplayerOptions options) : options_(std::move(options)) {}

void Replayer::ReplayOrThrow(const temporal::api::history::v1::History& history, std::string workflow_id) const {
  if (history.events_size() == 0 || !history.events(0).has_workflow_execution_started_event_attributes()) {
    throw ReplayError("the history does not begin with WorkflowExecutionStarted");
  }
  const auto& started = history.events(0).workflow_execution_started_event_attributes();
  const std::string& type = started.workflow_type().name();
  auto definition = options_.workflows.Find(type);
  if (!definition) throw ReplayError("no workflow is registered for workflow type \"" + type + "\"");
  const std::string run_id = started.original_execution_run_id().empty() ? "replayed-run"
                                                                          : started.original_execution_run_id();
  workflow_internal::machines::WorkflowMachines machines(workflow_id, run_id);
  machines.AddEvents(history);
  workflow_internal::WorkflowRun run(definition, options_.converter,
                                     {.workflow_id = workflow_id, .namespace_name = options_.namespace_name});
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

ReplayResult Replayer::Replay(const temporal::api::history::v1::History& history, std::string workflow_id) const {
  ReplayResult result;
  result.name = workflow_id;
  try {
    ReplayOrThrow(history, std::move(workflow_id));
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
  ReplayResult result = Replay(history, workflow_id);
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
