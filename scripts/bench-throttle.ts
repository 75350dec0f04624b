/**
 * Many resources under one throttled account (not a test): `pulumi up` of N environments with the
 * emulator throttling above --rps requests/second, --runs times on a fresh emulator each. Prints per
 * run whether every environment was created, the wall time of the up, the Proton calls that reached
 * the emulator (throttled ones included) and wall / (calls / rps): 1.0 would keep the account's
 * allowance fully used.
 *
 *   npx ts-node --transpile-only scripts/bench-throttle.ts [--environments 100] [--rps 5] [--runs 5]
 *     [--deployment-ms 2000] [--parallel default|N] [--sdk current|<commit>]
 */
import * as path from "node:path";
import {
  CreateEnvironmentTemplateCommand,
  CreateEnvironmentTemplateVersionCommand,
  ListEnvironmentsCommand,
  ProtonClient,
  UpdateEnvironmentTemplateVersionCommand,
  waitUntilEnvironmentTemplateVersionRegistered,
} from "@aws-sdk/client-proton";
import { createStack, repoRoot, EngineCommandError } from "../tests/support/engine";
import {
  benchEnv,
  median,
  options,
  programCopy,
  sdkDir,
  startEmulatorProcess,
  timed,
} from "../tests/support/bench";

const opts = options({
  environments: "100",
  rps: "5",
  runs: "5",
  "deployment-ms": "2000",
  parallel: "default",
  sdk: "current",
});
const count = Number(opts.environments);
const rps = Number(opts.rps);

const PROGRAM = `import * as proton from "pulumi-aws-proton";
for (let i = 0; i < ${count}; i++) {
  new proton.Environment(\`t3-env-\${i}\`, {
    name: \`t3-env-\${i}\`,
    templateName: "bench-vpc",
    templateMajorVersion: "1",
    protonServiceRoleArn: "arn:aws:iam::123456789012:role/proton",
    spec: "proton: EnvironmentSpec\\nspec:\\n  cidr: 10.0.0.0/16\\n",
  });
}
`;
const PULUMI_YAML =
  "name: bench-throttle\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n";

async function template(url: string): Promise<void> {
  const client = new ProtonClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "123456789012", secretAccessKey: "emulator" },
  });
  await client.send(new CreateEnvironmentTemplateCommand({ name: "bench-vpc" }));
  await client.send(
    new CreateEnvironmentTemplateVersionCommand({
      templateName: "bench-vpc",
      source: { s3: { bucket: "bench", key: "vpc.tar.gz" } },
    }),
  );
  const key = { templateName: "bench-vpc", majorVersion: "1", minorVersion: "0" };
  await waitUntilEnvironmentTemplateVersionRegistered(
    { client, maxWaitTime: 60, minDelay: 0.1, maxDelay: 0.5 },
    key,
  );
  await client.send(new UpdateEnvironmentTemplateVersionCommand({ ...key, status: "PUBLISHED" }));
  client.destroy();
}

async function created(url: string): Promise<number> {
  const client = new ProtonClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "123456789012", secretAccessKey: "emulator" },
  });
  let names = 0;
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListEnvironmentsCommand({ nextToken }));
    names += (page.environments ?? []).filter((e) => e.deploymentStatus === "SUCCEEDED").length;
    nextToken = page.nextToken;
  } while (nextToken);
  client.destroy();
  return names;
}

async function main() {
  console.log(
    `${count} environments, throttled above ${rps} requests/s, --deployment-ms ${opts["deployment-ms"]}, ` +
      `--parallel ${opts.parallel}, SDK ${opts.sdk}, ${opts.runs} runs, default settings`,
  );
  const sdk = sdkDir(opts.sdk);
  const ratios: number[] = [];
  let succeeded = 0;
  for (let run = 1; run <= Number(opts.runs); run++) {
    const emulator = await startEmulatorProcess(Number(opts["deployment-ms"]));
    try {
      await template(emulator.url);
      const stack = await createStack({
        projectDir: programCopy(path.join(repoRoot, "examples", "platform"), sdk, {
          "Pulumi.yaml": PULUMI_YAML,
          "index.ts": PROGRAM,
        }),
        stackName: `throttle${run}`,
        env: benchEnv(emulator.url),
      });
      await emulator.control.clearCalls();
      await emulator.control.setFaults({ throttleAboveRps: rps });
      const flags = opts.parallel === "default" ? [] : ["--parallel", opts.parallel];
      const { value: error, seconds } = await timed(() =>
        stack.up(flags).then(
          () => undefined,
          (e: unknown) => e,
        ),
      );
      await emulator.control.setFaults({});
      const { counts } = await emulator.control.calls();
      const calls = Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
      const made = await created(emulator.url);
      const ok = error === undefined && made === count;
      if (ok) succeeded++;
      const ratio = seconds / (calls / rps);
      ratios.push(ratio);
      const reason =
        error instanceof EngineCommandError
          ? `: ${error.message.split("\n").find((l) => /failed|error/i.test(l)) ?? error.message.split("\n")[1]}`
          : "";
      console.log(
        `  run ${run}: ${ok ? "all succeeded" : "FAILED"} (${made}/${count} environments), up ${seconds.toFixed(1)} s, ` +
          `${calls} calls, wall / (calls / ${rps} per s) = ${ratio.toFixed(2)}${reason}`,
      );
      stack.dispose();
    } finally {
      emulator.stop();
    }
  }
  console.log(
    `succeeded in ${succeeded} of ${opts.runs} runs; median wall / (calls / rps) ${median(ratios).toFixed(2)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
