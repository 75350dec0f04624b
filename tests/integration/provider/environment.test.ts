/** Environment provider against the emulator: life cycle, deploymentType per change, failures, conflicts. */
import {
  CancelEnvironmentDeploymentCommand,
  CreateEnvironmentCommand,
  GetEnvironmentCommand,
  NotifyResourceDeploymentStatusChangeCommand,
  TagResourceCommand,
  UpdateEnvironmentCommand,
  waitUntilEnvironmentDeployed,
} from "@aws-sdk/client-proton";
import { setProgressLogger } from "../../../provider/src/core/context";
import { environmentProvider } from "../../../provider/src/resources/environment";
import { OWNER_TAG } from "../../../provider/src/resources/ownership";
import { startTestEmulator, type TestEmulator, waiterFor } from "../../support/emulator";
import { environmentSpec, environmentTemplate, ROLE } from "../emulator/deployableFixtures";
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
  await environmentTemplate(emulator.client(), "vpc", ["1.0", "1.1", "2.0", "2.1"]);
  await emulator.control.clearCalls();
});

const inputs = (overrides: Bag = {}): Bag => ({
  ...settings(emulator),
  name: "dev",
  templateName: "vpc",
  templateMajorVersion: "1",
  templateMinorVersion: "0",
  spec: environmentSpec({ cidr: "10.0.0.0/16" }),
  protonServiceRoleArn: ROLE,
  description: "development",
  tags: { team: "platform" },
  owner: "proj/stack/dev",
  ...overrides,
});

const live = async (name = "dev") =>
  (await emulator.client().send(new GetEnvironmentCommand({ name }))).environment;

