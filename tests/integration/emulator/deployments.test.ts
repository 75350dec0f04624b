/**
 * Deployments as first-class records: every environment, service instance and pipeline deployment,
 * read with GetDeployment/ListDeployments, deleted with DeleteDeployment, and the outputs each recorded.
 */
import {
  CancelEnvironmentDeploymentCommand,
  CreateEnvironmentCommand,
  CreateServiceCommand,
  DeleteDeploymentCommand,
  DeleteEnvironmentCommand,
  GetDeploymentCommand,
  GetEnvironmentCommand,
  GetServiceCommand,
  ListDeploymentsCommand,
  ListEnvironmentOutputsCommand,
  ListServiceInstanceOutputsCommand,
  paginateListDeployments,
  UpdateEnvironmentCommand,
  waitUntilEnvironmentDeployed,
  waitUntilServiceCreated,
  type Deployment,
  type Environment,
  type ProtonClient,
} from "@aws-sdk/client-proton";
import { useEmulator, waiterFor } from "../../support/emulator";
import {
  environmentSpec,
  environmentTemplate,
  FreezableClock,
  refusal,
  REPOSITORY,
  ROLE,
  serviceSpec,
  serviceTemplate,
  until,
} from "./deployableFixtures";

const clock = new FreezableClock();
const emulator = useEmulator({ clock, reset: false });
let proton: ProtonClient;

beforeAll(async () => {
  proton = emulator.client();
  await environmentTemplate(proton, "env-tpl", ["1.0", "1.1"]);
  await serviceTemplate(proton, "svc-tpl", ["1.0"], [{ templateName: "env-tpl", majorVersion: "1" }], {
    pipeline: true,
  });
});

const environment = async (name: string) =>
  (await proton.send(new GetEnvironmentCommand({ name }))).environment as Environment;
const deployment = async (id: string | undefined, scope = {}) =>
  (await proton.send(new GetDeploymentCommand({ id, ...scope }))).deployment as Deployment;

async function deployedEnvironment(name: string, inputs: Record<string, unknown> = { cidr: "10.0.0.0/16" }) {
  await proton.send(
    new CreateEnvironmentCommand({
      name,
      templateName: "env-tpl",
      templateMajorVersion: "1",
      templateMinorVersion: "0",
      spec: environmentSpec(inputs),
      protonServiceRoleArn: ROLE,
    }),
  );
  await waitUntilEnvironmentDeployed(waiterFor(proton), { name });
  return environment(name);
}

async function redeployed(name: string, inputs: Record<string, unknown>) {
  await proton.send(
    new UpdateEnvironmentCommand({ name, deploymentType: "MINOR_VERSION", spec: environmentSpec(inputs) }),
  );
  await waitUntilEnvironmentDeployed(waiterFor(proton), { name });
  return environment(name);
}

