// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// How Connection::Connect assembles a connection, with its time and
// randomness injectable for tests. The stack, bottom up (each layer a
// decorator of the one below; see docs/adr/0005-...):
//   GrpcStub -> MetadataStub -> RetryStub -> StubConnection -> InterceptedConnection
//
//   ConnectionDependencies fakes{.clock = fake_clock, .sleeper = fake_sleeper};
//   auto connection = ConnectWith(options, fakes);
#ifndef TEMPORAL_CLIENT_INTERNAL_CONNECTION_FACTORY_H_
#define TEMPORAL_CLIENT_INTERNAL_CONNECTION_FACTORY_H_

#include <memory>

#include "temporal/api/workflowservice/v1/service.grpc.pb.h"
#include "temporal/client/connection.h"
#include "temporal/client/internal/retry_loop.h"

namespace temporal::client_internal {

// ConnectionDependencies: what the retry loop waits with.
struct ConnectionDependencies {
  std::shared_ptr<Clock> clock = SteadyClock();
  std::shared_ptr<Sleeper> sleeper = ThreadSleeper();
  RandomSource random = ThreadLocalRandom();
};

// ConnectWith: Connection::Connect with the given dependencies.
std::shared_ptr<Connection> ConnectWith(ConnectionOptions options,
                                        ConnectionDependencies dependencies);

}  // namespace temporal::client_internal

#endif  // TEMPORAL_CLIENT_INTERNAL_CONNECTION_FACTORY_H_
