/**
 * Lost answers: Proton applied the request, the response never arrived, the provider retried. Every
 * resource kind's create, and every call that starts a deployment, must end with exactly one
 * resource (or one deployment), through the real SDK against the emulator behind a proxy that
 * destroys the connection after the emulator answered. Proton's creates without a clientToken are
 * idempotent: the retried create simply succeeds. A same-named resource created otherwise is refused
 * (naming its owner) whatever Proton answered.
 */
import {
  CreateEnvironmentCommand,
  CreateEnvironmentTemplateCommand,
  CreateServiceCommand,
  GetEnvironmentCommand,
  ListDeploymentsCommand,
  ListEnvironmentTemplatesCommand,
  ListEnvironmentTemplateVersionsCommand,
  ListEnvironmentsCommand,
  ListServiceInstancesCommand,
  ListServicesCommand,
  ListServiceTemplatesCommand,
  waitUntilEnvironmentDeployed,
} from "@aws-sdk/client-proton";
import { stringify } from "yaml";
import { providers } from "../../../provider/src";
import { OWNER_TAG } from "../../../provider/src/resources/ownership";
import { startTestEmulator, type TestEmulator, waiterFor } from "../../support/emulator";
import { uploadBundle } from "../../support/bundles";
import { startLostAnswerProxy, type LostAnswerProxy } from "../../support/lostAnswerProxy";
import {
  environmentSpec,
  environmentTemplate,
  refusal,
  ROLE,
  serviceSpec,
  serviceTemplate,
} from "../emulator/deployableFixtures";
import { Driven, FAST, failure, useAccounts, type Bag } from "./deployableSupport";

let emulator: TestEmulator;
let proxy: LostAnswerProxy;

beforeAll(async () => {
  useAccounts();
  emulator = await startTestEmulator({ deploymentMs: 50 });
  proxy = await startLostAnswerProxy({ target: emulator.url });
});
afterAll(async () => {
  await proxy.stop();
  await emulator.stop();
});
beforeEach(async () => {
  await emulator.control.reset();
  await emulator.control.setDeploymentDelay(50);
  proxy.configure({});
  proxy.lost.length = 0;
});

const sdk = () => emulator.client();
/** Through the proxy, as a stack `proj/stack` would send them. */
const through = (owner: string, extra: Bag = {}): Bag => ({
  connection: { endpoint: proxy.url, region: "us-east-1" },
  operation: FAST,
  owner: `proj/stack/${owner}`,
  ...extra,
});
/** Inputs of environment `name` from the vpc template, through the proxy. */
const environmentInputs = (name: string, extra: Bag = {}): Bag =>
  through(name, {
    name,
    templateName: "vpc",
    templateMajorVersion: "1",
    spec: environmentSpec(),
    protonServiceRoleArn: ROLE,
    ...extra,
  });
/** Service `api` on the web template with instance `a` in `dev`, through the proxy. */
const serviceInputs = (): Bag =>
  through("api", {
    name: "api",
    templateName: "web",
    templateMajorVersion: "1",
    spec: serviceSpec([{ name: "a", environment: "dev", inputs: { port: 1 } }], { image: "x" }),
    repositoryConnectionArn: "arn:aws:codestar-connections:us-east-1:123456789012:connection/source",
    repositoryId: "acme/api",
    branchName: "main",
  });
const loseFirst = (operation: string, count = 1) => proxy.configure({ loseFirst: { [operation]: count } });
const received = async (operation: string) =>
  (await emulator.control.calls()).counts[operation as never] ?? 0;

async function platformTemplates() {
  await environmentTemplate(sdk(), "vpc", ["1.0"]);
  await serviceTemplate(sdk(), "web", ["1.0"], [{ templateName: "vpc", majorVersion: "1" }], {
    pipeline: true,
  });
}

async function environment(name: string) {
  await sdk().send(
    new CreateEnvironmentCommand({
      name,
      templateName: "vpc",
      templateMajorVersion: "1",
      spec: environmentSpec(),
      protonServiceRoleArn: ROLE,
    }),
  );
  await waitUntilEnvironmentDeployed(waiterFor(sdk()), { name });
}

