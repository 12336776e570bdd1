// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "support/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace temporal::testing {

ChildProcess::ChildProcess(const std::vector<std::string>& args) {
  static int counter = 0;
  log_file_ =
      std::filesystem::temp_directory_path() /
      ("temporal-child-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".log");
  // Everything the child needs is prepared before fork: after fork in a
  // multi-threaded process only async-signal-safe calls are allowed.
  std::vector<char*> argv;
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  const int log_fd = ::open(log_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (args.empty() || log_fd < 0) {
    start_error_ = args.empty() ? "no program given"
                                : "cannot open " + log_file_.string() + ": " + std::strerror(errno);
    if (log_fd >= 0) ::close(log_fd);
    return;
  }
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // a crashed test leaks no worker
    if (::getppid() != parent) ::_exit(127);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(log_fd);
  if (pid_ < 0) start_error_ = std::string("fork(): ") + std::strerror(errno);
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !reaped_) {
    Kill(SIGKILL);
    WaitForExit();
  }
  std::error_code ignored;
  std::filesystem::remove(log_file_, ignored);
}

bool ChildProcess::running() {
  if (pid_ <= 0 || reaped_) return false;
  if (::waitpid(pid_, &status_, WNOHANG) == pid_) reaped_ = true;
  return !reaped_;
}

void ChildProcess::Kill(int signal) {
  if (running()) ::kill(pid_, signal);
}

std::string ChildProcess::WaitForExit() {
  if (pid_ <= 0) return "never started: " + start_error_;
  if (!reaped_ && ::waitpid(pid_, &status_, 0) == pid_) reaped_ = true;
  if (WIFEXITED(status_)) return "exited with code " + std::to_string(WEXITSTATUS(status_));
  if (WIFSIGNALED(status_)) return "killed by signal " + std::to_string(WTERMSIG(status_));
  return "ended";
}

std::string ChildProcess::Log() const {
  if (!start_error_.empty()) return start_error_;
  std::ifstream in(log_file_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace temporal::testing
