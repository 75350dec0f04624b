/** /_emulator/ test control: delay, fail-next, call log, faults, reset. */
import {
  CreateEnvironmentTemplateCommand,
  CreateEnvironmentTemplateVersionCommand,
  GetEnvironmentTemplateVersionCommand,
  ListEnvironmentTemplatesCommand,
  ThrottlingException,
  type ProtonClient,
} from "@aws-sdk/client-proton";
import type { FaultSettings } from "../../../emulator/src/controlClient";
import { uploadBundle } from "../../support/bundles";
import { useEmulator } from "../../support/emulator";

/** A clock the test moves by hand, so rate windows and settling never depend on real time. */
let now = Date.UTC(2026, 0, 1);
const emulator = useEmulator({ deploymentMs: 100, clock: { now: () => now } });
let client: ProtonClient;

beforeAll(() => {
  client = emulator.client();
});

const version = (minorVersion = "0", majorVersion = "1") => ({
  templateName: "t",
  majorVersion,
  minorVersion,
});
const status = async (ref = version()) =>
  (await client.send(new GetEnvironmentTemplateVersionCommand(ref))).environmentTemplateVersion!;
const createVersion = async (majorVersion?: string) =>
  client.send(
    new CreateEnvironmentTemplateVersionCommand({
      templateName: "t",
      majorVersion,
      source: await uploadBundle(client, "t.tar.gz", { kind: "environment" }),
    }),
  );

/** Registers a version of a new template: still registering 1 ms before `delayMs`, DRAFT at it. */
async function expectRegistrationSettlesAfter(delayMs: number) {
  await client.send(new CreateEnvironmentTemplateCommand({ name: "t" }));
  await createVersion();
  now += delayMs - 1;
  expect((await status()).status).toBe("REGISTRATION_IN_PROGRESS");
  now += 1;
  expect((await status()).status).toBe("DRAFT");
}

test("work settles exactly when the clock passes the deployment delay", async () => {
  await expectRegistrationSettlesAfter(100);
});

test("the deployment delay can be read and changed for new work", async () => {
  expect(await emulator.control.getDeploymentDelay()).toEqual({ deploymentMs: 100 });
  await emulator.control.setDeploymentDelay(5000);
  await expectRegistrationSettlesAfter(5000);
  await emulator.control.reset();
  expect(await emulator.control.getDeploymentDelay()).toEqual({ deploymentMs: 100 });
});

test("fail-next-deployment by ARN fails only the next registration of that resource", async () => {
  await client.send(new CreateEnvironmentTemplateCommand({ name: "t" }));
  await emulator.control.failNextDeployment({
    arn: "arn:aws:proton:us-east-1:123456789012:environment-template/t:1.0",
    message: "bundle has no schema",
  });
  await createVersion();
  now += 100;
  expect(await status()).toMatchObject({
    status: "REGISTRATION_FAILED",
    statusMessage: "bundle has no schema",
  });
  await createVersion();
  now += 100;
  expect((await status(version("0", "2"))).status).toBe("DRAFT");
  await expect(emulator.control.failNextDeployment({ message: "no subject" })).rejects.toThrow(
    /resourceName/,
  );
});

test("the call log lists mutating calls with their input and counts every operation", async () => {
  await client.send(new CreateEnvironmentTemplateCommand({ name: "t", description: "logged" }));
  await client.send(new ListEnvironmentTemplatesCommand({}));
  await client.send(new ListEnvironmentTemplatesCommand({}));
  const report = await emulator.control.calls();
  expect(report.calls).toEqual([
    {
      operation: "CreateEnvironmentTemplate",
      accountId: "123456789012",
      region: "us-east-1",
      input: { name: "t", description: "logged" },
      time: now,
    },
  ]);
  expect(report.counts).toEqual({ CreateEnvironmentTemplate: 1, ListEnvironmentTemplates: 2 });
  await emulator.control.clearCalls();
  expect(await emulator.control.calls()).toEqual({ calls: [], counts: {} });
});

