# Shared helpers for the project's scripts. Source it; do not run it.
set -euo pipefail

TEMPORAL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TEMPORAL_CACHE_DIR="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/temporal-cpp-sdk"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
is_ci() { [[ "${CI:-}" == "true" || "${CI:-}" == "1" ]]; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then "$@";
  elif command -v sudo >/dev/null 2>&1; then sudo "$@";
  else die "need root to run: $* (no sudo found)"; fi
}
