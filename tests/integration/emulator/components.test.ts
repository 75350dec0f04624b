/**
 * Components against the emulator with the real SDK: creation rules (component role, supported component
 * sources, placement, manifest), deployments and their records, outputs and provisioned resources,
 * updates (NONE, CURRENT_VERSION, attach and detach), failures, cancellation, deletion, what components
 * keep from being deleted, lists, self-managed (Terraform) components and the stock waiters.
 */
import {
  CancelComponentDeploymentCommand,
  CreateComponentCommand,
  CreateEnvironmentAccountConnectionCommand,
  AcceptEnvironmentAccountConnectionCommand,
  CreateEnvironmentCommand,
  DeleteComponentCommand,
  DeleteEnvironmentCommand,
  DeleteServiceCommand,
  GetComponentCommand,
  GetDeploymentCommand,
  GetResourcesSummaryCommand,
  ListComponentOutputsCommand,
  ListComponentProvisionedResourcesCommand,
  ListComponentsCommand,
  ListDeploymentsCommand,
  ListTagsForResourceCommand,
  NotifyResourceDeploymentStatusChangeCommand,
  paginateListComponents,
  UpdateComponentCommand,
  UpdateServiceCommand,
  UpdateServiceInstanceCommand,
  waitUntilComponentDeleted,
  waitUntilComponentDeployed,
  waitUntilEnvironmentDeployed,
  waitUntilServiceDeleted,
  type Component,
  type CreateComponentInput,
  type ProtonClient,
} from "@aws-sdk/client-proton";
import { useEmulator, waiterFor } from "../../support/emulator";
import {
  brokenTemplate,
  COMPONENT_ROLE,
  componentPlatform,
  componentServiceSpec,
  manifest,
  queueTemplate,
} from "./componentFixtures";
import { environmentSpec, FreezableClock, refusal, serviceSpec, until } from "./deployableFixtures";

const clock = new FreezableClock();
const emulator = useEmulator({ clock, deploymentMs: 50 });
let proton: ProtonClient;

beforeEach(async () => {
  proton = emulator.client();
  await componentPlatform(proton);
});

const ARN = "arn:aws:proton:us-east-1:123456789012";

const attached = (name: string, extra: Partial<CreateComponentInput> = {}): CreateComponentInput => ({
  name,
  serviceName: "api",
  serviceInstanceName: "web",
  manifest: manifest(),
  templateFile: queueTemplate(),
  ...extra,
});

const detached = (name: string, extra: Partial<CreateComponentInput> = {}): CreateComponentInput => ({
  name,
  environmentName: "dev",
  manifest: manifest(),
  templateFile: queueTemplate(),
  ...extra,
});

const get = async (name: string) =>
  (await proton.send(new GetComponentCommand({ name }))).component as Component;

async function deployed(input: CreateComponentInput): Promise<Component> {
  await proton.send(new CreateComponentCommand(input));
  await waitUntilComponentDeployed(waiterFor(proton), { name: input.name });
  return get(input.name as string);
}

const outputs = async (componentName: string, deploymentId?: string) =>
  (await proton.send(new ListComponentOutputsCommand({ componentName, deploymentId }))).outputs;

const deployment = async (id: string | undefined) =>
  (await proton.send(new GetDeploymentCommand({ id }))).deployment;

const update = (name: string, extra: Record<string, unknown> = {}) =>
  proton.send(new UpdateComponentCommand({ name, deploymentType: "CURRENT_VERSION", ...extra }));

const detach = (name: string) => update(name, { serviceName: "", serviceInstanceName: "" });

