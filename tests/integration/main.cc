// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// The main() of every integration test binary: one fresh Temporal dev server
// for the whole binary (see temporal/testing/dev_server_environment.h).
#include <gtest/gtest.h>

#include "temporal/testing/dev_server_environment.h"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  temporal::testing::DevServerEnvironment::Install();
  return RUN_ALL_TESTS();
}
