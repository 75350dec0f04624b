import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { createStack, type EngineStack, repoRoot } from "../support/engine";

// pulumi-language-yaml, built from the pulumi-yaml module (scripts/build-pulumi-yaml.sh), runs
// `runtime: yaml` programs; these need no provider plugin, so they run offline like everything else.
const programs = path.join(__dirname, "programs");
// Both stacks share one file backend, so the second can reference the first.
const backend = path.join(
  repoRoot,
  ".tmp",
  "engine",
  `yaml-backend-${crypto.randomBytes(6).toString("hex")}`,
);
const env = { PULUMI_BACKEND_URL: `file://${backend}` };

describe("yaml language host: variables, config and outputs", () => {
  let stack: EngineStack;
  let reference: EngineStack | undefined;

  beforeAll(async () => {
    fs.mkdirSync(backend, { recursive: true });
    stack = await createStack({
      projectDir: path.join(programs, "yaml-outputs"),
      stackName: "dev",
      config: { token: { value: "s3cr3t", secret: true } },
      env,
    });
  });
  afterAll(() => {
    reference?.dispose();
    stack?.dispose();
    fs.rmSync(backend, { recursive: true, force: true });
  });

  it("previews the stack before it exists", async () => {
    const result = await stack.preview();

    expect(result.changes).toEqual({ create: 1 });
    expect(result.stackOutputs).toMatchObject({ message: "hello from yaml", project: "yaml-outputs" });
  });

  it("deploys the outputs, keeping secret config secret", async () => {
    const result = await stack.up();

    expect(result.changes).toEqual({ create: 1 });
    expect(await stack.outputs()).toEqual({
      message: "hello from yaml",
      letters: ["a", "b", "c"],
      project: "yaml-outputs",
      stack: "dev",
      token: "s3cr3t",
    });
    const shown = await stack.run(["stack", "output", "token", "--stack", stack.name]);
    expect(shown.stdout.trim()).toBe("[secret]");
  });

  it("changes an output with the config and nothing else", async () => {
    await stack.setConfig({ greeting: "hi" });

    const preview = await stack.preview();
    const result = await stack.up();

    expect(preview.changes).toEqual({ same: 1 });
    expect(preview.stackOutputs).toMatchObject({ message: "hi from yaml" });
    expect(result.changes).toEqual({ same: 1 });
    expect(await stack.outputs()).toMatchObject({ message: "hi from yaml" });
  });

  it("is read by another YAML stack through a pulumi:pulumi:StackReference", async () => {
    reference = await createStack({
      projectDir: path.join(programs, "yaml-reference"),
      stackName: "reader",
      config: { source: "organization/yaml-outputs/dev" },
      env,
    });

    const result = await reference.up();

    // A stack reference is read, not created, through the engine's built-in pulumi provider.
    expect(result.steps.map(({ op, type }) => `${op} ${type}`)).toEqual([
      "create pulumi:pulumi:Stack",
      "create pulumi:providers:pulumi",
      "read pulumi:pulumi:StackReference",
    ]);
    expect(await reference.outputs()).toEqual({ upstreamMessage: "hi from yaml" });
    await reference.destroy();
    expect((await reference.exportState()).deployment.resources ?? []).toEqual([]);
  });

  it("destroys the stack", async () => {
    const result = await stack.destroy();

    expect(result.changes).toEqual({ delete: 1 });
    expect((await stack.exportState()).deployment.resources ?? []).toEqual([]);
  });
});
