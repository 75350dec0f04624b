/**
 * schema.json is the one description of this package: these tests fail when a file generated from it
 * is stale, or when the SDK classes or the provider's replace-on-change behaviour say anything else.
 */
import * as path from "path";
import { staleFiles } from "../../../scripts/codegen/files";
import { generate, GENERATED_DIRS } from "../../../scripts/codegen";
import { compareSchemaToSdk } from "../../../scripts/schema/compare";
import { loadSchema, PackageSchema } from "../../../scripts/schema/model";
import { compareReplacements, inputPaths, probeReplacements } from "../../../scripts/schema/replaces";
import { providers } from "../../../provider/src";
import { SdkReader, SdkResource } from "../../../scripts/schema/sdk";
import { validateSchema } from "../../../scripts/schema/validate";

const schema = loadSchema();
let sdk: SdkResource[];
let probed: Record<string, Record<string, boolean>>;

beforeAll(async () => {
  // SCHEMA_SDK_DIR points the check at a scratch copy of sdk/nodejs/src (to see it catch a drift).
  sdk = new SdkReader(
    process.env.SCHEMA_SDK_DIR ? path.resolve(process.env.SCHEMA_SDK_DIR) : undefined,
  ).resources();
  probed = await probeReplacements(schema, providers);
});

const clone = (): PackageSchema => JSON.parse(JSON.stringify(schema)) as PackageSchema;

describe("schema.json", () => {
  it("is a well-formed Pulumi package schema", () => {
    expect(validateSchema(schema)).toEqual([]);
  });

  it("agrees with every SDK resource class: inputs, outputs, required-ness and types", () => {
    expect(sdk.length).toBeGreaterThan(0);
    expect(compareSchemaToSdk(schema, sdk)).toEqual([]);
  });

  it("marks replace-on-change exactly where the provider's diff replaces", () => {
    expect(compareReplacements(schema, probed)).toEqual([]);
  });

  it("is what every generated file (SDK classes, provider tables, README reference) was made from", () => {
    // On failure: make codegen
    expect(staleFiles(generate(schema), GENERATED_DIRS)).toEqual([]);
  });
});

// The agreement check above passes only if the comparison can see each kind of drift: prove it does,
// against the real SDK, by taking one fact out of (or putting one into) a copy of the schema.
describe("the agreement check", () => {
  const someInput = () => {
    const withInputs = sdk.find((r) => Object.keys(r.inputs).length > 0) as SdkResource;
    const token = `proton:index:${withInputs.className}`;
    const name = Object.keys(withInputs.inputs).sort()[0];
    return { token, name, kind: withInputs.className };
  };

  it("reports an SDK input the schema lacks", () => {
    const { token, name, kind } = someInput();
    const changed = clone();
    delete changed.resources[token].inputProperties[name];
    expect(compareSchemaToSdk(changed, sdk)).toContain(
      `${kind} input.${name}: in the SDK, missing from schema.json`,
    );
  });

  it("reports a schema output the SDK lacks", () => {
    const { token, kind } = someInput();
    const changed = clone();
    changed.resources[token].properties.notInTheSdk = { type: "string", description: "x" };
    expect(compareSchemaToSdk(changed, sdk)).toContain(
      `${kind} output.notInTheSdk: in schema.json, missing from the SDK`,
    );
  });

  it("reports required-ness that differs", () => {
    const { token, name, kind } = someInput();
    const changed = clone();
    const r = changed.resources[token];
    const required = new Set(r.requiredInputs ?? []);
    if (required.has(name)) required.delete(name);
    else required.add(name);
    r.requiredInputs = [...required];
    expect(
      compareSchemaToSdk(changed, sdk).some((line) =>
        line.startsWith(`${kind} input.${name}: schema.json says`),
      ),
    ).toBe(true);
  });

  it("reports a type that differs", () => {
    const { token, name, kind } = someInput();
    const changed = clone();
    const p = changed.resources[token].inputProperties[name];
    changed.resources[token].inputProperties[name] = {
      type: p.type === "boolean" ? "string" : "boolean",
      description: "x",
    };
    expect(
      compareSchemaToSdk(changed, sdk).some((line) =>
        line.startsWith(`${kind} input.${name}: schema.json type`),
      ),
    ).toBe(true);
  });

  it("reports a replace-on-change flag that differs from the provider", () => {
    // A top-level, non-object input the provider replaces on (such as a name).
    const topLevel = (kind: string) =>
      inputPaths(schema, `proton:index:${kind}`).find(
        (p) => p.leaf && !p.path.includes(".") && probed[kind][p.path],
      )?.path;
    const kind = Object.keys(probed).find(topLevel) as string;
    const name = topLevel(kind) as string;
    const changed = clone();
    const input = changed.resources[`proton:index:${kind}`].inputProperties[name];
    delete input.replaceOnChanges;
    delete input.willReplaceOnChanges;
    expect(compareReplacements(changed, probed)).toContain(
      `${kind} input.${name}: the provider replaces on change, schema.json does not say so`,
    );
  });

  it("reports the generated files a schema edit makes stale", () => {
    const changed = clone();
    const { token, name, kind } = someInput();
    changed.resources[token].inputProperties[name].description = "An edited description.";
    const file = `sdk/nodejs/src/generated/${kind.charAt(0).toLowerCase()}${kind.slice(1)}.ts`;
    expect(staleFiles(generate(changed), GENERATED_DIRS)).toEqual(
      expect.arrayContaining(["docs/reference.md", file]),
    );
  });

  it("reports an SDK class with no schema resource", () => {
    const changed = clone();
    const { token, kind } = someInput();
    delete changed.resources[token];
    expect(
      compareSchemaToSdk(changed, sdk).some((line) => line.startsWith(`${kind}: class exported by the SDK`)),
    ).toBe(true);
  });
});
