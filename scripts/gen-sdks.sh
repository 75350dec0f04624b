#!/usr/bin/env bash
# Writes the Python, Go and .NET SDKs (sdk/python, sdk/go, sdk/dotnet) from schema.json with tools/gen-sdk.
#   scripts/gen-sdks.sh [OUT_DIR]   (default: sdk; scripts/check-sdks.sh passes a temporary directory)
# gen-sdk is built into .tools/bin first, only when one of its sources is newer than the binary.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-"$root/sdk"}
version=${PULUMI_VERSION:-$(tr -d '[:space:]' <"$root/.pulumi.version")}
bin="$root/.tools/bin/gen-sdk"

log() { printf '[gen-sdk] %s\n' "$*" >&2; }

command -v go >/dev/null 2>&1 || { log "Go 1.25+ is required to build tools/gen-sdk"; exit 2; }
# gen-sdk is its own module (tools/gen-sdk/go.mod) and uses the shared packages of tools/internal.
if [[ ! -x "$bin" || -n "$(find "$root/tools/gen-sdk" "$root/tools/internal" "$root/tools/go.mod" -type f -newer "$bin" | head -n1)" ]]; then
  start=$SECONDS
  mkdir -p "$(dirname "$bin")"
  (
    cd "$root/tools/gen-sdk"
    GOFLAGS="-mod=mod -buildvcs=false" go build -ldflags "-s -w -X main.pulumiGoSDK=$version" -o "$bin.new" .
  )
  mv -f "$bin.new" "$bin"
  log "gen-sdk built in $((SECONDS - start))s"
fi

"$bin" -schema "$root/schema.json" -out "$out" -languages python,go,dotnet
