// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Logger: the logfmt line format (exact), quoting and escaping, levels,
// WithLogFields, and loggers that write streams or call functions.
#include "temporal/logging/logger.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <thread>

namespace temporal {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

// 2025-01-02T03:04:05.678Z
std::chrono::system_clock::time_point FixedTime() {
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(1735787045678));
}

TEST(FormatLogfmt, WritesTimeLevelMessageAndFieldsInOrder) {
  const LogFields fields = {{"namespace", "default"}, {"task_queue", "orders"}, {"attempt", "1"}};
  const std::string line = FormatLogfmt(LogRecord{.level = LogLevel::kWarn,
                                                  .time = FixedTime(),
                                                  .message = "workflow task failed",
                                                  .fields = fields});
  EXPECT_EQ(
      line,
      "time=2025-01-02T03:04:05.678Z level=warn msg=\"workflow task failed\" namespace=default "
      "task_queue=orders attempt=1");
}

TEST(FormatLogfmt, QuotesAndEscapesValuesAndCleansKeys) {
  const LogFields fields = {{"empty", ""},           {"equals", "a=b"},
                            {"quote", "say \"hi\""}, {"lines", "one\ntwo\tthree\r"},
                            {"slash", "C:\\dir"},    {"bell", std::string("x\x07y")},
                            {"bad key=", "v"},       {"", "no key"}};
  const std::string line = FormatLogfmt(LogRecord{
      .level = LogLevel::kDebug, .time = FixedTime(), .message = "plain", .fields = fields});
  EXPECT_EQ(line,
            "time=2025-01-02T03:04:05.678Z level=debug msg=plain empty=\"\" equals=\"a=b\" "
            "quote=\"say \\\"hi\\\"\" lines=\"one\\ntwo\\tthree\\r\" slash=\"C:\\\\dir\" "
            "bell=\"x\\x07y\" "
            "bad_key_=v _=\"no key\"");
}

TEST(LogLevel, NamesAndParsing) {
  EXPECT_EQ(LogLevelName(LogLevel::kError), "error");
  EXPECT_EQ(ParseLogLevel("WARNING"), LogLevel::kWarn);
  EXPECT_EQ(ParseLogLevel("debug"), LogLevel::kDebug);
  EXPECT_EQ(ParseLogLevel("verbose"), std::nullopt);
}

TEST(StreamLogger, WritesOneLinePerRecordAtOrAboveItsLevel) {
  std::ostringstream out;
  StreamLogger logger(out, LogLevel::kInfo);
  logger.Debug("hidden");
  logger.Info("shown", {{"k", "v"}});
  logger.Error("also shown");
  const std::string text = out.str();
  EXPECT_EQ(text.find("hidden"), std::string::npos);
  std::istringstream lines(text);
  std::string first, second, third;
  ASSERT_TRUE(std::getline(lines, first));
  ASSERT_TRUE(std::getline(lines, second));
  EXPECT_FALSE(std::getline(lines, third));
  EXPECT_TRUE(first.ends_with(" level=info msg=shown k=v")) << first;
  EXPECT_TRUE(second.ends_with(" level=error msg=\"also shown\"")) << second;
  EXPECT_FALSE(logger.Enabled(LogLevel::kDebug));
}

TEST(StreamLogger, LinesFromManyThreadsDoNotInterleave) {
  std::ostringstream out;
  StreamLogger logger(out);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&logger, t] {
      for (int i = 0; i < 500; ++i)
        logger.Info("message from a thread", {{"thread", std::to_string(t)}});
    });
  }
  for (auto& thread : threads) thread.join();
  std::istringstream lines(out.str());
  int count = 0;
  for (std::string line; std::getline(lines, line); ++count) {
    ASSERT_TRUE(line.starts_with("time=")) << line;
    ASSERT_NE(line.find(" msg=\"message from a thread\" thread="), std::string::npos) << line;
  }
  EXPECT_EQ(count, 2000);
}

TEST(WithLogFields, PrependsFieldsAndFlattens) {
  std::vector<LogFields> seen;
  auto sink = std::make_shared<FunctionLogger>(
      [&](const LogRecord& record) { seen.push_back(record.fields); });
  auto worker = WithLogFields(sink, {{"namespace", "default"}});
  auto queue = WithLogFields(worker, {{"task_queue", "orders"}});
  queue->Info("hello", {{"workflow_id", "w1"}});
  worker->Info("bye");
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_THAT(seen[0], ElementsAre(Pair("namespace", "default"), Pair("task_queue", "orders"),
                                   Pair("workflow_id", "w1")));
  EXPECT_THAT(seen[1], ElementsAre(Pair("namespace", "default")));
}

TEST(FunctionLogger, HonoursItsMinimumLevel) {
  int calls = 0;
  FunctionLogger logger([&](const LogRecord&) { ++calls; }, LogLevel::kWarn);
  logger.Info("no");
  logger.Warn("yes");
  EXPECT_EQ(calls, 1);
  auto wrapped = WithLogFields(
      std::make_shared<FunctionLogger>([&](const LogRecord&) { ++calls; }, LogLevel::kError),
      {{"a", "b"}});
  EXPECT_FALSE(wrapped->Enabled(LogLevel::kWarn));
  EXPECT_TRUE(wrapped->Enabled(LogLevel::kError));
}

TEST(NoopLogger, IsNeverEnabled) {
  NoopLogger logger;
  EXPECT_FALSE(logger.Enabled(LogLevel::kError));
  logger.Error("dropped");
}

}  // namespace
}  // namespace temporal