describe("Environment life cycle", () => {
  it("creates, deploys each kind of change with the right deploymentType, refreshes drift and deletes", async () => {
    const env = new Driven(environmentProvider);
    const outs = await env.create(inputs());
    expect(env.id).toBe("dev");
    expect(outs).toMatchObject({
      deploymentStatus: "SUCCEEDED",
      templateMajorVersion: "1",
      templateMinorVersion: "0",
      description: "development",
      tags: { team: "platform" },
    });
    expect(outs.arn).toMatch(/:environment\/dev$/);
    expect((await sent(emulator, "CreateEnvironment"))[0].tags).toContainEqual({
      key: OWNER_TAG,
      value: "proj/stack/dev",
    });

    const steps: [string, Bag, Bag][] = [
      [
        "spec",
        { spec: environmentSpec({ cidr: "10.1.0.0/16" }) },
        { deploymentType: "CURRENT_VERSION", hasSpec: true },
      ],
      [
        "minor",
        { templateMinorVersion: "1" },
        { deploymentType: "MINOR_VERSION", templateMinorVersion: "1" },
      ],
      [
        "major",
        { templateMajorVersion: "2", templateMinorVersion: "1" },
        { deploymentType: "MAJOR_VERSION", templateMajorVersion: "2", templateMinorVersion: "1" },
      ],
      ["description", { description: "dev env" }, { deploymentType: "NONE", hasSpec: false }],
    ];
    let current = inputs({ spec: environmentSpec({ cidr: "10.0.0.0/16" }) });
    for (const [, change, expected] of steps) {
      current = { ...current, ...change };
      await emulator.control.clearCalls();
      expect(await env.diff(current)).toMatchObject({ changes: true, replaces: [] });
      await env.update(current);
      const [update, ...more] = await deployments(emulator, "UpdateEnvironment");
      expect(more).toEqual([]);
      expect(update).toMatchObject(expected);
      if (expected.deploymentType === "CURRENT_VERSION") {
        expect(update.templateMajorVersion).toBeUndefined();
        expect(update.templateMinorVersion).toBeUndefined();
      }
    }
    expect(await live()).toMatchObject({
      templateMajorVersion: "2",
      templateMinorVersion: "1",
      description: "dev env",
      deploymentStatus: "SUCCEEDED",
    });

    // Tags alone: no UpdateEnvironment at all.
    await emulator.control.clearCalls();
    current = { ...current, tags: { team: "platform", cost: "dev" } };
    await env.update(current);
    expect(await sent(emulator, "UpdateEnvironment")).toEqual([]);
    expect(await sent(emulator, "TagResource")).toHaveLength(1);
    expect(env.outs.tags).toEqual({ team: "platform", cost: "dev" });

    // Unchanged inputs: no diff.
    expect(await env.diff(current)).toMatchObject({ changes: false });

    // Drift made outside Pulumi shows on refresh, and the next update deploys it back.
    await emulator
      .client()
      .send(new UpdateEnvironmentCommand({ name: "dev", deploymentType: "NONE", description: "hand edit" }));
    await emulator.client().send(
      new UpdateEnvironmentCommand({
        name: "dev",
        deploymentType: "CURRENT_VERSION",
        spec: environmentSpec({ cidr: "9.9.9.9/8" }),
      }),
    );
    await waitUntilEnvironmentDeployed(waiterFor(emulator.client()), { name: "dev" });
    const refreshed = await env.refresh();
    expect(refreshed).toMatchObject({
      spec: environmentSpec({ cidr: "9.9.9.9/8" }),
      description: "hand edit",
    });
    expect(await env.diff(current)).toMatchObject({ changes: true });
    await emulator.control.clearCalls();
    await env.update(current);
    expect(await deployments(emulator, "UpdateEnvironment")).toEqual([
      {
        deploymentType: "CURRENT_VERSION",
        hasSpec: true,
        templateMajorVersion: undefined,
        templateMinorVersion: undefined,
      },
    ]);
    expect((await sent(emulator, "UpdateEnvironment"))[0].description).toBe("dev env");
    expect((await live())?.spec).toBe(current.spec);

    await env.delete();
    await expect(live()).rejects.toThrow(/not found/);
    expect(await env.refresh()).toBeUndefined();
  });

  it("leaves an omitted minor version to Proton and ignores a re-spelled spec", async () => {
    const env = new Driven(environmentProvider);
    const outs = await env.create(inputs({ templateMinorVersion: undefined }));
    expect(outs.templateMinorVersion).toBe("1");
    const diff = await env.diff(inputs({ templateMinorVersion: undefined }));
    expect(diff.changes).toBe(false);
    // A spec spelled differently but meaning the same is no change either.
    const respelled = "spec: { cidr: 10.0.0.0/16 }\nproton: EnvironmentSpec\n";
    expect(await env.diff(inputs({ templateMinorVersion: undefined, spec: respelled }))).toMatchObject({
      changes: false,
    });
  });

  it("refresh reports version and tag drift; the next update deploys the program's minor back", async () => {
    const env = new Driven(environmentProvider);
    await env.create(inputs());
    const client = emulator.client();
    await client.send(
      new UpdateEnvironmentCommand({
        name: "dev",
        deploymentType: "MINOR_VERSION",
        templateMajorVersion: "1",
        templateMinorVersion: "1",
      }),
    );
    await waitUntilEnvironmentDeployed(waiterFor(client), { name: "dev" });
    await client.send(
      new TagResourceCommand({ resourceArn: String(env.outs.arn), tags: [{ key: "extra", value: "x" }] }),
    );
    expect(await env.refresh()).toMatchObject({
      templateMinorVersion: "1",
      tags: { team: "platform", extra: "x" },
    });
    expect(await env.diff(inputs())).toMatchObject({ changes: true, replaces: [] });
    await emulator.control.clearCalls();
    await env.update(inputs());
    expect(await deployments(emulator, "UpdateEnvironment")).toEqual([
      {
        deploymentType: "MINOR_VERSION",
        templateMajorVersion: "1",
        templateMinorVersion: "0",
        hasSpec: true,
      },
    ]);
    expect((await sent(emulator, "UntagResource"))[0]).toMatchObject({ tagKeys: ["extra"] });
    expect(env.outs).toMatchObject({ templateMinorVersion: "0", tags: { team: "platform" } });
  });

  it("previews a lowered major version or another template as a replacement, deleting first", async () => {
    const env = new Driven(environmentProvider);
    await env.create(inputs({ templateMajorVersion: "2", templateMinorVersion: "0" }));
    expect(await env.diff(inputs({ templateMajorVersion: "1" }))).toMatchObject({
      changes: true,
      replaces: ["templateMajorVersion"],
      deleteBeforeReplace: true,
    });
    await environmentTemplate(emulator.client(), "vpc2", ["1.0"]);
    expect(await env.diff(inputs({ templateName: "vpc2", templateMajorVersion: "1" }))).toMatchObject({
      replaces: ["templateName"],
    });
    expect(await env.diff(inputs({ name: "prod", templateMajorVersion: "2" }))).toMatchObject({
      replaces: ["name"],
    });
  });
});

