/**
 * The provider plugin `pulumi-resource-proton` through the real engine and our language hosts: the
 * platform example in Pulumi YAML and in Python (the generated SDK) through up, a preview that plans
 * nothing, a spec change (CURRENT_VERSION in the emulator's call log), refresh and destroy; the plugin
 * flavour of the Node SDK with an explicit provider, auto-names, an invoke, detailed diffs, a failed
 * create and a config error; the plugin found in the plugin cache; and the state bytes of the platform
 * example on the plugin against the dynamic SDK, measured in one session.
 */
import {
  ListEnvironmentsCommand,
  ListEnvironmentTemplatesCommand,
  ListTagsForResourceCommand,
} from "@aws-sdk/client-proton";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ownerSuffix } from "../../provider/src/core/naming";
import {
  createStack,
  EngineCommandError,
  repoRoot,
  type EngineStack,
  type StackState,
} from "../support/engine";
import { DEFAULT_ACCOUNT, DEFAULT_REGION, startTestEmulator, type TestEmulator } from "../support/emulator";
import { publishBundles } from "../support/bundles";
import { changed, deployments, pluginConfig, pluginEnv, protonResources } from "../support/plugin";

jest.setTimeout(240_000);

const examples = path.join(repoRoot, "examples");
let emulator: TestEmulator;
/** States of the platform example, by path, for the comparison at the end. */
const platformStates: Record<string, StackState> = {};

beforeAll(async () => {
  emulator = await startTestEmulator({ deploymentMs: 100 });
});
afterAll(async () => {
  await emulator?.stop();
});

async function succeeded(stack: EngineStack, args: string[]) {
  const result = await stack.run(args);
  if (result.exitCode !== 0) throw new EngineCommandError(args, result);
  return result;
}

async function inventory(region = DEFAULT_REGION) {
  const client = emulator.client(DEFAULT_ACCOUNT, { region });
  const [templates, environments] = await Promise.all([
    client.send(new ListEnvironmentTemplatesCommand({})),
    client.send(new ListEnvironmentsCommand({})),
  ]);
  return [...(templates.templates ?? []), ...(environments.environments ?? [])].map((e) => e.name);
}

