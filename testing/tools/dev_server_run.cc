// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// temporal-dev-server-run: runs a command beside a fresh Temporal dev server.
//
//   temporal-dev-server-run [options] [--] COMMAND [ARGS...]
//       Starts `temporal server start-dev` on a free loopback port, waits until
//       it answers, runs COMMAND with TEMPORAL_ADDRESS=127.0.0.1:PORT in its
//       environment, stops the server, and exits with COMMAND's exit code.
//   temporal-dev-server-run [options]
//       Starts the server, prints TEMPORAL_ADDRESS=..., and serves until
//       interrupted (Ctrl-C / SIGTERM).
//
// Options: --cli PATH, --namespace NS (repeatable),
//          --search-attribute NAME=TYPE (repeatable), --dynamic-config KEY=JSON (repeatable).
//
// Exit codes: COMMAND's own; 77 when no Temporal CLI exists (so CTest can
// report "skipped"), except under CI=true where that is an error (1).
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "temporal/testing/dev_server.h"
#include "temporal/testing/dev_server_environment.h"

namespace {

constexpr int kExitSkipped = 77;

volatile sig_atomic_t stop_requested = 0;
void RequestStop(int) { stop_requested = 1; }

int Usage(const char* why) {
  std::cerr << "temporal-dev-server-run: " << why << "\n"
            << "usage: temporal-dev-server-run [--cli PATH] [--namespace NS]... "
               "[--search-attribute NAME=TYPE]... [--dynamic-config KEY=JSON]... "
               "[--] [COMMAND [ARGS...]]\n";
  return 2;
}

int RunCommand(const std::vector<char*>& command) {
  pid_t pid = ::fork();
  if (pid < 0) {
    std::perror("temporal-dev-server-run: fork");
    return 1;
  }
  if (pid == 0) {
    ::execvp(command[0], command.data());
    std::cerr << "temporal-dev-server-run: cannot run '" << command[0]
              << "': " << std::strerror(errno) << "\n";
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  std::cerr << "temporal-dev-server-run: '" << command[0] << "' was killed by signal "
            << WTERMSIG(status) << "\n";
  return 128 + WTERMSIG(status);
}

}  // namespace

int main(int argc, char** argv) {
  temporal::testing::DevServerOptions options;
  std::vector<char*> command;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (arg == "--") {
      command.assign(argv + i + 1, argv + argc);
      break;
    } else if (arg == "--cli") {
      const char* v = value();
      if (v == nullptr) return Usage("--cli needs a path");
      options.executable = v;
    } else if (arg == "--namespace") {
      const char* v = value();
      if (v == nullptr) return Usage("--namespace needs a name");
      options.namespaces.emplace_back(v);
    } else if (arg == "--search-attribute") {
      const char* v = value();
      const char* eq = v == nullptr ? nullptr : std::strchr(v, '=');
      if (eq == nullptr) return Usage("--search-attribute needs NAME=TYPE");
      options.search_attributes.emplace_back(std::string(v, eq), std::string(eq + 1));
    } else if (arg == "--dynamic-config") {
      const char* v = value();
      if (v == nullptr || std::strchr(v, '=') == nullptr) {
        return Usage("--dynamic-config needs KEY=JSON");
      }
      options.dynamic_config.emplace_back(v);
    } else if (arg.starts_with("--")) {
      return Usage(("unknown option " + std::string(arg)).c_str());
    } else {
      command.assign(argv + i, argv + argc);
      break;
    }
  }
  command.push_back(nullptr);

  auto server = temporal::testing::DevServer::Start(options);
  if (!server.ok()) {
    std::cerr << "temporal-dev-server-run: cannot start the Temporal dev server: "
              << server.status() << "\n";
    if (absl::IsNotFound(server.status()) && !temporal::testing::IsCi()) return kExitSkipped;
    return 1;
  }
  const std::string& address = (*server)->address();
  ::setenv("TEMPORAL_ADDRESS", address.c_str(), 1);

  int exit_code = 0;
  if (command.size() > 1) {
    exit_code = RunCommand(command);
  } else {
    std::cout << "TEMPORAL_ADDRESS=" << address << std::endl;
    ::signal(SIGINT, RequestStop);
    ::signal(SIGTERM, RequestStop);
    while (!stop_requested) ::pause();
  }
  if (absl::Status stopped = (*server)->Stop(); !stopped.ok()) {
    std::cerr << "temporal-dev-server-run: " << stopped << "\n";
    if (exit_code == 0) exit_code = 1;
  }
  return exit_code;
}
