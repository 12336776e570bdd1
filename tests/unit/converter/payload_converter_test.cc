// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// The standard payload converter: byte-exact cross-language vectors, round
// trips for the value kinds users pass, and an error that says what and where
// for every kind of bad payload.
#include "temporal/converter/composite_payload_converter.h"

#include <gmock/gmock.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "temporal/api/common/v1/message.pb.h"
#include "temporal/common/error.h"
#include "temporal/converter/standard_encodings.h"
#include "temporal/testing/dev_server_environment.h"

namespace demo {

// A user type, converted through nlohmann/json's ADL hooks.
struct Order {
  std::string id;
  double amount = 0;
  std::vector<std::string> items;
  bool operator==(const Order&) const = default;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Order, id, amount, items)

struct Spec {
  bool spec = false;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Spec, spec)

// A type with no conversion at all.
struct Opaque {
  int secret = 0;
};

}  // namespace demo

namespace {

namespace fs = std::filesystem;
using temporal::ConversionError;
using temporal::Payload;
using temporal::converter::CompositePayloadConverter;
using temporal::converter::DefaultPayloadConverter;
using ::testing::AllOf;
using ::testing::HasSubstr;

const fs::path kFeatures = fs::path(TEMPORAL_SHARED_HISTORIES_DIR) / "features";

// Deterministic wire bytes: map fields (metadata) in key order.
std::string WireBytes(const Payload& payload) {
  std::string out;
  google::protobuf::io::StringOutputStream stream(&out);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  payload.SerializeToCodedStream(&coded);
  coded.Trim();
  return out;
}

Payload PayloadFromJsonFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  Payload payload;
  auto status = google::protobuf::util::JsonStringToMessage(text.str(), &payload);
  EXPECT_TRUE(status.ok()) << path << ": " << status;
  return payload;
}

Payload MakePayload(std::string encoding, std::string data) {
  Payload payload;
  (*payload.mutable_metadata())["encoding"] = std::move(encoding);
  payload.set_data(std::move(data));
  return payload;
}

template <typename T>
T RoundTrip(const T& value) {
  auto converter = DefaultPayloadConverter();
  return converter->FromPayload<T>(converter->ToPayload(value));
}

#define REQUIRE_FEATURE_VECTORS()                                                   \
  if (!fs::exists(kFeatures)) {                                                     \
    if (temporal::testing::IsCi()) GTEST_FAIL() << "CI needs " << kFeatures;       \
    GTEST_SKIP() << "no cross-language vectors at " << kFeatures;                  \
  }

// --- Cross-language vectors: the exact bytes every Temporal SDK produces. ---

TEST(PayloadConverterVectors, BytesAreBinaryPlainLikeEverySdk) {
  REQUIRE_FEATURE_VECTORS();
  const std::vector<std::uint8_t> bytes = {0xde, 0xad, 0xbe, 0xef};
  Payload ours = DefaultPayloadConverter()->ToPayload(bytes);
  EXPECT_EQ(WireBytes(ours),
            WireBytes(PayloadFromJsonFile(kFeatures / "data_converter_binary_payload.json")));
  // std::byte vectors are bytes too.
  const std::vector<std::byte> as_bytes = {std::byte{0xde}, std::byte{0xad}, std::byte{0xbe},
                                           std::byte{0xef}};
  EXPECT_EQ(WireBytes(DefaultPayloadConverter()->ToPayload(as_bytes)), WireBytes(ours));
}

TEST(PayloadConverterVectors, NullIsBinaryNullWithNoDataLikeEverySdk) {
  REQUIRE_FEATURE_VECTORS();
  const std::string expected =
      WireBytes(PayloadFromJsonFile(kFeatures / "data_converter_empty_payload.json"));
  EXPECT_EQ(WireBytes(DefaultPayloadConverter()->ToPayload(nullptr)), expected);
  EXPECT_EQ(WireBytes(DefaultPayloadConverter()->ToPayload(std::optional<int>())), expected);
  EXPECT_EQ(WireBytes(DefaultPayloadConverter()->ToPayload(std::monostate())), expected);
}

