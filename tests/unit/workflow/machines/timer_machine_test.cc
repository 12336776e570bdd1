// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// TimerMachine: every transition of its table, the non-determinism it must
// detect, and proof that the scenarios below exercise the whole table.
#include "temporal/workflow/internal/machines/timer_machine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "recording_sink.h"
#include "temporal/workflow/nondeterminism_error.h"

namespace {

namespace enums = temporal::api::enums::v1;
using temporal::NonDeterminismError;
using temporal::api::history::v1::HistoryEvent;
using temporal::workflow_internal::FireTimerJob;
using temporal::workflow_internal::machines::TimerMachine;
using temporal::workflow_internal::machines::TransitionCoverage;
using temporal::workflow_internal::machines::testing::RecordingSink;
using State = TimerMachine::State;
using ::testing::AllOf;
using ::testing::HasSubstr;

HistoryEvent TimerEvent(int64_t id, enums::EventType type, const std::string& timer_id) {
  HistoryEvent event;
  event.set_event_id(id);
  event.set_event_type(type);
  switch (type) {
    case enums::EVENT_TYPE_TIMER_STARTED:
      event.mutable_timer_started_event_attributes()->set_timer_id(timer_id);
      break;
    case enums::EVENT_TYPE_TIMER_FIRED:
      event.mutable_timer_fired_event_attributes()->set_timer_id(timer_id);
      event.mutable_timer_fired_event_attributes()->set_started_event_id(5);
      break;
    case enums::EVENT_TYPE_TIMER_CANCELED:
      event.mutable_timer_canceled_event_attributes()->set_timer_id(timer_id);
      break;
    default:
      break;
  }
  return event;
}

// Machines stay where they are (the driver points at them): tests hold them by pointer.
std::unique_ptr<TimerMachine> NewTimer(RecordingSink& sink, uint32_t seq = 1) {
  auto timer = std::make_unique<TimerMachine>(seq, std::chrono::seconds(30),
                                              std::source_location::current());
  timer->Schedule(sink);
  return timer;
}

// Starts `timer` in history: matches its StartTimer with TimerStarted.
void Start(TimerMachine& timer, RecordingSink& sink, const std::string& recorded_id = "1") {
  timer.OnCommandEvent(sink.TakeCommand(), TimerEvent(5, enums::EVENT_TYPE_TIMER_STARTED, recorded_id),
                       sink);
}

// --- Scenarios (each a test below, and all together in the coverage test). ---

void StartedThenFired() {
  RecordingSink sink;
  auto owner = NewTimer(sink);
  TimerMachine& timer = *owner;
  EXPECT_EQ(timer.state(), State::kStartCommandCreated);
  ASSERT_EQ(sink.commands.size(), 1u);
  const auto& start = sink.commands.front().command;
  EXPECT_EQ(start.command_type(), enums::COMMAND_TYPE_START_TIMER);
  EXPECT_EQ(start.start_timer_command_attributes().timer_id(), "1");
  EXPECT_EQ(start.start_timer_command_attributes().start_to_fire_timeout().seconds(), 30);
  Start(timer, sink);
  EXPECT_EQ(timer.state(), State::kStartCommandRecorded);
  EXPECT_TRUE(sink.jobs.empty());
  timer.OnEvent(TimerEvent(6, enums::EVENT_TYPE_TIMER_FIRED, "1"), sink);
  EXPECT_EQ(timer.state(), State::kFired);
  ASSERT_EQ(sink.jobs.size(), 1u);
  EXPECT_EQ(std::get<FireTimerJob>(sink.jobs[0]).seq, 1u);
}

void CanceledBeforeTheServerSawIt() {
  RecordingSink sink;
  auto owner = NewTimer(sink);
  TimerMachine& timer = *owner;
  timer.Cancel(sink);
  EXPECT_TRUE(sink.commands.empty());  // the StartTimer command is withdrawn
  EXPECT_TRUE(timer.canceled_before_sent());
  EXPECT_EQ(timer.state(), State::kCanceled);
  timer.Cancel(sink);  // canceling again changes nothing
  EXPECT_EQ(timer.state(), State::kCanceled);
  EXPECT_TRUE(sink.commands.empty());
}

void CanceledAfterItStarted() {
  RecordingSink sink;
  auto owner = NewTimer(sink);
  TimerMachine& timer = *owner;
  Start(timer, sink);
  timer.Cancel(sink);
  ASSERT_EQ(sink.commands.size(), 1u);
  EXPECT_EQ(sink.commands.front().command.command_type(), enums::COMMAND_TYPE_CANCEL_TIMER);
  EXPECT_EQ(sink.commands.front().command.cancel_timer_command_attributes().timer_id(), "1");
  EXPECT_FALSE(timer.canceled_before_sent());
  timer.Cancel(sink);  // a second cancel issues nothing more
  EXPECT_EQ(sink.commands.size(), 1u);
  EXPECT_EQ(timer.state(), State::kCancelTimerCommandCreated);
  timer.OnCommandEvent(sink.TakeCommand(), TimerEvent(9, enums::EVENT_TYPE_TIMER_CANCELED, "1"), sink);
  EXPECT_EQ(timer.state(), State::kCanceled);
  EXPECT_TRUE(sink.jobs.empty());
}

void CanceledAfterItFired() {
  RecordingSink sink;
  auto owner = NewTimer(sink);
  TimerMachine& timer = *owner;
  Start(timer, sink);
  timer.OnEvent(TimerEvent(6, enums::EVENT_TYPE_TIMER_FIRED, "1"), sink);
  timer.Cancel(sink);
  EXPECT_TRUE(sink.commands.empty());
  EXPECT_EQ(timer.state(), State::kFired);
}

TEST(TimerMachine, StartedThenFired) { StartedThenFired(); }
TEST(TimerMachine, CanceledBeforeTheServerSawIt) { CanceledBeforeTheServerSawIt(); }
TEST(TimerMachine, CanceledAfterItStarted) { CanceledAfterItStarted(); }
TEST(TimerMachine, CanceledAfterItFired) { CanceledAfterItFired(); }

TEST(TimerMachine, AdoptsTheTimerIdTheHistoryRecorded) {
  // The Go SDK numbers timers by event id: its TimerStarted "5" is our timer 1.
  RecordingSink sink;
  auto owner = NewTimer(sink);
  TimerMachine& timer = *owner;
  Start(timer, sink, "5");
  EXPECT_EQ(timer.timer_id(), "5");
  timer.OnEvent(TimerEvent(6, enums::EVENT_TYPE_TIMER_FIRED, "5"), sink);
  EXPECT_EQ(std::get<FireTimerJob>(sink.jobs.at(0)).seq, 1u);
}

TEST(TimerMachineCoverage, TheScenariosExerciseEveryTransition) {
  StartedThenFired();
  CanceledBeforeTheServerSawIt();
  CanceledAfterItStarted();
  CanceledAfterItFired();
  const auto covered = TransitionCoverage::Covered(TimerMachine::Names::kMachine);
  for (size_t row = 0; row < std::size(TimerMachine::kTransitions); ++row) {
    const auto& t = TimerMachine::kTransitions[row];
    EXPECT_TRUE(covered.count(row))
        << "no test exercises " << TimerMachine::Names::Name(t.from) << " --"
        << TimerMachine::Names::Name(t.trigger) << "--> " << TimerMachine::Names::Name(t.to);
  }
}

// --- Non-determinism: the message says what history holds, what the code did, where. ---

TEST(TimerMachineNonDeterminism, AFiredEventForAnotherTimer) {
  RecordingSink sink;
  auto owner = NewTimer(sink);
  TimerMachine& timer = *owner;
  Start(timer, sink);
  try {
    timer.OnEvent(TimerEvent(6, enums::EVENT_TYPE_TIMER_FIRED, "2"), sink);
    FAIL() << "expected NonDeterminismError";
  } catch (const NonDeterminismError& e) {
    EXPECT_EQ(e.event_id(), 6);
    EXPECT_THAT(e.what(), AllOf(HasSubstr("history event 6"), HasSubstr("TimerFired"),
                                HasSubstr("timer id \"2\""),
                                HasSubstr("waits for timer \"1\""),
                                HasSubstr("timer_machine_test.cc:")));
  }
}

TEST(TimerMachineNonDeterminism, ACanceledEventForAnotherTimer) {
  RecordingSink sink;
  auto owner = NewTimer(sink);
  TimerMachine& timer = *owner;
  Start(timer, sink);
  timer.Cancel(sink);
  EXPECT_THAT(
      [&] {
        timer.OnCommandEvent(sink.TakeCommand(), TimerEvent(7, enums::EVENT_TYPE_TIMER_CANCELED, "3"),
                             sink);
      },
      ::testing::ThrowsMessage<NonDeterminismError>(
          AllOf(HasSubstr("TimerCanceled, timer id \"3\""), HasSubstr("canceled timer \"1\""))));
}

TEST(TimerMachineNonDeterminism, AFiredEventAfterTheTimerWasCanceled) {
  RecordingSink sink;
  auto owner = NewTimer(sink);
  TimerMachine& timer = *owner;
  Start(timer, sink);
  timer.Cancel(sink);
  EXPECT_THAT([&] { timer.OnEvent(TimerEvent(6, enums::EVENT_TYPE_TIMER_FIRED, "1"), sink); },
              ::testing::ThrowsMessage<NonDeterminismError>(
                  AllOf(HasSubstr("history event 6"),
                        HasSubstr("in state CancelTimerCommandCreated, where it cannot fire"))));
}

}  // namespace
