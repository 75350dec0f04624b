/**
 * The template resources through the real engine against the emulator: up, a clean preview, an
 * in-place description edit, a source change as a replacement, drift found by refresh, adoption with
 * the `import` resource option, and a destroy that leaves the emulator empty.
 */
import {
  CreateEnvironmentTemplateCommand,
  GetAccountSettingsCommand,
  GetEnvironmentTemplateCommand,
  ListEnvironmentTemplatesCommand,
  ListEnvironmentTemplateVersionsCommand,
  ListServiceTemplatesCommand,
  ListServiceTemplateVersionsCommand,
  UpdateEnvironmentTemplateCommand,
} from "@aws-sdk/client-proton";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  createStack,
  EngineCommandError,
  repoRoot,
  type EngineStack,
  type OperationResult,
  type StateResource,
} from "../support/engine";
import { publishBundles } from "../support/bundles";
import { DEFAULT_ACCOUNT, DEFAULT_REGION, startTestEmulator, type TestEmulator } from "../support/emulator";

const projectDir = path.join(__dirname, "programs", "templates");
/** A distinctive secret: it must never appear in the state. */
const SECRET_KEY = "e2e-secret-access-key-never-in-state";

let emulator: TestEmulator;
let stack: EngineStack;

const sdk = () => emulator.client();
const type = (kind: string) => `pulumi-nodejs:dynamic/proton:${kind}`;
/**
 * What an operation did to each Proton resource other than leaving it alone or reading it, by
 * logical name: e.g. `{ vpc: ["update"] }`.
 */
function changed(result: OperationResult): Record<string, string[]> {
  const touched: Record<string, string[]> = {};
  for (const step of result.steps) {
    if (!step.type.startsWith("pulumi-nodejs:dynamic/proton:") || ["same", "read"].includes(step.op))
      continue;
    const name = step.urn.split("::").pop() as string;
    (touched[name] ??= []).push(step.op);
  }
  return touched;
}

/** Mutating Proton calls the emulator received since the last clear: [operation, input]. */
async function mutations(): Promise<[string, unknown][]> {
  return (await emulator.control.calls()).calls.map((c) => [c.operation, c.input]);
}

async function resources(): Promise<StateResource[]> {
  return (await stack.exportState()).deployment.resources ?? [];
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(repoRoot, "sdk", "nodejs", "dist", "provider.js"))) {
    execFileSync("npm", ["run", "build", "-w", "sdk/nodejs"], { cwd: repoRoot, stdio: "ignore" });
  }
  emulator = await startTestEmulator({ deploymentMs: 50 });
  // The program's versions register real (minimal) bundles from its bucket.
  await publishBundles(emulator.client(), "proton-bundles", [
    ["vpc/v1.tar.gz", "environment"],
    ["vpc/v1.1.tar.gz", "environment"],
    ["api/v1.tar.gz", "service"],
    ["api/v2.tar.gz", "service"],
    ["api/v2-fixed.tar.gz", "service"],
  ]);
  stack = await createStack({
    projectDir,
    stackName: "templates",
    // The endpoint comes from stack config, the rest from the standard AWS environment.
    config: { "proton:endpoint": emulator.url, "aws:region": DEFAULT_REGION },
    env: {
      AWS_ACCESS_KEY_ID: DEFAULT_ACCOUNT,
      AWS_SECRET_ACCESS_KEY: SECRET_KEY,
      AWS_REGION: DEFAULT_REGION,
      AWS_SHARED_CREDENTIALS_FILE: path.join(repoRoot, ".tmp", "no-credentials-file"),
      AWS_CONFIG_FILE: path.join(repoRoot, ".tmp", "no-config-file"),
      PROTON_POLL_INTERVAL_MS: "50",
      PROTON_RETRY_MIN_DELAY_MS: "10",
      PROTON_RETRY_MAX_DELAY_MS: "200",
    },
  });
});

afterAll(async () => {
  stack?.dispose();
  await emulator?.stop();
});

