/**
 * Every program in examples/ runs with the real engine against a started emulator: `up`, outputs, the
 * upgrade example's staged config changes (checking the deploymentType Proton was asked for), then
 * `destroy`, after which the emulator must hold nothing in any account. An example that stops working
 * fails here.
 */
import {
  GetComponentCommand,
  GetDeploymentCommand,
  ListComponentsCommand,
  ListEnvironmentAccountConnectionsCommand,
  ListEnvironmentsCommand,
  ListEnvironmentTemplatesCommand,
  ListServicesCommand,
  ListServiceTemplatesCommand,
  UpdateComponentCommand,
  waitUntilComponentDeployed,
} from "@aws-sdk/client-proton";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  createStack,
  repoRoot,
  type EngineStack,
  type OperationResult,
  type StackState,
} from "../support/engine";
import {
  DEFAULT_ACCOUNT,
  DEFAULT_REGION,
  startTestEmulator,
  waiterFor,
  type TestEmulator,
} from "../support/emulator";

const examples = path.join(repoRoot, "examples");
const MANAGEMENT = "111111111111";
const WORKLOAD = "222222222222";

let emulator: TestEmulator;
let credentialsDir: string;

beforeAll(async () => {
  emulator = await startTestEmulator({ deploymentMs: 200 });
  // Profiles whose 12-digit access key ids make the emulator treat each caller as that account.
  fs.mkdirSync(path.join(repoRoot, ".tmp"), { recursive: true });
  credentialsDir = fs.mkdtempSync(path.join(repoRoot, ".tmp", "examples-aws-"));
  const profile = (name: string, account: string) =>
    `[${name}]\naws_access_key_id = ${account}\naws_secret_access_key = emulator\n`;
  fs.writeFileSync(
    path.join(credentialsDir, "credentials"),
    [
      profile("default", DEFAULT_ACCOUNT),
      profile("management", MANAGEMENT),
      profile("environment", WORKLOAD),
    ].join("\n"),
  );
  fs.writeFileSync(path.join(credentialsDir, "config"), `[default]\nregion = ${DEFAULT_REGION}\n`);
});

afterAll(async () => {
  await emulator?.stop();
  if (credentialsDir) fs.rmSync(credentialsDir, { recursive: true, force: true });
});

/** The environment a user would set up for the emulator; nothing from the developer's AWS setup leaks in. */
function awsEnv(): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_PROTON: emulator.url,
    // Template bundles go to the emulator's S3, on the same port.
    AWS_ENDPOINT_URL_S3: emulator.url,
    AWS_REGION: DEFAULT_REGION,
    AWS_SHARED_CREDENTIALS_FILE: path.join(credentialsDir, "credentials"),
    AWS_CONFIG_FILE: path.join(credentialsDir, "config"),
    AWS_PROFILE: "default",
    PROTON_POLL_INTERVAL_MS: "50",
    PROTON_RETRY_MIN_DELAY_MS: "10",
  };
}

async function exampleStack(
  name: string,
  config: Record<string, string> = {},
  env: Record<string, string> = awsEnv(),
  stackName = name,
): Promise<EngineStack> {
  return createStack({ projectDir: path.join(examples, name), stackName, config, env });
}

