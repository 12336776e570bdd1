#!/usr/bin/env bash
# README command 1: set everything up, start a Temporal dev server, and run the
# main sample (samples/hello) against it end to end: the worker starts, the
# client runs HelloWorkflow and prints its result ("Hello, World!"), and the
# worker shuts down gracefully.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$TEMPORAL_ROOT/scripts/install-deps.sh"
"$TEMPORAL_ROOT/scripts/build-dev-server.sh"
"$TEMPORAL_ROOT/scripts/build.sh" hello temporal-dev-server-run

build_dir="${TEMPORAL_BUILD_DIR:-$TEMPORAL_ROOT/build}"
log "running samples/hello (worker and client) beside a fresh dev server"
exec "$build_dir/testing/temporal-dev-server-run" --cli "$TEMPORAL_ROOT/.tools/bin/temporal" \
  -- "$TEMPORAL_ROOT/samples/hello/run_end_to_end.sh" "$build_dir/samples/hello/hello"
