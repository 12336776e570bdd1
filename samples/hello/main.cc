// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// hello: the main sample, and the project's interop contract. One program,
// two modes:
//
//   hello worker [--address HOST:PORT] [--namespace NS] [--task-queue Q]
//       Runs a worker for workflow type HelloWorkflow (one string argument,
//       `name`; it calls activity ComposeGreeting with it and returns
//       "Hello, <name>!") until SIGINT or SIGTERM, then shuts down gracefully.
//       A second signal stops it at once.
//   hello client [--address HOST:PORT] [--namespace NS] [--task-queue Q]
//                [--name NAME] [--workflow-id ID]
//       Starts HelloWorkflow with NAME (default World) and prints its result.
//
// Defaults: --address $TEMPORAL_ADDRESS, else localhost:7233; --namespace
// default; --task-queue hello. Any Temporal client can drive the worker:
//   temporal workflow execute --type HelloWorkflow --task-queue hello --input '"World"'
// scripts/run-sample.sh runs both modes beside a fresh dev server.
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>

#include "temporal/client/client.h"
#include "temporal/common/uuid.h"
#include "temporal/worker/worker.h"
#include "temporal/workflow/workflow.h"

namespace {

// The activity: runs on a worker thread; may block, call services, fail and be retried.
std::string ComposeGreeting(std::string name) { return "Hello, " + name + "!"; }

// The workflow: deterministic; its steps are recorded in the workflow's history.
temporal::Task<std::string> HelloWorkflow(std::string name) {
  namespace wf = temporal::workflow;
  const wf::ActivityOptions options{.start_to_close_timeout = std::chrono::seconds(10)};
  std::string greeting = co_await wf::ExecuteActivity<std::string>("ComposeGreeting", options, name);
  co_return greeting;
}

struct Flags {
  std::string mode;
  std::string address;
  std::string namespace_name = "default";
  std::string task_queue = "hello";
  std::string name = "World";
  std::string workflow_id;
};

int Usage(const std::string& why) {
  std::cerr << "hello: " << why << "\n"
            << "usage: hello worker [--address HOST:PORT] [--namespace NS] [--task-queue Q]\n"
            << "       hello client [--address HOST:PORT] [--namespace NS] [--task-queue Q] [--name NAME] "
               "[--workflow-id ID]\n";
  return 2;
}

// Parses argv by hand (no flags library): `--flag value` or `--flag=value`.
bool ParseFlags(int argc, char** argv, Flags& flags, std::string& error) {
  const char* env_address = std::getenv("TEMPORAL_ADDRESS");
  flags.address = env_address != nullptr && *env_address != '\0' ? env_address : "localhost:7233";
  if (argc < 2) {
    error = "missing mode (worker or client)";
    return false;
  }
  flags.mode = argv[1];
  if (flags.mode != "worker" && flags.mode != "client") {
    error = "unknown mode \"" + flags.mode + "\"";
    return false;
  }
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    if (auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg.erase(eq);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      error = "flag " + arg + " needs a value";
      return false;
    }
    if (arg == "--address") {
      flags.address = value;
    } else if (arg == "--namespace") {
      flags.namespace_name = value;
    } else if (arg == "--task-queue") {
      flags.task_queue = value;
    } else if (arg == "--name" && flags.mode == "client") {
      flags.name = value;
    } else if (arg == "--workflow-id" && flags.mode == "client") {
      flags.workflow_id = value;
    } else {
      error = "unknown flag " + arg + " for mode " + flags.mode;
      return false;
    }
  }
  return true;
}

int RunWorker(const Flags& flags) {
  // Signals are taken by sigtimedwait on this thread, never by a handler:
  // block them before any other thread starts, so every thread inherits it.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto client = temporal::Client::Connect({.target = flags.address}, {.namespace_ = flags.namespace_name});
  temporal::Worker worker(client, {.task_queue = flags.task_queue});
  worker.RegisterWorkflow("HelloWorkflow", HelloWorkflow);
  worker.RegisterActivity("ComposeGreeting", ComposeGreeting);
  worker.Start();
  std::cout << "hello worker: polling task queue " << flags.task_queue << " on " << flags.address
            << " (namespace " << flags.namespace_name << "); Ctrl-C to stop" << std::endl;

  while (sigwaitinfo(&signals, nullptr) < 0) {
  }
  std::cout << "hello worker: shutting down (a second signal stops at once)" << std::endl;
  std::atomic<bool> stopped{false};
  std::thread shutdown([&] {
    worker.Shutdown();
    stopped = true;
  });
  const timespec poll_interval{0, 100'000'000};
  while (!stopped) {
    if (sigtimedwait(&signals, nullptr, &poll_interval) > 0) {
      std::cerr << "hello worker: second signal; stopping now" << std::endl;
      std::_Exit(130);
    }
  }
  shutdown.join();
  std::cout << "hello worker: stopped" << std::endl;
  return 0;
}

int RunClient(const Flags& flags) {
  auto client = temporal::Client::Connect({.target = flags.address}, {.namespace_ = flags.namespace_name});
  const std::string id = flags.workflow_id.empty() ? "hello-" + temporal::RandomUuid() : flags.workflow_id;
  auto result = client.ExecuteWorkflow<std::string>("HelloWorkflow", {.id = id, .task_queue = flags.task_queue},
                                                    flags.name);
  std::cout << result << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  std::string error;
  if (!ParseFlags(argc, argv, flags, error)) return Usage(error);
  try {
    return flags.mode == "worker" ? RunWorker(flags) : RunClient(flags);
  } catch (const std::exception& e) {
    std::cerr << "hello " << flags.mode << ": " << e.what() << "\n";
    return 1;
  }
}
