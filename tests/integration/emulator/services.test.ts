import {
  CancelServiceInstanceDeploymentCommand,
  CancelServicePipelineDeploymentCommand,
  CreateEnvironmentCommand,
  CreateServiceCommand,
  CreateServiceInstanceCommand,
  DeleteEnvironmentCommand,
  DeleteServiceCommand,
  GetServiceCommand,
  GetServiceInstanceCommand,
  ListServiceInstanceOutputsCommand,
  ListServiceInstanceProvisionedResourcesCommand,
  ListServiceInstancesCommand,
  ListServicePipelineOutputsCommand,
  ListServicePipelineProvisionedResourcesCommand,
  ListTagsForResourceCommand,
  paginateListServiceInstances,
  paginateListServices,
  UpdateServiceCommand,
  UpdateServiceInstanceCommand,
  UpdateServicePipelineCommand,
  waitUntilEnvironmentDeployed,
  waitUntilServiceCreated,
  waitUntilServiceDeleted,
  waitUntilServiceInstanceDeployed,
  waitUntilServicePipelineDeployed,
  waitUntilServiceUpdated,
  type CreateServiceInput,
  type CreateServiceInstanceInput,
  type ListServiceInstancesInput,
  type ProtonClient,
  type Service,
  type ServiceInstance,
  type UpdateServiceInstanceInput,
  type UpdateServicePipelineInput,
} from "@aws-sdk/client-proton";
import * as path from "node:path";
import { startTestEmulator, tempDir, useEmulator, waiterFor, withEmulator } from "../../support/emulator";
import {
  environmentSpec,
  environmentTemplate,
  FreezableClock,
  itRefusesBadCreates,
  refusal,
  REPOSITORY,
  ROLE,
  serviceSpec,
  serviceTemplate,
  until,
  type InstanceSpec,
} from "./deployableFixtures";

const clock = new FreezableClock();
const emulator = useEmulator({ clock, reset: false });
let proton: ProtonClient;

// Environments dev, prod (env-tpl 1) and legacy (other-env-tpl 1).
// svc-tpl (no pipeline): 1.0, 1.1, 1.2 draft, 2.0 on env-tpl 1; 3.0 on env-tpl 2 only.
// pipe-tpl (with pipeline): 1.0, 1.1, 2.0 on env-tpl 1.
beforeAll(async () => {
  proton = emulator.client();
  await environmentTemplate(proton, "env-tpl", ["1.0", "2.0"]);
  await environmentTemplate(proton, "other-env-tpl", ["1.0"]);
  await serviceTemplate(
    proton,
    "svc-tpl",
    ["1.0", "1.1", "1.2", "2.0", "3.0"],
    (version) => [{ templateName: "env-tpl", majorVersion: version === "3.0" ? "2" : "1" }],
    { drafts: ["1.2"] },
  );
  await serviceTemplate(
    proton,
    "pipe-tpl",
    ["1.0", "1.1", "2.0"],
    [{ templateName: "env-tpl", majorVersion: "1" }],
    {
      pipeline: true,
    },
  );
  for (const [name, templateName] of [
    ["dev", "env-tpl"],
    ["prod", "env-tpl"],
    ["legacy", "other-env-tpl"],
  ]) {
    await proton.send(
      new CreateEnvironmentCommand({
        name,
        templateName,
        templateMajorVersion: "1",
        spec: environmentSpec(),
        protonServiceRoleArn: ROLE,
      }),
    );
    await waitUntilEnvironmentDeployed(waiterFor(proton), { name });
  }
});

/** The CloudFormation stack an AWS-managed deployment of `slug` provisions (names are the emulator's). */
const cloudFormationStack = (slug: string) => ({
  name: expect.stringMatching(new RegExp(`^AWSProton-${slug}-cloudformation-[0-9A-F]{13}$`)),
  identifier: expect.stringMatching(
    new RegExp(`^arn:aws:cloudformation:us-east-1:123456789012:stack/AWSProton-${slug}-cloudformation-`),
  ),
  provisioningEngine: "CLOUDFORMATION",
});

const instances = (...specs: [string, string, Record<string, unknown>?][]): InstanceSpec[] =>
  specs.map(([name, environment, inputs]) => ({ name, environment, inputs }));

const createInput = (name: string, extra: Partial<CreateServiceInput> = {}): CreateServiceInput => ({
  name,
  templateName: "svc-tpl",
  templateMajorVersion: "1",
  spec: serviceSpec(instances(["a", "dev", { port: 80 }])),
  ...extra,
});

const getService = async (name: string): Promise<Service> =>
  (await proton.send(new GetServiceCommand({ name }))).service as Service;
