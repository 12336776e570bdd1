// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/testing/dev_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "temporal/api/workflowservice/v1/service.grpc.pb.h"

namespace temporal::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// How many times Start retries when the chosen port was taken between our
// probe and the server's bind (a race we cannot close from outside).
constexpr int kStartAttempts = 3;
constexpr auto kStopGracePeriod = std::chrono::seconds(10);

bool IsExecutable(const fs::path& path) {
  return !path.empty() && ::access(path.c_str(), X_OK) == 0 && !fs::is_directory(path);
}

absl::StatusOr<int> PickFreeLoopbackPort(const std::string& ip) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return absl::InternalError(absl::StrCat("socket(): ", std::strerror(errno)));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  if (::inet_pton(AF_INET, ip.c_str(), &addr.sin_addr) != 1) {
    ::close(fd);
    return absl::InvalidArgumentError(absl::StrCat("not an IPv4 address: '", ip, "'"));
  }
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    std::string why = std::strerror(errno);
    ::close(fd);
    return absl::UnavailableError(absl::StrCat("bind(", ip, ":0): ", why));
  }
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return static_cast<int>(ntohs(addr.sin_port));
}

std::string TailOfFile(const fs::path& path, size_t max_lines) {
  std::ifstream in(path);
  std::deque<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(std::move(line));
    if (lines.size() > max_lines) lines.pop_front();
  }
  if (lines.empty()) return "(the server wrote no log output)";
  return absl::StrJoin(lines, "\n");
}

std::vector<std::string> CommandLine(const fs::path& executable, const DevServerOptions& options,
                                     int port) {
  std::vector<std::string> args = {executable.string(), "server",         "start-dev",
                                   "--headless",        "--ip",           options.ip,
                                   "--port",            std::to_string(port),
                                   "--log-level",       options.log_level};
  for (const auto& ns : options.namespaces) {
    args.insert(args.end(), {"--namespace", ns});
  }
  for (const auto& [name, type] : options.search_attributes) {
    args.insert(args.end(), {"--search-attribute", absl::StrCat(name, "=", type)});
  }
  for (const auto& value : options.dynamic_config) {
    args.insert(args.end(), {"--dynamic-config-value", value});
  }
  if (!options.db_filename.empty()) args.insert(args.end(), {"--db-filename", options.db_filename});
  return args;
}

// Forks and execs the server with stdout/stderr appended to `log_file`.
absl::StatusOr<pid_t> Spawn(const std::vector<std::string>& args, const fs::path& log_file) {
  // Everything the child needs is prepared before fork: after fork in a
  // multi-threaded process only async-signal-safe calls are allowed.
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  int log_fd = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    return absl::InternalError(
        absl::StrCat("cannot open dev server log ", log_file.string(), ": ", std::strerror(errno)));
  }
  int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t parent = ::getpid();

  pid_t pid = ::fork();
  if (pid < 0) {
    std::string why = std::strerror(errno);
    ::close(log_fd);
    if (null_fd >= 0) ::close(null_fd);
    return absl::InternalError(absl::StrCat("fork(): ", why));
  }
  if (pid == 0) {
    // Die with the parent: a crashed test binary must not leak a server.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(log_fd);
  if (null_fd >= 0) ::close(null_fd);
  return pid;
}

// Returns true when `pid` has exited (and reaps it), storing its status.
bool HasExited(pid_t pid, int* status) { return ::waitpid(pid, status, WNOHANG) == pid; }

