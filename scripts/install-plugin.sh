#!/usr/bin/env bash
# `make plugin`: puts the provider plugin of this checkout (sdk/nodejs/bin/pulumi-resource-proton, built
# by `make build`) where the engine finds it:
#   .tools/bin/pulumi-resource-proton   on PATH for make test and make demo (and for anyone who adds .tools/bin)
#   the plugin cache of $PULUMI_HOME    (default ~/.pulumi) as resource plugin proton <schema version>: a
#                                       two-line wrapper that runs this checkout's plugin by absolute path,
#                                       since the cache keeps a copy of one file
# A program can also name it in its Pulumi.yaml, as the examples do:
#   plugins: { providers: [{ name: proton, path: <checkout>/sdk/nodejs/bin }] }
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=$(node -p "require('$root/schema.json').version")
plugin="$root/sdk/nodejs/bin/pulumi-resource-proton"
log() { printf '[plugin] %s\n' "$*" >&2; }

[[ -f "$root/sdk/nodejs/dist/plugin-server.js" ]] || { log "not built: run make build"; exit 1; }
mkdir -p "$root/.tools/bin" "$root/.tools/plugin"
for name in pulumi-resource-proton pulumi-aws-proton; do
  ln -sfn "../../sdk/nodejs/bin/$name" "$root/.tools/bin/$name"
done
log ".tools/bin/pulumi-resource-proton -> sdk/nodejs/bin/pulumi-resource-proton"

wrapper="$root/.tools/plugin/pulumi-resource-proton"
printf '#!/bin/sh\nexec node %q "$@"\n' "$plugin" >"$wrapper"
chmod +x "$wrapper"
"$root/.tools/bin/pulumi" plugin install resource proton "$version" --file "$wrapper" --reinstall >&2
log "resource plugin proton $version installed in ${PULUMI_HOME:-$HOME/.pulumi}/plugins"
