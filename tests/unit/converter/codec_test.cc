// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Payload codecs: the zlib codec and how DataConverter chains codecs.
#include "temporal/converter/zlib_codec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "temporal/common/error.h"
#include "temporal/converter/data_converter.h"

namespace {

using temporal::ConversionError;
using temporal::Payload;
using temporal::converter::DataConverter;
using temporal::converter::ZlibCodec;
using ::testing::HasSubstr;

Payload JsonPayload(std::string data) {
  Payload payload;
  (*payload.mutable_metadata())["encoding"] = "json/plain";
  payload.set_data(std::move(data));
  return payload;
}

TEST(ZlibCodec, CompressesLargePayloadsAndRestoresThemExactly) {
  const Payload original = JsonPayload("\"" + std::string(10000, 'a') + "\"");
  std::vector<Payload> payloads = {original};
  ZlibCodec codec;
  codec.Encode(payloads);
  ASSERT_EQ(payloads.size(), 1u);
  EXPECT_EQ(payloads[0].metadata().at("encoding"), "binary/zlib");
  EXPECT_LT(payloads[0].data().size(), 200u);
  codec.Decode(payloads);
  EXPECT_EQ(payloads[0].SerializeAsString(), original.SerializeAsString());
}

TEST(ZlibCodec, LeavesSmallAndIncompressiblePayloadsAlone) {
  std::mt19937 random(7);
  std::string noise;
  for (int i = 0; i < 4000; ++i) noise.push_back(static_cast<char>(random()));
  std::vector<Payload> payloads = {JsonPayload("1"), JsonPayload(noise)};
  const auto before = payloads;
  ZlibCodec(temporal::converter::ZlibCodecOptions{.min_bytes = 16}).Encode(payloads);
  // EXPECT_TRUE, not EXPECT_EQ: a failure should not print kilobytes of noise.
  EXPECT_TRUE(payloads[0].SerializeAsString() == before[0].SerializeAsString());
  EXPECT_TRUE(payloads[1].SerializeAsString() == before[1].SerializeAsString());
}

TEST(ZlibCodec, DecodeLeavesPayloadsItDidNotWriteUnchanged) {
  std::vector<Payload> payloads = {JsonPayload("\"x\"")};
  ZlibCodec().Decode(payloads);
  EXPECT_EQ(payloads[0].data(), "\"x\"");
}

TEST(ZlibCodec, CorruptTruncatedAndOversizedInputAreClearErrors) {
  std::vector<Payload> payloads = {JsonPayload("\"" + std::string(5000, 'b') + "\"")};
  ZlibCodec codec;
  codec.Encode(payloads);

  auto truncated = payloads;
  truncated[0].set_data(truncated[0].data().substr(0, truncated[0].data().size() / 2));
  EXPECT_THAT([&] { codec.Decode(truncated); },
              ::testing::ThrowsMessage<ConversionError>(HasSubstr("binary/zlib payload is corrupt")));

  auto garbage = payloads;
  garbage[0].set_data("not zlib at all");
  EXPECT_THAT([&] { codec.Decode(garbage); },
              ::testing::ThrowsMessage<ConversionError>(HasSubstr("binary/zlib payload is corrupt")));

  auto bomb = payloads;
  EXPECT_THAT([&] { ZlibCodec({.max_decoded_bytes = 1000}).Decode(bomb); },
              ::testing::ThrowsMessage<ConversionError>(HasSubstr("beyond the limit of 1000")));
}

// Marks payloads so the order codecs ran in is visible.
class MarkingCodec : public temporal::converter::PayloadCodec {
 public:
  explicit MarkingCodec(std::string mark) : mark_(std::move(mark)) {}
  void Encode(std::vector<Payload>& payloads) const override {
    for (auto& p : payloads) p.set_data(p.data() + "+" + mark_);
  }
  void Decode(std::vector<Payload>& payloads) const override {
    for (auto& p : payloads) {
      const std::string suffix = "+" + mark_;
      if (!p.data().ends_with(suffix)) throw ConversionError("codec " + mark_ + " out of order");
      p.set_data(p.data().substr(0, p.data().size() - suffix.size()));
    }
  }

 private:
  std::string mark_;
};

TEST(DataConverter, AppliesCodecsInOrderAndUndoesThemInReverse) {
  DataConverter converter;
  converter.codecs = {std::make_shared<MarkingCodec>("a"), std::make_shared<MarkingCodec>("b")};
  std::vector<Payload> payloads = converter.ToPayloads(std::string("v"), 3);
  ASSERT_EQ(payloads.size(), 2u);
  EXPECT_EQ(payloads[0].data(), "\"v\"+a+b");
  EXPECT_EQ(converter.FromPayload<std::string>(payloads[0]), "v");
  EXPECT_EQ(converter.FromPayload<int>(payloads[1]), 3);
}

TEST(DataConverter, ZlibRoundTripThroughTheDataConverter) {
  DataConverter converter;
  converter.codecs.push_back(std::make_shared<ZlibCodec>());
  const std::vector<std::string> big(200, "repetitive text");
  Payload payload = converter.ToPayload(big);
  EXPECT_EQ(payload.metadata().at("encoding"), "binary/zlib");
  EXPECT_EQ(converter.FromPayload<std::vector<std::string>>(payload), big);
}

}  // namespace