describe("Environment failures", () => {
  it("records a failed first deployment as a partial failure, then converges on the next update", async () => {
    await emulator.control.failNextDeployment({ resourceName: "dev", message: "subnet quota exceeded" });
    const env = new Driven(environmentProvider);
    const error = await failure(env.create(inputs()));
    expect(error.message).toMatch(/subnet quota exceeded/);
    expect(error).toMatchObject({
      id: "dev",
      reasons: [expect.stringMatching(/FAILED: subnet quota exceeded/)],
    });
    expect(env.outs).toMatchObject({ name: "dev", deploymentStatus: "FAILED", spec: inputs().spec });

    // Same inputs, next `up`: the failed deployment is redeployed, nothing is created twice.
    expect(await env.diff(inputs())).toMatchObject({ changes: true, replaces: [] });
    await emulator.control.clearCalls();
    await env.update(inputs());
    expect(await deployments(emulator, "UpdateEnvironment")).toEqual([
      {
        deploymentType: "CURRENT_VERSION",
        hasSpec: true,
        templateMajorVersion: undefined,
        templateMinorVersion: undefined,
      },
    ]);
    expect(await sent(emulator, "CreateEnvironment")).toEqual([]);
    expect(env.outs.deploymentStatus).toBe("SUCCEEDED");
  });

  it("fails an update with Proton's message and keeps the old deployment; a re-run applies it", async () => {
    const env = new Driven(environmentProvider);
    await env.create(inputs());
    await emulator.control.failNextDeployment({ resourceName: "dev", message: "template apply error" });
    const next = inputs({ spec: environmentSpec({ cidr: "10.2.0.0/16" }) });
    expect((await failure(env.update(next))).message).toMatch(/ended in FAILED: template apply error/);
    expect((await live())?.spec).toBe(inputs().spec);
    await env.update(next);
    expect((await live())?.spec).toBe(next.spec);
  });

  it("waits for a deployment already in progress before applying its own", async () => {
    const env = new Driven(environmentProvider);
    await env.create(inputs());
    await emulator.control.setDeploymentDelay(400);
    await emulator.client().send(
      new UpdateEnvironmentCommand({
        name: "dev",
        deploymentType: "CURRENT_VERSION",
        spec: environmentSpec({ other: 1 }),
      }),
    );
    await emulator.control.clearCalls();
    const next = inputs({ templateMinorVersion: "1" });
    await env.update(next);
    expect(await deployments(emulator, "UpdateEnvironment")).toEqual([
      {
        deploymentType: "MINOR_VERSION",
        templateMajorVersion: "1",
        templateMinorVersion: "1",
        hasSpec: true,
      },
    ]);
    // The other deployment finished first: ours is the one Proton runs now.
    expect(await live()).toMatchObject({
      templateMinorVersion: "1",
      spec: next.spec,
      deploymentStatus: "SUCCEEDED",
    });
  });

  it("re-run after an interrupted update: waits for the deployment in flight and sends nothing more", async () => {
    const env = new Driven(environmentProvider);
    await env.create(inputs());
    const next = inputs({ spec: environmentSpec({ cidr: "10.4.0.0/16" }) });
    // The killed run got its UpdateEnvironment through; the engine still holds the old state.
    await emulator.control.setDeploymentDelay(300);
    await emulator.client().send(
      new UpdateEnvironmentCommand({
        name: "dev",
        deploymentType: "CURRENT_VERSION",
        spec: next.spec as string,
      }),
    );
    await emulator.control.clearCalls();
    expect(await env.diff(next)).toMatchObject({ changes: true });
    await env.update(next);
    expect(await sent(emulator, "UpdateEnvironment")).toEqual([]);
    expect(env.outs).toMatchObject({ spec: next.spec, deploymentStatus: "SUCCEEDED" });
  });

  it("reports a cancelled deployment, and the next update deploys again", async () => {
    const env = new Driven(environmentProvider);
    await env.create(inputs());
    await emulator.control.setDeploymentDelay(500);
    const next = inputs({ spec: environmentSpec({ cidr: "10.3.0.0/16" }) });
    const updating = env.update(next);
    // Cancel as soon as the provider's deployment is in progress.
    for (;;) {
      const status = (await live())?.deploymentStatus;
      if (status === "IN_PROGRESS") break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await emulator.client().send(new CancelEnvironmentDeploymentCommand({ environmentName: "dev" }));
    expect((await failure(updating)).message).toMatch(/CANCELLED/);
    await emulator.control.setDeploymentDelay(50);
    await env.update(next);
    expect(await live()).toMatchObject({ spec: next.spec, deploymentStatus: "SUCCEEDED" });
  });

  it("adopts an environment this stack was creating when interrupted, refuses a stranger's, imports on request", async () => {
    const create = (name: string, tags?: Record<string, string>) =>
      emulator.client().send(
        new CreateEnvironmentCommand({
          name,
          templateName: "vpc",
          templateMajorVersion: "1",
          templateMinorVersion: "0",
          spec: inputs().spec as string,
          protonServiceRoleArn: ROLE,
          tags: Object.entries(tags ?? {}).map(([key, value]) => ({ key, value })),
        }),
      );
    // The interrupted run got as far as CreateEnvironment (still deploying).
    await emulator.control.setDeploymentDelay(300);
    await create("dev", { [OWNER_TAG]: "proj/stack/dev" });
    await emulator.control.clearCalls();
    const env = new Driven(environmentProvider);
    const outs = await env.create(inputs());
    // Create first: Proton refusing the name (other parameters: an idempotent parameter mismatch) is the
    // existence check; the same-named environment is then read.
    expect(await sent(emulator, "CreateEnvironment")).toHaveLength(1);
    expect(outs).toMatchObject({
      deploymentStatus: "SUCCEEDED",
      description: "development",
      tags: { team: "platform" },
    });
    // Only the metadata differed: a NONE update.
    expect(await deployments(emulator, "UpdateEnvironment")).toEqual([
      {
        deploymentType: "NONE",
        hasSpec: false,
        templateMajorVersion: undefined,
        templateMinorVersion: undefined,
      },
    ]);

    await create("stranger");
    const refused = await failure(new Driven(environmentProvider).create(inputs({ name: "stranger" })));
    expect(refused.message).toMatch(/already exists and was not created by this stack.*import: "stranger"/);

    const imported = new Driven(environmentProvider);
    await emulator.control.clearCalls();
    const importedOuts = await imported.create(
      inputs({ name: "stranger", importId: "stranger", spec: environmentSpec({ cidr: "10.9.0.0/16" }) }),
    );
    expect(importedOuts).toMatchObject({ name: "stranger", deploymentStatus: "SUCCEEDED" });
    expect(await deployments(emulator, "UpdateEnvironment")).toEqual([
      {
        deploymentType: "CURRENT_VERSION",
        hasSpec: true,
        templateMajorVersion: undefined,
        templateMinorVersion: undefined,
      },
    ]);
  });
});

describe("a self-managed Environment (provisioningRepository)", () => {
  const selfManaged = () =>
    inputs({
      protonServiceRoleArn: undefined,
      provisioningRepository: { provider: "GITHUB", name: "org/infra", branch: "main" },
    });

  /**
   * The customer's pipeline, played here: it sees the deployment Proton started, works for far longer
   * than the emulator's own deployments take (10 x 50 ms), then reports how it ended.
   */
  async function pipeline(status: "SUCCEEDED" | "FAILED", statusMessage: string) {
    for (;;) {
      const env = await live().catch(() => undefined);
      if (env?.deploymentStatus === "IN_PROGRESS") {
        await new Promise((resolve) => setTimeout(resolve, 500));
        await emulator.client().send(
          new NotifyResourceDeploymentStatusChangeCommand({
            resourceArn: env.arn,
            status,
            statusMessage,
            outputs: [{ key: "vpc_id", valueString: "vpc-123" }],
          }),
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const progress: string[] = [];
  beforeEach(() => {
    progress.length = 0;
    setProgressLogger((line) => void progress.push(line));
  });
  afterEach(() => setProgressLogger(() => undefined));

  it("waits for the pipeline's notification and says so in its progress lines", async () => {
    const env = new Driven(environmentProvider);
    const [outs] = await Promise.all([env.create(selfManaged()), pipeline("SUCCEEDED", "applied by CI")]);
    // Only the notification sets this message: the wait ended on it, not on Proton's own clock.
    expect(outs).toMatchObject({ deploymentStatus: "SUCCEEDED", deploymentStatusMessage: "applied by CI" });
    expect(progress).toContainEqual(
      expect.stringMatching(
        /^Environment "dev" deployment \(waiting for the self-managed pipeline .*NotifyResourceDeploymentStatusChange\): IN_PROGRESS/,
      ),
    );

    const next = { ...selfManaged(), spec: environmentSpec({ cidr: "10.9.0.0/16" }) };
    const [updated] = await Promise.all([env.update(next), pipeline("SUCCEEDED", "re-applied")]);
    expect(updated).toMatchObject({ deploymentStatus: "SUCCEEDED", spec: next.spec });
  });

  it("fails with the pipeline's message when it reports FAILED", async () => {
    const env = new Driven(environmentProvider);
    const [error] = await Promise.all([
      failure(env.create(selfManaged())),
      pipeline("FAILED", "terraform apply: VPC quota exceeded"),
    ]);
    expect(error.message).toMatch(/ended in FAILED: terraform apply: VPC quota exceeded/);
    expect(env.outs).toMatchObject({ name: "dev", deploymentStatus: "FAILED" });
  });
});
