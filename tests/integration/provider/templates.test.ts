/**
 * Template resources (both kinds), their versions and account settings, driven like the engine
 * drives a dynamic provider, against the emulator through the real SDK.
 */
import {
  GetAccountSettingsCommand,
  GetEnvironmentTemplateCommand,
  ListEnvironmentTemplatesCommand,
  ListEnvironmentTemplateVersionsCommand,
  ListServiceTemplateVersionsCommand,
  ListTagsForResourceCommand,
  UpdateAccountSettingsCommand,
  UpdateEnvironmentTemplateCommand,
  UpdateServiceTemplateCommand,
  UpdateServiceTemplateVersionCommand,
  DeleteEnvironmentTemplateCommand,
  DeleteEnvironmentTemplateVersionCommand,
} from "@aws-sdk/client-proton";
import { providers } from "../../../provider/src";
import { OWNER_TAG } from "../../../provider/src/resources/ownership";
import { testBucket, uploadBundle } from "../../support/bundles";
import { DEFAULT_ACCOUNT, startTestEmulator, type TestEmulator } from "../../support/emulator";
import { Driven, failure, sent, settings, useAccounts } from "./deployableSupport";

let emulator: TestEmulator;

beforeAll(async () => {
  useAccounts("210987654321");
  emulator = await startTestEmulator({ deploymentMs: 30 });
});
afterAll(() => emulator.stop());
/** Real bundles under every key the tests name: environment bundles, and a service one (`s1`). */
const ENVIRONMENT_KEYS = ["v1", "v1.tar.gz", "v2.tar.gz", "v1.1.tar.gz", "b", "e1", "e2"];
beforeEach(async () => {
  await emulator.control.reset();
  await emulator.control.setDeploymentDelay(30);
  for (const key of ENVIRONMENT_KEYS) await uploadBundle(sdk(), key, { kind: "environment" });
  await uploadBundle(sdk(), "s1", { kind: "service" });
});

const ROLE = "arn:aws:iam::123456789012:role/proton-pipeline";
const source = (key: string) => ({ s3: { bucket: testBucket(DEFAULT_ACCOUNT), key } });
const sdk = () => emulator.client();

const envVersions = async (templateName: string) =>
  (await sdk().send(new ListEnvironmentTemplateVersionsCommand({ templateName }))).templateVersions ?? [];
const tagsOf = async (resourceArn: string) =>
  (await sdk().send(new ListTagsForResourceCommand({ resourceArn }))).tags ?? [];

/** An environment template created through the provider, for the version tests. */
async function envTemplate(name: string): Promise<Driven> {
  const template = new Driven(providers.EnvironmentTemplate);
  await template.create({ ...settings(emulator), name });
  return template;
}