/** Everything Proton lists for an account, by kind; empty arrays when nothing is left. */
async function inventory(accountId: string): Promise<Record<string, string[]>> {
  const client = emulator.client(accountId);
  const [envTemplates, serviceTemplates, environments, services, components, fromEnv, fromMgmt] =
    await Promise.all([
      client.send(new ListEnvironmentTemplatesCommand({})),
      client.send(new ListServiceTemplatesCommand({})),
      client.send(new ListEnvironmentsCommand({})),
      client.send(new ListServicesCommand({})),
      client.send(new ListComponentsCommand({})),
      client.send(new ListEnvironmentAccountConnectionsCommand({ requestedBy: "ENVIRONMENT_ACCOUNT" })),
      client.send(new ListEnvironmentAccountConnectionsCommand({ requestedBy: "MANAGEMENT_ACCOUNT" })),
    ]);
  return {
    environmentTemplates: (envTemplates.templates ?? []).map((t) => t.name ?? ""),
    serviceTemplates: (serviceTemplates.templates ?? []).map((t) => t.name ?? ""),
    environments: (environments.environments ?? []).map((e) => e.name ?? ""),
    services: (services.services ?? []).map((s) => s.name ?? ""),
    components: (components.components ?? []).map((c) => c.name ?? ""),
    connections: [
      ...(fromEnv.environmentAccountConnections ?? []),
      ...(fromMgmt.environmentAccountConnections ?? []),
    ].map((c) => `${c.id ?? ""} (${c.status ?? ""})`),
  };
}

const EMPTY = {
  environmentTemplates: [],
  serviceTemplates: [],
  environments: [],
  services: [],
  components: [],
  connections: [],
};

/** The deploymentType of each Update call the emulator received since the last clear, by operation. */
async function deploymentTypes(): Promise<{ operation: string; name: string; deploymentType: unknown }[]> {
  const { calls } = await emulator.control.calls();
  return calls
    .filter((c) => c.operation === "UpdateServiceInstance" || c.operation === "UpdateServicePipeline")
    .map((c) => {
      const input = c.input as Record<string, unknown>;
      return {
        operation: c.operation,
        name: String(input.name ?? input.serviceName),
        deploymentType: input.deploymentType,
      };
    });
}

function changedUrns(result: OperationResult): string[] {
  // `<op> <type>::<name>`; the engine's own provider resources are not the example's.
  return result.steps
    .filter((s) => s.op !== "same" && !s.type.startsWith("pulumi:providers:"))
    .map((s) => `${s.op} ${s.urn.split("::").slice(-2).join("::")}`)
    .sort();
}

