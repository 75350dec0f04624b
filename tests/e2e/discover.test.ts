/**
 * Bringing an existing estate under management in bulk: an emulator populated out of band (templates,
 * versions, environments, an account connection, a service with instances and a pipeline, account
 * settings) -> `pulumi-aws-proton discover` -> `pulumi import --file` into a TypeScript project, with
 * the code the CLI generates as the program -> a preview that plans nothing -> destroy, which removes
 * it all (the plugin orders the deletes the import could not record dependencies for).
 */
import {
  AcceptEnvironmentAccountConnectionCommand,
  CreateEnvironmentAccountConnectionCommand,
  CreateEnvironmentCommand,
  CreateEnvironmentTemplateCommand,
  CreateEnvironmentTemplateVersionCommand,
  CreateServiceCommand,
  CreateServiceTemplateCommand,
  CreateServiceTemplateVersionCommand,
  GetAccountSettingsCommand,
  ListEnvironmentAccountConnectionsCommand,
  ListEnvironmentsCommand,
  ListEnvironmentTemplatesCommand,
  ListServicesCommand,
  ListServiceTemplatesCommand,
  UpdateAccountSettingsCommand,
  UpdateEnvironmentTemplateVersionCommand,
  UpdateServiceTemplateVersionCommand,
  waitUntilEnvironmentDeployed,
  waitUntilEnvironmentTemplateVersionRegistered,
  waitUntilServiceCreated,
  waitUntilServiceTemplateVersionRegistered,
  type ProtonClient,
} from "@aws-sdk/client-proton";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { createStack, EngineCommandError, type EngineStack } from "../support/engine";
import { uploadBundle } from "../support/bundles";
import {
  DEFAULT_ACCOUNT,
  DEFAULT_REGION,
  fastWaiter,
  startTestEmulator,
  type TestEmulator,
} from "../support/emulator";
import {
  changed,
  configFile,
  emptyTypeScriptProject,
  pluginBin,
  pluginConfig,
  pluginEnv,
  protonResources,
} from "../support/plugin";

jest.setTimeout(240_000);

const WORKLOAD = "222222222222";
const OTHER_MANAGEMENT = "333333333333";
let emulator: TestEmulator;
let work: string;
let stack: EngineStack;
let management: ProtonClient;

const spec = (cidr: string) => `proton: EnvironmentSpec\nspec:\n  cidr: ${cidr}\n`;

