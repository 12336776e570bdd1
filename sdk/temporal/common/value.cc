// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/common/value.h"

#include <cxxabi.h>

#include <cstdlib>
#include <memory>

namespace temporal {

std::string Demangle(const std::type_info& type) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> name(
      abi::__cxa_demangle(type.name(), nullptr, nullptr, &status), std::free);
  if (status != 0 || name == nullptr) return type.name();
  std::string result = name.get();
  // The libstdc++ spelling of std::string is noise in error messages.
  constexpr std::string_view kLongString =
      "std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >";
  for (size_t at; (at = result.find(kLongString)) != std::string::npos;) {
    result.replace(at, kLongString.size(), "std::string");
  }
  return result;
}

}  // namespace temporal
