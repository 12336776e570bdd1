#!/usr/bin/env bash
# README command 2: set everything up and run the whole test suite.
#   scripts/test.sh [CTEST ARGS...]     e.g. scripts/test.sh -L unit
# Under CI=true the dev server is required: failing to build or start it fails
# the run. Elsewhere its tests are reported as skipped, with the reason.
# Under CI=true (or TEMPORAL_SANITIZE=1) the unit tests also run under
# AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$TEMPORAL_ROOT/scripts/install-deps.sh"
if ! "$TEMPORAL_ROOT/scripts/build-dev-server.sh"; then
  is_ci && die "CI requires the Temporal dev server, and it could not be built (see above)"
  log "WARNING: no Temporal dev server; integration tests will be skipped"
fi
"$TEMPORAL_ROOT/scripts/build.sh"

build_dir="${TEMPORAL_BUILD_DIR:-$TEMPORAL_ROOT/build}"
jobs="$(nproc 2>/dev/null || echo 2)"
log "ctest"
ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" "$@"

# The unit tests again under AddressSanitizer + UndefinedBehaviorSanitizer,
# in their own build tree: always under CI, elsewhere with TEMPORAL_SANITIZE=1.
if is_ci || [[ "${TEMPORAL_SANITIZE:-0}" == "1" ]]; then
  sanitize="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
  # CMake takes CXXFLAGS / LDFLAGS from the environment when it first
  # configures a build tree.
  TEMPORAL_BUILD_DIR="$TEMPORAL_ROOT/build-asan" CXXFLAGS="$sanitize" LDFLAGS="$sanitize" \
  TEMPORAL_CMAKE_ARGS="-DTEMPORAL_BUILD_SAMPLES=OFF" \
    "$TEMPORAL_ROOT/scripts/build.sh"
  log "ctest (unit tests, AddressSanitizer + UndefinedBehaviorSanitizer)"
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1" \
  LSAN_OPTIONS="suppressions=$TEMPORAL_ROOT/tests/sanitizers/lsan.supp:print_suppressions=0" \
  UBSAN_OPTIONS="print_stacktrace=1" \
    ctest --test-dir "$TEMPORAL_ROOT/build-asan" --output-on-failure -j "$jobs" -L unit
fi
