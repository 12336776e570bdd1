// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// The memo as workflow code sees it: the memo the run started with, its
// own upserts (visible at once), typed reads and their errors, and the memo
// it gives a child or the next run.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "run_harness.h"
#include "temporal/common/error.h"
#include "temporal/converter/encoding_converter.h"
#include "temporal/converter/zlib_codec.h"
#include "temporal/workflow/workflow.h"

namespace temporal::workflow_internal::testing {
namespace {

namespace wf = temporal::workflow;
using ::testing::AllOf;
using ::testing::HasSubstr;

struct Customer {
  std::string name;
  int tier = 0;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Customer, name, tier)

// The first activation of `harness`'s run, started with `memo`.
std::vector<WorkflowCommand> StartWithMemo(RunHarness& harness,
                                           const std::map<std::string, Payload>& memo) {
  InitializeWorkflowJob init = harness.InitializeJob();
  for (const auto& [key, payload] : memo)
    (*init.attributes.mutable_memo()->mutable_fields())[key] = payload;
  return harness.Activate(std::move(init));
}

// One memo value as the payload list the harness decodes.
Payloads One(const Payload& payload) {
  Payloads payloads;
  *payloads.add_payloads() = payload;
  return payloads;
}

std::string Result(RunHarness& harness, const std::vector<WorkflowCommand>& commands) {
  if (commands.empty() || !Is<CompleteWorkflowCommand>(commands.back()))
    return "not completed: " + Kinds(commands);
  return harness.Decode<std::string>(As<CompleteWorkflowCommand>(commands.back()).result);
}

// --- The memo the run started with ---

Task<std::string> ReadCustomer() {
  std::optional<Customer> customer = wf::GetMemo<Customer>("customer");
  std::optional<int> missing = wf::GetMemo<int>("missing");
  co_return customer->name + "/" + std::to_string(customer->tier) + " " +
      std::to_string(wf::Info().memo.size()) + (missing ? " found" : " nothing for missing") + " " +
      wf::Info().memo.at("region").Get<std::string>();
}

TEST(Memo, TheMemoTheRunStartedWithIsReadTyped) {
  RunHarness harness("ReadCustomer", ReadCustomer);
  auto commands =
      StartWithMemo(harness, {{"customer", harness.Encode(Customer{"Ada", 2}).payloads(0)},
                              {"region", harness.Encode(std::string("eu")).payloads(0)}});
  EXPECT_EQ(Result(harness, commands), "Ada/2 2 nothing for missing eu");
}

TEST(Memo, AValueThatIsNotTheRequestedTypeNamesTheKeyAndTheType) {
  RunHarness harness("ReadCustomer", ReadCustomer);
  try {
    StartWithMemo(harness, {{"customer", harness.Encode(std::string("Ada")).payloads(0)}});
    FAIL() << "reading a string as a Customer must fail the workflow task";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("the memo value \"customer\" cannot be read as "),
                                HasSubstr("Customer")));
  }
}

// Codecs apply to the memo as to every other payload.
Task<std::string> ReadNote() { co_return wf::GetMemo<std::string>("note").value_or("none"); }

TEST(Memo, TheMemoIsDecodedWithTheRunsCodecs) {
  converter::DataConverter zlib;
  zlib.codecs.push_back(std::make_shared<converter::ZlibCodec>());
  const std::string long_note(300, 'n');
  std::vector<Payload> encoded = zlib.ToPayloads(long_note);
  ASSERT_EQ(encoded[0].metadata().at("encoding"), converter::kEncodingZlib);  // compressed indeed

  RunHarness harness("ReadNote", ReadNote, zlib);
  auto commands = StartWithMemo(harness, {{"note", encoded[0]}});
  EXPECT_EQ(Result(harness, commands), long_note);
}

// --- Upserts ---

Task<std::string> UpsertAndRead() {
  std::string seen = wf::GetMemo<std::string>("stage").value_or("none");
  wf::UpsertMemo("stage", std::string("packed"));
  seen += " " + wf::GetMemo<std::string>("stage").value_or("none");
  wf::UpsertMemo(Memo{{"stage", Values::Of(std::string("shipped"))}, {"boxes", Values::Of(3)}});
  seen +=
      " " + *wf::GetMemo<std::string>("stage") + " " + std::to_string(*wf::GetMemo<int>("boxes"));
  wf::UpsertMemo("region", nullptr);  // a null value removes the key
  seen += wf::GetMemo<std::string>("region") ? " region kept" : " region removed";
  co_return seen;
}

