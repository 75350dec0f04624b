/**
 * The deployable resources through the real engine: one platform stack walks through every kind of
 * change, and the emulator's call log shows which deploymentType each `up` asked Proton for.
 */
import {
  CreateEnvironmentCommand,
  GetEnvironmentCommand,
  ListEnvironmentsCommand,
  ListServicesCommand,
  UpdateEnvironmentCommand,
  waitUntilEnvironmentDeployed,
} from "@aws-sdk/client-proton";
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { publishBundles } from "../support/bundles";
import {
  createStack,
  repoRoot,
  type EngineStack,
  type OperationResult,
  type StackState,
} from "../support/engine";
import { DEFAULT_ACCOUNT, DEFAULT_REGION, startTestEmulator, type TestEmulator } from "../support/emulator";

// Each step runs the engine a few times; deployments take 100 ms in the emulator.
jest.setTimeout(180_000);

const program = path.join(repoRoot, "tests", "e2e", "programs", "platform");
const STACK = `plat${Date.now().toString(36)}`;
const ENV = `${STACK}-dev`;

let emulator: TestEmulator;
let stack: EngineStack;
let credentialsDir: string;

beforeAll(async () => {
  emulator = await startTestEmulator({ deploymentMs: 100 });
  // The program's versions register real (minimal) bundles from its bucket.
  const keys = ["v1.0", "v1.1", "v2.0"];
  await publishBundles(emulator.client(), "e2e-templates", [
    ...keys.map((k) => [`env/${k}.tar.gz`, "environment"] as const),
    ...keys.map((k) => [`svc/${k}.tar.gz`, "service"] as const),
  ]);
  fs.mkdirSync(path.join(repoRoot, ".tmp"), { recursive: true });
  credentialsDir = fs.mkdtempSync(path.join(repoRoot, ".tmp", "platform-aws-"));
  fs.writeFileSync(
    path.join(credentialsDir, "credentials"),
    `[default]\naws_access_key_id = ${DEFAULT_ACCOUNT}\naws_secret_access_key = emulator\n`,
  );
  fs.writeFileSync(path.join(credentialsDir, "config"), `[default]\nregion = ${DEFAULT_REGION}\n`);
  stack = await createStack({
    projectDir: program,
    stackName: STACK,
    env: {
      AWS_ENDPOINT_URL_PROTON: emulator.url,
      // Template bundles go to the emulator's S3, on the same port.
      AWS_ENDPOINT_URL_S3: emulator.url,
      AWS_REGION: DEFAULT_REGION,
      AWS_SHARED_CREDENTIALS_FILE: path.join(credentialsDir, "credentials"),
      AWS_CONFIG_FILE: path.join(credentialsDir, "config"),
      AWS_PROFILE: "default",
      PROTON_POLL_INTERVAL_MS: "50",
      PROTON_RETRY_MIN_DELAY_MS: "10",
      PROTON_RETRY_MAX_DELAY_MS: "200",
    },
  });
}, 60_000);

afterAll(async () => {
  stack?.dispose();
  await emulator?.stop();
  if (credentialsDir) fs.rmSync(credentialsDir, { recursive: true, force: true });
});

const client = () => emulator.client();

/** Update/Create/Delete calls since the last clear: operation, target and deployment parameters. */
async function sentCalls() {
  const { calls } = await emulator.control.calls();
  return calls
    .filter((c) => !/^(Tag|Untag)Resource$/.test(c.operation))
    .map((c) => {
      const input = c.input as Record<string, unknown>;
      return {
        operation: c.operation,
        name: input.name ?? input.serviceName,
        ...(input.deploymentType !== undefined ? { deploymentType: input.deploymentType } : {}),
        ...(input.templateMajorVersion !== undefined ? { major: input.templateMajorVersion } : {}),
        ...(input.templateMinorVersion !== undefined ? { minor: input.templateMinorVersion } : {}),
      };
    });
}

/** Applies config, runs `up`, and returns the steps the engine took and the calls Proton received. */
async function change(config: Record<string, string>) {
  await stack.setConfig(config);
  await emulator.control.clearCalls();
  const result = await stack.up();
  return { planned: changed(result), calls: await sentCalls() };
}

