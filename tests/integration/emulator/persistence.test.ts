/** --state persistence: restarts keep resources and pending work; unusable files stop the start. */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  CreateEnvironmentTemplateCommand,
  CreateEnvironmentTemplateVersionCommand,
  GetEnvironmentTemplateCommand,
  GetEnvironmentTemplateVersionCommand,
  ListTagsForResourceCommand,
  waitUntilEnvironmentTemplateVersionRegistered,
} from "@aws-sdk/client-proton";
import { StateFileError } from "../../../emulator/src/store";
import { startEmulator } from "../../../emulator/src/server";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { bundleBytes, s3For, uploadBundle } from "../../support/bundles";
import { startTestEmulator, tempDir, waiterFor } from "../../support/emulator";

const version = { templateName: "kept", majorVersion: "1", minorVersion: "0" };

test("resources, tags, bundles in S3 and in-flight registrations survive a restart", async () => {
  const statePath = path.join(tempDir(), "state.json");
  const first = await startTestEmulator({ statePath, deploymentMs: 150 });
  const created = await first
    .client()
    .send(new CreateEnvironmentTemplateCommand({ name: "kept", tags: [{ key: "a", value: "b" }] }));
  const source = await uploadBundle(first.client(), "kept.tar.gz", { kind: "environment" });
  await first.client().send(new CreateEnvironmentTemplateVersionCommand({ templateName: "kept", source }));
  await first.stop();
  expect(fs.readdirSync(path.dirname(statePath))).toEqual(["state.json"]); // no temp file left behind

  const second = await startTestEmulator({ statePath, deploymentMs: 150 });
  const client = second.client();
  expect(
    (await client.send(new GetEnvironmentTemplateCommand({ name: "kept" }))).environmentTemplate,
  ).toEqual(created.environmentTemplate);
  expect(
    (await client.send(new ListTagsForResourceCommand({ resourceArn: created.environmentTemplate!.arn })))
      .tags,
  ).toEqual([{ key: "a", value: "b" }]);
  await waitUntilEnvironmentTemplateVersionRegistered(waiterFor(client), version);
  const registered = (await client.send(new GetEnvironmentTemplateVersionCommand(version)))
    .environmentTemplateVersion!;
  expect(registered.status).toBe("DRAFT");
  expect(registered.schema).toMatch(/environment_input_type: EnvironmentInput/);
  const s3 = await s3For(client);
  const object = await s3.send(new GetObjectCommand({ Bucket: source.s3.bucket, Key: source.s3.key }));
  expect(Buffer.from(await object.Body!.transformToByteArray())).toEqual(bundleBytes("environment"));
  s3.destroy();
  await second.stop();

  // The settled status was written too.
  const third = await startTestEmulator({ statePath, deploymentMs: 60_000 });
  expect(
    (await third.client().send(new GetEnvironmentTemplateVersionCommand(version))).environmentTemplateVersion!
      .status,
  ).toBe("DRAFT");
  await third.stop();
});

test.each([
  ["not JSON", "{ this is not json"],
  ["JSON of another shape", JSON.stringify({ hello: "world" })],
])("a state file that is %s stops the start and is left untouched", async (_label, contents) => {
  const statePath = path.join(tempDir(), "state.json");
  fs.writeFileSync(statePath, contents);
  await expect(startEmulator({ statePath })).rejects.toBeInstanceOf(StateFileError);
  await expect(startEmulator({ statePath })).rejects.toThrow(statePath);
  expect(fs.readFileSync(statePath, "utf8")).toBe(contents);
});

test("a missing state file starts empty and is created on the first change", async () => {
  const statePath = path.join(tempDir(), "fresh.json");
  const emulator = await startTestEmulator({ statePath });
  await emulator.client().send(new CreateEnvironmentTemplateCommand({ name: "first" }));
  const saved = JSON.parse(fs.readFileSync(statePath, "utf8")) as { partitions: Record<string, unknown> };
  expect(Object.keys(saved.partitions)).toEqual(["123456789012:us-east-1"]);
  await emulator.stop();
});
