/**
 * The platform stack under injected faults (not a test): for each seed, `up`, `refresh`,
 * `preview --expect-no-changes` and `destroy` of examples/platform with default settings, every call
 * facing a fault with probability --rate, split evenly between throttling (ThrottlingException, from
 * the proxy), HTTP 500s and dropped connections (the emulator's faults) and, for mutating calls, lost
 * answers (applied, then the connection dies: tests/support/lostAnswerProxy.ts). After `up` the
 * emulator must hold exactly the stack's resources (no duplicate), after `destroy` none. Prints each
 * seed's outcome; with --find-max, raises the rate by 0.1 until a seed fails and prints the highest
 * rate that passed every seed.
 *
 *   npx ts-node --transpile-only scripts/bench-faults.ts [--rate 0.2] [--seeds 5] [--deployment-ms 1000]
 *     [--find-max no|yes] [--sdk current|<commit>]
 */
import * as path from "node:path";
import {
  ListEnvironmentsCommand,
  ListEnvironmentTemplatesCommand,
  ListEnvironmentTemplateVersionsCommand,
  ListServiceInstancesCommand,
  ListServicesCommand,
  ListServiceTemplatesCommand,
  ListServiceTemplateVersionsCommand,
  ProtonClient,
} from "@aws-sdk/client-proton";
import { createStack, EngineCommandError, repoRoot } from "../tests/support/engine";
import { benchEnv, options, programCopy, sdkDir, startEmulatorProcess, timed } from "../tests/support/bench";
import { startLostAnswerProxy } from "../tests/support/lostAnswerProxy";

const opts = options({ rate: "0.2", seeds: "5", "deployment-ms": "1000", "find-max": "no", sdk: "current" });
const sdk = sdkDir(opts.sdk);

/** What the emulator holds, by kind (names), to tell a duplicate from the stack's own resources. */
async function inventory(url: string): Promise<Record<string, number>> {
  const client = new ProtonClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "123456789012", secretAccessKey: "emulator" },
  });
  const envTemplates = (await client.send(new ListEnvironmentTemplatesCommand({}))).templates ?? [];
  const svcTemplates = (await client.send(new ListServiceTemplatesCommand({}))).templates ?? [];
  let versions = 0;
  for (const t of envTemplates)
    versions +=
      (await client.send(new ListEnvironmentTemplateVersionsCommand({ templateName: t.name })))
        .templateVersions?.length ?? 0;
  for (const t of svcTemplates)
    versions +=
      (await client.send(new ListServiceTemplateVersionsCommand({ templateName: t.name }))).templateVersions
        ?.length ?? 0;
  const services = (await client.send(new ListServicesCommand({}))).services ?? [];
  let instances = 0;
  for (const s of services)
    instances +=
      (await client.send(new ListServiceInstancesCommand({ serviceName: s.name }))).serviceInstances
        ?.length ?? 0;
  const environments = (await client.send(new ListEnvironmentsCommand({}))).environments ?? [];
  client.destroy();
  return {
    templates: envTemplates.length + svcTemplates.length,
    versions,
    environments: environments.length,
    services: services.length,
    instances,
  };
}

const EXPECTED = { templates: 2, versions: 2, environments: 1, services: 1, instances: 2 };
const EMPTY = { templates: 0, versions: 0, environments: 0, services: 0, instances: 0 };
const same = (a: Record<string, number>, b: Record<string, number>) =>
  JSON.stringify(a) === JSON.stringify(b);

/** One seed's cycle; answers undefined when every step succeeded, else what went wrong. */
async function cycle(rate: number, seed: number): Promise<string | undefined> {
  const emulator = await startEmulatorProcess(Number(opts["deployment-ms"]));
  const proxy = await startLostAnswerProxy({ target: emulator.url });
  const share = rate / 4;
  try {
    const stack = await createStack({
      projectDir: programCopy(path.join(repoRoot, "examples", "platform"), sdk),
      stackName: `faults${seed}`,
      config: { prefix: `f${seed}` },
      env: benchEnv(proxy.url),
    });
    const faults = async (on: boolean) => {
      await emulator.control.setFaults(on ? { faultRate: share, dropRate: share, seed } : {});
      proxy.configure(on ? { rate: share, throttleRate: share, seed } : {});
    };
    const steps: [string, () => Promise<unknown>, Record<string, number>][] = [
      ["up", () => stack.up(), EXPECTED],
      ["refresh", () => stack.refresh(), EXPECTED],
      ["preview --expect-no-changes", () => stack.preview(["--expect-no-changes"]), EXPECTED],
      ["destroy", () => stack.destroy(), EMPTY],
    ];
    for (const [name, step, expected] of steps) {
      await faults(true);
      const { value: error, seconds } = await timed(() =>
        step().then(
          () => undefined,
          (e: unknown) => e,
        ),
      );
      await faults(false);
      const held = await inventory(emulator.url);
      if (error !== undefined) {
        const message =
          error instanceof EngineCommandError
            ? error.message.split("\n").slice(1, 3).join(" ")
            : String(error);
        return `${name} failed after ${seconds.toFixed(1)} s: ${message}`;
      }
      if (!same(held, expected))
        return `${name}: the emulator holds ${JSON.stringify(held)}, expected ${JSON.stringify(expected)}`;
      process.stdout.write(`    ${name} ${seconds.toFixed(1)} s`);
    }
    process.stdout.write(
      `; ${proxy.lost.length} lost answers, ${proxy.throttled.length} injected throttles\n`,
    );
    stack.dispose();
    return undefined;
  } finally {
    await proxy.stop();
    emulator.stop();
  }
}

async function passes(rate: number): Promise<boolean> {
  console.log(
    `fault rate ${rate.toFixed(2)} (each of throttling, 500s, dropped connections, lost answers ${(rate / 4).toFixed(3)}), ` +
      `SDK ${opts.sdk}, --deployment-ms ${opts["deployment-ms"]}, default settings`,
  );
  let passed = 0;
  for (let seed = 1; seed <= Number(opts.seeds); seed++) {
    const failure = await cycle(rate, seed);
    if (failure === undefined) passed++;
    console.log(
      `  seed ${seed}: ${failure === undefined ? "up, refresh, preview, destroy all succeeded, no duplicates" : `FAILED: ${failure}`}`,
    );
  }
  console.log(`  ${passed} of ${opts.seeds} seeds passed`);
  return passed === Number(opts.seeds);
}

async function main() {
  let rate = Number(opts.rate);
  let best: number | undefined;
  while ((await passes(rate)) && opts["find-max"] === "yes" && rate < 0.95) {
    best = rate;
    rate = Math.round((rate + 0.1) * 10) / 10;
  }
  if (opts["find-max"] === "yes")
    console.log(`highest fault rate passing every seed: ${best?.toFixed(2) ?? "none"}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