describe.each([
  { dir: "platform-yaml", install: false },
  { dir: "platform-python", install: true },
])("examples/$dir on the plugin", ({ dir, install }) => {
  let stack: EngineStack;
  const prefix = dir.replace("platform-", "");
  const arn = (resource: string) => `arn:aws:proton:${DEFAULT_REGION}:${DEFAULT_ACCOUNT}:${resource}`;

  beforeAll(async () => {
    stack = await createStack({
      projectDir: path.join(examples, dir),
      stackName: prefix,
      config: { ...pluginConfig(emulator), prefix },
      // The examples' template bundles go to the emulator's S3, on the same port.
      env: { ...pluginEnv(), AWS_ENDPOINT_URL_S3: emulator.url },
    });
    // `pulumi install`: the Python host creates the example's virtualenv from requirements.txt.
    if (install) await succeeded(stack, ["install"]);
  }, 180_000);
  afterAll(() => stack?.dispose());

  it("up deploys bundles, templates, an environment, a service, two instances and a pipeline", async () => {
    const result = await stack.up();
    expect(result.changes).toEqual({ create: 12 });
    expect(await stack.outputs()).toMatchObject({
      environmentTemplateArn: arn(`environment-template/${prefix}-vpc`),
      environmentTemplateVersion: "1.0",
      serviceTemplateVersion: "1.0",
      environmentArn: arn(`environment/${prefix}-dev`),
      environmentDeploymentStatus: "SUCCEEDED",
      serviceArn: arn(`service/${prefix}-web`),
      serviceStatus: "ACTIVE",
      instanceArns: {
        frontend: arn(`service/${prefix}-web/service-instance/frontend`),
        backend: arn(`service/${prefix}-web/service-instance/backend`),
      },
      instanceDeploymentStatuses: { frontend: "SUCCEEDED", backend: "SUCCEEDED" },
      pipelineDeploymentStatus: "SUCCEEDED",
    });
    const state = await stack.exportState();
    platformStates[dir] = state;
    // The state holds what the program said and what Proton answered, nothing of the plugin's own.
    for (const r of protonResources(state)) {
      for (const key of ["__provider", "owner", "autoNamePrefix", "connection"]) {
        expect(Object.keys(r.inputs ?? {})).not.toContain(key);
        expect(Object.keys(r.outputs ?? {})).not.toContain(key);
      }
    }
  });

  it("a second preview plans nothing", async () => {
    expect(changed(await stack.preview())).toEqual([]);
  });

  it("a spec change updates both instances in place, each with CURRENT_VERSION", async () => {
    await stack.setConfig({ desiredCount: "2" });
    const preview = await stack.preview();
    expect(changed(preview)).toEqual(["update backend", "update frontend"]);
    expect(preview.steps.filter((s) => s.op === "update").map((s) => s.diffs)).toEqual([["spec"], ["spec"]]);
    expect(preview.diagnostics.map((d) => d.message).join("\n")).toContain(
      `${prefix}-web/frontend: planned deploymentType CURRENT_VERSION (current template version)`,
    );

    await emulator.control.clearCalls();
    await stack.up();
    expect((await deployments(emulator)).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { operation: "UpdateServiceInstance", name: "backend", deploymentType: "CURRENT_VERSION" },
      { operation: "UpdateServiceInstance", name: "frontend", deploymentType: "CURRENT_VERSION" },
    ]);
    expect(changed(await stack.preview())).toEqual([]);
  });

  it("refresh reads everything back unchanged, and the next preview plans nothing", async () => {
    expect((await stack.refresh()).changes).toEqual({ same: 12 });
    expect(changed(await stack.preview())).toEqual([]);
  });

  it("destroy removes everything from the stack and from the emulator", async () => {
    const result = await stack.destroy();
    expect(result.changes).toEqual({ delete: 12 });
    expect(protonResources(await stack.exportState())).toEqual([]);
    expect(await inventory()).toEqual([]);
  });
});

