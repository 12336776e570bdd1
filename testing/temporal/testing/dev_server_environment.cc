// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/testing/dev_server_environment.h"

#include <cstdlib>
#include <random>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace temporal::testing {
namespace {

DevServerEnvironment* installed_environment = nullptr;

std::string Sanitize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    out.push_back(absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c
                                                                                               : '-');
  }
  return out;
}

}  // namespace

bool IsCi() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && (std::string_view(ci) == "true" || std::string_view(ci) == "1");
}

DevServerOptions DevServerEnvironment::DefaultOptions() {
  DevServerOptions options;
  options.dynamic_config = {
      // Update-with-start and other multi-operations.
      "frontend.enableExecuteMultiOperation=true",
      "system.enableEagerWorkflowStart=true",
      // Tests list and count workflows right after starting them.
      "system.forceSearchAttributesCacheRefreshOnRead=true",
  };
  // One custom search attribute of each type, for tests of typed attributes.
  options.search_attributes = {
      {"CppKeyword", "Keyword"}, {"CppText", "Text"},         {"CppInt", "Int"},
      {"CppDouble", "Double"},   {"CppBool", "Bool"},         {"CppDatetime", "Datetime"},
      {"CppKeywordList", "KeywordList"},
  };
  return options;
}

DevServerEnvironment* DevServerEnvironment::Install(DevServerOptions options) {
  // GoogleTest owns and deletes registered environments.
  installed_environment = static_cast<DevServerEnvironment*>(
      ::testing::AddGlobalTestEnvironment(new DevServerEnvironment(std::move(options))));
  return installed_environment;
}

DevServerEnvironment* DevServerEnvironment::Get() { return installed_environment; }

void DevServerEnvironment::SetUp() {
  auto server = DevServer::Start(options_);
  if (server.ok()) {
    server_ = std::move(*server);
    start_status_ = absl::OkStatus();
  } else {
    start_status_ = server.status();
  }
}

void DevServerEnvironment::TearDown() {
  if (server_ == nullptr) return;
  absl::Status stopped = server_->Stop();
  server_.reset();
  if (!stopped.ok()) ADD_FAILURE() << "stopping the dev server: " << stopped;
}

std::string UniqueName(std::string_view prefix) {
  thread_local std::mt19937_64 random{std::random_device{}()};
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string test = info == nullptr ? "no-test" : absl::StrCat(info->test_suite_name(), "-", info->name());
  // Debian's Abseil has its own string_view type (not std::string_view).
  const absl::string_view prefix_view(prefix.data(), prefix.size());
  return Sanitize(absl::StrCat(prefix_view, "-", test, "-",
                               absl::StrFormat("%08x", static_cast<uint32_t>(random()))));
}

void DevServerTest::SetUp() {
  const DevServerEnvironment* env = DevServerEnvironment::Get();
  const absl::Status status =
      env == nullptr ? absl::FailedPreconditionError(
                           "DevServerEnvironment::Install() was not called in main()")
                     : env->start_status();
  if (status.ok()) return;
  if (IsCi()) {
    GTEST_FAIL() << "CI requires the Temporal dev server, but it is not running: " << status;
  }
  GTEST_SKIP() << "Temporal dev server unavailable (set CI=true to make this a failure): "
               << status;
}

const std::string& DevServerTest::server_address() const {
  return DevServerEnvironment::Get()->server()->address();
}

}  // namespace temporal::testing
