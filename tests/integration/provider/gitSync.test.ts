/**
 * Repository, TemplateSyncConfig and ServiceSyncConfig driven like the engine drives a dynamic provider,
 * and the Git sync read functions, against the emulator through the real SDK; commits come from the
 * emulator's Git host.
 */
import {
  CreateEnvironmentTemplateCommand,
  CreateRepositoryCommand,
  CreateServiceCommand,
  CreateTemplateSyncConfigCommand,
  GetRepositoryCommand,
  GetServiceSyncConfigCommand,
  ListEnvironmentTemplateVersionsCommand,
  ListTagsForResourceCommand,
  UpdateServiceSyncBlockerCommand,
  UpdateTemplateSyncConfigCommand,
  waitUntilServiceCreated,
} from "@aws-sdk/client-proton";
import { functions, providers } from "../../../provider/src";
import { OWNER_TAG } from "../../../provider/src/resources/ownership";
import { startTestEmulator, waiterFor, type TestEmulator } from "../../support/emulator";
import { bundleFiles, CONNECTION_ARN, opsFile } from "../../support/gitSync";
import {
  environmentSpec,
  environmentTemplate,
  ROLE,
  serviceSpec,
  serviceTemplate,
  until,
} from "../emulator/deployableFixtures";
import { Driven, failure, settings, useAccounts } from "./deployableSupport";
import { environmentProvider } from "../../../provider/src/resources/environment";

let emulator: TestEmulator;

beforeAll(async () => {
  useAccounts();
  emulator = await startTestEmulator({ deploymentMs: 30 });
});
afterAll(() => emulator.stop());
beforeEach(async () => {
  await emulator.control.reset();
  await emulator.control.setDeploymentDelay(30);
});

const REPO = "acme/platform";
const sdk = () => emulator.client();
const repoInputs = (extra = {}) => ({
  ...settings(emulator),
  owner: "proj/stack/repo",
  provider: "GITHUB",
  name: REPO,
  connectionArn: CONNECTION_ARN,
  ...extra,
});
const push = (files: Record<string, string | null>, branch = "main") =>
  emulator.control.gitPush({ repository: REPO, branch, files });

async function linkedRepository(): Promise<Driven> {
  const repository = new Driven(providers.Repository);
  await repository.create(repoInputs());
  return repository;
}