describe.each([
  {
    kind: "EnvironmentTemplate",
    provisioning: "provisioning",
    drift: (name: string) =>
      sdk().send(new UpdateEnvironmentTemplateCommand({ name, description: "out of band" })),
  },
  {
    kind: "ServiceTemplate",
    provisioning: "pipelineProvisioning",
    drift: (name: string) =>
      sdk().send(new UpdateServiceTemplateCommand({ name, description: "out of band" })),
  },
])("$kind", ({ kind, provisioning, drift }) => {
  it("auto-names, creates with tags, updates in place, reconciles tags, reads drift and deletes idempotently", async () => {
    const template = new Driven(providers[kind]);
    const outs = await template.create({
      ...settings(emulator),
      autoNamePrefix: "web",
      displayName: "Web",
      description: "first",
      [provisioning]: "CUSTOMER_MANAGED",
      tags: { team: "core", stage: "dev" },
    });
    expect(template.id).toMatch(/^web-[0-9a-f]{7}$/);
    expect(outs).toMatchObject({
      name: template.id,
      displayName: "Web",
      description: "first",
      [provisioning]: "CUSTOMER_MANAGED",
      tags: { team: "core", stage: "dev" },
    });
    expect(outs.arn).toMatch(new RegExp(`${template.id}$`));
    expect(typeof outs.createdAt).toBe("string");
    // A re-check keeps the name chosen at create time.
    expect((await template.checked({ ...template.inputs, name: undefined })).name).toBe(template.id);

    // In place: description; tags: one changed, one removed, one added.
    const edit = { ...template.inputs, description: "second", tags: { team: "web", owner: "me" } };
    expect(await template.diff(edit)).toMatchObject({ changes: true, replaces: [] });
    await emulator.control.clearCalls();
    const updated = await template.update(edit);
    expect(updated).toMatchObject({ description: "second", tags: { team: "web", owner: "me" } });
    expect((await sent(emulator, "UntagResource"))[0].tagKeys).toEqual(["stage"]);
    expect((await sent(emulator, "TagResource"))[0].tags).toEqual([
      { key: "team", value: "web" },
      { key: "owner", value: "me" },
    ]);
    const [call] = await sent(emulator, `Update${kind}`);
    expect(call).toEqual({ name: template.id, description: "second" });

    // Replacement properties.
    expect((await template.diff({ ...template.inputs, [provisioning]: undefined })).replaces).toEqual([
      provisioning,
    ]);
    const keyed = { ...template.inputs, encryptionKey: "arn:aws:kms:us-east-1:123456789012:key/k1" };
    expect(await template.diff(keyed)).toMatchObject({
      replaces: ["encryptionKey"],
      deleteBeforeReplace: true,
    });

    // Drift made directly through the SDK shows up on refresh, and the program's value differs again.
    await drift(template.id);
    expect(await template.refresh()).toMatchObject({ description: "out of band" });
    expect((await template.diff(edit)).changes).toBe(true);

    await template.delete();
    expect(await template.refresh()).toBeUndefined();
    await expect(template.delete()).resolves.toBeUndefined();
  });
});

describe("template validation", () => {
  it("fails check with the property named, before any API call", async () => {
    await emulator.control.clearCalls();
    const template = new Driven(providers.EnvironmentTemplate);
    const { failures } = await template.check({
      ...settings(emulator),
      name: "bad name",
      provisioning: "SELF",
      tags: { "aws:x": "y" },
    });
    expect(failures.map((f) => f.property).sort()).toEqual(["name", "provisioning", "tags.aws:x"]);
    expect((await emulator.control.calls()).counts).toEqual({});
  });

  it("reports Proton's error naming the resource and operation", async () => {
    const error = await failure(
      new Driven(providers.EnvironmentTemplateVersion).create({
        ...settings(emulator),
        templateName: "missing",
        source: source("v1"),
      }),
    );
    expect(error.message).toMatch(
      /^EnvironmentTemplateVersion "missing:\(new major\)": CreateEnvironmentTemplateVersion failed: ResourceNotFoundException: \S/,
    );
  });
});

describe("per-resource connection settings", () => {
  it("manage templates in another account through a profile, without touching the default one", async () => {
    const other = "210987654321";
    const elsewhere = new Driven(providers.EnvironmentTemplate);
    await elsewhere.create({ ...settings(emulator, other), name: "shared" });
    const list = async (account?: string) =>
      ((await emulator.client(account).send(new ListEnvironmentTemplatesCommand({}))).templates ?? []).map(
        (t) => t.name,
      );
    expect(await list(other)).toEqual(["shared"]);
    expect(await list()).toEqual([]);
    expect(elsewhere.outs.arn).toContain(`:${other}:`);
    // A different profile is not a change; another region is a replacement.
    expect(
      (
        await elsewhere.diff({
          ...elsewhere.inputs,
          connection: { ...(settings(emulator).connection as object) },
        })
      ).changes,
    ).toBe(false);
    const moved = { ...elsewhere.inputs, connection: { endpoint: emulator.url, region: "eu-west-1" } };
    expect((await elsewhere.diff(moved)).replaces).toEqual(["connection.region"]);
    await elsewhere.delete();
    expect(await list(other)).toEqual([]);
  });
});

