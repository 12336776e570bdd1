// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// RecordingSink: a MachineSink for machine unit tests. It keeps what a
// machine pushed (jobs, commands with their owner) and what it withdrew, so
// a test can drive one machine by hand the way WorkflowMachines would:
//
//   RecordingSink sink;
//   TimerMachine timer(1, 30s, std::source_location::current());
//   timer.Schedule(sink);
//   timer.OnCommandEvent(sink.TakeCommand(), TimerStarted(5, "1"), sink);
#ifndef TEMPORAL_TESTS_UNIT_WORKFLOW_MACHINES_RECORDING_SINK_H_
#define TEMPORAL_TESTS_UNIT_WORKFLOW_MACHINES_RECORDING_SINK_H_

#include <algorithm>
#include <deque>
#include <stdexcept>
#include <vector>

#include "temporal/workflow/internal/machines/command_machine.h"

namespace temporal::workflow_internal::machines::testing {

class RecordingSink final : public MachineSink {
 public:
  struct Pending {
    CommandMachine* owner;
    temporal::api::command::v1::Command command;
  };

  void PushJob(Job job) override { jobs.push_back(std::move(job)); }
  void PushCommand(CommandMachine& owner, temporal::api::command::v1::Command command) override {
    commands.push_back({&owner, std::move(command)});
  }
  void PushMessage(temporal::api::protocol::v1::Message message) override {
    messages.push_back(std::move(message));
  }
  std::span<const temporal::api::history::v1::HistoryEvent* const> UpcomingCommandEvents() const override {
    upcoming_pointers_.clear();
    for (const auto& event : upcoming) upcoming_pointers_.push_back(&event);
    return upcoming_pointers_;
  }
  void DropPendingCommands(const CommandMachine& owner) override {
    ++drops;
    std::erase_if(commands, [&](const Pending& p) { return p.owner == &owner; });
  }
  bool replaying() const override { return is_replaying; }

  // TakeCommand removes and returns the oldest pending command (throws when none).
  temporal::api::command::v1::Command TakeCommand() {
    if (commands.empty()) throw std::logic_error("RecordingSink: no pending command");
    auto command = std::move(commands.front().command);
    commands.pop_front();
    return command;
  }
  // TakeJobs returns the jobs pushed so far and forgets them.
  std::vector<Job> TakeJobs() { return std::exchange(jobs, {}); }

  std::vector<Job> jobs;
  std::deque<Pending> commands;
  std::vector<temporal::api::protocol::v1::Message> messages;
  std::vector<temporal::api::history::v1::HistoryEvent> upcoming;  // set by tests that replay
  int drops = 0;
  bool is_replaying = false;

 private:
  // What UpcomingCommandEvents hands out: pointers into `upcoming`.
  mutable std::vector<const temporal::api::history::v1::HistoryEvent*> upcoming_pointers_;
};

}  // namespace temporal::workflow_internal::machines::testing

#endif  // TEMPORAL_TESTS_UNIT_WORKFLOW_MACHINES_RECORDING_SINK_H_