/** What a platform team built by hand: every kind the plugin has, made through the API only. */
async function populate() {
  const waiter = { client: management, ...fastWaiter };
  // Real (minimal) bundles in the team's bucket.
  const source = (key: string, kind: "environment" | "service") =>
    uploadBundle(management, key, { kind }, "legacy-templates");
  await management.send(
    new CreateEnvironmentTemplateCommand({ name: "legacy-vpc", displayName: "Legacy VPC" }),
  );
  await management.send(
    new CreateEnvironmentTemplateVersionCommand({
      templateName: "legacy-vpc",
      source: await source("vpc.tar.gz", "environment"),
    }),
  );
  const envVersion = { templateName: "legacy-vpc", majorVersion: "1", minorVersion: "0" };
  await waitUntilEnvironmentTemplateVersionRegistered(waiter, envVersion);
  await management.send(new UpdateEnvironmentTemplateVersionCommand({ ...envVersion, status: "PUBLISHED" }));

  await management.send(
    new CreateServiceTemplateCommand({ name: "legacy-web", description: "web services" }),
  );
  await management.send(
    new CreateServiceTemplateVersionCommand({
      templateName: "legacy-web",
      source: await source("web.tar.gz", "service"),
      compatibleEnvironmentTemplates: [{ templateName: "legacy-vpc", majorVersion: "1" }],
    }),
  );
  const svcVersion = { templateName: "legacy-web", majorVersion: "1", minorVersion: "0" };
  await waitUntilServiceTemplateVersionRegistered(waiter, svcVersion);
  await management.send(new UpdateServiceTemplateVersionCommand({ ...svcVersion, status: "PUBLISHED" }));

  // A workload account asks to host the production environment; this (management) account accepts.
  const requested = await emulator.client(WORKLOAD).send(
    new CreateEnvironmentAccountConnectionCommand({
      managementAccountId: DEFAULT_ACCOUNT,
      environmentName: "legacy-prod",
      roleArn: `arn:aws:iam::${WORKLOAD}:role/ProtonProvisioning`,
    }),
  );
  const connectionId = requested.environmentAccountConnection?.id as string;
  await management.send(new AcceptEnvironmentAccountConnectionCommand({ id: connectionId }));
  // And this account asks another management account to host one of its environments.
  const request = await management.send(
    new CreateEnvironmentAccountConnectionCommand({
      managementAccountId: OTHER_MANAGEMENT,
      environmentName: "partner-env",
      roleArn: `arn:aws:iam::${DEFAULT_ACCOUNT}:role/ProtonProvisioning`,
    }),
  );

  for (const [name, extra] of [
    ["legacy-dev", { protonServiceRoleArn: `arn:aws:iam::${DEFAULT_ACCOUNT}:role/proton` }],
    ["legacy-prod", { environmentAccountConnectionId: connectionId }],
  ] as const) {
    await management.send(
      new CreateEnvironmentCommand({
        name,
        templateName: "legacy-vpc",
        templateMajorVersion: "1",
        spec: spec(name === "legacy-dev" ? "10.1.0.0/16" : "10.2.0.0/16"),
        tags: [{ key: "team", value: "platform" }],
        ...extra,
      }),
    );
    await waitUntilEnvironmentDeployed(waiter, { name });
  }

  await management.send(
    new CreateServiceCommand({
      name: "legacy-api",
      templateName: "legacy-web",
      templateMajorVersion: "1",
      repositoryConnectionArn: `arn:aws:codestar-connections:us-east-1:${DEFAULT_ACCOUNT}:connection/legacy`,
      repositoryId: "legacy-org/api",
      branchName: "main",
      spec: [
        "proton: ServiceSpec",
        "pipeline:",
        "  unit_test_command: make test",
        "instances:",
        "  - name: a",
        "    environment: legacy-dev",
        "    spec:",
        "      port: 80",
        "  - name: b",
        "    environment: legacy-prod",
        "    spec:",
        "      port: 81",
        "",
      ].join("\n"),
    }),
  );
  await waitUntilServiceCreated(waiter, { name: "legacy-api" });
  await management.send(
    new UpdateAccountSettingsCommand({
      pipelineServiceRoleArn: `arn:aws:iam::${DEFAULT_ACCOUNT}:role/pipelines`,
    }),
  );
  return { accepted: connectionId, requested: request.environmentAccountConnection?.id as string };
}

let connections: { accepted: string; requested: string };

beforeAll(async () => {
  emulator = await startTestEmulator({ deploymentMs: 100 });
  management = emulator.client();
  connections = await populate();
  work = emptyTypeScriptProject("legacy-estate");
  stack = await createStack({
    projectDir: work,
    stackName: "discovered-estate",
    config: pluginConfig(emulator),
    env: pluginEnv(),
  });
}, 120_000);