describe("Repository", () => {
  it("links, reads drift in tags, updates tags in place, replaces on identity change, deletes", async () => {
    const repository = new Driven(providers.Repository);
    const outs = await repository.create(repoInputs({ tags: { team: "platform" } }));
    expect(repository.id).toBe(`GITHUB:${REPO}`);
    expect(outs).toMatchObject({
      arn: `arn:aws:proton:us-east-1:123456789012:repository/github:${REPO}`,
      provider: "GITHUB",
      name: REPO,
      connectionArn: CONNECTION_ARN,
      tags: { team: "platform" },
    });
    const live = await sdk().send(new ListTagsForResourceCommand({ resourceArn: outs.arn as string }));
    expect(live.tags).toContainEqual({ key: OWNER_TAG, value: "proj/stack/repo" });

    expect(await repository.diff(repoInputs({ tags: { team: "core" } }))).toMatchObject({
      changes: true,
      replaces: [],
    });
    expect((await repository.update(repoInputs({ tags: { team: "core" } }))).tags).toEqual({ team: "core" });
    const other = "arn:aws:codestar-connections:us-east-1:123456789012:connection/other";
    expect(await repository.diff(repoInputs({ tags: { team: "core" }, connectionArn: other }))).toMatchObject(
      {
        replaces: ["connectionArn"],
        deleteBeforeReplace: true,
      },
    );
    expect((await repository.diff(repoInputs({ tags: { team: "core" } }))).changes).toBe(false);

    await repository.delete();
    expect(await repository.refresh()).toBeUndefined();
    await repository.delete(); // already gone: success
  });

  it("refuses a link that exists and is not this stack's, unless imported", async () => {
    await sdk().send(
      new CreateRepositoryCommand({ provider: "GITHUB", name: REPO, connectionArn: CONNECTION_ARN }),
    );
    const refused = await failure(new Driven(providers.Repository).create(repoInputs()));
    expect(refused.message).toMatch(
      /already exists and was not created by this stack.*import: "GITHUB:acme\/platform"/,
    );
    const adopted = new Driven(providers.Repository);
    await adopted.create(repoInputs({ importId: `GITHUB:${REPO}`, tags: { adopted: "yes" } }));
    expect(adopted.outs.tags).toEqual({ adopted: "yes" });
    const wrong = await failure(
      new Driven(providers.Repository).create(
        repoInputs({ importId: `GITHUB:${REPO}`, connectionArn: ROLE }),
      ),
    );
    expect(wrong.message).toMatch(/cannot be adopted: connectionArn differ/);
  });

  it("checks names and ARNs at preview, and names Proton's refusal of a delete in use", async () => {
    const { failures } = await new Driven(providers.Repository).check(
      repoInputs({ name: "no-slash", connectionArn: "x" }),
    );
    expect(failures.map((f) => f.property).sort()).toEqual(["connectionArn", "name"]);
    const repository = await linkedRepository();
    await sdk().send(new CreateEnvironmentTemplateCommand({ name: "env" }));
    await sdk().send(
      new CreateTemplateSyncConfigCommand({
        templateName: "env",
        templateType: "ENVIRONMENT",
        repositoryProvider: "GITHUB",
        repositoryName: REPO,
        branch: "main",
      }),
    );
    const refused = await failure(repository.delete());
    expect(refused.message).toMatch(
      /^Repository "GITHUB:acme\/platform": DeleteRepository failed: ConflictException: .*in use by/,
    );
    expect(
      (await sdk().send(new GetRepositoryCommand({ provider: "GITHUB", name: REPO }))).repository,
    ).toBeDefined();
  });
});

