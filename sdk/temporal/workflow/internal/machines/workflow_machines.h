// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// WorkflowMachines: the replay core of one workflow run. It reads the run's
// history one workflow task at a time, turns what happened into Activations
// for the workflow runtime, turns the runtime's Completions into state
// machines and commands, and checks that every command the workflow issues
// is the one the history recorded (non-determinism). No I/O, no threads, no
// clock: the worker and the Replayer feed it events and drive it the same way.
//
//   WorkflowMachines machines("order-42", "run-1");
//   machines.AddEvents(std::move(history_events));   // a whole history, a page, or a sticky task's new events
//   while (auto activation = machines.NextActivation()) {
//     machines.Complete(run.Activate(*activation));   // may throw NonDeterminismError
//   }
//   auto commands = machines.TakeCommandsToSend();   // the answer to the current workflow task
//
// How events become activations (the same as the Rust-core SDKs):
// - Each WorkflowTaskStarted that the history shows completed is replayed:
//   the jobs gathered since the previous one are delivered in one Activation
//   with is_replaying set, and the commands the workflow answers with must
//   match the command events that follow its WorkflowTaskCompleted, in order.
// - A WorkflowTaskStarted followed by WorkflowTaskFailed or TimedOut is
//   skipped: its jobs go to the next task (the failed task's commands were
//   never recorded).
// - The last WorkflowTaskStarted, with nothing after it, is the task being
//   worked on now: its Activation is not replaying and its commands are
//   the ones to send.
// - Patch markers and accepted updates the history records for a replayed
//   task are announced in its Activation (NotifyHasPatch, DoUpdate without
//   validation), since the workflow must see them to issue the same commands.
#ifndef TEMPORAL_WORKFLOW_INTERNAL_MACHINES_WORKFLOW_MACHINES_H_
#define TEMPORAL_WORKFLOW_INTERNAL_MACHINES_WORKFLOW_MACHINES_H_

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "temporal/api/history/v1/message.pb.h"
#include "temporal/api/protocol/v1/message.pb.h"
#include "temporal/workflow/internal/activation.h"
#include "temporal/workflow/internal/completion.h"
#include "temporal/workflow/internal/machines/command_machine.h"

namespace temporal::workflow_internal::machines {

class TimerMachine;
class ActivityMachine;
class LocalActivityMachine;
class ChildWorkflowMachine;
class SignalExternalMachine;
class CancelExternalMachine;
class UpdateMachine;
struct LocalActivityResult;
struct LocalActivityCancelRequest;

// WorkflowMachines: see the file comment. Not copyable: machines point into it.
class WorkflowMachines final : private MachineSink {
 public:
  WorkflowMachines(std::string workflow_id, std::string run_id);
  WorkflowMachines(const WorkflowMachines&) = delete;
  WorkflowMachines& operator=(const WorkflowMachines&) = delete;
  ~WorkflowMachines();

  // AddEvents appends the next events of the run's history (ids must
  // continue where the previous ones ended). Throws InvalidArgumentError
  // when they do not. Hand the events over (std::move) where the caller
  // needs them no more: moving an event allocates nothing, copying one
  // allocates for each of its fields and payloads.
  void AddEvents(std::vector<temporal::api::history::v1::HistoryEvent> events);
  void AddEvents(const temporal::api::history::v1::History& history);
  void AddEvents(temporal::api::history::v1::History&& history);

  // AddMessages hands over protocol messages that came with the workflow
  // task being worked on now (update requests). They become DoUpdate jobs
  // of that task's activation: the first one that is not replayed, however
  // much history comes before it (a worker that rebuilds a run from its
  // whole history adds the task's messages before replaying it).
  void AddMessages(std::span<const temporal::api::protocol::v1::Message> messages);

  // AddQuery queues a query (a legacy query of the current task) for the next activation.
  void AddQuery(QueryWorkflowJob query);

