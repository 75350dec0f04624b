import * as path from "node:path";
import { createStack, EngineCommandError, type EngineStack, UNKNOWN } from "../support/engine";

// Our own pulumi-language-python (tools/) runs `runtime: python` programs on the PyPI pulumi package.
const projectDir = path.join(__dirname, "programs", "python-outputs");
const config = { plain: "visible", token: { value: "s3cr3t", secret: true } };

/** `pulumi install`: the host creates the program's virtualenv and installs requirements.txt into it. */
async function install(stack: EngineStack): Promise<string> {
  const result = await stack.run(["install"]);
  if (result.exitCode !== 0) throw new EngineCommandError(["install"], result);
  return result.stdout + result.stderr;
}

describe("python language host: a program through up, preview and destroy", () => {
  let stack: EngineStack;

  beforeAll(async () => {
    stack = await createStack({ projectDir, stackName: "python", config });
    await install(stack);
  });
  afterAll(() => stack?.dispose());

  it("installs nothing again when the virtualenv already has the requirements", async () => {
    expect(await install(stack)).toMatch(/already has these requirements installed/);
  });

  it("runs the program with the engine's project, stack, directories and config", async () => {
    const result = await stack.up();

    expect(result.changes).toEqual({ create: 1 });
    expect(await stack.outputs()).toEqual({
      project: "python-outputs",
      stack: "python",
      organization: "organization",
      rootDirectory: projectDir,
      workingDirectory: projectDir,
      dryRun: false,
      inVirtualenv: true,
      plain: "visible",
      token: "s3cr3t",
      greeting: "hello from python",
    });
  });

  it("keeps secret config secret in outputs", async () => {
    const shown = await stack.run(["stack", "output", "token", "--stack", stack.name]);

    expect(shown.stdout.trim()).toBe("[secret]");
  });

  it("marks previews as dry runs and changes nothing", async () => {
    const result = await stack.preview();

    expect(result.changes).toEqual({ same: 1 });
    expect(result.stackOutputs).toMatchObject({ dryRun: true, stack: "python" });
    expect(result.stackOutputs.greeting).not.toBe(UNKNOWN);
  });

  it("destroys the stack", async () => {
    const result = await stack.destroy();

    expect(result.changes).toEqual({ delete: 1 });
    expect((await stack.exportState()).deployment.resources ?? []).toEqual([]);
  });
});

describe("python language host: programs that fail", () => {
  let stack: EngineStack;

  beforeAll(async () => {
    stack = await createStack({ projectDir, stackName: "python-fails", config });
    await install(stack);
  });
  afterAll(() => stack?.dispose());

  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (e: unknown) => e,
    );

  it("reports an unhandled exception with its traceback, once", async () => {
    await stack.setConfig({ raise: "true" });

    const error = await failure(stack.up());

    expect(error).toBeInstanceOf(EngineCommandError);
    const { result } = error as EngineCommandError;
    const errors = (result.diagnostics ?? []).filter((d) => d.severity === "error");
    expect(errors.map((d) => d.message).join("\n")).toMatch(
      /Program failed with an unhandled exception:[\s\S]*__main__\.py[\s\S]*RuntimeError: the program was asked to fail/,
    );
    expect(errors.some((d) => /non-zero exit code/.test(d.message))).toBe(false);
  });

  it("names the exit code of a program that exits by itself", async () => {
    await stack.setConfig({ raise: "false", exitWith: "3" });

    const error = await failure(stack.up());

    expect((error as EngineCommandError).message).toMatch(/program exited with non-zero exit code: 3/);
  });
});
