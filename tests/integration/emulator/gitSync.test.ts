/**
 * Git sync against the emulator with the real SDK: linked repositories, template sync configurations
 * and push-driven template registration, service sync configurations, service sync and its blockers.
 * Commits come from the emulator's simulated Git host (test control `git-push`).
 */
import {
  CreateEnvironmentCommand,
  CreateEnvironmentTemplateCommand,
  CreateRepositoryCommand,
  CreateServiceCommand,
  CreateServiceSyncConfigCommand,
  CreateServiceTemplateCommand,
  CreateTemplateSyncConfigCommand,
  DeleteRepositoryCommand,
  DeleteServiceSyncConfigCommand,
  DeleteTemplateSyncConfigCommand,
  GetEnvironmentTemplateVersionCommand,
  GetRepositoryCommand,
  GetRepositorySyncStatusCommand,
  GetServiceInstanceCommand,
  GetServiceInstanceSyncStatusCommand,
  GetServiceSyncBlockerSummaryCommand,
  GetServiceSyncConfigCommand,
  GetServiceTemplateVersionCommand,
  GetTemplateSyncConfigCommand,
  GetTemplateSyncStatusCommand,
  ListEnvironmentTemplateVersionsCommand,
  ListRepositoriesCommand,
  ListRepositorySyncDefinitionsCommand,
  ListTagsForResourceCommand,
  UpdateServiceInstanceCommand,
  UpdateServiceSyncBlockerCommand,
  UpdateServiceSyncConfigCommand,
  UpdateTemplateSyncConfigCommand,
  waitUntilEnvironmentDeployed,
  waitUntilServiceCreated,
  waitUntilServiceInstanceDeployed,
  type GetServiceInstanceSyncStatusOutput,
  type GetTemplateSyncStatusOutput,
  type ProtonClient,
} from "@aws-sdk/client-proton";
import { useEmulator, waiterFor } from "../../support/emulator";
import { bundleFiles, CONNECTION_ARN, opsFile } from "../../support/gitSync";
import {
  environmentSpec,
  environmentTemplate,
  refusal,
  ROLE,
  serviceSpec,
  serviceTemplate,
  until,
} from "./deployableFixtures";

const emulator = useEmulator();
let proton: ProtonClient;
beforeEach(() => {
  proton = emulator.client();
});

const REPO = "acme/platform";
const repository = { repositoryProvider: "GITHUB" as const, repositoryName: REPO };
const link = (name = REPO, connectionArn = CONNECTION_ARN) =>
  proton.send(new CreateRepositoryCommand({ provider: "GITHUB", name, connectionArn }));
const push = (files: Record<string, string | null>, branch = "main") =>
  emulator.control.gitPush({ repository: REPO, branch, files });