describe("template ownership (no clientToken for templates)", () => {
  const inputs = (owner: string, extra = {}) => ({
    ...settings(emulator),
    name: "web",
    owner,
    tags: { a: "1" },
    ...extra,
  });

  it("a re-run adopts what its interrupted run created; another stack's template is refused", async () => {
    const first = new Driven(providers.EnvironmentTemplate);
    await first.create(inputs("proj/dev/web"));
    const live = await sdk().send(new GetEnvironmentTemplateCommand({ name: "web" }));
    expect(await tagsOf(String(live.environmentTemplate?.arn))).toContainEqual({
      key: OWNER_TAG,
      value: "proj/dev/web",
    });
    // The owner tag is bookkeeping, not the user's tags.
    expect(first.outs.tags).toEqual({ a: "1" });

    // The state write was lost: the same resource creates again and converges instead of failing.
    const rerun = new Driven(providers.EnvironmentTemplate);
    const outs = await rerun.create(inputs("proj/dev/web", { description: "now described" }));
    expect(rerun.id).toBe("web");
    expect(outs).toMatchObject({ description: "now described", tags: { a: "1" } });

    const stranger = await failure(new Driven(providers.EnvironmentTemplate).create(inputs("proj/prod/web")));
    expect(stranger.message).toMatch(
      /already exists and was not created by this stack \(it belongs to proj\/dev\/web\).*import: "web"/,
    );

    const imported = new Driven(providers.EnvironmentTemplate);
    await imported.create(inputs("proj/prod/web", { importId: "web" }));
    expect(imported.id).toBe("web");
    expect((await sdk().send(new ListEnvironmentTemplatesCommand({}))).templates).toHaveLength(1);
  });
});

