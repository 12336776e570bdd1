// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// FunctionTraits and DecodeArguments: how a registered callable's parameters
// are read from Payloads. Shared by activity and workflow registration and by
// signal, query and update handlers, so every SDK entry point decodes its
// arguments the same way.
//
//   using Traits = converter_internal::FunctionTraits<decltype(&Greet)>;   // Result, Args
//   Traits::Args args = converter_internal::DecodeArguments<Traits::Args>(converter, input);
//   auto result = std::apply(Greet, std::move(args));
#ifndef TEMPORAL_CONVERTER_FUNCTION_ARGUMENTS_H_
#define TEMPORAL_CONVERTER_FUNCTION_ARGUMENTS_H_

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include "temporal/api/common/v1/message.pb.h"
#include "temporal/converter/data_converter.h"

namespace temporal::converter_internal {

// FunctionTraits<F>: the result type and the decayed argument tuple of a
// function, function pointer, member function or lambda.
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

template <typename Tuple, std::size_t... I>
Tuple DecodeArgumentsAt(const converter::DataConverter& converter,
                        const temporal::api::common::v1::Payloads& input, std::index_sequence<I...>) {
  Tuple args{};
  auto decode = [&](auto& slot, std::size_t index) {
    if (static_cast<int>(index) < input.payloads_size()) {
      slot = converter.FromPayload<std::decay_t<decltype(slot)>>(input.payloads(static_cast<int>(index)));
    }
  };
  (decode(std::get<I>(args), I), ...);
  (void)decode;
  return args;
}

// DecodeArguments: the payloads as an argument tuple; missing trailing
// arguments are default-constructed and extra payloads ignored, as the
// other SDKs do.
template <typename Tuple>
Tuple DecodeArguments(const converter::DataConverter& converter,
                      const temporal::api::common::v1::Payloads& input) {
  return DecodeArgumentsAt<Tuple>(converter, input, std::make_index_sequence<std::tuple_size_v<Tuple>>());
}

}  // namespace temporal::converter_internal

#endif  // TEMPORAL_CONVERTER_FUNCTION_ARGUMENTS_H_