describe("repositories", () => {
  it("links a repository: ARN repository/github:name, tags, get, list", async () => {
    const { repository: created } = await proton.send(
      new CreateRepositoryCommand({
        provider: "GITHUB",
        name: REPO,
        connectionArn: CONNECTION_ARN,
        tags: [{ key: "team", value: "platform" }],
      }),
    );
    expect(created).toEqual({
      arn: `arn:aws:proton:us-east-1:123456789012:repository/github:${REPO}`,
      provider: "GITHUB",
      name: REPO,
      connectionArn: CONNECTION_ARN,
    });
    const got = await proton.send(new GetRepositoryCommand({ provider: "GITHUB", name: REPO }));
    expect(got.repository).toEqual(created);
    const tags = await proton.send(new ListTagsForResourceCommand({ resourceArn: created?.arn }));
    expect(tags.tags).toEqual([{ key: "team", value: "platform" }]);
    await link("acme/other");
    const listed = await proton.send(new ListRepositoriesCommand({ maxResults: 1 }));
    expect(listed.repositories?.map((r) => r.name)).toEqual(["acme/other"]);
    const rest = await proton.send(new ListRepositoriesCommand({ nextToken: listed.nextToken }));
    expect(rest.repositories?.map((r) => r.name)).toEqual([REPO]);
  });

  it("creates idempotently: the same link again answers it, another connection conflicts", async () => {
    const first = await link();
    expect((await link()).repository).toEqual(first.repository);
    const other = "arn:aws:codestar-connections:us-east-1:123456789012:connection/other";
    expect(await refusal(link(REPO, other))).toMatch(/^ConflictException/);
  });

  it("validates names and ARNs from the model", async () => {
    expect(await refusal(link("no-slash"))).toMatch(/^ValidationException/);
    expect(await refusal(link(REPO, "not-an-arn"))).toMatch(/^ValidationException/);
  });

  it("deletes (a retry answers the same), refuses while a sync configuration uses it, not found after", async () => {
    await link();
    await proton.send(new CreateEnvironmentTemplateCommand({ name: "env" }));
    await proton.send(
      new CreateTemplateSyncConfigCommand({
        templateName: "env",
        templateType: "ENVIRONMENT",
        branch: "main",
        ...repository,
      }),
    );
    const del = () => proton.send(new DeleteRepositoryCommand({ provider: "GITHUB", name: REPO }));
    expect(await refusal(del())).toMatch(
      /^ConflictException: .*template sync configuration of environment template env/,
    );
    await proton.send(
      new DeleteTemplateSyncConfigCommand({ templateName: "env", templateType: "ENVIRONMENT" }),
    );
    const deleted = await del();
    expect(deleted.repository?.name).toBe(REPO);
    expect((await del()).repository).toEqual(deleted.repository);
    expect(await refusal(proton.send(new GetRepositoryCommand({ provider: "GITHUB", name: REPO })))).toMatch(
      /^ResourceNotFoundException/,
    );
    expect(
      await refusal(proton.send(new DeleteRepositoryCommand({ provider: "BITBUCKET", name: REPO }))),
    ).toMatch(/^ResourceNotFoundException/);
  });
});

describe("template sync configurations", () => {
  const config = (change: Record<string, unknown> = {}) =>
    new CreateTemplateSyncConfigCommand({
      templateName: "env",
      templateType: "ENVIRONMENT",
      branch: "main",
      subdirectory: "templates",
      ...repository,
      ...change,
    });

  beforeEach(async () => {
    await link();
    await proton.send(new CreateEnvironmentTemplateCommand({ name: "env" }));
  });

  it("creates, reads, updates and deletes one per template", async () => {
    const { templateSyncConfig } = await proton.send(config());
    expect(templateSyncConfig).toEqual({
      templateName: "env",
      templateType: "ENVIRONMENT",
      branch: "main",
      subdirectory: "templates",
      ...repository,
    });
    expect((await proton.send(config())).templateSyncConfig).toEqual(templateSyncConfig);
    expect(await refusal(proton.send(config({ branch: "dev" })))).toMatch(/^ConflictException/);
    const key = { templateName: "env", templateType: "ENVIRONMENT" as const };
    expect((await proton.send(new GetTemplateSyncConfigCommand(key))).templateSyncConfig).toEqual(
      templateSyncConfig,
    );
    const updated = await proton.send(
      new UpdateTemplateSyncConfigCommand({ ...key, ...repository, branch: "dev" }),
    );
    expect(updated.templateSyncConfig).toEqual({ ...key, ...repository, branch: "dev" });
    const deleted = await proton.send(new DeleteTemplateSyncConfigCommand(key));
    expect(deleted.templateSyncConfig?.branch).toBe("dev");
    expect((await proton.send(new DeleteTemplateSyncConfigCommand(key))).templateSyncConfig?.branch).toBe(
      "dev",
    );
    expect(await refusal(proton.send(new GetTemplateSyncConfigCommand(key)))).toMatch(
      /^ResourceNotFoundException/,
    );
    expect(
      await refusal(proton.send(new UpdateTemplateSyncConfigCommand({ ...key, ...repository, branch: "x" }))),
    ).toMatch(/^ResourceNotFoundException/);
  });

  it("refuses an unlinked repository or a missing template (the operation models no not-found error)", async () => {
    expect(await refusal(proton.send(config({ repositoryName: "acme/unlinked" })))).toMatch(
      /^ValidationException: .*not linked/,
    );
    expect(await refusal(proton.send(config({ templateName: "missing" })))).toMatch(
      /^ValidationException: .*does not exist/,
    );
    expect(await refusal(proton.send(config({ templateType: "SERVICE" })))).toMatch(/^ValidationException/);
  });

  it("lists the repository's sync definitions", async () => {
    await proton.send(config());
    const { syncDefinitions } = await proton.send(
      new ListRepositorySyncDefinitionsCommand({ ...repository, syncType: "TEMPLATE_SYNC" }),
    );
    expect(syncDefinitions).toEqual([
      { branch: "main", directory: "templates", parent: "env", target: "env" },
    ]);
    const services = await proton.send(
      new ListRepositorySyncDefinitionsCommand({ ...repository, syncType: "SERVICE_SYNC" }),
    );
    expect(services.syncDefinitions).toEqual([]);
  });
});

