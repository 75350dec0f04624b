/**
 * Component provider against the emulator: life cycle, the UpdateComponent calls each change sends,
 * moves and detaching, failed and cancelled deployments, drift, adoption, deletion (detach first) and
 * what a component keeps other resources' deletions from doing, and the component read functions.
 */
import {
  CancelComponentDeploymentCommand,
  CreateComponentCommand,
  GetComponentCommand,
  TagResourceCommand,
  UpdateComponentCommand,
  waitUntilComponentDeployed,
  type Component,
} from "@aws-sdk/client-proton";
import { functions } from "../../../provider/src/functions";
import { componentProvider } from "../../../provider/src/resources/component";
import { environmentProvider } from "../../../provider/src/resources/environment";
import { OWNER_TAG } from "../../../provider/src/resources/ownership";
import { serviceProvider } from "../../../provider/src/resources/service/service";
import { serviceInstanceProvider } from "../../../provider/src/resources/service/serviceInstance";
import { startTestEmulator, type TestEmulator, waiterFor } from "../../support/emulator";
import {
  brokenTemplate,
  COMPONENT_ROLE,
  componentPlatform,
  componentServiceSpec,
  manifest,
  queueTemplate,
} from "../emulator/componentFixtures";
import { environmentSpec, ROLE } from "../emulator/deployableFixtures";
import { Driven, failure, sent, settings, useAccounts, type Bag } from "./deployableSupport";

let emulator: TestEmulator;

beforeAll(async () => {
  useAccounts();
  emulator = await startTestEmulator({ deploymentMs: 50 });
});
afterAll(() => emulator.stop());
beforeEach(async () => {
  await emulator.control.reset();
  await emulator.control.setDeploymentDelay(50);
  await componentPlatform(emulator.client());
  await emulator.control.clearCalls();
});

const inputs = (overrides: Bag = {}): Bag => ({
  ...settings(emulator),
  name: "queue",
  environmentName: "dev",
  serviceName: "api",
  serviceInstanceName: "web",
  manifest: manifest(),
  templateFile: queueTemplate(),
  serviceSpec: componentServiceSpec("web", { retention: 120 }),
  description: "work queue",
  tags: { team: "payments" },
  owner: "proj/stack/queue",
  ...overrides,
});

const live = async (name = "queue") =>
  (await emulator.client().send(new GetComponentCommand({ name }))).component as Component;

/** The UpdateComponent calls since the last clear: what each asked for (the template file as a label). */
async function updates() {
  return (await sent(emulator, "UpdateComponent")).map((input) =>
    Object.fromEntries(
      Object.entries(input)
        .filter(([key]) => key !== "name" && key !== "clientToken")
        .map(([key, value]) => [key, key === "templateFile" ? String(value).split("\n")[0] : value]),
    ),
  );
}

