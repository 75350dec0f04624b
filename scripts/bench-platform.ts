/**
 * `pulumi up` of examples/platform with default operation settings against the emulator (its own
 * process), timed and counted; not a test. Prints, per run and as medians: the wall time, the engine's
 * start (an `up` of a program that registers nothing), the ratio of the rest to the critical path of
 * Proton's work (environment template version registration -> service template version registration
 * (it names the environment major version) -> service creation, each --deployment-ms), the Proton
 * calls the up made (all of them, by operation), the Gets of each wait, and the state bytes per
 * resource. The engine's start is everything before the first Proton request (CLI, language host,
 * program, dynamic-provider plugin); an `up` of a program that registers nothing is printed too.
 *
 *   npx ts-node --transpile-only scripts/bench-platform.ts [--deployment-ms 3000] [--runs 3] [--sdk current|<commit>]
 *
 * `--sdk <commit>` measures the SDK as that commit built it (e.g. 4f67377, before issue 11).
 */
import * as path from "node:path";
import { createStack, repoRoot } from "../tests/support/engine";
import {
  benchEnv,
  EMPTY_PROGRAM,
  median,
  options,
  programCopy,
  sdkDir,
  startEmulatorProcess,
  stateBytes,
  timed,
} from "../tests/support/bench";

const opts = options({ "deployment-ms": "3000", runs: "3", sdk: "current" });
const deploymentMs = Number(opts["deployment-ms"]);
const runs = Number(opts.runs);
const sdk = sdkDir(opts.sdk);
const platform = path.join(repoRoot, "examples", "platform");
/** The Gets that poll one wait each in the platform up (the two registrations, the deployment, the service). */
const WAITS = ["GetEnvironmentTemplateVersion", "GetServiceTemplateVersion", "GetEnvironment", "GetService"];

async function engineStart(endpoint: string): Promise<number> {
  const stack = await createStack({
    projectDir: programCopy(platform, sdk, EMPTY_PROGRAM),
    stackName: "empty",
    env: benchEnv(endpoint),
  });
  try {
    return (await timed(() => stack.up())).seconds;
  } finally {
    stack.dispose();
  }
}

async function main() {
  console.log(
    `platform up: --deployment-ms ${deploymentMs}, SDK ${opts.sdk}, ${runs} runs, default settings`,
  );
  const starts: number[] = [];
  const firsts: number[] = [];
  const walls: number[] = [];
  const totals: number[] = [];
  const waits: Record<string, number[]> = Object.fromEntries(WAITS.map((w) => [w, []]));
  let bytes: ReturnType<typeof stateBytes> = [];
  for (let run = 1; run <= runs; run++) {
    const emulator = await startEmulatorProcess(deploymentMs);
    try {
      starts.push(await engineStart(emulator.url));
      const stack = await createStack({
        projectDir: programCopy(platform, sdk),
        stackName: `bench${run}`,
        config: { prefix: `b${run}` },
        env: benchEnv(emulator.url),
      });
      await emulator.control.clearCalls();
      const began = Date.now();
      const { seconds } = await timed(() => stack.up());
      const { counts, calls } = await emulator.control.calls();
      firsts.push((Math.min(...calls.map((c) => c.time)) - began) / 1000);
      const total = Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
      walls.push(seconds);
      totals.push(total);
      for (const w of WAITS) waits[w].push(counts[w as keyof typeof counts] ?? 0);
      bytes = stateBytes(await stack.exportState());
      const ops = Object.entries(counts)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([op, n]) => `${op} ${n}`)
        .join(", ");
      console.log(
        `  run ${run}: up ${seconds.toFixed(2)} s, first Proton call at ${firsts.at(-1)?.toFixed(2)} s ` +
          `(empty program up ${starts.at(-1)?.toFixed(2)} s), ${total} calls (${ops})`,
      );
      stack.dispose();
    } finally {
      emulator.stop();
    }
  }
  const critical = (3 * deploymentMs) / 1000;
  const ratios = walls.map((w, i) => (w - firsts[i]) / critical);
  const emptyRatios = walls.map((w, i) => (w - starts[i]) / critical);
  console.log(`up wall time: median ${median(walls).toFixed(2)} s`);
  console.log(`engine start (until the first Proton call): median ${median(firsts).toFixed(2)} s`);
  console.log(
    `critical path of the emulator's work (3 registrations/deployments in a chain): ${critical.toFixed(1)} s`,
  );
  console.log(
    `ratio (wall - engine start) / critical path: median ${median(ratios).toFixed(3)} ` +
      `(runs ${ratios.map((r) => r.toFixed(3)).join(", ")})`,
  );
  console.log(
    `  with an empty program's up (median ${median(starts).toFixed(2)} s) as engine start instead: ` +
      `median ${median(emptyRatios).toFixed(3)}`,
  );
  console.log(`Proton calls per up: median ${median(totals)}`);
  const fixed1s = Math.ceil(deploymentMs / 1000) + 1;
  console.log(
    `Gets per wait (median; a fixed 1 s poll makes ${fixed1s}): ` +
      WAITS.map((w) => `${w} ${median(waits[w])}`).join(", "),
  );
  const sizes = bytes.map((b) => b.resource);
  console.log(
    `state bytes per Proton resource: mean ${Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length)}, ` +
      `max ${Math.max(...sizes)}; __provider (inputs + outputs) per resource: ${Math.max(...bytes.map((b) => b.provider))}`,
  );
  for (const b of bytes) console.log(`  ${b.urn.split("::").pop()}: ${b.resource} bytes`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
