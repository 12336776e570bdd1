// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// TimerMachine: every transition of its table, the non-determinism it must
// detect, and proof that the scenarios below exercise the whole table.
#include "temporal/workflow/internal/machines/timer_machine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "temporal/workflow/nondeterminism_error.h"

namespace {

namespace enums = temporal::api::enums::v1;
using temporal::NonDeterminismError;
using temporal::api::history::v1::HistoryEvent;
using temporal::workflow_internal::machines::TimerMachine;
using temporal::workflow_internal::machines::TransitionCoverage;
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
      break;
    case enums::EVENT_TYPE_TIMER_CANCELED:
      event.mutable_timer_canceled_event_attributes()->set_timer_id(timer_id);
      break;
    default:
      break;
  }
  return event;
}

TimerMachine NewTimer(const std::string& id = "1") {
  return TimerMachine(id, std::chrono::seconds(30), std::source_location::current());
}

// --- Scenarios (each a test below, and all together in the coverage test). ---

void StartedThenFired() {
  TimerMachine timer = NewTimer();
  EXPECT_EQ(timer.state(), State::kStartCommandCreated);
  EXPECT_EQ(timer.start_command().command_type(), enums::COMMAND_TYPE_START_TIMER);
  EXPECT_EQ(timer.start_command().start_timer_command_attributes().timer_id(), "1");
  EXPECT_EQ(timer.start_command().start_timer_command_attributes().start_to_fire_timeout().seconds(), 30);
  timer.MatchCommandEvent(TimerEvent(5, enums::EVENT_TYPE_TIMER_STARTED, "1"));
  EXPECT_EQ(timer.state(), State::kStartCommandRecorded);
  EXPECT_TRUE(timer.HandleEvent(TimerEvent(6, enums::EVENT_TYPE_TIMER_FIRED, "1")));
  EXPECT_EQ(timer.state(), State::kFired);
}

void CanceledBeforeTheServerSawIt() {
  TimerMachine timer = NewTimer();
  EXPECT_EQ(timer.Cancel(), std::nullopt);  // the StartTimer command is simply dropped
  EXPECT_TRUE(timer.canceled_before_sent());
  EXPECT_EQ(timer.state(), State::kCanceled);
  EXPECT_EQ(timer.Cancel(), std::nullopt);  // canceling again changes nothing
  EXPECT_EQ(timer.state(), State::kCanceled);
}

void CanceledAfterItStarted() {
  TimerMachine timer = NewTimer();
  timer.MatchCommandEvent(TimerEvent(5, enums::EVENT_TYPE_TIMER_STARTED, "1"));
  auto cancel = timer.Cancel();
  ASSERT_TRUE(cancel.has_value());
  EXPECT_EQ(cancel->command_type(), enums::COMMAND_TYPE_CANCEL_TIMER);
  EXPECT_EQ(cancel->cancel_timer_command_attributes().timer_id(), "1");
  EXPECT_FALSE(timer.canceled_before_sent());
  EXPECT_EQ(timer.Cancel(), std::nullopt);  // a second cancel issues nothing more
  EXPECT_EQ(timer.state(), State::kCancelTimerCommandCreated);
  timer.MatchCommandEvent(TimerEvent(9, enums::EVENT_TYPE_TIMER_CANCELED, "1"));
  EXPECT_EQ(timer.state(), State::kCanceled);
}

void CanceledAfterItFired() {
  TimerMachine timer = NewTimer();
  timer.MatchCommandEvent(TimerEvent(5, enums::EVENT_TYPE_TIMER_STARTED, "1"));
  timer.HandleEvent(TimerEvent(6, enums::EVENT_TYPE_TIMER_FIRED, "1"));
  EXPECT_EQ(timer.Cancel(), std::nullopt);
  EXPECT_EQ(timer.state(), State::kFired);
}

TEST(TimerMachine, StartedThenFired) { StartedThenFired(); }
TEST(TimerMachine, CanceledBeforeTheServerSawIt) { CanceledBeforeTheServerSawIt(); }
TEST(TimerMachine, CanceledAfterItStarted) { CanceledAfterItStarted(); }
TEST(TimerMachine, CanceledAfterItFired) { CanceledAfterItFired(); }

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

TEST(TimerMachineNonDeterminism, AStartedEventForAnotherTimer) {
  TimerMachine timer = NewTimer("1");
  try {
    timer.MatchCommandEvent(TimerEvent(5, enums::EVENT_TYPE_TIMER_STARTED, "2"));
    FAIL() << "expected NonDeterminismError";
  } catch (const NonDeterminismError& e) {
    EXPECT_EQ(e.event_id(), 5);
    EXPECT_THAT(e.what(), AllOf(HasSubstr("history event 5"), HasSubstr("TIMER_STARTED"),
                                HasSubstr("timer id \"2\""),
                                HasSubstr("the workflow started timer \"1\""),
                                HasSubstr("timer_machine_test.cc:")));
  }
}

TEST(TimerMachineNonDeterminism, AnotherCommandsEventWhereTheTimerStarted) {
  TimerMachine timer = NewTimer("1");
  HistoryEvent scheduled;
  scheduled.set_event_id(5);
  scheduled.set_event_type(enums::EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
  EXPECT_THAT([&] { timer.MatchCommandEvent(scheduled); },
              ::testing::ThrowsMessage<NonDeterminismError>(
                  AllOf(HasSubstr("ACTIVITY_TASK_SCHEDULED"), HasSubstr("started timer \"1\""))));
}

TEST(TimerMachineNonDeterminism, AFiredEventBeforeTheTimerStarted) {
  TimerMachine timer = NewTimer("1");
  EXPECT_THAT([&] { timer.HandleEvent(TimerEvent(6, enums::EVENT_TYPE_TIMER_FIRED, "1")); },
              ::testing::ThrowsMessage<NonDeterminismError>(
                  AllOf(HasSubstr("history event 6"),
                        HasSubstr("TimerFired is not legal in state StartCommandCreated"))));
}

TEST(TimerMachineNonDeterminism, ACanceledEventWithoutACancel) {
  TimerMachine timer = NewTimer("1");
  timer.MatchCommandEvent(TimerEvent(5, enums::EVENT_TYPE_TIMER_STARTED, "1"));
  EXPECT_THAT(
      [&] { timer.MatchCommandEvent(TimerEvent(7, enums::EVENT_TYPE_TIMER_CANCELED, "1")); },
      ::testing::ThrowsMessage<NonDeterminismError>(HasSubstr("no command waiting")));
}

}  // namespace