describe("the Node SDK's plugin flavour (pulumi-aws-proton/plugin)", () => {
  let stack: EngineStack;
  const program = path.join(__dirname, "programs", "plugin-node");
  const EU = "eu-west-1";

  beforeAll(async () => {
    // The program's version registers a real bundle at the key it names.
    await publishBundles(emulator.client(), "e2e-templates", [["vpc-v1.tar.gz", "environment"]]);
    stack = await createStack({
      projectDir: program,
      stackName: "node",
      config: { ...pluginConfig(emulator), endpoint: emulator.url },
      env: pluginEnv(),
    });
  });
  afterAll(() => stack?.dispose());

  it("an explicit provider works in another region; auto-names and owner tags match the dynamic path", async () => {
    await stack.up();
    const outputs = await stack.outputs();
    // The same name and owner the dynamic SDK derives: owner `<project>/<stack>/<logical name>`.
    const owner = "plugin-node/node/eu-template";
    expect(outputs.euTemplateName).toBe(`eu-template-${ownerSuffix(owner)()}`);
    expect(outputs.euTemplateArn).toBe(
      `arn:aws:proton:${EU}:${DEFAULT_ACCOUNT}:environment-template/${String(outputs.euTemplateName)}`,
    );
    // The read function ran as an invoke of the explicit provider.
    expect(outputs.euTemplateRead).toBe(outputs.euTemplateArn);
    expect(outputs.isInstance).toBe(true);
    const tags = await emulator
      .client(DEFAULT_ACCOUNT, { region: EU })
      .send(new ListTagsForResourceCommand({ resourceArn: String(outputs.euTemplateArn) }));
    expect(tags.tags).toEqual(
      expect.arrayContaining([
        { key: "pulumi-aws-proton:owner", value: owner },
        { key: "team", value: "platform" },
      ]),
    );
    expect(await inventory()).toEqual(["node-vpc"]);
  });

  it("previews name the changed inputs: an update and a replacement", async () => {
    await stack.setConfig({ euDescription: "moved", templateName: "node-vpc-2" });
    const preview = await stack.preview();
    const step = (name: string, op: string) =>
      preview.steps.find((s) => s.urn.endsWith(`::${name}`) && s.op === op);
    expect(step("eu-template", "update")?.diffs).toEqual(["description"]);
    expect(step("vpc", "replace")?.diffs).toEqual(["name"]);
    await stack.setConfig({ euDescription: "in eu-west-1", templateName: "node-vpc" });
  });

  it("a create whose first deployment fails is kept in the state and completed by the next up", async () => {
    await emulator.control.failNextDeployment({ resourceName: "node-env", message: "quota exceeded" });
    await stack.setConfig({ environment: "node-env" });
    await expect(stack.up()).rejects.toThrow(/quota exceeded/);
    const recorded = protonResources(await stack.exportState()).find((r) => r.urn.endsWith("::env"));
    expect(recorded).toMatchObject({ id: "node-env", outputs: { deploymentStatus: "FAILED" } });

    await emulator.control.clearCalls();
    await stack.up();
    expect(await deployments(emulator)).toEqual([
      { operation: "UpdateEnvironment", name: "node-env", deploymentType: "CURRENT_VERSION" },
    ]);
    expect((await stack.outputs()).environmentStatus).toBe("SUCCEEDED");
    expect(changed(await stack.preview())).toEqual([]);
  });

  it("CheckConfig rejects a provider setting of the wrong type", async () => {
    await stack.setConfig({ "proton:pollIntervalMs": "soon" });
    await expect(stack.preview()).rejects.toThrow(/pollIntervalMs.*integer/);
    await stack.setConfig(pluginConfig(emulator));
  });

  it("destroy empties both regions", async () => {
    await stack.destroy();
    expect(await inventory()).toEqual([]);
    expect(await inventory(EU)).toEqual([]);
  });
});

describe("the generated Python SDK with an explicit provider", () => {
  let stack: EngineStack;

  beforeAll(async () => {
    stack = await createStack({
      projectDir: path.join(__dirname, "programs", "plugin-python"),
      stackName: "py",
      config: { ...pluginConfig(emulator), endpoint: emulator.url },
      env: pluginEnv(),
    });
    await succeeded(stack, ["install"]);
  }, 180_000);
  afterAll(() => stack?.dispose());

  it("creates in the provider's region, auto-named like the other paths, and reads back through an invoke", async () => {
    await stack.up();
    const outputs = await stack.outputs();
    expect(outputs.name).toBe(`eu-template-${ownerSuffix("plugin-python/py/eu-template")()}`);
    expect(outputs.arn).toBe(
      `arn:aws:proton:eu-west-1:${DEFAULT_ACCOUNT}:environment-template/${String(outputs.name)}`,
    );
    expect(outputs.readArn).toBe(outputs.arn);
    await stack.destroy();
    expect(await inventory("eu-west-1")).toEqual([]);
  });
});