describe("templates stack on the real engine", () => {
  it("preview of the new stack plans every create (values still unknown) without changing Proton", async () => {
    await emulator.control.clearCalls();
    const preview = await stack.preview();
    expect(changed(preview)).toEqual(
      Object.fromEntries(
        ["vpc", "vpc-v1", "vpc-v1-1", "api", "api-v1", "api-v2", "settings"].map((n) => [n, ["create"]]),
      ),
    );
    expect(await mutations()).toEqual([]);
  });

  it("up creates both templates, four versions and the account settings", async () => {
    const result = await stack.up();
    expect(result.changes).toEqual({ create: 8 });
    // Waits report progress through the engine.
    expect(result.diagnostics.map((d) => d.message).join("\n")).toMatch(
      /EnvironmentTemplateVersion ".*" registration: (REGISTRATION_IN_PROGRESS|DRAFT) \(\d+s elapsed\)/,
    );
    expect(changed(result)).toEqual(
      Object.fromEntries(
        ["vpc", "vpc-v1", "vpc-v1-1", "api", "api-v1", "api-v2", "settings"].map((n) => [n, ["create"]]),
      ),
    );

    const outputs = await stack.outputs();
    const envName = String(outputs.envTemplateName);
    const serviceName = String(outputs.serviceTemplateName);
    expect(envName).toMatch(/^vpc-[0-9a-f]{7}$/);
    expect(outputs.envVersions).toEqual([`${envName}:1.0`, `${envName}:1.1`]);
    expect(outputs.serviceVersions).toEqual([`${serviceName}:1.0`, `${serviceName}:2.0`]);
    expect(outputs.pipelineRole).toBe("arn:aws:iam::123456789012:role/proton-pipeline");
    // `EnvironmentTemplate.get` reads the same template without managing it.
    expect(outputs.lookedUpArn).toBe(outputs.envTemplateArn);

    const envVersions = await sdk().send(
      new ListEnvironmentTemplateVersionsCommand({ templateName: envName }),
    );
    expect(
      envVersions.templateVersions?.map((v) => `${v.majorVersion}.${v.minorVersion}:${v.status}`).sort(),
    ).toEqual(["1.0:PUBLISHED", "1.1:PUBLISHED"]);
    const settings = await sdk().send(new GetAccountSettingsCommand({}));
    expect(settings.accountSettings?.pipelineServiceRoleArn).toBe(outputs.pipelineRole);

    const state = await resources();
    expect(
      state
        .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/proton:"))
        .map((r) => r.type)
        .sort(),
    ).toEqual(
      [
        "AccountSettings",
        "EnvironmentTemplate",
        "EnvironmentTemplate", // the read-only lookup
        "EnvironmentTemplateVersion",
        "EnvironmentTemplateVersion",
        "ServiceTemplate",
        "ServiceTemplateVersion",
        "ServiceTemplateVersion",
      ].map(type),
    );
  });

  it("keeps the serialized provider tiny and free of credentials and clients", async () => {
    const state = await resources();
    const providers = new Set(
      state.map((r) => r.inputs?.__provider).filter((p): p is string => typeof p === "string"),
    );
    expect(providers.size).toBe(5); // one shim per kind
    for (const provider of providers) {
      expect(provider.length).toBeLessThan(4000);
      expect(provider).toContain('require("pulumi-aws-proton/dist/provider")');
      expect(provider).not.toMatch(/ProtonClient|credentials|secretAccessKey/i);
    }
    const text = JSON.stringify(state);
    expect(text).not.toContain(SECRET_KEY);
    // Only non-secret connection settings reach the state.
    const template = state.find((r) => r.type === type("EnvironmentTemplate"));
    expect(template?.inputs?.connection).toEqual({ endpoint: emulator.url, region: DEFAULT_REGION });
  });

  it("preview after up shows no changes", async () => {
    const result = await stack.preview();
    expect(changed(result)).toEqual({});
    expect(result.changes).toEqual({ same: 8, read: 1 });
  });

  it("an invalid name fails preview with the property named, before anything is created", async () => {
    await stack.setConfig({ badName: "not a valid name" });
    await emulator.control.clearCalls();
    const error = (await stack.preview().catch((e: unknown) => e)) as EngineCommandError;
    expect(error).toBeInstanceOf(EngineCommandError);
    expect(error.message).toMatch(/name.*"not a valid name" is invalid: letters, digits/);
    // Nothing was created or changed (the stack's read-only lookup may still have read).
    expect(await mutations()).toEqual([]);
    expect((await emulator.control.calls()).counts).not.toHaveProperty("CreateEnvironmentTemplate");
    await stack.setConfig({ badName: "" });
  });

  it("a description edit is an in-place update", async () => {
    await stack.setConfig({ envDescription: "network, edited" });
    await emulator.control.clearCalls();
    const result = await stack.up();
    expect(changed(result)).toEqual({ vpc: ["update"] });
    // Dynamic providers report no per-property diffs to the engine; what was sent proves the update.
    expect(await mutations()).toEqual([
      ["UpdateEnvironmentTemplate", { name: expect.any(String), description: "network, edited" }],
    ]);
  });

  it("a source change replaces the version (create first, then delete)", async () => {
    await stack.setConfig({ serviceV2Key: "api/v2-fixed.tar.gz" });
    const preview = await stack.preview();
    expect(changed(preview)).toEqual({ "api-v2": ["create-replacement", "replace", "delete-replaced"] });
    await emulator.control.clearCalls();

    const result = await stack.up();
    expect(changed(result)).toEqual({ "api-v2": ["create-replacement", "replace", "delete-replaced"] });
    const sent = (await mutations()).map(([operation]) => operation);
    expect(sent[0]).toBe("CreateServiceTemplateVersion");
    expect(sent[sent.length - 1]).toBe("DeleteServiceTemplateVersion");
    expect((await mutations())[0][1]).toMatchObject({ source: { s3: { key: "api/v2-fixed.tar.gz" } } });
    const outputs = await stack.outputs();
    const serviceName = String(outputs.serviceTemplateName);
    expect(outputs.serviceVersions).toEqual([`${serviceName}:1.0`, `${serviceName}:3.0`]);
    const versions = await sdk().send(new ListServiceTemplateVersionsCommand({ templateName: serviceName }));
    expect(versions.templateVersions?.map((v) => `${v.majorVersion}.${v.minorVersion}`).sort()).toEqual([
      "1.0",
      "3.0",
    ]);
  });

  it("refresh reports drift made outside Pulumi, and the next up restores the program's value", async () => {
    const { envTemplateName } = await stack.outputs();
    await sdk().send(
      new UpdateEnvironmentTemplateCommand({ name: String(envTemplateName), description: "drifted" }),
    );

    const refresh = await stack.refresh();
    // The managed template and its read-only lookup both see the new description.
    expect(refresh.changes).toEqual({ same: 7, update: 2 });
    const templates = (await resources()).filter((r) => r.type === type("EnvironmentTemplate"));
    expect(templates.map((r) => r.outputs?.description)).toEqual(["drifted", "drifted"]);

    const result = await stack.up();
    expect(changed(result)).toEqual({ vpc: ["update"] });
  });

  it("adopts a template created outside Pulumi with the import option, updating what differs", async () => {
    await sdk().send(
      new CreateEnvironmentTemplateCommand({ name: "legacy-network", description: "hand-made" }),
    );
    await stack.setConfig({ adopt: "legacy-network" });
    const result = await stack.up();
    expect(changed(result)).toEqual({ adopted: ["create"] });
    expect((await stack.outputs()).adoptedArn).toMatch(/environment-template\/legacy-network$/);
    const adopted = await sdk().send(new GetEnvironmentTemplateCommand({ name: "legacy-network" }));
    expect(adopted.environmentTemplate?.description).toBe("adopted by Pulumi");
    expect(changed(await stack.preview())).toEqual({});
  });

  it("a failed registration fails the up with Proton's message and leaves nothing behind", async () => {
    await stack.setConfig({ broken: "true" });
    const error = (await stack.up().catch((e: unknown) => e)) as EngineCommandError;
    expect(error).toBeInstanceOf(EngineCommandError);
    expect(error.message).toMatch(
      /EnvironmentTemplateVersion ".*" registration ended in REGISTRATION_FAILED: Unable to read the template bundle at s3:\/\/invalid-bundles\/broken.tar.gz/,
    );
    expect((await resources()).some((r) => r.urn.endsWith("::vpc-broken"))).toBe(false);
    const { envTemplateName } = await stack.outputs();
    const versions = await sdk().send(
      new ListEnvironmentTemplateVersionsCommand({ templateName: String(envTemplateName) }),
    );
    expect(versions.templateVersions?.map((v) => `${v.majorVersion}.${v.minorVersion}`).sort()).toEqual([
      "1.0",
      "1.1",
    ]);
    await stack.setConfig({ broken: "false" });
    expect(changed(await stack.preview())).toEqual({});
  });

  it("destroy leaves the emulator empty", async () => {
    const result = await stack.destroy();
    const names = ["vpc", "vpc-v1", "vpc-v1-1", "api", "api-v1", "api-v2", "settings", "adopted"];
    // The read-only lookup is discarded from the state, never deleted.
    expect(changed(result)).toEqual({
      ...Object.fromEntries(names.map((n) => [n, ["delete"]])),
      "vpc-lookup": ["discard"],
    });
    expect((await sdk().send(new ListEnvironmentTemplatesCommand({}))).templates).toEqual([]);
    expect((await sdk().send(new ListServiceTemplatesCommand({}))).templates).toEqual([]);
    const settings = (await sdk().send(new GetAccountSettingsCommand({}))).accountSettings ?? {};
    expect(settings.pipelineServiceRoleArn ?? "").toBe("");
    expect(await resources()).toEqual([]);
  });
});