const getInstance = async (serviceName: string, name: string): Promise<ServiceInstance> =>
  (await proton.send(new GetServiceInstanceCommand({ serviceName, name })))
    .serviceInstance as ServiceInstance;

async function created(name: string, extra: Partial<CreateServiceInput> = {}): Promise<Service> {
  await proton.send(new CreateServiceCommand(createInput(name, extra)));
  await waitUntilServiceCreated(waiterFor(proton), { name });
  return getService(name);
}

const updateInstance = (input: UpdateServiceInstanceInput) =>
  proton.send(new UpdateServiceInstanceCommand(input));

async function instanceDeployed(input: UpdateServiceInstanceInput): Promise<ServiceInstance> {
  await updateInstance(input);
  const ids = { serviceName: input.serviceName, name: input.name };
  await waitUntilServiceInstanceDeployed(waiterFor(proton), ids);
  return getInstance(ids.serviceName as string, ids.name as string);
}

const updatePipeline = (input: UpdateServicePipelineInput) =>
  proton.send(new UpdateServicePipelineCommand(input));

async function pipelineDeployed(input: UpdateServicePipelineInput): Promise<Service> {
  await updatePipeline(input);
  await waitUntilServicePipelineDeployed(waiterFor(proton), { name: input.serviceName });
  return getService(input.serviceName as string);
}

