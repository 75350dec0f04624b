#!/usr/bin/env bash
# Builds pulumi-language-yaml, the engine's language host for `runtime: yaml` programs, into .tools/bin
# from the Go module github.com/pulumi/pulumi-yaml at the version in .pulumi-yaml.version, on the same
# pkg/sdk version as the CLI (.pulumi.version), so both share Go's build cache. Skipped when the binary
# was built from the same versions and patch. See tools/pulumi-language-yaml/README.md.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pulumi_version=${PULUMI_VERSION:-$(tr -d '[:space:]' <"$root/.pulumi.version")}
yaml_version=$(tr -d '[:space:]' <"$root/.pulumi-yaml.version")
bin="$root/.tools/bin"
out="$bin/pulumi-language-yaml"
mod="$root/.tools/build/pulumi-yaml-$yaml_version"
stamp_file="$root/.tools/build/pulumi-language-yaml.stamp"
# An adaptation of that release to our engine version, when it needs one (applied to a copy of the module).
patch_file="$root/tools/pulumi-language-yaml/$yaml_version.patch"

log() { printf '[pulumi-yaml] %s\n' "$*" >&2; }

patch_sum=none
[[ -f "$patch_file" ]] && patch_sum=$(cksum <"$patch_file")
stamp="pulumi-yaml $yaml_version, pulumi $pulumi_version, patch $patch_sum"
if [[ -x "$out" && "$(cat "$stamp_file" 2>/dev/null)" == "$stamp" ]]; then
  log "pulumi-language-yaml $yaml_version up to date"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  log "Go not found: pulumi-language-yaml not built (YAML programs need it; install Go 1.25+)"
  exit 0
fi

start=$SECONDS
export GOFLAGS="-mod=mod -buildvcs=false"
rm -rf "$mod"
mkdir -p "$mod" "$bin"
cd "$mod"
# The module's source, from the module cache (downloaded through the module proxy when missing).
src=$(go mod download -json "github.com/pulumi/pulumi-yaml@$yaml_version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
[[ -d "$src" ]] || { log "could not download github.com/pulumi/pulumi-yaml@$yaml_version"; exit 1; }
cp -R "$src" pulumi-yaml
chmod -R u+w pulumi-yaml
if [[ -f "$patch_file" ]]; then
  command -v patch >/dev/null 2>&1 || { log "the patch command is required (apt-get install patch)"; exit 2; }
  (cd pulumi-yaml && patch -p1 --quiet --no-backup-if-mismatch <"$patch_file")
fi

# A throwaway module that pins the engine libraries to our version and builds the host command.
cat >go.mod <<EOF
module pulumi-yaml-build

go 1.25

require (
	github.com/pulumi/pulumi-yaml $yaml_version
	github.com/pulumi/pulumi/pkg/v3 $pulumi_version
	github.com/pulumi/pulumi/sdk/v3 $pulumi_version
)

replace github.com/pulumi/pulumi-yaml => ./pulumi-yaml

// Carried over from pkg/v3's own go.mod: replace directives of dependencies do not apply to us.
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
EOF
cat >tools.go <<'EOF'
//go:build tools

package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
EOF
go mod tidy
go build -o "$out.new" \
  -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=${yaml_version#v}" \
  github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
mv -f "$out.new" "$out"
echo "$stamp" >"$stamp_file"
log "pulumi-language-yaml $yaml_version built in $((SECONDS - start))s"
