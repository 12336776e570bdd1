#!/usr/bin/env bash
# Runs the hello sample end to end against the Temporal server at
# $TEMPORAL_ADDRESS (temporal-dev-server-run sets it): starts `hello worker`,
# runs `hello client`, which prints the workflow's result, then stops the
# worker with SIGTERM (a graceful shutdown) and checks that it stopped cleanly.
#
#   run_end_to_end.sh path/to/hello [NAME]
set -uo pipefail

hello=${1:?usage: run_end_to_end.sh path/to/hello [NAME]}
name=${2:-World}
task_queue="hello-$$-$RANDOM"
worker_log=$(mktemp)

"$hello" worker --task-queue "$task_queue" >"$worker_log" 2>&1 &
worker_pid=$!
stop_worker() {
  if kill -0 "$worker_pid" 2>/dev/null; then
    kill -TERM "$worker_pid"
    wait "$worker_pid"
    return $?
  fi
  wait "$worker_pid"
}

"$hello" client --task-queue "$task_queue" --name "$name"
client_status=$?
stop_worker
worker_status=$?

if [[ $client_status -ne 0 || $worker_status -ne 0 ]]; then
  echo "hello: client exited with $client_status, worker with $worker_status; worker log:" >&2
  sed 's/^/  worker| /' "$worker_log" >&2
  rm -f "$worker_log"
  exit 1
fi
rm -f "$worker_log"
