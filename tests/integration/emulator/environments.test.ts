import {
  CancelEnvironmentDeploymentCommand,
  CreateEnvironmentCommand,
  DeleteEnvironmentCommand,
  GetEnvironmentCommand,
  ListEnvironmentOutputsCommand,
  ListEnvironmentProvisionedResourcesCommand,
  ListEnvironmentsCommand,
  paginateListEnvironments,
  UpdateEnvironmentCommand,
  waitUntilEnvironmentDeployed,
  type CreateEnvironmentInput,
  type Environment,
  type ProtonClient,
  type UpdateEnvironmentInput,
} from "@aws-sdk/client-proton";
import { useEmulator, waiterFor, withEmulator } from "../../support/emulator";
import {
  environmentSpec,
  environmentTemplate,
  FreezableClock,
  itRefusesBadCreates,
  refusal,
  ROLE,
  until,
} from "./deployableFixtures";

const clock = new FreezableClock();
const emulator = useEmulator({ clock, reset: false });
let proton: ProtonClient;

// env-tpl: 1.0, 1.1, 1.2 published, 1.3 draft; 2.0, 2.1 published.  cm-tpl: customer managed, 1.0.
beforeAll(async () => {
  proton = emulator.client();
  await environmentTemplate(proton, "env-tpl", ["1.0", "1.1", "1.2", "1.3", "2.0", "2.1"], {
    drafts: ["1.3"],
  });
  await environmentTemplate(proton, "cm-tpl", ["1.0"], { customerManaged: true });
});

const createInput = (name: string, extra: Partial<CreateEnvironmentInput> = {}): CreateEnvironmentInput => ({
  name,
  templateName: "env-tpl",
  templateMajorVersion: "1",
  spec: environmentSpec({ vpc: "10.0.0.0/16" }),
  protonServiceRoleArn: ROLE,
  ...extra,
});

const get = async (name: string): Promise<Environment> =>
  (await proton.send(new GetEnvironmentCommand({ name }))).environment as Environment;

async function deployed(name: string, extra: Partial<CreateEnvironmentInput> = {}): Promise<Environment> {
  await proton.send(new CreateEnvironmentCommand(createInput(name, extra)));
  await waitUntilEnvironmentDeployed(waiterFor(proton), { name });
  return get(name);
}

const update = (input: UpdateEnvironmentInput) => proton.send(new UpdateEnvironmentCommand(input));

async function updatedAndDeployed(input: UpdateEnvironmentInput): Promise<Environment> {
  await update(input);
  await waitUntilEnvironmentDeployed(waiterFor(proton), { name: input.name });
  return get(input.name as string);
}

/** Polls until reading `name` fails, returning the error name. */
const gone = (name: string) =>
  until(
    () =>
      get(name).then(
        () => "still there",
        (error: Error) => error.name,
      ),
    (outcome) => outcome !== "still there",
  );