test("throttleAboveRps lets N requests through per clock second", async () => {
  await emulator.control.setFaults({ throttleAboveRps: 2 });
  const outcome = async () =>
    client.send(new ListEnvironmentTemplatesCommand({})).then(
      () => "ok",
      (err: unknown) => (err instanceof ThrottlingException ? "throttled" : String(err)),
    );
  const burst = async (n: number) => {
    const results: string[] = [];
    for (let i = 0; i < n; i++) results.push(await outcome());
    return results;
  };
  expect(await burst(4)).toEqual(["ok", "ok", "throttled", "throttled"]);
  now += 1000;
  expect(await burst(3)).toEqual(["ok", "ok", "throttled"]);
  await emulator.control.setFaults({});
  expect(await burst(3)).toEqual(["ok", "ok", "ok"]);
});

test("faultRate and dropRate are random but replay identically for a seed", async () => {
  const outcome = () =>
    client.send(new ListEnvironmentTemplatesCommand({})).then(
      () => "ok",
      (err: { name?: string }) => (err.name === "InternalServerException" ? "fault" : "dropped"),
    );
  const run = async () => {
    await emulator.control.setFaults({ faultRate: 0.4, dropRate: 0.2, seed: 42 });
    const results: string[] = [];
    for (let i = 0; i < 20; i++) results.push(await outcome());
    return results;
  };
  const first = await run();
  expect(await run()).toEqual(first);
  expect(new Set(first)).toEqual(new Set(["ok", "fault", "dropped"]));
  expect(await emulator.control.getFaults()).toEqual({ faultRate: 0.4, dropRate: 0.2, seed: 42 });
});

test("lostAnswerRate applies the request, then drops the connection before the answer", async () => {
  await emulator.control.setFaults({ lostAnswerRate: 1 });
  await expect(client.send(new CreateEnvironmentTemplateCommand({ name: "lost" }))).rejects.toThrow(
    /socket hang up|ECONNRESET/,
  );
  await emulator.control.setFaults({});
  // The create happened: a replay meets the template it made.
  const listed = await client.send(new ListEnvironmentTemplatesCommand({}));
  expect(listed.templates?.map((template) => template.name)).toEqual(["lost"]);
  expect((await emulator.control.calls()).counts).toEqual({
    CreateEnvironmentTemplate: 1,
    ListEnvironmentTemplates: 1,
  });
});

test("lost answers replay identically for a seed", async () => {
  const outcomes = async (settings: FaultSettings) => {
    await emulator.control.reset();
    await emulator.control.setFaults(settings);
    const results: string[] = [];
    for (let i = 0; i < 20; i++)
      results.push(
        await client.send(new CreateEnvironmentTemplateCommand({ name: `t${i}` })).then(
          () => "ok",
          (err: { name?: string }) => (err.name === "InternalServerException" ? "fault" : "lost"),
        ),
      );
    await emulator.control.setFaults({});
    const kept = (await client.send(new ListEnvironmentTemplatesCommand({}))).templates?.length;
    return { results, kept };
  };
  const first = await outcomes({ faultRate: 0.3, lostAnswerRate: 0.3, seed: 9 });
  expect(await outcomes({ faultRate: 0.3, lostAnswerRate: 0.3, seed: 9 })).toEqual(first);
  expect(new Set(first.results)).toEqual(new Set(["ok", "fault", "lost"]));
  // Lost answers were applied; faults were not.
  expect(first.kept).toBe(first.results.filter((r) => r !== "fault").length);
});

test("control input errors are 400 and unknown routes 404", async () => {
  await expect(emulator.control.setFaults({ faultRate: 2 })).rejects.toThrow(/faultRate/);
  const response = await fetch(`${emulator.url}/_emulator/nothing-here`);
  expect(response.status).toBe(404);
});
