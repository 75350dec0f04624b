#!/usr/bin/env bash
# Builds the generated SDKs with their own toolchains, where this machine has them:
#   Go      go build + go vet of sdk/go (a copy; it needs github.com/pulumi/pulumi/sdk/v3 from the module proxy)
#   Python  installs sdk/python with pulumi==<.pulumi.version> into .tools/venv/sdk-python, imports it,
#           byte-compiles it
#   .NET    dotnet build of sdk/dotnet, or a note that dotnet is not installed
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=$(tr -d '[:space:]' <"$root/.pulumi.version")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
log() { printf '[verify-sdks] %s\n' "$*" >&2; }

# Go: in a copy, so that the go.sum `go build` writes stays out of the generated tree.
cp -R "$root/sdk/go" "$tmp/go"
(cd "$tmp/go" && GOFLAGS="-mod=mod -buildvcs=false" go build ./... && GOFLAGS="-mod=mod" go vet ./...)
log "Go: sdk/go builds and vets"

# Python: one virtualenv for this check, kept between runs; pip skips what is already installed.
venv="$root/.tools/venv/sdk-python"
[[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
# From a copy too (setuptools writes build/ and *.egg-info beside the sources). The SDK with its
# dependencies, the runtime pinned to the engine's version; then the SDK itself again, since pip keeps
# an installed copy of the same version even when the tree changed.
cp -R "$root/sdk/python" "$tmp/python"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "pulumi==${version#v}" "$tmp/python"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall "$tmp/python"
"$venv/bin/python" - <<'PY'
import inspect

import pulumi
import pulumi_aws_proton as proton

resources = sorted(n for n, o in vars(proton).items() if inspect.isclass(o) and issubclass(o, pulumi.CustomResource))
assert "Environment" in resources, resources
print("[verify-sdks] Python: pulumi_aws_proton imports; resources:", ", ".join(resources))
PY
"$venv/bin/python" -m compileall -q "$tmp/python/pulumi_aws_proton" >/dev/null
log "Python: sdk/python installs, imports and compiles"

if command -v dotnet >/dev/null 2>&1; then
  cp -R "$root/sdk/dotnet" "$tmp/dotnet"
  (cd "$tmp/dotnet" && dotnet build --nologo -v quiet)
  log ".NET: sdk/dotnet builds"
else
  log ".NET: not verified, dotnet is not installed on this machine"
fi