describe("an environment's deployments", () => {
  it("are recorded as the model's Deployment, with initial and target states", async () => {
    const first = await deployedEnvironment("dep-env");
    const created = await deployment(first.lastAttemptedDeploymentId);
    expect(created).toEqual({
      id: first.lastSucceededDeploymentId,
      arn: `arn:aws:proton:us-east-1:123456789012:deployment/${first.lastSucceededDeploymentId}`,
      targetArn: first.arn,
      targetResourceType: "ENVIRONMENT",
      targetResourceCreatedAt: first.createdAt,
      environmentName: "dep-env",
      deploymentStatus: "SUCCEEDED",
      createdAt: first.lastDeploymentAttemptedAt,
      lastModifiedAt: first.lastDeploymentSucceededAt,
      completedAt: first.lastDeploymentSucceededAt,
      targetState: {
        environment: {
          templateName: "env-tpl",
          templateMajorVersion: "1",
          templateMinorVersion: "0",
          spec: environmentSpec({ cidr: "10.0.0.0/16" }),
        },
      },
    });

    const second = await redeployed("dep-env", { cidr: "10.1.0.0/16" });
    expect(second.lastSucceededDeploymentId).not.toBe(first.lastSucceededDeploymentId);
    expect(await deployment(second.lastSucceededDeploymentId)).toMatchObject({
      deploymentStatus: "SUCCEEDED",
      initialState: created.targetState,
      targetState: {
        environment: { templateMinorVersion: "1", spec: environmentSpec({ cidr: "10.1.0.0/16" }) },
      },
      lastAttemptedDeploymentId: first.lastAttemptedDeploymentId,
      lastSucceededDeploymentId: first.lastSucceededDeploymentId,
    });
  });

  it("answer List*Outputs per deployment: by default the last successful one's", async () => {
    const first = await deployedEnvironment("outputs-env", { cidr: "10.0.0.0/16", zones: 2 });
    const second = await redeployed("outputs-env", { cidr: "10.1.0.0/16" });
    const outputs = async (deploymentId?: string) =>
      (await proton.send(new ListEnvironmentOutputsCommand({ environmentName: "outputs-env", deploymentId })))
        .outputs;
    expect(await outputs()).toEqual([{ key: "cidr", valueString: "10.1.0.0/16" }]);
    expect(await outputs(second.lastSucceededDeploymentId)).toEqual(await outputs());
    expect(await outputs(first.lastSucceededDeploymentId)).toEqual([
      { key: "cidr", valueString: "10.0.0.0/16" },
      { key: "zones", valueString: "2" },
    ]);
    // Another environment's deployment is not this one's.
    const other = await deployedEnvironment("outputs-other");
    expect(await refusal(outputs(other.lastSucceededDeploymentId))).toMatch(/^ResourceNotFoundException/);
  });

  it("record failures and cancellations, and a running deployment has no outputs yet", async () => {
    const before = await deployedEnvironment("failing-env");
    await emulator.control.failNextDeployment({ resourceName: "failing-env", message: "stack rolled back" });
    await proton.send(
      new UpdateEnvironmentCommand({ name: "failing-env", deploymentType: "CURRENT_VERSION" }),
    );
    const failed = await until(
      () => environment("failing-env"),
      (env) => env.deploymentStatus === "FAILED",
    );
    expect(await deployment(failed.lastAttemptedDeploymentId)).toMatchObject({
      deploymentStatus: "FAILED",
      deploymentStatusMessage: "stack rolled back",
      completedAt: expect.any(Date),
    });
    // The failed deployment is the last attempted; the environment still names its last success.
    expect(failed.lastSucceededDeploymentId).toBe(before.lastSucceededDeploymentId);

    await clock.frozen(async () => {
      const started = (
        await proton.send(
          new UpdateEnvironmentCommand({ name: "failing-env", deploymentType: "CURRENT_VERSION" }),
        )
      ).environment as Environment;
      expect(await deployment(started.lastAttemptedDeploymentId)).toMatchObject({
        deploymentStatus: "IN_PROGRESS",
      });
      expect(
        (
          await proton.send(
            new ListEnvironmentOutputsCommand({
              environmentName: "failing-env",
              deploymentId: started.lastAttemptedDeploymentId,
            }),
          )
        ).outputs,
      ).toEqual([]);
      await proton.send(new CancelEnvironmentDeploymentCommand({ environmentName: "failing-env" }));
      expect(await deployment(started.lastAttemptedDeploymentId)).toMatchObject({
        deploymentStatus: "CANCELLING",
      });
    });
    const cancelled = await until(
      () => environment("failing-env"),
      (env) => env.deploymentStatus === "CANCELLED",
    );
    expect(await deployment(cancelled.lastAttemptedDeploymentId)).toMatchObject({
      deploymentStatus: "CANCELLED",
      completedAt: expect.any(Date),
    });
  });

  it("go when the environment is deleted", async () => {
    const env = await deployedEnvironment("short-lived");
    await proton.send(new DeleteEnvironmentCommand({ name: "short-lived" }));
    await until(
      () =>
        environment("short-lived").then(
          () => "there",
          (error: Error) => error.name,
        ),
      (outcome) => outcome !== "there",
    );
    expect(await refusal(deployment(env.lastSucceededDeploymentId))).toMatch(/^ResourceNotFoundException/);
  });
});

describe("a service's deployments", () => {
  let instanceDeployment: Deployment;

  beforeAll(async () => {
    await deployedEnvironment("svc-env");
    await proton.send(
      new CreateServiceCommand({
        name: "dep-svc",
        templateName: "svc-tpl",
        templateMajorVersion: "1",
        spec: serviceSpec([{ name: "inst", environment: "svc-env", inputs: { port: 80 } }], {
          stage: "prod",
        }),
        ...REPOSITORY,
      }),
    );
    await waitUntilServiceCreated(waiterFor(proton), { name: "dep-svc" });
    const listed = await proton.send(
      new ListDeploymentsCommand({ serviceName: "dep-svc", serviceInstanceName: "inst" }),
    );
    instanceDeployment = await deployment(listed.deployments?.[0]?.id);
  });

  it("name the instance, its service and environment; the pipeline names its service", async () => {
    const env = await environment("svc-env");
    expect(instanceDeployment).toMatchObject({
      targetArn: "arn:aws:proton:us-east-1:123456789012:service/dep-svc/service-instance/inst",
      targetResourceType: "SERVICE_INSTANCE",
      environmentName: "svc-env",
      serviceName: "dep-svc",
      serviceInstanceName: "inst",
      deploymentStatus: "SUCCEEDED",
      targetState: {
        serviceInstance: {
          templateName: "svc-tpl",
          templateMajorVersion: "1",
          templateMinorVersion: "0",
          lastSuccessfulEnvironmentDeploymentId: env.lastSucceededDeploymentId,
        },
      },
    });
    const service = (await proton.send(new GetServiceCommand({ name: "dep-svc" }))).service;
    expect(await deployment(service?.pipeline?.lastSucceededDeploymentId)).toMatchObject({
      targetArn: "arn:aws:proton:us-east-1:123456789012:service/dep-svc/pipeline",
      targetResourceType: "SERVICE_PIPELINE",
      serviceName: "dep-svc",
      // Required by the model, though a pipeline belongs to no environment.
      environmentName: "",
      targetState: { servicePipeline: { templateName: "svc-tpl" } },
    });
    expect(
      (
        await proton.send(
          new ListServiceInstanceOutputsCommand({
            serviceName: "dep-svc",
            serviceInstanceName: "inst",
            deploymentId: instanceDeployment.id,
          }),
        )
      ).outputs,
    ).toEqual([{ key: "port", valueString: "80" }]);
  });

  it("GetDeployment checks the names it is given against the deployment", async () => {
    const id = instanceDeployment.id;
    expect(await deployment(id, { serviceName: "dep-svc", serviceInstanceName: "inst" })).toEqual(
      instanceDeployment,
    );
    expect(await deployment(id, { environmentName: "svc-env" })).toEqual(instanceDeployment);
    expect(await refusal(deployment(id, { environmentName: "dep-env" }))).toMatch(
      /^ResourceNotFoundException/,
    );
    expect(await refusal(deployment(id, { serviceInstanceName: "inst" }))).toMatch(
      /^ValidationException: serviceInstanceName needs serviceName/,
    );
  });
});