function changed(result: OperationResult): string[] {
  // Config changes also update the default dynamic provider; only the Proton resources matter here.
  return result.steps
    .filter((s) => s.op !== "same" && !s.type.startsWith("pulumi:providers:"))
    .map((s) => `${s.op} ${s.urn.split("::").pop()}`)
    .sort();
}

const instances = (list: { name: string; port: number; major?: string; minor?: string }[]) =>
  JSON.stringify(list);

describe("platform stack", () => {
  it("up creates templates, an environment, a service with two instances and a pipeline", async () => {
    const result = await stack.up();
    expect(result.changes).toEqual({ create: 14 });
    const outputs = await stack.outputs();
    // The read functions ran in the program against Proton and agree with the resource.
    expect(outputs.environmentReadArn).toMatch(/:environment\//);
    expect(outputs).toMatchObject({
      environmentReadStatus: "SUCCEEDED",
      environmentOutputKeys: ["cidr"],
    });
    expect(await stack.outputs()).toMatchObject({
      environmentStatus: "SUCCEEDED",
      environmentVersion: "1.0",
      serviceStatus: "ACTIVE",
      instanceVersions: { a: "1.0", b: "1.0" },
      pipelineVersion: "1.0",
    });
    expect(changed(await stack.preview())).toEqual([]);
  });

  it("environment: spec -> CURRENT_VERSION, minor -> MINOR_VERSION, major -> MAJOR_VERSION, description -> NONE", async () => {
    const steps: [Record<string, string>, Record<string, unknown>][] = [
      [{ envCidr: "10.1.0.0/16" }, { deploymentType: "CURRENT_VERSION" }],
      [{ envMinor: "1" }, { deploymentType: "MINOR_VERSION", major: "1", minor: "1" }],
      [
        { envMajor: "2", envMinor: "0" },
        { deploymentType: "MAJOR_VERSION", major: "2", minor: "0" },
      ],
      [{ envDescription: "dev, upgraded" }, { deploymentType: "NONE" }],
    ];
    for (const [config, expected] of steps) {
      const { planned, calls } = await change(config);
      expect(planned).toEqual(["update env"]);
      expect(calls).toEqual([{ operation: "UpdateEnvironment", name: ENV, ...expected }]);
    }
    const env = (await client().send(new GetEnvironmentCommand({ name: ENV }))).environment;
    expect(env).toMatchObject({
      templateMajorVersion: "2",
      templateMinorVersion: "0",
      description: "dev, upgraded",
    });
  });

  it("instances and pipeline: only the changed one is deployed, with its own deploymentType", async () => {
    let result = await change({
      instances: instances([
        { name: "a", port: 8080 },
        { name: "b", port: 81 },
      ]),
    });
    expect(result.planned).toEqual(["update instance-a"]);
    expect(result.calls).toEqual([
      { operation: "UpdateServiceInstance", name: "a", deploymentType: "CURRENT_VERSION" },
    ]);

    result = await change({
      instances: instances([
        { name: "a", port: 8080 },
        { name: "b", port: 81, minor: "1" },
      ]),
      pipelineMajor: "2",
    });
    expect(result.planned).toEqual(["update instance-b", "update pipeline"]);
    expect(result.calls).toEqual(
      expect.arrayContaining([
        {
          operation: "UpdateServiceInstance",
          name: "b",
          deploymentType: "MINOR_VERSION",
          major: "1",
          minor: "1",
        },
        {
          operation: "UpdateServicePipeline",
          name: `${STACK}-api`,
          deploymentType: "MAJOR_VERSION",
          major: "2",
        },
      ]),
    );
    expect(result.calls).toHaveLength(2);
    expect(await stack.outputs()).toMatchObject({
      instanceVersions: { a: "1.0", b: "1.1" },
      pipelineVersion: "2.0",
    });
  });

  it("adds and removes an instance through the service spec, leaving the others untouched", async () => {
    const base = [
      { name: "a", port: 8080 },
      { name: "b", port: 81, minor: "1" },
    ];
    let result = await change({ instances: instances([...base, { name: "c", port: 82 }]) });
    expect(result.planned).toEqual(["create instance-c"]);
    expect(result.calls).toEqual([{ operation: "UpdateService", name: `${STACK}-api` }]);

    result = await change({ instances: instances(base) });
    expect(result.planned).toEqual(["delete instance-c"]);
    expect(result.calls).toEqual([{ operation: "UpdateService", name: `${STACK}-api` }]);
    expect(changed(await stack.preview())).toEqual([]);
  });

  it("refresh shows drift made outside Pulumi and the next up deploys the program's spec back", async () => {
    await client().send(
      new UpdateEnvironmentCommand({
        name: ENV,
        deploymentType: "CURRENT_VERSION",
        spec: stringify({ proton: "EnvironmentSpec", spec: { cidr: "10.99.0.0/16" } }),
      }),
    );
    await waitUntilEnvironmentDeployed(
      { client: client(), maxWaitTime: 20, minDelay: 0.05, maxDelay: 0.2 },
      { name: ENV },
    );
    await stack.refresh();
    const refreshed = (await stack.exportState()).deployment.resources?.find((r) =>
      r.urn.endsWith("Environment::env"),
    );
    expect(refreshed?.outputs?.spec).toContain("10.99.0.0/16");
    expect(changed(await stack.preview())).toEqual(["update env"]);
    await emulator.control.clearCalls();
    await stack.up();
    expect(await sentCalls()).toEqual([
      { operation: "UpdateEnvironment", name: ENV, deploymentType: "CURRENT_VERSION" },
    ]);
    expect(changed(await stack.preview())).toEqual([]);
  });

  it("a failed deployment fails the up with Proton's message; the next up converges", async () => {
    await emulator.control.failNextDeployment({
      resourceName: ENV,
      message: "quota exceeded for NAT gateways",
    });
    await stack.setConfig({ envCidr: "10.2.0.0/16" });
    await expect(stack.up()).rejects.toThrow(/quota exceeded for NAT gateways/);
    await emulator.control.clearCalls();
    await stack.up();
    expect(await sentCalls()).toEqual([
      { operation: "UpdateEnvironment", name: ENV, deploymentType: "CURRENT_VERSION" },
    ]);
    expect(changed(await stack.preview())).toEqual([]);
  });

  it("a failed create is kept in the state and completed by the next up", async () => {
    await emulator.control.failNextDeployment({ resourceName: "d", message: "image pull failed" });
    const list = [
      { name: "a", port: 8080 },
      { name: "b", port: 81, minor: "1" },
      { name: "d", port: 83 },
    ];
    await stack.setConfig({ instances: instances(list) });
    await expect(stack.up()).rejects.toThrow(/image pull failed/);
    const recorded = (await stack.exportState()).deployment.resources?.find((r) =>
      r.urn.endsWith("::instance-d"),
    );
    expect(recorded).toMatchObject({ id: `${STACK}-api/d` });
    await emulator.control.clearCalls();
    await stack.up();
    expect(await sentCalls()).toEqual([
      { operation: "UpdateServiceInstance", name: "d", deploymentType: "CURRENT_VERSION" },
    ]);
    expect(changed(await stack.preview())).toEqual([]);
  });

  it("imports an existing environment with the import option, without recreating it", async () => {
    await client().send(
      new CreateEnvironmentCommand({
        name: `${STACK}-legacy`,
        templateName: `${STACK}-vpc`,
        templateMajorVersion: "1",
        templateMinorVersion: "0",
        spec: stringify({ proton: "EnvironmentSpec", spec: { cidr: "172.16.0.0/12" } }),
        protonServiceRoleArn: "arn:aws:iam::123456789012:role/proton",
      }),
    );
    await waitUntilEnvironmentDeployed(
      { client: client(), maxWaitTime: 20, minDelay: 0.05, maxDelay: 0.2 },
      { name: `${STACK}-legacy` },
    );
    // `pulumi import` cannot reach a dynamic provider (no __provider without the program: pulumi/pulumi#7534).
    await expect(
      stack.import("pulumi-nodejs:dynamic/proton:Environment", "legacy-cli", `${STACK}-legacy`),
    ).rejects.toThrow();

    await emulator.control.clearCalls();
    await stack.setConfig({ importEnvironment: `${STACK}-legacy` });
    await stack.up();
    expect((await sentCalls()).filter((c) => c.operation.startsWith("Create"))).toEqual([]);
    const recorded = (await stack.exportState()).deployment.resources?.find((r) =>
      r.urn.endsWith("::legacy"),
    );
    expect(recorded).toMatchObject({ id: `${STACK}-legacy` });
    expect(changed(await stack.preview())).toEqual([]);
  });

  it("an up killed mid-create recovers with cancel, refresh --clear-pending-creates and up: no duplicate, no pending operations", async () => {
    const extra = `${STACK}-extra`;
    await stack.setConfig({ extraEnvironment: extra });
    // Long enough to kill the CLI while the create is in progress; the re-run waits for it.
    await emulator.control.setDeploymentDelay(4_000);
    const interrupted = stack.run([
      "up",
      "--yes",
      "--skip-preview",
      "--stack",
      STACK,
      "--non-interactive",
      "--config-file",
      configFile(),
    ]);
    // Wait until Proton is deploying the new environment, then kill the CLI and everything it started.
    await until(async () => (await environmentNames()).includes(extra));
    killProcessTree(findCli());
    expect((await interrupted).exitCode).not.toBe(0);
    expect(pendingOperations(await stack.exportState())).not.toEqual([]);

    // The README's recovery: release the killed run's lock, drop the pending create from the state,
    // then up, whose create meets its own environment (owner tag) and adopts it.
    await stack.run(["cancel", "--yes", "--stack", STACK]);
    await emulator.control.setDeploymentDelay(100);
    // While the state holds pending operations, every `up` warns "Attempting to deploy or update
    // resources with N pending operations from previous deployment".
    const warns = (run: OperationResult) =>
      [run.stdout, run.stderr, ...run.diagnostics.map((d) => d.message)].filter((text) =>
        /pending operations/i.test(text),
      );
    await stack.refresh(["--clear-pending-creates"]);
    expect(pendingOperations(await stack.exportState())).toEqual([]);
    await emulator.control.clearCalls();
    const recovered = await stack.up();
    // One create, answered with the environment the killed run created (the same request; a refusal of
    // the name would be resolved by its owner tag): no second environment, nothing to clean.
    expect((await sentCalls()).filter((c) => c.operation === "CreateEnvironment")).toHaveLength(1);
    expect((await environmentNames()).filter((n) => n === extra)).toHaveLength(1);
    expect(pendingOperations(await stack.exportState())).toEqual([]);
    const later = await stack.up();
    for (const run of [recovered, later]) expect(warns(run)).toEqual([]);
    expect(changed(await stack.preview())).toEqual([]);
  });

  it("destroy leaves the emulator empty", async () => {
    await stack.destroy();
    expect((await stack.exportState()).deployment.resources ?? []).toEqual([]);
    expect(await environmentNames()).toEqual([]);
    expect((await client().send(new ListServicesCommand({}))).services).toEqual([]);
  });
});

/** The operations the engine recorded as begun but never finished. */
function pendingOperations(state: StackState): unknown[] {
  return (state.deployment.pending_operations as unknown[] | undefined) ?? [];
}

async function environmentNames(): Promise<string[]> {
  return ((await client().send(new ListEnvironmentsCommand({}))).environments ?? []).map((e) => e.name ?? "");
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("condition never became true");
}

/** The stack's config file, kept by the harness under .tmp/engine/<stack>-<random>/. */
function configFile(): string {
  const root = path.join(repoRoot, ".tmp", "engine");
  const dir = fs.readdirSync(root).find((d) => d.startsWith(`${STACK}-`));
  if (!dir) throw new Error("stack work directory not found");
  return path.join(root, dir, `Pulumi.${STACK}.yaml`);
}

/** The pid of the `pulumi up` this test started for its stack (matched by its own config file). */
function findCli(): number {
  const file = configFile();
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const args = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (args.includes("up") && args.includes(file)) return Number(pid);
    } catch {
      // The process ended meanwhile.
    }
  }
  throw new Error("pulumi up process not found");
}

/** SIGKILL a process and all its descendants (language host, program, dynamic-provider plugin). */
function killProcessTree(root: number): void {
  const children = new Map<number, number[]>();
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(pid)]);
    } catch {
      // The process ended meanwhile.
    }
  }
  const tree: number[] = [];
  const walk = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(root);
  for (const pid of tree) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}