describe("service life cycle", () => {
  it("creates instances and a pipeline from the spec, reports outputs and deletes it all", async () => {
    const spec = serviceSpec(instances(["web-dev", "dev", { port: 8080 }], ["web-prod", "prod"]), {
      image: "nginx",
    });
    await clock.frozen(async () => {
      const creating = await proton.send(
        new CreateServiceCommand({
          ...createInput("web", { templateName: "pipe-tpl", spec }),
          ...REPOSITORY,
        }),
      );
      expect(creating.service).toMatchObject({
        name: "web",
        arn: "arn:aws:proton:us-east-1:123456789012:service/web",
        status: "CREATE_IN_PROGRESS",
        templateName: "pipe-tpl",
        spec,
        ...REPOSITORY,
        pipeline: {
          arn: "arn:aws:proton:us-east-1:123456789012:service/web/pipeline",
          deploymentStatus: "IN_PROGRESS",
          templateMajorVersion: "1",
          templateMinorVersion: "1",
        },
      });
      expect((await getInstance("web", "web-dev")).deploymentStatus).toBe("IN_PROGRESS");
    });

    await waitUntilServiceCreated(waiterFor(proton), { name: "web" });
    await waitUntilServicePipelineDeployed(waiterFor(proton), { name: "web" });
    await waitUntilServiceInstanceDeployed(waiterFor(proton), { serviceName: "web", name: "web-dev" });
    const service = await getService("web");
    expect(service.status).toBe("ACTIVE");
    expect(service.pipeline?.deploymentStatus).toBe("SUCCEEDED");
    const instance = await getInstance("web", "web-dev");
    expect(instance).toMatchObject({
      arn: "arn:aws:proton:us-east-1:123456789012:service/web/service-instance/web-dev",
      serviceName: "web",
      environmentName: "dev",
      templateName: "pipe-tpl",
      templateMajorVersion: "1",
      templateMinorVersion: "1",
      deploymentStatus: "SUCCEEDED",
      spec,
    });

    const instanceOutputs = await proton.send(
      new ListServiceInstanceOutputsCommand({ serviceName: "web", serviceInstanceName: "web-dev" }),
    );
    expect(instanceOutputs.outputs).toEqual([{ key: "port", valueString: "8080" }]);
    const pipelineOutputs = await proton.send(new ListServicePipelineOutputsCommand({ serviceName: "web" }));
    expect(pipelineOutputs.outputs).toEqual([{ key: "image", valueString: "nginx" }]);
    expect(
      (
        await proton.send(
          new ListServiceInstanceProvisionedResourcesCommand({
            serviceName: "web",
            serviceInstanceName: "web-dev",
          }),
        )
      ).provisionedResources,
    ).toEqual([cloudFormationStack("web-web-dev")]);
    // Provisioned by the account's pipeline role (none set: Proton's CloudFormation), not by an environment.
    expect(
      (await proton.send(new ListServicePipelineProvisionedResourcesCommand({ serviceName: "web" })))
        .provisionedResources,
    ).toEqual([cloudFormationStack("web-pipeline")]);

    await clock.frozen(async () => {
      const deleting = await proton.send(new DeleteServiceCommand({ name: "web" }));
      expect(deleting.service).toMatchObject({
        status: "DELETE_IN_PROGRESS",
        pipeline: { deploymentStatus: "DELETE_IN_PROGRESS" },
      });
      expect((await getInstance("web", "web-prod")).deploymentStatus).toBe("DELETE_IN_PROGRESS");
    });
    await waitUntilServiceDeleted(waiterFor(proton), { name: "web" });
    expect(await refusal(getInstance("web", "web-dev"))).toMatch(/^ResourceNotFoundException/);
    expect(await refusal(getService("web"))).toMatch(/^ResourceNotFoundException/);
  });

  itRefusesBadCreates("service", createInput, (input) => proton.send(new CreateServiceCommand(input)), [
    ["an unknown template", { templateName: "nope" }, /^ResourceNotFoundException/],
    ["a draft version", { templateMinorVersion: "2" }, /^ValidationException: .*DRAFT/],
    [
      "an unknown environment",
      { spec: serviceSpec(instances(["a", "nowhere"])) },
      /^ResourceNotFoundException/,
    ],
    [
      "an environment of an incompatible template",
      { spec: serviceSpec(instances(["a", "legacy"])) },
      /^ValidationException: .*isn't compatible/,
    ],
    [
      "pipeline inputs for a template without pipeline",
      { spec: serviceSpec(instances(["a", "dev"]), { image: "x" }) },
      /^ValidationException: .*pipeline inputs/,
    ],
    [
      "repository parameters for a template without pipeline",
      REPOSITORY,
      /^ValidationException: .*repository/,
    ],
    [
      "a pipeline template without repository",
      { templateName: "pipe-tpl" },
      /^ValidationException: .*repositoryConnectionArn/,
    ],
    ["a spec without instances", { spec: "proton: ServiceSpec\n" }, /^ValidationException/],
    ["a spec that is not a service spec", { spec: environmentSpec() }, /^ValidationException/],
  ]);

  it("fails creation when an instance deployment fails", async () => {
    await emulator.control.failNextDeployment({ resourceName: "doomed-a", message: "instance stack failed" });
    await proton.send(
      new CreateServiceCommand(createInput("doomed", { spec: serviceSpec(instances(["doomed-a", "dev"])) })),
    );
    await expect(waitUntilServiceCreated(waiterFor(proton), { name: "doomed" })).rejects.toThrow();
    expect(await getService("doomed")).toMatchObject({
      status: "CREATE_FAILED",
      statusMessage: "instance stack failed",
    });
    expect(await getInstance("doomed", "doomed-a")).toMatchObject({ deploymentStatus: "FAILED" });
    // A failed service can be deleted.
    await proton.send(new DeleteServiceCommand({ name: "doomed" }));
    await waitUntilServiceDeleted(waiterFor(proton), { name: "doomed" });
  });

  it("fails creation on request for the service name", async () => {
    await emulator.control.failNextDeployment({ resourceName: "failing-svc", message: "quota" });
    await proton.send(new CreateServiceCommand(createInput("failing-svc")));
    await expect(waitUntilServiceCreated(waiterFor(proton), { name: "failing-svc" })).rejects.toThrow();
    expect(await getService("failing-svc")).toMatchObject({
      status: "CREATE_FAILED",
      statusMessage: "quota",
    });
    expect(
      await refusal(proton.send(new UpdateServiceCommand({ name: "failing-svc", description: "x" }))),
    ).toMatch(/^ConflictException/);
  });

  it("fails a delete on request, leaving the service DELETE_FAILED", async () => {
    await created("undeletable");
    await emulator.control.failNextDeployment({ resourceName: "undeletable", message: "stuck" });
    await proton.send(new DeleteServiceCommand({ name: "undeletable" }));
    await expect(waitUntilServiceDeleted(waiterFor(proton), { name: "undeletable" })).rejects.toThrow();
    expect(await getService("undeletable")).toMatchObject({
      status: "DELETE_FAILED",
      statusMessage: "stuck",
    });
    expect((await getInstance("undeletable", "a")).deploymentStatus).toBe("DELETE_FAILED");
    // Deleting again succeeds.
    await proton.send(new DeleteServiceCommand({ name: "undeletable" }));
    await waitUntilServiceDeleted(waiterFor(proton), { name: "undeletable" });
  });

  it("refuses changes while the service is being created", async () => {
    await clock.frozen(async () => {
      await proton.send(new CreateServiceCommand(createInput("young")));
      expect(
        await refusal(proton.send(new UpdateServiceCommand({ name: "young", description: "x" }))),
      ).toMatch(/^ConflictException/);
      expect(await refusal(proton.send(new DeleteServiceCommand({ name: "young" })))).toMatch(
        /^ConflictException/,
      );
      expect(
        await refusal(updateInstance({ serviceName: "young", name: "a", deploymentType: "CURRENT_VERSION" })),
      ).toMatch(/^ConflictException/);
    });
    await waitUntilServiceCreated(waiterFor(proton), { name: "young" });
  });
});