// features/data_converter/json: the JSON value {"spec": true}.
TEST(PayloadConverterVectors, JsonObjectIsCompactJsonPlain) {
  const Payload expected = MakePayload("json/plain", R"({"spec":true})");
  EXPECT_EQ(WireBytes(DefaultPayloadConverter()->ToPayload(demo::Spec{true})),
            WireBytes(expected));
  EXPECT_EQ(WireBytes(DefaultPayloadConverter()->ToPayload(nlohmann::json{{"spec", true}})),
            WireBytes(expected));
}

// features/data_converter/json_protobuf: a DataBlob holding DE AD BE EF.
TEST(PayloadConverterVectors, ProtobufMessageIsCompactProtoJsonWithMessageType) {
  temporal::api::common::v1::DataBlob blob;
  blob.set_data("\xde\xad\xbe\xef");
  Payload expected = MakePayload("json/protobuf", R"({"data":"3q2+7w=="})");
  (*expected.mutable_metadata())["messageType"] = "temporal.api.common.v1.DataBlob";
  EXPECT_EQ(WireBytes(DefaultPayloadConverter()->ToPayload(blob)), WireBytes(expected));
}

// features/data_converter/binary_protobuf: the same message in wire format.
TEST(PayloadConverterVectors, ProtobufMessageCanBeBinaryProtobuf) {
  temporal::api::common::v1::DataBlob blob;
  blob.set_data("\xde\xad\xbe\xef");
  Payload expected = MakePayload("binary/protobuf", std::string("\x12\x04\xde\xad\xbe\xef", 6));
  (*expected.mutable_metadata())["messageType"] = "temporal.api.common.v1.DataBlob";
  auto binary_first = CompositePayloadConverter::Standard(
      {.protobuf = temporal::converter::ProtobufEncodingChoice::kBinary});
  EXPECT_EQ(WireBytes(binary_first.ToPayload(blob)), WireBytes(expected));
}

// --- Round trips. ---

