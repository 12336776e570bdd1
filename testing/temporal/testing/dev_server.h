// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// DevServer runs the Temporal CLI's development server (`temporal server
// start-dev`) as a child process on a free loopback port, with in-memory
// SQLite, and stops it again. It is the real Temporal server used by the
// SDK's integration tests, and it is available to users' tests too.
//
//   auto server = temporal::testing::DevServer::Start({});
//   if (!server.ok()) { std::cerr << server.status() << "\n"; return 1; }
//   std::cout << "Temporal at " << (*server)->address() << "\n";
//   // ... talk to (*server)->address(); the server stops when *server is destroyed.
#ifndef TEMPORAL_TESTING_DEV_SERVER_H_
#define TEMPORAL_TESTING_DEV_SERVER_H_

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace temporal::testing {

// DevServerOptions: how to launch the dev server. The defaults suit tests:
// loopback only, a free port, quiet logs, in-memory persistence.
struct DevServerOptions {
  // Path of the `temporal` CLI. Empty: $TEMPORAL_CLI_PATH, then `temporal` on $PATH.
  std::string executable;
  // Address to bind. Tests must stay on loopback.
  std::string ip = "127.0.0.1";
  // gRPC port; 0 picks a free one.
  int port = 0;
  // Namespaces created at launch, besides "default".
  std::vector<std::string> namespaces;
  // Custom search attributes registered at launch: {name, type}, where type is
  // one of Text, Keyword, Int, Double, Bool, Datetime, KeywordList.
  std::vector<std::pair<std::string, std::string>> search_attributes;
  // Dynamic config values, KEY=JSON, for example "system.enableEagerWorkflowStart=true".
  std::vector<std::string> dynamic_config;
  // SQLite file for the server's state (--db-filename). Empty: in memory, lost
  // when the server stops. With a file, a server started again on the same
  // port and file carries on with the workflows of the one before.
  std::string db_filename;
  // The server's own log level: debug, info, warn, error, never.
  std::string log_level = "warn";
  // How long to wait for the server to answer GetSystemInfo.
  std::chrono::milliseconds startup_timeout = std::chrono::seconds(60);
};

// DevServer: one running `temporal server start-dev` child process.
// Destroying it stops the server (SIGTERM, then SIGKILL after a grace period).
// The child also dies with its parent, so a crashed test leaks no server.
class DevServer {
 public:
  // Start launches the server and returns once it answers GetSystemInfo.
  // Errors: NotFound when no CLI executable exists; Unavailable when the server
  // exits or does not answer in time (the message carries its log's tail).
  static absl::StatusOr<std::unique_ptr<DevServer>> Start(DevServerOptions options);

  // FindExecutable resolves the CLI path the way Start does.
  static absl::StatusOr<std::filesystem::path> FindExecutable(const std::string& configured);

  ~DevServer();
  DevServer(const DevServer&) = delete;
  DevServer& operator=(const DevServer&) = delete;

  // The gRPC target, "127.0.0.1:PORT".
  const std::string& address() const { return address_; }
  // The file that receives the server's stdout and stderr.
  const std::filesystem::path& log_file() const { return log_file_; }

  // Stop terminates the server and waits for it; idempotent.
  absl::Status Stop();

 private:
  DevServer(pid_t pid, std::string address, std::filesystem::path log_file)
      : pid_(pid), address_(std::move(address)), log_file_(std::move(log_file)) {}

  pid_t pid_;
  std::string address_;
  std::filesystem::path log_file_;
};

}  // namespace temporal::testing

#endif  // TEMPORAL_TESTING_DEV_SERVER_H_
