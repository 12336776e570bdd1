#!/usr/bin/env bash
# Builds the Temporal CLI (whose `server start-dev` is the real Temporal
# server our integration tests use) into .tools/bin/temporal, once.
#
# It is built from source through the Go module proxy, pinned to v1.5.1 (later
# tags carry a `replace` directive that `go install` refuses). The result is
# cached in ~/.cache/temporal-cpp-sdk, so a fresh clone on the same machine only
# copies it. When `go` is missing or older than 1.25, a pinned Go toolchain is
# fetched from the same module proxy (golang.org/toolchain).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CLI_VERSION="v1.5.1"
GO_TOOLCHAIN_VERSION="1.25.5"   # used only when the machine's Go is unusable
TOOLS_BIN="$TEMPORAL_ROOT/.tools/bin"
TARGET="$TOOLS_BIN/temporal"
STAMP="$TOOLS_BIN/.temporal-cli-version"
CACHED_DIR="$TEMPORAL_CACHE_DIR/temporal-cli-$CLI_VERSION"

if [[ -x "$TARGET" && "$(cat "$STAMP" 2>/dev/null)" == "$CLI_VERSION" ]]; then
  log "Temporal CLI $CLI_VERSION: $TARGET"
  exit 0
fi
mkdir -p "$TOOLS_BIN"

go_is_usable() {
  local go_bin=$1 version
  version=$("$go_bin" env GOVERSION 2>/dev/null) || return 1   # e.g. go1.26.8
  version=${version#go}
  local major=${version%%.*} rest=${version#*.}
  local minor=${rest%%.*}
  [[ "$major" -gt 1 || ( "$major" -eq 1 && "${minor%%[!0-9]*}" -ge 25 ) ]]
}

# Prints the path of a usable `go`, fetching a toolchain when needed.
find_go() {
  if command -v go >/dev/null 2>&1 && go_is_usable "$(command -v go)"; then
    command -v go
    return
  fi
  local dir="$TEMPORAL_CACHE_DIR/go$GO_TOOLCHAIN_VERSION"
  if [[ ! -x "$dir/bin/go" ]]; then
    local proxy="${GOPROXY:-https://proxy.golang.org}"
    proxy="${proxy%%,*}"
    [[ "$proxy" == "direct" || "$proxy" == "off" ]] && proxy="https://proxy.golang.org"
    local arch
    case "$(uname -m)" in
      x86_64) arch=amd64 ;; aarch64|arm64) arch=arm64 ;; *) die "no Go toolchain for $(uname -m)" ;;
    esac
    local url="$proxy/golang.org/toolchain/@v/v0.0.1-go$GO_TOOLCHAIN_VERSION.linux-$arch.zip"
    log "no usable Go (need >= 1.25, which the CLI requires); fetching go$GO_TOOLCHAIN_VERSION from $url"
    local tmp
    tmp=$(mktemp -d)
    curl -fsSL --retry 3 -o "$tmp/go.zip" "$url" || die "could not download the Go toolchain from $url"
    unzip -q "$tmp/go.zip" -d "$tmp/unpacked"
    rm -rf "$dir" && mkdir -p "$(dirname "$dir")"
    mv "$tmp/unpacked/golang.org/toolchain@v0.0.1-go$GO_TOOLCHAIN_VERSION.linux-$arch" "$dir"
    chmod +x "$dir"/bin/* "$dir"/pkg/tool/*/* 2>/dev/null || true
    rm -rf "$tmp"
  fi
  echo "$dir/bin/go"
}

if [[ ! -x "$CACHED_DIR/temporal" ]]; then
  GO=$(find_go)
  log "building Temporal CLI $CLI_VERSION with $("$GO" env GOVERSION) (a few minutes the first time)"
  mkdir -p "$CACHED_DIR"
  # GOTOOLCHAIN=local: build with this Go, never switch toolchains behind our back.
  GOBIN="$CACHED_DIR" GOTOOLCHAIN=local GOFLAGS=-mod=mod \
    "$GO" install "github.com/temporalio/cli/cmd/temporal@$CLI_VERSION" \
    || die "could not build github.com/temporalio/cli/cmd/temporal@$CLI_VERSION"
fi
cp -f "$CACHED_DIR/temporal" "$TARGET.partial"
mv -f "$TARGET.partial" "$TARGET"
echo "$CLI_VERSION" > "$STAMP"
log "Temporal CLI $CLI_VERSION: $TARGET"