describe("environment life cycle", () => {
  it("creates, deploys, reports outputs, lists and deletes an environment", async () => {
    const created = await proton.send(
      new CreateEnvironmentCommand(createInput("life", { description: "first" })),
    );
    expect(created.environment).toMatchObject({
      name: "life",
      arn: "arn:aws:proton:us-east-1:123456789012:environment/life",
      deploymentStatus: "IN_PROGRESS",
      templateName: "env-tpl",
      templateMajorVersion: "1",
      // Defaults to the recommended (latest published) minor version of the major.
      templateMinorVersion: "2",
      description: "first",
      protonServiceRoleArn: ROLE,
    });
    expect(created.environment?.lastSucceededDeploymentId).toBeUndefined();

    await waitUntilEnvironmentDeployed(waiterFor(proton), { name: "life" });
    const environment = await get("life");
    expect(environment.deploymentStatus).toBe("SUCCEEDED");
    expect(environment.lastSucceededDeploymentId).toBe(created.environment?.lastAttemptedDeploymentId);
    expect(environment.spec).toBe(environmentSpec({ vpc: "10.0.0.0/16" }));

    const outputs = await proton.send(new ListEnvironmentOutputsCommand({ environmentName: "life" }));
    expect(outputs.outputs).toEqual([{ key: "vpc", valueString: "10.0.0.0/16" }]);
    const resources = await proton.send(
      new ListEnvironmentProvisionedResourcesCommand({ environmentName: "life" }),
    );
    // The stack Proton's CloudFormation provisioning runs (the emulator names it; stable per environment).
    expect(resources.provisionedResources).toEqual([
      {
        name: expect.stringMatching(/^AWSProton-life-cloudformation-[0-9A-F]{13}$/),
        identifier: expect.stringMatching(
          /^arn:aws:cloudformation:us-east-1:123456789012:stack\/AWSProton-life-/,
        ),
        provisioningEngine: "CLOUDFORMATION",
      },
    ]);

    await clock.frozen(async () => {
      const deleting = await proton.send(new DeleteEnvironmentCommand({ name: "life" }));
      expect(deleting.environment?.deploymentStatus).toBe("DELETE_IN_PROGRESS");
      // Deleting again while the delete runs is a harmless retry.
      const again = await proton.send(new DeleteEnvironmentCommand({ name: "life" }));
      expect(again.environment?.deploymentStatus).toBe("DELETE_IN_PROGRESS");
    });
    expect(await gone("life")).toBe("ResourceNotFoundException");
  });

  it("takes an explicit minor version", async () => {
    const environment = await deployed("explicit-minor", { templateMinorVersion: "0" });
    expect([environment.templateMajorVersion, environment.templateMinorVersion]).toEqual(["1", "0"]);
  });

  it("needs no role for a customer-managed template", async () => {
    const environment = await deployed("customer-managed", {
      templateName: "cm-tpl",
      protonServiceRoleArn: undefined,
    });
    expect(environment).toMatchObject({ deploymentStatus: "SUCCEEDED", provisioning: "CUSTOMER_MANAGED" });
  });

  itRefusesBadCreates(
    "environment",
    createInput,
    (input) => proton.send(new CreateEnvironmentCommand(input)),
    [
      ["an unknown template", { templateName: "nope" }, /^ResourceNotFoundException/],
      [
        "an unknown major version",
        { templateMajorVersion: "9" },
        /^ValidationException: .*no published minor/,
      ],
      ["an unknown minor version", { templateMinorVersion: "9" }, /^ResourceNotFoundException/],
      ["a draft version", { templateMinorVersion: "3" }, /^ValidationException: .*DRAFT, not PUBLISHED/],
      [
        "both a role and a connection",
        { environmentAccountConnectionId: "a1b2c3d4-5678-90ab-cdef-111111111111" },
        /^ValidationException: .*not both/,
      ],
      ["no way to provision", { protonServiceRoleArn: undefined }, /^ValidationException/],
      [
        "a role with a repository",
        { provisioningRepository: { provider: "GITHUB", name: "o/r", branch: "b" } },
        /^ValidationException/,
      ],
      [
        "an unknown connection",
        {
          protonServiceRoleArn: undefined,
          environmentAccountConnectionId: "a1b2c3d4-5678-90ab-cdef-111111111111",
        },
        /^ResourceNotFoundException/,
      ],
      [
        "a spec that is not YAML",
        { spec: "proton: EnvironmentSpec\nspec: [" },
        /^ValidationException: .*YAML/,
      ],
      [
        "a spec of the wrong kind",
        { spec: "proton: ServiceSpec\n" },
        /^ValidationException: .*EnvironmentSpec/,
      ],
    ],
  );

  it("refuses unknown environments", async () => {
    expect(await refusal(get("missing"))).toMatch(/^ResourceNotFoundException/);
    expect(await refusal(proton.send(new DeleteEnvironmentCommand({ name: "missing" })))).toMatch(
      /^ResourceNotFoundException/,
    );
  });
});

