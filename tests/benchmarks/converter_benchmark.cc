// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Payload conversion throughput: what every argument, result, signal and
// failure pays on its way to and from the server. Run in a Release build
// with scripts/bench.sh; CTest runs it briefly (smoke) so it never rots.
#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "temporal/api/common/v1/message.pb.h"
#include "temporal/converter/data_converter.h"
#include "temporal/converter/zlib_codec.h"

namespace bench {

struct Order {
  std::string id;
  double amount = 0;
  std::vector<std::string> items;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Order, id, amount, items)

Order MakeOrder() {
  Order order{"order-42", 99.5, {}};
  for (int i = 0; i < 10; ++i) order.items.push_back("sku-" + std::to_string(i));
  return order;
}

const temporal::PayloadConverter& Converter() {
  return *temporal::converter::DefaultPayloadConverter();
}

void BM_ToPayload_String(benchmark::State& state) {
  const std::string value = "Hello, World!";
  for (auto _ : state) benchmark::DoNotOptimize(Converter().ToPayload(value));
}
BENCHMARK(BM_ToPayload_String);

void BM_FromPayload_String(benchmark::State& state) {
  const auto payload = Converter().ToPayload(std::string("Hello, World!"));
  for (auto _ : state) benchmark::DoNotOptimize(Converter().FromPayload<std::string>(payload));
}
BENCHMARK(BM_FromPayload_String);

void BM_ToPayload_Struct(benchmark::State& state) {
  const Order order = MakeOrder();
  for (auto _ : state) benchmark::DoNotOptimize(Converter().ToPayload(order));
}
BENCHMARK(BM_ToPayload_Struct);

void BM_FromPayload_Struct(benchmark::State& state) {
  const auto payload = Converter().ToPayload(MakeOrder());
  for (auto _ : state) benchmark::DoNotOptimize(Converter().FromPayload<Order>(payload));
}
BENCHMARK(BM_FromPayload_Struct);

void BM_ToPayload_Bytes(benchmark::State& state) {
  const std::vector<std::uint8_t> bytes(static_cast<size_t>(state.range(0)), 0x5a);
  for (auto _ : state) benchmark::DoNotOptimize(Converter().ToPayload(bytes));
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ToPayload_Bytes)->Arg(1 << 10)->Arg(1 << 20);

temporal::api::common::v1::WorkflowExecution MakeExecution() {
  temporal::api::common::v1::WorkflowExecution execution;
  execution.set_workflow_id("order-42");
  execution.set_run_id("0b5e2c4a-7f1d-4e8b-9a3c-2d6f1e0a9b7c");
  return execution;
}

void BM_ProtobufJson_RoundTrip(benchmark::State& state) {
  const auto execution = MakeExecution();
  for (auto _ : state) {
    auto payload = Converter().ToPayload(execution);
    benchmark::DoNotOptimize(
        Converter().FromPayload<temporal::api::common::v1::WorkflowExecution>(payload));
  }
}
BENCHMARK(BM_ProtobufJson_RoundTrip);

void BM_ProtobufBinary_RoundTrip(benchmark::State& state) {
  static const auto binary = temporal::converter::CompositePayloadConverter::Standard(
      {.protobuf = temporal::converter::ProtobufEncodingChoice::kBinary});
  const auto execution = MakeExecution();
  for (auto _ : state) {
    auto payload = binary.ToPayload(execution);
    benchmark::DoNotOptimize(
        binary.FromPayload<temporal::api::common::v1::WorkflowExecution>(payload));
  }
}
BENCHMARK(BM_ProtobufBinary_RoundTrip);

void BM_Zlib_RoundTrip_10KiB(benchmark::State& state) {
  temporal::converter::DataConverter converter;
  converter.codecs.push_back(std::make_shared<temporal::converter::ZlibCodec>());
  std::vector<std::string> lines;
  for (int i = 0; i < 300; ++i) lines.push_back("line " + std::to_string(i) + " of some log text");
  for (auto _ : state) {
    auto payload = converter.ToPayload(lines);
    benchmark::DoNotOptimize(converter.FromPayload<std::vector<std::string>>(payload));
  }
}
BENCHMARK(BM_Zlib_RoundTrip_10KiB);

void BM_Failure_RoundTrip(benchmark::State& state) {
  temporal::converter::DataConverter converter;
  temporal::ActivityError error(
      "activity failed", {.activity_type = "Charge", .activity_id = "1"},
      std::make_shared<temporal::ApplicationError>(
          "card declined", "PaymentDeclined",
          temporal::ApplicationErrorOptions{.details = temporal::Values::Of(std::string("x"))}));
  for (auto _ : state) {
    auto failure = converter.ToFailure(error);
    benchmark::DoNotOptimize(converter.FromFailure(std::move(failure)));
  }
}
BENCHMARK(BM_Failure_RoundTrip);

}  // namespace bench

BENCHMARK_MAIN();