describe("Component life cycle", () => {
  it("creates, deploys each kind of change with the right call, refreshes drift and deletes", async () => {
    const component = new Driven(componentProvider);
    const outs = await component.create(inputs());
    expect(component.id).toBe("queue");
    expect(outs).toMatchObject({
      name: "queue",
      environmentName: "dev",
      serviceName: "api",
      serviceInstanceName: "web",
      deploymentStatus: "SUCCEEDED",
      templateFile: queueTemplate(),
      manifest: manifest(),
      description: "work queue",
      tags: { team: "payments" },
      outputs: { QueueArn: "!GetAtt Queue.Arn", QueueName: "queue-dev", Retention: "120" },
    });
    const [create] = await sent(emulator, "CreateComponent");
    expect(create.tags).toContainEqual({ key: OWNER_TAG, value: "proj/stack/queue" });
    expect(create.clientToken).toMatch(/^[0-9a-f]{64}$/);

    const steps: [string, Bag, Bag[]][] = [
      [
        "templateFile",
        { templateFile: queueTemplate("v2") },
        [{ deploymentType: "CURRENT_VERSION", templateFile: "# v2" }],
      ],
      [
        "serviceSpec",
        { serviceSpec: componentServiceSpec("web", { retention: 300 }) },
        [
          {
            deploymentType: "CURRENT_VERSION",
            templateFile: "# v2",
            serviceSpec: componentServiceSpec("web", { retention: 300 }),
          },
        ],
      ],
      [
        "description",
        { description: "the work queue" },
        [{ deploymentType: "NONE", description: "the work queue" }],
      ],
      [
        "a move to another instance of the environment",
        { serviceInstanceName: "worker", serviceSpec: componentServiceSpec("worker", { retention: 90 }) },
        [
          { deploymentType: "CURRENT_VERSION", serviceName: "", serviceInstanceName: "" },
          {
            deploymentType: "CURRENT_VERSION",
            serviceName: "api",
            serviceInstanceName: "worker",
            serviceSpec: componentServiceSpec("worker", { retention: 90 }),
            templateFile: "# v2",
          },
        ],
      ],
      [
        "a detach",
        { serviceName: undefined, serviceInstanceName: undefined, serviceSpec: undefined },
        [
          {
            deploymentType: "CURRENT_VERSION",
            serviceName: "",
            serviceInstanceName: "",
            templateFile: "# v2",
          },
        ],
      ],
      [
        "an attach",
        { serviceInstanceName: "web", serviceName: "api" },
        [
          {
            deploymentType: "CURRENT_VERSION",
            serviceName: "api",
            serviceInstanceName: "web",
            templateFile: "# v2",
          },
        ],
      ],
    ];
    let current = inputs();
    for (const [, change, expected] of steps) {
      current = { ...current, ...change };
      await emulator.control.clearCalls();
      expect(await component.diff(current)).toMatchObject({ changes: true, replaces: [] });
      await component.update(current);
      expect(await updates()).toEqual(expected);
    }
    expect(await live()).toMatchObject({
      serviceInstanceName: "web",
      description: "the work queue",
      deploymentStatus: "SUCCEEDED",
    });
    expect(component.outs).toMatchObject({ templateFile: queueTemplate("v2"), outputs: { Retention: "60" } });

    // Tags alone: no UpdateComponent at all.
    await emulator.control.clearCalls();
    current = { ...current, tags: { team: "payments", cost: "q" } };
    await component.update(current);
    expect(await updates()).toEqual([]);
    expect(await sent(emulator, "TagResource")).toHaveLength(1);
    expect(component.outs.tags).toEqual({ team: "payments", cost: "q" });

    // Unchanged inputs, a re-spelled service spec, or one left out while the attachment stays: no diff.
    current = { ...current, serviceSpec: componentServiceSpec("web", { a: 1 }) };
    await component.update(current);
    expect(await component.diff(current)).toMatchObject({ changes: false });
    const respelled = 'instances: [{name: web, environment: dev, spec: {"a": 1}}]\nproton: ServiceSpec\n';
    expect(await component.diff({ ...current, serviceSpec: respelled })).toMatchObject({ changes: false });
    expect(await component.diff({ ...current, serviceSpec: undefined })).toMatchObject({ changes: false });

    // Drift made outside Pulumi shows on refresh; the next update deploys the program's back.
    const client = emulator.client();
    await client.send(
      new UpdateComponentCommand({
        name: "queue",
        deploymentType: "CURRENT_VERSION",
        templateFile: queueTemplate("hand-edited"),
        serviceSpec: componentServiceSpec("web", { retention: 999 }),
      }),
    );
    await waitUntilComponentDeployed(waiterFor(client), { name: "queue" });
    await client.send(
      new UpdateComponentCommand({ name: "queue", deploymentType: "NONE", description: "by hand" }),
    );
    await client.send(
      new TagResourceCommand({
        resourceArn: String(component.outs.arn),
        tags: [{ key: "extra", value: "x" }],
      }),
    );
    expect(await component.refresh()).toMatchObject({
      templateFile: queueTemplate("hand-edited"),
      serviceSpec: componentServiceSpec("web", { retention: 999 }),
      description: "by hand",
      tags: { team: "payments", cost: "q", extra: "x" },
      manifest: manifest(),
      outputs: { Retention: "999" },
    });
    expect(await component.diff(current)).toMatchObject({ changes: true, replaces: [] });
    await emulator.control.clearCalls();
    await component.update(current);
    expect(await updates()).toEqual([
      {
        deploymentType: "CURRENT_VERSION",
        serviceSpec: current.serviceSpec,
        templateFile: "# v2",
        description: "the work queue",
      },
    ]);
    expect((await sent(emulator, "UntagResource"))[0]).toMatchObject({ tagKeys: ["extra"] });

    // Delete: detach first, then delete and wait until gone.
    await emulator.control.clearCalls();
    await component.delete();
    expect(await updates()).toEqual([
      { deploymentType: "CURRENT_VERSION", serviceName: "", serviceInstanceName: "" },
    ]);
    expect(await sent(emulator, "DeleteComponent")).toHaveLength(1);
    await expect(live()).rejects.toThrow(/not found/);
    expect(await component.refresh()).toBeUndefined();
  });

  it("previews what Proton can't change in place as a replacement, deleting first", async () => {
    const component = new Driven(componentProvider);
    await component.create(inputs());
    expect(await component.diff(inputs({ manifest: `${manifest()}# changed\n` }))).toMatchObject({
      replaces: ["manifest"],
      deleteBeforeReplace: true,
    });
    expect(
      await component.diff(
        inputs({ environmentName: "prod", serviceInstanceName: "edge", serviceSpec: undefined }),
      ),
    ).toMatchObject({ replaces: ["environmentName"], deleteBeforeReplace: true });
    // Without environmentName, another instance could be in another environment: a replacement too.
    expect(
      await component.diff(
        inputs({ environmentName: undefined, serviceInstanceName: "worker", serviceSpec: undefined }),
      ),
    ).toMatchObject({ replaces: ["serviceInstanceName"], deleteBeforeReplace: true });
    expect(await component.diff(inputs({ name: "other" }))).toMatchObject({ replaces: ["name"] });
  });

  it("auto-names, and checks where the component goes before any call", async () => {
    const component = new Driven(componentProvider);
    const { inputs: checked } = await component.check({
      ...inputs({ name: undefined }),
      autoNamePrefix: "queue",
    });
    expect(checked.name).toMatch(/^queue-[0-9a-f]{7}$/);
    const failures = async (change: Bag) => (await component.check(inputs(change))).failures;
    expect(await failures({ serviceInstanceName: undefined })).toEqual([
      { property: "serviceInstanceName", reason: expect.stringMatching(/give both or neither/) },
    ]);
    expect(
      await failures({
        serviceName: undefined,
        serviceInstanceName: undefined,
        environmentName: undefined,
        serviceSpec: undefined,
      }),
    ).toEqual([{ property: "environmentName", reason: expect.stringMatching(/is required unless/) }]);
    expect(await failures({ serviceName: undefined, serviceInstanceName: undefined })).toEqual([
      { property: "serviceSpec", reason: "applies to components attached to a service instance only" },
    ]);
    expect(await failures({ manifest: undefined })).toEqual([
      { property: "manifest", reason: "is required" },
    ]);
  });
});