describe("UpdateEnvironment deploymentType rules", () => {
  beforeAll(() => deployed("refusals"));

  it("NONE changes metadata only, without a deployment", async () => {
    const before = await deployed("none-type");
    const after = await update({ name: "none-type", deploymentType: "NONE", description: "renamed" });
    expect(after.environment).toMatchObject({
      description: "renamed",
      deploymentStatus: "SUCCEEDED",
      lastAttemptedDeploymentId: before.lastAttemptedDeploymentId,
    });
  });

  it.each<[string, Partial<UpdateEnvironmentInput>]>([
    ["NONE with a spec", { deploymentType: "NONE", spec: environmentSpec() }],
    ["NONE with a major version", { deploymentType: "NONE", templateMajorVersion: "1" }],
    [
      "CURRENT_VERSION with a minor version",
      { deploymentType: "CURRENT_VERSION", templateMinorVersion: "1" },
    ],
    [
      "CURRENT_VERSION with a major version",
      { deploymentType: "CURRENT_VERSION", templateMajorVersion: "1" },
    ],
    ["MINOR_VERSION on another major", { deploymentType: "MINOR_VERSION", templateMajorVersion: "2" }],
    ["MINOR_VERSION to a draft", { deploymentType: "MINOR_VERSION", templateMinorVersion: "3" }],
    ["MAJOR_VERSION to the current major", { deploymentType: "MAJOR_VERSION", templateMajorVersion: "1" }],
    ["MAJOR_VERSION to a lower major", { deploymentType: "MAJOR_VERSION", templateMajorVersion: "0" }],
    ["MAJOR_VERSION to an unknown major", { deploymentType: "MAJOR_VERSION", templateMajorVersion: "3" }],
    ["an invalid spec", { deploymentType: "CURRENT_VERSION", spec: "proton: Nope\n" }],
  ])("refuses %s with a ValidationException", async (_case, extra) => {
    const before = await get("refusals");
    expect(await refusal(update({ name: "refusals", deploymentType: "NONE", ...extra }))).toMatch(
      /^ValidationException/,
    );
    // Nothing changed.
    expect(await get("refusals")).toEqual(before);
  });

  it("refuses an unknown minor version with ResourceNotFoundException", async () => {
    await deployed("unknown-minor");
    expect(
      await refusal(
        update({ name: "unknown-minor", deploymentType: "MINOR_VERSION", templateMinorVersion: "7" }),
      ),
    ).toMatch(/^ResourceNotFoundException/);
  });

  it("CURRENT_VERSION deploys a new spec on the same version", async () => {
    const before = await deployed("current-type", { templateMinorVersion: "1" });
    const spec = environmentSpec({ vpc: "10.1.0.0/16" });
    const started = await update({ name: "current-type", deploymentType: "CURRENT_VERSION", spec });
    expect(started.environment?.deploymentStatus).toBe("IN_PROGRESS");
    await waitUntilEnvironmentDeployed(waiterFor(proton), { name: "current-type" });
    const after = await get("current-type");
    expect(after).toMatchObject({ deploymentStatus: "SUCCEEDED", spec, templateMinorVersion: "1" });
    expect(after.lastSucceededDeploymentId).not.toBe(before.lastSucceededDeploymentId);
  });

  it("MINOR_VERSION moves to the recommended minor by default, or to the one given", async () => {
    await deployed("minor-type", { templateMinorVersion: "0" });
    const recommended = await updatedAndDeployed({ name: "minor-type", deploymentType: "MINOR_VERSION" });
    expect([recommended.templateMajorVersion, recommended.templateMinorVersion]).toEqual(["1", "2"]);
    const chosen = await updatedAndDeployed({
      name: "minor-type",
      deploymentType: "MINOR_VERSION",
      templateMinorVersion: "1",
    });
    expect([chosen.templateMajorVersion, chosen.templateMinorVersion]).toEqual(["1", "1"]);
  });

  it("MAJOR_VERSION moves to the recommended major and minor by default, keeping the spec", async () => {
    const before = await deployed("major-type");
    const after = await updatedAndDeployed({ name: "major-type", deploymentType: "MAJOR_VERSION" });
    expect([after.templateMajorVersion, after.templateMinorVersion]).toEqual(["2", "1"]);
    expect(after.spec).toBe(before.spec);
  });

  it("MAJOR_VERSION takes an explicit major and minor", async () => {
    await deployed("major-explicit");
    const after = await updatedAndDeployed({
      name: "major-explicit",
      deploymentType: "MAJOR_VERSION",
      templateMajorVersion: "2",
      templateMinorVersion: "0",
    });
    expect([after.templateMajorVersion, after.templateMinorVersion]).toEqual(["2", "0"]);
  });

  it("records the deploymentType the client sent in the call log", async () => {
    await deployed("logged");
    await emulator.control.clearCalls();
    await update({ name: "logged", deploymentType: "NONE", description: "x" });
    const { calls } = await emulator.control.calls();
    expect(
      calls.map((call) => [call.operation, (call.input as UpdateEnvironmentInput).deploymentType]),
    ).toEqual([["UpdateEnvironment", "NONE"]]);
  });
});

