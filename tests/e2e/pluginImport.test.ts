/**
 * `pulumi import proton:index:Environment dev <name>` through the plugin: an environment made outside
 * Pulumi is adopted by the CLI's own command, the TypeScript the CLI generates becomes the program, and
 * the next preview plans nothing. The import's Read carries no state (no properties, no inputs): the
 * plugin answers it, where @pulumi/pulumi 3.248's own provider server would fail.
 */
import {
  CreateEnvironmentCommand,
  CreateEnvironmentTemplateCommand,
  CreateEnvironmentTemplateVersionCommand,
  GetEnvironmentCommand,
  UpdateEnvironmentTemplateVersionCommand,
  waitUntilEnvironmentDeployed,
  waitUntilEnvironmentTemplateVersionRegistered,
} from "@aws-sdk/client-proton";
import * as fs from "node:fs";
import * as path from "node:path";
import { createStack, type EngineStack } from "../support/engine";
import { uploadBundle } from "../support/bundles";
import { DEFAULT_ACCOUNT, fastWaiter, startTestEmulator, type TestEmulator } from "../support/emulator";
import { changed, emptyTypeScriptProject, pluginConfig, pluginEnv, protonResources } from "../support/plugin";

jest.setTimeout(180_000);

let emulator: TestEmulator;
let work: string;
let stack: EngineStack;

beforeAll(async () => {
  emulator = await startTestEmulator({ deploymentMs: 100 });
  const client = emulator.client();
  const waiter = { client, ...fastWaiter };
  await client.send(new CreateEnvironmentTemplateCommand({ name: "old-vpc" }));
  await client.send(
    new CreateEnvironmentTemplateVersionCommand({
      templateName: "old-vpc",
      source: await uploadBundle(client, "vpc.tar.gz", { kind: "environment" }, "old-templates"),
    }),
  );
  const version = { templateName: "old-vpc", majorVersion: "1", minorVersion: "0" };
  await waitUntilEnvironmentTemplateVersionRegistered(waiter, version);
  await client.send(new UpdateEnvironmentTemplateVersionCommand({ ...version, status: "PUBLISHED" }));
  await client.send(
    new CreateEnvironmentCommand({
      name: "old-dev",
      templateName: "old-vpc",
      templateMajorVersion: "1",
      description: "made by hand",
      protonServiceRoleArn: `arn:aws:iam::${DEFAULT_ACCOUNT}:role/proton`,
      spec: "proton: EnvironmentSpec\nspec:\n  cidr: 10.8.0.0/16\n",
      tags: [{ key: "team", value: "platform" }],
    }),
  );
  await waitUntilEnvironmentDeployed(waiter, { name: "old-dev" });

  work = emptyTypeScriptProject("adopted");
  stack = await createStack({
    projectDir: work,
    stackName: "adopted",
    config: pluginConfig(emulator),
    env: pluginEnv(),
  });
}, 120_000);

afterAll(async () => {
  stack?.dispose();
  await emulator?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("pulumi import of an existing environment", () => {
  const generated = () => path.join(work, "generated.ts");

  it("adopts it and generates TypeScript on the plugin flavour of the SDK", async () => {
    const result = await stack.import("proton:index:Environment", "dev", "old-dev", [
      "--generate-code",
      "--out",
      generated(),
      "--protect=false",
    ]);
    expect(result.changes).toMatchObject({ import: 1 });
    // Read answered with inputs only (what the code is generated from) and no plugin bookkeeping.
    const [adopted] = protonResources(await stack.exportState());
    expect(adopted).toMatchObject({ id: "old-dev", inputs: { name: "old-dev", templateName: "old-vpc" } });
    expect(Object.keys(adopted.inputs ?? {}).sort()).toEqual([
      "description",
      "name",
      "protonServiceRoleArn",
      "spec",
      "tags",
      "templateMajorVersion",
      "templateMinorVersion",
      "templateName",
    ]);
    const code = fs.readFileSync(generated(), "utf8");
    expect(code).toContain('import * as proton from "pulumi-aws-proton/plugin";');
    expect(code).toContain('const dev = new proton.Environment("dev", {');
    expect(code).toContain('templateName: "old-vpc",');
  });

  it("the generated code, as the program, previews with no changes", async () => {
    fs.copyFileSync(generated(), path.join(work, "index.ts"));
    const preview = await stack.preview();
    expect(changed(preview)).toEqual([]);
    expect(preview.changes).toEqual({ same: 2 });
  });

  it("is managed from then on: an edit deploys, destroy deletes it", async () => {
    const program = path.join(work, "index.ts");
    fs.writeFileSync(program, fs.readFileSync(program, "utf8").replace("made by hand", "managed now"));
    await emulator.control.clearCalls();
    await stack.up();
    const { environment } = await emulator.client().send(new GetEnvironmentCommand({ name: "old-dev" }));
    expect(environment?.description).toBe("managed now");
    await stack.destroy();
    await expect(emulator.client().send(new GetEnvironmentCommand({ name: "old-dev" }))).rejects.toThrow(
      /not found/i,
    );
  });
});