describe("template sync: pushes register versions", () => {
  const key = { templateName: "env", templateType: "ENVIRONMENT" as const };
  const bundle = (major: number, options = {}) =>
    bundleFiles("templates/", "env", major, "environment", options);
  const status = (major: string) =>
    proton.send(new GetTemplateSyncStatusCommand({ ...key, templateVersion: major }));
  const settled = (major: string) =>
    until(
      () => status(major),
      (s: GetTemplateSyncStatusOutput) =>
        s.latestSync?.status === "SUCCEEDED" || s.latestSync?.status === "FAILED",
    );
  const versions = async () =>
    (
      await proton.send(new ListEnvironmentTemplateVersionsCommand({ templateName: "env" }))
    ).templateVersions?.map((v) => `${v.majorVersion}.${v.minorVersion} ${v.status}`);

  beforeEach(async () => {
    await link();
    await proton.send(new CreateEnvironmentTemplateCommand({ name: "env" }));
    await proton.send(
      new CreateTemplateSyncConfigCommand({
        ...key,
        branch: "main",
        subdirectory: "templates",
        ...repository,
      }),
    );
  });

  it("registers v1 as 1.0 (DRAFT), records the revision and events; unchanged contents register nothing", async () => {
    const pushed = await push(bundle(1));
    expect(pushed.commitId).toMatch(/^[0-9a-f]{40}$/);
    expect(pushed.syncs["123456789012/us-east-1"].templateVersions).toEqual(["env:1.0"]);
    const synced = await settled("1");
    expect(synced.latestSync).toMatchObject({ status: "SUCCEEDED", target: "env:1.0" });
    expect(synced.desiredState).toEqual({
      ...repository,
      branch: "main",
      directory: "templates/env/v1",
      sha: pushed.commitId,
    });
    expect(synced.latestSync?.targetRevision).toEqual(synced.desiredState);
    expect(synced.latestSuccessfulSync).toEqual(synced.latestSync);
    expect(synced.latestSync?.events?.map((e) => e.type)).toEqual([
      "SYNC_INITIATED",
      "REGISTRATION_STARTED",
      "SYNC_SUCCEEDED",
    ]);
    const { environmentTemplateVersion } = await proton.send(
      new GetEnvironmentTemplateVersionCommand({ templateName: "env", majorVersion: "1", minorVersion: "0" }),
    );
    expect(environmentTemplateVersion).toMatchObject({
      status: "DRAFT",
      description: `Synced from GITHUB:${REPO}@${pushed.commitId} (branch main)`,
    });
    expect(environmentTemplateVersion?.schema).toContain("environment_input_type");

    const again = await push({ "README.md": "unrelated\n" });
    expect(again.syncs["123456789012/us-east-1"].templateVersions).toEqual([]);
    expect(await versions()).toEqual(["1.0 DRAFT"]);
    const repoStatus = await proton.send(
      new GetRepositorySyncStatusCommand({ ...repository, branch: "main", syncType: "TEMPLATE_SYNC" }),
    );
    expect(repoStatus.latestSync?.status).toBe("SUCCEEDED");
    expect(repoStatus.latestSync?.events?.map((e) => e.type)).toEqual(["COMMIT_RECEIVED", "NO_CHANGE"]);
  });

  it("changed contents of v1 register a minor; a new v2 a major; another branch or directory nothing", async () => {
    await push(bundle(1));
    await settled("1");
    await push(bundle(1, { revision: 1 }));
    await settled("1");
    await push(bundle(2, { inputs: { cidr: {} }, required: ["cidr"] }));
    await settled("2");
    await push(bundle(1, { revision: 2 }), "dev");
    await push(bundleFiles("elsewhere/", "env", 1, "environment", { revision: 5 }));
    expect(await versions()).toEqual(["1.0 DRAFT", "1.1 DRAFT", "2.0 DRAFT"]);
  });

  it("fails the registration of a minor whose schema is not backward compatible", async () => {
    await push(bundle(1, { inputs: { size: { default: "small" }, name: {} } }));
    await settled("1");
    await push(bundle(1, { inputs: { size: { default: "small" }, name: {}, zone: {} }, required: ["zone"] }));
    const failed = await settled("1");
    expect(failed.latestSync?.status).toBe("FAILED");
    expect(failed.latestSync?.events?.at(-1)?.event).toMatch(
      /not backward compatible with version 1\.0: input zone is newly required/,
    );
    expect(failed.latestSuccessfulSync?.target).toBe("env:1.0");
    const { environmentTemplateVersion } = await proton.send(
      new GetEnvironmentTemplateVersionCommand({ templateName: "env", majorVersion: "1", minorVersion: "1" }),
    );
    expect(environmentTemplateVersion).toMatchObject({ status: "REGISTRATION_FAILED" });
    expect(environmentTemplateVersion?.statusMessage).toMatch(/newly required/);

    await push(bundle(1, { inputs: { size: { default: "small" } } }));
    expect((await settled("1")).latestSync?.events?.at(-1)?.event).toMatch(/input name was removed/);
    // A new required input with a default is compatible.
    await push(
      bundle(1, {
        inputs: { size: { default: "small" }, name: {}, zone: { default: "a" } },
        required: ["zone"],
      }),
    );
    expect((await settled("1")).latestSync?.status).toBe("SUCCEEDED");
    expect(await versions()).toEqual([
      "1.0 DRAFT",
      "1.1 REGISTRATION_FAILED",
      "1.2 REGISTRATION_FAILED",
      "1.3 DRAFT",
    ]);
  });

  it("fails a bundle without a manifest or schema", async () => {
    await push({ "templates/env/v1/schema/schema.yaml": "schema: {}\n" });
    const failed = await settled("1");
    expect(failed.latestSync?.events?.at(-1)?.event).toMatch(/no infrastructure\/manifest.yaml/);
  });

  it("syncs service templates from .template-registration.yaml", async () => {
    await environmentTemplate(proton, "net", ["1.0"]);
    await proton.send(
      new CreateServiceTemplateCommand({ name: "web", pipelineProvisioning: "CUSTOMER_MANAGED" }),
    );
    const webKey = { templateName: "web", templateType: "SERVICE" as const };
    await proton.send(new CreateTemplateSyncConfigCommand({ ...webKey, branch: "main", ...repository }));
    await push(bundleFiles("", "web", 1, "service", { compatibleEnvironments: ["net:1"] }));
    await until(
      () => proton.send(new GetTemplateSyncStatusCommand({ ...webKey, templateVersion: "1" })),
      (s) => s.latestSync?.status === "SUCCEEDED",
    );
    const { serviceTemplateVersion } = await proton.send(
      new GetServiceTemplateVersionCommand({ templateName: "web", majorVersion: "1", minorVersion: "0" }),
    );
    expect(serviceTemplateVersion?.compatibleEnvironmentTemplates).toEqual([
      { templateName: "net", majorVersion: "1" },
    ]);
    await push(bundleFiles("", "web", 2, "service", { compatibleEnvironments: ["net:7"] }));
    const failed = await until(
      () => proton.send(new GetTemplateSyncStatusCommand({ ...webKey, templateVersion: "2" })),
      (s) => s.latestSync?.status === "FAILED",
    );
    expect(failed.latestSync?.events?.at(-1)?.event).toMatch(/net has no major version 7/);
  });

  it("answers no sync for a major never synced, and not found without a configuration", async () => {
    expect(await status("3")).toEqual({ $metadata: expect.anything() });
    expect(
      await refusal(
        proton.send(
          new GetTemplateSyncStatusCommand({
            templateName: "nope",
            templateType: "ENVIRONMENT",
            templateVersion: "1",
          }),
        ),
      ),
    ).toMatch(/^ResourceNotFoundException/);
  });

  it("refuses to change or delete a configuration while a registration from it runs", async () => {
    await emulator.control.setDeploymentDelay(600_000);
    await push(bundle(1));
    expect(await refusal(proton.send(new DeleteTemplateSyncConfigCommand(key)))).toMatch(
      /^ConflictException: .*in progress/,
    );
    expect(
      await refusal(
        proton.send(new UpdateTemplateSyncConfigCommand({ ...key, ...repository, branch: "dev" })),
      ),
    ).toMatch(/^ConflictException/);
    expect((await status("1")).latestSync?.status).toBe("IN_PROGRESS");
  });
});

