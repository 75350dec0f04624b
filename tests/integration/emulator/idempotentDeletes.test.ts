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
  CreateServiceCommand,
  CreateServiceTemplateCommand,
  DeleteEnvironmentAccountConnectionCommand,
  DeleteEnvironmentCommand,
  DeleteEnvironmentTemplateCommand,
  DeleteEnvironmentTemplateVersionCommand,
  DeleteServiceCommand,
  DeleteServiceTemplateCommand,
  DeleteServiceTemplateVersionCommand,
  GetEnvironmentCommand,
  GetServiceCommand,
} from "@aws-sdk/client-proton";
import { REMEMBER_METADATA_MS } from "../../../emulator/src/deletions";
import { useEmulator } from "../../support/emulator";
import {
  environmentSpec,
  environmentTemplate,
  refusal,
  ROLE,
  serviceSpec,
  serviceTemplate,
} from "./deployableFixtures";

let now = Date.UTC(2026, 0, 1);
const DELAY = 100;
const emulator = useEmulator({ deploymentMs: DELAY, clock: { now: () => now } });
const client = () => emulator.client();
const version = (templateName: string) => ({ templateName, majorVersion: "1", minorVersion: "0" });

const tick = () => void (now += DELAY);

/** Version 1.0, published, of an environment template env-t and of a service template svc-t on it. */
async function publishedTemplates() {
  await environmentTemplate(client(), "env-t", ["1.0"], { tick });
  await serviceTemplate(client(), "svc-t", ["1.0"], [{ templateName: "env-t", majorVersion: "1" }], { tick });
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
    () => environmentTemplate(client(), "t", ["1.0"], { tick, drafts: ["1.0"] }),
    () => client().send(new DeleteEnvironmentTemplateVersionCommand(version("t"))),
  ],
  [
    "DeleteServiceTemplateVersion",
    "serviceTemplateVersion",
    async () => {
      await environmentTemplate(client(), "env-t", ["1.0"], { tick });
      await serviceTemplate(client(), "t", ["1.0"], [{ templateName: "env-t", majorVersion: "1" }], {
        tick,
        drafts: ["1.0"],
      });
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

  /** Each asynchronous delete: its resource's setup, the delete, a read, and the status the delete starts. */
  const asyncDeletes: [
    string,
    () => Promise<void>,
    (name: string) => Promise<object>,
    (name: string) => Promise<unknown>,
    (answer: object) => unknown,
  ][] = [
    [
      "DeleteEnvironment",
      environment,
      (name) => client().send(new DeleteEnvironmentCommand({ name })),
      (name) => client().send(new GetEnvironmentCommand({ name })),
      (answer) => (answer as { environment?: { deploymentStatus?: string } }).environment?.deploymentStatus,
    ],
    [
      "DeleteService",
      async () => {
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
      },
      (name) => client().send(new DeleteServiceCommand({ name })),
      (name) => client().send(new GetServiceCommand({ name })),
      (answer) => (answer as { service?: { status?: string } }).service?.status,
    ],
  ];

  it.each(asyncDeletes)(
    "%s: a retry while DELETE_IN_PROGRESS answers the detail without acting; once deleted, an empty answer",
    async (operation, setUp, remove, read, statusOf) => {
      await setUp();
      const name = operation === "DeleteEnvironment" ? "env" : "svc";
      const first = withoutMetadata(await remove(name));
      expect(statusOf(first)).toBe("DELETE_IN_PROGRESS");
      now += DELAY - 1;
      expect(withoutMetadata(await remove(name))).toEqual(first);
      // Gone at the first request's deadline: the retry did not start the deletion again.
      now += 1;
      expect(await refusal(read(name))).toMatch(/^ResourceNotFoundException/);
      expect(withoutMetadata(await remove(name))).toEqual({});
      expect(await refusal(remove("never"))).toMatch(/^ResourceNotFoundException/);
    },
  );
});