std::string DescribeExit(int status) {
  if (WIFEXITED(status)) return absl::StrCat("exited with code ", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return absl::StrCat("was killed by signal ", WTERMSIG(status));
  return "stopped";
}

// Polls GetSystemInfo until the server answers, exits, or the deadline passes.
absl::Status WaitUntilServing(pid_t pid, const std::string& address,
                              std::chrono::milliseconds timeout, bool* exited) {
  *exited = false;
  auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  auto stub = temporal::api::workflowservice::v1::WorkflowService::NewStub(channel);
  const auto deadline = Clock::now() + timeout;
  std::string last_error = "no attempt finished";
  while (Clock::now() < deadline) {
    int status = 0;
    if (HasExited(pid, &status)) {
      *exited = true;
      return absl::UnavailableError(absl::StrCat("the dev server ", DescribeExit(status),
                                                 " before it answered on ", address));
    }
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    temporal::api::workflowservice::v1::GetSystemInfoRequest request;
    temporal::api::workflowservice::v1::GetSystemInfoResponse response;
    grpc::Status rpc = stub->GetSystemInfo(&context, request, &response);
    if (rpc.ok()) return absl::OkStatus();
    last_error = absl::StrCat("gRPC code ", static_cast<int>(rpc.error_code()), ": ",
                              rpc.error_message());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return absl::DeadlineExceededError(absl::StrCat("the dev server did not answer GetSystemInfo on ",
                                                  address, " within ", timeout.count(),
                                                  " ms; last error: ", last_error));
}

void KillAndReap(pid_t pid) {
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
}

}  // namespace

absl::StatusOr<fs::path> DevServer::FindExecutable(const std::string& configured) {
  if (!configured.empty()) {
    if (IsExecutable(configured)) return fs::path(configured);
    return absl::NotFoundError(
        absl::StrCat("the configured Temporal CLI '", configured, "' is not an executable file"));
  }
  if (const char* env = std::getenv("TEMPORAL_CLI_PATH"); env != nullptr && *env != '\0') {
    if (IsExecutable(env)) return fs::path(env);
    return absl::NotFoundError(
        absl::StrCat("TEMPORAL_CLI_PATH='", env, "' is not an executable file"));
  }
  if (const char* path = std::getenv("PATH"); path != nullptr) {
    // Debian's Abseil has its own string_view type (not std::string_view).
    for (absl::string_view dir : absl::StrSplit(path, ':', absl::SkipEmpty())) {
      fs::path candidate = fs::path(std::string(dir)) / "temporal";
      if (IsExecutable(candidate)) return candidate;
    }
  }
  return absl::NotFoundError(
      "no Temporal CLI found: set TEMPORAL_CLI_PATH or put `temporal` on PATH "
      "(scripts/build-dev-server.sh builds it into .tools/bin)");
}

absl::StatusOr<std::unique_ptr<DevServer>> DevServer::Start(DevServerOptions options) {
  auto executable = FindExecutable(options.executable);
  if (!executable.ok()) return executable.status();

  absl::Status last = absl::UnknownError("not started");
  for (int attempt = 1; attempt <= kStartAttempts; ++attempt) {
    int port = options.port;
    if (port == 0) {
      auto free_port = PickFreeLoopbackPort(options.ip);
      if (!free_port.ok()) return free_port.status();
      port = *free_port;
    }
    const std::string address = absl::StrCat(options.ip, ":", port);
    const fs::path log_file = fs::temp_directory_path() /
                              absl::StrCat("temporal-dev-server-", ::getpid(), "-", port, ".log");
    auto pid = Spawn(CommandLine(*executable, options, port), log_file);
    if (!pid.ok()) return pid.status();

    bool exited = false;
    last = WaitUntilServing(*pid, address, options.startup_timeout, &exited);
    if (last.ok()) return std::unique_ptr<DevServer>(new DevServer(*pid, address, log_file));
    if (!exited) KillAndReap(*pid);
    last = absl::Status(last.code(), absl::StrCat(last.message(), "\n--- ", log_file.string(),
                                                  " (tail) ---\n", TailOfFile(log_file, 20)));
    // Only a server that died early (port taken) is worth another port.
    if (!exited || options.port != 0) break;
  }
  return last;
}

absl::Status DevServer::Stop() {
  if (pid_ <= 0) return absl::OkStatus();
  const pid_t pid = std::exchange(pid_, -1);
  int status = 0;
  if (HasExited(pid, &status)) {
    return absl::InternalError(absl::StrCat("the dev server on ", address_, " had already ",
                                            DescribeExit(status), "; see ", log_file_.string()));
  }
  ::kill(pid, SIGTERM);
  const auto deadline = Clock::now() + kStopGracePeriod;
  while (Clock::now() < deadline) {
    if (HasExited(pid, &status)) {
      std::error_code ignored;
      fs::remove(log_file_, ignored);
      return absl::OkStatus();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  KillAndReap(pid);
  return absl::DeadlineExceededError(absl::StrCat("the dev server on ", address_,
                                                  " ignored SIGTERM for 10 s and was killed"));
}

DevServer::~DevServer() { (void)Stop(); }

}  // namespace temporal::testing
