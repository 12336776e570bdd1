# Finds the SDK's dependencies. All of them come from Debian packages
# (see scripts/install-deps.sh); nothing is downloaded here except the
# Temporal API protos (cmake/TemporalApiProtos.cmake).
find_package(Threads REQUIRED)
find_package(Protobuf REQUIRED)
find_package(gRPC CONFIG REQUIRED)
find_package(absl CONFIG REQUIRED)
find_package(nlohmann_json 3.10 CONFIG REQUIRED)
find_package(ZLIB REQUIRED)

find_program(TEMPORAL_GRPC_CPP_PLUGIN grpc_cpp_plugin REQUIRED)

# temporal::testing (always built) offers GoogleTest fixtures and mocks.
find_package(GTest REQUIRED)

if(TEMPORAL_BUILD_TESTS)
  find_package(benchmark REQUIRED)   # tests/benchmarks
endif()