TEST(PayloadConverter, RoundTripsScalarsStringsAndContainers) {
  EXPECT_EQ(RoundTrip(std::string("héllo")), "héllo");
  EXPECT_EQ(RoundTrip(42), 42);
  EXPECT_EQ(RoundTrip(-7LL), -7LL);
  EXPECT_DOUBLE_EQ(RoundTrip(2.5), 2.5);
  EXPECT_EQ(RoundTrip(true), true);
  EXPECT_EQ(RoundTrip(std::vector<std::string>{"a", "b"}), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(RoundTrip(std::map<std::string, int>{{"x", 1}}), (std::map<std::string, int>{{"x", 1}}));
}

TEST(PayloadConverter, RoundTripsUserTypesThroughNlohmannJson) {
  demo::Order order{"o-1", 12.5, {"apple", "pear"}};
  Payload payload = DefaultPayloadConverter()->ToPayload(order);
  EXPECT_EQ(payload.metadata().at("encoding"), "json/plain");
  EXPECT_EQ(payload.data(), R"({"amount":12.5,"id":"o-1","items":["apple","pear"]})");
  EXPECT_EQ(DefaultPayloadConverter()->FromPayload<demo::Order>(payload), order);
}

TEST(PayloadConverter, RoundTripsOptionals) {
  EXPECT_EQ(RoundTrip(std::optional<std::string>("x")), std::optional<std::string>("x"));
  EXPECT_EQ(RoundTrip(std::optional<std::string>()), std::nullopt);
  // A JSON null also reads as an empty optional (other SDKs send null as JSON).
  EXPECT_EQ(DefaultPayloadConverter()->FromPayload<std::optional<int>>(
                MakePayload("json/plain", "null")),
            std::nullopt);
}

TEST(PayloadConverter, RoundTripsBytesAndProtobufInBothEncodings) {
  std::vector<std::uint8_t> bytes = {0, 1, 2, 255};
  EXPECT_EQ(RoundTrip(bytes), bytes);

  temporal::api::common::v1::WorkflowExecution execution;
  execution.set_workflow_id("wf");
  execution.set_run_id("run");
  auto decoded = RoundTrip(execution);
  EXPECT_EQ(decoded.workflow_id(), "wf");
  EXPECT_EQ(decoded.run_id(), "run");

  auto binary_first = CompositePayloadConverter::Standard(
      {.protobuf = temporal::converter::ProtobufEncodingChoice::kBinary});
  Payload binary = binary_first.ToPayload(execution);
  EXPECT_EQ(binary.metadata().at("encoding"), "binary/protobuf");
  // Either encoding decodes with the default converter.
  EXPECT_EQ(DefaultPayloadConverter()
                ->FromPayload<temporal::api::common::v1::WorkflowExecution>(binary)
                .run_id(),
            "run");
}

TEST(PayloadConverter, PassesRawPayloadsAndJsonValuesThrough) {
  Payload raw = MakePayload("custom/thing", "xyz");
  EXPECT_EQ(WireBytes(DefaultPayloadConverter()->ToPayload(raw)), WireBytes(raw));
  EXPECT_EQ(WireBytes(DefaultPayloadConverter()->FromPayload<Payload>(raw)), WireBytes(raw));

  nlohmann::json dynamic = {{"a", {1, 2}}, {"b", nullptr}};
  EXPECT_EQ(RoundTrip(dynamic), dynamic);
  EXPECT_TRUE(DefaultPayloadConverter()->FromPayload<nlohmann::json>(
                  DefaultPayloadConverter()->ToPayload(nullptr)).is_null());
}

TEST(PayloadConverter, IgnoresUnknownFieldsInProtoJson) {
  Payload payload = MakePayload("json/protobuf", R"({"workflowId":"w","addedLater":1})");
  EXPECT_EQ(DefaultPayloadConverter()
                ->FromPayload<temporal::api::common::v1::WorkflowExecution>(payload)
                .workflow_id(),
            "w");
}

// --- Bad input: each error says what and where. ---

TEST(PayloadConverterErrors, CorruptJsonNamesTheTypeAndBytePosition) {
  try {
    DefaultPayloadConverter()->FromPayload<demo::Order>(MakePayload("json/plain", R"({"id": )"));
    FAIL() << "expected ConversionError";
  } catch (const ConversionError& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("json/plain"), HasSubstr("demo::Order"),
                                HasSubstr("not valid JSON"), HasSubstr("at byte 8")));
  }
}

TEST(PayloadConverterErrors, TypeMismatchNamesEncodingAndType) {
  try {
    DefaultPayloadConverter()->FromPayload<int>(MakePayload("json/plain", R"("forty-two")"));
    FAIL() << "expected ConversionError";
  } catch (const ConversionError& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("\"json/plain\""), HasSubstr("to int"),
                                HasSubstr("must be number, but is string")));
  }
}

TEST(PayloadConverterErrors, EncodingThatCannotProduceTheTypeSaysWhatItCan) {
  EXPECT_THAT(
      [] { DefaultPayloadConverter()->FromPayload<std::string>(MakePayload("binary/plain", "x")); },
      ::testing::ThrowsMessage<ConversionError>(
          AllOf(HasSubstr("\"binary/plain\" to std::string"), HasSubstr("std::vector<std::byte>"))));
  EXPECT_THAT([] { DefaultPayloadConverter()->FromPayload<int>(MakePayload("binary/null", "")); },
              ::testing::ThrowsMessage<ConversionError>(HasSubstr("\"binary/null\" to int")));
}

