#!/usr/bin/env bash
# `make demo`: deploys examples/platform (its template bundles packed and uploaded to the emulator's S3)
# with the real Pulumi engine against a local Proton emulator, prints the stack outputs, shows a preview
# failing on a misspelt spec input, previews the fixed spec change, destroys everything and stops the
# emulator.
# All Pulumi state, config and credentials live in a temporary directory that is removed on exit.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
started=$SECONDS
step() { printf '\n\033[1m==> [%3ss] %s\033[0m\n' "$((SECONDS - started))" "$*"; }

# Run directly (not through `make demo`, which builds first): install and build what is missing.
if [[ -z "${MAKELEVEL:-}" ]]; then
  step "Installing dependencies and building (make build)"
  make --no-print-directory build
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/proton-demo.XXXXXX")
emulator_pid=""
cleanup() {
  local status=$?
  if [[ -n "$emulator_pid" ]] && kill -0 "$emulator_pid" 2>/dev/null; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
  if [[ $status -ne 0 ]]; then
    printf '\ndemo failed (exit %s)\n' "$status" >&2
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "Starting the Proton emulator on 127.0.0.1 (free port, deployments settle after 1000 ms)"
# Node directly (not npm) so $! is the emulator itself and the trap stops it. Its own session keeps a
# Ctrl-C in the terminal from killing it under a `pulumi up` that is still cancelling gracefully.
setsid node emulator/dist/cli.js --host 127.0.0.1 --port 0 --deployment-ms 1000 >"$work/emulator.log" 2>&1 &
emulator_pid=$!
endpoint=""
for _ in $(seq 1 100); do
  endpoint=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/emulator.log" | head -n1 || true)
  [[ -n "$endpoint" ]] && break
  if ! kill -0 "$emulator_pid" 2>/dev/null; then
    cat "$work/emulator.log" >&2
    echo "the emulator exited before it was ready" >&2
    exit 1
  fi
  sleep 0.1
done
if [[ -z "$endpoint" ]]; then
  echo "the emulator did not print its address within 10 s" >&2
  exit 1
fi
echo "emulator: $endpoint (pid $emulator_pid)"

# The engine, its plugins and the program see only this environment's Pulumi settings.
export PATH="$root/.tools/bin:$PATH"
export PULUMI_HOME="$work/pulumi-home"
export PULUMI_BACKEND_URL="file://$work/state"
export PULUMI_CONFIG_PASSPHRASE="proton-demo"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_SKIP_CONFIRMATIONS=true
export AWS_ENDPOINT_URL_PROTON="$endpoint"
# Template bundles (TemplateBundle resources) go to the emulator's S3, on the same port.
export AWS_ENDPOINT_URL_S3="$endpoint"
export AWS_REGION=us-east-1
# Any credentials sign requests for the emulator; a 12-digit access key id is the caller's account.
export AWS_ACCESS_KEY_ID=123456789012
export AWS_SECRET_ACCESS_KEY=emulator
unset AWS_PROFILE AWS_SESSION_TOKEN
# The emulator settles in about a second: poll often instead of the real-AWS default of 10 s.
export PROTON_POLL_INTERVAL_MS=200
# A local emulator needs no long backoff; an interrupted run then also ends quickly.
export PROTON_MAX_RETRIES=2 PROTON_RETRY_MAX_DELAY_MS=1000
# tests/e2e/examples.test.ts type-checks the examples; transpiling only saves ~10 s per engine command here.
export PULUMI_NODEJS_TRANSPILE_ONLY=true
# Hides Node's runtime warnings (such as the AWS SDK's notice about future Node versions) from the output.
export NODE_NO_WARNINGS=1
mkdir -p "$PULUMI_HOME" "$work/state"

project="$root/examples/platform"
# Stack config goes to the temporary directory too, so the example directory stays untouched.
stack=(--stack demo --non-interactive)
config=(--config-file "$work/Pulumi.demo.yaml")
pulumi version >/dev/null

step "pulumi stack init demo (local file backend in $work)"
(cd "$project" && pulumi stack init demo --non-interactive && pulumi config set prefix demo "${stack[@]}" "${config[@]}")

step "pulumi up --yes (examples/platform)"
(cd "$project" && pulumi up --yes --skip-preview "${stack[@]}" "${config[@]}")

step "Stack outputs"
(cd "$project" && pulumi stack output "${stack[@]}")

step "A misspelt spec input: pulumi config set extraInputs 'desired_cont: 2' && pulumi preview (must fail)"
# The instances' spec is checked against the template version's schema/schema.yaml before anything runs.
(cd "$project" && pulumi config set extraInputs "desired_cont: 2" "${stack[@]}" "${config[@]}")
if (cd "$project" && pulumi preview "${stack[@]}" "${config[@]}") >"$work/typo.log" 2>&1; then
  cat "$work/typo.log"
  echo "the preview of a misspelt input should have failed" >&2
  exit 1
fi
# The engine's diagnostics for it: the resource, the spec path, the rule and the allowed inputs.
sed -n '/^Diagnostics:/,$p' "$work/typo.log"
grep -q 'spec.desired_cont: is not an input of WebServiceInput (did you mean "desired_count"?)' "$work/typo.log"

step "The fix: pulumi config rm extraInputs && pulumi config set desiredCount 2 && pulumi preview --diff"
(cd "$project" && pulumi config rm extraInputs "${stack[@]}" "${config[@]}" && pulumi config set desiredCount 2 "${stack[@]}" "${config[@]}" && pulumi preview --diff "${stack[@]}" "${config[@]}")

step "pulumi destroy --yes"
(cd "$project" && pulumi destroy --yes --skip-preview "${stack[@]}" "${config[@]}" && pulumi stack rm demo --yes --non-interactive)

step "Done in $((SECONDS - started)) s: stack destroyed, emulator stopping"