describe("TemplateSyncConfig", () => {
  const configInputs = (extra = {}) => ({
    ...settings(emulator),
    templateName: "env",
    templateType: "ENVIRONMENT",
    repositoryProvider: "GITHUB",
    repositoryName: REPO,
    branch: "main",
    subdirectory: "templates",
    ...extra,
  });

  beforeEach(async () => {
    await linkedRepository();
    await sdk().send(new CreateEnvironmentTemplateCommand({ name: "env" }));
  });

  it("creates; a refresh after pushes lists the synced versions with no diff; updates in place; replaces on the template", async () => {
    const config = new Driven(providers.TemplateSyncConfig);
    const outs = await config.create(configInputs());
    expect(config.id).toBe("ENVIRONMENT:env");
    expect(outs).toMatchObject({
      templateName: "env",
      branch: "main",
      subdirectory: "templates",
      syncedVersions: [],
    });

    const first = await push(bundleFiles("templates/", "env", 1, "environment"));
    const second = await push(bundleFiles("templates/", "env", 1, "environment", { revision: 1 }));
    await until(
      () =>
        functions.getTemplateSyncStatus({
          ...settings(emulator),
          templateName: "env",
          templateType: "ENVIRONMENT",
          templateVersion: "1",
        }),
      (s) => (s.latestSync as { status?: string } | undefined)?.status === "SUCCEEDED",
    );
    await until(
      () => config.refresh(),
      (o) => (o?.syncedVersions as { status: string }[]).every((v) => v.status === "DRAFT"),
    );
    expect(config.outs.syncedVersions).toEqual([
      { majorVersion: "1", minorVersion: "0", status: "DRAFT", sha: first.commitId },
      { majorVersion: "1", minorVersion: "1", status: "DRAFT", sha: second.commitId },
    ]);
    expect((await config.diff(configInputs())).changes).toBe(false);

    expect(await config.diff(configInputs({ branch: "release" }))).toMatchObject({
      replaces: [],
      changes: true,
    });
    expect((await config.update(configInputs({ branch: "release" }))).branch).toBe("release");
    expect(await config.diff(configInputs({ branch: "release", templateName: "other" }))).toMatchObject({
      replaces: ["templateName"],
    });
  });

  it("reads drift, adopts an existing configuration by id and refuses to take one over silently", async () => {
    await sdk().send(
      new CreateTemplateSyncConfigCommand({
        templateName: "env",
        templateType: "ENVIRONMENT",
        repositoryProvider: "GITHUB",
        repositoryName: REPO,
        branch: "main",
      }),
    );
    const refused = await failure(new Driven(providers.TemplateSyncConfig).create(configInputs()));
    expect(refused.message).toMatch(/already exists.*import: "ENVIRONMENT:env"/);
    const adopted = new Driven(providers.TemplateSyncConfig);
    await adopted.create(configInputs({ importId: "ENVIRONMENT:env" }));
    expect(adopted.outs).toMatchObject({ branch: "main", subdirectory: "templates" });
    await sdk().send(
      new UpdateTemplateSyncConfigCommand({
        templateName: "env",
        templateType: "ENVIRONMENT",
        repositoryProvider: "GITHUB",
        repositoryName: REPO,
        branch: "hotfix",
      }),
    );
    const drifted = await adopted.refresh();
    expect(drifted).toMatchObject({ branch: "hotfix" });
    expect(drifted?.subdirectory).toBeUndefined();
    expect((await adopted.diff(configInputs())).changes).toBe(true);
  });

  it("delete removes the synced versions (so the template can go), or keeps them when asked", async () => {
    const config = new Driven(providers.TemplateSyncConfig);
    await config.create(configInputs());
    await push({
      ...bundleFiles("templates/", "env", 1, "environment"),
      ...bundleFiles("templates/", "env", 2, "environment"),
    });
    await until(
      () => config.refresh(),
      (o) => (o?.syncedVersions as { status: string }[]).filter((v) => v.status === "DRAFT").length === 2,
    );
    await config.delete();
    const left = await sdk().send(new ListEnvironmentTemplateVersionsCommand({ templateName: "env" }));
    expect(left.templateVersions).toEqual([]);

    const kept = new Driven(providers.TemplateSyncConfig);
    await kept.create(configInputs({ retainSyncedVersions: true }));
    await push(bundleFiles("templates/", "env", 3, "environment"));
    await until(
      () => kept.refresh(),
      (o) => (o?.syncedVersions as { status: string }[]).filter((v) => v.status === "DRAFT").length === 3,
    );
    await kept.delete();
    // The new configuration had synced nothing yet, so the whole tree (v1, v2 and v3) registered.
    const still = await sdk().send(new ListEnvironmentTemplateVersionsCommand({ templateName: "env" }));
    expect(still.templateVersions?.map((v) => `${v.majorVersion}.${v.minorVersion}`)).toEqual([
      "1.0",
      "2.0",
      "3.0",
    ]);
  });

  it("checks its inputs at preview", async () => {
    const { failures } = await new Driven(providers.TemplateSyncConfig).check(
      configInputs({ templateType: "NEITHER", repositoryName: "flat", branch: "" }),
    );
    expect(failures.map((f) => f.property).sort()).toEqual(["branch", "repositoryName", "templateType"]);
  });
});

