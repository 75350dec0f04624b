/**
 * Self-managed provisioning: an environment with a provisioning repository (and the service instances on
 * it, and pipelines when the account names a pipeline provisioning repository) does not settle by itself;
 * its deployment stays IN_PROGRESS until NotifyResourceDeploymentStatusChange reports how it ended. The
 * clock is moved by hand, far past the deployment delay, to show nothing settles without a notification.
 */
import {
  CreateEnvironmentCommand,
  CreateServiceCommand,
  GetDeploymentCommand,
  GetEnvironmentCommand,
  GetServiceCommand,
  GetServiceInstanceCommand,
  ListEnvironmentOutputsCommand,
  ListEnvironmentProvisionedResourcesCommand,
  ListServicePipelineOutputsCommand,
  NotifyResourceDeploymentStatusChangeCommand,
  UpdateAccountSettingsCommand,
  UpdateEnvironmentCommand,
  type Environment,
  type NotifyResourceDeploymentStatusChangeInput,
} from "@aws-sdk/client-proton";
import { useEmulator } from "../../support/emulator";
import {
  environmentSpec,
  environmentTemplate,
  refusal,
  REPOSITORY,
  ROLE,
  serviceSpec,
  serviceTemplate,
} from "./deployableFixtures";

let now = Date.UTC(2026, 0, 1);
const DELAY = 100;
/** Far longer than any deployment takes here: whatever settles by itself has settled. */
const LATER = 1000 * DELAY;
const emulator = useEmulator({ deploymentMs: DELAY, clock: { now: () => now } });
const client = () => emulator.client();
const ARN = "arn:aws:proton:us-east-1:123456789012";
/** The infrastructure repository self-managed provisioning renders into. */
const INFRA = { provider: "GITHUB", name: "org/infra", branch: "main" } as const;

const tick = () => void (now += DELAY);

// env-t 1.0; svc-t 1.0 (with a pipeline) and no-pipe 1.0 (without), both on env-t 1.
beforeEach(async () => {
  await environmentTemplate(client(), "env-t", ["1.0"], { tick });
  const compatible = [{ templateName: "env-t", majorVersion: "1" }];
  await serviceTemplate(client(), "svc-t", ["1.0"], compatible, { tick, pipeline: true });
  await serviceTemplate(client(), "no-pipe", ["1.0"], compatible, { tick });
});

const environment = async (name = "env") =>
  (await client().send(new GetEnvironmentCommand({ name }))).environment as Environment;

async function selfManagedEnvironment(
  name = "env",
  inputs: Record<string, unknown> = { cidr: "10.0.0.0/16" },
) {
  await client().send(
    new CreateEnvironmentCommand({
      name,
      templateName: "env-t",
      templateMajorVersion: "1",
      spec: environmentSpec(inputs),
      provisioningRepository: INFRA,
    }),
  );
  now += LATER;
  return environment(name);
}

const notify = (input: NotifyResourceDeploymentStatusChangeInput) =>
  client().send(new NotifyResourceDeploymentStatusChangeCommand(input));

describe("a self-managed environment", () => {
  it("stays IN_PROGRESS until notified, then takes the outputs the notifications carried", async () => {
    const env = await selfManagedEnvironment();
    expect(env.deploymentStatus).toBe("IN_PROGRESS");

    await notify({
      resourceArn: env.arn,
      status: "IN_PROGRESS",
      outputs: [{ key: "vpc_id", valueString: "vpc-0" }],
      statusMessage: "terraform apply running",
    });
    now += LATER;
    expect(await environment()).toMatchObject({
      deploymentStatus: "IN_PROGRESS",
      deploymentStatusMessage: "terraform apply running",
    });

    await notify({
      resourceArn: env.arn,
      deploymentId: env.lastAttemptedDeploymentId,
      status: "SUCCEEDED",
      outputs: [
        { key: "vpc_id", valueString: "vpc-123" },
        { key: "subnet", valueString: "subnet-9" },
      ],
      statusMessage: "applied",
    });
    const done = await environment();
    expect(done).toMatchObject({
      deploymentStatus: "SUCCEEDED",
      deploymentStatusMessage: "applied",
      lastSucceededDeploymentId: env.lastAttemptedDeploymentId,
      provisioningRepository: { ...INFRA, arn: `${ARN}:repository/github:org/infra` },
    });
    // Outputs accumulate by key; the last report wins. Not the spec's inputs: no IaC ran here.
    expect(
      (await client().send(new ListEnvironmentOutputsCommand({ environmentName: "env" }))).outputs,
    ).toEqual([
      { key: "subnet", valueString: "subnet-9" },
      { key: "vpc_id", valueString: "vpc-123" },
    ]);
    expect(
      (await client().send(new ListEnvironmentProvisionedResourcesCommand({ environmentName: "env" })))
        .provisionedResources,
    ).toEqual([]);
    expect(
      (await client().send(new GetDeploymentCommand({ id: env.lastAttemptedDeploymentId }))).deployment,
    ).toMatchObject({ deploymentStatus: "SUCCEEDED", deploymentStatusMessage: "applied" });
  });

  it("rolls back to its last success when notified FAILED", async () => {
    const first = await selfManagedEnvironment();
    await notify({ resourceArn: first.arn, status: "SUCCEEDED" });
    await client().send(
      new UpdateEnvironmentCommand({
        name: "env",
        deploymentType: "CURRENT_VERSION",
        spec: environmentSpec({ cidr: "10.9.0.0/16" }),
      }),
    );
    now += LATER;
    expect((await environment()).deploymentStatus).toBe("IN_PROGRESS");
    await notify({ resourceArn: first.arn, status: "FAILED", statusMessage: "plan failed" });
    expect(await environment()).toMatchObject({
      deploymentStatus: "FAILED",
      deploymentStatusMessage: "plan failed",
      spec: first.spec,
      lastSucceededDeploymentId: first.lastAttemptedDeploymentId,
    });
  });

  it.each([
    ["a deployment that is not the one in progress", "done", /^ConflictException/],
    ["a deployment of another resource", "other", /^ResourceNotFoundException/],
    ["nothing in progress", "settled", /^ConflictException/],
  ] as const)("refuses a notification about %s", async (_case, which, expected) => {
    const env = await selfManagedEnvironment();
    const other = await selfManagedEnvironment("other");
    const ids = {
      done: env.lastAttemptedDeploymentId,
      other: other.lastAttemptedDeploymentId,
      settled: undefined,
    };
    if (which !== "other") await notify({ resourceArn: env.arn, status: "SUCCEEDED" });
    if (which === "done") {
      await client().send(new UpdateEnvironmentCommand({ name: "env", deploymentType: "CURRENT_VERSION" }));
    }
    expect(
      await refusal(notify({ resourceArn: env.arn, deploymentId: ids[which], status: "SUCCEEDED" })),
    ).toMatch(expected);
  });
});

