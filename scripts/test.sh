#!/usr/bin/env bash
# README command 2: set everything up and run the whole test suite.
#   scripts/test.sh [CTEST ARGS...]     e.g. scripts/test.sh -L unit
# Under CI=true the dev server is required: failing to build or start it fails
# the run. Elsewhere its tests are reported as skipped, with the reason.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$TEMPORAL_ROOT/scripts/install-deps.sh"
if ! "$TEMPORAL_ROOT/scripts/build-dev-server.sh"; then
  is_ci && die "CI requires the Temporal dev server, and it could not be built (see above)"
  log "WARNING: no Temporal dev server; integration tests will be skipped"
fi
"$TEMPORAL_ROOT/scripts/build.sh"

build_dir="${TEMPORAL_BUILD_DIR:-$TEMPORAL_ROOT/build}"
log "ctest"
ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" "$@"
