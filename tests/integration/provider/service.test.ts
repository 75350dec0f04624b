/** Service, ServiceInstance and ServicePipeline providers against the emulator. */
import {
  CreateEnvironmentCommand,
  GetServiceCommand,
  GetServiceInstanceCommand,
  ListServiceInstancesCommand,
  ListServicesCommand,
  UpdateServiceInstanceCommand,
  waitUntilEnvironmentDeployed,
  waitUntilServiceInstanceDeployed,
} from "@aws-sdk/client-proton";
import { stringify } from "yaml";
import { serviceProvider } from "../../../provider/src/resources/service/service";
import { serviceInstanceProvider } from "../../../provider/src/resources/service/serviceInstance";
import { servicePipelineProvider } from "../../../provider/src/resources/service/servicePipeline";
import { startTestEmulator, type TestEmulator, waiterFor } from "../../support/emulator";
import {
  environmentSpec,
  environmentTemplate,
  ROLE,
  serviceSpec,
  serviceTemplate,
} from "../emulator/deployableFixtures";
import { Driven, deployments, failure, sent, settings, useAccounts, type Bag } from "./deployableSupport";

let emulator: TestEmulator;

beforeAll(async () => {
  useAccounts();
  emulator = await startTestEmulator({ deploymentMs: 50 });
});
afterAll(() => emulator.stop());
beforeEach(async () => {
  await emulator.control.reset();
  await emulator.control.setDeploymentDelay(50);
  const client = emulator.client();
  await environmentTemplate(client, "vpc", ["1.0"]);
  await serviceTemplate(client, "web", ["1.0", "1.1", "2.0"], [{ templateName: "vpc", majorVersion: "1" }], {
    pipeline: true,
  });
  for (const name of ["dev", "prod"]) {
    await client.send(
      new CreateEnvironmentCommand({
        name,
        templateName: "vpc",
        templateMajorVersion: "1",
        spec: environmentSpec(),
        protonServiceRoleArn: ROLE,
      }),
    );
    await waitUntilEnvironmentDeployed(waiterFor(client), { name });
  }
  await emulator.control.clearCalls();
});

// The same objects build the service's creation spec and the instance/pipeline inputs.
const devInputs = { port: 8080 };
const pipelineInputs = { buildImage: "node:20" };
const serviceInputs = (overrides: Bag = {}): Bag => ({
  ...settings(emulator),
  name: "api",
  templateName: "web",
  templateMajorVersion: "1",
  templateMinorVersion: "0",
  spec: serviceSpec([{ name: "api-dev", environment: "dev", inputs: devInputs }], pipelineInputs),
  description: "the api",
  repositoryConnectionArn: "arn:aws:codestar-connections:us-east-1:123456789012:connection/source",
  repositoryId: "acme/api",
  branchName: "main",
  tags: { app: "api" },
  owner: "proj/stack/api",
  ...overrides,
});
const instanceInputs = (overrides: Bag = {}): Bag => ({
  ...settings(emulator),
  serviceName: "api",
  name: "api-dev",
  environmentName: "dev",
  spec: stringify(devInputs),
  ...overrides,
});
const pipelineArgs = (overrides: Bag = {}): Bag => ({
  ...settings(emulator),
  serviceName: "api",
  spec: stringify(pipelineInputs),
  ...overrides,
});

const liveInstance = async (name: string) =>
  (await emulator.client().send(new GetServiceInstanceCommand({ serviceName: "api", name }))).serviceInstance;
const instanceNames = async () =>
  (
    await emulator.client().send(new ListServiceInstancesCommand({ serviceName: "api" }))
  ).serviceInstances?.map((i) => i.name);

/** Mutating calls since the last clear, by operation. */
const mutations = async () => (await emulator.control.calls()).calls.map((c) => c.operation);

async function platform() {
  const service = new Driven(serviceProvider);
  await service.create(serviceInputs());
  const instance = new Driven(serviceInstanceProvider);
  await instance.create(instanceInputs());
  const pipeline = new Driven(servicePipelineProvider);
  await pipeline.create(pipelineArgs());
  return { service, instance, pipeline };
}

