import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import {
  checkBundle,
  checkBundleFiles,
  checkSection,
  compatibilityProblems,
  describeInputProblem,
  describeProblems,
  packDirectory,
  packEntries,
  parseTemplateSchema,
  readTarball,
  versionSchema,
  type TemplateSchema,
} from "./index";

const ENV_SCHEMA = `schema:
  format:
    openapi: "3.0.0"
  environment_input_type: "EnvInput"
  types:
    EnvInput:
      type: object
      description: "The VPC"
      properties:
        vpc_cidr:
          type: string
          default: 10.0.0.0/16
          pattern: "^\\\\d+\\\\.\\\\d+\\\\.\\\\d+\\\\.\\\\d+/\\\\d+$"
        size:
          type: string
          enum: [small, medium, large]
        azs:
          type: integer
          minimum: 1
          maximum: 3
        name:
          type: string
          minLength: 2
          maxLength: 8
        subnets:
          type: array
          items:
            type: string
          maxItems: 2
      required:
        - size
`;

const MANIFEST = `infrastructure:
  templates:
    - file: "cloudformation.yaml"
      rendering_engine: jinja
      template_language: cloudformation
`;

const files = (entries: Record<string, string>) =>
  new Map(Object.entries(entries).map(([k, v]) => [k, Buffer.from(v)]));

const envBundle = (overrides: Record<string, string | undefined> = {}) => {
  const base: Record<string, string | undefined> = {
    "schema/schema.yaml": ENV_SCHEMA,
    "infrastructure/manifest.yaml": MANIFEST,
    "infrastructure/cloudformation.yaml": "Resources: {}\n",
    ...overrides,
  };
  return files(
    Object.fromEntries(Object.entries(base).filter(([, v]) => v !== undefined)) as Record<string, string>,
  );
};

const problemsOf = (result: { problems: { file: string; line?: number; message: string }[] }) =>
  describeProblems(result.problems);

describe("tarball", () => {
  it("packs a directory to the same bytes every time, whatever the file times and order", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-"));
    fs.mkdirSync(path.join(dir, "schema"));
    fs.writeFileSync(path.join(dir, "schema", "schema.yaml"), ENV_SCHEMA);
    fs.writeFileSync(path.join(dir, "b.txt"), "b");
    const first = packDirectory(dir);
    fs.utimesSync(path.join(dir, "b.txt"), new Date(2001, 1, 1), new Date(2001, 1, 1));
    const second = packDirectory(dir);
    expect(second.bytes.equals(first.bytes)).toBe(true);
    expect(second.sha256).toBe(first.sha256);
    fs.writeFileSync(path.join(dir, "b.txt"), "changed");
    expect(packDirectory(dir).sha256).not.toBe(first.sha256);
  });

  it("round-trips entries, long paths included", () => {
    const long = `${"d".repeat(120)}/${"f".repeat(90)}.yaml`;
    const bytes = packEntries([
      { path: "z.txt", content: Buffer.from("z") },
      { path: long, content: Buffer.from("long") },
    ]);
    const read = readTarball(bytes);
    expect([...read.keys()]).toEqual([long, "z.txt"]);
    expect(read.get(long)?.toString()).toBe("long");
  });

  it.each([
    ["not gzip", Buffer.from("hello"), /not a gzip file/],
    [
      "gzip of text",
      zlib.gzipSync(Buffer.from("plain text, not a tar archive")),
      /not a valid tar archive|empty/,
    ],
  ])("refuses %s", (_case, bytes, expected) => {
    expect(() => readTarball(bytes)).toThrow(expected);
    expect(problemsOf(checkBundle(bytes))).toMatch(/^\(bundle\): /);
  });
});

