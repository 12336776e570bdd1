// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ChildProcess: a program the test runs beside itself (a worker in a process
// of its own, to kill it the way a crash would). The child dies with the
// test (PR_SET_PDEATHSIG), its output goes to a log file that tests print
// on failure, and the destructor kills and reaps it.
//
//   ChildProcess worker({"/path/to/worker", "--address", address});
//   ASSERT_TRUE(worker.running()) << worker.Log();
//   worker.Kill(SIGKILL);                    // no goodbye: sockets drop, tasks stay unanswered
//   EXPECT_EQ(worker.WaitForExit(), "killed by signal 9");
#ifndef TEMPORAL_TESTS_INTEGRATION_SUPPORT_CHILD_PROCESS_H_
#define TEMPORAL_TESTS_INTEGRATION_SUPPORT_CHILD_PROCESS_H_

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace temporal::testing {

class ChildProcess {
 public:
  // Starts `args` (args[0] is the executable's path). running() is false
  // when it could not be started (Log() says why).
  explicit ChildProcess(const std::vector<std::string>& args);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // True until the child has exited (checked without waiting).
  bool running();
  // Kill sends `signal`; nothing when the child is gone.
  void Kill(int signal);
  // WaitForExit reaps the child and says how it ended: "exited with code N"
  // or "killed by signal N".
  std::string WaitForExit();
  // Log: what the child wrote to stdout and stderr so far.
  std::string Log() const;
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int status_ = 0;
  bool reaped_ = false;
  std::filesystem::path log_file_;
  std::string start_error_;
};

}  // namespace temporal::testing

#endif  // TEMPORAL_TESTS_INTEGRATION_SUPPORT_CHILD_PROCESS_H_