describe("EnvironmentTemplateVersion", () => {
  it("registers a new major, then a minor in it, publishes, updates in place and deletes", async () => {
    await envTemplate("vpc");
    const v1 = new Driven(providers.EnvironmentTemplateVersion);
    const outs = await v1.create({
      ...settings(emulator),
      templateName: "vpc",
      source: source("v1.tar.gz"),
      tags: { a: "1" },
    });
    expect(v1.id).toBe("vpc:1.0");
    expect(outs).toMatchObject({
      majorVersion: "1",
      minorVersion: "0",
      status: "PUBLISHED",
      tags: { a: "1" },
    });
    expect(outs.source).toEqual(source("v1.tar.gz"));

    const v2 = new Driven(providers.EnvironmentTemplateVersion);
    await v2.create({ ...settings(emulator), templateName: "vpc", source: source("v2.tar.gz") });
    expect(v2.id).toBe("vpc:2.0");

    const minor = new Driven(providers.EnvironmentTemplateVersion);
    await minor.create({
      ...settings(emulator),
      templateName: "vpc",
      majorVersion: "1",
      source: source("v1.1.tar.gz"),
      status: "DRAFT",
    });
    expect(minor.id).toBe("vpc:1.1");
    expect(minor.outs.status).toBe("DRAFT");

    // Absent majorVersion is not a change; a source change is a replacement (no delete-first needed).
    expect(await v2.diff({ ...v2.inputs })).toMatchObject({ changes: false });
    expect(await v2.diff({ ...v2.inputs, source: source("v2b.tar.gz") })).toMatchObject({
      replaces: ["source"],
      deleteBeforeReplace: false,
    });

    // Publishing and describing are in-place updates.
    const publish = { ...minor.inputs, status: "PUBLISHED", description: "ready" };
    expect(await minor.diff(publish)).toMatchObject({ changes: true, replaces: [] });
    expect(await minor.update(publish)).toMatchObject({ status: "PUBLISHED", description: "ready" });

    // Destroy order does not matter: the recommended version waits for its siblings.
    await Promise.all([v2.delete(), v1.delete(), minor.delete()]);
    expect(await envVersions("vpc")).toEqual([]);
    await expect(v1.delete()).resolves.toBeUndefined();
  });

  it("deletes newest first (Pulumi's order for dependents) by demoting the recommended version", async () => {
    await envTemplate("vpc");
    const created: Driven[] = [];
    for (const [i, major] of [undefined, "1", undefined].entries()) {
      const version = new Driven(providers.EnvironmentTemplateVersion);
      await version.create({
        ...settings(emulator),
        // Identical inputs, distinct resources: the token scope keeps their creates apart.
        owner: `project/stack/version-${i}`,
        templateName: "vpc",
        majorVersion: major,
        source: source("b"),
      });
      created.push(version);
    }
    expect(created.map((v) => v.id)).toEqual(["vpc:1.0", "vpc:1.1", "vpc:2.0"]);
    for (const version of [...created].reverse()) await version.delete();
    expect(await envVersions("vpc")).toEqual([]);
  });

  it("deletes a failed registration and reports Proton's message", async () => {
    await envTemplate("vpc");
    const version = new Driven(providers.EnvironmentTemplateVersion);
    const error = await failure(
      version.create({
        ...settings(emulator),
        templateName: "vpc",
        source: { s3: { bucket: "invalid-bucket", key: "x.tar.gz" } },
      }),
    );
    expect(error.message).toMatch(
      /REGISTRATION_FAILED: Unable to read the template bundle at s3:\/\/invalid-bucket\/x.tar.gz/,
    );
    expect(version.id).toBe("");
    expect(await envVersions("vpc")).toEqual([]);
  });

  it("keeps a registered version in the state when a later step fails (partial failure)", async () => {
    await envTemplate("vpc");
    // Registration takes far longer than the first poll interval, so faults switched on once the
    // version exists hit the registration wait, after the create succeeded.
    await emulator.control.setDeploymentDelay(3000);
    const version = new Driven(providers.EnvironmentTemplateVersion);
    const create = version.create({
      ...settings(emulator),
      operation: { pollIntervalMs: 500, timeoutMs: 10_000, maxRetries: 0 },
      templateName: "vpc",
      source: source("v1.tar.gz"),
    });
    while ((await envVersions("vpc")).length === 0) await new Promise((r) => setTimeout(r, 5));
    await emulator.control.setFaults({ faultRate: 1 });
    const error = await failure(create);
    await emulator.control.setFaults({});
    expect(error.name).toBe("PartialFailure");
    expect(error.message).toMatch(/waiting for registration failed: .*InternalServerException/);
    expect(error.id).toBe("vpc:1.0");
    expect(error.properties).toMatchObject({ templateName: "vpc", majorVersion: "1", minorVersion: "0" });
    // The engine records it; the next refresh sees the live version.
    expect(version.id).toBe("vpc:1.0");
    expect(await version.refresh()).toMatchObject({ majorVersion: "1" });
  });

  it("re-creates with a fresh token when the token replays a version deleted since", async () => {
    await envTemplate("vpc");
    const inputs = { ...settings(emulator), templateName: "vpc", source: source("v1.tar.gz") };
    const first = new Driven(providers.EnvironmentTemplateVersion);
    await first.create(inputs);
    await first.delete();
    const again = new Driven(providers.EnvironmentTemplateVersion);
    await again.create(inputs);
    expect(again.id).toMatch(/^vpc:\d+\.0$/);
    expect(await envVersions("vpc")).toHaveLength(1);
    const tokens = (await sent(emulator, "CreateEnvironmentTemplateVersion")).map((c) => c.clientToken);
    expect(new Set(tokens).size).toBeGreaterThan(1);
  });

  it("creates exactly one template and version under throttling, HTTP 500s and dropped connections", async () => {
    await emulator.control.setFaults({ throttleAboveRps: 8, faultRate: 0.25, dropRate: 0.15, seed: 7 });
    const resilient = {
      pollIntervalMs: 50,
      timeoutMs: 20_000,
      maxRetries: 12,
      retryMinDelayMs: 20,
      retryMaxDelayMs: 400,
    };
    await new Driven(providers.EnvironmentTemplate).create({
      ...settings(emulator),
      operation: resilient,
      name: "vpc",
    });
    const version = new Driven(providers.EnvironmentTemplateVersion);
    await version.create({
      ...settings(emulator),
      operation: {
        pollIntervalMs: 50,
        timeoutMs: 20_000,
        maxRetries: 12,
        retryMinDelayMs: 20,
        retryMaxDelayMs: 400,
      },
      templateName: "vpc",
      source: source("v1.tar.gz"),
    });
    const { counts } = await emulator.control.calls();
    await emulator.control.setFaults({});
    expect(version.id).toBe("vpc:1.0");
    expect((await sdk().send(new ListEnvironmentTemplatesCommand({}))).templates).toHaveLength(1);
    expect(await envVersions("vpc")).toHaveLength(1);
    // The faults really happened: more calls arrived than a fault-free run makes (one create of
    // each, the registration polls, the publish).
    const polls = counts.GetEnvironmentTemplateVersion ?? 0;
    const total = Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
    expect(total).toBeGreaterThan(3 + polls);
  }, 30_000);

  it("gives up on validation errors at once (no retries)", async () => {
    await emulator.control.clearCalls();
    const version = new Driven(providers.EnvironmentTemplateVersion);
    const error = await failure(
      version.create({ ...settings(emulator), templateName: "missing", source: source("v1.tar.gz") }),
    );
    expect(error.message).toMatch(/ResourceNotFoundException/);
    expect((await emulator.control.calls()).counts.CreateEnvironmentTemplateVersion).toBe(1);
  });
});