describe("UpdateService", () => {
  it("adds and removes instances, leaving the kept ones alone", async () => {
    const before = await created("growing", {
      spec: serviceSpec(instances(["keep", "dev", { size: 1 }], ["drop", "prod"])),
    });
    const keptBefore = await getInstance("growing", "keep");
    // The kept instance's inputs change in the spec: UpdateService doesn't redeploy existing instances.
    const spec = serviceSpec(instances(["keep", "dev", { size: 2 }], ["added", "prod", { size: 3 }]));
    await clock.frozen(async () => {
      const updating = await proton.send(
        new UpdateServiceCommand({ name: "growing", spec, description: "v2" }),
      );
      expect(updating.service).toMatchObject({ status: "UPDATE_IN_PROGRESS", spec, description: "v2" });
      expect((await getInstance("growing", "drop")).deploymentStatus).toBe("DELETE_IN_PROGRESS");
      expect((await getInstance("growing", "added")).deploymentStatus).toBe("IN_PROGRESS");
    });

    await waitUntilServiceUpdated(waiterFor(proton), { name: "growing" });
    expect((await getService("growing")).status).toBe("ACTIVE");
    expect(await refusal(getInstance("growing", "drop"))).toMatch(/^ResourceNotFoundException/);
    expect(await getInstance("growing", "added")).toMatchObject({ deploymentStatus: "SUCCEEDED", spec });
    expect(await getInstance("growing", "keep")).toEqual(keptBefore);
    expect(before.spec).not.toBe(spec);
  });

  it("changes the description alone without an update cycle", async () => {
    await created("described");
    const updated = await proton.send(
      new UpdateServiceCommand({ name: "described", description: "new words" }),
    );
    expect(updated.service).toMatchObject({ status: "ACTIVE", description: "new words" });
  });

  it("fails the update when an added instance fails", async () => {
    await created("half");
    await emulator.control.failNextDeployment({ resourceName: "half/b", message: "no room" });
    await proton.send(
      new UpdateServiceCommand({ name: "half", spec: serviceSpec(instances(["a", "dev"], ["b", "prod"])) }),
    );
    await expect(waitUntilServiceUpdated(waiterFor(proton), { name: "half" })).rejects.toThrow();
    expect(await getService("half")).toMatchObject({ status: "UPDATE_FAILED", statusMessage: "no room" });
    // UPDATE_FAILED services can be updated again.
    await proton.send(new UpdateServiceCommand({ name: "half", spec: serviceSpec(instances(["a", "dev"])) }));
    await waitUntilServiceUpdated(waiterFor(proton), { name: "half" });
  });

  it.each<[string, string, RegExp]>([
    [
      "moving an instance to another environment",
      serviceSpec(instances(["a", "prod"])),
      /^ValidationException/,
    ],
    [
      "an incompatible environment",
      serviceSpec(instances(["a", "dev"], ["b", "legacy"])),
      /^ValidationException/,
    ],
    [
      "pipeline inputs without pipeline",
      serviceSpec(instances(["a", "dev"]), { x: 1 }),
      /^ValidationException/,
    ],
    ["an empty instance list", "proton: ServiceSpec\ninstances: []\n", /^ValidationException/],
  ])("refuses %s", async (_case, spec, expected) => {
    await created(`refuse-${_case.length}`);
    expect(
      await refusal(proton.send(new UpdateServiceCommand({ name: `refuse-${_case.length}`, spec }))),
    ).toMatch(expected);
  });

  it("refuses to remove an instance whose deployment is in progress", async () => {
    await created("removing", { spec: serviceSpec(instances(["a", "dev"], ["b", "prod"])) });
    await clock.frozen(async () => {
      await updateInstance({ serviceName: "removing", name: "b", deploymentType: "CURRENT_VERSION" });
      expect(
        await refusal(
          proton.send(
            new UpdateServiceCommand({ name: "removing", spec: serviceSpec(instances(["a", "dev"])) }),
          ),
        ),
      ).toMatch(/^ConflictException/);
      expect(await refusal(proton.send(new DeleteServiceCommand({ name: "removing" })))).toMatch(
        /^ConflictException/,
      );
    });
  });
});

