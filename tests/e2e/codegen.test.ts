import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  type CommandResult,
  createStack,
  EngineCommandError,
  type EngineStack,
  repoRoot,
} from "../support/engine";

// Code generation through the real CLI with our language hosts (tools/): `pulumi import` (the program's
// language), `pulumi import --file`, `pulumi convert --from pcl` and `pulumi package gen-sdk`. The
// schemas come from a tiny provider plugin (programs/codegen/fixture-provider), found on PATH, which is
// written the way pulumi-resource-proton will be: @pulumi/pulumi/provider serving its schema.
const programs = path.join(__dirname, "programs", "codegen");
const fixtureProvider = path.join(programs, "fixture-provider");
const env = {
  PATH: [fixtureProvider, path.join(repoRoot, ".tools", "bin"), process.env.PATH ?? ""].join(path.delimiter),
};
const outDir = path.join(repoRoot, ".tmp", "engine", `codegen-${crypto.randomBytes(6).toString("hex")}`);

beforeAll(() => fs.mkdirSync(outDir, { recursive: true }));
afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

function succeeded(args: string[], result: CommandResult): CommandResult {
  if (result.exitCode !== 0) throw new EngineCommandError(args, result);
  return result;
}

const read = (...parts: string[]) => fs.readFileSync(path.join(...parts), "utf8");

describe.each([
  {
    runtime: "nodejs",
    file: "index.ts",
    expected: [
      'import * as fixture from "@example/fixture";',
      'const main = new fixture.Widget("main", {',
      'displayName: "widget w-1",',
      "size: fixture.Size.Large,",
      "protect: true,",
    ],
  },
  {
    runtime: "python",
    file: "__main__.py",
    expected: [
      "import example_fixture as fixture",
      'main = fixture.Widget("main",',
      'display_name="widget w-1",',
      '"size": fixture.Size.LARGE,',
      "opts = pulumi.ResourceOptions(protect=True))",
    ],
  },
  {
    runtime: "yaml",
    file: "Pulumi.yaml",
    expected: [
      "  main:\n    type: fixture:Widget\n",
      "displayName: widget w-1",
      "size: LARGE",
      "protect: true",
    ],
  },
])("pulumi import into a $runtime project", ({ runtime, file, expected }) => {
  let stack: EngineStack;

  beforeAll(async () => {
    stack = await createStack({
      projectDir: path.join(programs, runtime),
      stackName: `import-${runtime}`,
      env,
    });
  });
  afterAll(() => stack?.dispose());

  it(`imports the resource and writes its ${file} code with the ${runtime} host`, async () => {
    const out = path.join(outDir, `import-${runtime}-${file}`);

    const result = await stack.import("fixture:index:Widget", "main", "w-1", [
      "--generate-code",
      "--out",
      out,
    ]);

    expect(result.changes).toMatchObject({ import: 1 });
    const widget = (await stack.exportState()).deployment.resources?.find(
      (r) => r.type === "fixture:index:Widget",
    );
    expect(widget).toMatchObject({ id: "w-1", outputs: { arn: "arn:fixture:widget/w-1" } });
    const code = read(out);
    for (const part of expected) expect(code).toContain(part);
  });
});

describe("pulumi import --file", () => {
  let stack: EngineStack;

  beforeAll(async () => {
    stack = await createStack({ projectDir: path.join(programs, "nodejs"), stackName: "import-file", env });
  });
  afterAll(() => stack?.dispose());

  it("imports every resource of the file and generates one program for them", async () => {
    const importFile = path.join(outDir, "import.json");
    const out = path.join(outDir, "import-file.ts");
    fs.writeFileSync(
      importFile,
      JSON.stringify({
        resources: [
          { type: "fixture:index:Widget", name: "first", id: "w-1" },
          { type: "fixture:index:Widget", name: "second", id: "w-2" },
        ],
      }),
    );
    const args = ["import", "--file", importFile, "--out", out, "--protect=false"];

    succeeded(args, await stack.run([...args, "--yes", "--non-interactive", "--stack", stack.name]));

    const ids = (await stack.exportState()).deployment.resources?.filter(
      (r) => r.type === "fixture:index:Widget",
    );
    expect(ids?.map((r) => r.id).sort()).toEqual(["w-1", "w-2"]);
    const code = read(out);
    expect(code).toContain('const first = new fixture.Widget("first", {\n    displayName: "widget w-1",');
    expect(code).toContain('const second = new fixture.Widget("second", {\n    displayName: "widget w-2",');
    expect(code).not.toContain("protect");
  });
});

describe("pulumi convert --from pcl", () => {
  let source: EngineStack;

  // convert reads the PCL directory it runs in; a stack there gives it the tests' isolated engine setup.
  beforeAll(async () => {
    source = await createStack({ projectDir: path.join(programs, "pcl"), stackName: "convert", env });
  });
  afterAll(() => source?.dispose());

  it.each([
    {
      language: "nodejs",
      files: {
        "index.ts": [
          "const widget = new fixture.Widget(",
          "displayName: `${prefix}-widget`,",
          "size: fixture.Size.Small",
        ],
        "package.json": ['"@example/fixture": "1.2.3"', '"@pulumi/pulumi"'],
        "Pulumi.yaml": ["name: widgets", "runtime: nodejs"],
      },
    },
    {
      language: "python",
      files: {
        "__main__.py": ['widget = fixture.Widget("widget",', 'display_name=f"{prefix}-widget",'],
        "requirements.txt": ["example_fixture==1.2.3", "pulumi>=3.0.0,<4.0.0"],
        "Pulumi.yaml": ["name: widgets", "runtime: python"],
      },
    },
    {
      language: "yaml",
      files: { "Main.yaml": ["type: fixture:Widget", "displayName: ${prefix}-widget", "size: SMALL"] },
    },
  ])("writes a $language project with that language host", async ({ language, files }) => {
    const out = path.join(outDir, `convert-${language}`);
    const args = ["convert", "--from", "pcl", "--language", language, "--out", out, "--generate-only"];

    succeeded(args, await source.run(args));

    for (const [file, parts] of Object.entries(files)) {
      const text = read(out, file);
      for (const part of parts) expect(text).toContain(part);
    }
  });
});

describe("pulumi package gen-sdk", () => {
  let stack: EngineStack;

  beforeAll(async () => {
    stack = await createStack({ projectDir: path.join(programs, "nodejs"), stackName: "gen-sdk", env });
  });
  afterAll(() => stack?.dispose());

  it.each([
    { language: "nodejs", file: "widget.ts", part: "export class Widget extends pulumi.CustomResource" },
    { language: "python", file: "example_fixture/widget.py", part: "class Widget(pulumi.CustomResource):" },
  ])(
    "writes the $language SDK of a schema file with that language host",
    async ({ language, file, part }) => {
      const out = path.join(outDir, `gen-sdk-${language}`);
      const args = ["package", "gen-sdk", path.join(fixtureProvider, "schema.json"), "--language", language];

      succeeded(args, await stack.run([...args, "--out", out]));

      expect(read(out, language, file)).toContain(part);
    },
  );
});
