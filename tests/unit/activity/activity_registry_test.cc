// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ActivityRegistry: typed activities decode their arguments and encode their
// results with the data converter (codecs included), void activities return
// nothing, the dynamic activity takes every other type, and bad
// registrations are refused.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "temporal/activity/activity_definition.h"
#include "temporal/activity/context.h"

namespace {

using temporal::Payloads;
using temporal::Values;
using temporal::activity::ActivityRegistry;
using temporal::converter::DataConverter;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Charge {
  std::string order_id;
  double amount = 0;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Charge, order_id, amount)

std::string ChargeCard(Charge charge, int attempt) {
  return charge.order_id + ":" + std::to_string(static_cast<int>(charge.amount)) + ":" +
         std::to_string(attempt);
}

Payloads Input(const DataConverter& converter, const auto&... values) {
  Payloads payloads;
  for (auto& payload : converter.ToPayloads(values...)) *payloads.add_payloads() = payload;
  return payloads;
}

// Marks every payload it encodes, so a test sees that the codec ran.
class MarkingCodec : public temporal::converter::PayloadCodec {
 public:
  void Encode(std::vector<temporal::Payload>& payloads) const override {
    for (auto& payload : payloads) (*payload.mutable_metadata())["marked"] = "yes";
  }
  void Decode(std::vector<temporal::Payload>& payloads) const override {
    for (auto& payload : payloads) payload.mutable_metadata()->erase("marked");
  }
};

TEST(ActivityRegistry, TypedActivityDecodesArgumentsAndEncodesItsResult) {
  ActivityRegistry registry;
  registry.Register("ChargeCard", ChargeCard);
  DataConverter converter;
  auto definition = registry.Find("ChargeCard");
  ASSERT_NE(definition, nullptr);
  EXPECT_EQ(definition->name, "ChargeCard");
  Payloads result = definition->run(Input(converter, Charge{"o-7", 12.0}, 3), converter);
  ASSERT_EQ(result.payloads_size(), 1);
  EXPECT_EQ(converter.FromPayload<std::string>(result.payloads(0)), "o-7:12:3");
}

TEST(ActivityRegistry, LambdasConstReferencesAndMissingTrailingArguments) {
  ActivityRegistry registry;
  registry.Register("Greet", [](const std::string& name, int times) {
    std::string out;
    for (int i = 0; i < times; ++i) out += "hi " + name + ";";
    return out;
  });
  DataConverter converter;
  // The second argument is missing: it is default-constructed (0).
  Payloads result = registry.Find("Greet")->run(Input(converter, std::string("ann")), converter);
  EXPECT_EQ(converter.FromPayload<std::string>(result.payloads(0)), "");
  result = registry.Find("Greet")->run(Input(converter, std::string("ann"), 2, 99), converter);
  EXPECT_EQ(converter.FromPayload<std::string>(result.payloads(0)), "hi ann;hi ann;");
}

TEST(ActivityRegistry, VoidActivityReturnsNoPayload) {
  ActivityRegistry registry;
  int calls = 0;
  registry.Register("Tick", [&calls]() { ++calls; });
  DataConverter converter;
  EXPECT_EQ(registry.Find("Tick")->run(Payloads(), converter).payloads_size(), 0);
  EXPECT_EQ(calls, 1);
}

TEST(ActivityRegistry, CodecsApplyToArgumentsAndResults) {
  ActivityRegistry registry;
  registry.Register("Echo", [](std::string text) { return text; });
  DataConverter converter;
  converter.codecs.push_back(std::make_shared<MarkingCodec>());
  Payloads input = Input(converter, std::string("x"));
  ASSERT_EQ(input.payloads(0).metadata().at("marked"), "yes");
  Payloads result = registry.Find("Echo")->run(input, converter);
  EXPECT_EQ(result.payloads(0).metadata().at("marked"), "yes");
  EXPECT_EQ(converter.FromPayload<std::string>(result.payloads(0)), "x");
}

TEST(ActivityRegistry, AnArgumentOfTheWrongTypeIsAConversionError) {
  ActivityRegistry registry;
  registry.Register("Square", [](int n) { return n * n; });
  DataConverter converter;
  EXPECT_THROW(registry.Find("Square")->run(Input(converter, std::string("seven")), converter),
               temporal::ConversionError);
}

TEST(ActivityRegistry, ExceptionsLeaveRunUnchanged) {
  ActivityRegistry registry;
  registry.Register("Decline", [](std::string) -> int {
    throw temporal::ApplicationError("card declined", "Declined", {.non_retryable = true});
  });
  DataConverter converter;
  try {
    registry.Find("Decline")->run(Input(converter, std::string("o")), converter);
    FAIL() << "no exception";
  } catch (const temporal::ApplicationError& e) {
    EXPECT_EQ(e.type(), "Declined");
    EXPECT_TRUE(e.non_retryable());
  }
}

TEST(ActivityRegistry, DynamicActivityTakesEveryUnregisteredType) {
  ActivityRegistry registry;
  registry.Register("Known", [] { return 1; });
  registry.RegisterDynamic([](Values args) {
    return Values::Of(args.Get<std::string>(0) + "!", static_cast<int>(args.size()));
  });
  DataConverter converter;
  converter.codecs.push_back(std::make_shared<MarkingCodec>());
  auto dynamic = registry.Find("Anything");
  ASSERT_NE(dynamic, nullptr);
  EXPECT_EQ(dynamic->name, "");
  EXPECT_EQ(registry.Find("Known")->name, "Known");
  Payloads result = dynamic->run(Input(converter, std::string("a"), 5), converter);
  ASSERT_EQ(result.payloads_size(), 2);
  EXPECT_EQ(result.payloads(0).metadata().at("marked"), "yes");
  EXPECT_EQ(converter.FromPayload<std::string>(result.payloads(0)), "a!");
  EXPECT_EQ(converter.FromPayload<int>(result.payloads(1)), 2);
}

TEST(ActivityRegistry, DynamicActivityCanHandItsArgumentsBack) {
  ActivityRegistry registry;
  registry.RegisterDynamic([](Values args) { return args; });
  DataConverter converter;
  converter.codecs.push_back(std::make_shared<MarkingCodec>());
  Payloads result = registry.Find("Echo")->run(Input(converter, std::string("same")), converter);
  // Decoded on the way in, encoded again on the way out.
  EXPECT_EQ(result.payloads(0).metadata().at("marked"), "yes");
  EXPECT_EQ(converter.FromPayload<std::string>(result.payloads(0)), "same");
}

TEST(ActivityRegistry, UnknownTypeWithoutDynamicIsNull) {
  ActivityRegistry registry;
  EXPECT_TRUE(registry.empty());
  registry.Register("B", [] {});
  registry.Register("A", [] {});
  EXPECT_EQ(registry.Find("C"), nullptr);
  EXPECT_THAT(registry.names(), ElementsAre("A", "B"));
  EXPECT_FALSE(registry.has_dynamic());
}

TEST(ActivityRegistry, EmptyAndDuplicateNamesAreRefused) {
  ActivityRegistry registry;
  registry.Register("A", [] {});
  try {
    registry.Register("A", [] {});
    FAIL() << "duplicate accepted";
  } catch (const temporal::InvalidArgumentError& e) {
    EXPECT_THAT(e.what(), HasSubstr("\"A\" is already registered"));
  }
  EXPECT_THROW(registry.Register("", [] {}), temporal::InvalidArgumentError);
  registry.RegisterDynamic([](Values args) { return args; });
  EXPECT_THROW(registry.RegisterDynamic([](Values args) { return args; }),
               temporal::InvalidArgumentError);
}

}  // namespace
