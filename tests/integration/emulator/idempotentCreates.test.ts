/**
 * Retried creates without a client token, as the API reference's "Ensuring Idempotency" describes them
 * for CreateEnvironmentTemplate, CreateServiceTemplate, CreateEnvironment and CreateService: the same
 * input again, while the resource is unmodified, answers the resource and does nothing else; other
 * input is a ValidationException (idempotent parameter mismatch); once the resource was modified, a
 * ConflictException.
 */
import {
  CreateEnvironmentCommand,
  CreateEnvironmentTemplateCommand,
  CreateServiceCommand,
  CreateServiceTemplateCommand,
  GetEnvironmentCommand,
  GetServiceCommand,
  ListDeploymentsCommand,
  ListEnvironmentsCommand,
  ListEnvironmentTemplatesCommand,
  ListServiceInstancesCommand,
  ListServicesCommand,
  ListServiceTemplatesCommand,
  ProtonServiceException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateEnvironmentCommand,
  UpdateEnvironmentTemplateCommand,
  UpdateServiceCommand,
  UpdateServiceInstanceCommand,
  UpdateServiceTemplateCommand,
  waitUntilEnvironmentDeployed,
  waitUntilServiceCreated,
  type CreateEnvironmentInput,
  type CreateServiceInput,
} from "@aws-sdk/client-proton";
import { useEmulator, waiterFor } from "../../support/emulator";
import {
  environmentSpec,
  environmentTemplate,
  REPOSITORY,
  ROLE,
  serviceSpec,
  serviceTemplate,
} from "./deployableFixtures";

const emulator = useEmulator({ deploymentMs: 50 });
const client = () => emulator.client();

/** The error a call failed with (the stock SDK's exception, with its HTTP status). */
async function rejection(call: Promise<unknown>): Promise<ProtonServiceException> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ProtonServiceException) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

async function expectMismatch(call: Promise<unknown>, name: string): Promise<void> {
  const error = await rejection(call);
  expect(error.name).toBe("ValidationException");
  expect(error.$metadata.httpStatusCode).toBe(400);
  expect(error.message).toMatch(/^Idempotent parameter mismatch: /);
  expect(error.message).toContain(name);
}

async function expectConflict(call: Promise<unknown>): Promise<void> {
  const error = await rejection(call);
  expect(error.name).toBe("ConflictException");
  expect(error.$metadata.httpStatusCode).toBe(409);
  expect(error.message).toMatch(/already exists/);
}

const deploymentsOf = async (filter: { environmentName?: string; serviceName?: string }) =>
  (await client().send(new ListDeploymentsCommand(filter))).deployments ?? [];

describe.each([
  {
    kind: "environment template",
    create: (input: { name: string; description?: string; tags?: { key: string; value: string }[] }) =>
      client().send(new CreateEnvironmentTemplateCommand({ ...input, displayName: "Shown" })),
    detail: (answer: object) => (answer as { environmentTemplate: unknown }).environmentTemplate,
    count: async () => (await client().send(new ListEnvironmentTemplatesCommand({}))).templates?.length ?? 0,
    update: (name: string) =>
      client().send(new UpdateEnvironmentTemplateCommand({ name, description: "changed" })),
  },
  {
    kind: "service template",
    create: (input: { name: string; description?: string; tags?: { key: string; value: string }[] }) =>
      client().send(new CreateServiceTemplateCommand({ ...input, displayName: "Shown" })),
    detail: (answer: object) => (answer as { serviceTemplate: unknown }).serviceTemplate,
    count: async () => (await client().send(new ListServiceTemplatesCommand({}))).templates?.length ?? 0,
    update: (name: string) =>
      client().send(new UpdateServiceTemplateCommand({ name, description: "changed" })),
  },
])("Create for an $kind", ({ create, detail, count, update }) => {
  const input = { name: "tmpl", description: "d", tags: [{ key: "team", value: "a" }] };

  it("answers a retry with the same parameters with the original template, creating nothing", async () => {
    const first = detail(await create(input));
    // Member order does not matter: the request's parameters are compared, not its bytes.
    const again = detail(await create({ tags: input.tags, description: "d", name: "tmpl" }));
    expect(again).toEqual(first);
    expect(await count()).toBe(1);
  });

  it("refuses a retry with other parameters (ValidationException, HTTP 400)", async () => {
    await create(input);
    await expectMismatch(create({ ...input, description: "other" }), "tmpl");
    await expectMismatch(create({ ...input, tags: [{ key: "team", value: "b" }] }), "tmpl");
    expect(await count()).toBe(1);
  });

  it("refuses a retry once the template was updated (ConflictException, HTTP 409)", async () => {
    await create(input);
    await update("tmpl");
    await expectConflict(create(input));
  });

  it("refuses a retry once the template's tags changed (ConflictException)", async () => {
    const arn = (detail(await create(input)) as { arn: string }).arn;
    await client().send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ["nothing"] }));
    await expectConflict(create(input));
  });
});

