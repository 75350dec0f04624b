#!/usr/bin/env bash
# Fails when the committed SDKs (sdk/python, sdk/go, sdk/dotnet) are not what tools/gen-sdk writes from
# the current schema.json: regenerates into a temporary directory, lists the files that differ and exits 1.
# Fix with `make gen-sdks` and commit the result.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

bash "$root/scripts/gen-sdks.sh" "$tmp" >/dev/null
stale=0
for lang in python go dotnet; do
  if ! diff -rq "$tmp/$lang" "$root/sdk/$lang" >"$tmp/$lang.diff" 2>&1; then
    stale=1
    sed -e "s#$tmp/#(generated) #g" -e "s#$root/##g" "$tmp/$lang.diff"
  fi
done
if [[ $stale -ne 0 ]]; then
  echo "The SDKs are stale: run 'make gen-sdks' and commit sdk/python, sdk/go and sdk/dotnet." >&2
  exit 1
fi
echo "sdk/python, sdk/go and sdk/dotnet match schema.json"
