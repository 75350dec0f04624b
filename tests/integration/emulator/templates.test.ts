/** Environment and service templates and versions, through the real SDK over HTTP. */
import {
  ConflictException,
  CreateEnvironmentTemplateCommand,
  CreateEnvironmentTemplateVersionCommand,
  CreateServiceTemplateCommand,
  CreateServiceTemplateVersionCommand,
  DeleteEnvironmentTemplateCommand,
  DeleteEnvironmentTemplateVersionCommand,
  DeleteServiceTemplateCommand,
  DeleteServiceTemplateVersionCommand,
  GetEnvironmentTemplateCommand,
  GetEnvironmentTemplateVersionCommand,
  GetServiceTemplateCommand,
  GetServiceTemplateVersionCommand,
  ListEnvironmentTemplateVersionsCommand,
  ListEnvironmentTemplatesCommand,
  ListServiceTemplateVersionsCommand,
  ListServiceTemplatesCommand,
  ListTagsForResourceCommand,
  paginateListEnvironmentTemplateVersions,
  paginateListEnvironmentTemplates,
  paginateListServiceTemplates,
  ProtonClient,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  UpdateEnvironmentTemplateCommand,
  UpdateEnvironmentTemplateVersionCommand,
  UpdateServiceTemplateCommand,
  UpdateServiceTemplateVersionCommand,
  ValidationException,
  waitUntilEnvironmentTemplateVersionRegistered,
  waitUntilServiceTemplateVersionRegistered,
  type TemplateVersionStatus,
} from "@aws-sdk/client-proton";
import { uploadBundle } from "../../support/bundles";
import { DEFAULT_ACCOUNT, useEmulator, waiterFor } from "../../support/emulator";

const emulator = useEmulator({ deploymentMs: 50 });
let client: ProtonClient;
type Source = { s3: { bucket: string; key: string } };
/** A minimal real bundle of each kind, uploaded again after each reset. */
const sources = {} as Record<"environment" | "service", Source>;

beforeAll(() => {
  client = emulator.client();
});

beforeEach(async () => {
  sources.environment = await uploadBundle(client, "env/v1.tar.gz", { kind: "environment" });
  sources.service = await uploadBundle(client, "svc/v1.tar.gz", { kind: "service" });
});

interface Template {
  name?: string;
  arn?: string;
  description?: string;
  displayName?: string;
  recommendedVersion?: string;
  createdAt?: Date;
  lastModifiedAt?: Date;
}
interface Version {
  templateName?: string;
  majorVersion?: string;
  minorVersion?: string;
  status?: TemplateVersionStatus | string;
  statusMessage?: string;
  recommendedMinorVersion?: string;
  description?: string;
  arn?: string;
}
interface VersionRef {
  templateName: string;
  majorVersion: string;
  minorVersion: string;
}

/** One adapter per kind so the shared lifecycle runs against both sets of operations. */
interface Kind {
  arnPart: string;
  create(
    name: string,
    extra?: { description?: string; tags?: { key: string; value: string }[] },
  ): Promise<Template>;
  get(name: string): Promise<Template>;
  update(name: string, description: string, displayName: string): Promise<Template>;
  remove(name: string): Promise<Template>;
  list(maxResults?: number, nextToken?: string): Promise<{ templates: Template[]; nextToken?: string }>;
  createVersion(name: string, major?: string, src?: Source, clientToken?: string): Promise<Version>;
  getVersion(ref: VersionRef): Promise<Version>;
  updateVersion(ref: VersionRef, status?: "DRAFT" | "PUBLISHED", description?: string): Promise<Version>;
  deleteVersion(ref: VersionRef): Promise<Version>;
  listVersions(name: string, major?: string): Promise<Version[]>;
  waitRegistered(ref: VersionRef): Promise<unknown>;
  /** Prepares what a version of this kind needs (service templates name a compatible environment major). */
  prepare(): Promise<void>;
}

const ENV_FOR_SERVICES = "shared-env";
const compatible = [{ templateName: ENV_FOR_SERVICES, majorVersion: "1" }];