describe("services, instances and pipelines", () => {
  it("adopts the instance and pipeline the service created without deploying them again", async () => {
    const { service, instance, pipeline } = await platform();
    expect(service.outs).toMatchObject({
      status: "ACTIVE",
      spec: serviceInputs().spec,
      tags: { app: "api" },
    });
    expect(instance.id).toBe("api/api-dev");
    expect(instance.outs).toMatchObject({
      deploymentStatus: "SUCCEEDED",
      environmentName: "dev",
      templateMajorVersion: "1",
      templateMinorVersion: "0",
      spec: instanceInputs().spec,
    });
    expect(pipeline.outs).toMatchObject({ deploymentStatus: "SUCCEEDED", spec: pipelineArgs().spec });
    expect(await mutations()).toEqual(["CreateService"]);
    // Nothing to do on the next run, and refresh finds no drift.
    for (const [driven, news] of [
      [service, serviceInputs()],
      [instance, instanceInputs()],
      [pipeline, pipelineArgs()],
    ] as const) {
      await driven.refresh();
      expect(await driven.diff(news)).toMatchObject({ changes: false });
    }
  });

  it("deploys only the changed instance or pipeline, with the deploymentType of each change", async () => {
    const { service, instance, pipeline } = await platform();
    const steps: [Driven, string, Bag, Bag][] = [
      [
        instance,
        "UpdateServiceInstance",
        instanceInputs({ spec: stringify({ port: 9090 }) }),
        { deploymentType: "CURRENT_VERSION" },
      ],
      [
        instance,
        "UpdateServiceInstance",
        instanceInputs({ spec: stringify({ port: 9090 }), templateMinorVersion: "1" }),
        { deploymentType: "MINOR_VERSION", templateMinorVersion: "1" },
      ],
      [
        instance,
        "UpdateServiceInstance",
        instanceInputs({
          spec: stringify({ port: 9090 }),
          templateMajorVersion: "2",
          templateMinorVersion: "0",
        }),
        { deploymentType: "MAJOR_VERSION", templateMajorVersion: "2", templateMinorVersion: "0" },
      ],
      [
        pipeline,
        "UpdateServicePipeline",
        pipelineArgs({ spec: stringify({ buildImage: "node:22" }) }),
        { deploymentType: "CURRENT_VERSION" },
      ],
      [
        pipeline,
        "UpdateServicePipeline",
        pipelineArgs({ spec: stringify({ buildImage: "node:22" }), templateMinorVersion: "1" }),
        { deploymentType: "MINOR_VERSION", templateMinorVersion: "1" },
      ],
    ];
    for (const [driven, operation, news, expected] of steps) {
      await emulator.control.clearCalls();
      expect(await driven.diff(news)).toMatchObject({ changes: true, replaces: [] });
      await driven.update(news);
      expect(await mutations()).toEqual([operation]);
      expect((await deployments(emulator, operation))[0]).toMatchObject(expected);
    }
    expect(await liveInstance("api-dev")).toMatchObject({
      templateMajorVersion: "2",
      deploymentStatus: "SUCCEEDED",
    });
    expect(instance.outs).toMatchObject({ spec: stringify({ port: 9090 }), templateMajorVersion: "2" });
    expect(pipeline.outs).toMatchObject({
      spec: stringify({ buildImage: "node:22" }),
      templateMinorVersion: "1",
    });
    // The service's creation spec still says port 8080 and pipeline node:20: that is not the service's drift.
    await service.refresh();
    expect(await service.diff(serviceInputs())).toMatchObject({ changes: false });
  });

  it("adds and removes instances by re-specifying the service, keeping the others as they are", async () => {
    const { service, instance } = await platform();
    await instance.update(instanceInputs({ spec: stringify({ port: 9090 }) }));
    await emulator.control.clearCalls();

    const prod = new Driven(serviceInstanceProvider);
    await prod.create(
      instanceInputs({
        name: "api-prod",
        environmentName: "prod",
        spec: stringify({ port: 443 }),
        tags: { tier: "prod" },
      }),
    );
    expect(prod.outs).toMatchObject({
      deploymentStatus: "SUCCEEDED",
      environmentName: "prod",
      tags: { tier: "prod" },
    });
    const [added] = await sent(emulator, "UpdateService");
    expect(added.spec).toContain("api-prod");
    expect(await instanceNames()).toEqual(["api-dev", "api-prod"]);
    // The other instance was not redeployed and kept its own inputs.
    expect(await sent(emulator, "UpdateServiceInstance")).toEqual([]);
    expect((await liveInstance("api-dev"))?.deploymentStatus).toBe("SUCCEEDED");
    await instance.refresh();
    expect(instance.outs.spec).toBe(stringify({ port: 9090 }));

    await emulator.control.clearCalls();
    await prod.delete();
    expect(await instanceNames()).toEqual(["api-dev"]);
    expect(await mutations()).toEqual(["UpdateService"]);
    expect(await instance.diff(instanceInputs({ spec: stringify({ port: 9090 }) }))).toMatchObject({
      changes: false,
    });
    await service.refresh();
    expect(await service.diff(serviceInputs())).toMatchObject({ changes: false });
  });

  it("adds and removes instances concurrently (as the engine does) without losing one", async () => {
    await platform();
    const added = ["x", "y", "z"].map((name) => ({ name, driven: new Driven(serviceInstanceProvider) }));
    await Promise.all(
      added.map(({ name, driven }) =>
        driven.create(instanceInputs({ name, environmentName: name === "y" ? "prod" : "dev" })),
      ),
    );
    expect(await instanceNames()).toEqual(["api-dev", "x", "y", "z"]);
    await Promise.all(added.slice(0, 2).map(({ driven }) => driven.delete()));
    expect(await instanceNames()).toEqual(["api-dev", "z"]);
  });

  it("reports instance and pipeline drift on refresh and deploys it back", async () => {
    const { instance, pipeline } = await platform();
    const client = emulator.client();
    await client.send(
      new UpdateServiceInstanceCommand({
        serviceName: "api",
        name: "api-dev",
        deploymentType: "CURRENT_VERSION",
        spec: serviceSpec([{ name: "api-dev", environment: "dev", inputs: { port: 1 } }]),
      }),
    );
    await waitUntilServiceInstanceDeployed(waiterFor(client), { serviceName: "api", name: "api-dev" });
    await instance.refresh();
    expect(instance.outs.spec).toBe(stringify({ port: 1 }));
    expect(await instance.diff(instanceInputs())).toMatchObject({ changes: true });
    await emulator.control.clearCalls();
    await instance.update(instanceInputs());
    expect(await deployments(emulator, "UpdateServiceInstance")).toEqual([
      {
        deploymentType: "CURRENT_VERSION",
        hasSpec: true,
        templateMajorVersion: undefined,
        templateMinorVersion: undefined,
      },
    ]);
    await pipeline.refresh();
    expect(await pipeline.diff(pipelineArgs())).toMatchObject({ changes: false });
  });

  it("previews a lowered instance major version as a replacement and refuses it for the pipeline", async () => {
    const { instance, pipeline } = await platform();
    await instance.update(instanceInputs({ templateMajorVersion: "2" }));
    await pipeline.update(pipelineArgs({ templateMajorVersion: "2" }));
    expect(await instance.diff(instanceInputs({ templateMajorVersion: "1" }))).toMatchObject({
      replaces: ["templateMajorVersion"],
      deleteBeforeReplace: true,
    });
    const { failures } = await pipeline.check(pipelineArgs({ templateMajorVersion: "1" }));
    expect(failures).toEqual([
      {
        property: "templateMajorVersion",
        reason: expect.stringMatching(/2 -> 1.*only deploys a higher major.*can't be replaced on its own/),
      },
    ]);
  });

  it("updates description and tags in place; spec edits on the service are not its changes", async () => {
    const { service } = await platform();
    await emulator.control.clearCalls();
    const news = serviceInputs({ description: "v2", tags: { app: "api", team: "x" } });
    await service.update(news);
    expect(await mutations()).toEqual(["UpdateService", "TagResource"]);
    expect((await sent(emulator, "UpdateService"))[0]).toEqual({ name: "api", description: "v2" });
    expect(
      await service.diff({ ...news, spec: serviceSpec([{ name: "other", environment: "prod" }]) }),
    ).toMatchObject({ changes: false });
    expect(await service.diff(serviceInputs({ templateName: "web2" }))).toMatchObject({
      replaces: ["templateName"],
    });
  });

  it("destroys instance, pipeline and service leaving nothing behind", async () => {
    const { service, instance, pipeline } = await platform();
    const prod = new Driven(serviceInstanceProvider);
    await prod.create(instanceInputs({ name: "api-prod", environmentName: "prod" }));
    await Promise.all([prod.delete(), instance.delete(), pipeline.delete()]);
    await service.delete();
    expect((await emulator.client().send(new ListServicesCommand({}))).services).toEqual([]);
  });

  it("deleting the service waits for an instance deployment in progress", async () => {
    const { service } = await platform();
    await emulator.control.setDeploymentDelay(300);
    await emulator.client().send(
      new UpdateServiceInstanceCommand({
        serviceName: "api",
        name: "api-dev",
        deploymentType: "CURRENT_VERSION",
        spec: serviceSpec([{ name: "api-dev", environment: "dev", inputs: { port: 2 } }]),
      }),
    );
    await service.delete();
    expect((await emulator.client().send(new ListServicesCommand({}))).services).toEqual([]);
  });
});

describe("service failures", () => {
  it("cleans up a service whose creation failed, and the next create succeeds", async () => {
    await emulator.control.failNextDeployment({ resourceName: "api-dev", message: "image pull failed" });
    const service = new Driven(serviceProvider);
    const error = await failure(service.create(serviceInputs()));
    expect(error.message).toMatch(/CREATE_FAILED: image pull failed/);
    await expect(emulator.client().send(new GetServiceCommand({ name: "api" }))).rejects.toThrow(/not found/);
    await service.create(serviceInputs());
    expect(service.outs.status).toBe("ACTIVE");
  });

  it("records a failed instance deployment as a partial failure and converges on the next update", async () => {
    const { instance } = await platform();
    await emulator.control.failNextDeployment({ resourceName: "api-dev", message: "health check failed" });
    const next = instanceInputs({ spec: stringify({ port: 7 }) });
    expect((await failure(instance.update(next))).message).toMatch(/ended in FAILED: health check failed/);

    await emulator.control.failNextDeployment({ resourceName: "api-prod", message: "no capacity" });
    const prod = new Driven(serviceInstanceProvider);
    const error = await failure(prod.create(instanceInputs({ name: "api-prod", environmentName: "prod" })));
    expect(error).toMatchObject({ id: "api/api-prod", reasons: [expect.stringMatching(/no capacity/)] });
    expect(prod.outs).toMatchObject({ deploymentStatus: "FAILED" });

    await emulator.control.clearCalls();
    expect(await prod.diff(instanceInputs({ name: "api-prod", environmentName: "prod" }))).toMatchObject({
      changes: true,
    });
    await prod.update(instanceInputs({ name: "api-prod", environmentName: "prod" }));
    await instance.update(next);
    expect(await deployments(emulator, "UpdateServiceInstance")).toEqual([
      {
        deploymentType: "CURRENT_VERSION",
        hasSpec: true,
        templateMajorVersion: undefined,
        templateMinorVersion: undefined,
      },
      {
        deploymentType: "CURRENT_VERSION",
        hasSpec: true,
        templateMajorVersion: undefined,
        templateMinorVersion: undefined,
      },
    ]);
    expect(await liveInstance("api-prod")).toMatchObject({ deploymentStatus: "SUCCEEDED" });
    expect(await liveInstance("api-dev")).toMatchObject({ deploymentStatus: "SUCCEEDED" });
  });
});
