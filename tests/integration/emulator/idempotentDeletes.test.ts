/**
 * Retried deletes, as the API reference's "Ensuring Idempotency" describes them: the five idempotent
 * deletes answer the deleted resource's metadata while the emulator remembers it (8 hours), then an empty
 * response; the two asynchronous ones answer the detail during DELETE_IN_PROGRESS without acting, and an
 * empty response once the deletion is complete. The clock is moved by hand.
 */
import {
  CreateEnvironmentAccountConnectionCommand,
  CreateEnvironmentCommand,
  CreateEnvironmentTemplateCommand,
  CreateEnvironmentTemplateVersionCommand,
  CreateServiceCommand,
  CreateServiceTemplateCommand,
  CreateServiceTemplateVersionCommand,
  DeleteEnvironmentAccountConnectionCommand,
  DeleteEnvironmentCommand,
  DeleteEnvironmentTemplateCommand,
  DeleteEnvironmentTemplateVersionCommand,
  DeleteServiceCommand,
  DeleteServiceTemplateCommand,
  DeleteServiceTemplateVersionCommand,
  GetEnvironmentCommand,
  GetServiceCommand,
  UpdateEnvironmentTemplateVersionCommand,
  UpdateServiceTemplateVersionCommand,
} from "@aws-sdk/client-proton";
import { REMEMBER_METADATA_MS } from "../../../emulator/src/deletions";
import { useEmulator } from "../../support/emulator";
import { environmentSpec, refusal, ROLE, serviceSpec } from "./deployableFixtures";

let now = Date.UTC(2026, 0, 1);
const DELAY = 100;
const emulator = useEmulator({ deploymentMs: DELAY, clock: { now: () => now } });
const client = () => emulator.client();
const source = { s3: { bucket: "bkt", key: "bundle.tar.gz" } };
const version = (templateName: string) => ({ templateName, majorVersion: "1", minorVersion: "0" });

/** Registers and publishes version 1.0 of a new template of each kind (env-t, svc-t on env-t 1). */
async function publishedTemplates() {
  await client().send(new CreateEnvironmentTemplateCommand({ name: "env-t" }));
  await client().send(new CreateEnvironmentTemplateVersionCommand({ templateName: "env-t", source }));
  await client().send(
    new CreateServiceTemplateCommand({ name: "svc-t", pipelineProvisioning: "CUSTOMER_MANAGED" }),
  );
  now += DELAY;
  await client().send(
    new UpdateEnvironmentTemplateVersionCommand({ ...version("env-t"), status: "PUBLISHED" }),
  );
  await client().send(
    new CreateServiceTemplateVersionCommand({
      templateName: "svc-t",
      source,
      compatibleEnvironmentTemplates: [{ templateName: "env-t", majorVersion: "1" }],
    }),
  );
  now += DELAY;
  await client().send(new UpdateServiceTemplateVersionCommand({ ...version("svc-t"), status: "PUBLISHED" }));
}

/** The five idempotent deletes: set up one resource, then delete it (the same call is the retry). */
const idempotentDeletes: [string, string, () => Promise<void>, () => Promise<object>][] = [
  [
    "DeleteEnvironmentTemplate",
    "environmentTemplate",
    async () => void (await client().send(new CreateEnvironmentTemplateCommand({ name: "gone" }))),
    () => client().send(new DeleteEnvironmentTemplateCommand({ name: "gone" })),
  ],
  [
    "DeleteServiceTemplate",
    "serviceTemplate",
    async () => void (await client().send(new CreateServiceTemplateCommand({ name: "gone" }))),
    () => client().send(new DeleteServiceTemplateCommand({ name: "gone" })),
  ],
  [
    "DeleteEnvironmentTemplateVersion",
    "environmentTemplateVersion",
    async () => {
      await client().send(new CreateEnvironmentTemplateCommand({ name: "t" }));
      await client().send(new CreateEnvironmentTemplateVersionCommand({ templateName: "t", source }));
      now += DELAY;
    },
    () => client().send(new DeleteEnvironmentTemplateVersionCommand(version("t"))),
  ],
  [
    "DeleteServiceTemplateVersion",
    "serviceTemplateVersion",
    async () => {
      await publishedTemplates();
      await client().send(new CreateServiceTemplateCommand({ name: "t" }));
      await client().send(
        new CreateServiceTemplateVersionCommand({
          templateName: "t",
          source,
          compatibleEnvironmentTemplates: [{ templateName: "env-t", majorVersion: "1" }],
        }),
      );
      now += DELAY;
    },
    () => client().send(new DeleteServiceTemplateVersionCommand(version("t"))),
  ],
  [
    "DeleteEnvironmentAccountConnection",
    "environmentAccountConnection",
    async () => {
      const created = await emulator.client("222222222222").send(
        new CreateEnvironmentAccountConnectionCommand({
          managementAccountId: "111111111111",
          environmentName: "env",
          roleArn: "arn:aws:iam::222222222222:role/r",
        }),
      );
      connectionId = created.environmentAccountConnection?.id as string;
    },
    () =>
      emulator
        .client("222222222222")
        .send(new DeleteEnvironmentAccountConnectionCommand({ id: connectionId })),
  ],
];
let connectionId = "";

