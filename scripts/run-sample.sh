#!/usr/bin/env bash
# README command 1: set everything up, start a Temporal dev server, and run the
# main sample against it end to end.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$TEMPORAL_ROOT/scripts/install-deps.sh"
"$TEMPORAL_ROOT/scripts/build-dev-server.sh"
"$TEMPORAL_ROOT/scripts/build.sh" server_info temporal-dev-server-run

build_dir="${TEMPORAL_BUILD_DIR:-$TEMPORAL_ROOT/build}"
log "running samples/server_info beside a fresh dev server"
exec "$build_dir/testing/temporal-dev-server-run" --cli "$TEMPORAL_ROOT/.tools/bin/temporal" \
  -- "$build_dir/samples/server_info/server_info"
