// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// MockConnection: a GoogleMock Connection, to test code that uses the SDK
// without a server. Every WorkflowService RPC of Connection is mocked. Link
// the CMake target temporal::mocks.
//
//   auto mock = std::make_shared<temporal::mocks::MockConnection>();
//   temporal::api::workflowservice::v1::StartWorkflowExecutionResponse started;
//   started.set_run_id("run-1");
//   EXPECT_CALL(*mock, StartWorkflowExecution)
//       .WillOnce(::testing::Return(started))
//       .WillOnce(::testing::Throw(temporal::WorkflowAlreadyStartedError(
//           "StartWorkflowExecution", grpc::StatusCode::ALREADY_EXISTS, "already started")));
//   std::shared_ptr<temporal::Connection> connection = mock;   // hand it to the code under test
//
// Call through a Connection reference or pointer: the mocked methods have no
// default argument for CallOptions. options() and system_info() are not
// mocked; they return defaults (ConnectionOptions{}, an empty GetSystemInfoResponse).
#ifndef TEMPORAL_CLIENT_MOCKS_MOCK_CONNECTION_H_
#define TEMPORAL_CLIENT_MOCKS_MOCK_CONNECTION_H_

#include <gmock/gmock.h>

#include "temporal/client/connection.h"

namespace temporal::mocks {

class MockConnection : public temporal::Connection {
 public:
#define TEMPORAL_MOCK_CONNECTION_RPC(Name, kind)                                         \
  MOCK_METHOD(::temporal::api::workflowservice::v1::Name##Response, Name,              \
              (const ::temporal::api::workflowservice::v1::Name##Request& request,     \
               const ::temporal::CallOptions& call_options),                            \
              (override));
  TEMPORAL_WORKFLOW_SERVICE_RPCS(TEMPORAL_MOCK_CONNECTION_RPC)
#undef TEMPORAL_MOCK_CONNECTION_RPC
};

}  // namespace temporal::mocks

#endif  // TEMPORAL_CLIENT_MOCKS_MOCK_CONNECTION_H_