describe("CreateComponent", () => {
  it("attaches to a service instance, takes its environment and deploys (IN_PROGRESS -> SUCCEEDED)", async () => {
    const created = await clock.frozen(async () => {
      const answer = (
        await proton.send(
          new CreateComponentCommand(
            attached("queue", {
              description: "work queue",
              serviceSpec: componentServiceSpec("web", { retention: 120 }),
              tags: [{ key: "team", value: "payments" }],
            }),
          ),
        )
      ).component as Component;
      expect(answer).toMatchObject({ deploymentStatus: "IN_PROGRESS" });
      return answer;
    });
    expect(created).toMatchObject({
      name: "queue",
      arn: `${ARN}:component/queue`,
      environmentName: "dev",
      serviceName: "api",
      serviceInstanceName: "web",
      description: "work queue",
    });
    expect(created.lastDeploymentSucceededAt).toBeUndefined();
    await waitUntilComponentDeployed(waiterFor(proton), { name: "queue" });
    const live = await get("queue");
    expect(live).toMatchObject({
      deploymentStatus: "SUCCEEDED",
      lastSucceededDeploymentId: created.lastAttemptedDeploymentId,
      serviceSpec: componentServiceSpec("web", { retention: 120 }),
    });
    expect(live.lastDeploymentSucceededAt).toBeInstanceOf(Date);
    // No echo of the manifest or the template file in the detail.
    expect(JSON.stringify(live)).not.toContain("AWS::SQS::Queue");

    // One Deployment record, naming the component and what it deployed.
    expect(await deployment(live.lastAttemptedDeploymentId)).toMatchObject({
      targetArn: `${ARN}:component/queue`,
      targetResourceType: "COMPONENT",
      componentName: "queue",
      environmentName: "dev",
      serviceName: "api",
      serviceInstanceName: "web",
      deploymentStatus: "SUCCEEDED",
      targetState: {
        component: {
          serviceName: "api",
          serviceInstanceName: "web",
          serviceSpec: componentServiceSpec("web", { retention: 120 }),
          templateFile: queueTemplate(),
        },
      },
    });
    expect((await deployment(live.lastAttemptedDeploymentId))?.initialState).toBeUndefined();

    // Outputs: the template's Outputs, rendered with the instance's inputs from the serviceSpec.
    expect(await outputs("queue")).toEqual([
      { key: "QueueArn", valueString: "!GetAtt Queue.Arn" },
      { key: "QueueName", valueString: "queue-dev" },
      { key: "Retention", valueString: "120" },
    ]);
    const { provisionedResources } = await proton.send(
      new ListComponentProvisionedResourcesCommand({ componentName: "queue" }),
    );
    expect(provisionedResources).toEqual([
      {
        name: expect.stringMatching(/^AWSProton-queue-cloudformation-[0-9A-F]{13}$/),
        identifier: expect.stringMatching(
          /^arn:aws:cloudformation:us-east-1:123456789012:stack\/AWSProton-queue-/,
        ),
        provisioningEngine: "CLOUDFORMATION",
      },
    ]);
    expect(
      (await proton.send(new ListTagsForResourceCommand({ resourceArn: `${ARN}:component/queue` }))).tags,
    ).toEqual([{ key: "team", value: "payments" }]);
    const { counts } = await proton.send(new GetResourcesSummaryCommand({}));
    expect(counts?.components).toEqual({ total: 1, failed: 0 });
  });

  it("without a serviceSpec, renders with the instance's own inputs; associated with an environment alone, with none", async () => {
    await deployed(attached("reads-instance"));
    expect(await outputs("reads-instance")).toContainEqual({ key: "Retention", valueString: "60" });
    const alone = await deployed(detached("alone"));
    expect(alone).toMatchObject({ environmentName: "dev" });
    expect(alone.serviceName).toBeUndefined();
    expect(await outputs("alone")).toContainEqual({ key: "Retention", valueString: "345600" });
  });

  it("replays a retry with the same clientToken; another request with it is refused", async () => {
    const input = detached("once", { clientToken: "token-1" });
    const first = (await proton.send(new CreateComponentCommand(input))).component;
    const again = (await proton.send(new CreateComponentCommand(input))).component;
    expect(again?.lastAttemptedDeploymentId).toBe(first?.lastAttemptedDeploymentId);
    expect(first?.lastClientRequestToken).toBe("token-1");
    expect(
      await refusal(proton.send(new CreateComponentCommand({ ...input, description: "other" }))),
    ).toMatch(/^ValidationException: Idempotent parameter mismatch/);
    expect(await refusal(proton.send(new CreateComponentCommand(detached("once"))))).toMatch(
      /^ConflictException: The component once already exists/,
    );
  });

  const SECRET = "do-not-echo-0451";
  it.each<[string, Partial<CreateComponentInput>, RegExp]>([
    [
      "a service name without an instance",
      { serviceInstanceName: undefined },
      /^ValidationException: Specify both/,
    ],
    [
      "neither an environment nor an instance",
      { serviceName: undefined, serviceInstanceName: undefined },
      /^ValidationException: Specify environmentName, or serviceName and serviceInstanceName/,
    ],
    [
      "an unknown instance",
      { serviceInstanceName: "nope" },
      /^ResourceNotFoundException: The service instance nope/,
    ],
    [
      "an environment the instance is not in",
      { environmentName: "prod" },
      /runs in environment dev, not prod/,
    ],
    [
      "an instance whose template version supports no directly defined components",
      { serviceName: "legacy", serviceInstanceName: "old" },
      /plain:1\.0, whose supportedComponentSources don't include DIRECTLY_DEFINED/,
    ],
    [
      "a malformed manifest",
      { manifest: `infrastructure: [${SECRET}` },
      /^ValidationException: The manifest is not valid YAML/,
    ],
    [
      "a Terraform component in an AWS-managed environment",
      { manifest: manifest("terraform") },
      /^ValidationException: A Terraform component needs an environment with self-managed provisioning/,
    ],
    [
      "a serviceSpec without the instance",
      { serviceSpec: componentServiceSpec("worker", { a: SECRET }) },
      /^ValidationException: The serviceSpec has no entry for service instance web/,
    ],
  ])("refuses %s", async (_case, change, expected) => {
    const message = await refusal(proton.send(new CreateComponentCommand(attached("refused", change))));
    expect(message).toMatch(expected);
    expect(message).not.toContain(SECRET);
  });

  it("refuses a serviceSpec for a component attached to no instance", async () => {
    expect(
      await refusal(
        proton.send(
          new CreateComponentCommand(detached("c", { serviceSpec: componentServiceSpec("web", {}) })),
        ),
      ),
    ).toMatch(/^ValidationException: serviceSpec applies to components attached to a service instance only/);
  });

  it("refuses an environment without a component role; through an account connection, the connection's role counts", async () => {
    await emulator.control.reset();
    await componentPlatform(proton, { componentRoleArn: null });
    expect(await refusal(proton.send(new CreateComponentCommand(attached("c"))))).toMatch(
      /^ValidationException: The environment dev has no componentRoleArn/,
    );

    // An environment in another account: the connection names the component role (or doesn't).
    const workload = emulator.client("222222222222");
    for (const [environmentName, componentRoleArn] of [
      ["remote", undefined],
      ["remote-roled", "arn:aws:iam::222222222222:role/component"],
    ] as const) {
      const { environmentAccountConnection } = await workload.send(
        new CreateEnvironmentAccountConnectionCommand({
          managementAccountId: "123456789012",
          environmentName,
          roleArn: "arn:aws:iam::222222222222:role/proton",
          componentRoleArn,
        }),
      );
      await proton.send(
        new AcceptEnvironmentAccountConnectionCommand({ id: environmentAccountConnection?.id }),
      );
      await proton.send(
        new CreateEnvironmentCommand({
          name: environmentName,
          templateName: "vpc",
          templateMajorVersion: "1",
          spec: environmentSpec({}),
          environmentAccountConnectionId: environmentAccountConnection?.id,
          // The environment's own role does not stand in for the connection's.
          componentRoleArn: COMPONENT_ROLE,
        }),
      );
      await waitUntilEnvironmentDeployed(waiterFor(proton), { name: environmentName });
    }
    expect(
      await refusal(proton.send(new CreateComponentCommand(detached("c", { environmentName: "remote" })))),
    ).toMatch(
      /^ValidationException: The environment account connection .* of environment remote has no componentRoleArn/,
    );
    await deployed(detached("roled", { environmentName: "remote-roled" }));
    const [stack] =
      (await proton.send(new ListComponentProvisionedResourcesCommand({ componentName: "roled" })))
        .provisionedResources ?? [];
    // Provisioned in the environment account.
    expect(stack.identifier).toMatch(/^arn:aws:cloudformation:us-east-1:222222222222:stack\//);
  });

  it("takes one component per service instance", async () => {
    await deployed(attached("first"));
    expect(await refusal(proton.send(new CreateComponentCommand(attached("second"))))).toMatch(
      /^ConflictException: The service instance web of service api already has component first attached/,
    );
  });
});

describe("UpdateComponent", () => {
  it("NONE changes the description only; CURRENT_VERSION deploys the new template file and serviceSpec", async () => {
    const first = await deployed(attached("queue"));
    await proton.send(
      new UpdateComponentCommand({
        name: "queue",
        deploymentType: "NONE",
        description: "renamed",
        clientToken: "t2",
      }),
    );
    expect(await get("queue")).toMatchObject({
      description: "renamed",
      deploymentStatus: "SUCCEEDED",
      lastAttemptedDeploymentId: first.lastAttemptedDeploymentId,
      lastClientRequestToken: "t2",
    });
    expect(
      await refusal(
        proton.send(new UpdateComponentCommand({ name: "queue", deploymentType: "NONE", templateFile: "x" })),
      ),
    ).toMatch(
      /^ValidationException: deploymentType NONE updates the description only: don't include templateFile/,
    );

    await update("queue", {
      templateFile: queueTemplate("v2"),
      serviceSpec: componentServiceSpec("web", { retention: 300 }),
    });
    await waitUntilComponentDeployed(waiterFor(proton), { name: "queue" });
    const second = await get("queue");
    expect(second.lastAttemptedDeploymentId).not.toBe(first.lastAttemptedDeploymentId);
    expect(await deployment(second.lastAttemptedDeploymentId)).toMatchObject({
      initialState: { component: { templateFile: queueTemplate(), serviceName: "api" } },
      targetState: {
        component: {
          templateFile: queueTemplate("v2"),
          serviceSpec: componentServiceSpec("web", { retention: 300 }),
        },
      },
    });
    expect(await outputs("queue")).toContainEqual({ key: "Retention", valueString: "300" });
    // The first deployment's outputs stay readable by id.
    expect(await outputs("queue", first.lastAttemptedDeploymentId)).toContainEqual({
      key: "Retention",
      valueString: "60",
    });
    const { deployments } = await proton.send(new ListDeploymentsCommand({ componentName: "queue" }));
    expect(deployments?.map((d) => d.id)).toEqual([
      second.lastAttemptedDeploymentId,
      first.lastAttemptedDeploymentId,
    ]);
    // An instance's deployments include its component's.
    const forInstance = await proton.send(
      new ListDeploymentsCommand({ serviceName: "api", serviceInstanceName: "web" }),
    );
    expect(forInstance.deployments?.filter((d) => d.targetResourceType === "COMPONENT")).toHaveLength(2);
  });

  it("is refused while the component or its service instance deploys", async () => {
    await deployed(attached("queue"));
    await clock.frozen(async () => {
      await update("queue", { templateFile: queueTemplate("v2") });
      expect(await refusal(update("queue"))).toMatch(
        /^ConflictException: The component queue can't be changed while its deployment status is IN_PROGRESS/,
      );
      // And the instance can't deploy while its component does.
      expect(
        await refusal(
          proton.send(
            new UpdateServiceInstanceCommand({
              serviceName: "api",
              name: "web",
              deploymentType: "CURRENT_VERSION",
            }),
          ),
        ),
      ).toMatch(
        /^ConflictException: The service instance web can't be updated while its component queue is IN_PROGRESS/,
      );
    });
    await waitUntilComponentDeployed(waiterFor(proton), { name: "queue" });
    await clock.frozen(async () => {
      await proton.send(
        new UpdateServiceInstanceCommand({
          serviceName: "api",
          name: "web",
          deploymentType: "CURRENT_VERSION",
        }),
      );
      expect(await refusal(update("queue"))).toMatch(
        /^ConflictException: The component queue can't be changed while its service instance web of service api is IN_PROGRESS/,
      );
    });
  });

  it("detaches (a CURRENT_VERSION deployment without inputs) and attaches again, to any instance of its environment", async () => {
    await deployed(attached("queue", { serviceSpec: componentServiceSpec("web", { retention: 120 }) }));
    // Attached: it can't move straight to another instance.
    expect(await refusal(update("queue", { serviceName: "api", serviceInstanceName: "worker" }))).toMatch(
      /^ConflictException: The component queue is attached to service instance web of service api: detach it first/,
    );
    expect(await refusal(update("queue", { serviceName: "", serviceInstanceName: "web" }))).toMatch(
      /^ValidationException: Specify serviceName and serviceInstanceName together/,
    );

    await detach("queue");
    await waitUntilComponentDeployed(waiterFor(proton), { name: "queue" });
    const loose = await get("queue");
    expect(loose).toMatchObject({ environmentName: "dev", deploymentStatus: "SUCCEEDED" });
    expect(loose.serviceName).toBeUndefined();
    expect(loose.serviceSpec).toBeUndefined();
    expect(await outputs("queue")).toContainEqual({ key: "Retention", valueString: "345600" });
    expect((await deployment(loose.lastAttemptedDeploymentId))?.targetState?.component).toEqual({
      templateFile: queueTemplate(),
    });

    expect(await refusal(update("queue", { serviceName: "api", serviceInstanceName: "edge" }))).toMatch(
      /^ValidationException: The service instance edge of service api runs in environment prod; component queue belongs to environment dev and can't move/,
    );
    expect(await refusal(update("queue", { serviceSpec: componentServiceSpec("web", {}) }))).toMatch(
      /^ValidationException: serviceSpec applies to components attached to a service instance only/,
    );
    await update("queue", {
      serviceName: "api",
      serviceInstanceName: "worker",
      serviceSpec: componentServiceSpec("worker", { retention: 90 }),
    });
    await waitUntilComponentDeployed(waiterFor(proton), { name: "queue" });
    expect(await get("queue")).toMatchObject({ serviceInstanceName: "worker" });
    expect(await outputs("queue")).toContainEqual({ key: "Retention", valueString: "90" });
  });

  it("a failed deployment rolls back to the last success; the next deployment can fix it", async () => {
    const first = await deployed(attached("queue"));
    await update("queue", { templateFile: brokenTemplate });
    await expect(waitUntilComponentDeployed(waiterFor(proton), { name: "queue" })).rejects.toThrow();
    const failed = await get("queue");
    expect(failed).toMatchObject({
      deploymentStatus: "FAILED",
      deploymentStatusMessage: "Template format error: at least one Resources member must be defined.",
      lastSucceededDeploymentId: first.lastAttemptedDeploymentId,
    });
    expect(await deployment(failed.lastAttemptedDeploymentId)).toMatchObject({
      deploymentStatus: "FAILED",
      targetState: { component: { templateFile: brokenTemplate } },
    });
    const { counts } = await proton.send(new GetResourcesSummaryCommand({}));
    expect(counts?.components).toEqual({ total: 1, failed: 1 });
    // Rolled back: redeploying without a template file deploys the last successful one again.
    await update("queue");
    await waitUntilComponentDeployed(waiterFor(proton), { name: "queue" });
    const fixed = await get("queue");
    expect((await deployment(fixed.lastAttemptedDeploymentId))?.targetState?.component?.templateFile).toBe(
      queueTemplate(),
    );

    // A detach that fails rolls the attachment back too.
    await emulator.control.failNextDeployment({ resourceName: "queue", message: "stack rollback" });
    await detach("queue");
    await expect(waitUntilComponentDeployed(waiterFor(proton), { name: "queue" })).rejects.toThrow();
    expect(await get("queue")).toMatchObject({
      deploymentStatus: "FAILED",
      deploymentStatusMessage: "stack rollback",
      serviceInstanceName: "web",
    });
  });

  it("fails a deployment whose template references an input the instance doesn't have", async () => {
    const template =
      "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: {Name: '{{ service_instance.inputs.missing }}'}\n";
    await proton.send(new CreateComponentCommand(attached("strict", { templateFile: template })));
    await expect(waitUntilComponentDeployed(waiterFor(proton), { name: "strict" })).rejects.toThrow();
    expect(await get("strict")).toMatchObject({
      deploymentStatus: "FAILED",
      deploymentStatusMessage:
        "Rendering failed: the template file references an undefined parameter (line 4).",
    });
    expect(await outputs("strict")).toEqual([]);
  });
});

describe("CancelComponentDeployment", () => {
  it("cancels a deployment in progress (CANCELLING -> CANCELLED) and rolls back", async () => {
    await deployed(attached("queue"));
    const cancelled = await clock.frozen(async () => {
      await update("queue", { templateFile: queueTemplate("v2") });
      const answer = await proton.send(new CancelComponentDeploymentCommand({ componentName: "queue" }));
      expect(answer.component?.deploymentStatus).toBe("CANCELLING");
      return answer.component as Component;
    });
    const settled = await until(
      () => get("queue"),
      (c) => c.deploymentStatus === "CANCELLED",
    );
    expect(settled.deploymentStatusMessage).toBe("Deployment cancelled.");
    expect((await deployment(cancelled.lastAttemptedDeploymentId))?.deploymentStatus).toBe("CANCELLED");
    expect(
      await refusal(proton.send(new CancelComponentDeploymentCommand({ componentName: "queue" }))),
    ).toMatch(/^ConflictException: The component queue has no deployment IN_PROGRESS to cancel/);
  });
});

describe("DeleteComponent", () => {
  it("is refused while attached; detached, it goes DELETE_IN_PROGRESS -> gone, with its deployments", async () => {
    await deployed(attached("queue"));
    expect(await refusal(proton.send(new DeleteComponentCommand({ name: "queue" })))).toMatch(
      /^ConflictException: The component queue is attached to service instance web of service api; detach it first/,
    );
    await detach("queue");
    await waitUntilComponentDeployed(waiterFor(proton), { name: "queue" });
    const ids = (await proton.send(new ListDeploymentsCommand({ componentName: "queue" }))).deployments?.map(
      (d) => d.id,
    );
    await clock.frozen(async () => {
      const deleting = await proton.send(new DeleteComponentCommand({ name: "queue" }));
      expect(deleting.component?.deploymentStatus).toBe("DELETE_IN_PROGRESS");
      // A retry while it deletes answers the detail again.
      expect(
        (await proton.send(new DeleteComponentCommand({ name: "queue" }))).component?.deploymentStatus,
      ).toBe("DELETE_IN_PROGRESS");
    });
    await waitUntilComponentDeleted(waiterFor(proton), { name: "queue" });
    expect(await refusal(get("queue"))).toMatch(
      /^ResourceNotFoundException: The component queue was not found/,
    );
    expect(await proton.send(new DeleteComponentCommand({ name: "queue" }))).not.toHaveProperty("component");
    for (const id of ids ?? []) expect(await refusal(deployment(id))).toMatch(/^ResourceNotFoundException/);
    expect(await refusal(proton.send(new DeleteComponentCommand({ name: "never" })))).toMatch(
      /^ResourceNotFoundException/,
    );
  });

  it("a failed deletion leaves it DELETE_FAILED (the stock waiter fails)", async () => {
    await deployed(detached("queue"));
    await emulator.control.failNextDeployment({ resourceName: "queue", message: "stack is stuck" });
    await proton.send(new DeleteComponentCommand({ name: "queue" }));
    await expect(waitUntilComponentDeleted(waiterFor(proton), { name: "queue" })).rejects.toThrow();
    expect(await get("queue")).toMatchObject({
      deploymentStatus: "DELETE_FAILED",
      deploymentStatusMessage: "stack is stuck",
    });
  });
});

describe("what a component keeps from being deleted", () => {
  it("its environment, its service and its service instance, each naming the component", async () => {
    await deployed(attached("queue"));
    await deployed(detached("loose", { environmentName: "prod" }));
    expect(await refusal(proton.send(new DeleteServiceCommand({ name: "api" })))).toBe(
      "ConflictException: The service api can't be deleted: component queue is attached to service instance web; detach the component first.",
    );
    expect(
      await refusal(
        proton.send(
          new UpdateServiceCommand({
            name: "api",
            spec: serviceSpec([
              { name: "worker", environment: "dev" },
              { name: "edge", environment: "prod" },
            ]),
          }),
        ),
      ),
    ).toBe(
      "ConflictException: Service instance web of service api can't be removed: component queue is attached to service instance web; detach the component first.",
    );
    expect(await refusal(proton.send(new DeleteEnvironmentCommand({ name: "prod" })))).toMatch(
      /^ConflictException: The environment prod can't be deleted: service instance edge/,
    );
    // Once detached, the service can go; the detached component still belongs to its environment.
    await detach("queue");
    await waitUntilComponentDeployed(waiterFor(proton), { name: "queue" });
    await proton.send(new DeleteServiceCommand({ name: "api" }));
    await waitUntilServiceDeleted(waiterFor(proton), { name: "api" });
    expect(await get("queue")).toMatchObject({ environmentName: "dev", deploymentStatus: "SUCCEEDED" });
    expect(await refusal(proton.send(new DeleteEnvironmentCommand({ name: "prod" })))).toBe(
      "ConflictException: The environment prod can't be deleted: component loose is associated with it; delete the component first.",
    );
  });
});

describe("ListComponents", () => {
  it("filters by environment, service and instance, and pages", async () => {
    await deployed(attached("a-web"));
    await deployed(attached("b-worker", { serviceInstanceName: "worker" }));
    await deployed(detached("c-dev"));
    await deployed(detached("d-prod", { environmentName: "prod" }));
    const names = async (filter: Record<string, string>) =>
      ((await proton.send(new ListComponentsCommand(filter))).components ?? []).map((c) => c.name);
    expect(await names({})).toEqual(["a-web", "b-worker", "c-dev", "d-prod"]);
    expect(await names({ environmentName: "dev" })).toEqual(["a-web", "b-worker", "c-dev"]);
    expect(await names({ serviceName: "api" })).toEqual(["a-web", "b-worker"]);
    expect(await names({ serviceName: "api", serviceInstanceName: "worker" })).toEqual(["b-worker"]);
    expect(await names({ environmentName: "nowhere" })).toEqual([]);
    expect(await refusal(proton.send(new ListComponentsCommand({ serviceInstanceName: "web" })))).toMatch(
      /^ValidationException: serviceInstanceName needs serviceName/,
    );
    const [summary] = (await proton.send(new ListComponentsCommand({ maxResults: 1 }))).components ?? [];
    expect(summary).not.toHaveProperty("serviceSpec");
    expect(summary).not.toHaveProperty("description");
    const pages: string[][] = [];
    for await (const page of paginateListComponents({ client: proton, pageSize: 3 }, {}))
      pages.push((page.components ?? []).map((c) => c.name as string));
    expect(pages).toEqual([["a-web", "b-worker", "c-dev"], ["d-prod"]]);
  });
});

describe("self-managed (Terraform) components", () => {
  it("deploy in a self-managed environment and end when the customer's automation notifies", async () => {
    await proton.send(
      new CreateEnvironmentCommand({
        name: "tf",
        templateName: "vpc",
        templateMajorVersion: "1",
        spec: environmentSpec({}),
        provisioningRepository: { provider: "GITHUB", name: "org/infra", branch: "main" },
        componentRoleArn: COMPONENT_ROLE,
      }),
    );
    const env = await until(
      async () =>
        (await proton.send(new ListDeploymentsCommand({ environmentName: "tf" }))).deployments ?? [],
      (list) => list.length > 0,
    );
    await proton.send(
      new NotifyResourceDeploymentStatusChangeCommand({ resourceArn: env[0].targetArn, status: "SUCCEEDED" }),
    );
    expect(
      await refusal(proton.send(new CreateComponentCommand(detached("cfn", { environmentName: "tf" })))),
    ).toMatch(
      /^ValidationException: The environment tf uses self-managed provisioning: its components must be Terraform/,
    );

    // With no deployment delay, anything Proton scheduled would settle before the next request.
    await emulator.control.setDeploymentDelay(0);
    await proton.send(
      new CreateComponentCommand(
        detached("bucket", {
          environmentName: "tf",
          manifest: manifest("terraform"),
          templateFile: 'resource "aws_s3_bucket" "b" {}\n',
        }),
      ),
    );
    expect(await get("bucket")).toMatchObject({ deploymentStatus: "IN_PROGRESS" });
    await proton.send(
      new NotifyResourceDeploymentStatusChangeCommand({
        resourceArn: `${ARN}:component/bucket`,
        status: "SUCCEEDED",
        outputs: [{ key: "bucket", valueString: "my-bucket" }],
      }),
    );
    expect(await get("bucket")).toMatchObject({ deploymentStatus: "SUCCEEDED" });
    expect(await outputs("bucket")).toEqual([{ key: "bucket", valueString: "my-bucket" }]);
    expect(
      (await proton.send(new ListComponentProvisionedResourcesCommand({ componentName: "bucket" })))
        .provisionedResources,
    ).toEqual([]);
  });
});

it("the stock waiters see each outcome", async () => {
  await proton.send(new CreateComponentCommand(detached("waited")));
  const result = await waitUntilComponentDeployed(waiterFor(proton), { name: "waited" });
  expect(result.state).toBe("SUCCESS");
  await proton.send(new DeleteComponentCommand({ name: "waited" }));
  expect((await waitUntilComponentDeleted(waiterFor(proton), { name: "waited" })).state).toBe("SUCCESS");
});