describe("bundle layout", () => {
  it("accepts a good environment bundle, also under one top-level directory", () => {
    expect(checkBundleFiles(envBundle(), { kind: "environment" }).problems).toEqual([]);
    const nested = new Map([...envBundle()].map(([k, v]) => [`vpc/${k}`, v]));
    const { bundle } = checkBundleFiles(nested);
    expect(bundle?.kind).toBe("environment");
  });

  it.each([
    ["no schema", { "schema/schema.yaml": undefined }, /^schema\/schema.yaml: missing from the bundle/],
    ["no manifest", { "infrastructure/manifest.yaml": undefined }, /^infrastructure\/manifest.yaml: missing/],
    [
      "no infrastructure at all",
      { "infrastructure/manifest.yaml": undefined, "infrastructure/cloudformation.yaml": undefined },
      /^infrastructure\/: missing/,
    ],
    [
      "a manifest naming a missing file",
      { "infrastructure/cloudformation.yaml": undefined },
      /^infrastructure\/manifest.yaml:3: .*infrastructure\/cloudformation.yaml is not in the bundle/,
    ],
    [
      "unparsable schema",
      { "schema/schema.yaml": "schema:\n  format: [\n" },
      /^schema\/schema.yaml:\d+: not valid YAML/,
    ],
    [
      "an undefined input type",
      {
        "schema/schema.yaml": ENV_SCHEMA.replace(
          'environment_input_type: "EnvInput"',
          "environment_input_type: Nope",
        ),
      },
      /^schema\/schema.yaml:4: schema.environment_input_type: the type "Nope" is not defined under schema.types \(defined: EnvInput\)/,
    ],
    [
      "a nested object input",
      { "schema/schema.yaml": ENV_SCHEMA.replace("type: array", "type: object") },
      /^schema\/schema.yaml:26: .*subnets.type: "object" is not supported \(nested objects/,
    ],
    [
      "a default breaking its own rule",
      { "schema/schema.yaml": ENV_SCHEMA.replace("default: 10.0.0.0/16", "default: nope") },
      /^schema\/schema.yaml:12: types.EnvInput.properties.vpc_cidr: the default must match the pattern/,
    ],
    [
      "required naming no property",
      { "schema/schema.yaml": ENV_SCHEMA.replace("- size", "- sise") },
      /:30: types.EnvInput.required: "sise" is not one of its properties/,
    ],
  ])("reports %s with the file and line", (_case, change, expected) => {
    expect(problemsOf(checkBundleFiles(envBundle(change), { kind: "environment" }))).toMatch(expected);
  });

  const serviceSchema = (pipeline: boolean) =>
    [
      "schema:",
      "  format:",
      '    openapi: "3.0.0"',
      "  service_input_type: Svc",
      ...(pipeline ? ["  pipeline_input_type: Pipe"] : []),
      "  types:",
      "    Svc:",
      "      type: object",
      "      properties:",
      "        port: { type: integer, default: 80 }",
      "    Pipe:",
      "      type: object",
      "      properties:",
      "        test_command: { type: string }",
      "",
    ].join("\n");
  const service = (pipeline: boolean, pipelineDir: boolean) =>
    files({
      "schema/schema.yaml": serviceSchema(pipeline),
      "instance_infrastructure/manifest.yaml": MANIFEST,
      "instance_infrastructure/cloudformation.yaml": "Resources: {}\n",
      ...(pipelineDir
        ? {
            "pipeline_infrastructure/manifest.yaml": MANIFEST,
            "pipeline_infrastructure/cloudformation.yaml": "{}",
          }
        : {}),
    });

  it("checks a service template's pipeline against the template", () => {
    expect(checkBundleFiles(service(true, true), { kind: "service", pipeline: true }).problems).toEqual([]);
    expect(checkBundleFiles(service(false, false), { kind: "service", pipeline: false }).problems).toEqual(
      [],
    );
    expect(problemsOf(checkBundleFiles(service(false, true), { kind: "service", pipeline: true }))).toMatch(
      /schema\/schema.yaml:\d+: schema: missing "pipeline_input_type": the service template has a pipeline/,
    );
    expect(problemsOf(checkBundleFiles(service(true, false), { kind: "service", pipeline: false }))).toMatch(
      /schema.pipeline_input_type: the service template has no pipeline/,
    );
    expect(problemsOf(checkBundleFiles(service(true, false)))).toMatch(/^pipeline_infrastructure\/: missing/);
    const noInstance = files({ "schema/schema.yaml": serviceSchema(false) });
    expect(problemsOf(checkBundleFiles(noInstance, { kind: "service", pipeline: false }))).toMatch(
      /^instance_infrastructure\/: missing from the bundle/,
    );
  });
});

describe("spec inputs", () => {
  const schema = parseTemplateSchema(ENV_SCHEMA, "environment").schema as TemplateSchema;
  const check = (inputs: Record<string, unknown>) =>
    checkSection(schema, "environment", inputs).problems.map((p) => describeInputProblem("spec", p));

  it("applies defaults and accepts fitting inputs", () => {
    expect(checkSection(schema, "environment", { size: "small" })).toEqual({
      inputs: { size: "small", vpc_cidr: "10.0.0.0/16" },
      problems: [],
    });
  });

  it.each([
    [
      "a misspelt input",
      { size: "small", vpc_cdr: "x" },
      'spec.vpc_cdr: is not an input of EnvInput (did you mean "vpc_cidr"?)',
    ],
    [
      "a missing required input",
      {},
      "spec.size: is required by EnvInput and has no default (rule: required)",
    ],
    ["a wrong type", { size: "small", azs: "2" }, 'spec.azs: must be integer, got string "2" (rule: type)'],
    ["a number out of range", { size: "small", azs: 4 }, "spec.azs: must be <= 3; got 4 (rule: maximum)"],
    [
      "a short string",
      { size: "small", name: "a" },
      "spec.name: must be at least 2 characters long; got 1 (rule: minLength)",
    ],
    ["a pattern", { size: "small", vpc_cidr: "ten" }, "spec.vpc_cidr: must match the pattern"],
    ["an enum", { size: "huge" }, 'spec.size: must be one of small, medium, large; got "huge" (rule: enum)'],
    [
      "an array item",
      { size: "small", subnets: ["a", 2] },
      "spec.subnets[1]: must be string, got integer 2 (rule: type)",
    ],
    [
      "too many items",
      { size: "small", subnets: ["a", "b", "c"] },
      "spec.subnets: must have at most 2 items; got 3 (rule: maxItems)",
    ],
  ])("names %s", (_case, inputs, expected) => {
    expect(check(inputs).join("\n")).toContain(expected);
  });

  it("parses a version's schema once per text", () => {
    expect(versionSchema(ENV_SCHEMA, "environment")).toBe(versionSchema(ENV_SCHEMA, "environment"));
    expect(versionSchema("nope", "environment")).toBeUndefined();
  });
});

describe("backward compatibility of a new minor", () => {
  const parse = (text: string) => parseTemplateSchema(text, "environment").schema as TemplateSchema;
  const before = parse(ENV_SCHEMA);
  it.each([
    [
      "an optional input added",
      ENV_SCHEMA.replace("      required:", "        extra:\n          type: string\n      required:"),
      [],
    ],
    ["a bound widened", ENV_SCHEMA.replace("maximum: 3", "maximum: 5"), []],
    [
      "an input removed",
      ENV_SCHEMA.replace(/ {8}azs:\n {10}type: integer\n {10}minimum: 1\n {10}maximum: 3\n/, ""),
      [/input "azs" of EnvInput was removed/],
    ],
    [
      "a new required input",
      ENV_SCHEMA.replace("        - size", "        - size\n        - name"),
      [/input "name" became required without a default/],
    ],
    [
      "a narrowed type",
      ENV_SCHEMA.replace("            type: string", "            type: integer"),
      [/items changed type from string to integer/],
    ],
    [
      "a narrowed enum",
      ENV_SCHEMA.replace("[small, medium, large]", "[small, medium]"),
      [/no longer allows "large"/],
    ],
    ["a tightened bound", ENV_SCHEMA.replace("maximum: 3", "maximum: 2"), [/maximum lowered to 2 from 3/]],
  ])("%s", (_case, text, expected) => {
    const messages = compatibilityProblems(before, parse(text)).map((p) => p.message);
    expect(messages).toHaveLength(expected.length);
    expected.forEach((pattern, i) => expect(messages[i]).toMatch(pattern));
  });
});
