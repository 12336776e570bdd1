// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/common/values.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "temporal/common/duration.h"
#include "temporal/converter/composite_payload_converter.h"

namespace {

using temporal::ConversionError;
using temporal::Values;
using ::testing::HasSubstr;

TEST(Values, HeldValuesReadBackAsTheirOwnType) {
  Values values = Values::Of(std::string("a"), 7);
  EXPECT_EQ(values.size(), 2u);
  EXPECT_EQ(values.Get<std::string>(0), "a");
  EXPECT_EQ(values.Get<int>(1), 7);
}

TEST(Values, WrongTypeAndIndexAreClearErrors) {
  Values values = Values::Of(7);
  EXPECT_THAT([&] { values.Get<std::string>(0); },
              ::testing::ThrowsMessage<ConversionError>(
                  HasSubstr("cannot read value 0 as std::string: it holds a int")));
  EXPECT_THAT([&] { values.Get<int>(3); },
              ::testing::ThrowsMessage<ConversionError>(HasSubstr("there are only 1 values")));
}

TEST(Values, PayloadsDecodeWithTheirConverterAndConvertOnce) {
  auto converter = temporal::converter::DefaultPayloadConverter();
  Values held = Values::Of(std::vector<int>{1, 2});
  Values received = Values::FromPayloads(held.ToPayloads(*converter), converter);
  EXPECT_EQ(received.Get<std::vector<int>>(), (std::vector<int>{1, 2}));
  EXPECT_EQ(received.payloads().size(), 1u);
  // Payload-backed values go back on the wire unchanged.
  EXPECT_EQ(received.ToPayloads(*converter)[0].SerializeAsString(),
            received.payloads()[0].SerializeAsString());
}

TEST(Duration, ConvertsToAndFromProtobufIncludingNegativeValues) {
  using namespace std::chrono_literals;
  auto proto = temporal::ToProto(temporal::Duration(1500ms));
  EXPECT_EQ(proto.seconds(), 1);
  EXPECT_EQ(proto.nanos(), 500'000'000);
  EXPECT_EQ(temporal::FromProto(proto), 1500ms);
  auto negative = temporal::ToProto(temporal::Duration(-1500ms));
  EXPECT_EQ(negative.seconds(), -1);
  EXPECT_EQ(negative.nanos(), -500'000'000);
  EXPECT_EQ(temporal::FromProto(negative), -1500ms);
}

TEST(Timestamp, KeepsNanosPositiveBeforeTheEpoch) {
  using namespace std::chrono_literals;
  temporal::Timestamp before_epoch{temporal::Duration(-1ns)};
  auto proto = temporal::ToProto(before_epoch);
  EXPECT_EQ(proto.seconds(), -1);
  EXPECT_EQ(proto.nanos(), 999'999'999);
  EXPECT_EQ(temporal::FromProto(proto), before_epoch);
}

}  // namespace
