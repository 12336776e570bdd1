// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ActivityDefinition and ActivityRegistry: activity types by name. An
// activity is a plain C++ callable (function, lambda, functor) with typed
// arguments and result, converted by the worker's data converter; it runs on
// a worker thread and may block. A dynamic activity takes every type that is
// not registered by name.
//
//   struct Charge { std::string order_id; double amount; };   // to_json / from_json
//   std::string ChargeCard(Charge charge) {
//     if (charge.amount <= 0) {
//       throw temporal::ApplicationError("bad amount", "InvalidAmount", {.non_retryable = true});
//     }
//     return "receipt-" + charge.order_id;
//   }
//
//   temporal::activity::ActivityRegistry activities;
//   activities.Register("ChargeCard", ChargeCard);
//   activities.Register("Log", [](std::string line) { std::clog << line << "\n"; });  // void
//   result activities.RegisterDynamic([](temporal::Values args) {
//     const auto& info = temporal::activity::Info();               // the type is
//     info.activity_type return temporal::Values::Of(info.activity_type + " got " +
//     std::to_string(args.size()));
//   });
//
// Missing trailing arguments are default-constructed and extra ones are
// ignored, as in the other SDKs. An activity fails by throwing: exceptions
// of the Temporal failure hierarchy map one to one (ApplicationError with
// its type, non-retryable flag, details and next retry delay); any other
// exception becomes an ApplicationError named after its C++ class.
#ifndef TEMPORAL_ACTIVITY_ACTIVITY_DEFINITION_H_
#define TEMPORAL_ACTIVITY_ACTIVITY_DEFINITION_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "temporal/common/error.h"
#include "temporal/common/values.h"
#include "temporal/converter/data_converter.h"
#include "temporal/converter/function_arguments.h"

namespace temporal::activity {

// ActivityDefinition: one activity type. `run` decodes the input with the
// converter, calls the function, and encodes its result. It runs on the
// calling thread, which must have the activity's Context current (the
// worker sees to it).
struct ActivityDefinition {
  std::string name;  // empty for the dynamic activity
  std::function<Payloads(const Payloads& input, const converter::DataConverter& converter)> run;
};


// ActivityRegistry: see the file comment. Register everything before the
// worker starts; a registry is then only read. Cheap to copy (shares the
// definitions).
class ActivityRegistry {
 public:
  // Register an activity `R(Args...)` under `name`. Throws
  // InvalidArgumentError for an empty or duplicate name.
  template <typename F>
  void Register(std::string name, F function) {
    using Traits = converter_internal::FunctionTraits<std::decay_t<F>>;
    using Args = typename Traits::Args;
    using Result = typename Traits::Result;
    static_assert(!Traits::kHasMutableReferenceParameter,
                  "activity parameters are decoded values: take them by value or const reference");
    auto definition = std::make_shared<ActivityDefinition>();
    definition->name = name;
    definition->run = [function = std::move(function)](const Payloads& input,
                                                       const converter::DataConverter& converter) {
      Args args = converter_internal::DecodeArguments<Args>(converter, input);
      Payloads out;
      if constexpr (std::is_void_v<Result>) {
        std::apply(function, std::move(args));
      } else {
        const std::decay_t<Result> result = std::apply(function, std::move(args));
        *out.add_payloads() = converter.ToPayload(result);
      }
      return out;
    };
    Add(std::move(definition));
  }

  // RegisterDynamic: the activity for every type not registered by name. It
  // receives the arguments as Values (decode with args.Get<T>(i); the
  // payloads are in args.payloads()) and returns its results as Values
  // (Values::Of(...), or no values for none). Its type is
  // Info().activity_type. Throws InvalidArgumentError when one is already registered.
  void RegisterDynamic(std::function<Values(Values args)> function);

  // Find: the definition for `activity_type`, else the dynamic one, else nullptr.
  std::shared_ptr<const ActivityDefinition> Find(const std::string& activity_type) const;
  // The registered names, sorted (not the dynamic one).
  std::vector<std::string> names() const;
  bool has_dynamic() const { return dynamic_ != nullptr; }
  bool empty() const { return definitions_.empty() && dynamic_ == nullptr; }

 private:
  void Add(std::shared_ptr<ActivityDefinition> definition);
  std::map<std::string, std::shared_ptr<const ActivityDefinition>> definitions_;
  std::shared_ptr<const ActivityDefinition> dynamic_;
};

}  // namespace temporal::activity

#endif  // TEMPORAL_ACTIVITY_ACTIVITY_DEFINITION_H_