afterAll(async () => {
  stack?.dispose();
  await emulator?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const importFile = () => path.join(work, "resources.json");
const programFile = () => path.join(stack.projectDir, "index.ts");

describe("discover -> pulumi import --file -> preview -> destroy", () => {
  it("discover lists every entity of the account and region, one progress line per kind and a summary", async () => {
    const { stderr } = await promisify(execFile)(
      process.execPath,
      [
        path.join(pluginBin, "pulumi-aws-proton"),
        "discover",
        "--region",
        DEFAULT_REGION,
        "--endpoint",
        emulator.url,
        "--out",
        importFile(),
      ],
      { env: { ...process.env, ...pluginEnv() } },
    );
    const { resources } = JSON.parse(fs.readFileSync(importFile(), "utf8")) as {
      resources: { type: string; name: string; id: string }[];
    };
    expect(resources.map((r) => [r.type.replace("proton:index:", ""), r.id])).toEqual([
      ["EnvironmentTemplate", "legacy-vpc"],
      ["EnvironmentTemplateVersion", "legacy-vpc:1.0"],
      ["ServiceTemplate", "legacy-web"],
      ["ServiceTemplateVersion", "legacy-web:1.0"],
      ["EnvironmentAccountConnection", connections.requested],
      ["EnvironmentAccountConnectionAccepter", connections.accepted],
      ["Environment", "legacy-dev"],
      ["Environment", "legacy-prod"],
      ["Service", "legacy-api"],
      ["ServiceInstance", "legacy-api/a"],
      ["ServiceInstance", "legacy-api/b"],
      ["ServicePipeline", "legacy-api"],
      ["AccountSettings", `accountSettings:${DEFAULT_REGION}`],
    ]);
    expect(new Set(resources.map((r) => r.name)).size).toBe(resources.length);
    expect(stderr).toContain("environment templates: 1\n");
    expect(stderr).toContain("service instances: 2\n");
    expect(stderr).toMatch(/13 resources to import:\n/);
    expect(stderr).toMatch(/ {2}environments +2\n/);
  });

  it("pulumi import --file imports them all and writes the program in TypeScript", async () => {
    const args = ["import", "--file", importFile(), "--out", programFile(), "--protect=false"];
    const result = await stack.run([
      ...args,
      ...["--yes", "--non-interactive", "--stack", stack.name, "--config-file", configFile(stack)],
    ]);
    if (result.exitCode !== 0) throw new EngineCommandError(args, result);
    expect(protonResources(await stack.exportState())).toHaveLength(13);
    const code = fs.readFileSync(programFile(), "utf8");
    expect(code).toContain('import * as proton from "pulumi-aws-proton/plugin";');
    expect(code).toContain('const legacy_dev = new proton.Environment("legacy-dev", {');
    // The engine runs programs transpile-only: the generated code must also type-check against the SDK.
    const tsc = require.resolve("typescript/bin/tsc");
    await promisify(execFile)(process.execPath, [
      tsc,
      "--noEmit",
      "--strict",
      "--esModuleInterop",
      "--skipLibCheck",
      "--target",
      "ES2022",
      "--module",
      "commonjs",
      "--moduleResolution",
      "node",
      programFile(),
    ]);
  });

  it("the generated program previews with no changes", async () => {
    expect(changed(await stack.preview())).toEqual([]);
  });

  it("destroy removes the whole estate", async () => {
    await stack.destroy();
    expect(protonResources(await stack.exportState())).toEqual([]);
    const [envTemplates, svcTemplates, environments, services, accepted, requested, settings] =
      await Promise.all([
        management.send(new ListEnvironmentTemplatesCommand({})),
        management.send(new ListServiceTemplatesCommand({})),
        management.send(new ListEnvironmentsCommand({})),
        management.send(new ListServicesCommand({})),
        management.send(new ListEnvironmentAccountConnectionsCommand({ requestedBy: "MANAGEMENT_ACCOUNT" })),
        management.send(new ListEnvironmentAccountConnectionsCommand({ requestedBy: "ENVIRONMENT_ACCOUNT" })),
        management.send(new GetAccountSettingsCommand({})),
      ]);
    expect([
      envTemplates.templates,
      svcTemplates.templates,
      environments.environments,
      services.services,
    ]).toEqual([[], [], [], []]);
    // Deleting an accepter rejects the connection (the request itself belongs to the workload account).
    expect(accepted.environmentAccountConnections?.map((c) => c.status)).toEqual(["REJECTED"]);
    expect(requested.environmentAccountConnections).toEqual([]);
    expect(settings.accountSettings?.pipelineServiceRoleArn ?? "").toBe("");
  });
});
