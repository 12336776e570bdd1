# The pinned source of the Temporal API protos. Read by
# cmake/TemporalApiProtos.cmake; change all four values together.
#
# The npm package @temporalio/core-bridge carries the temporalio/api protos
# (sdk-core/crates/protos/protos/api_upstream) and the test-service protos
# (.../testsrv_upstream) that Temporal's own Rust-core SDKs compile against,
# so the API we build is one that Temporal ships and tests.
set(TEMPORAL_API_PACKAGE "@temporalio/core-bridge")
set(TEMPORAL_API_PACKAGE_VERSION "1.24.0")
set(TEMPORAL_API_PACKAGE_URL
    "https://registry.npmjs.org/@temporalio/core-bridge/-/core-bridge-1.24.0.tgz")
set(TEMPORAL_API_PACKAGE_SHA256
    "5f58de2e98bdc4711be3cbb06cc08bc39cb274cbbac41d02f0352bfe1630a8f7")
