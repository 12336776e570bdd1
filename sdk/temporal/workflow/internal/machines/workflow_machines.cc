// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/machines/workflow_machines.h"

#include <algorithm>
#include <utility>

#include "temporal/common/error.h"
#include "temporal/workflow/internal/machines/activity_machine.h"
#include "temporal/workflow/internal/machines/cancel_external_machine.h"
#include "temporal/workflow/internal/machines/cancel_workflow_machine.h"
#include "temporal/workflow/internal/machines/child_workflow_machine.h"
#include "temporal/workflow/internal/machines/complete_workflow_machine.h"
#include "temporal/workflow/internal/machines/continue_as_new_workflow_machine.h"
#include "temporal/workflow/internal/machines/fail_workflow_machine.h"
#include "temporal/workflow/internal/machines/local_activity_machine.h"
#include "temporal/workflow/internal/machines/modify_workflow_properties_machine.h"
#include "temporal/workflow/internal/machines/patch_machine.h"
#include "temporal/workflow/internal/machines/side_effect_machine.h"
#include "temporal/workflow/internal/machines/signal_external_machine.h"
#include "temporal/workflow/internal/machines/timer_machine.h"
#include "temporal/workflow/internal/machines/update_machine.h"
#include "temporal/workflow/internal/machines/upsert_search_attributes_machine.h"
#include "temporal/workflow/nondeterminism_error.h"
#include "temporal/workflow/usage_error.h"