describe("deployments in progress", () => {
  it("refuses updates and deletes while a deployment is IN_PROGRESS", async () => {
    await clock.frozen(async () => {
      await proton.send(new CreateEnvironmentCommand(createInput("busy")));
      expect(await refusal(update({ name: "busy", deploymentType: "NONE", description: "x" }))).toMatch(
        /^ConflictException/,
      );
      expect(await refusal(proton.send(new DeleteEnvironmentCommand({ name: "busy" })))).toMatch(
        /^ConflictException/,
      );
    });
    await waitUntilEnvironmentDeployed(waiterFor(proton), { name: "busy" });
    await clock.frozen(async () => {
      await proton.send(new DeleteEnvironmentCommand({ name: "busy" }));
      expect(await refusal(update({ name: "busy", deploymentType: "NONE", description: "x" }))).toMatch(
        /^ConflictException/,
      );
    });
  });

  it("cancels an IN_PROGRESS deployment and keeps the deployed version", async () => {
    await deployed("cancelled", { templateMinorVersion: "0" });
    await clock.frozen(async () => {
      await update({ name: "cancelled", deploymentType: "MINOR_VERSION" });
      const cancelling = await proton.send(
        new CancelEnvironmentDeploymentCommand({ environmentName: "cancelled" }),
      );
      expect(cancelling.environment?.deploymentStatus).toBe("CANCELLING");
      expect(await refusal(update({ name: "cancelled", deploymentType: "NONE", description: "x" }))).toMatch(
        /^ConflictException/,
      );
    });
    const environment = await until(
      () => get("cancelled"),
      (current) => current.deploymentStatus !== "CANCELLING",
    );
    expect(environment).toMatchObject({ deploymentStatus: "CANCELLED", templateMinorVersion: "0" });
  });

  it("refuses to cancel when no deployment is IN_PROGRESS", async () => {
    await deployed("nothing-to-cancel");
    expect(
      await refusal(
        proton.send(new CancelEnvironmentDeploymentCommand({ environmentName: "nothing-to-cancel" })),
      ),
    ).toMatch(/^ConflictException/);
  });

  it("fails the next deployment on request, keeping the last good version and spec", async () => {
    const before = await deployed("failing", { templateMinorVersion: "0" });
    await emulator.control.failNextDeployment({ resourceName: "failing", message: "stack rolled back" });
    await update({ name: "failing", deploymentType: "MINOR_VERSION", spec: environmentSpec({ vpc: "bad" }) });
    await expect(waitUntilEnvironmentDeployed(waiterFor(proton), { name: "failing" })).rejects.toThrow();
    const after = await get("failing");
    expect(after).toMatchObject({
      deploymentStatus: "FAILED",
      deploymentStatusMessage: "stack rolled back",
      templateMinorVersion: "0",
      spec: before.spec,
      lastSucceededDeploymentId: before.lastSucceededDeploymentId,
    });
    // A failed environment can be deployed again.
    const retried = await updatedAndDeployed({ name: "failing", deploymentType: "MINOR_VERSION" });
    expect(retried).toMatchObject({ deploymentStatus: "SUCCEEDED", templateMinorVersion: "2" });
  });

  it("fails a first deployment on request", async () => {
    await emulator.control.failNextDeployment({ resourceName: "failing-create", message: "no capacity" });
    await proton.send(new CreateEnvironmentCommand(createInput("failing-create")));
    await expect(
      waitUntilEnvironmentDeployed(waiterFor(proton), { name: "failing-create" }),
    ).rejects.toThrow();
    expect(await get("failing-create")).toMatchObject({
      deploymentStatus: "FAILED",
      deploymentStatusMessage: "no capacity",
    });
    const outputs = await proton.send(
      new ListEnvironmentOutputsCommand({ environmentName: "failing-create" }),
    );
    expect(outputs.outputs).toEqual([]);
  });
});

describe("ListEnvironments", () => {
  it("filters by template major version and pages", async () => {
    await withEmulator(async (fresh) => {
      const client = fresh.client();
      await environmentTemplate(client, "list-tpl", ["1.0", "2.0"]);
      for (const [name, major] of [
        ["e1", "1"],
        ["e2", "2"],
        ["e3", "1"],
        ["e4", "1"],
        ["e5", "2"],
      ]) {
        await client.send(
          new CreateEnvironmentCommand({
            ...createInput(name),
            templateName: "list-tpl",
            templateMajorVersion: major,
          }),
        );
      }
      const names: string[] = [];
      for await (const page of paginateListEnvironments({ client, pageSize: 2 }, {})) {
        expect(page.environments?.length).toBeLessThanOrEqual(2);
        names.push(...(page.environments ?? []).map((environment) => environment.name as string));
      }
      expect(names).toEqual(["e1", "e2", "e3", "e4", "e5"]);
      const filtered = await client.send(
        new ListEnvironmentsCommand({
          environmentTemplates: [{ templateName: "list-tpl", majorVersion: "2" }],
        }),
      );
      expect(filtered.environments?.map((environment) => environment.name)).toEqual(["e2", "e5"]);
      expect(filtered.environments?.[0]).not.toHaveProperty("spec");
    });
  });
});
