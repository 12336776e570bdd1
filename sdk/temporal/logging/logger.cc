// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/logging/logger.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>

namespace temporal {
namespace {

// A logger that prefixes fields; WithLogFields of one of these flattens
// instead of stacking.
class FieldsLogger final : public Logger {
 public:
  FieldsLogger(std::shared_ptr<Logger> next, LogFields fields)
      : next_(std::move(next)), fields_(std::move(fields)) {}

  void Log(const LogRecord& record) override {
    LogFields all;
    all.reserve(fields_.size() + record.fields.size());
    all.insert(all.end(), fields_.begin(), fields_.end());
    all.insert(all.end(), record.fields.begin(), record.fields.end());
    next_->Log(LogRecord{
        .level = record.level, .time = record.time, .message = record.message, .fields = all});
  }
  bool Enabled(LogLevel level) const override { return next_->Enabled(level); }

  const std::shared_ptr<Logger>& next() const { return next_; }
  const LogFields& fields() const { return fields_; }

 private:
  std::shared_ptr<Logger> next_;
  LogFields fields_;
};

bool NeedsQuotes(std::string_view value) {
  if (value.empty()) return true;
  return std::any_of(value.begin(), value.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= ' ' || c == '=' || c == '"' || c == '\\' || u == 0x7f;
  });
}

void AppendValue(std::string& out, std::string_view value) {
  if (!NeedsQuotes(value)) {
    out += value;
    return;
  }
  out += '"';
  for (char c : value) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < ' ' || static_cast<unsigned char>(c) == 0x7f) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\x%02x",
                        static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void AppendKey(std::string& out, std::string_view key) {
  if (key.empty()) {
    out += '_';
    return;
  }
  for (char c : key) {
    const auto u = static_cast<unsigned char>(c);
    out += (u <= ' ' || c == '=' || c == '"' || c == '\\' || u == 0x7f) ? '_' : c;
  }
}

void AppendTime(std::string& out, std::chrono::system_clock::time_point time) {
  const auto since_epoch = time.time_since_epoch();
  const auto seconds = std::chrono::floor<std::chrono::seconds>(since_epoch);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds).count();
  const std::time_t t = static_cast<std::time_t>(seconds.count());
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buffer[96];  // room for any int GCC can imagine in each field
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis));
  out += buffer;
}

LogLevel LevelFromEnvironment() {
  const char* value = std::getenv("TEMPORAL_LOG_LEVEL");
  if (value == nullptr) return LogLevel::kInfo;
  return ParseLogLevel(value).value_or(LogLevel::kInfo);
}

}  // namespace

std::string_view LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

std::optional<LogLevel> ParseLogLevel(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  if (lower == "debug") return LogLevel::kDebug;
  if (lower == "info") return LogLevel::kInfo;
  if (lower == "warn" || lower == "warning") return LogLevel::kWarn;
  if (lower == "error") return LogLevel::kError;
  return std::nullopt;
}

void Logger::Write(LogLevel level, std::string_view message, const LogFields& fields) {
  if (!Enabled(level)) return;
  Log(LogRecord{.level = level,
                .time = std::chrono::system_clock::now(),
                .message = message,
                .fields = fields});
}

std::string FormatLogfmt(const LogRecord& record) {
  std::string out;
  out.reserve(64 + record.message.size() + 24 * record.fields.size());
  out += "time=";
  AppendTime(out, record.time);
  out += " level=";
  out += LogLevelName(record.level);
  out += " msg=";
  AppendValue(out, record.message);
  for (const auto& [key, value] : record.fields) {
    out += ' ';
    AppendKey(out, key);
    out += '=';
    AppendValue(out, value);
  }
  return out;
}

void StreamLogger::Log(const LogRecord& record) {
  if (!Enabled(record.level)) return;
  std::string line = FormatLogfmt(record);
  line += '\n';
  std::lock_guard lock(mutex_);
  out_.write(line.data(), static_cast<std::streamsize>(line.size()));
  out_.flush();
}

StderrLogger::StderrLogger() : StreamLogger(std::cerr, LevelFromEnvironment()) {}
StderrLogger::StderrLogger(LogLevel min_level) : StreamLogger(std::cerr, min_level) {}

std::shared_ptr<Logger> DefaultLogger() {
  static const std::shared_ptr<Logger> logger = std::make_shared<StderrLogger>();
  return logger;
}

std::shared_ptr<Logger> WithLogFields(std::shared_ptr<Logger> logger, LogFields fields) {
  if (!logger) logger = DefaultLogger();
  if (auto* existing = dynamic_cast<FieldsLogger*>(logger.get())) {
    LogFields all = existing->fields();
    all.insert(all.end(), std::make_move_iterator(fields.begin()),
               std::make_move_iterator(fields.end()));
    return std::make_shared<FieldsLogger>(existing->next(), std::move(all));
  }
  return std::make_shared<FieldsLogger>(std::move(logger), std::move(fields));
}

}  // namespace temporal