describe("ServiceTemplateVersion", () => {
  it("creates with compatible environments, updates them in place and reads drift", async () => {
    await envTemplate("vpc");
    await new Driven(providers.EnvironmentTemplateVersion).create({
      ...settings(emulator),
      templateName: "vpc",
      source: source("e1"),
    });
    await new Driven(providers.EnvironmentTemplateVersion).create({
      ...settings(emulator),
      templateName: "vpc",
      source: source("e2"),
    });
    const template = new Driven(providers.ServiceTemplate);
    await template.create({ ...settings(emulator), name: "api" });

    const version = new Driven(providers.ServiceTemplateVersion);
    const outs = await version.create({
      ...settings(emulator),
      templateName: "api",
      source: source("s1"),
      compatibleEnvironmentTemplates: [{ templateName: "vpc", majorVersion: "1" }],
      supportedComponentSources: ["DIRECTLY_DEFINED"],
    });
    expect(version.id).toBe("api:1.0");
    expect(outs).toMatchObject({
      status: "PUBLISHED",
      compatibleEnvironmentTemplates: [{ templateName: "vpc", majorVersion: "1" }],
      supportedComponentSources: ["DIRECTLY_DEFINED"],
    });

    const widened = {
      ...version.inputs,
      compatibleEnvironmentTemplates: [
        { templateName: "vpc", majorVersion: "1" },
        { templateName: "vpc", majorVersion: "2" },
      ],
    };
    expect(await version.diff(widened)).toMatchObject({ changes: true, replaces: [] });
    expect((await version.update(widened)).compatibleEnvironmentTemplates).toHaveLength(2);

    await sdk().send(
      new UpdateServiceTemplateVersionCommand({
        templateName: "api",
        majorVersion: "1",
        minorVersion: "0",
        description: "edited",
      }),
    );
    expect(await version.refresh()).toMatchObject({ description: "edited" });

    const { failures } = await version.check({ ...version.inputs, compatibleEnvironmentTemplates: [] });
    expect(failures.map((f) => f.property)).toEqual(["compatibleEnvironmentTemplates"]);

    await version.delete();
    expect(
      (await sdk().send(new ListServiceTemplateVersionsCommand({ templateName: "api" }))).templateVersions,
    ).toEqual([]);
  });
});

