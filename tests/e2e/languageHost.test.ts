import * as path from "node:path";
import { createStack, EngineCommandError, type EngineStack } from "../support/engine";

// Our own pulumi-language-nodejs (tools/) stands in for the official host: check what reaches the program.
const projectDir = path.join(__dirname, "programs", "host-contract");

describe("language host: what a program receives from the engine", () => {
  let stack: EngineStack;

  beforeAll(async () => {
    stack = await createStack({
      projectDir,
      stackName: "contract",
      config: { plain: "visible", token: { value: "s3cr3t", secret: true } },
    });
  });
  afterAll(() => stack?.dispose());

  it("passes project, stack, organization, directories, runtime options and config", async () => {
    const result = await stack.up();

    expect(result.changes).toEqual({ create: 1 });
    expect(await stack.outputs()).toEqual({
      project: "host-contract",
      stack: "contract",
      organization: "organization",
      rootDirectory: projectDir,
      workingDirectory: projectDir,
      nodeArgs: ["--max-old-space-size=300", "--no-deprecation"],
      typescript: "unset",
      dryRun: false,
      plain: "visible",
      tokenIsSecret: true,
      token: "s3cr3t",
    });
  });

  it("keeps secret config secret in outputs", async () => {
    const shown = await stack.run(["stack", "output", "token", "--stack", stack.name]);

    expect(shown.exitCode).toBe(0);
    expect(shown.stdout.trim()).toBe("[secret]");
  });

  it("marks previews as dry runs", async () => {
    const result = await stack.preview();

    expect(result.changes).toEqual({ same: 1 });
    expect(result.stackOutputs).toMatchObject({ dryRun: true, stack: "contract", plain: "visible" });
  });
});

describe("language host: a program that exits with its own status", () => {
  let stack: EngineStack;

  beforeAll(async () => {
    stack = await createStack({
      projectDir,
      stackName: "exits",
      config: { plain: "visible", token: { value: "s3cr3t", secret: true }, exitWith: "3" },
    });
  });
  afterAll(() => stack?.dispose());

  it("fails the update and names the exit code", async () => {
    const error = await stack.up().then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(EngineCommandError);
    expect((error as EngineCommandError).message).toMatch(/program exited with non-zero exit code: 3/);
  });
});