const environmentKind: Kind = {
  arnPart: "environment-template",
  create: async (name, extra = {}) =>
    (await client.send(new CreateEnvironmentTemplateCommand({ name, ...extra }))).environmentTemplate!,
  get: async (name) => (await client.send(new GetEnvironmentTemplateCommand({ name }))).environmentTemplate!,
  update: async (name, description, displayName) =>
    (await client.send(new UpdateEnvironmentTemplateCommand({ name, description, displayName })))
      .environmentTemplate!,
  remove: async (name) =>
    (await client.send(new DeleteEnvironmentTemplateCommand({ name }))).environmentTemplate!,
  list: async (maxResults, nextToken) => {
    const out = await client.send(new ListEnvironmentTemplatesCommand({ maxResults, nextToken }));
    return { templates: out.templates ?? [], nextToken: out.nextToken };
  },
  createVersion: async (templateName, majorVersion, src = sources.environment, clientToken) =>
    (
      await client.send(
        new CreateEnvironmentTemplateVersionCommand({ templateName, majorVersion, source: src, clientToken }),
      )
    ).environmentTemplateVersion!,
  getVersion: async (ref) =>
    (await client.send(new GetEnvironmentTemplateVersionCommand(ref))).environmentTemplateVersion!,
  updateVersion: async (ref, status, description) =>
    (await client.send(new UpdateEnvironmentTemplateVersionCommand({ ...ref, status, description })))
      .environmentTemplateVersion!,
  deleteVersion: async (ref) =>
    (await client.send(new DeleteEnvironmentTemplateVersionCommand(ref))).environmentTemplateVersion!,
  listVersions: async (templateName, majorVersion) =>
    (await client.send(new ListEnvironmentTemplateVersionsCommand({ templateName, majorVersion })))
      .templateVersions!,
  waitRegistered: (ref) => waitUntilEnvironmentTemplateVersionRegistered(waiterFor(client), ref),
  prepare: async () => undefined,
};

const serviceKind: Kind = {
  arnPart: "service-template",
  create: async (name, extra = {}) =>
    (await client.send(new CreateServiceTemplateCommand({ name, ...extra }))).serviceTemplate!,
  get: async (name) => (await client.send(new GetServiceTemplateCommand({ name }))).serviceTemplate!,
  update: async (name, description, displayName) =>
    (await client.send(new UpdateServiceTemplateCommand({ name, description, displayName })))
      .serviceTemplate!,
  remove: async (name) => (await client.send(new DeleteServiceTemplateCommand({ name }))).serviceTemplate!,
  list: async (maxResults, nextToken) => {
    const out = await client.send(new ListServiceTemplatesCommand({ maxResults, nextToken }));
    return { templates: out.templates ?? [], nextToken: out.nextToken };
  },
  createVersion: async (templateName, majorVersion, src = sources.service, clientToken) =>
    (
      await client.send(
        new CreateServiceTemplateVersionCommand({
          templateName,
          majorVersion,
          source: src,
          clientToken,
          compatibleEnvironmentTemplates: compatible,
        }),
      )
    ).serviceTemplateVersion!,
  getVersion: async (ref) =>
    (await client.send(new GetServiceTemplateVersionCommand(ref))).serviceTemplateVersion!,
  updateVersion: async (ref, status, description) =>
    (await client.send(new UpdateServiceTemplateVersionCommand({ ...ref, status, description })))
      .serviceTemplateVersion!,
  deleteVersion: async (ref) =>
    (await client.send(new DeleteServiceTemplateVersionCommand(ref))).serviceTemplateVersion!,
  listVersions: async (templateName, majorVersion) =>
    (await client.send(new ListServiceTemplateVersionsCommand({ templateName, majorVersion })))
      .templateVersions!,
  waitRegistered: (ref) => waitUntilServiceTemplateVersionRegistered(waiterFor(client), ref),
  prepare: async () => {
    await environmentKind.create(ENV_FOR_SERVICES);
    await environmentKind.createVersion(ENV_FOR_SERVICES);
  },
};

const ref = (templateName: string, majorVersion: string, minorVersion: string): VersionRef => ({
  templateName,
  majorVersion,
  minorVersion,
});