describe("Component failures", () => {
  it("records a failed first deployment as a partial failure; a fixed template file deploys on the next update", async () => {
    const component = new Driven(componentProvider);
    const error = await failure(component.create(inputs({ templateFile: brokenTemplate })));
    expect(error.message).toMatch(/ended in FAILED: Template format error: at least one Resources member/);
    expect(error).toMatchObject({ id: "queue" });
    expect(component.outs).toMatchObject({
      name: "queue",
      deploymentStatus: "FAILED",
      templateFile: brokenTemplate,
    });
    // Same inputs: deployed again. Fixed inputs: deployed, nothing created twice.
    expect(await component.diff(inputs({ templateFile: brokenTemplate }))).toMatchObject({ changes: true });
    await emulator.control.clearCalls();
    await component.update(inputs());
    expect(await updates()).toEqual([{ deploymentType: "CURRENT_VERSION", templateFile: "# v1" }]);
    expect(await sent(emulator, "CreateComponent")).toEqual([]);
    expect(component.outs).toMatchObject({ deploymentStatus: "SUCCEEDED", templateFile: queueTemplate() });
  });

  it("fails an update with Proton's message, keeps the old deployment, and re-runs it", async () => {
    const component = new Driven(componentProvider);
    await component.create(inputs());
    await emulator.control.failNextDeployment({ resourceName: "queue", message: "queue quota exceeded" });
    const next = inputs({ templateFile: queueTemplate("v2") });
    expect((await failure(component.update(next))).message).toMatch(
      /Component "queue" deployment ended in FAILED: queue quota exceeded/,
    );
    expect(await component.refresh()).toMatchObject({
      deploymentStatus: "FAILED",
      templateFile: queueTemplate(),
    });
    await emulator.control.clearCalls();
    await component.update(next);
    expect(await updates()).toEqual([{ deploymentType: "CURRENT_VERSION", templateFile: "# v2" }]);
  });

  it("reports a cancelled deployment, and the next update deploys again", async () => {
    const component = new Driven(componentProvider);
    await component.create(inputs());
    await emulator.control.setDeploymentDelay(60_000);
    const next = inputs({ templateFile: queueTemplate("v2") });
    const updating = component.update(next);
    for (;;) {
      const current = await live();
      if (current.deploymentStatus === "IN_PROGRESS") break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await emulator.control.setDeploymentDelay(50);
    await emulator.client().send(new CancelComponentDeploymentCommand({ componentName: "queue" }));
    expect((await failure(updating)).message).toMatch(/ended in CANCELLED: Deployment cancelled/);
    await component.update(next);
    expect(await live()).toMatchObject({ deploymentStatus: "SUCCEEDED" });
    expect(component.outs.templateFile).toBe(queueTemplate("v2"));
  });

  it("a delete whose detach can't deploy fails with Proton's message and leaves the component attached", async () => {
    const needsInputs =
      "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: {QueueName: '{{ service_instance.name }}'}\n";
    const component = new Driven(componentProvider);
    await component.create(inputs({ templateFile: needsInputs }));
    const error = await failure(component.delete());
    expect(error.message).toMatch(
      /ended in FAILED: Rendering failed: the template file references an undefined parameter \(line 4\)\. \(detaching before deletion: the template file must also deploy without service instance inputs\)/,
    );
    expect(await live()).toMatchObject({ deploymentStatus: "FAILED", serviceInstanceName: "web" });
  });

  it("never quotes the manifest or the template file in an error", async () => {
    const SECRET = "hunter2-secret-marker";
    const component = new Driven(componentProvider);
    const error = await failure(
      component.create(inputs({ manifest: `infrastructure:\n  templates:\n    - {file: ${SECRET}}\n` })),
    );
    expect(error.message).toMatch(
      /CreateComponent failed: ValidationException: The manifest's 'template_language'/,
    );
    expect(error.message).not.toContain(SECRET);
    const rendering = await failure(
      new Driven(componentProvider).create(
        inputs({
          name: "strict",
          templateFile: `Resources:\n  Q: {Type: X, P: '{{ service_instance.inputs.${SECRET} }}'}\n`,
        }),
      ),
    );
    expect(rendering.message).toMatch(
      /Rendering failed: the template file references an undefined parameter/,
    );
    expect(rendering.message).not.toContain(SECRET);
    expect(rendering.reasons).toEqual([expect.not.stringContaining(SECRET)]);
  });
});

describe("Component adoption", () => {
  const outOfBand = (name: string, tags: { key: string; value: string }[] = []) =>
    emulator.client().send(
      new CreateComponentCommand({
        name,
        environmentName: "dev",
        manifest: manifest(),
        templateFile: queueTemplate("theirs"),
        description: "theirs",
        tags,
      }),
    );

  it("imports on request and converges it; adopts what an interrupted run created; refuses a stranger's", async () => {
    await outOfBand("legacy");
    await waitUntilComponentDeployed(waiterFor(emulator.client()), { name: "legacy" });
    await emulator.control.clearCalls();
    const imported = new Driven(componentProvider);
    const detachedInputs = { serviceName: undefined, serviceInstanceName: undefined, serviceSpec: undefined };
    await imported.create(inputs({ name: "legacy", ...detachedInputs, importId: "legacy" }));
    expect(await sent(emulator, "CreateComponent")).toEqual([]);
    expect(await updates()).toEqual([
      { deploymentType: "CURRENT_VERSION", templateFile: "# v1", description: "work queue" },
    ]);
    expect(imported.outs).toMatchObject({ templateFile: queueTemplate(), tags: { team: "payments" } });

    // An interrupted run of this stack left a component with its owner tag: adopted.
    await outOfBand("interrupted", [{ key: OWNER_TAG, value: "proj/stack/queue" }]);
    await emulator.control.clearCalls();
    const adopted = new Driven(componentProvider);
    await adopted.create(inputs({ name: "interrupted", ...detachedInputs }));
    expect(await sent(emulator, "CreateComponent")).toEqual([]);
    expect(adopted.outs).toMatchObject({ deploymentStatus: "SUCCEEDED", templateFile: queueTemplate() });

    // Someone else's: refused, pointing at the import option.
    await outOfBand("stranger");
    const error = await failure(
      new Driven(componentProvider).create(inputs({ name: "stranger", ...detachedInputs })),
    );
    expect(error.message).toMatch(/Component "stranger" already exists and was not created by this stack/);
    expect(error.message).toMatch(/\{ import: "stranger" \}/);
  });
});

describe("what a component keeps others from deleting", () => {
  it("a service instance, a service or an environment outside the program's graph says which component blocks it", async () => {
    const component = new Driven(componentProvider);
    await component.create(inputs());
    const instanceError = await failure(
      serviceInstanceProvider.delete!("api/web", settings(emulator) as never),
    );
    expect(instanceError.message).toMatch(
      /UpdateService failed: ConflictException: Service instance web of service api can't be removed: component queue is attached to service instance web; detach the component first/,
    );
    expect((await failure(serviceProvider.delete!("api", settings(emulator) as never))).message).toBe(
      'Service "api": DeleteService failed: ConflictException: The service api can\'t be deleted: component queue is attached to service instance web; detach the component first.',
    );
    // An environment with nothing but a component in it.
    const environment = new Driven(environmentProvider);
    await environment.create({
      ...settings(emulator),
      name: "solo",
      templateName: "vpc",
      templateMajorVersion: "1",
      spec: environmentSpec({}),
      protonServiceRoleArn: ROLE,
      componentRoleArn: COMPONENT_ROLE,
    });
    const loose = new Driven(componentProvider);
    await loose.create(
      inputs({
        name: "loose",
        environmentName: "solo",
        serviceName: undefined,
        serviceInstanceName: undefined,
        serviceSpec: undefined,
      }),
    );
    expect((await failure(environment.delete())).message).toBe(
      'Environment "solo": DeleteEnvironment failed: ConflictException: The environment solo can\'t be deleted: component loose is associated with it; delete the component first.',
    );
    // Deleted in the order Pulumi's graph gives (dependents first), everything goes.
    await loose.delete();
    await environment.delete();
    await component.delete();
    expect(await live().catch((e: Error) => e.name)).toBe("ResourceNotFoundException");
  });
});

describe("component read functions", () => {
  it("getComponent, listComponents, listComponentOutputs and listComponentProvisionedResources", async () => {
    await new Driven(componentProvider).create(inputs());
    const connection = settings(emulator).connection as Bag;
    expect(await functions.getComponent({ name: "queue", connection })).toMatchObject({
      name: "queue",
      serviceInstanceName: "web",
      deploymentStatus: "SUCCEEDED",
    });
    expect(await functions.listComponents({ serviceName: "api", connection })).toMatchObject({
      components: [{ name: "queue", environmentName: "dev" }],
    });
    expect(await functions.listComponentOutputs({ componentName: "queue", connection })).toEqual({
      outputs: [
        { key: "QueueArn", valueString: "!GetAtt Queue.Arn" },
        { key: "QueueName", valueString: "queue-dev" },
        { key: "Retention", valueString: "120" },
      ],
    });
    expect(
      await functions.listComponentProvisionedResources({ componentName: "queue", connection }),
    ).toMatchObject({
      provisionedResources: [{ provisioningEngine: "CLOUDFORMATION" }],
    });
  });
});