describe("a create whose answer was lost", () => {
  it.each([
    ["EnvironmentTemplate", "CreateEnvironmentTemplate", ListEnvironmentTemplatesCommand, "templates"],
    ["ServiceTemplate", "CreateServiceTemplate", ListServiceTemplatesCommand, "templates"],
  ] as const)(
    "%s: the retried create (same parameters) succeeds with the template, one template",
    async (kind, op, List, key) => {
      loseFirst(op);
      const template = new Driven(providers[kind]);
      const outs = await template.create(through("tmpl", { name: "tmpl", description: "d" }));
      expect(proxy.lost).toEqual([op]);
      expect(await received(op)).toBe(2);
      expect(outs).toMatchObject({ name: "tmpl", description: "d" });
      const list = (await sdk().send(new List({}))) as unknown as Record<string, unknown[]>;
      expect(list[key]).toHaveLength(1);
    },
  );

  it("EnvironmentTemplateVersion: the retry replays its clientToken, one version", async () => {
    await new Driven(providers.EnvironmentTemplate).create(through("tmpl", { name: "vpc" }));
    loseFirst("CreateEnvironmentTemplateVersion");
    const source = await uploadBundle(sdk(), "vpc/v1.tar.gz", { kind: "environment" });
    const version = new Driven(providers.EnvironmentTemplateVersion);
    await version.create(through("v1", { templateName: "vpc", source }));
    expect(proxy.lost).toEqual(["CreateEnvironmentTemplateVersion"]);
    expect(version.outs).toMatchObject({ status: "PUBLISHED" });
    const versions = await sdk().send(new ListEnvironmentTemplateVersionsCommand({ templateName: "vpc" }));
    expect(versions.templateVersions).toHaveLength(1);
  });

  it("Environment: the retried create succeeds with the environment, deployed once", async () => {
    await platformTemplates();
    loseFirst("CreateEnvironment");
    const env = new Driven(providers.Environment);
    const outs = await env.create(environmentInputs("dev", { tags: { team: "a" } }));
    expect(proxy.lost).toEqual(["CreateEnvironment"]);
    expect(await received("CreateEnvironment")).toBe(2);
    expect(outs).toMatchObject({ deploymentStatus: "SUCCEEDED", tags: { team: "a" } });
    expect((await sdk().send(new ListEnvironmentsCommand({}))).environments).toHaveLength(1);
    // The retry started no deployment, nor did the provider: the only one is the create's.
    const deployments = await sdk().send(new ListDeploymentsCommand({ environmentName: "dev" }));
    expect(deployments.deployments).toHaveLength(1);
    expect((await emulator.control.calls()).calls.filter((c) => c.operation === "UpdateEnvironment")).toEqual(
      [],
    );
  });

  it("Service: the retried create succeeds with the service, one service, instance and pipeline", async () => {
    await platformTemplates();
    await environment("dev");
    loseFirst("CreateService");
    const service = new Driven(providers.Service);
    const outs = await service.create(serviceInputs());
    expect(proxy.lost).toEqual(["CreateService"]);
    expect(await received("CreateService")).toBe(2);
    expect(outs).toMatchObject({ status: "ACTIVE" });
    expect((await sdk().send(new ListServicesCommand({}))).services).toHaveLength(1);
    const instances = await sdk().send(new ListServiceInstancesCommand({ serviceName: "api" }));
    expect(instances.serviceInstances).toHaveLength(1);
    // One deployment of the instance, one of the pipeline: the create's.
    const deployments = await sdk().send(new ListDeploymentsCommand({ serviceName: "api" }));
    expect(deployments.deployments).toHaveLength(2);
  });

  it("ServiceInstance: the lost UpdateService is not sent again, the instance is added once", async () => {
    await platformTemplates();
    await environment("dev");
    const base = serviceInputs();
    await new Driven(providers.Service).create(base);
    loseFirst("UpdateService");
    const added = new Driven(providers.ServiceInstance);
    await added.create(
      through("b", { name: "b", serviceName: "api", environmentName: "dev", spec: stringify({ port: 2 }) }),
    );
    expect(proxy.lost).toEqual(["UpdateService"]);
    expect(await received("UpdateService")).toBe(1);
    expect(added.outs).toMatchObject({ deploymentStatus: "SUCCEEDED" });
    const names = (await sdk().send(new ListServiceInstancesCommand({ serviceName: "api" })))
      .serviceInstances;
    expect(names?.map((i) => i.name).sort()).toEqual(["a", "b"]);
  });

  it("a stranger's same-named resource is still refused, naming its owner", async () => {
    await platformTemplates();
    await sdk().send(
      new CreateEnvironmentCommand({
        name: "theirs",
        templateName: "vpc",
        templateMajorVersion: "1",
        spec: environmentSpec(),
        protonServiceRoleArn: ROLE,
        tags: [{ key: OWNER_TAG, value: "other/stack/theirs" }],
      }),
    );
    const refused = await failure(new Driven(providers.Environment).create(environmentInputs("theirs")));
    expect(refused.message).toMatch(
      /not created by this stack \(it belongs to other\/stack\/theirs\).*import: "theirs"/,
    );
  });
});

/**
 * A same-named resource made with other parameters answers the provider's create with a
 * ValidationException (idempotent parameter mismatch), not a conflict: the provider decides from the
 * resource it then reads, never from the answer's text.
 */