/** The platform example's exports for stack config `prefix`. */
async function expectPlatformOutputs(stack: EngineStack, prefix: string): Promise<void> {
  const outputs = await stack.outputs();
  const arn = (resource: string) => `arn:aws:proton:${DEFAULT_REGION}:${DEFAULT_ACCOUNT}:${resource}`;
  expect(outputs).toMatchObject({
    environmentTemplateArn: arn(`environment-template/${prefix}-vpc`),
    environmentTemplateVersion: "1.0",
    serviceTemplateArn: arn(`service-template/${prefix}-web-service`),
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
  expect(String(outputs.pipelineArn)).toMatch(new RegExp(`^arn:aws:proton:.*service/${prefix}-web/pipeline`));
}

describe("examples/platform with the default operation settings", () => {
  let stack: EngineStack;
  beforeAll(async () => {
    const { PROTON_POLL_INTERVAL_MS: _poll, PROTON_RETRY_MIN_DELAY_MS: _retry, ...env } = awsEnv();
    stack = await exampleStack("platform", { prefix: "dflt" }, env, "platform-defaults");
  });
  // A failed assertion must not leave this stack's resources behind for the next examples' inventories.
  afterAll(async () => {
    await stack?.destroy().catch(() => undefined);
    stack?.dispose();
  });

  it("up makes at most 30 Proton calls, with the same outputs, and a small state", async () => {
    await emulator.control.clearCalls();
    await stack.up();
    const { counts } = await emulator.control.calls();
    // Proton's calls only: the bundles' uploads (`s3:` operations) are S3's.
    const proton = Object.entries(counts).filter(([operation]) => !operation.startsWith("s3:"));
    const total = proton.reduce((sum, [, n]) => sum + (n ?? 0), 0);
    expect(total).toBeLessThanOrEqual(30);
    await expectPlatformOutputs(stack, "dflt");
    const resources = ((await stack.exportState()).deployment.resources ?? []).filter((r) =>
      r.type.startsWith("pulumi-nodejs:dynamic/proton:"),
    );
    expect(resources).toHaveLength(11);
    for (const r of resources) {
      // The serialized provider is one short module text, stored in the inputs and the outputs.
      expect(Buffer.byteLength(String(r.inputs?.__provider))).toBeLessThanOrEqual(600);
      expect(r.outputs?.__provider).toBe(r.inputs?.__provider);
    }
    const sizes = resources.map((r) => Buffer.byteLength(JSON.stringify(r)));
    expect(sizes.reduce((a, b) => a + b, 0) / sizes.length).toBeLessThanOrEqual(4096);
    await stack.destroy();
    expect(await inventory(DEFAULT_ACCOUNT)).toEqual(EMPTY);
  });
});

describe("examples/platform", () => {
  let stack: EngineStack;
  beforeAll(async () => {
    stack = await exampleStack("platform", { prefix: "plat" });
  });
  afterAll(() => stack?.dispose());

  it("up deploys bundles, templates, an environment, a service, two instances and a pipeline", async () => {
    const result = await stack.up();
    expect(result.changes).toEqual({ create: 12 });
    await expectPlatformOutputs(stack, "plat");
  });

  it("a second preview plans nothing", async () => {
    const result = await stack.preview();
    expect(changedUrns(result)).toEqual([]);
  });

  it("a spec change through stack config updates both instances in place", async () => {
    await stack.setConfig({ desiredCount: "2" });
    const preview = await stack.preview();
    expect(changedUrns(preview)).toEqual([
      "update pulumi-nodejs:dynamic/proton:ServiceInstance::backend",
      "update pulumi-nodejs:dynamic/proton:ServiceInstance::frontend",
    ]);

    await emulator.control.clearCalls();
    await stack.up();
    expect(await deploymentTypes()).toEqual(
      expect.arrayContaining([
        { operation: "UpdateServiceInstance", name: "frontend", deploymentType: "CURRENT_VERSION" },
        { operation: "UpdateServiceInstance", name: "backend", deploymentType: "CURRENT_VERSION" },
      ]),
    );
  });

  it("a misspelt spec input fails preview, naming the spec path; nothing is created or deployed; the fix deploys", async () => {
    await emulator.control.clearCalls();
    await stack.setConfig({ extraInputs: "desired_cont: 3" });
    const error = (await stack.preview().catch((e: unknown) => e)) as {
      result?: { diagnostics: { message: string }[] };
    };
    const messages = (error.result?.diagnostics ?? []).map((d) => d.message).join("\n");
    expect(messages).toMatch(
      /spec\.desired_cont: is not an input of WebServiceInput \(did you mean "desired_count"\?\); its inputs are desired_count, port, size \(rule: unknown input\), against the schema of template version plat-web-service:1\.0/,
    );
    expect((await emulator.control.calls()).calls).toEqual([]);

    await stack.setConfig({ extraInputs: "", desiredCount: "3" });
    expect(changedUrns(await stack.preview())).toHaveLength(2);
    await stack.up();
    expect(await deploymentTypes()).toHaveLength(2);
  });

  it("destroy removes everything from the stack and from the emulator", async () => {
    const result = await stack.destroy();
    expect(result.changes).toEqual({ delete: 12 });
    expect((await stack.exportState()).deployment.resources ?? []).toEqual([]);
    expect(await inventory(DEFAULT_ACCOUNT)).toEqual(EMPTY);
  });
});

describe("examples/upgrade", () => {
  let stack: EngineStack;
  beforeAll(async () => {
    stack = await exampleStack("upgrade", { prefix: "upg" });
  });
  afterAll(() => stack?.dispose());

  it("up deploys the service on template version 1.0", async () => {
    await stack.up();
    expect(await stack.outputs()).toMatchObject({
      serviceTemplateVersions: ["1.0"],
      instanceVersion: "1.0",
      pipelineVersion: "1.0",
      instanceDeploymentStatus: "SUCCEEDED",
      pipelineDeploymentStatus: "SUCCEEDED",
    });
  });

  it("step 1: a spec change is deployed as CURRENT_VERSION", async () => {
    await stack.setConfig({ desiredCount: "2" });
    const preview = await stack.preview();
    expect(changedUrns(preview)).toEqual(["update pulumi-nodejs:dynamic/proton:ServiceInstance::web"]);
    // The reviewer of the preview is told which deployment the update will run.
    expect(preview.diagnostics.map((d) => d.message).join("\n")).toContain(
      "upg-web/web: planned deploymentType CURRENT_VERSION (current template version)",
    );

    await emulator.control.clearCalls();
    await stack.up();
    expect(await deploymentTypes()).toEqual([
      { operation: "UpdateServiceInstance", name: "web", deploymentType: "CURRENT_VERSION" },
    ]);
    expect((await stack.outputs()).instanceSpecDeployed).toContain("desired_count: 2");
  });

  it.each([
    { step: 2, version: "1.1", deploymentType: "MINOR_VERSION", versions: ["1.0", "1.1"] },
    { step: 3, version: "2.0", deploymentType: "MAJOR_VERSION", versions: ["1.0", "1.1", "2.0"] },
  ])(
    "step $step: version $version is deployed as $deploymentType",
    async ({ version, deploymentType, versions }) => {
      await stack.setConfig({ serviceVersion: version });
      const preview = await stack.preview();
      expect(changedUrns(preview)).toEqual([
        `create pulumi-nodejs:dynamic/proton:ServiceTemplateVersion::service-template-v${version}`,
        `create pulumi-nodejs:dynamic/proton:TemplateBundle::service-bundle-v${version}`,
        "update pulumi-nodejs:dynamic/proton:ServiceInstance::web",
        "update pulumi-nodejs:dynamic/proton:ServicePipeline::pipeline",
      ]);
      // The new version is an output of a resource this preview only plans to create.
      expect(preview.diagnostics.map((d) => d.message).join("\n")).toContain(
        "upg-web/web: deploymentType decided at update, once the template version is known",
      );

      await emulator.control.clearCalls();
      await stack.up();
      expect(await deploymentTypes()).toEqual(
        expect.arrayContaining([
          { operation: "UpdateServiceInstance", name: "web", deploymentType },
          { operation: "UpdateServicePipeline", name: "upg-web", deploymentType },
        ]),
      );
      expect(await stack.outputs()).toMatchObject({
        serviceTemplateVersions: versions,
        instanceVersion: version,
        pipelineVersion: version,
        instanceDeploymentStatus: "SUCCEEDED",
      });
    },
  );

  it("destroy leaves the emulator empty", async () => {
    await stack.destroy();
    expect((await stack.exportState()).deployment.resources ?? []).toEqual([]);
    expect(await inventory(DEFAULT_ACCOUNT)).toEqual(EMPTY);
  });
});

describe("examples/multi-account", () => {
  let stack: EngineStack;
  beforeAll(async () => {
    stack = await exampleStack("multi-account", {
      prefix: "multi",
      managementAccountId: MANAGEMENT,
      environmentAccountId: WORKLOAD,
    });
  });
  afterAll(() => stack?.dispose());

  it("up requests the connection as one account, accepts it as the other, and deploys through it", async () => {
    await stack.up();
    const outputs = await stack.outputs();
    expect(outputs).toMatchObject({
      connectionStatus: "CONNECTED",
      environmentArn: `arn:aws:proton:${DEFAULT_REGION}:${MANAGEMENT}:environment/multi-prod`,
      environmentAccount: WORKLOAD,
      environmentDeploymentStatus: "SUCCEEDED",
    });
    // Each side sees the connection from its own account, and nothing landed in the default account.
    const workload = await inventory(WORKLOAD);
    expect(workload.connections).toEqual([`${String(outputs.connectionId)} (CONNECTED)`]);
    expect((await inventory(MANAGEMENT)).environments).toEqual(["multi-prod"]);
    expect(await inventory(DEFAULT_ACCOUNT)).toEqual(EMPTY);
  });

  it("destroy leaves both accounts empty", async () => {
    await stack.destroy();
    expect((await stack.exportState()).deployment.resources ?? []).toEqual([]);
    expect(await inventory(MANAGEMENT)).toEqual(EMPTY);
    expect(await inventory(WORKLOAD)).toEqual(EMPTY);
  });
});

describe("examples/component", () => {
  let stack: EngineStack;
  beforeAll(async () => {
    stack = await exampleStack("component", { prefix: "comp" });
  });
  afterAll(() => stack?.dispose());

  const proton = () => emulator.client();
  /** The IaC file Proton runs for the component now (its last deployment's). */
  const deployedTemplateFile = async () => {
    const component = (await proton().send(new GetComponentCommand({ name: "comp-queue" }))).component;
    const { deployment } = await proton().send(
      new GetDeploymentCommand({ id: component?.lastAttemptedDeploymentId }),
    );
    return deployment?.targetState?.component?.templateFile ?? "";
  };
  /** `pulumi <command> --diff` on this stack's config, as a reviewer would run it. */
  const withDiff = (command: string) =>
    stack.run([
      command,
      "--diff",
      "--stack",
      stack.name,
      "--non-interactive",
      "--config-file",
      configFileOf(stack),
    ]);

  it("up attaches the component to the service instance and deploys it", async () => {
    const result = await stack.up();
    expect(result.changes).toEqual({ create: 11 });
    expect(await stack.outputs()).toMatchObject({
      componentArn: `arn:aws:proton:${DEFAULT_REGION}:${DEFAULT_ACCOUNT}:component/comp-queue`,
      componentDeploymentStatus: "SUCCEEDED",
      componentAttachedTo: "comp-worker/jobs",
      queueName: "comp-dev-comp-queue",
      instanceDeploymentStatus: "SUCCEEDED",
    });
    expect(await deployedTemplateFile()).toContain("VisibilityTimeout: 30");
  });

  it("keeps the manifest and the template file secret in the state and in previews", async () => {
    const exported = await stack.run(["stack", "export", "--stack", stack.name]);
    expect(exported.exitCode).toBe(0);
    const component = (JSON.parse(exported.stdout) as StackState).deployment.resources?.find((r) =>
      r.urn.endsWith("::queue"),
    );
    const SECRET_SIG = "4dabf18193072939515e22adb298388d";
    for (const member of ["manifest", "templateFile"]) {
      expect(component?.inputs?.[member]).toMatchObject({ [SECRET_SIG]: expect.any(String) });
      expect(component?.outputs?.[member]).toMatchObject({ [SECRET_SIG]: expect.any(String) });
    }
    expect(exported.stdout).not.toContain("AWS::SQS::Queue");
    expect(exported.stdout).not.toContain("template_language");
  });

  it("a template file change previews as CURRENT_VERSION, in clear nowhere, and up deploys the component alone", async () => {
    await stack.setConfig({ visibilityTimeout: "60" });
    const preview = await stack.preview();
    expect(changedUrns(preview)).toEqual(["update pulumi-nodejs:dynamic/proton:Component::queue"]);
    expect(preview.diagnostics.map((d) => d.message).join("\n")).toContain(
      "comp-queue: planned deploymentType CURRENT_VERSION (templateFile)",
    );
    const diff = await withDiff("preview");
    expect(diff.exitCode).toBe(0);
    expect(diff.stdout).toContain("templateFile");
    expect(diff.stdout).toContain("[secret]");
    expect(diff.stdout).not.toContain("VisibilityTimeout");

    await emulator.control.clearCalls();
    const result = await stack.up();
    expect(result.changes).toMatchObject({ update: 1 });
    const { calls } = await emulator.control.calls();
    expect(calls.map((c) => c.operation)).toEqual(["UpdateComponent"]);
    expect(calls[0].input).toMatchObject({ name: "comp-queue", deploymentType: "CURRENT_VERSION" });
    expect(await deployedTemplateFile()).toContain("VisibilityTimeout: 60");
  });

  it("refresh records a change made outside Pulumi; the next up deploys the program's back", async () => {
    const programs = await deployedTemplateFile();
    const handEdited = programs.replace("VisibilityTimeout: 60", "VisibilityTimeout: 5");
    await proton().send(
      new UpdateComponentCommand({
        name: "comp-queue",
        deploymentType: "CURRENT_VERSION",
        templateFile: handEdited,
      }),
    );
    await waitUntilComponentDeployed(waiterFor(proton()), { name: "comp-queue" });
    await proton().send(
      new UpdateComponentCommand({
        name: "comp-queue",
        deploymentType: "NONE",
        description: "edited by hand",
      }),
    );

    await stack.refresh();
    const recorded = (await stack.exportState()).deployment.resources?.find((r) => r.urn.endsWith("::queue"));
    expect(recorded?.outputs).toMatchObject({ description: "edited by hand" });
    expect(JSON.stringify(recorded?.outputs?.templateFile)).toContain("VisibilityTimeout: 5");
    expect(changedUrns(await stack.preview())).toEqual([
      "update pulumi-nodejs:dynamic/proton:Component::queue",
    ]);

    await emulator.control.clearCalls();
    await stack.up();
    const { calls } = await emulator.control.calls();
    expect(calls.map((c) => [c.operation, (c.input as Record<string, unknown>).deploymentType])).toEqual([
      ["UpdateComponent", "CURRENT_VERSION"],
    ]);
    expect(await deployedTemplateFile()).toBe(programs);
    expect(changedUrns(await stack.preview())).toEqual([]);
  });

  it("destroy detaches and deletes the component before its instance, service and environment go", async () => {
    await emulator.control.clearCalls();
    const result = await stack.destroy();
    expect(result.changes).toEqual({ delete: 11 });
    const operations = (await emulator.control.calls()).calls.map((c) => c.operation);
    expect(operations.indexOf("DeleteComponent")).toBeGreaterThan(operations.indexOf("UpdateComponent"));
    expect(operations.indexOf("DeleteComponent")).toBeLessThan(operations.indexOf("DeleteService"));
    expect((await stack.exportState()).deployment.resources ?? []).toEqual([]);
    expect(await inventory(DEFAULT_ACCOUNT)).toEqual(EMPTY);
  });
});

/** The stack's config file (the engine harness keeps it in the stack's work directory). */
function configFileOf(stack: EngineStack): string {
  const root = path.join(repoRoot, ".tmp", "engine");
  const dir = fs.readdirSync(root).find((d) => d.startsWith(`${stack.name}-`));
  if (!dir) throw new Error(`no work directory for stack ${stack.name}`);
  return path.join(root, dir, `Pulumi.${stack.name}.yaml`);
}

// The engine runs the programs transpile-only (as the harness sets it up): type errors are caught here.
it.each(["platform", "upgrade", "multi-account", "component", "git-sync"])(
  "examples/%s type-checks with its own tsconfig.json",
  (name) => {
    const tsc = require.resolve("typescript/bin/tsc");
    const run = () =>
      execFileSync(process.execPath, [tsc, "-p", path.join(examples, name, "tsconfig.json")], {
        encoding: "utf8",
      });
    expect(run).not.toThrow();
  },
);

// A directory under examples/ that no describe block above runs would rot unnoticed.
it("covers every example directory", () => {
  const dirs = fs
    .readdirSync(examples, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(examples, d.name, "Pulumi.yaml")))
    .map((d) => d.name)
    .sort();
  // git-sync runs in tests/e2e/gitSync.test.ts (it pushes commits between its engine operations), the
  // platform-* examples in tests/e2e/plugin.test.ts (they run on the provider plugin).
  expect(dirs).toEqual([
    "component",
    "git-sync",
    "multi-account",
    "platform",
    "platform-go",
    "platform-python",
    "platform-yaml",
    "upgrade",
  ]);
});
