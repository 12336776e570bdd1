// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/worker/internal/workflow_task_handler.h"

#include <condition_variable>
#include <deque>
#include <iostream>
#include <iterator>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

#include "temporal/client/rpc_error.h"
#include "temporal/common/error.h"
#include "temporal/worker/internal/local_activities_in_flight.h"
#include "temporal/workflow/nondeterminism_error.h"

namespace temporal::worker_internal {
namespace {
namespace enums = temporal::api::enums::v1;
namespace wfs = temporal::api::workflowservice::v1;
using temporal::api::failure::v1::Failure;
using temporal::api::history::v1::HistoryEvent;
using workflow_internal::Completion;
using workflow_internal::QueryAnswer;
using workflow_internal::QueryWorkflowJob;
using workflow_internal::machines::LocalActivityResult;

// The id sdk-core and the Go SDK give the query of a query-only task.
constexpr const char* kLegacyQueryId = "legacy_query";

// WorkflowTaskFailedByWorkflow: an activation came back with a task failure
// (workflow code threw something outside the Temporal failure hierarchy).
class WorkflowTaskFailedByWorkflow : public Error {
 public:
  explicit WorkflowTaskFailedByWorkflow(Failure failure)
      : Error(failure.message()), failure_(std::move(failure)) {}
  const Failure& failure() const { return failure_; }