describe("a create meeting a same-named resource created with other parameters", () => {
  const stranger = [{ key: OWNER_TAG, value: "other/stack/theirs" }];
  /** The provider's own create request sent again: what the emulator answered it. */
  async function answerTo(operation: "CreateEnvironmentTemplate" | "CreateService"): Promise<string> {
    const [request] = (await emulator.control.calls()).calls.filter((c) => c.operation === operation);
    const input = request.input as never;
    return refusal(
      operation === "CreateService"
        ? sdk().send(new CreateServiceCommand(input))
        : sdk().send(new CreateEnvironmentTemplateCommand(input)),
    );
  }

  it("EnvironmentTemplate: refused naming the owner, though Proton answered ValidationException", async () => {
    await sdk().send(new CreateEnvironmentTemplateCommand({ name: "tmpl", tags: stranger }));
    await emulator.control.clearCalls();
    const refused = await failure(
      new Driven(providers.EnvironmentTemplate).create(through("tmpl", { name: "tmpl", description: "d" })),
    );
    expect(refused.message).toMatch(
      /not created by this stack \(it belongs to other\/stack\/theirs\).*import: "tmpl"/,
    );
    expect(await answerTo("CreateEnvironmentTemplate")).toMatch(
      /^ValidationException: Idempotent parameter mismatch/,
    );
  });

  it("Service: refused naming the owner, though Proton answered ValidationException", async () => {
    await platformTemplates();
    await environment("dev");
    const inputs = serviceInputs();
    await sdk().send(
      new CreateServiceCommand({
        name: "api",
        templateName: "web",
        templateMajorVersion: "1",
        spec: inputs.spec as string,
        repositoryConnectionArn: inputs.repositoryConnectionArn as string,
        repositoryId: inputs.repositoryId as string,
        branchName: inputs.branchName as string,
        tags: stranger,
      }),
    );
    await emulator.control.clearCalls();
    const refused = await failure(new Driven(providers.Service).create(inputs));
    expect(refused.message).toMatch(
      /not created by this stack \(it belongs to other\/stack\/theirs\).*import: "api"/,
    );
    expect(await answerTo("CreateService")).toMatch(/^ValidationException: Idempotent parameter mismatch/);
    expect((await sdk().send(new ListServicesCommand({}))).services).toHaveLength(1);
  });

  it("a genuine validation error of a create (nothing of that name exists) is reported unchanged", async () => {
    await platformTemplates();
    const refused = await failure(
      new Driven(providers.Environment).create(environmentInputs("dev", { templateMajorVersion: "9" })),
    );
    expect(refused).toMatchObject({ name: "ProtonOperationError", errorName: "ValidationException" });
    expect(refused.message).toMatch(/CreateEnvironment failed: ValidationException: .*no published minor/);
    expect(refused.message).not.toMatch(/not created by this stack/);
    expect((await sdk().send(new ListEnvironmentsCommand({}))).environments).toEqual([]);
  });
});

describe("an update whose answer was lost", () => {
  it("Environment: the deployment it started is waited for, not started again", async () => {
    await platformTemplates();
    const inputs = environmentInputs("dev");
    const env = new Driven(providers.Environment);
    await env.create(inputs);
    // Long enough that the retry would find the deployment done (and could deploy again).
    await emulator.control.setDeploymentDelay(20);
    loseFirst("UpdateEnvironment");
    const outs = await env.update({ ...inputs, spec: environmentSpec({ cidr: "10.9.0.0/16" }) });
    expect(proxy.lost).toEqual(["UpdateEnvironment"]);
    expect(await received("UpdateEnvironment")).toBe(1);
    expect(outs).toMatchObject({ deploymentStatus: "SUCCEEDED" });
    const live = (await sdk().send(new GetEnvironmentCommand({ name: "dev" }))).environment;
    expect(live?.spec).toContain("10.9.0.0/16");
  });
});

describe("the service family under throttling, 500s, dropped connections and lost answers", () => {
  it.each([1, 2, 3])(
    "seed %d: create, add and remove instances, delete: all succeed, nothing twice",
    async (seed) => {
      await platformTemplates();
      await environment("dev");
      const resilient = { ...FAST, maxRetries: 12, retryMaxDelayMs: 200 };
      const at = (owner: string, extra: Bag) => ({ ...through(owner, extra), operation: resilient });
      await emulator.control.setFaults({ throttleAboveRps: 20, faultRate: 0.2, dropRate: 0.1, seed });
      proxy.configure({ rate: 0.2, seed });
      const service = new Driven(providers.Service);
      await service.create({ ...serviceInputs(), operation: resilient });
      const instances = ["a", "b", "c"].map(() => new Driven(providers.ServiceInstance));
      await Promise.all(
        instances.map((instance, i) =>
          instance.create(
            at(`i${i}`, {
              name: ["a", "b", "c"][i],
              serviceName: "api",
              environmentName: "dev",
              spec: stringify({ port: i + 1 }),
            }),
          ),
        ),
      );
      const names = async () =>
        (await sdk().send(new ListServiceInstancesCommand({ serviceName: "api" }))).serviceInstances
          ?.map((i) => i.name)
          .sort();
      await emulator.control.setFaults({});
      expect(await names()).toEqual(["a", "b", "c"]);
      await emulator.control.setFaults({ throttleAboveRps: 20, faultRate: 0.2, dropRate: 0.1, seed });
      await Promise.all([instances[1].delete(), instances[2].delete()]);
      await emulator.control.setFaults({});
      expect(await names()).toEqual(["a"]);
      await emulator.control.setFaults({ throttleAboveRps: 20, faultRate: 0.2, dropRate: 0.1, seed });
      await service.delete();
      await emulator.control.setFaults({});
      proxy.configure({});
      expect((await sdk().send(new ListServicesCommand({}))).services).toEqual([]);
    },
    60_000,
  );
});
