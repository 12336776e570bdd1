// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// RunCli: runs the Temporal CLI the tests use (TEMPORAL_CLI_PATH, else
// `temporal` on the PATH) with `args`, and returns its output, stdout and
// stderr together. Interop tests use it to check what the SDK did from
// another client's point of view.
//
//   std::string shown = RunCli({"workflow", "show", "--address", address, "--workflow-id", id});
#ifndef TEMPORAL_TESTS_INTEGRATION_SUPPORT_TEMPORAL_CLI_H_
#define TEMPORAL_TESTS_INTEGRATION_SUPPORT_TEMPORAL_CLI_H_

#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace temporal::testing {

inline std::string RunCli(const std::vector<std::string>& args) {
  const char* cli = std::getenv("TEMPORAL_CLI_PATH");
  std::string command = cli != nullptr ? cli : "temporal";
  for (const auto& arg : args) command += " '" + arg + "'";
  command += " 2>&1";
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return "cannot run " + command;
  std::array<char, 4096> buffer;
  while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), n);
  pclose(pipe);
  return output;
}

}  // namespace temporal::testing

#endif  // TEMPORAL_TESTS_INTEGRATION_SUPPORT_TEMPORAL_CLI_H_