  // MakeQueryActivation: an activation that holds only `queries`, for a
  // worker answering queries between workflow tasks (a query-only task, or
  // the queries that come with a task, once its activations are done). It
  // is not tracked: pass it to the run, read Completion::query_answers, and
  // do not Complete it. Call it only when NextActivation has returned
  // nothing.
  Activation MakeQueryActivation(std::vector<QueryWorkflowJob> queries) const;

  // NextActivation applies events until an activation is ready and returns
  // it; nothing when the events given so far are used up (the current
  // workflow task is answered, or more history is needed). Throws
  // NonDeterminismError (and Error for malformed histories).
  std::optional<Activation> NextActivation();

  // Complete takes the workflow's answer to the last activation. Throws
  // NonDeterminismError (e.g. a command that cancels what does not exist
  // is a UsageError).
  void Complete(Completion completion);

  // TakeCommandsToSend: the commands of the current (not replayed)
  // workflow task, in issue order, once; and its protocol messages.
  std::vector<temporal::api::command::v1::Command> TakeCommandsToSend();
  std::vector<temporal::api::protocol::v1::Message> TakeMessagesToSend();
  std::vector<QueryAnswer> TakeQueryAnswers();
  // The workflow failed the task (a non-Temporal exception): the worker
  // fails the workflow task with it.
  std::optional<temporal::api::failure::v1::Failure> TakeTaskFailure();

  // Local activities the worker must run, and their results.
  std::vector<ScheduleLocalActivityCommand> TakeLocalActivityRequests();
  void ResolveLocalActivity(uint32_t seq, const LocalActivityResult& result);
  // Local activities handed out by TakeLocalActivityRequests that the
  // workflow canceled since (one canceled before it was handed out is never
  // handed out: it resolves as canceled without running).
  std::vector<LocalActivityCancelRequest> TakeLocalActivityCancels();

  // DiscardSpeculativeTask: the server dropped the workflow task just
  // answered from history (a speculative task whose only outcome was
  // rejecting updates: RespondWorkflowTaskCompletedResponse's
  // reset_history_event_id). Its WorkflowTaskScheduled and Started events
  // are gone, so the run's next events follow `last_event_id` (the last
  // event the server kept). Throws UsageError if the task issued commands.
  void DiscardSpeculativeTask(int64_t last_event_id);

  // FinishReplay: the history given is the whole of it. Throws
  // NonDeterminismError when the workflow issued commands in a task the
  // history shows completed, but the history has no events for them.
  void FinishReplay();

  // True once the workflow issued its close command (complete, fail,
  // cancel, continue-as-new; replayed or not) or the history holds the
  // run's close event (those four, terminated, timed out): the run needs
  // no more workflow tasks, and the worker drops it from its cache after
  // answering. (The server may still refuse a close command, when a signal
  // came in meanwhile; it then fails the task, and the next one rebuilds
  // the run from its history.)
  bool workflow_closed() const { return workflow_closed_; }
  // The history size the last WorkflowTaskStarted applied reports: about
  // what the run has seen, for a cache's byte limit.
  int64_t history_size_bytes() const { return history_size_bytes_; }
  bool replaying() const override { return replaying_; }
  int64_t last_event_id() const { return last_event_id_; }

 private:
  struct PendingCommand {
    CommandMachine* owner;
    temporal::api::command::v1::Command command;
    bool sent = false;
  };

  // MachineSink.
  void PushJob(Job job) override;
  void PushCommand(CommandMachine& owner, temporal::api::command::v1::Command command) override;
  void DropPendingCommands(const CommandMachine& owner) override;
  void PushMessage(temporal::api::protocol::v1::Message message) override;
  std::span<const temporal::api::history::v1::HistoryEvent* const> UpcomingCommandEvents() const override;