describe("notifications Proton does not take", () => {
  it.each([
    ["a resource Proton provisions itself", `${ARN}:environment/aws-managed`, /^ValidationException/],
    ["a resource that does not exist", `${ARN}:environment/nowhere`, /^ResourceNotFoundException/],
    [
      "another account's resource",
      "arn:aws:proton:us-east-1:210987654321:environment/env",
      /^AccessDeniedException/,
    ],
  ])("refuses %s", async (_case, resourceArn, expected) => {
    await client().send(
      new CreateEnvironmentCommand({
        name: "aws-managed",
        templateName: "env-t",
        templateMajorVersion: "1",
        spec: environmentSpec(),
        protonServiceRoleArn: ROLE,
      }),
    );
    expect(await refusal(notify({ resourceArn, status: "SUCCEEDED" }))).toMatch(expected);
  });
});

describe("services on self-managed infrastructure", () => {
  it("wait for their instances' and pipeline's notifications before the service is ACTIVE", async () => {
    const env = await selfManagedEnvironment();
    await notify({ resourceArn: env.arn, status: "SUCCEEDED" });
    await client().send(new UpdateAccountSettingsCommand({ pipelineProvisioningRepository: INFRA }));
    await client().send(
      new CreateServiceCommand({
        name: "svc",
        templateName: "svc-t",
        templateMajorVersion: "1",
        spec: serviceSpec([{ name: "web", environment: "env" }], { stage: "prod" }),
        ...REPOSITORY,
      }),
    );
    now += LATER;
    const service = async () => (await client().send(new GetServiceCommand({ name: "svc" }))).service;
    const instance = async () =>
      (await client().send(new GetServiceInstanceCommand({ serviceName: "svc", name: "web" })))
        .serviceInstance;
    expect(await service()).toMatchObject({
      status: "CREATE_IN_PROGRESS",
      pipeline: { deploymentStatus: "IN_PROGRESS" },
    });
    expect((await instance())?.deploymentStatus).toBe("IN_PROGRESS");

    await notify({ resourceArn: `${ARN}:service/svc/service-instance/web`, status: "SUCCEEDED" });
    expect((await instance())?.deploymentStatus).toBe("SUCCEEDED");
    expect((await service())?.status).toBe("CREATE_IN_PROGRESS");

    await notify({
      resourceArn: `${ARN}:service/svc/pipeline`,
      status: "SUCCEEDED",
      outputs: [{ key: "pipeline_url", valueString: "https://ci.example/svc" }],
    });
    expect(await service()).toMatchObject({ status: "ACTIVE", pipeline: { deploymentStatus: "SUCCEEDED" } });
    expect(
      (await client().send(new ListServicePipelineOutputsCommand({ serviceName: "svc" }))).outputs,
    ).toEqual([{ key: "pipeline_url", valueString: "https://ci.example/svc" }]);
  });

  it("fail when an instance reports FAILED", async () => {
    const env = await selfManagedEnvironment();
    await notify({ resourceArn: env.arn, status: "SUCCEEDED" });
    await client().send(
      new CreateServiceCommand({
        name: "svc",
        templateName: "no-pipe",
        templateMajorVersion: "1",
        spec: serviceSpec([{ name: "web", environment: "env" }]),
      }),
    );
    now += LATER;
    await notify({
      resourceArn: `${ARN}:service/svc/service-instance/web`,
      status: "FAILED",
      statusMessage: "apply failed",
    });
    expect((await client().send(new GetServiceCommand({ name: "svc" }))).service).toMatchObject({
      status: "CREATE_FAILED",
      statusMessage: "apply failed",
    });
  });
});
