import * as path from "node:path";
import { createStack, EngineCommandError, type EngineStack } from "../support/engine";

const projectDir = path.join(__dirname, "programs", "smoke");
const markerUrnSuffix = "pulumi-nodejs:dynamic:Resource::marker";

describe("real engine: one dynamic resource through up, preview, refresh and destroy", () => {
  let stack: EngineStack;

  beforeAll(async () => {
    stack = await createStack({ projectDir, stackName: "smoke", config: { label: "world" } });
  });
  afterAll(() => stack?.dispose());

  it("up creates the stack and the resource, and exports outputs computed by the provider", async () => {
    const result = await stack.up();

    expect(result.changes).toEqual({ create: 2 });
    expect(await stack.outputs()).toEqual({ markerId: "marker-world", label: "world", length: 5 });
    const marker = (await stack.exportState()).deployment.resources?.find((r) =>
      r.urn.endsWith(markerUrnSuffix),
    );
    expect(marker?.id).toBe("marker-world");
  });

  it("preview after up plans no changes", async () => {
    const result = await stack.preview();

    expect(result.changes).toEqual({ same: 2 });
    expect(result.steps.filter((step) => step.op !== "same")).toEqual([]);
  });

  it("refresh succeeds and leaves state and outputs unchanged", async () => {
    const result = await stack.refresh();

    expect(result.changes).toEqual({ same: 2 });
    expect(await stack.outputs()).toEqual({ markerId: "marker-world", label: "world", length: 5 });
  });

  it("a config change updates the resource in place", async () => {
    await stack.setConfig({ label: "moon" });
    const result = await stack.up();

    expect(result.changes).toEqual({ same: 1, update: 1 });
    expect(result.steps.find((step) => step.urn.endsWith(markerUrnSuffix))?.diffs).toEqual(["label"]);
    expect(await stack.outputs()).toEqual({ markerId: "marker-world", label: "moon", length: 4 });
  });

  it("destroy deletes everything and leaves an empty stack", async () => {
    const result = await stack.destroy();

    expect(result.changes).toEqual({ delete: 2 });
    expect((await stack.exportState()).deployment.resources ?? []).toEqual([]);
    expect(await stack.outputs()).toEqual({});
  });
});

describe("real engine: a failing program", () => {
  let stack: EngineStack;

  beforeAll(async () => {
    stack = await createStack({
      projectDir,
      stackName: "failing",
      config: { failWith: "smoke program failed on purpose" },
    });
  });
  afterAll(() => stack?.dispose());

  it("fails the update with the program's own error and creates no resource", async () => {
    const error = await stack.up().then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(EngineCommandError);
    const errors =
      (error as EngineCommandError).result.diagnostics?.filter((d) => d.severity === "error") ?? [];
    expect(errors.map((d) => d.message).join("\n")).toContain("smoke program failed on purpose");
    // The run script reported the error itself, so the host bails instead of adding an exit-code message.
    expect(errors.map((d) => d.message).join("\n")).not.toMatch(/non-zero exit code/);
    // The stack itself registers before the program body runs; the marker never does.
    const types = ((await stack.exportState()).deployment.resources ?? []).map((r) => r.type);
    expect(types).toEqual(["pulumi:pulumi:Stack"]);
  });
});
