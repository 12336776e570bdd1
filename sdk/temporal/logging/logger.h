// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Logger: where the SDK's log records go. A record is a level, a message
// and key-value fields (the worker adds namespace, task_queue, workflow_id,
// run_id, workflow_type or activity_type where it knows them):
//
//   std::shared_ptr<temporal::Logger> logger = temporal::DefaultLogger();   // logfmt lines on
//   stderr logger->Warn("workflow task failed", {{"workflow_id", "order-42"}, {"attempt", "1"}});
//   // time=2025-01-02T03:04:05.678Z level=warn msg="workflow task failed" workflow_id=order-42
//   attempt=1
//
// Implement Logger (one method) to send records to your own logging
// library; FunctionLogger adapts a lambda, WithLogFields adds fields to
// every record of a logger:
//
//   auto mine = std::make_shared<temporal::FunctionLogger>([](const temporal::LogRecord& record) {
//     spdlog::info("{} {}", record.message, temporal::FormatLogfmt(record));
//   });
//   temporal::Worker worker(client, {.task_queue = "orders", .logger = mine});
#ifndef TEMPORAL_LOGGING_LOGGER_H_
#define TEMPORAL_LOGGING_LOGGER_H_

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace temporal {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

// LogLevelName: "debug", "info", "warn", "error".
std::string_view LogLevelName(LogLevel level);
// ParseLogLevel: the level named (case-insensitive; "warning" too), or nothing.
std::optional<LogLevel> ParseLogLevel(std::string_view name);

// LogFields: key-value pairs, kept in the order given.
using LogFields = std::vector<std::pair<std::string, std::string>>;

// LogRecord: one record, as a Logger receives it. Valid only during Log().
struct LogRecord {
  LogLevel level = LogLevel::kInfo;
  std::chrono::system_clock::time_point time;
  std::string_view message;
  const LogFields& fields;
};

// Logger: see the file comment. Implementations must be thread safe.
class Logger {
 public:
  virtual ~Logger() = default;

  // Log writes one record.
  virtual void Log(const LogRecord& record) = 0;
  // Enabled: whether records of `level` are wanted; callers skip building
  // the fields of a record that is not.
  virtual bool Enabled(LogLevel /*level*/) const { return true; }

  // Shorthands: a record stamped now, if the level is enabled.
  void Write(LogLevel level, std::string_view message, const LogFields& fields = {});
  void Debug(std::string_view message, const LogFields& fields = {}) {
    Write(LogLevel::kDebug, message, fields);
  }
  void Info(std::string_view message, const LogFields& fields = {}) {
    Write(LogLevel::kInfo, message, fields);
  }
  void Warn(std::string_view message, const LogFields& fields = {}) {
    Write(LogLevel::kWarn, message, fields);
  }
  void Error(std::string_view message, const LogFields& fields = {}) {
    Write(LogLevel::kError, message, fields);
  }
};

// FormatLogfmt: the record as one logfmt line without the line feed:
//   time=2025-01-02T03:04:05.678Z level=info msg="worker started" task_queue=orders
// Values with spaces, '=', quotes, control characters or nothing at all are
// quoted, with \" \\ \n \r \t escaped; keys have such characters replaced by '_'.
std::string FormatLogfmt(const LogRecord& record);

// StreamLogger: writes each record at or above `min_level` as a logfmt
// line to a stream (one write per line, under a lock: lines from several
// threads never interleave).
class StreamLogger : public Logger {
 public:
  explicit StreamLogger(std::ostream& out, LogLevel min_level = LogLevel::kInfo)
      : out_(out), min_level_(min_level) {}
  void Log(const LogRecord& record) override;
  bool Enabled(LogLevel level) const override { return level >= min_level_; }

 private:
  std::ostream& out_;
  const LogLevel min_level_;
  std::mutex mutex_;
};

// StderrLogger: a StreamLogger on std::cerr. The default minimum level is
// the environment variable TEMPORAL_LOG_LEVEL (debug, info, warn, error)
// when set, else info.
class StderrLogger final : public StreamLogger {
 public:
  StderrLogger();
  explicit StderrLogger(LogLevel min_level);
};

// FunctionLogger: hands every record (at or above `min_level`) to a function.
class FunctionLogger final : public Logger {
 public:
  explicit FunctionLogger(std::function<void(const LogRecord&)> function,
                          LogLevel min_level = LogLevel::kDebug)
      : function_(std::move(function)), min_level_(min_level) {}
  void Log(const LogRecord& record) override {
    if (function_ && record.level >= min_level_) function_(record);
  }
  bool Enabled(LogLevel level) const override { return function_ && level >= min_level_; }

 private:
  std::function<void(const LogRecord&)> function_;
  const LogLevel min_level_;
};

// NoopLogger: drops every record.
class NoopLogger final : public Logger {
 public:
  void Log(const LogRecord&) override {}
  bool Enabled(LogLevel) const override { return false; }
};

// DefaultLogger: the process-wide StderrLogger the SDK uses when none is configured.
std::shared_ptr<Logger> DefaultLogger();

// WithLogFields: a logger that adds `fields` before the fields of every
// record and passes it on to `logger` (the default logger when null).
//
//   auto worker_logger = temporal::WithLogFields(logger, {{"namespace", "default"}, {"task_queue",
//   "orders"}});
std::shared_ptr<Logger> WithLogFields(std::shared_ptr<Logger> logger, LogFields fields);

}  // namespace temporal

#endif  // TEMPORAL_LOGGING_LOGGER_H_