describe.each([
  ["environment", environmentKind],
  ["service", serviceKind],
])("%s templates", (_label, kind) => {
  beforeEach(() => kind.prepare());

  test("create, get, update, list and delete a template", async () => {
    const created = await kind.create("web", { description: "first", tags: [{ key: "team", value: "a" }] });
    expect(created.arn).toBe(`arn:aws:proton:us-east-1:${DEFAULT_ACCOUNT}:${kind.arnPart}/web`);
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(created.recommendedVersion).toBeUndefined();
    expect(await kind.get("web")).toEqual(created);

    const updated = await kind.update("web", "second", "Web");
    expect(updated).toMatchObject({ description: "second", displayName: "Web" });
    expect(updated.lastModifiedAt!.getTime()).toBeGreaterThanOrEqual(created.lastModifiedAt!.getTime());

    const tags = await client.send(new ListTagsForResourceCommand({ resourceArn: created.arn }));
    expect(tags.tags).toEqual([{ key: "team", value: "a" }]);

    await expect(kind.create("web")).rejects.toBeInstanceOf(ConflictException);
    expect((await kind.list()).templates.map((t) => t.name)).toContain("web");
    expect((await kind.remove("web")).name).toBe("web");
    await expect(kind.get("web")).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      client.send(new ListTagsForResourceCommand({ resourceArn: created.arn })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  test("versions register asynchronously, number majors and minors, and publish", async () => {
    await kind.create("app");
    const first = await kind.createVersion("app");
    expect(first).toMatchObject({ majorVersion: "1", minorVersion: "0", status: "REGISTRATION_IN_PROGRESS" });
    expect(first.arn).toBe(`arn:aws:proton:us-east-1:${DEFAULT_ACCOUNT}:${kind.arnPart}/app:1.0`);
    await kind.waitRegistered(ref("app", "1", "0"));
    expect((await kind.getVersion(ref("app", "1", "0"))).status).toBe("DRAFT");

    expect(await kind.createVersion("app", "1")).toMatchObject({ majorVersion: "1", minorVersion: "1" });
    expect(await kind.createVersion("app")).toMatchObject({ majorVersion: "2", minorVersion: "0" });
    await kind.waitRegistered(ref("app", "1", "1"));
    await kind.waitRegistered(ref("app", "2", "0"));
    await expect(kind.createVersion("app", "7")).rejects.toBeInstanceOf(ResourceNotFoundException);

    await kind.updateVersion(ref("app", "1", "0"), "PUBLISHED", "stable");
    expect((await kind.get("app")).recommendedVersion).toBe("1.0");
    await kind.updateVersion(ref("app", "1", "1"), "PUBLISHED");
    expect((await kind.get("app")).recommendedVersion).toBe("1.1");
    expect((await kind.getVersion(ref("app", "1", "0"))).recommendedMinorVersion).toBe("1");
    await kind.updateVersion(ref("app", "2", "0"), "PUBLISHED");
    expect((await kind.get("app")).recommendedVersion).toBe("2.0");
    expect((await kind.getVersion(ref("app", "1", "0"))).description).toBe("stable");

    expect((await kind.listVersions("app")).map((v) => `${v.majorVersion}.${v.minorVersion}`)).toEqual([
      "1.0",
      "1.1",
      "2.0",
    ]);
    expect((await kind.listVersions("app", "1")).map((v) => v.minorVersion)).toEqual(["0", "1"]);
  });

  test("an unusable source or a fail-next request ends in REGISTRATION_FAILED", async () => {
    await kind.create("bad");
    const missing = { s3: { bucket: sources.environment.s3.bucket, key: "missing.tar.gz" } };
    await kind.createVersion("bad", undefined, missing);
    await expect(kind.waitRegistered(ref("bad", "1", "0"))).rejects.toThrow(/FAILURE/);
    const failed = await kind.getVersion(ref("bad", "1", "0"));
    expect(failed.status).toBe("REGISTRATION_FAILED");
    expect(failed.statusMessage).toMatch(/missing\.tar\.gz: the key does not exist \(NoSuchKey\)/);
    await expect(kind.updateVersion(ref("bad", "1", "0"), "PUBLISHED")).rejects.toBeInstanceOf(
      ConflictException,
    );

    await emulator.control.failNextDeployment({ resourceName: "bad", message: "schema rejected" });
    await kind.createVersion("bad");
    await expect(kind.waitRegistered(ref("bad", "2", "0"))).rejects.toThrow(/FAILURE/);
    expect((await kind.getVersion(ref("bad", "2", "0"))).statusMessage).toBe("schema rejected");
    await kind.createVersion("bad");
    await kind.waitRegistered(ref("bad", "3", "0")); // the instruction was consumed
  });

  test("deletion order: versions before templates, the recommended version last", async () => {
    await kind.create("del");
    await kind.createVersion("del");
    await expect(kind.deleteVersion(ref("del", "1", "0"))).rejects.toBeInstanceOf(ConflictException); // registering
    await kind.waitRegistered(ref("del", "1", "0"));
    await kind.createVersion("del", "1");
    await kind.waitRegistered(ref("del", "1", "1"));
    await kind.updateVersion(ref("del", "1", "1"), "PUBLISHED");

    await expect(kind.remove("del")).rejects.toBeInstanceOf(ConflictException);
    await expect(kind.deleteVersion(ref("del", "1", "1"))).rejects.toThrow(/recommended/);
    expect((await kind.deleteVersion(ref("del", "1", "0"))).minorVersion).toBe("0");
    await kind.deleteVersion(ref("del", "1", "1"));
    await expect(kind.getVersion(ref("del", "1", "1"))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await kind.remove("del");
  });

  test("clientToken: a retry returns the original version, other parameters are refused", async () => {
    await kind.create("idem");
    const first = await kind.createVersion("idem", undefined, undefined, "token-1");
    const again = await kind.createVersion("idem", undefined, undefined, "token-1");
    expect(again.arn).toBe(first.arn);
    expect(await kind.listVersions("idem")).toHaveLength(1);
    const other = { s3: { bucket: "templates-bucket", key: "other.tar.gz" } };
    await expect(kind.createVersion("idem", undefined, other, "token-1")).rejects.toBeInstanceOf(
      ValidationException,
    );
  });

  test("list pagination follows name order across pages", async () => {
    const names = ["t05", "t01", "t04", "t02", "t03"];
    for (const name of names) await kind.create(name);
    const first = await kind.list(2);
    expect(first.templates.map((t) => t.name)).toEqual(["t01", "t02"]);
    const second = await kind.list(2, first.nextToken);
    expect(second.templates.map((t) => t.name)).toEqual(["t03", "t04"]);
    await kind.create("t00"); // created between pages: earlier in order, so not seen by this walk
    const third = await kind.list(2, second.nextToken);
    expect(third.templates.map((t) => t.name)).toEqual(["t05"]);
    expect(third.nextToken).toBeUndefined();
    await expect(kind.list(2, "bm90LWEtdG9rZW4=")).rejects.toBeInstanceOf(ValidationException);
  });
});

test("paginators walk every template and version", async () => {
  for (let i = 0; i < 7; i++) await environmentKind.create(`p${i}`);
  for (let i = 0; i < 5; i++) await environmentKind.createVersion("p0");
  for (let i = 0; i < 3; i++) await serviceKind.create(`s${i}`);

  const names: string[] = [];
  for await (const page of paginateListEnvironmentTemplates({ client, pageSize: 3 }, {}))
    names.push(...page.templates!.map((t) => t.name!));
  expect(names).toEqual(["p0", "p1", "p2", "p3", "p4", "p5", "p6"]);

  const versions: string[] = [];
  for await (const page of paginateListEnvironmentTemplateVersions(
    { client, pageSize: 2 },
    { templateName: "p0" },
  ))
    versions.push(...page.templateVersions!.map((v) => v.majorVersion!));
  expect(versions).toEqual(["1", "2", "3", "4", "5"]);

  let pages = 0;
  for await (const page of paginateListServiceTemplates({ client, pageSize: 1 }, {}))
    pages += page.templates!.length;
  expect(pages).toBe(3);
});

describe("service template specifics", () => {
  test("pipelineProvisioning, compatible environment templates and component sources", async () => {
    await serviceKind.prepare();
    const template = await serviceKind.create("svc");
    expect(template).not.toHaveProperty("pipelineProvisioning");
    const managed = (
      await client.send(
        new CreateServiceTemplateCommand({ name: "managed", pipelineProvisioning: "CUSTOMER_MANAGED" }),
      )
    ).serviceTemplate!;
    expect(managed.pipelineProvisioning).toBe("CUSTOMER_MANAGED");

    await expect(
      client.send(
        new CreateServiceTemplateVersionCommand({
          templateName: "svc",
          source: sources.service,
          compatibleEnvironmentTemplates: [{ templateName: ENV_FOR_SERVICES, majorVersion: "9" }],
        }),
      ),
    ).rejects.toBeInstanceOf(ValidationException);

    const version = (
      await client.send(
        new CreateServiceTemplateVersionCommand({
          templateName: "svc",
          source: sources.service,
          compatibleEnvironmentTemplates: compatible,
          supportedComponentSources: ["DIRECTLY_DEFINED"],
        }),
      )
    ).serviceTemplateVersion!;
    expect(version.compatibleEnvironmentTemplates).toEqual(compatible);
    expect(version.supportedComponentSources).toEqual(["DIRECTLY_DEFINED"]);

    // The environment major is in use by the service template version.
    await environmentKind.waitRegistered(ref(ENV_FOR_SERVICES, "1", "0"));
    await expect(environmentKind.deleteVersion(ref(ENV_FOR_SERVICES, "1", "0"))).rejects.toThrow(
      /service template/,
    );
  });

  test("environment templates carry provisioning", async () => {
    const out = await client.send(
      new CreateEnvironmentTemplateCommand({ name: "cm", provisioning: "CUSTOMER_MANAGED" }),
    );
    expect(out.environmentTemplate!.provisioning).toBe("CUSTOMER_MANAGED");
  });

  test("quota: at most 1000 templates per account, environment and service templates together", async () => {
    for (let i = 0; i < 500; i++) await client.send(new CreateServiceTemplateCommand({ name: `s${i}` }));
    for (let i = 0; i < 500; i++) await client.send(new CreateEnvironmentTemplateCommand({ name: `e${i}` }));
    await expect(client.send(new CreateServiceTemplateCommand({ name: "over" }))).rejects.toBeInstanceOf(
      ServiceQuotaExceededException,
    );
    await expect(client.send(new CreateEnvironmentTemplateCommand({ name: "over" }))).rejects.toBeInstanceOf(
      ServiceQuotaExceededException,
    );
  });
});
