// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// A compile-time guard against a GCC 12 miscompilation (docs/adr/0019).
//
// GCC 12 mishandles a braced temporary inside a co_await expression when the
// coroutine suspends there: an aggregate built in place (`Options{...}`, or
// a `{...}` argument that becomes one) or a lambda written inline. It copies
// the temporary into the coroutine frame bit by bit and destroys it twice,
// so a std::string or std::vector inside it is freed twice or from the wrong
// address. Whether the coroutine is later resumed or destroyed (evicted)
// makes no difference. Temporaries whose destructor does nothing are
// harmless, and so are objects of classes with constructors (std::string,
// Named) and prvalues returned by functions.
//
// The workflow operations cannot see the co_await around them, so under GCC
// 12 they reject every argument that could be such a temporary: an rvalue
// aggregate or lambda whose destructor does something. Named variables pass:
//
//   const wf::ActivityOptions options{.start_to_close_timeout = 10s};
//   co_await wf::ExecuteActivity<std::string>("Greet", options, name);   // compiles everywhere
//   co_await wf::ExecuteActivity<std::string>("Greet", {.start_to_close_timeout = 10s}, name);
//                                                      // GCC 12: a static_assert naming this file
//
// Clang (and, we expect, GCC 13 and later, which we cannot test here) build
// the second form correctly, and the guard is off for them.
#ifndef TEMPORAL_WORKFLOW_INTERNAL_AWAIT_TEMPORARIES_H_
#define TEMPORAL_WORKFLOW_INTERNAL_AWAIT_TEMPORARIES_H_

#include <functional>
#include <type_traits>

namespace temporal::workflow_internal {

#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 13
inline constexpr bool kCompilerDestroysAwaitTemporariesTwice = true;
#else
inline constexpr bool kCompilerDestroysAwaitTemporariesTwice = false;
#endif

template <typename T>
struct IsStdFunction : std::false_type {};
template <typename Signature>
struct IsStdFunction<std::function<Signature>> : std::true_type {};

// kRiskyAwaitTemporary<Arg>: `Arg` as a forwarding reference deduces it
// (a non-reference type for an rvalue) names an argument that may be a
// braced aggregate or an inline lambda whose destruction does something.
// Lambdas cannot be told apart from other classes, so for callables
// (kRiskyAwaitCallable) every class but std::function counts.
template <typename Arg, typename Type = std::remove_cvref_t<Arg>>
inline constexpr bool kRiskyAwaitTemporary = !std::is_lvalue_reference_v<Arg> && std::is_class_v<Type> &&
                                             std::is_aggregate_v<Type> &&
                                             !std::is_trivially_destructible_v<Type>;
template <typename Arg, typename Type = std::remove_cvref_t<Arg>>
inline constexpr bool kRiskyAwaitCallable = !std::is_lvalue_reference_v<Arg> && std::is_class_v<Type> &&
                                            !IsStdFunction<Type>::value &&
                                            !std::is_trivially_destructible_v<Type>;

// RejectBracedTemporaries: call with the deduced types of an operation's
// forwarded arguments (and its options' type for an options rvalue).
template <typename... Args>
constexpr void RejectBracedTemporaries() {
  static_assert(!kCompilerDestroysAwaitTemporariesTwice || (!kRiskyAwaitTemporary<Args> && ...),
                "GCC 12 destroys a braced temporary inside a co_await expression twice (an options "
                "struct written in place, such as ActivityOptions{...} or {.start_to_close_timeout = ...}, "
                "or an argument struct built in place): declare it as a named variable first, "
                "then pass the variable. See temporal/workflow/internal/await_temporaries.h.");
}
template <typename F>
constexpr void RejectInlineCallable() {
  static_assert(!kCompilerDestroysAwaitTemporariesTwice || !kRiskyAwaitCallable<F>,
                "GCC 12 destroys a lambda written inside a co_await expression twice when it "
                "captures by value something with a destructor (a std::string, a shared_ptr): "
                "name the lambda first (auto ready = [...] { ... };) and pass the name, or capture "
                "by reference. See temporal/workflow/internal/await_temporaries.h.");
}

}  // namespace temporal::workflow_internal

#endif  // TEMPORAL_WORKFLOW_INTERNAL_AWAIT_TEMPORARIES_H_
