#!/usr/bin/env bash
# Configures and builds the project with CMake + Ninja.
#   scripts/build.sh [TARGET...]      builds everything, or just TARGETs
# Environment:
#   TEMPORAL_BUILD_DIR   build folder (default: build)
#   CMAKE_BUILD_TYPE     Debug (default), Release, RelWithDebInfo
#   CXX                  compiler, e.g. clang++-19
#   TEMPORAL_CMAKE_ARGS  extra arguments for the configure step
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build_dir="${TEMPORAL_BUILD_DIR:-$TEMPORAL_ROOT/build}"
# ccache: paths under the project root are hashed relative to it, so a fresh
# clone elsewhere (as CI makes) still hits the cache of earlier builds.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$TEMPORAL_ROOT}"
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-true}"
args=(-S "$TEMPORAL_ROOT" -B "$build_dir" -G Ninja
      "-DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE:-Debug}")
[[ -n "${CXX:-}" ]] && args+=("-DCMAKE_CXX_COMPILER=$CXX")
# shellcheck disable=SC2206
[[ -n "${TEMPORAL_CMAKE_ARGS:-}" ]] && args+=(${TEMPORAL_CMAKE_ARGS})

log "configure: $build_dir"
cmake "${args[@]}" >/dev/null
targets=()
for t in "$@"; do targets+=(--target "$t"); done
log "build ${*:-all}"
cmake --build "$build_dir" "${targets[@]}"