describe("ListDeployments", () => {
  it("lists newest first, filtered by environment, service or instance, and pages", async () => {
    const ids = async (input: Record<string, string>) =>
      ((await proton.send(new ListDeploymentsCommand(input))).deployments ?? []).map((d) => d.targetArn);
    // svc-env's own deployment and the instance deployed into it.
    expect(await ids({ environmentName: "svc-env" })).toEqual([
      "arn:aws:proton:us-east-1:123456789012:service/dep-svc/service-instance/inst",
      "arn:aws:proton:us-east-1:123456789012:environment/svc-env",
    ]);
    expect((await ids({ serviceName: "dep-svc" })).sort()).toEqual([
      "arn:aws:proton:us-east-1:123456789012:service/dep-svc/pipeline",
      "arn:aws:proton:us-east-1:123456789012:service/dep-svc/service-instance/inst",
    ]);

    const all = (await proton.send(new ListDeploymentsCommand({}))).deployments ?? [];
    const created = all.map((d) => (d.createdAt as Date).getTime());
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(all[0]).not.toHaveProperty("targetState");
    const paged: string[] = [];
    for await (const page of paginateListDeployments({ client: proton, pageSize: 2 }, {})) {
      expect(page.deployments?.length).toBeLessThanOrEqual(2);
      paged.push(...(page.deployments ?? []).map((d) => d.id as string));
    }
    expect(paged).toEqual(all.map((d) => d.id));
  });

  it.each([
    [{ environmentName: "nowhere" }, /^ResourceNotFoundException/],
    [{ serviceName: "dep-svc", serviceInstanceName: "nobody" }, /^ResourceNotFoundException/],
    [{ serviceInstanceName: "inst" }, /^ValidationException/],
    [{ componentName: "c" }, /^ResourceNotFoundException/],
  ])("refuses %j", async (input, expected) => {
    expect(await refusal(proton.send(new ListDeploymentsCommand(input)))).toMatch(expected);
  });
});

describe("DeleteDeployment", () => {
  it("deletes a past deployment, not one that runs or one its target still names", async () => {
    const first = await deployedEnvironment("pruned");
    const second = await redeployed("pruned", { cidr: "10.2.0.0/16" });
    const remove = (id: string | undefined) => refusal(proton.send(new DeleteDeploymentCommand({ id })));
    await emulator.control.failNextDeployment({ resourceName: "pruned", message: "boom" });
    const third = await clock.frozen(async () => {
      const running = (
        await proton.send(new UpdateEnvironmentCommand({ name: "pruned", deploymentType: "CURRENT_VERSION" }))
      ).environment as Environment;
      expect(await remove(running.lastAttemptedDeploymentId)).toMatch(/^ValidationException: .*IN_PROGRESS/);
      return running;
    });
    await until(
      () => environment("pruned"),
      (env) => env.deploymentStatus === "FAILED",
    );
    expect(await remove(third.lastAttemptedDeploymentId)).toMatch(/^ValidationException: .*last attempted/);
    expect(await remove(second.lastSucceededDeploymentId)).toMatch(/^ValidationException: .*last successful/);

    const deleted = await proton.send(new DeleteDeploymentCommand({ id: first.lastSucceededDeploymentId }));
    expect(deleted.deployment).toMatchObject({
      id: first.lastSucceededDeploymentId,
      deploymentStatus: "SUCCEEDED",
    });
    expect(await refusal(deployment(first.lastSucceededDeploymentId))).toMatch(/^ResourceNotFoundException/);
    // Idempotent: a retry answers the deleted deployment.
    const retried = await proton.send(new DeleteDeploymentCommand({ id: first.lastSucceededDeploymentId }));
    expect(retried.deployment).toEqual(deleted.deployment);
    expect(
      await refusal(proton.send(new DeleteDeploymentCommand({ id: "00000000-0000-0000-0000-000000000000" }))),
    ).toMatch(/^ResourceNotFoundException/);
  });
});
