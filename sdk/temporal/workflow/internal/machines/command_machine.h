// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// CommandMachine: the interface every replay state machine implements (one
// machine per workflow operation: a timer, an activity, a child workflow...),
// and MachineSink, what a machine may ask of the driver (WorkflowMachines).
//
// The driver owns the machines and the queue of pending commands, in issue
// order. When the history holds a command event (TimerStarted,
// ActivityTaskScheduled, ...), the driver pairs it with the oldest pending
// command, checks that the event is of the kind that command produces
// (EventTypeOf), and calls the owner's OnCommandEvent, which checks the
// rest (timer id, activity type, ...) and moves the machine on. Events that
// follow (TimerFired, ActivityTaskCompleted, ...) name the event id of the
// machine's first command event (started / scheduled / initiated event id);
// the driver routes them to that machine's OnEvent. A machine resolves the
// workflow's await by pushing a Job (activation.h) into the sink.
//
//   class TimerMachine final : public CommandMachine {
//     void Schedule(MachineSink& sink) { sink.PushCommand(*this, start_timer_command); }
//     void OnCommandEvent(const Command&, const HistoryEvent& timer_started, MachineSink&) override;
//     void OnEvent(const HistoryEvent& timer_fired, MachineSink& sink) override {
//       sink.PushJob(FireTimerJob{seq_});
//     }
//   };
#ifndef TEMPORAL_WORKFLOW_INTERNAL_MACHINES_COMMAND_MACHINE_H_
#define TEMPORAL_WORKFLOW_INTERNAL_MACHINES_COMMAND_MACHINE_H_

#include <source_location>
#include <span>
#include <string>
#include <string_view>

#include "temporal/api/command/v1/message.pb.h"
#include "temporal/api/enums/v1/command_type.pb.h"
#include "temporal/api/enums/v1/event_type.pb.h"
#include "temporal/api/history/v1/message.pb.h"
#include "temporal/api/protocol/v1/message.pb.h"
#include "temporal/workflow/internal/activation.h"

namespace temporal::workflow_internal::machines {

class CommandMachine;

// MachineSink: see the file comment.
class MachineSink {
 public:
  // A job for the workflow (a resolution), in the order pushed.
  virtual void PushJob(Job job) = 0;
  // Queues `command`, issued by `owner`, after the commands already pending.
  virtual void PushCommand(CommandMachine& owner, temporal::api::command::v1::Command command) = 0;
  // Withdraws `owner`'s commands that the history has not matched yet (an
  // operation canceled before its command reached the server).
  virtual void DropPendingCommands(const CommandMachine& owner) = 0;
  // Queues a protocol message for the server (update acceptance,
  // rejection, response), sent with the workflow task's completion.
  virtual void PushMessage(temporal::api::protocol::v1::Message message) = 0;
  // True while the history being applied was recorded before (replay).
  virtual bool replaying() const = 0;
  // While replaying: the command events the history recorded for the
  // workflow task being replayed (after its WorkflowTaskCompleted) and not
  // applied yet, in history order, which is where markers (patches, side
  // effects, local activities) are read back from. Empty when not
  // replaying. By pointer, into the events the driver holds (no copy on
  // the replay hot path): use them within the call that asked.
  virtual std::span<const temporal::api::history::v1::HistoryEvent* const> UpcomingCommandEvents() const = 0;

 protected:
  ~MachineSink() = default;
};

// CommandMachine: see the file comment.
class CommandMachine {
 public:
  explicit CommandMachine(std::source_location where) : where_(where) {}
  CommandMachine(const CommandMachine&) = delete;
  CommandMachine& operator=(const CommandMachine&) = delete;
  virtual ~CommandMachine() = default;

  // What this machine is, for error messages: `timer "1"`, `activity
  // "Charge" (id "3")`.
  virtual std::string Describe() const = 0;

  // OnCommandEvent pairs `command` (this machine's oldest pending command)
  // with `event`, the command event the history holds next; the driver has
  // checked that the event's type is EventTypeOf(command). Throws
  // NonDeterminismError when the event belongs to another operation.
  virtual void OnCommandEvent(const temporal::api::command::v1::Command& command,
                              const temporal::api::history::v1::HistoryEvent& event,
                              MachineSink& sink) = 0;

  // OnEvent applies a later event of this operation (fired, completed,
  // failed...). Throws NonDeterminismError when the machine's state has no
  // transition for it.
  virtual void OnEvent(const temporal::api::history::v1::HistoryEvent& event,
                       MachineSink& sink) = 0;

  // True when `command` may be missing from the history without that being
  // non-determinism (a deprecated patch's marker): the driver drops it
  // instead of failing.
  virtual bool MayBeAbsentFromHistory(const temporal::api::command::v1::Command& /*command*/) const {
    return false;
  }

  // Where the workflow issued the operation.
  const std::source_location& where() const { return where_; }

 protected:
  // Mismatch throws the NonDeterminismError for `event`: the history holds
  // it, the code did `code_did` at where().
  [[noreturn]] void Mismatch(const temporal::api::history::v1::HistoryEvent& event,
                             const std::string& code_did) const;

 private:
  std::source_location where_;
};

// EventTypeOf: the event a command produces in history (TimerStarted for
// StartTimer, ...). A protocol message command produces an update event:
// EVENT_TYPE_UNSPECIFIED here, the update machine checks which.
temporal::api::enums::v1::EventType EventTypeOf(temporal::api::enums::v1::CommandType type);

// IsCommandEvent: whether `type` is recorded for a workflow command (as
// opposed to something that happened to the run: a signal, a completion).
bool IsCommandEvent(temporal::api::enums::v1::EventType type);

// DescribeEvent: `ActivityTaskScheduled, activity type "Charge", activity
// id "3"`: the type and the attributes that identify the operation.
std::string DescribeEvent(const temporal::api::history::v1::HistoryEvent& event);

// DescribeCommand: `ScheduleActivityTask, activity type "Charge", activity
// id "3"`.
std::string DescribeCommand(const temporal::api::command::v1::Command& command);

// PascalCase: "TimerStarted" for ("EVENT_TYPE_TIMER_STARTED", "EVENT_TYPE_"):
// how machines name enum values in messages and failure types.
std::string PascalCase(std::string_view screaming, std::string_view prefix);

// Quoted: `"text"`, for error messages.
std::string Quoted(const std::string& text);

// ShortName: "TimerStarted" for EVENT_TYPE_TIMER_STARTED.
std::string ShortName(temporal::api::enums::v1::EventType type);
std::string ShortName(temporal::api::enums::v1::CommandType type);

}  // namespace temporal::workflow_internal::machines

#endif  // TEMPORAL_WORKFLOW_INTERNAL_MACHINES_COMMAND_MACHINE_H_