TEST(PayloadConverterErrors, UnknownOrMissingEncoding) {
  EXPECT_THAT([] { DefaultPayloadConverter()->FromPayload<int>(MakePayload("x/y", "1")); },
              ::testing::ThrowsMessage<ConversionError>(
                  AllOf(HasSubstr("unknown encoding \"x/y\""), HasSubstr("json/plain"))));
  Payload bare;
  bare.set_data("1");
  EXPECT_THAT([&] { DefaultPayloadConverter()->FromPayload<int>(bare); },
              ::testing::ThrowsMessage<ConversionError>(HasSubstr("no \"encoding\" metadata")));
}

TEST(PayloadConverterErrors, ProtobufMessageTypeMismatchAndCorruptBytes) {
  Payload payload = MakePayload("json/protobuf", "{}");
  (*payload.mutable_metadata())["messageType"] = "temporal.api.common.v1.DataBlob";
  EXPECT_THAT(
      [&] {
        DefaultPayloadConverter()->FromPayload<temporal::api::common::v1::WorkflowExecution>(
            payload);
      },
      ::testing::ThrowsMessage<ConversionError>(
          AllOf(HasSubstr("temporal.api.common.v1.DataBlob"),
                HasSubstr("temporal.api.common.v1.WorkflowExecution"))));
  EXPECT_THAT(
      [] {
        DefaultPayloadConverter()->FromPayload<temporal::api::common::v1::DataBlob>(
            MakePayload("binary/protobuf", "\xff\xff\xff"));
      },
      ::testing::ThrowsMessage<ConversionError>(HasSubstr("not a valid message")));
}

TEST(PayloadConverterErrors, TypeWithoutAConversionSaysHowToAddOne) {
  EXPECT_THAT([] { DefaultPayloadConverter()->ToPayload(demo::Opaque{}); },
              ::testing::ThrowsMessage<ConversionError>(
                  AllOf(HasSubstr("no payload encoding handles demo::Opaque"),
                        HasSubstr("to_json"), HasSubstr("EncodingConverter"))));
}

TEST(PayloadConverterErrors, InvalidUtf8StringIsAConversionError) {
  EXPECT_THAT([] { DefaultPayloadConverter()->ToPayload(std::string("\xff\xfe")); },
              ::testing::ThrowsMessage<ConversionError>(
                  AllOf(HasSubstr("std::string"), HasSubstr("json/plain"), HasSubstr("UTF-8"))));
}

// --- Extension: a user's own encoding. ---

class OpaqueEncoding : public temporal::converter::EncodingConverter {
 public:
  std::string_view encoding() const override { return "binary/opaque"; }
  std::optional<Payload> ToPayload(const temporal::ValueView& value) const override {
    const auto* opaque = value.As<demo::Opaque>();
    if (opaque == nullptr) return std::nullopt;
    return MakePayload("binary/opaque", std::to_string(opaque->secret));
  }
  void FromPayload(const Payload& payload, const temporal::ValueTarget& target) const override {
    auto* opaque = target.As<demo::Opaque>();
    if (opaque == nullptr) throw ConversionError("binary/opaque only decodes demo::Opaque");
    opaque->secret = std::stoi(payload.data());
  }
};

TEST(PayloadConverter, UsersAddEncodingsThatRunFirst) {
  auto converter = CompositePayloadConverter::Standard().WithFirst(std::make_shared<OpaqueEncoding>());
  Payload payload = converter.ToPayload(demo::Opaque{7});
  EXPECT_EQ(payload.metadata().at("encoding"), "binary/opaque");
  EXPECT_EQ(converter.FromPayload<demo::Opaque>(payload).secret, 7);
  // Everything else still takes the standard path.
  EXPECT_EQ(converter.ToPayload(1).metadata().at("encoding"), "json/plain");
  // And an exception other than ConversionError from a user's encoding is wrapped.
  EXPECT_THAT([&] { converter.FromPayload<demo::Opaque>(MakePayload("binary/opaque", "zz")); },
              ::testing::ThrowsMessage<ConversionError>(
                  AllOf(HasSubstr("\"binary/opaque\" to demo::Opaque"), HasSubstr("stoi"))));
}

}  // namespace
