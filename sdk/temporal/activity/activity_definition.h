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

namespace temporal::activity {

// ActivityDefinition: one activity type. `run` decodes the input with the
// converter, calls the function, and encodes its result. It runs on the
// calling thread, which must have the activity's Context current (the
// worker sees to it).
struct ActivityDefinition {
  std::string name;  // empty for the dynamic activity
  std::function<Payloads(const Payloads& input, const converter::DataConverter& converter)> run;
};

namespace detail {
template <typename F>
struct FunctionTraits : FunctionTraits<decltype(&F::operator())> {};
template <typename R, typename... A>
struct FunctionTraits<R (*)(A...)> {
  using Result = R;
  using Args = std::tuple<std::decay_t<A>...>;
  // Arguments arrive as decoded temporaries: a parameter that is a
  // non-const lvalue reference could not bind to them.
  static constexpr bool kHasMutableReferenceParameter =
      ((std::is_lvalue_reference_v<A> && !std::is_const_v<std::remove_reference_t<A>>) || ...);
};
template <typename R, typename... A>
struct FunctionTraits<R (*)(A...) noexcept> : FunctionTraits<R (*)(A...)> {};
template <typename R, typename... A>
struct FunctionTraits<R(A...)> : FunctionTraits<R (*)(A...)> {};
template <typename R, typename... A>
struct FunctionTraits<R(A...) noexcept> : FunctionTraits<R (*)(A...)> {};
template <typename C, typename R, typename... A>
struct FunctionTraits<R (C::*)(A...) const> : FunctionTraits<R (*)(A...)> {};
template <typename C, typename R, typename... A>
struct FunctionTraits<R (C::*)(A...)> : FunctionTraits<R (*)(A...)> {};
template <typename C, typename R, typename... A>
struct FunctionTraits<R (C::*)(A...) const noexcept> : FunctionTraits<R (*)(A...)> {};
template <typename C, typename R, typename... A>
struct FunctionTraits<R (C::*)(A...) noexcept> : FunctionTraits<R (*)(A...)> {};

// DecodeArguments: the payloads as the function's argument tuple.
template <typename Tuple, size_t... I>
Tuple DecodeArguments(const converter::DataConverter& converter, const Payloads& input,
                      std::index_sequence<I...>) {
  Tuple args{};
  auto decode = [&](auto& slot, size_t index) {
    if (static_cast<int>(index) < input.payloads_size()) {
      slot = converter.FromPayload<std::decay_t<decltype(slot)>>(
          input.payloads(static_cast<int>(index)));
    }
  };
  (decode(std::get<I>(args), I), ...);
  (void)decode;
  return args;
}
}  // namespace detail

// ActivityRegistry: see the file comment. Register everything before the
// worker starts; a registry is then only read. Cheap to copy (shares the
// definitions).
class ActivityRegistry {
 public:
  // Register an activity `R(Args...)` under `name`. Throws
  // InvalidArgumentError for an empty or duplicate name.
  template <typename F>
  void Register(std::string name, F function) {
    using Traits = detail::FunctionTraits<std::decay_t<F>>;
    using Args = typename Traits::Args;
    using Result = typename Traits::Result;
    static_assert(!Traits::kHasMutableReferenceParameter,
                  "activity parameters are decoded values: take them by value or const reference");
    auto definition = std::make_shared<ActivityDefinition>();
    definition->name = name;
    definition->run = [function = std::move(function)](const Payloads& input,
                                                       const converter::DataConverter& converter) {
      Args args = detail::DecodeArguments<Args>(
          converter, input, std::make_index_sequence<std::tuple_size_v<Args>>());
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
