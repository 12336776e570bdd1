// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// GrpcStub: the bottom of the stub stack. It makes one attempt of a call on
// the generated WorkflowService stub: a fresh grpc::ClientContext with the
// attempt's deadline and headers.
//
//   auto bottom = std::make_shared<GrpcStub>(WorkflowService::NewStub(channel), 10s);
#ifndef TEMPORAL_CLIENT_INTERNAL_GRPC_STUB_H_
#define TEMPORAL_CLIENT_INTERNAL_GRPC_STUB_H_

#include <memory>

#include "temporal/api/workflowservice/v1/service.grpc.pb.h"
#include "temporal/client/internal/stub.h"
#include "temporal/common/duration.h"

namespace temporal::client_internal {

class GrpcStub final : public Stub {
 public:
  // `rpc_timeout`: the deadline of an attempt whose CallOptions set none
  // (long polls: kLongPollTimeout).
  GrpcStub(std::shared_ptr<temporal::api::workflowservice::v1::WorkflowService::StubInterface> stub,
           Duration rpc_timeout);

  grpc::Status Call(UnaryCall& call) override;

 private:
  std::shared_ptr<temporal::api::workflowservice::v1::WorkflowService::StubInterface> stub_;
  Duration rpc_timeout_;
};

}  // namespace temporal::client_internal

#endif  // TEMPORAL_CLIENT_INTERNAL_GRPC_STUB_H_
