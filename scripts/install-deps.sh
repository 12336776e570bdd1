#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the SDK builds with, when missing.
# Idempotent: does nothing (and needs no network) when all are present.
#   scripts/install-deps.sh             the build and test dependencies
#   scripts/install-deps.sh --clang     also clang-19, to build with clang++-19
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

packages=(
  cmake ninja-build g++ ccache pkg-config
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev nlohmann-json3-dev libgtest-dev libgmock-dev libbenchmark-dev
  zlib1g-dev libssl-dev curl ca-certificates unzip
)
[[ "${1:-}" == "--clang" ]] && packages+=(clang-19)

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  die "this is not a Debian/Ubuntu system; install these packages (or their equivalents) by hand:
  ${packages[*]}
(gRPC >= 1.51, Protobuf >= 3.21, Abseil, GoogleTest/GoogleMock, nlohmann/json >= 3.10, CMake >= 3.25)"
fi

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  log "build dependencies: all installed"
  exit 0
fi
log "installing: ${missing[*]}"
as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
