// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// The shape every replay state machine has (one machine per command kind, see
// ARCHITECTURE.md "The replay core"): states and triggers are enums, and the
// legal transitions are one table, written as data, so a reader sees them all
// in one place:
//
//   inline constexpr Transition<State, Trigger> kTimerTransitions[] = {
//       {State::kCreated, Trigger::kSchedule, State::kStartCommandCreated},
//       ...
//   };
//
// Machine::Apply(trigger) looks the row up; a trigger with no row in the
// current state is an IllegalTransition naming the machine, the state and the
// trigger. Every applied row is recorded in TransitionCoverage, so a test can
// prove that the tests exercise the whole table.
#ifndef TEMPORAL_WORKFLOW_INTERNAL_MACHINES_TRANSITION_TABLE_H_
#define TEMPORAL_WORKFLOW_INTERNAL_MACHINES_TRANSITION_TABLE_H_

#include <cstddef>
#include <map>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "temporal/common/error.h"

namespace temporal::workflow_internal::machines {

template <typename State, typename Trigger>
struct Transition {
  State from;
  Trigger trigger;
  State to;
};

// IllegalTransition: a trigger arrived in a state that has no row for it.
// During replay this means the history and the code disagree; the machine
// driver turns it into a NonDeterminismError with the event's details.
class IllegalTransition : public Error {
 public:
  using Error::Error;
};

// TransitionCoverage: which rows of which machine's table have been applied,
// process-wide. Tests read it; production code only writes (a set insert).
class TransitionCoverage {
 public:
  static void Record(std::string_view machine, size_t row) {
    std::lock_guard lock(mutex());
    rows()[std::string(machine)].insert(row);
  }
  static std::set<size_t> Covered(std::string_view machine) {
    std::lock_guard lock(mutex());
    auto it = rows().find(std::string(machine));
    return it == rows().end() ? std::set<size_t>{} : it->second;
  }

 private:
  static std::mutex& mutex() {
    static std::mutex m;
    return m;
  }
  static std::map<std::string, std::set<size_t>>& rows() {
    static std::map<std::string, std::set<size_t>> r;
    return r;
  }
};

// Machine: holds the current state of one machine and applies triggers
// through its table. `Names` provides `static constexpr std::string_view
// kMachine` and `static std::string_view Name(State)` / `Name(Trigger)`.
template <typename State, typename Trigger, typename Names>
class Machine {
 public:
  using Table = std::span<const Transition<State, Trigger>>;

  Machine(Table table, State initial) : table_(table), state_(initial) {}

  State state() const { return state_; }

  // Apply moves to the state the table gives for (state, trigger), or throws
  // IllegalTransition.
  State Apply(Trigger trigger) {
    for (size_t row = 0; row < table_.size(); ++row) {
      if (table_[row].from == state_ && table_[row].trigger == trigger) {
        TransitionCoverage::Record(Names::kMachine, row);
        state_ = table_[row].to;
        return state_;
      }
    }
    throw IllegalTransition(std::string(Names::kMachine) + ": " +
                            std::string(Names::Name(trigger)) + " is not legal in state " +
                            std::string(Names::Name(state_)));
  }

  // CanApply: whether the table has a row for (state, trigger).
  bool CanApply(Trigger trigger) const {
    for (const auto& row : table_) {
      if (row.from == state_ && row.trigger == trigger) return true;
    }
    return false;
  }

 private:
  Table table_;
  State state_;
};

}  // namespace temporal::workflow_internal::machines

#endif  // TEMPORAL_WORKFLOW_INTERNAL_MACHINES_TRANSITION_TABLE_H_