describe("CreateEnvironment", () => {
  const input: CreateEnvironmentInput = {
    name: "dev",
    templateName: "vpc",
    templateMajorVersion: "1",
    spec: environmentSpec({ cidr: "10.0.0.0/16" }),
    protonServiceRoleArn: ROLE,
    tags: [{ key: "team", value: "a" }],
  };
  const createEnvironment = (change: Partial<CreateEnvironmentInput> = {}) =>
    client().send(new CreateEnvironmentCommand({ ...input, ...change }));

  beforeEach(() => environmentTemplate(client(), "vpc", ["1.0"]));

  it("answers a retry with the same parameters with the environment, starting no second deployment", async () => {
    const first = (await createEnvironment()).environment;
    const again = (await createEnvironment()).environment;
    expect(again).toMatchObject({
      name: "dev",
      arn: first?.arn,
      createdAt: first?.createdAt,
      lastAttemptedDeploymentId: first?.lastAttemptedDeploymentId,
    });
    await waitUntilEnvironmentDeployed(waiterFor(client()), { name: "dev" });
    // Once deployed, unmodified: still the same environment, still one deployment.
    const settled = (await createEnvironment()).environment;
    expect(settled).toEqual((await client().send(new GetEnvironmentCommand({ name: "dev" }))).environment);
    expect(settled?.lastAttemptedDeploymentId).toBe(first?.lastAttemptedDeploymentId);
    expect(await deploymentsOf({ environmentName: "dev" })).toHaveLength(1);
    expect((await client().send(new ListEnvironmentsCommand({}))).environments).toHaveLength(1);
  });

  it("refuses a retry with other parameters (ValidationException, HTTP 400)", async () => {
    await createEnvironment();
    await expectMismatch(createEnvironment({ spec: environmentSpec({ cidr: "10.1.0.0/16" }) }), "dev");
    await expectMismatch(createEnvironment({ tags: [] }), "dev");
    await expectMismatch(createEnvironment({ description: "other" }), "dev");
    expect(await deploymentsOf({ environmentName: "dev" })).toHaveLength(1);
  });

  it("refuses a retry once the environment was updated or its tags changed (ConflictException)", async () => {
    await createEnvironment();
    await waitUntilEnvironmentDeployed(waiterFor(client()), { name: "dev" });
    await client().send(
      new UpdateEnvironmentCommand({ name: "dev", deploymentType: "NONE", description: "x" }),
    );
    await expectConflict(createEnvironment());

    await createEnvironment({ name: "tagged" });
    const arn = (await client().send(new GetEnvironmentCommand({ name: "tagged" }))).environment?.arn;
    await client().send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: "k", value: "v" }] }));
    await expectConflict(createEnvironment({ name: "tagged" }));
  });
});

describe("CreateService", () => {
  const input: CreateServiceInput = {
    name: "api",
    templateName: "web",
    templateMajorVersion: "1",
    spec: serviceSpec([{ name: "a", environment: "dev" }], { image: "x" }),
    ...REPOSITORY,
    tags: [{ key: "team", value: "a" }],
  };
  const createService = (change: Partial<CreateServiceInput> = {}) =>
    client().send(new CreateServiceCommand({ ...input, ...change }));
  const instances = async () =>
    (await client().send(new ListServiceInstancesCommand({ serviceName: "api" }))).serviceInstances ?? [];

  beforeEach(async () => {
    await environmentTemplate(client(), "vpc", ["1.0"]);
    await serviceTemplate(client(), "web", ["1.0"], [{ templateName: "vpc", majorVersion: "1" }], {
      pipeline: true,
    });
    await client().send(
      new CreateEnvironmentCommand({
        name: "dev",
        templateName: "vpc",
        templateMajorVersion: "1",
        spec: environmentSpec(),
        protonServiceRoleArn: ROLE,
      }),
    );
    await waitUntilEnvironmentDeployed(waiterFor(client()), { name: "dev" });
  });

  it("answers a retry with the same parameters with the service: no second instance, pipeline or deployment", async () => {
    const first = (await createService()).service;
    const again = (await createService()).service;
    expect(again).toMatchObject({ name: "api", arn: first?.arn, createdAt: first?.createdAt });
    expect(again?.pipeline?.lastAttemptedDeploymentId).toBe(first?.pipeline?.lastAttemptedDeploymentId);
    await waitUntilServiceCreated(waiterFor(client()), { name: "api" });
    const settled = (await createService()).service;
    expect(settled).toEqual((await client().send(new GetServiceCommand({ name: "api" }))).service);
    expect(settled?.status).toBe("ACTIVE");
    expect(await instances()).toHaveLength(1);
    // One deployment for the instance, one for the pipeline: the create's.
    expect(await deploymentsOf({ serviceName: "api" })).toHaveLength(2);
    expect((await client().send(new ListServicesCommand({}))).services).toHaveLength(1);
  });

  it("refuses a retry with other parameters (ValidationException, HTTP 400)", async () => {
    await createService();
    await expectMismatch(createService({ branchName: "other" }), "api");
    await expectMismatch(
      createService({ spec: serviceSpec([{ name: "b", environment: "dev" }], { image: "x" }) }),
      "api",
    );
    expect(await instances()).toHaveLength(1);
  });

  it("refuses a retry once the service or one of its instances was updated (ConflictException)", async () => {
    await createService();
    await waitUntilServiceCreated(waiterFor(client()), { name: "api" });
    await client().send(new UpdateServiceCommand({ name: "api", description: "changed" }));
    await expectConflict(createService());
  });

  it("counts an update of an instance it created as a modification (ConflictException)", async () => {
    await createService();
    await waitUntilServiceCreated(waiterFor(client()), { name: "api" });
    await client().send(
      new UpdateServiceInstanceCommand({ serviceName: "api", name: "a", deploymentType: "NONE" }),
    );
    await expectConflict(createService());
  });
});
