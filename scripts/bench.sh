#!/usr/bin/env bash
# Builds the benchmarks in Release (build-release/) and runs them.
#   scripts/bench.sh [BENCHMARK ARGS...]   e.g. scripts/bench.sh --benchmark_filter=Struct
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$TEMPORAL_ROOT/scripts/install-deps.sh"
# The worker benchmark runs against the dev server; without it, it reports an error.
"$TEMPORAL_ROOT/scripts/build-dev-server.sh" || log "no dev server: the worker benchmark will say so"
export TEMPORAL_CLI_PATH="${TEMPORAL_CLI_PATH:-$TEMPORAL_ROOT/.tools/bin/temporal}"
export TEMPORAL_BUILD_DIR="${TEMPORAL_BENCH_BUILD_DIR:-$TEMPORAL_ROOT/build-release}"
CMAKE_BUILD_TYPE=Release "$TEMPORAL_ROOT/scripts/build.sh" converter_benchmark replay_benchmark worker_benchmark
for bench in "$TEMPORAL_BUILD_DIR"/tests/benchmarks/*_benchmark; do
  log "$(basename "$bench")"
  "$bench" "$@"
done