 private:
  Failure failure_;
};

// WorkflowTypeNotRegistered: the task is for a workflow type this worker does not have.
class WorkflowTypeNotRegistered : public Error {
 public:
  using Error::Error;
};

Failure FailureWithMessage(const std::string& message, const std::string& type) {
  Failure failure;
  failure.set_message(message);
  failure.set_source("temporal-cpp");
  failure.mutable_application_failure_info()->set_type(type);
  return failure;
}

// The fields that name a workflow run in log lines.
LogFields RunFields(const std::string& workflow_id, const std::string& run_id, const std::string& type) {
  return {{"workflow_id", workflow_id}, {"run_id", run_id}, {"workflow_type", type}};
}

LogFields TaskFields(const temporal::api::workflowservice::v1::PollWorkflowTaskQueueResponse& task) {
  return RunFields(task.workflow_execution().workflow_id(), task.workflow_execution().run_id(),
                   task.workflow_type().name());
}

// Checks a run out of the cache and locks it; retries when the run was
// evicted while this task waited for it.
WorkflowRunCache::Lease CheckoutLocked(WorkflowRunCache& cache, const std::string& run_id,
                                       std::unique_lock<std::mutex>& lock) {
  while (true) {
    WorkflowRunCache::Lease lease = cache.Checkout(run_id);
    lock = std::unique_lock(lease->mutex);
    if (!lease->evicted) return lease;
    lock.unlock();
  }
}

}  // namespace

WorkflowTaskHandler::WorkflowTaskHandler(WorkflowTaskHandlerOptions options, workflow::WorkflowRegistry workflows,
                                         WorkflowRunCache& cache, DeadlockDetector& deadlocks,
                                         LocalActivityRunner* local_activities)
    : options_(std::move(options)),
      workflows_(std::move(workflows)),
      cache_(cache),
      deadlocks_(deadlocks),
      local_activities_(local_activities) {
  if (!options_.logger) options_.logger = DefaultLogger();
  if (!options_.metrics) options_.metrics = WorkerMetrics::NoOp();
}

const WorkflowTypeMetrics& WorkflowTaskHandler::MetricsOf(CachedRun& run) {
  if (run.metrics == nullptr) run.metrics = &options_.metrics->ForWorkflow(run.workflow_type);
  return *run.metrics;
}

void WorkflowTaskHandler::Handle(Task task) {
  try {
    // A query-only task has no new history to process (started_event_id 0).
    if (task.has_query() && task.started_event_id() == 0) {
      HandleQueryTask(task);
    } else {
      HandleWorkflowTask(task);
    }
  } catch (const std::exception& e) {
    // Only an answer that could not be sent gets here.
    LogFields fields = TaskFields(task);
    fields.emplace_back("error", e.what());
    options_.logger->Warn("could not answer the server for a workflow task", fields);
  }
}

void WorkflowTaskHandler::HandleWorkflowTask(Task& task) {
  const auto task_received = std::chrono::steady_clock::now();
  const auto& execution = task.workflow_execution();
  // The lease outlives the lock: the run may die with the lease.
  WorkflowRunCache::Lease lease;
  std::unique_lock<std::mutex> lock;
  lease = CheckoutLocked(cache_, execution.run_id(), lock);
  CachedRun& run = *lease;

  // A cached run continues only with the events that follow the last ones
  // it saw, and not when they say its answer failed or timed out; anything
  // else (another worker took a task, the answer was lost) means rebuilding
  // it from the whole history.
  const auto& events = task.history().events();
  if (run.machines) {
    const bool continues = !events.empty() && events[0].event_id() == run.machines->last_event_id() + 1 &&
                           events[0].event_type() != enums::EVENT_TYPE_WORKFLOW_TASK_FAILED &&
                           events[0].event_type() != enums::EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT;
    if (!continues) {
      LogFields fields = RunFields(execution.workflow_id(), execution.run_id(), run.workflow_type);
      fields.emplace_back("first_event_id", events.empty() ? std::string("none") : std::to_string(events[0].event_id()));
      fields.emplace_back("cached_up_to_event_id", std::to_string(run.machines->last_event_id()));
      options_.logger->Info("cached workflow run does not continue with this task's events; replaying its whole history",
                            fields);
      run.run.reset();
      run.machines.reset();
    }
  }
  // Sticky cache: a hit continues the cached run; a miss is a task that
  // carries only new events (a sticky task) for a run that must be rebuilt.
  if (run.machines) {
    MetricsOf(run).sticky_cache_hit->Add(1);
  } else if (events.empty() || events[0].event_id() != 1) {
    options_.metrics->sticky_cache_miss->Add(1);
  }

  try {
    if (!run.machines) {
      BuildRun(run, task, task.started_event_id());
    } else {
      AppendTaskEvents(run, task);
    }
    const std::vector<temporal::api::protocol::v1::Message> messages(task.messages().begin(), task.messages().end());
    run.machines->AddMessages(messages);
    Drive(run, task);
  } catch (const NonDeterminismError& e) {
    cache_.Evict(lease, "non-determinism");
    FailTask(task, enums::WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR,
             FailureWithMessage(e.what(), "NonDeterminismError"));
    return;
  } catch (const WorkflowTaskFailedByWorkflow& e) {
    cache_.Evict(lease, "workflow task failed");
    FailTask(task, enums::WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE, e.failure());
    return;
  } catch (const std::exception& e) {
    cache_.Evict(lease, "workflow task failed");
    const bool unregistered = dynamic_cast<const WorkflowTypeNotRegistered*>(&e) != nullptr;
    FailTask(task, enums::WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE,
             FailureWithMessage(e.what(), unregistered ? "WorkflowTypeNotRegistered" : "WorkflowTaskError"));
    return;
  }

  bool closes = false;
  try {
    closes = RespondCompleted(run, task);
  } catch (...) {
    // The task is lost (timed out, the workflow is gone, the server is
    // down): the next task of the run brings what happened, from scratch.
    cache_.Evict(lease, "the answer to its workflow task failed");
    throw;
  }
  MetricsOf(run).task_execution_latency->Record(std::chrono::steady_clock::now() - task_received);
  if (closes || run.machines->workflow_closed()) {
    cache_.Evict(lease, kEvictedWorkflowClosed);
    return;
  }
  // The run's size for the cache's byte limit: the history size the server
  // reports with the task (what the run has seen, roughly what it holds).
  // Read from the machines: BuildRun moved the task's events into them.
  if (const int64_t bytes = run.machines->history_size_bytes(); bytes > 0) cache_.SetSize(lease, bytes);
}

void WorkflowTaskHandler::AppendTaskEvents(CachedRun& run, const Task& task) {
  std::vector<HistoryEvent> next(task.history().events().begin(), task.history().events().end());
  std::string token = task.next_page_token();
  while (!token.empty()) {
    // A sticky task whose new events do not fit one page.
    wfs::GetWorkflowExecutionHistoryRequest request;
    request.set_namespace_(options_.namespace_name);
    *request.mutable_execution() = task.workflow_execution();
    request.set_next_page_token(token);
    auto page = options_.connection->GetWorkflowExecutionHistory(request);
    next.insert(next.end(), page.history().events().begin(), page.history().events().end());
    token = page.next_page_token();
  }
  std::erase_if(next, [&](const HistoryEvent& e) { return e.event_id() > task.started_event_id(); });
  run.machines->AddEvents(std::move(next));
}

void WorkflowTaskHandler::BuildRun(CachedRun& run, Task& task, int64_t last_event_id) {
  const auto& execution = task.workflow_execution();
  // The events are moved, not copied, from the task and the pages into the
  // machines (a copy is a good part of a replay's cost): nothing reads the
  // task's history after this.
  auto& task_events = *task.mutable_history()->mutable_events();
  std::vector<HistoryEvent> events(std::make_move_iterator(task_events.begin()),
                                   std::make_move_iterator(task_events.end()));
  std::string token = task.next_page_token();
  if (events.empty() || events[0].event_id() != 1) {
    // A sticky task (or a query) for a run this worker no longer has.
    events.clear();
    token.clear();
    wfs::GetWorkflowExecutionHistoryRequest request;
    request.set_namespace_(options_.namespace_name);
    *request.mutable_execution() = execution;
    auto page = options_.connection->GetWorkflowExecutionHistory(request);
    auto& page_events = *page.mutable_history()->mutable_events();
    events.assign(std::make_move_iterator(page_events.begin()), std::make_move_iterator(page_events.end()));
    token = page.next_page_token();
  }
  while (!token.empty() && (last_event_id == 0 || events.empty() || events.back().event_id() < last_event_id)) {
    wfs::GetWorkflowExecutionHistoryRequest request;
    request.set_namespace_(options_.namespace_name);
    *request.mutable_execution() = execution;
    request.set_next_page_token(token);
    auto page = options_.connection->GetWorkflowExecutionHistory(request);
    auto& page_events = *page.mutable_history()->mutable_events();
    events.insert(events.end(), std::make_move_iterator(page_events.begin()),
                  std::make_move_iterator(page_events.end()));
    token = page.next_page_token();
  }
  // Events after the task's start (a signal that came in since) belong to the next task.
  if (last_event_id > 0) {
    std::erase_if(events, [&](const HistoryEvent& e) { return e.event_id() > last_event_id; });
  }

  const std::string& type = task.workflow_type().name();
  auto definition = workflows_.Find(type);
  if (!definition) {
    std::string known;
    for (const auto& name : workflows_.names()) known += (known.empty() ? "" : ", ") + name;
    throw WorkflowTypeNotRegistered("workflow type \"" + type + "\" is not registered with this worker (task queue " +
                                    options_.task_queue + "; registered: [" + known + "])");
  }
  run.workflow_id = execution.workflow_id();
  run.workflow_type = type;
  run.machines =
      std::make_unique<workflow_internal::machines::WorkflowMachines>(execution.workflow_id(), execution.run_id());
  workflow_internal::WorkflowRun::Options run_options;
  run_options.workflow_id = execution.workflow_id();
  run_options.namespace_name = options_.namespace_name;
  run_options.interceptors = options_.interceptors;
  // workflow::Log from workflow code (silent while replaying).
  run_options.log_sink = [logger = options_.logger, fields = RunFields(execution.workflow_id(), execution.run_id(), type)](
                             const std::string& line) { logger->Info(line, fields); };
  run.run = std::make_unique<workflow_internal::WorkflowRun>(definition, options_.converter, std::move(run_options));
  run.machines->AddEvents(std::move(events));
}

void WorkflowTaskHandler::Drive(CachedRun& run, Task& task) {
  // While local activities run, the task is answered (heartbeated) before
  // its timeout runs out; sdk-core does this at 80 % of the timeout (the
  // run's workflow task timeout, known once its first activation ran).
  auto task_started = std::chrono::steady_clock::now();
  auto heartbeat_deadline = [&] {
    const Duration timeout = run.run->info().task_timeout.value_or(std::chrono::seconds(10));
    return task_started + std::chrono::duration_cast<Duration>(timeout * 4 / 5);
  };
  // Those left when Drive ends (the run closed, or the task failed) are
  // asked to stop and not waited for (LocalActivitiesInFlight).
  std::optional<LocalActivitiesInFlight> local_activities;
  Timestamp workflow_time{};
  // workflow_task_replay_latency: how long a rebuilt run took to catch up
  // with its history (until its first activation that is not a replay).
  bool replayed = false;
  while (true) {
    while (auto activation = run.machines->NextActivation()) {
      if (activation->is_replaying) {
        replayed = true;
      } else if (replayed) {
        replayed = false;
        MetricsOf(run).task_replay_latency->Record(std::chrono::steady_clock::now() - task_started);
      }
      workflow_time = activation->now;
      Completion completion;
      {
        DeadlockDetector::Watch watch = deadlocks_.Begin(run.workflow_id, run.run_id, run.workflow_type);
        completion = run.run->Activate(*activation);
      }
      if (completion.task_failure) throw WorkflowTaskFailedByWorkflow(std::move(*completion.task_failure));
      run.machines->Complete(std::move(completion));
    }
    // Local activities the workflow canceled: the running attempt hears it
    // through its activity::Context, unless the workflow abandoned it.
    for (const auto& cancel : run.machines->TakeLocalActivityCancels()) {
      if (!local_activities) continue;
      if (cancel.abandon) {
        local_activities->Abandon(cancel.seq);
      } else {
        local_activities->Cancel(cancel.seq);
      }
    }
    // A closing run starts no local activity and waits for none (sdk-core):
    // what still runs is asked to stop when `local_activities` goes.
    auto requests = run.machines->TakeLocalActivityRequests();
    if (run.machines->workflow_closed()) return;
    for (auto& command : requests) {
      if (local_activities_ == nullptr) {
        throw Error("the workflow started local activity \"" + command.activity_type +
                    "\", but this worker runs no local activities");
      }
      if (!local_activities) local_activities.emplace(*local_activities_);
      LocalActivityRequest request;
      request.command = std::move(command);
      request.workflow_id = run.workflow_id;
      request.run_id = run.run_id;
      request.workflow_type = run.workflow_type;
      request.task_queue = options_.task_queue;
      request.scheduled_time = workflow_time;
      local_activities->Start(std::move(request));
    }
    if (!local_activities || local_activities->outstanding() == 0) return;
    auto next = local_activities->NextUntil(heartbeat_deadline());
    if (!next) {
      Heartbeat(run, task);
      task_started = std::chrono::steady_clock::now();
      continue;  // the new task's (empty) activation, then wait again
    }
    run.machines->ResolveLocalActivity(next->first, next->second);
  }
}

void WorkflowTaskHandler::Heartbeat(CachedRun& run, Task& task) {
  // Completes the task with what the workflow has done so far and asks for
  // a new one at once, returned in the response: the run keeps this thread
  // and its local activities keep running.
  wfs::RespondWorkflowTaskCompletedRequest request = CompletionRequest(run, task);
  request.set_force_create_new_workflow_task(true);
  request.set_return_new_workflow_task(true);
  auto response = options_.connection->RespondWorkflowTaskCompleted(request);
  if (response.workflow_task().task_token().empty()) {
    throw Error("the server returned no new workflow task for the heartbeat of a workflow task waiting on local "
                "activities (the workflow may have closed)");
  }
  task = std::move(*response.mutable_workflow_task());
  AppendTaskEvents(run, task);
  const std::vector<temporal::api::protocol::v1::Message> messages(task.messages().begin(), task.messages().end());
  run.machines->AddMessages(messages);
}

std::vector<QueryAnswer> WorkflowTaskHandler::AnswerQueries(CachedRun& run, std::vector<QueryWorkflowJob> queries) {
  if (queries.empty()) return {};
  workflow_internal::Activation activation = run.machines->MakeQueryActivation(std::move(queries));
  DeadlockDetector::Watch watch = deadlocks_.Begin(run.workflow_id, run.run_id, run.workflow_type);
  return run.run->Activate(activation).query_answers;
}

wfs::RespondWorkflowTaskCompletedRequest WorkflowTaskHandler::CompletionRequest(CachedRun& run, const Task& task) {
  wfs::RespondWorkflowTaskCompletedRequest request;
  request.set_task_token(task.task_token());
  request.set_namespace_(options_.namespace_name);
  request.set_identity(options_.identity);
  for (auto& command : run.machines->TakeCommandsToSend()) *request.add_commands() = std::move(command);
  for (auto& message : run.machines->TakeMessagesToSend()) *request.add_messages() = std::move(message);

  // Queries that came with the task are answered after its activations.
  std::vector<QueryWorkflowJob> queries;
  for (const auto& [id, query] : task.queries()) {
    queries.push_back({.query_id = id, .query_type = query.query_type(), .arguments = query.query_args(),
                       .header = query.header()});
  }
  for (auto& answer : AnswerQueries(run, std::move(queries))) {
    auto& result = (*request.mutable_query_results())[answer.query_id];
    if (answer.result) {
      result.set_result_type(enums::QUERY_RESULT_TYPE_ANSWERED);
      *result.mutable_answer() = std::move(*answer.result);
    } else {
      result.set_result_type(enums::QUERY_RESULT_TYPE_FAILED);
      if (answer.failure) {
        result.set_error_message(answer.failure->message());
        *result.mutable_failure() = std::move(*answer.failure);
      }
    }
  }

  if (!options_.sticky_queue.empty() && cache_.caching()) {
    auto* sticky = request.mutable_sticky_attributes();
    sticky->mutable_worker_task_queue()->set_name(options_.sticky_queue);
    sticky->mutable_worker_task_queue()->set_kind(enums::TASK_QUEUE_KIND_STICKY);
    sticky->mutable_worker_task_queue()->set_normal_name(options_.task_queue);
    *sticky->mutable_schedule_to_start_timeout() = ToProto(options_.sticky_schedule_to_start_timeout);
  }
  if (!options_.build_id.empty()) {
    auto* deployment = request.mutable_deployment_options();
    deployment->set_build_id(options_.build_id);
    deployment->set_worker_versioning_mode(enums::WORKER_VERSIONING_MODE_UNVERSIONED);
  }
  return request;
}

bool WorkflowTaskHandler::RespondCompleted(CachedRun& run, Task& task) {
  const wfs::RespondWorkflowTaskCompletedRequest request = CompletionRequest(run, task);
  bool closes = false;
  // The workflow_completed / _failed / _canceled / _continue_as_new count,
  // once the server took the answer.
  MetricCounter* outcome = nullptr;
  const WorkflowTypeMetrics& metrics = MetricsOf(run);
  for (const auto& command : request.commands()) {
    switch (command.command_type()) {
      case enums::COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION:
        closes = true;
        outcome = metrics.completed.get();
        break;
      case enums::COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION:
        closes = true;
        // A BENIGN application failure is not counted (sdk-core).
        if (CountsAsFailure(command.fail_workflow_execution_command_attributes().failure())) {
          outcome = metrics.failed.get();
        }
        break;
      case enums::COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION:
        closes = true;
        outcome = metrics.canceled.get();
        break;
      case enums::COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION:
        closes = true;
        outcome = metrics.continue_as_new.get();
        break;
      default:
        break;
    }
  }
  auto response = options_.connection->RespondWorkflowTaskCompleted(request);
  if (outcome != nullptr) outcome->Add(1);
  if (closes && run.run->info().start_time != Timestamp{}) {
    // From the run's start (its WorkflowExecutionStarted event) to its close.
    const auto run_time = std::chrono::system_clock::now() - run.run->info().start_time;
    if (run_time >= run_time.zero()) metrics.endtoend_latency->Record(run_time);
  }
  if (response.reset_history_event_id() > 0) {
    // A speculative task (an update request) that only rejected: the
    // server dropped it from history, and the run's next events follow
    // the last event it kept.
    run.machines->DiscardSpeculativeTask(response.reset_history_event_id());
  }
  return closes;
}

void WorkflowTaskHandler::FailTask(const Task& task, enums::WorkflowTaskFailedCause cause, Failure failure) {
  const bool report = task.attempt() <= 1;
  const bool nondeterminism = cause == enums::WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR;
  const WorkflowTypeMetrics& metrics = options_.metrics->ForWorkflow(task.workflow_type().name());
  (nondeterminism ? metrics.task_failed_nondeterminism : metrics.task_failed_workflow)->Add(1);
  LogFields fields = TaskFields(task);
  fields.emplace_back("attempt", std::to_string(task.attempt()));
  fields.emplace_back("cause", enums::WorkflowTaskFailedCause_Name(cause));
  fields.emplace_back("error", failure.message());
  fields.emplace_back("reported", report ? "true" : "false (the server retries the task when it times out)");
  options_.logger->Error(nondeterminism ? "workflow task failed: non-determinism" : "workflow task failed", fields);
  // Only the first attempt's failure is reported, as sdk-core does: the
  // server would hand a failed task straight back, and the worker would
  // spin on it. Later attempts time out instead (the workflow task
  // timeout), which paces the retries until a fixed worker takes them.
  if (report) RespondFailed(task, cause, std::move(failure));
}

void WorkflowTaskHandler::RespondFailed(const Task& task, enums::WorkflowTaskFailedCause cause, Failure failure) {
  wfs::RespondWorkflowTaskFailedRequest request;
  request.set_task_token(task.task_token());
  request.set_namespace_(options_.namespace_name);
  request.set_identity(options_.identity);
  request.set_cause(cause);
  *request.mutable_failure() = std::move(failure);
  if (!options_.build_id.empty()) {
    auto* deployment = request.mutable_deployment_options();
    deployment->set_build_id(options_.build_id);
    deployment->set_worker_versioning_mode(enums::WORKER_VERSIONING_MODE_UNVERSIONED);
  }
  options_.connection->RespondWorkflowTaskFailed(request);
}

void WorkflowTaskHandler::HandleQueryTask(Task& task) {
  const auto& execution = task.workflow_execution();
  QueryWorkflowJob query{.query_id = kLegacyQueryId, .query_type = task.query().query_type(),
                         .arguments = task.query().query_args(), .header = task.query().header()};
  wfs::RespondQueryTaskCompletedRequest response;
  response.set_task_token(task.task_token());
  response.set_namespace_(options_.namespace_name);

  std::vector<QueryAnswer> answers;
  try {
    WorkflowRunCache::Lease lease = cache_.Find(execution.run_id());
    std::unique_lock<std::mutex> lock;
    if (lease) lock = std::unique_lock(lease->mutex);
    if (lease && !lease->evicted && lease->machines) {
      answers = AnswerQueries(*lease, {std::move(query)});
    } else {
      // Not cached (a closed workflow, or another worker's): replay the
      // whole history into a run used for this query only.
      CachedRun scratch(execution.run_id());
      BuildRun(scratch, task, 0);
      while (auto activation = scratch.machines->NextActivation()) {
        Completion completion;
        {
          DeadlockDetector::Watch watch = deadlocks_.Begin(scratch.workflow_id, scratch.run_id, scratch.workflow_type);
          completion = scratch.run->Activate(*activation);
        }
        if (completion.task_failure) throw WorkflowTaskFailedByWorkflow(std::move(*completion.task_failure));
        scratch.machines->Complete(std::move(completion));
      }
      answers = AnswerQueries(scratch, {std::move(query)});
    }
  } catch (const std::exception& e) {
    QueryAnswer failed;
    failed.failure = FailureWithMessage(std::string("the query could not be answered: ") + e.what(), "QueryFailed");
    answers = {std::move(failed)};
  }
  if (answers.empty()) {
    QueryAnswer failed;
    failed.failure = FailureWithMessage("the workflow gave no answer to the query", "QueryFailed");
    answers.push_back(std::move(failed));
  }
  QueryAnswer& answer = answers.front();
  if (answer.result) {
    response.set_completed_type(enums::QUERY_RESULT_TYPE_ANSWERED);
    *response.mutable_query_result() = std::move(*answer.result);
  } else {
    response.set_completed_type(enums::QUERY_RESULT_TYPE_FAILED);
    if (answer.failure) {
      response.set_error_message(answer.failure->message());
      *response.mutable_failure() = std::move(*answer.failure);
    }
  }
  options_.connection->RespondQueryTaskCompleted(response);
}

}  // namespace temporal::worker_internal