describe("ServiceSyncConfig and the service sync read functions", () => {
  const configInputs = (extra = {}) => ({
    ...settings(emulator),
    serviceName: "api",
    repositoryProvider: "GITHUB",
    repositoryName: REPO,
    branch: "main",
    filePath: "proton-ops.yaml",
    ...extra,
  });
  const spec = (port: number) => serviceSpec([{ name: "front", environment: "dev", inputs: { port } }]);

  beforeEach(async () => {
    await linkedRepository();
    await environmentTemplate(sdk(), "net", ["1.0"]);
    await serviceTemplate(sdk(), "web", ["1.0"], [{ templateName: "net", majorVersion: "1" }]);
    await new Driven(environmentProvider).create({
      ...settings(emulator),
      name: "dev",
      templateName: "net",
      templateMajorVersion: "1",
      spec: environmentSpec(),
      protonServiceRoleArn: ROLE,
    });
    await sdk().send(
      new CreateServiceCommand({
        name: "api",
        templateName: "web",
        templateMajorVersion: "1",
        spec: spec(80),
      }),
    );
    await waitUntilServiceCreated(waiterFor(sdk()), { name: "api" });
  });

  it("creates, updates in place, reads drift, replaces on the service and deletes", async () => {
    const config = new Driven(providers.ServiceSyncConfig);
    expect(await config.create(configInputs())).toMatchObject({
      serviceName: "api",
      filePath: "proton-ops.yaml",
    });
    expect(config.id).toBe("api");
    expect((await config.update(configInputs({ filePath: "ops/proton-ops.yaml" }))).filePath).toBe(
      "ops/proton-ops.yaml",
    );
    expect(
      (await config.diff(configInputs({ filePath: "ops/proton-ops.yaml", serviceName: "other" }))).replaces,
    ).toEqual(["serviceName"]);
    await config.delete();
    expect(await config.refresh()).toBeUndefined();
    const missing = await failure(
      new Driven(providers.ServiceSyncConfig).create(configInputs({ serviceName: "nope" })),
    );
    expect(missing.message).toMatch(
      /CreateServiceSyncConfig failed: ValidationException: The service nope does not exist/,
    );
  });

  it("a push deploys; a failure raises a blocker the functions report; resolving it syncs again", async () => {
    const config = new Driven(providers.ServiceSyncConfig);
    await config.create(configInputs());
    const args = { ...settings(emulator), serviceName: "api", serviceInstanceName: "front" };
    await emulator.control.failNextDeployment({ resourceName: "front", message: "boom" });
    const pushed = await push({
      "proton-ops.yaml": opsFile("api", { front: { spec: "spec.yaml" } }),
      "spec.yaml": spec(81),
    });
    const failed = await until(
      () => functions.getServiceInstanceSyncStatus(args),
      (s) => (s.latestSync as { status?: string } | undefined)?.status === "FAILED",
    );
    expect(failed.desiredState).toMatchObject({ sha: pushed.commitId, branch: "main" });
    const summary = await functions.getServiceSyncBlockerSummary(args);
    const blockers = summary.latestBlockers as { id: string; status: string; createdReason: string }[];
    expect(blockers).toHaveLength(1);
    expect(blockers[0]).toMatchObject({ status: "ACTIVE", createdReason: expect.stringMatching(/boom/) });
    await sdk().send(new UpdateServiceSyncBlockerCommand({ id: blockers[0].id, resolvedReason: "ok" }));
    const retried = await until(
      () => functions.getServiceInstanceSyncStatus(args),
      (s) => (s.latestSync as { status?: string } | undefined)?.status === "SUCCEEDED",
    );
    expect(retried.latestSuccessfulSync).toBeDefined();
    expect((await functions.getServiceSyncBlockerSummary(args)).latestBlockers).toEqual([]);

    expect(await functions.getServiceSyncConfig({ ...settings(emulator), serviceName: "api" })).toMatchObject(
      { branch: "main" },
    );
    expect(
      await functions.listRepositorySyncDefinitions({
        ...settings(emulator),
        repositoryProvider: "GITHUB",
        repositoryName: REPO,
        syncType: "SERVICE_SYNC",
      }),
    ).toEqual({
      syncDefinitions: [{ branch: "main", directory: "proton-ops.yaml", parent: "api", target: "api" }],
    });
    const repoStatus = await functions.getRepositorySyncStatus({
      ...settings(emulator),
      repositoryProvider: "GITHUB",
      repositoryName: REPO,
      branch: "main",
      syncType: "SERVICE_SYNC",
    });
    expect(repoStatus.latestSync).toMatchObject({ status: "SUCCEEDED" });
    expect(
      await functions.getRepository({ ...settings(emulator), provider: "GITHUB", name: REPO }),
    ).toMatchObject({
      connectionArn: CONNECTION_ARN,
    });
    const gone = await failure(
      functions.getServiceSyncConfig({ ...settings(emulator), serviceName: "nope" }),
    );
    expect(gone.message).toMatch(/ResourceNotFoundException/);
    expect(
      (await sdk().send(new GetServiceSyncConfigCommand({ serviceName: "api" }))).serviceSyncConfig,
    ).toBeDefined();
  });
});