/** An SDK answer without the SDK's own $metadata. */
const withoutMetadata = (output: object): Record<string, unknown> => {
  const { $metadata: _, ...rest } = output as Record<string, unknown>;
  return rest;
};

describe.each(idempotentDeletes)("%s", (operation, member, setUp, remove) => {
  it("answers a retry with the deleted resource's metadata, then with an empty response", async () => {
    await setUp();
    const answer = withoutMetadata(await remove());
    expect(answer[member]).toBeDefined();

    now += REMEMBER_METADATA_MS - 1;
    expect(withoutMetadata(await remove())).toEqual(answer);

    now += 1;
    expect(withoutMetadata(await remove())).toEqual({});
    expect((await emulator.control.calls()).counts).toMatchObject({ [operation]: 3 });
  });

  it("still refuses one that never existed (ResourceNotFoundException)", async () => {
    if (operation === "DeleteEnvironmentAccountConnection")
      connectionId = "00000000-0000-0000-0000-000000000000";
    expect(await refusal(remove())).toMatch(/^ResourceNotFoundException/);
  });
});

describe("asynchronous idempotent deletes", () => {
  async function environment() {
    await publishedTemplates();
    await client().send(
      new CreateEnvironmentCommand({
        name: "env",
        templateName: "env-t",
        templateMajorVersion: "1",
        spec: environmentSpec(),
        protonServiceRoleArn: ROLE,
      }),
    );
    now += DELAY;
  }

  it("DeleteEnvironment: a retry while DELETE_IN_PROGRESS answers the detail without acting; then empty", async () => {
    await environment();
    const first = await client().send(new DeleteEnvironmentCommand({ name: "env" }));
    expect(first.environment?.deploymentStatus).toBe("DELETE_IN_PROGRESS");
    now += DELAY - 1;
    const retried = await client().send(new DeleteEnvironmentCommand({ name: "env" }));
    expect(retried.environment).toEqual(first.environment);
    // Gone at the first request's deadline: the retry did not start the deletion again.
    now += 1;
    expect(await refusal(client().send(new GetEnvironmentCommand({ name: "env" })))).toMatch(
      /^ResourceNotFoundException/,
    );
    expect(withoutMetadata(await client().send(new DeleteEnvironmentCommand({ name: "env" })))).toEqual({});
    expect(await refusal(client().send(new DeleteEnvironmentCommand({ name: "never" })))).toMatch(
      /^ResourceNotFoundException/,
    );
  });

  it("DeleteService: the same, for a service and its instances", async () => {
    await environment();
    await client().send(
      new CreateServiceCommand({
        name: "svc",
        templateName: "svc-t",
        templateMajorVersion: "1",
        spec: serviceSpec([{ name: "a", environment: "env" }]),
      }),
    );
    now += DELAY;
    const first = await client().send(new DeleteServiceCommand({ name: "svc" }));
    expect(first.service?.status).toBe("DELETE_IN_PROGRESS");
    now += DELAY - 1;
    const retried = await client().send(new DeleteServiceCommand({ name: "svc" }));
    expect(retried.service).toEqual(first.service);
    now += 1;
    expect(await refusal(client().send(new GetServiceCommand({ name: "svc" })))).toMatch(
      /^ResourceNotFoundException/,
    );
    expect(withoutMetadata(await client().send(new DeleteServiceCommand({ name: "svc" })))).toEqual({});
    expect(await refusal(client().send(new DeleteServiceCommand({ name: "never" })))).toMatch(
      /^ResourceNotFoundException/,
    );
  });
});