describe("the plugin in the plugin cache (make plugin)", () => {
  let stack: EngineStack;
  let home: string;

  beforeAll(async () => {
    fs.mkdirSync(path.join(repoRoot, ".tmp"), { recursive: true });
    home = fs.mkdtempSync(path.join(repoRoot, ".tmp", "plugin-home-"));
    stack = await createStack({
      projectDir: path.join(__dirname, "programs", "plugin-node"),
      stackName: "cache",
      config: { ...pluginConfig(emulator), endpoint: emulator.url },
      // Only the cache of this PULUMI_HOME can answer: plugins on PATH are ignored.
      env: { ...pluginEnv(), PULUMI_HOME: home, PULUMI_IGNORE_AMBIENT_PLUGINS: "true" },
    });
  });
  afterAll(() => {
    stack?.dispose();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  it("is installed there by scripts/install-plugin.sh and found by the engine", async () => {
    execFileSync("bash", [path.join(repoRoot, "scripts", "install-plugin.sh")], {
      env: { ...process.env, PULUMI_HOME: home },
      stdio: "pipe",
    });
    expect(
      fs.existsSync(path.join(home, "plugins", "resource-proton-v0.1.0", "pulumi-resource-proton")),
    ).toBe(true);
    expect(changed(await stack.preview())).toEqual(["create eu-template", "create vpc", "create vpc-v1"]);
  });
});

// No Go language host is built here (only Node.js, Python and YAML ones): the Go example is compiled
// and vetted against the generated SDK, not run.
const goTest = spawnSync("go", ["version"]).status === 0 ? it : it.skip;
goTest("examples/platform-go builds and vets against the generated Go SDK", () => {
  const dir = path.join(examples, "platform-go");
  const binary = path.join(repoRoot, ".tmp", "platform-go");
  const go = (args: string[]) => execFileSync("go", args, { cwd: dir, stdio: "pipe", env: process.env });
  expect(() => go(["build", "-o", binary, "."])).not.toThrow();
  expect(() => go(["vet", "."])).not.toThrow();
  fs.rmSync(binary, { force: true });
});

describe("state bytes of the platform example", () => {
  let stack: EngineStack;

  beforeAll(async () => {
    stack = await createStack({
      projectDir: path.join(examples, "platform"),
      stackName: "dynamic",
      config: { prefix: "dynamic" },
      env: {
        ...pluginEnv(),
        AWS_ENDPOINT_URL_PROTON: emulator.url,
        // Template bundles go to the emulator's S3, on the same port.
        AWS_ENDPOINT_URL_S3: emulator.url,
        PROTON_POLL_INTERVAL_MS: "50",
        PROTON_RETRY_MIN_DELAY_MS: "10",
      },
    });
  });
  afterAll(() => stack?.dispose());

  it("a plugin resource's state is smaller than a dynamic one's (no serialized provider)", async () => {
    await stack.up();
    const dynamic = await stack.exportState();
    await stack.destroy();
    const bytes = (state: StackState) =>
      Object.fromEntries(
        protonResources(state).map((r) => [r.urn.split("::").pop(), Buffer.byteLength(JSON.stringify(r))]),
      );
    const plugin = bytes(platformStates["platform-python"]);
    const dyn = bytes(dynamic);
    const rows = Object.keys(dyn).map((name) => ({ name, dynamic: dyn[name], plugin: plugin[name] }));
    const total = (key: "dynamic" | "plugin") => rows.reduce((sum, r) => sum + r[key], 0);
    fs.mkdirSync(path.join(repoRoot, ".tmp"), { recursive: true });
    fs.writeFileSync(
      path.join(repoRoot, ".tmp", "plugin-state-bytes.json"),
      JSON.stringify({ rows, total: { dynamic: total("dynamic"), plugin: total("plugin") } }, null, 2),
    );
    console.log(
      [
        "state bytes per resource (examples/platform: dynamic TypeScript vs plugin Python):",
        ...rows.map(
          (r) => `  ${r.name.padEnd(20)} ${String(r.dynamic).padStart(6)} ${String(r.plugin).padStart(6)}`,
        ),
        `  ${"total".padEnd(20)} ${String(total("dynamic")).padStart(6)} ${String(total("plugin")).padStart(6)}`,
      ].join("\n"),
    );
    expect(Object.keys(plugin).sort()).toEqual(Object.keys(dyn).sort());
    for (const r of rows) expect(r.plugin).toBeLessThan(r.dynamic);
  });
});