describe("resources deleted outside Pulumi", () => {
  it("read as gone and delete as success", async () => {
    const template = await envTemplate("gone");
    const version = new Driven(providers.EnvironmentTemplateVersion);
    await version.create({ ...settings(emulator), templateName: "gone", source: source("v1") });
    await sdk().send(
      new DeleteEnvironmentTemplateVersionCommand({
        templateName: "gone",
        majorVersion: "1",
        minorVersion: "0",
      }),
    );
    await sdk().send(new DeleteEnvironmentTemplateCommand({ name: "gone" }));
    expect(await version.refresh()).toBeUndefined();
    expect(await template.refresh()).toBeUndefined();
    await expect(version.delete()).resolves.toBeUndefined();
    await expect(template.delete()).resolves.toBeUndefined();
    await expect(sdk().send(new GetEnvironmentTemplateCommand({ name: "gone" }))).rejects.toThrow();
  });
});

describe("AccountSettings", () => {
  const accountSettings = async () =>
    (await sdk().send(new GetAccountSettingsCommand({}))).accountSettings ?? {};

  it("sets, updates, reads drift and clears on delete", async () => {
    const resource = new Driven(providers.AccountSettings);
    const outs = await resource.create({ ...settings(emulator), pipelineServiceRoleArn: ROLE });
    expect(resource.id).toBe("accountSettings:us-east-1");
    expect(outs).toMatchObject({ pipelineServiceRoleArn: ROLE });
    expect((await accountSettings()).pipelineServiceRoleArn).toBe(ROLE);

    const codebuild = "arn:aws:iam::123456789012:role/codebuild";
    const next = { ...resource.inputs, pipelineCodebuildRoleArn: codebuild };
    expect(await resource.diff(next)).toMatchObject({ changes: true, replaces: [] });
    await emulator.control.clearCalls();
    await resource.update(next);
    expect(await sent(emulator, "UpdateAccountSettings")).toEqual([{ pipelineCodebuildRoleArn: codebuild }]);

    await sdk().send(
      new UpdateAccountSettingsCommand({ pipelineServiceRoleArn: "arn:aws:iam::123456789012:role/other" }),
    );
    expect(await resource.refresh()).toMatchObject({
      pipelineServiceRoleArn: "arn:aws:iam::123456789012:role/other",
    });

    await resource.delete();
    const cleared = await accountSettings();
    expect(cleared.pipelineServiceRoleArn ?? "").toBe("");
    expect(cleared.pipelineCodebuildRoleArn ?? "").toBe("");
    // The settings always exist: a refresh shows them cleared, it never drops the resource.
    const refreshed = await resource.refresh();
    expect(refreshed).toBeDefined();
    expect(refreshed?.pipelineServiceRoleArn).toBeUndefined();
    expect(refreshed?.pipelineCodebuildRoleArn).toBeUndefined();
    await expect(resource.delete()).resolves.toBeUndefined();
  });

  it("created with nothing set, survives a refresh (it is not dropped and recreated)", async () => {
    const resource = new Driven(providers.AccountSettings);
    await resource.create({ ...settings(emulator) });
    expect(resource.id).toBe("accountSettings:us-east-1");
    const refreshed = await resource.refresh();
    expect(refreshed).toBeDefined();
    expect(resource.id).toBe("accountSettings:us-east-1");
    expect(await resource.diff({ ...resource.inputs })).toMatchObject({ changes: false });
    await resource.delete();
  });

  it("rejects a malformed role ARN in check", async () => {
    const { failures } = await new Driven(providers.AccountSettings).check({
      ...settings(emulator),
      pipelineServiceRoleArn: "role",
    });
    expect(failures.map((f) => f.property)).toEqual(["pipelineServiceRoleArn"]);
  });
});

describe("tags on versions", () => {
  it("are written at create and reconciled on update", async () => {
    await envTemplate("vpc");
    const version = new Driven(providers.EnvironmentTemplateVersion);
    await version.create({
      ...settings(emulator),
      templateName: "vpc",
      source: source("v1"),
      tags: { a: "1" },
    });
    await version.update({ ...version.inputs, tags: { b: "2" } });
    expect(await tagsOf(String(version.outs.arn))).toEqual([{ key: "b", value: "2" }]);
  });
});