describe("service sync", () => {
  const INSTANCE_SPEC = "services/api/spec.yaml";
  let spec: (inputs: Record<string, unknown>, extra?: { name: string; environment: string }[]) => string;

  beforeEach(async () => {
    await link();
    await environmentTemplate(proton, "net", ["1.0"]);
    await serviceTemplate(proton, "web", ["1.0"], [{ templateName: "net", majorVersion: "1" }]);
    await proton.send(
      new CreateEnvironmentCommand({
        name: "dev",
        templateName: "net",
        templateMajorVersion: "1",
        protonServiceRoleArn: ROLE,
        spec: environmentSpec(),
      }),
    );
    await waitUntilEnvironmentDeployed(waiterFor(proton), { name: "dev" });
    spec = (inputs, extra = []) =>
      serviceSpec([
        { name: "front", environment: "dev", inputs },
        ...extra.map((e) => ({ ...e, inputs: { port: 1 } })),
      ]);
    await proton.send(
      new CreateServiceCommand({
        name: "api",
        templateName: "web",
        templateMajorVersion: "1",
        spec: spec({ port: 80 }),
      }),
    );
    await waitUntilServiceCreated(waiterFor(proton), { name: "api" });
    await waitUntilServiceInstanceDeployed(waiterFor(proton), { serviceName: "api", name: "front" });
    await proton.send(
      new CreateServiceSyncConfigCommand({
        serviceName: "api",
        branch: "main",
        filePath: "proton-ops.yaml",
        ...repository,
      }),
    );
  });

  const instanceStatus = (name = "front") =>
    proton.send(new GetServiceInstanceSyncStatusCommand({ serviceName: "api", serviceInstanceName: name }));
  const synced = (name = "front") =>
    until(
      () => instanceStatus(name),
      (s: GetServiceInstanceSyncStatusOutput) =>
        s.latestSync?.status === "SUCCEEDED" || s.latestSync?.status === "FAILED",
    );
  const blockers = (serviceInstanceName?: string) =>
    proton
      .send(new GetServiceSyncBlockerSummaryCommand({ serviceName: "api", serviceInstanceName }))
      .then((s) => s.serviceSyncBlockerSummary?.latestBlockers ?? []);
  const ops = (
    instances: Record<string, { branch?: string; spec: string }> = { front: { spec: `./${INSTANCE_SPEC}` } },
  ) => opsFile("api", instances);

  it("creates, reads, updates and deletes the configuration; lists it as a sync definition", async () => {
    const got = await proton.send(new GetServiceSyncConfigCommand({ serviceName: "api" }));
    expect(got.serviceSyncConfig).toEqual({
      serviceName: "api",
      branch: "main",
      filePath: "proton-ops.yaml",
      ...repository,
    });
    const again = await proton.send(
      new CreateServiceSyncConfigCommand({
        serviceName: "api",
        branch: "main",
        filePath: "proton-ops.yaml",
        ...repository,
      }),
    );
    expect(again.serviceSyncConfig).toEqual(got.serviceSyncConfig);
    expect(
      await refusal(
        proton.send(
          new CreateServiceSyncConfigCommand({
            serviceName: "api",
            branch: "dev",
            filePath: "x",
            ...repository,
          }),
        ),
      ),
    ).toMatch(/^ConflictException/);
    expect(
      await refusal(
        proton.send(
          new CreateServiceSyncConfigCommand({
            serviceName: "nope",
            branch: "dev",
            filePath: "x",
            ...repository,
          }),
        ),
      ),
    ).toMatch(/^ValidationException: .*does not exist/);
    const { syncDefinitions } = await proton.send(
      new ListRepositorySyncDefinitionsCommand({ ...repository, syncType: "SERVICE_SYNC" }),
    );
    expect(syncDefinitions).toEqual([
      { branch: "main", directory: "proton-ops.yaml", parent: "api", target: "api" },
    ]);
    const updated = await proton.send(
      new UpdateServiceSyncConfigCommand({
        serviceName: "api",
        branch: "release",
        filePath: "ops/proton-ops.yaml",
        ...repository,
      }),
    );
    expect(updated.serviceSyncConfig?.branch).toBe("release");
    await proton.send(new DeleteServiceSyncConfigCommand({ serviceName: "api" }));
    expect(
      (await proton.send(new DeleteServiceSyncConfigCommand({ serviceName: "api" }))).serviceSyncConfig
        ?.branch,
    ).toBe("release");
    expect(await refusal(proton.send(new GetServiceSyncConfigCommand({ serviceName: "api" })))).toMatch(
      /^ResourceNotFoundException/,
    );
  });

  it("a push of the proton-ops file and a spec deploys the instance with that spec; an unchanged push nothing", async () => {
    const pushed = await push({ "proton-ops.yaml": ops(), [INSTANCE_SPEC]: spec({ port: 8080 }) });
    expect(pushed.syncs["123456789012/us-east-1"].serviceInstances).toEqual(["api/front"]);
    const status = await synced();
    expect(status.latestSync).toMatchObject({ status: "SUCCEEDED", target: "front" });
    expect(status.desiredState).toEqual({
      ...repository,
      branch: "main",
      directory: "services/api",
      sha: pushed.commitId,
    });
    const { serviceInstance } = await proton.send(
      new GetServiceInstanceCommand({ serviceName: "api", name: "front" }),
    );
    expect(serviceInstance).toMatchObject({ deploymentStatus: "SUCCEEDED", spec: spec({ port: 8080 }) });
    expect((await push({ "README.md": "hi\n" })).syncs["123456789012/us-east-1"].serviceInstances).toEqual(
      [],
    );
  });

  it("adds an instance the proton-ops file lists and the service lacks", async () => {
    await push({
      "proton-ops.yaml": ops({ front: { spec: INSTANCE_SPEC }, back: { spec: INSTANCE_SPEC } }),
      [INSTANCE_SPEC]: spec({ port: 80 }, [{ name: "back", environment: "dev" }]),
    });
    expect((await synced("back")).latestSync?.status).toBe("SUCCEEDED");
    const { serviceInstance } = await proton.send(
      new GetServiceInstanceCommand({ serviceName: "api", name: "back" }),
    );
    expect(serviceInstance).toMatchObject({
      environmentName: "dev",
      templateMajorVersion: "1",
      deploymentStatus: "SUCCEEDED",
    });
  });

  it("a failed sync deployment raises a blocker; pushes wait; resolving it syncs the latest commit", async () => {
    await emulator.control.failNextDeployment({ resourceName: "front", message: "stack failed" });
    await push({ "proton-ops.yaml": ops(), [INSTANCE_SPEC]: spec({ port: 1 }) });
    const failed = await synced();
    expect(failed.latestSync?.status).toBe("FAILED");
    expect(failed.latestSync?.events?.at(-1)?.event).toMatch(/failed: stack failed/);
    const [blocker] = await blockers("front");
    expect(blocker).toMatchObject({
      status: "ACTIVE",
      type: "AUTOMATED",
      createdReason: expect.stringMatching(/stack failed/),
    });
    expect(blocker.contexts).toEqual(
      expect.arrayContaining([{ key: "serviceInstanceName", value: "front" }]),
    );
    expect(await blockers()).toEqual([]);

    const blocked = await push({ [INSTANCE_SPEC]: spec({ port: 2 }) });
    expect(blocked.syncs["123456789012/us-east-1"].serviceInstances).toEqual([]);
    expect((await instanceStatus()).desiredState?.sha).toBe(blocked.commitId);

    const resolved = await proton.send(
      new UpdateServiceSyncBlockerCommand({ id: blocker.id, resolvedReason: "fixed the stack" }),
    );
    expect(resolved).toMatchObject({
      serviceName: "api",
      serviceInstanceName: "front",
      serviceSyncBlocker: { id: blocker.id, status: "RESOLVED", resolvedReason: "fixed the stack" },
    });
    const retried = await synced();
    expect(retried.latestSync).toMatchObject({
      status: "SUCCEEDED",
      targetRevision: { sha: blocked.commitId },
    });
    const { serviceInstance } = await proton.send(
      new GetServiceInstanceCommand({ serviceName: "api", name: "front" }),
    );
    expect(serviceInstance?.spec).toBe(spec({ port: 2 }));
    expect(await blockers("front")).toEqual([]);
    expect(
      await refusal(
        proton.send(new UpdateServiceSyncBlockerCommand({ id: blocker.id, resolvedReason: "again" })),
      ),
    ).toMatch(/^ConflictException/);
    expect(
      await refusal(proton.send(new UpdateServiceSyncBlockerCommand({ id: "nope", resolvedReason: "x" }))),
    ).toMatch(/^ResourceNotFoundException/);
  });

  it("a change to a synced instance outside sync raises a blocker", async () => {
    await push({ "proton-ops.yaml": ops(), [INSTANCE_SPEC]: spec({ port: 3 }) });
    await synced();
    await proton.send(
      new UpdateServiceInstanceCommand({
        serviceName: "api",
        name: "front",
        deploymentType: "CURRENT_VERSION",
        spec: spec({ port: 4 }),
      }),
    );
    const [blocker] = await blockers("front");
    expect(blocker?.createdReason).toMatch(/updated outside service sync/);
  });

  it("an unreadable proton-ops file raises a service-wide blocker", async () => {
    await push({ "proton-ops.yaml": "sync: { services: { other: {} } }\n" });
    const [blocker] = await blockers();
    expect(blocker?.createdReason).toMatch(/no sync.services.api section/);
    expect(
      await refusal(
        proton.send(
          new GetServiceInstanceSyncStatusCommand({ serviceName: "api", serviceInstanceName: "ghost" }),
        ),
      ),
    ).toMatch(/^ResourceNotFoundException/);
  });

  it("a missing spec file fails the attempt without a blocker", async () => {
    await push({ "proton-ops.yaml": ops() });
    const failed = await synced();
    expect(failed.latestSync?.events?.at(-1)?.event).toMatch(/spec file .* was not found/);
    expect(await blockers("front")).toEqual([]);
  });
});

describe("git-push control route", () => {
  it("refuses malformed pushes", async () => {
    await expect(
      emulator.control.gitPush({ repository: "no-slash", branch: "main", files: { a: "b" } }),
    ).rejects.toThrow(/repository must be/);
    await expect(emulator.control.gitPush({ repository: REPO, branch: "main", files: {} })).rejects.toThrow(
      /files must be/,
    );
  });

  it("builds each commit on its branch's parent; null deletes a file", async () => {
    const first = await push({ a: "1", b: "2" });
    const second = await push({ b: null });
    expect(second.parentCommitId).toBe(first.commitId);
    expect(second.commitId).not.toBe(first.commitId);
  });
});