describe("CreateServiceInstance", () => {
  it("adds an instance to a service, on the recommended version unless told otherwise", async () => {
    await created("adder");
    const spec = serviceSpec(instances(["b", "prod", { size: 2 }]));
    const create = (extra: Partial<CreateServiceInstanceInput> = {}) =>
      proton.send(new CreateServiceInstanceCommand({ serviceName: "adder", name: "b", spec, ...extra }));
    // The recommended version (3.0) only runs on env-tpl major 2: prod can't host it.
    expect(await refusal(create())).toMatch(/^ValidationException: .*isn't compatible/);
    expect(await refusal(create({ spec: serviceSpec(instances(["c", "prod"])) }))).toMatch(
      /^ValidationException: .*no entry/,
    );
    const added = await create({ templateMajorVersion: "1", tags: [{ key: "tier", value: "b" }] });
    expect(added.serviceInstance).toMatchObject({
      name: "b",
      environmentName: "prod",
      deploymentStatus: "IN_PROGRESS",
      templateMajorVersion: "1",
      templateMinorVersion: "1",
    });
    await waitUntilServiceInstanceDeployed(waiterFor(proton), { serviceName: "adder", name: "b" });
    expect(await refusal(create({ templateMajorVersion: "1" }))).toMatch(/^ConflictException/);
    const tags = await proton.send(
      new ListTagsForResourceCommand({ resourceArn: added.serviceInstance?.arn }),
    );
    expect(tags.tags).toEqual([{ key: "tier", value: "b" }]);
  });
});

describe("environments hosting service instances", () => {
  it("can't be deleted until their instances are gone", async () => {
    await proton.send(
      new CreateEnvironmentCommand({
        name: "host",
        templateName: "env-tpl",
        templateMajorVersion: "1",
        spec: environmentSpec(),
        protonServiceRoleArn: ROLE,
      }),
    );
    await waitUntilEnvironmentDeployed(waiterFor(proton), { name: "host" });
    await created("guest", { spec: serviceSpec(instances(["g", "host"])) });
    expect(await refusal(proton.send(new DeleteEnvironmentCommand({ name: "host" })))).toMatch(
      /^ConflictException: .*service instance g of service guest/,
    );
    await proton.send(new DeleteServiceCommand({ name: "guest" }));
    await waitUntilServiceDeleted(waiterFor(proton), { name: "guest" });
    const deleting = await proton.send(new DeleteEnvironmentCommand({ name: "host" }));
    expect(deleting.environment?.deploymentStatus).toBe("DELETE_IN_PROGRESS");
  });
});

describe("UpdateServiceInstance deploymentType rules", () => {
  beforeAll(() => created("instances", { templateMinorVersion: "0" }));

  it.each<[string, Partial<UpdateServiceInstanceInput>, RegExp]>([
    [
      "NONE with a spec",
      { deploymentType: "NONE", spec: serviceSpec(instances(["a", "dev"])) },
      /^ValidationException/,
    ],
    [
      "CURRENT_VERSION with a version",
      { deploymentType: "CURRENT_VERSION", templateMinorVersion: "1" },
      /^ValidationException/,
    ],
    [
      "MINOR_VERSION to a draft",
      { deploymentType: "MINOR_VERSION", templateMinorVersion: "2" },
      /^ValidationException/,
    ],
    [
      "MINOR_VERSION to an unknown minor",
      { deploymentType: "MINOR_VERSION", templateMinorVersion: "9" },
      /^ResourceNotFoundException/,
    ],
    [
      "MAJOR_VERSION to the current major",
      { deploymentType: "MAJOR_VERSION", templateMajorVersion: "1" },
      /^ValidationException/,
    ],
    [
      "MAJOR_VERSION to a major incompatible with the environment",
      { deploymentType: "MAJOR_VERSION", templateMajorVersion: "3" },
      /^ValidationException: .*isn't compatible/,
    ],
    [
      "a spec without this instance",
      { deploymentType: "CURRENT_VERSION", spec: serviceSpec(instances(["other", "dev"])) },
      /^ValidationException: .*no entry/,
    ],
    [
      "a spec moving this instance",
      { deploymentType: "CURRENT_VERSION", spec: serviceSpec(instances(["a", "prod"])) },
      /^ValidationException: .*can't move/,
    ],
  ])("refuses %s", async (_case, extra, expected) => {
    const before = await getInstance("instances", "a");
    expect(
      await refusal(
        updateInstance({ serviceName: "instances", name: "a", deploymentType: "NONE", ...extra }),
      ),
    ).toMatch(expected);
    expect(await getInstance("instances", "a")).toEqual(before);
  });

  it("NONE deploys nothing", async () => {
    const before = await getInstance("instances", "a");
    const after = await updateInstance({ serviceName: "instances", name: "a", deploymentType: "NONE" });
    // The SDK always sends a client token (an idempotency token): the instance remembers it.
    const { lastClientRequestToken, ...rest } = after.serviceInstance as ServiceInstance;
    expect(lastClientRequestToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(rest).toEqual({ ...before, lastClientRequestToken: undefined });
  });

  it("CURRENT_VERSION deploys the new spec, MINOR_VERSION the recommended minor, MAJOR_VERSION the next major", async () => {
    const spec = serviceSpec(instances(["a", "dev", { port: 81 }]));
    const current = await instanceDeployed({
      serviceName: "instances",
      name: "a",
      deploymentType: "CURRENT_VERSION",
      spec,
    });
    expect(current).toMatchObject({ spec, templateMajorVersion: "1", templateMinorVersion: "0" });
    const outputs = await proton.send(
      new ListServiceInstanceOutputsCommand({ serviceName: "instances", serviceInstanceName: "a" }),
    );
    expect(outputs.outputs).toEqual([{ key: "port", valueString: "81" }]);

    const minor = await instanceDeployed({
      serviceName: "instances",
      name: "a",
      deploymentType: "MINOR_VERSION",
    });
    expect([minor.templateMajorVersion, minor.templateMinorVersion, minor.spec]).toEqual(["1", "1", spec]);

    const major = await instanceDeployed({
      serviceName: "instances",
      name: "a",
      deploymentType: "MAJOR_VERSION",
      templateMajorVersion: "2",
    });
    expect([major.templateMajorVersion, major.templateMinorVersion]).toEqual(["2", "0"]);
  });

  it("remembers the client token and replays a retried update", async () => {
    await clock.frozen(async () => {
      const first = await updateInstance({
        serviceName: "instances",
        name: "a",
        deploymentType: "CURRENT_VERSION",
        clientToken: "retry-1",
      });
      expect(first.serviceInstance).toMatchObject({
        deploymentStatus: "IN_PROGRESS",
        lastClientRequestToken: "retry-1",
      });
      // The retry is not refused as a conflict: it is the same request.
      const retry = await updateInstance({
        serviceName: "instances",
        name: "a",
        deploymentType: "CURRENT_VERSION",
        clientToken: "retry-1",
      });
      expect(retry.serviceInstance?.lastAttemptedDeploymentId).toBe(
        first.serviceInstance?.lastAttemptedDeploymentId,
      );
      expect(
        await refusal(
          updateInstance({ serviceName: "instances", name: "a", deploymentType: "CURRENT_VERSION" }),
        ),
      ).toMatch(/^ConflictException/);
    });
    await waitUntilServiceInstanceDeployed(waiterFor(proton), { serviceName: "instances", name: "a" });
  });

  it("cancels an instance deployment and fails one on request", async () => {
    await created("cancel-svc");
    const before = await getInstance("cancel-svc", "a");
    await clock.frozen(async () => {
      await updateInstance({ serviceName: "cancel-svc", name: "a", deploymentType: "MINOR_VERSION" });
      const cancelling = await proton.send(
        new CancelServiceInstanceDeploymentCommand({ serviceName: "cancel-svc", serviceInstanceName: "a" }),
      );
      expect(cancelling.serviceInstance?.deploymentStatus).toBe("CANCELLING");
    });
    const cancelled = await until(
      () => getInstance("cancel-svc", "a"),
      (instance) => instance.deploymentStatus !== "CANCELLING",
    );
    expect(cancelled).toMatchObject({
      deploymentStatus: "CANCELLED",
      templateMinorVersion: before.templateMinorVersion,
    });
    expect(
      await refusal(
        proton.send(
          new CancelServiceInstanceDeploymentCommand({ serviceName: "cancel-svc", serviceInstanceName: "a" }),
        ),
      ),
    ).toMatch(/^ConflictException/);

    await emulator.control.failNextDeployment({ resourceName: "cancel-svc/a", message: "bad inputs" });
    await updateInstance({ serviceName: "cancel-svc", name: "a", deploymentType: "CURRENT_VERSION" });
    await expect(
      waitUntilServiceInstanceDeployed(waiterFor(proton), { serviceName: "cancel-svc", name: "a" }),
    ).rejects.toThrow();
    expect(await getInstance("cancel-svc", "a")).toMatchObject({
      deploymentStatus: "FAILED",
      deploymentStatusMessage: "bad inputs",
      lastSucceededDeploymentId: before.lastSucceededDeploymentId,
    });
  });
});

describe("UpdateServicePipeline", () => {
  beforeAll(async () => {
    await proton.send(
      new CreateServiceCommand({
        ...createInput("piped", {
          templateName: "pipe-tpl",
          templateMinorVersion: "0",
          spec: serviceSpec(instances(["a", "dev"]), { stage: "one" }),
        }),
        ...REPOSITORY,
      }),
    );
    await waitUntilServiceCreated(waiterFor(proton), { name: "piped" });
  });

  it("follows the deploymentType rules", async () => {
    const spec = serviceSpec(instances(["a", "dev"]), { stage: "two" });
    const none = await updatePipeline({ serviceName: "piped", deploymentType: "NONE", spec });
    expect(none.pipeline).toMatchObject({ deploymentStatus: "SUCCEEDED", templateMinorVersion: "0" });
    expect(none.pipeline?.spec).not.toBe(spec);
    expect(
      await refusal(
        updatePipeline({
          serviceName: "piped",
          deploymentType: "CURRENT_VERSION",
          spec,
          templateMajorVersion: "1",
        }),
      ),
    ).toMatch(/^ValidationException/);

    const current = await pipelineDeployed({ serviceName: "piped", deploymentType: "CURRENT_VERSION", spec });
    expect(current.pipeline).toMatchObject({ spec, templateMinorVersion: "0" });
    const outputs = await proton.send(new ListServicePipelineOutputsCommand({ serviceName: "piped" }));
    expect(outputs.outputs).toEqual([{ key: "stage", valueString: "two" }]);

    const minor = await pipelineDeployed({ serviceName: "piped", deploymentType: "MINOR_VERSION", spec });
    expect(minor.pipeline).toMatchObject({ templateMajorVersion: "1", templateMinorVersion: "1" });
    const major = await pipelineDeployed({ serviceName: "piped", deploymentType: "MAJOR_VERSION", spec });
    expect(major.pipeline).toMatchObject({ templateMajorVersion: "2", templateMinorVersion: "0" });
  });

  it("cancels a pipeline deployment and fails one on request", async () => {
    const spec = serviceSpec(instances(["a", "dev"]), { stage: "three" });
    const before = await getService("piped");
    await clock.frozen(async () => {
      await updatePipeline({ serviceName: "piped", deploymentType: "CURRENT_VERSION", spec });
      expect(
        await refusal(updatePipeline({ serviceName: "piped", deploymentType: "CURRENT_VERSION", spec })),
      ).toMatch(/^ConflictException/);
      const cancelling = await proton.send(
        new CancelServicePipelineDeploymentCommand({ serviceName: "piped" }),
      );
      expect(cancelling.pipeline?.deploymentStatus).toBe("CANCELLING");
    });
    const cancelled = await until(
      () => getService("piped"),
      (service) => service.pipeline?.deploymentStatus !== "CANCELLING",
    );
    expect(cancelled.pipeline).toMatchObject({
      deploymentStatus: "CANCELLED",
      spec: before.pipeline?.spec,
    });

    await emulator.control.failNextDeployment({ resourceName: "piped/pipeline", message: "build broke" });
    await updatePipeline({ serviceName: "piped", deploymentType: "CURRENT_VERSION", spec });
    await expect(waitUntilServicePipelineDeployed(waiterFor(proton), { name: "piped" })).rejects.toThrow();
    expect((await getService("piped")).pipeline).toMatchObject({
      deploymentStatus: "FAILED",
      deploymentStatusMessage: "build broke",
    });
  });

  it("refuses services without a pipeline", async () => {
    await created("no-pipe");
    expect(await getService("no-pipe")).not.toHaveProperty("pipeline");
    expect(
      await refusal(
        updatePipeline({
          serviceName: "no-pipe",
          deploymentType: "CURRENT_VERSION",
          spec: serviceSpec(instances(["a", "dev"])),
        }),
      ),
    ).toMatch(/^ResourceNotFoundException/);
  });
});

describe("lists", () => {
  const listing = useEmulator({ reset: false });
  let client: ProtonClient;

  beforeAll(async () => {
    client = listing.client();
    await environmentTemplate(client, "env-tpl", ["1.0"]);
    await serviceTemplate(client, "svc-tpl", ["1.0"], [{ templateName: "env-tpl", majorVersion: "1" }]);
    for (const name of ["dev", "prod"]) {
      await client.send(
        new CreateEnvironmentCommand({
          name,
          templateName: "env-tpl",
          templateMajorVersion: "1",
          spec: environmentSpec(),
          protonServiceRoleArn: ROLE,
        }),
      );
    }
    for (const [service, specs] of [
      ["s2", instances(["x", "dev"], ["y", "prod"])],
      ["s1", instances(["z", "prod"], ["w", "dev"])],
      ["s3", instances(["v", "dev"])],
    ] as const) {
      await client.send(
        new CreateServiceCommand({
          name: service,
          templateName: "svc-tpl",
          templateMajorVersion: "1",
          spec: serviceSpec(specs),
        }),
      );
    }
  });

  const names = async (input: ListServiceInstancesInput) =>
    (await client.send(new ListServiceInstancesCommand(input))).serviceInstances?.map(
      (instance) => `${instance.serviceName}/${instance.name}`,
    );

  it("sorts instances by service then name by default, or as asked", async () => {
    expect(await names({})).toEqual(["s1/w", "s1/z", "s2/x", "s2/y", "s3/v"]);
    expect(await names({ sortOrder: "DESCENDING" })).toEqual(["s3/v", "s2/y", "s2/x", "s1/z", "s1/w"]);
    expect(await names({ sortBy: "name" })).toEqual(["s3/v", "s1/w", "s2/x", "s2/y", "s1/z"]);
    expect(await names({ sortBy: "environmentName", sortOrder: "DESCENDING" })).toEqual([
      "s2/y",
      "s1/z",
      "s3/v",
      "s2/x",
      "s1/w",
    ]);
  });

  it("filters instances", async () => {
    expect(await names({ serviceName: "s2" })).toEqual(["s2/x", "s2/y"]);
    expect(await names({ filters: [{ key: "environmentName", value: "prod" }] })).toEqual(["s1/z", "s2/y"]);
    expect(
      await names({
        filters: [
          { key: "environmentName", value: "dev" },
          { key: "name", value: "x" },
        ],
      }),
    ).toEqual(["s2/x"]);
    expect(
      await names({ filters: [{ key: "deployedTemplateVersionStatus", value: "PUBLISHED" }] }),
    ).toHaveLength(5);
    expect(await names({ filters: [{ key: "createdAtAfter", value: "2999-01-01T00:00:00Z" }] })).toEqual([]);
    expect(
      await names({ filters: [{ key: "createdAtBefore", value: "2999-01-01T00:00:00Z" }] }),
    ).toHaveLength(5);
    expect(await refusal(names({ filters: [{ key: "createdAtAfter", value: "yesterday" }] }))).toMatch(
      /^ValidationException/,
    );
    expect(await refusal(names({ serviceName: "missing" }))).toMatch(/^ResourceNotFoundException/);
  });

  it("pages instances and services with the SDK paginators", async () => {
    const paged: string[] = [];
    for await (const page of paginateListServiceInstances(
      { client, pageSize: 2 },
      { sortOrder: "DESCENDING" },
    )) {
      expect(page.serviceInstances?.length).toBeLessThanOrEqual(2);
      paged.push(
        ...(page.serviceInstances ?? []).map((instance) => `${instance.serviceName}/${instance.name}`),
      );
    }
    expect(paged).toEqual(["s3/v", "s2/y", "s2/x", "s1/z", "s1/w"]);

    const services: string[] = [];
    for await (const page of paginateListServices({ client, pageSize: 2 }, {})) {
      expect(page.services?.length).toBeLessThanOrEqual(2);
      services.push(...(page.services ?? []).map((service) => service.name as string));
    }
    expect(services).toEqual(["s1", "s2", "s3"]);
  });
});

describe("deleted services", () => {
  it("are gone for every read", async () => {
    await created("ephemeral");
    await proton.send(new DeleteServiceCommand({ name: "ephemeral" }));
    const failure = await until(
      () =>
        getService("ephemeral").then(
          () => "still there",
          (error: Error) => error.name,
        ),
      (outcome) => outcome !== "still there",
    );
    expect(failure).toBe("ResourceNotFoundException");
  });
});

describe("persistence", () => {
  it("settles deployments queued before a restart", async () => {
    const statePath = path.join(tempDir(), "state.json");
    const first = await startTestEmulator({ statePath });
    const client = first.client();
    await environmentTemplate(client, "env-tpl", ["1.0"]);
    await serviceTemplate(client, "svc-tpl", ["1.0"], [{ templateName: "env-tpl", majorVersion: "1" }], {
      pipeline: true,
    });
    await client.send(
      new CreateEnvironmentCommand({
        name: "dev",
        templateName: "env-tpl",
        templateMajorVersion: "1",
        spec: environmentSpec(),
        protonServiceRoleArn: ROLE,
      }),
    );
    await client.send(
      new CreateServiceCommand({
        name: "svc",
        templateName: "svc-tpl",
        templateMajorVersion: "1",
        spec: serviceSpec(instances(["a", "dev"]), { stage: "x" }),
        ...REPOSITORY,
      }),
    );
    await first.stop();

    await withEmulator(
      async (second) => {
        const restarted = second.client();
        await waitUntilServiceCreated(waiterFor(restarted), { name: "svc" });
        const service = (await restarted.send(new GetServiceCommand({ name: "svc" }))).service;
        expect(service).toMatchObject({ status: "ACTIVE", pipeline: { deploymentStatus: "SUCCEEDED" } });
        await restarted.send(new DeleteServiceCommand({ name: "svc" }));
        await waitUntilServiceDeleted(waiterFor(restarted), { name: "svc" });
      },
      { statePath },
    );
  });
});