namespace temporal::workflow_internal::machines {
namespace {
namespace enums = temporal::api::enums::v1;
using temporal::api::command::v1::Command;
using temporal::api::history::v1::HistoryEvent;

bool IsWorkflowTaskEvent(enums::EventType type) {
  return type == enums::EVENT_TYPE_WORKFLOW_TASK_SCHEDULED ||
         type == enums::EVENT_TYPE_WORKFLOW_TASK_STARTED ||
         type == enums::EVENT_TYPE_WORKFLOW_TASK_COMPLETED ||
         type == enums::EVENT_TYPE_WORKFLOW_TASK_FAILED ||
         type == enums::EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT;
}

bool IsCloseEvent(enums::EventType type) {
  switch (type) {
    case enums::EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
    case enums::EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:
    case enums::EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT:
    case enums::EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED:
    case enums::EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
    case enums::EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED:
      return true;
    default:
      return false;
  }
}

bool IsUpdateEvent(enums::EventType type) {
  return type == enums::EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED ||
         type == enums::EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED;
}

// The id of the command event an operation's later event refers to; 0 when
// the event is not such a follow-up.
int64_t InitialEventId(const HistoryEvent& e) {
  switch (e.event_type()) {
    case enums::EVENT_TYPE_ACTIVITY_TASK_STARTED: return e.activity_task_started_event_attributes().scheduled_event_id();
    case enums::EVENT_TYPE_ACTIVITY_TASK_COMPLETED: return e.activity_task_completed_event_attributes().scheduled_event_id();
    case enums::EVENT_TYPE_ACTIVITY_TASK_FAILED: return e.activity_task_failed_event_attributes().scheduled_event_id();
    case enums::EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT: return e.activity_task_timed_out_event_attributes().scheduled_event_id();
    case enums::EVENT_TYPE_ACTIVITY_TASK_CANCELED: return e.activity_task_canceled_event_attributes().scheduled_event_id();
    case enums::EVENT_TYPE_TIMER_FIRED: return e.timer_fired_event_attributes().started_event_id();
    case enums::EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED:
      return e.start_child_workflow_execution_failed_event_attributes().initiated_event_id();
    case enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED:
      return e.child_workflow_execution_started_event_attributes().initiated_event_id();
    case enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED:
      return e.child_workflow_execution_completed_event_attributes().initiated_event_id();
    case enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED:
      return e.child_workflow_execution_failed_event_attributes().initiated_event_id();
    case enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED:
      return e.child_workflow_execution_canceled_event_attributes().initiated_event_id();
    case enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT:
      return e.child_workflow_execution_timed_out_event_attributes().initiated_event_id();
    case enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED:
      return e.child_workflow_execution_terminated_event_attributes().initiated_event_id();
    case enums::EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED:
      return e.external_workflow_execution_signaled_event_attributes().initiated_event_id();
    case enums::EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED:
      return e.signal_external_workflow_execution_failed_event_attributes().initiated_event_id();
    case enums::EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED:
      return e.external_workflow_execution_cancel_requested_event_attributes().initiated_event_id();
    case enums::EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED:
      return e.request_cancel_external_workflow_execution_failed_event_attributes().initiated_event_id();
    default: return 0;
  }
}

// Event types the history may hold that need nothing from the workflow.
bool IsInformational(enums::EventType type) {
  switch (type) {
    case enums::EVENT_TYPE_WORKFLOW_EXECUTION_OPTIONS_UPDATED:
    case enums::EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED:
    case enums::EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_REJECTED:
    case enums::EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED:
    case enums::EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT:
      return true;
    default:
      return false;
  }
}

std::string UpdateIdOf(const HistoryEvent& e) {
  if (e.has_workflow_execution_update_accepted_event_attributes()) {
    const auto& a = e.workflow_execution_update_accepted_event_attributes();
    return a.accepted_request().meta().update_id().empty() ? a.protocol_instance_id()
                                                          : a.accepted_request().meta().update_id();
  }
  return e.workflow_execution_update_completed_event_attributes().meta().update_id();
}

}  // namespace

uint64_t RandomnessSeed(std::string_view run_id) {
  uint64_t hash = 14695981039346656037ull;  // FNV-1a
  for (unsigned char c : run_id) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

WorkflowMachines::WorkflowMachines(std::string workflow_id, std::string run_id)
    : workflow_id_(std::move(workflow_id)), run_id_(std::move(run_id)) {}

WorkflowMachines::~WorkflowMachines() = default;

void WorkflowMachines::CheckNextEventId(const HistoryEvent& event) {
  // The first event may be any id (a sticky task continues a cached run);
  // after that, ids follow one another.
  if (next_event_id_ != 0 && event.event_id() != next_event_id_) {
    throw InvalidArgumentError("history event ids must follow one another: expected event " +
                               std::to_string(next_event_id_) + ", got event " +
                               std::to_string(event.event_id()));
  }
  next_event_id_ = event.event_id() + 1;
}

void WorkflowMachines::AddEvents(std::vector<HistoryEvent> events) {
  for (auto& event : events) {
    CheckNextEventId(event);
    events_.push_back(std::move(event));
  }
}

void WorkflowMachines::AddEvents(const temporal::api::history::v1::History& history) {
  // Copied straight into events_, not through a temporary vector.
  for (const HistoryEvent& event : history.events()) {
    CheckNextEventId(event);
    events_.push_back(event);
  }
}

void WorkflowMachines::AddEvents(temporal::api::history::v1::History&& history) {
  for (HistoryEvent& event : *history.mutable_events()) {
    CheckNextEventId(event);
    events_.push_back(std::move(event));
  }
}

void WorkflowMachines::AddMessages(std::span<const temporal::api::protocol::v1::Message> messages) {
  messages_in_.insert(messages_in_.end(), messages.begin(), messages.end());
}

void WorkflowMachines::ApplyIncomingMessages() {
  for (const auto& message : std::exchange(messages_in_, {})) {
    std::optional<DoUpdateJob> job = DoUpdateJobFromRequestMessage(message);
    if (!job) continue;  // not an update request: nothing for the workflow
    if (updates_.count(job->protocol_instance_id) != 0) continue;  // delivered again
    auto machine = std::make_unique<UpdateMachine>(*job, std::source_location::current(),
                                                   RequestOriginOf(message));
    updates_[job->protocol_instance_id] = &Own(std::move(machine));
    jobs_.push_back(std::move(*job));
  }
}

void WorkflowMachines::AddQuery(QueryWorkflowJob query) { jobs_.push_back(std::move(query)); }

Activation WorkflowMachines::MakeQueryActivation(std::vector<QueryWorkflowJob> queries) const {
  Activation activation;
  activation.run_id = run_id_;
  activation.now = now_;
  activation.is_replaying = false;
  activation.history_length = history_length_;
  activation.history_size_bytes = history_size_bytes_;
  activation.continue_as_new_suggested = continue_as_new_suggested_;
  for (auto& query : queries) activation.jobs.push_back(std::move(query));
  return activation;
}

// --- MachineSink ---

void WorkflowMachines::PushJob(Job job) { jobs_.push_back(std::move(job)); }

void WorkflowMachines::PushCommand(CommandMachine& owner, Command command) {
  pending_.push_back({&owner, std::move(command)});
}

void WorkflowMachines::DropPendingCommands(const CommandMachine& owner) {
  std::erase_if(pending_, [&](const PendingCommand& p) { return p.owner == &owner && !p.sent; });
}

void WorkflowMachines::PushMessage(temporal::api::protocol::v1::Message message) {
  if (!replaying_) messages_out_.push_back(std::move(message));
}

std::span<const HistoryEvent* const> WorkflowMachines::UpcomingCommandEvents() const { return upcoming_; }

// --- Activations ---

template <typename M>
M& WorkflowMachines::Own(std::unique_ptr<M> machine) {
  M& ref = *machine;
  machines_.push_back(std::move(machine));
  return ref;
}

Activation WorkflowMachines::MakeActivation() {
  Activation activation;
  activation.run_id = run_id_;
  activation.now = now_;
  activation.is_replaying = replaying_;
  activation.history_length = history_length_;
  activation.history_size_bytes = history_size_bytes_;
  activation.continue_as_new_suggested = continue_as_new_suggested_;
  // The Rust-core order: start first, then patches, seeds, signals and
  // updates (in history order), then resolutions, then queries; stable
  // within each group.
  auto group = [](const Job& job) {
    if (std::holds_alternative<InitializeWorkflowJob>(job)) return 0;
    if (std::holds_alternative<NotifyHasPatchJob>(job)) return 1;
    if (std::holds_alternative<UpdateRandomSeedJob>(job)) return 2;
    if (std::holds_alternative<SignalWorkflowJob>(job) || std::holds_alternative<DoUpdateJob>(job)) return 3;
    if (std::holds_alternative<ResolveLocalActivityJob>(job)) return 5;
    if (std::holds_alternative<QueryWorkflowJob>(job)) return 6;
    if (std::holds_alternative<RemoveFromCacheJob>(job)) return 7;
    return 4;
  };
  const auto by_group = [&](const Job& a, const Job& b) { return group(a) < group(b); };
  // Most activations are in order already (one or two jobs); stable_sort
  // would still allocate its buffer.
  if (!std::is_sorted(jobs_.begin(), jobs_.end(), by_group)) std::stable_sort(jobs_.begin(), jobs_.end(), by_group);
  activation.jobs = std::move(jobs_);
  jobs_.clear();
  awaiting_completion_ = true;
  return activation;
}

void WorkflowMachines::CollectUpcomingCommandEvents() {
  upcoming_.clear();
  // events_[cursor_] is the WorkflowTaskCompleted of the task being replayed.
  for (size_t i = cursor_ + 1; i < events_.size(); ++i) {
    const auto type = events_[i].event_type();
    if (IsCommandEvent(type)) {
      upcoming_.push_back(&events_[i]);
    } else if (type == enums::EVENT_TYPE_UNSPECIFIED || events_[i].worker_may_ignore()) {
      continue;
    } else {
      break;
    }
  }
}

std::optional<Activation> WorkflowMachines::StartWorkflowTask(const HistoryEvent& started, bool replaying) {
  replaying_ = replaying;
  in_workflow_task_ = true;
  task_completed_seen_ = false;
  now_ = std::max(now_, FromProto(started.event_time()));
  history_length_ = started.event_id();
  const auto& attributes = started.workflow_task_started_event_attributes();
  history_size_bytes_ = attributes.history_size_bytes();
  continue_as_new_suggested_ = attributes.suggest_continue_as_new();
  upcoming_.clear();
  if (replaying) CollectUpcomingCommandEvents();
  // Local activities scheduled in an earlier task whose marker is recorded
  // later (the task in between was answered while they ran).
  for (auto& [seq, local_activity] : local_activities_) {
    if (!local_activity->waiting_for_marker()) continue;
    if (replaying) {
      local_activity->ResolveFromUpcomingMarker(*this);
    } else {
      local_activity->OnNonReplayWorkflowTask();
      if (local_activity->needs_execution()) local_activity_requests_.push_back(local_activity->command());
    }
  }
  if (!replaying) ApplyIncomingMessages();
  if (replaying) {
    // What the workflow must know to issue the commands the history holds.
    for (const HistoryEvent* upcoming : upcoming_) {
      const HistoryEvent& event = *upcoming;
      if (auto patch_id = PatchIdOfMarker(event)) {
        jobs_.push_back(NotifyHasPatchJob{*patch_id});
      } else if (event.event_type() == enums::EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED) {
        DoUpdateJob job = DoUpdateJobFromAcceptedEvent(event);
        if (job.name.empty()) {
          // The accepted event may leave the request to the admitted event before it.
          if (auto it = admitted_requests_.find(job.update_id); it != admitted_requests_.end()) {
            job.name = it->second.name;
            job.input = it->second.input;
            job.header = it->second.header;
          }
        }
        if (updates_.count(job.protocol_instance_id) == 0) {
          auto machine = std::make_unique<UpdateMachine>(job, std::source_location::current(),
                                                         RequestOriginOf(event));
          updates_[job.protocol_instance_id] = &Own(std::move(machine));
          jobs_.push_back(std::move(job));
        }
      }
    }
  }
  return MakeActivation();
}

std::optional<Activation> WorkflowMachines::NextActivation() {
  if (awaiting_completion_) {
    throw workflow::UsageError("NextActivation: the previous activation has no Completion yet");
  }
  // Jobs a completion produced at once (an operation canceled before it
  // was sent, a local activity read back from its marker) are delivered
  // within the same workflow task.
  if (in_workflow_task_ && !jobs_.empty()) return MakeActivation();

  while (cursor_ < events_.size()) {
    // Dropped here, never in Advance: the loop body holds `event` across
    // Advance (StartWorkflowTask reads it after).
    DropAppliedEvents();
    HistoryEvent& event = events_[cursor_];
    const auto type = event.event_type();
    if (type == enums::EVENT_TYPE_WORKFLOW_TASK_STARTED) {
      const HistoryEvent* next = cursor_ + 1 < events_.size() ? &events_[cursor_ + 1] : nullptr;
      if (next != nullptr && (next->event_type() == enums::EVENT_TYPE_WORKFLOW_TASK_FAILED ||
                              next->event_type() == enums::EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT)) {
        // A failed attempt: its jobs go to the next task that completes.
        Advance();
        continue;
      }
      if (next != nullptr && next->event_type() == enums::EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
        const HistoryEvent* after = cursor_ + 2 < events_.size() ? &events_[cursor_ + 2] : nullptr;
        if (after != nullptr && after->event_type() == enums::EVENT_TYPE_WORKFLOW_TASK_SCHEDULED &&
            !saw_command_event_) {
          // A task that completed with nothing to do and was followed at
          // once by another (a heartbeat while local activities ran): one
          // logical task with the next.
          Advance();
          continue;
        }
        Advance();
        saw_command_event_ = false;
        return StartWorkflowTask(event, /*replaying=*/true);
      }
      if (next == nullptr) {
        Advance();
        saw_command_event_ = false;
        return StartWorkflowTask(event, /*replaying=*/false);
      }
      Advance();
      continue;
    }
    if (type == enums::EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
      task_completed_seen_ = true;
      in_workflow_task_ = false;
      Advance();
      continue;
    }
    if (type == enums::EVENT_TYPE_WORKFLOW_TASK_FAILED) {
      const auto& attributes = event.workflow_task_failed_event_attributes();
      if (attributes.cause() == enums::WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW &&
          !attributes.new_run_id().empty()) {
        jobs_.push_back(UpdateRandomSeedJob{RandomnessSeed(attributes.new_run_id())});
      }
      Advance();
      continue;
    }
    if (IsWorkflowTaskEvent(type)) {
      if (type == enums::EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) CheckAllCommandsRecorded(event);
      Advance();
      continue;
    }
    if (IsCommandEvent(type)) {
      saw_command_event_ = true;
      ApplyCommandEvent(event);
      Advance();
      continue;
    }
    CheckAllCommandsRecorded(event);
    ApplyOtherEvent(event);
    Advance();
  }
  return std::nullopt;
}

void WorkflowMachines::Advance() {
  last_event_id_ = events_[cursor_].event_id();
  ++cursor_;
}

void WorkflowMachines::DropAppliedEvents() {
  // Applied events are not needed again: a long-lived cached run must not
  // keep its whole history. Dropping from the front of the deque moves no
  // other event. The upcoming command events among them leave upcoming_
  // with them (it points into events_).
  if (cursor_ == 0) return;
  const int64_t last_dropped = events_[cursor_ - 1].event_id();
  const auto applied = std::find_if(upcoming_.begin(), upcoming_.end(),
                                    [&](const HistoryEvent* e) { return e->event_id() > last_dropped; });
  upcoming_.erase(upcoming_.begin(), applied);
  // One or two events each time: pop_front is cheaper than a range erase.
  for (; cursor_ > 0; --cursor_) events_.pop_front();
}

void WorkflowMachines::CheckAllCommandsRecorded(const HistoryEvent& next) {
  if (!task_completed_seen_) return;
  while (!pending_.empty()) {
    PendingCommand& front = pending_.front();
    if (front.owner->MayBeAbsentFromHistory(front.command)) {
      pending_.pop_front();
      continue;
    }
    throw NonDeterminismError(
        next.event_id(), DescribeEvent(next),
        "the workflow issued " + DescribeCommand(front.command) +
            ", which the history does not record (it holds this event instead)",
        FormatLocation(front.owner->where()));
  }
}

void WorkflowMachines::ApplyCommandEvent(const HistoryEvent& event) {
  const auto type = event.event_type();
  if (IsCloseEvent(type)) workflow_closed_ = true;

  if (IsUpdateEvent(type)) {
    // Update events are matched by update id: SDKs have recorded the
    // acceptance before and after the commands of its task.
    const std::string update_id = UpdateIdOf(event);
    for (auto it = pending_.begin(); it != pending_.end(); ++it) {
      if (it->command.command_type() != enums::COMMAND_TYPE_PROTOCOL_MESSAGE) continue;
      auto* update = static_cast<UpdateMachine*>(it->owner);
      if (update->update_id() != update_id) continue;
      PendingCommand matched = std::move(*it);
      pending_.erase(it);
      matched.owner->OnCommandEvent(matched.command, event, *this);
      return;
    }
    throw NonDeterminismError(event.event_id(), DescribeEvent(event),
                              "the workflow did not accept or complete update \"" + update_id + "\" here",
                              "");
  }

  if (type == enums::EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES) {
    // Rust-core SDKs record the patches seen so far in TemporalChangeVersion
    // after a patch marker; this SDK does not, so that upsert is skipped
    // unless the workflow itself issued an upsert here.
    const auto& fields = event.upsert_workflow_search_attributes_event_attributes().search_attributes().indexed_fields();
    const bool front_is_upsert =
        !pending_.empty() && pending_.front().command.command_type() ==
                                 enums::COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES;
    if (fields.size() == 1 && fields.count("TemporalChangeVersion") == 1 && !front_is_upsert) return;
  }
  std::optional<std::string> marker_patch = PatchIdOfMarker(event);
  auto it = pending_.begin();
  while (true) {
    // Protocol messages are matched by update id (above), not by position.
    while (it != pending_.end() && it->command.command_type() == enums::COMMAND_TYPE_PROTOCOL_MESSAGE) ++it;
    if (it == pending_.end()) {
      if (marker_patch && PatchMarkerMayBeUnclaimed(event)) return;  // a removed deprecated patch, a Go marker
      std::string last;
      throw NonDeterminismError(event.event_id(), DescribeEvent(event),
                                "the workflow issued no command for it", "");
    }
    const bool front_is_patch = it->command.command_type() == enums::COMMAND_TYPE_RECORD_MARKER &&
                                PatchIdOfCommand(it->command).has_value();
    if (marker_patch && !front_is_patch) {
      if (PatchMarkerMayBeUnclaimed(event)) return;
      throw NonDeterminismError(event.event_id(), DescribeEvent(event),
                                "the workflow did not call Patched(\"" + *marker_patch +
                                    "\") here; it issued " + DescribeCommand(it->command),
                                FormatLocation(it->owner->where()));
    }
    if (marker_patch && front_is_patch && *PatchIdOfCommand(it->command) != *marker_patch &&
        PatchMarkerMayBeUnclaimed(event)) {
      return;
    }
    if (!marker_patch && front_is_patch) {
      // Patched() was true while the history has no marker here: an
      // earlier run did not have the patch; nothing to record.
      it = pending_.erase(it);
      continue;
    }
    if (IsCloseEvent(type) && IsCloseEvent(EventTypeOf(it->command.command_type()))) {
      break;  // the close machine says how the replayed close differs from the recorded one
    }
    if (EventTypeOf(it->command.command_type()) != type) {
      if (it->owner->MayBeAbsentFromHistory(it->command)) {
        it = pending_.erase(it);
        continue;
      }
      throw NonDeterminismError(event.event_id(), DescribeEvent(event),
                                "the workflow issued " + DescribeCommand(it->command),
                                FormatLocation(it->owner->where()));
    }
    break;
  }
  PendingCommand matched = std::move(*it);
  pending_.erase(it);
  matched.owner->OnCommandEvent(matched.command, event, *this);
  by_event_id_[event.event_id()] = matched.owner;
}

void WorkflowMachines::ApplyOtherEvent(HistoryEvent& event) {
  const auto type = event.event_type();
  if (IsCloseEvent(type)) workflow_closed_ = true;
  if (int64_t initial = InitialEventId(event); initial != 0) {
    auto it = by_event_id_.find(initial);
    if (it == by_event_id_.end()) {
      throw NonDeterminismError(event.event_id(), DescribeEvent(event),
                                "no command of the workflow produced event " + std::to_string(initial) +
                                    ", which this event refers to",
                                "");
    }
    it->second->OnEvent(event, *this);
    return;
  }
  switch (type) {
    case enums::EVENT_TYPE_WORKFLOW_EXECUTION_STARTED: {
      auto& attributes = *event.mutable_workflow_execution_started_event_attributes();
      now_ = FromProto(event.event_time());
      InitializeWorkflowJob job;
      job.workflow_id = workflow_id_;
      job.randomness_seed = RandomnessSeed(attributes.original_execution_run_id().empty()
                                               ? run_id_
                                               : attributes.original_execution_run_id());
      job.attributes = std::move(attributes);
      jobs_.push_back(std::move(job));
      return;
    }
    case enums::EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED: {
      auto& attributes = *event.mutable_workflow_execution_signaled_event_attributes();
      jobs_.push_back(SignalWorkflowJob{std::move(*attributes.mutable_signal_name()),
                                        std::move(*attributes.mutable_input()),
                                        std::move(*attributes.mutable_header()),
                                        std::move(*attributes.mutable_identity())});
      return;
    }
    case enums::EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED:
      jobs_.push_back(CancelWorkflowJob{event.workflow_execution_cancel_requested_event_attributes().cause()});
      return;
    case enums::EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED: {
      const auto& request = event.workflow_execution_update_admitted_event_attributes().request();
      admitted_requests_[request.meta().update_id()] =
          AdmittedRequest{request.input().name(), request.input().args(), request.input().header()};
      return;
    }
    default:
      break;
  }
  if (IsInformational(type)) return;
  if (type == enums::EVENT_TYPE_UNSPECIFIED || event.worker_may_ignore()) return;
  throw Error("history event " + std::to_string(event.event_id()) + " (" + ShortName(type) +
              ") is not supported by this SDK");
}

// --- Completions ---

template <typename M>
M& WorkflowMachines::Find(std::map<uint32_t, M*>& by_seq, uint32_t seq, const char* what) {
  auto it = by_seq.find(seq);
  if (it == by_seq.end()) {
    throw workflow::UsageError(std::string("the workflow addressed ") + what + " " + std::to_string(seq) +
                               ", which it never started");
  }
  return *it->second;
}

void WorkflowMachines::Complete(Completion completion) {
  if (!awaiting_completion_) throw workflow::UsageError("Complete: no activation is out");
  awaiting_completion_ = false;
  for (auto& command : completion.commands) Apply(command);
  for (auto& answer : completion.query_answers) query_answers_.push_back(std::move(answer));
  if (completion.task_failure) task_failure_ = std::move(completion.task_failure);
}

void WorkflowMachines::Apply(WorkflowCommand& wc) {
  const std::source_location& where = wc.where;
  std::visit(
      [&](auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, StartTimerCommand>) {
          auto& m = Own(std::make_unique<TimerMachine>(c.seq, c.start_to_fire_timeout, where));
          timers_[c.seq] = &m;
          m.Schedule(*this);
        } else if constexpr (std::is_same_v<T, CancelTimerCommand>) {
          Find(timers_, c.seq, "timer").Cancel(*this);
        } else if constexpr (std::is_same_v<T, ScheduleActivityCommand>) {
          auto& m = Own(std::make_unique<ActivityMachine>(c.seq, std::move(c), where));
          activities_[m.seq()] = &m;
          m.Schedule(*this);
        } else if constexpr (std::is_same_v<T, RequestCancelActivityCommand>) {
          Find(activities_, c.seq, "activity").Cancel(*this);
        } else if constexpr (std::is_same_v<T, ScheduleLocalActivityCommand>) {
          const uint32_t seq = c.seq;
          auto& m = Own(std::make_unique<LocalActivityMachine>(seq, std::move(c), where));
          local_activities_[seq] = &m;
          // Replaying, the marker resolves it (now, or in a later task of
          // the history); otherwise the worker runs it.
          m.Schedule(*this);
          if (m.needs_execution()) local_activity_requests_.push_back(m.command());
        } else if constexpr (std::is_same_v<T, RequestCancelLocalActivityCommand>) {
          CancelLocalActivity(Find(local_activities_, c.seq, "local activity"));
        } else if constexpr (std::is_same_v<T, StartChildWorkflowCommand>) {
          const uint32_t seq = c.seq;
          auto& m = Own(std::make_unique<ChildWorkflowMachine>(seq, std::move(c), where));
          children_[seq] = &m;
          m.Start(*this);
        } else if constexpr (std::is_same_v<T, CancelChildWorkflowCommand>) {
          Find(children_, c.seq, "child workflow").Cancel(*this, c.reason);
        } else if constexpr (std::is_same_v<T, SignalExternalWorkflowCommand>) {
          const uint32_t seq = c.seq;
          auto& m = Own(std::make_unique<SignalExternalMachine>(seq, std::move(c), where));
          external_signals_[seq] = &m;
          m.Schedule(*this);
        } else if constexpr (std::is_same_v<T, CancelSignalExternalWorkflowCommand>) {
          Find(external_signals_, c.seq, "external signal").Cancel(*this);
        } else if constexpr (std::is_same_v<T, RequestCancelExternalWorkflowCommand>) {
          const uint32_t seq = c.seq;
          auto& m = Own(std::make_unique<CancelExternalMachine>(seq, std::move(c), where));
          external_cancels_[seq] = &m;
          m.Schedule(*this);
        } else if constexpr (std::is_same_v<T, SetPatchMarkerCommand>) {
          Own(std::make_unique<PatchMachine>(c.patch_id, c.deprecated, where)).Schedule(*this);
        } else if constexpr (std::is_same_v<T, RecordSideEffectCommand>) {
          const uint32_t seq = c.seq;
          Own(std::make_unique<SideEffectMachine>(seq, std::move(c), where)).Schedule(*this);
        } else if constexpr (std::is_same_v<T, UpsertSearchAttributesCommand>) {
          Own(std::make_unique<UpsertSearchAttributesMachine>(std::move(c), where)).Schedule(*this);
        } else if constexpr (std::is_same_v<T, ModifyWorkflowPropertiesCommand>) {
          Own(std::make_unique<ModifyWorkflowPropertiesMachine>(std::move(c), where)).Schedule(*this);
        } else if constexpr (std::is_same_v<T, UpdateResponseCommand>) {
          auto it = updates_.find(c.protocol_instance_id);
          if (it == updates_.end()) {
            throw workflow::UsageError("the workflow answered update \"" + c.update_id +
                                       "\", which it was never asked");
          }
          switch (c.kind) {
            case UpdateResponseCommand::Kind::kAccepted: it->second->Accept(*this); break;
            case UpdateResponseCommand::Kind::kRejected: it->second->Reject(*this, c.rejection); break;
            case UpdateResponseCommand::Kind::kCompleted: it->second->Complete(*this, c.outcome); break;
          }
        } else if constexpr (std::is_same_v<T, CompleteWorkflowCommand>) {
          Own(std::make_unique<CompleteWorkflowMachine>(std::move(c), where)).Schedule(*this);
          workflow_closed_ = true;
        } else if constexpr (std::is_same_v<T, FailWorkflowCommand>) {
          Own(std::make_unique<FailWorkflowMachine>(std::move(c), where)).Schedule(*this);
          workflow_closed_ = true;
        } else if constexpr (std::is_same_v<T, ContinueAsNewWorkflowCommand>) {
          Own(std::make_unique<ContinueAsNewWorkflowMachine>(std::move(c), where)).Schedule(*this);
          workflow_closed_ = true;
        } else if constexpr (std::is_same_v<T, CancelWorkflowCommand>) {
          Own(std::make_unique<CancelWorkflowMachine>(std::move(c), where)).Schedule(*this);
          workflow_closed_ = true;
        }
      },
      wc.command);
}

std::vector<Command> WorkflowMachines::TakeCommandsToSend() {
  std::vector<Command> out;
  for (auto& pending : pending_) {
    if (pending.sent) continue;
    pending.sent = true;
    out.push_back(pending.command);
  }
  return out;
}

std::vector<temporal::api::protocol::v1::Message> WorkflowMachines::TakeMessagesToSend() {
  return std::exchange(messages_out_, {});
}

std::vector<QueryAnswer> WorkflowMachines::TakeQueryAnswers() { return std::exchange(query_answers_, {}); }

std::optional<temporal::api::failure::v1::Failure> WorkflowMachines::TakeTaskFailure() {
  return std::exchange(task_failure_, std::nullopt);
}

std::vector<ScheduleLocalActivityCommand> WorkflowMachines::TakeLocalActivityRequests() {
  return std::exchange(local_activity_requests_, {});
}

void WorkflowMachines::ResolveLocalActivity(uint32_t seq, const LocalActivityResult& result) {
  Find(local_activities_, seq, "local activity").Resolve(*this, result);
}

std::vector<LocalActivityCancelRequest> WorkflowMachines::TakeLocalActivityCancels() {
  return std::exchange(local_activity_cancels_, {});
}

void WorkflowMachines::CancelLocalActivity(LocalActivityMachine& machine) {
  // The machine resolves the workflow's call (or, for
  // WaitCancellationCompleted, leaves it to the worker's result); the
  // worker hears what to do about the attempt it runs.
  const LocalActivityMachine::ExecutorRequest request = machine.Cancel(*this);
  auto queued = std::find_if(local_activity_requests_.begin(), local_activity_requests_.end(),
                             [&](const ScheduleLocalActivityCommand& c) { return c.seq == machine.seq(); });
  if (queued != local_activity_requests_.end()) {
    // Never handed to the worker: it does not run at all (sdk-core takes it
    // out of its queue the same way), and a call that waits for the
    // cancellation to complete resolves now.
    local_activity_requests_.erase(queued);
    if (machine.needs_execution()) {
      machine.Resolve(*this, LocalActivityResult{.outcome = {.kind = Resolution::Kind::kCanceled},
                                                 .attempt = machine.command().attempt,
                                                 .original_schedule_time = machine.command().original_schedule_time});
    }
    return;
  }
  switch (request) {
    case LocalActivityMachine::ExecutorRequest::kNone:
      break;
    case LocalActivityMachine::ExecutorRequest::kRequestCancel:
      local_activity_cancels_.push_back({.seq = machine.seq(), .abandon = false});
      break;
    case LocalActivityMachine::ExecutorRequest::kAbandon:
      local_activity_cancels_.push_back({.seq = machine.seq(), .abandon = true});
      break;
  }
}

void WorkflowMachines::DiscardSpeculativeTask(int64_t last_event_id) {
  if (std::any_of(pending_.begin(), pending_.end(), [](const PendingCommand& p) { return !p.sent; }) ||
      cursor_ != events_.size() || last_event_id > last_event_id_) {
    throw workflow::UsageError("DiscardSpeculativeTask: the task is not answered, or issued commands");
  }
  for (const auto& pending : pending_) {
    if (pending.command.command_type() != enums::COMMAND_TYPE_PROTOCOL_MESSAGE) {
      throw workflow::UsageError("DiscardSpeculativeTask: the discarded task issued " +
                                 DescribeCommand(pending.command));
    }
  }
  // Rejections leave no pending command: only accepted updates do, and a
  // task that accepted one is not discarded.
  last_event_id_ = last_event_id;
  next_event_id_ = last_event_id + 1;
  in_workflow_task_ = false;
}

void WorkflowMachines::FinishReplay() {
  if (!task_completed_seen_) return;  // the last task is not recorded as completed
  for (const auto& pending : pending_) {
    if (pending.owner->MayBeAbsentFromHistory(pending.command)) continue;
    throw NonDeterminismError(last_event_id_, "the end of the history",
                              "the workflow issued " + DescribeCommand(pending.command) +
                                  ", which the history does not record",
                              FormatLocation(pending.owner->where()));
  }
}

}  // namespace temporal::workflow_internal::machines