  // Event application.
  std::optional<Activation> StartWorkflowTask(const temporal::api::history::v1::HistoryEvent& started,
                                              bool replaying);
  void ApplyCommandEvent(const temporal::api::history::v1::HistoryEvent& event);
  // `event` is applied once and dropped after: what it carries for the
  // workflow (start attributes, signal input) moves into the job.
  void ApplyOtherEvent(temporal::api::history::v1::HistoryEvent& event);
  // Before a non-command event: every command issued before must have had
  // its event by now.
  void CheckAllCommandsRecorded(const temporal::api::history::v1::HistoryEvent& next);
  void CollectUpcomingCommandEvents();
  void CheckNextEventId(const temporal::api::history::v1::HistoryEvent& event);
  void Advance();
  void DropAppliedEvents();
  Activation MakeActivation();
  void ApplyIncomingMessages();
  void Apply(WorkflowCommand& command);
  // The workflow canceled a local activity (RequestCancelLocalActivityCommand).
  void CancelLocalActivity(LocalActivityMachine& machine);

  template <typename M>
  M& Own(std::unique_ptr<M> machine);
  template <typename M>
  M& Find(std::map<uint32_t, M*>& by_seq, uint32_t seq, const char* what);

  std::string workflow_id_;
  std::string run_id_;
  // The events not applied yet (and the one being applied), from the
  // front: a deque, so that appending a page and dropping applied events
  // move no event.
  std::deque<temporal::api::history::v1::HistoryEvent> events_;
  size_t cursor_ = 0;
  int64_t last_event_id_ = 0;
  int64_t next_event_id_ = 0;  // 0 until the first event

  std::vector<std::unique_ptr<CommandMachine>> machines_;
  std::deque<PendingCommand> pending_;
  // Command event id -> the machine whose command it recorded; later events
  // of the operation name it (scheduled / started / initiated event id).
  std::unordered_map<int64_t, CommandMachine*> by_event_id_;

  std::map<uint32_t, TimerMachine*> timers_;
  std::map<uint32_t, ActivityMachine*> activities_;
  std::map<uint32_t, LocalActivityMachine*> local_activities_;
  std::map<uint32_t, ChildWorkflowMachine*> children_;
  std::map<uint32_t, SignalExternalMachine*> external_signals_;
  std::map<uint32_t, CancelExternalMachine*> external_cancels_;
  std::map<std::string, UpdateMachine*> updates_;  // by protocol instance id

  std::vector<Job> jobs_;
  std::vector<temporal::api::protocol::v1::Message> messages_out_;
  // AddMessages' messages, until the task they came with is reached.
  std::vector<temporal::api::protocol::v1::Message> messages_in_;
  std::vector<QueryAnswer> query_answers_;
  std::optional<temporal::api::failure::v1::Failure> task_failure_;
  std::vector<ScheduleLocalActivityCommand> local_activity_requests_;
  std::vector<LocalActivityCancelRequest> local_activity_cancels_;
  // The command events recorded for the task being replayed, not applied
  // yet: pointers into events_ (DropAppliedEvents drops them with their
  // events).
  std::vector<const temporal::api::history::v1::HistoryEvent*> upcoming_;

  bool replaying_ = false;
  bool in_workflow_task_ = false;      // an activation point was reached; Complete may follow
  bool awaiting_completion_ = false;   // an activation is out
  bool task_completed_seen_ = false;   // a WorkflowTaskCompleted since the last activation point
  bool workflow_closed_ = false;
  bool saw_command_event_ = false;     // a command event since the last activation point
  // Update requests the history shows admitted, by update id (an accepted
  // event may omit the request).
  struct AdmittedRequest {
    std::string name;
    temporal::api::common::v1::Payloads input;
    temporal::api::common::v1::Header header;
  };
  std::map<std::string, AdmittedRequest> admitted_requests_;
  Timestamp now_{};
  int64_t history_length_ = 0;
  int64_t history_size_bytes_ = 0;
  bool continue_as_new_suggested_ = false;
};

// RandomnessSeed: the seed of a run's deterministic random generator, from
// the original run id (stable across resets of the same run).
uint64_t RandomnessSeed(std::string_view run_id);

}  // namespace temporal::workflow_internal::machines

#endif  // TEMPORAL_WORKFLOW_INTERNAL_MACHINES_WORKFLOW_MACHINES_H_