TEST(Memo, AnUpsertIsVisibleAtOnceAndIssuesModifyWorkflowProperties) {
  RunHarness harness("UpsertAndRead", UpsertAndRead);
  auto commands =
      StartWithMemo(harness, {{"region", harness.Encode(std::string("eu")).payloads(0)}});
  ASSERT_EQ(commands.size(), 4u) << Kinds(commands);
  const auto& first = As<ModifyWorkflowPropertiesCommand>(commands[0]).upserted_memo;
  ASSERT_EQ(first.fields().size(), 1u);
  EXPECT_EQ(harness.Decode<std::string>(One(first.fields().at("stage"))), "packed");
  EXPECT_EQ(first.fields().at("stage").metadata().at("encoding"), converter::kEncodingJson);
  const auto& second = As<ModifyWorkflowPropertiesCommand>(commands[1]).upserted_memo;
  EXPECT_EQ(second.fields().size(), 2u);  // one command for both keys
  const auto& removal = As<ModifyWorkflowPropertiesCommand>(commands[2]).upserted_memo;
  EXPECT_EQ(removal.fields().at("region").metadata().at("encoding"), converter::kEncodingNull);
  EXPECT_EQ(Result(harness, commands), "none packed shipped 3 region removed");
}

Task<void> UpsertTwoValues() {
  wf::UpsertMemo(Memo{{"pair", Values::Of(1, 2)}});
  co_return;
}

TEST(Memo, AMemoKeyHoldsOneValue) {
  RunHarness harness("UpsertTwoValues", UpsertTwoValues);
  EXPECT_THAT([&] { harness.Start(); },
              ::testing::ThrowsMessage<std::runtime_error>(
                  HasSubstr("UpsertMemo: memo[\"pair\"] must hold one value, not 2")));
}

// A query may not upsert: the failed query changes neither the commands nor Info().memo.
Task<std::string> QueryThatUpserts() {
  wf::SetQueryHandler("sneaky", [] {
    wf::UpsertMemo("stage", std::string("queried"));
    return std::string("no");
  });
  co_await wf::Sleep(std::chrono::seconds(1));
  co_return wf::GetMemo<std::string>("stage").value_or("none");
}

TEST(Memo, AQueryThatUpsertsChangesNothing) {
  RunHarness harness("QueryThatUpserts", QueryThatUpserts);
  harness.Start();
  QueryWorkflowJob query;
  query.query_id = "q1";
  query.query_type = "sneaky";
  EXPECT_TRUE(harness.Activate(query).empty());
  auto commands = harness.Activate(FireTimerJob{.seq = 1});
  EXPECT_EQ(Result(harness, commands), "none");
}

// --- The memo of a child and of the next run ---

Task<void> ChildWithMemo() {
  const wf::ChildWorkflowOptions options{.workflow_id = "child",
                                         .memo = {{"customer", Values::Of(Customer{"Ada", 2})},
                                                  {"note", Values::Of(std::string("fragile"))}}};
  co_await wf::ExecuteChildWorkflow("Ship", options);
}

TEST(Memo, AChildStartsWithTheMemoOfItsOptions) {
  RunHarness harness("ChildWithMemo", ChildWithMemo);
  auto commands = harness.Start();
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  const auto& memo = As<StartChildWorkflowCommand>(commands[0]).attributes.memo();
  ASSERT_EQ(memo.fields().size(), 2u);
  EXPECT_EQ(harness.Decode<Customer>(One(memo.fields().at("customer"))).name, "Ada");
  EXPECT_EQ(harness.Decode<std::string>(One(memo.fields().at("note"))), "fragile");
}

Task<void> ContinueWithMemo(bool with_memo) {
  wf::ContinueAsNewOptions options;
  if (with_memo) options.memo = {{"generation", Values::Of(2)}};
  wf::ContinueAsNewWith(options, std::source_location::current());
  co_return;
}

TEST(Memo, ContinueAsNewCarriesTheMemoOfItsOptionsOrLeavesItToTheServer) {
  RunHarness with("ContinueWithMemo", ContinueWithMemo);
  auto commands = with.Start(with.Encode(true));
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  const auto& memo = As<ContinueAsNewWorkflowCommand>(commands[0]).attributes.memo();
  EXPECT_EQ(with.Decode<int>(One(memo.fields().at("generation"))), 2);

  RunHarness without("ContinueWithMemo", ContinueWithMemo);
  commands = without.Start(without.Encode(false));
  ASSERT_EQ(commands.size(), 1u) << Kinds(commands);
  // No memo field at all: the server then carries the current run's memo over.
  EXPECT_FALSE(As<ContinueAsNewWorkflowCommand>(commands[0]).attributes.has_memo());
}

}  // namespace
}  // namespace temporal::workflow_internal::testing
