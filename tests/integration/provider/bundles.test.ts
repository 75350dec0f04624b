/**
 * TemplateBundle (deterministic packing, preview-time bundle check, upload, update on a changed file)
 * and the preview-time spec check of Environment, Service, ServiceInstance and ServicePipeline against
 * the schema of the version they will run, driven like the engine against the emulator.
 */
import {
  CreateEnvironmentCommand,
  CreateServiceCommand,
  CreateEnvironmentTemplateCommand,
  CreateEnvironmentTemplateVersionCommand,
  GetEnvironmentTemplateVersionCommand,
  waitUntilEnvironmentDeployed,
  waitUntilEnvironmentTemplateVersionRegistered,
  waitUntilServiceCreated,
  type ProtonClient,
} from "@aws-sdk/client-proton";
import { GetObjectCommand, HeadObjectCommand, S3ServiceException } from "@aws-sdk/client-s3";
import * as fs from "node:fs";
import * as path from "node:path";
import { packDirectory } from "@pulumi-aws-proton/template-bundle";
import { providers } from "../../../provider/src";
import { bundleEntries, s3For, testBucket, uploadBundle, type BundleSpec } from "../../support/bundles";
import {
  DEFAULT_ACCOUNT,
  startTestEmulator,
  tempDir,
  waiterFor,
  type TestEmulator,
} from "../../support/emulator";
import {
  environmentSpec,
  environmentTemplate,
  REPOSITORY,
  ROLE,
  serviceSpec,
  serviceTemplate,
} from "../emulator/deployableFixtures";
import { Driven, failure, settings, useAccounts, type Bag } from "./deployableSupport";

let emulator: TestEmulator;
let proton: ProtonClient;
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

beforeAll(async () => {
  useAccounts();
  emulator = await startTestEmulator({ deploymentMs: 20 });
  proton = emulator.client();
});
afterAll(() => emulator.stop());

/** A bundle directory on disk, laid out as the public sample templates are. */
function bundleDirectory(kind: "environment" | "service", spec: BundleSpec = {}): string {
  const dir = tempDir("proton-bundle-");
  for (const entry of bundleEntries(kind, spec)) {
    fs.mkdirSync(path.join(dir, path.dirname(entry.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, entry.path), entry.content);
  }
  return dir;
}

describe("TemplateBundle", () => {
  beforeEach(() => emulator.control.reset());
  const bucket = testBucket(DEFAULT_ACCOUNT);
  const inputs = (directory: string, extra: Bag = {}) => ({
    ...settings(emulator),
    s3Endpoint: emulator.url,
    autoNamePrefix: "vpc-bundle",
    directory,
    bucket,
    createBucket: true,
    ...extra,
  });

  it("packs a directory to identical bytes every time; an unchanged directory is no diff", async () => {
    const dir = bundleDirectory("environment");
    expect(packDirectory(dir).bytes.equals(packDirectory(dir).bytes)).toBe(true);
    const bundle = new Driven(providers.TemplateBundle);
    const outs = await bundle.create(inputs(dir));
    const sha256 = packDirectory(dir).sha256;
    expect(outs).toMatchObject({
      sha256,
      key: `bundles/vpc-bundle-${sha256}.tar.gz`,
      templateKind: "environment",
      source: { s3: { bucket, key: `bundles/vpc-bundle-${sha256}.tar.gz` } },
    });
    const s3 = await s3For(proton);
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: String(outs.key) }));
    expect(Buffer.from(await object.Body!.transformToByteArray()).equals(packDirectory(dir).bytes)).toBe(
      true,
    );
    s3.destroy();
    expect(await bundle.diff(await bundle.checked(inputs(dir)))).toMatchObject({ changes: false });

    // The uploaded bundle registers as a version.
    await proton.send(new CreateEnvironmentTemplateCommand({ name: "vpc" }));
    await proton.send(
      new CreateEnvironmentTemplateVersionCommand({ templateName: "vpc", source: outs.source as never }),
    );
    const ref = { templateName: "vpc", majorVersion: "1", minorVersion: "0" };
    await waitUntilEnvironmentTemplateVersionRegistered(waiterFor(proton), ref);
    expect(
      (await proton.send(new GetEnvironmentTemplateVersionCommand(ref))).environmentTemplateVersion?.schema,
    ).toBe(fs.readFileSync(path.join(dir, "schema/schema.yaml"), "utf8"));
  });

  it("a changed file is an update: a new key (the versions taking `source` see it), the old object removed", async () => {
    const dir = bundleDirectory("environment");
    const bundle = new Driven(providers.TemplateBundle);
    const first = await bundle.create(inputs(dir));
    fs.appendFileSync(path.join(dir, "infrastructure/cloudformation.yaml"), "# changed\n");
    const news = await bundle.checked(inputs(dir));
    expect(await bundle.diff(news)).toMatchObject({ changes: true });
    const second = await bundle.update(news);
    expect(second.sha256).not.toBe(first.sha256);
    expect(second.source).not.toEqual(first.source);
    const s3 = await s3For(proton);
    const head = (key: unknown) => s3.send(new HeadObjectCommand({ Bucket: bucket, Key: String(key) }));
    await head(second.key);
    await expect(head(first.key)).rejects.toBeInstanceOf(S3ServiceException);
    await bundle.delete();
    await expect(head(second.key)).rejects.toBeInstanceOf(S3ServiceException);
    s3.destroy();
  });

  it("check refuses a broken bundle at preview, naming the file and the line", async () => {
    const dir = bundleDirectory("environment", {
      files: {
        "schema/schema.yaml":
          'schema:\n  format:\n    openapi: "3.0.0"\n  environment_input_type: Env\n  types:\n    Env:\n      type: object\n      properties:\n        count:\n          type: integr\n',
      },
    });
    const { failures } = await new Driven(providers.TemplateBundle).check(inputs(dir));
    expect(failures).toEqual([
      {
        property: "directory",
        reason: expect.stringMatching(
          /schema\/schema.yaml:10: types.Env.properties.count.type: "integr" is not supported/,
        ),
      },
    ]);
    const missing = await new Driven(providers.TemplateBundle).check(inputs(path.join(dir, "nope")));
    expect(missing.failures[0].reason).toMatch(/cannot pack the directory: .*nope: no such directory/);
    const error = await failure(new Driven(providers.TemplateBundle).create(inputs(dir)));
    expect(error.message).toMatch(/schema\/schema.yaml:10: /);
  });
});

// ---------------------------------------------------------------------------------------------------
// The spec check at preview

const RULES = {
  inputs: {
    count: { type: "integer", minimum: 1, maximum: 10 },
    size: { type: "string", enum: ["small", "medium"] },
    label: { type: "string", minLength: 2, maxLength: 8 },
    cidr: { type: "string", pattern: "^\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+$" },
    port: { type: "integer", default: 80 },
  },
  required: ["count"],
};

const CASES: [string, Bag, RegExp][] = [
  [
    "an unknown input",
    { count: 1, cout: 2 },
    /\.cout: is not an input of \w+ \(did you mean "count"\?\); its inputs are cidr, count, label, port, size \(rule: unknown input\)/,
  ],
  ["a missing required input", {}, /\.count: is required by \w+ and has no default \(rule: required\)/],
  ["a wrong type", { count: "2" }, /\.count: must be integer, got string "2" \(rule: type\)/],
  ["a number out of range", { count: 11 }, /\.count: must be <= 10; got 11 \(rule: maximum\)/],
  [
    "a string too short",
    { count: 1, label: "a" },
    /\.label: must be at least 2 characters long; got 1 \(rule: minLength\)/,
  ],
  [
    "a string breaking the pattern",
    { count: 1, cidr: "ten" },
    /\.cidr: must match the pattern .* \(rule: pattern\)/,
  ],
  [
    "a value outside the enum",
    { count: 1, size: "huge" },
    /\.size: must be one of small, medium; got "huge" \(rule: enum\)/,
  ],
];

const yaml = (inputs: Bag) =>
  Object.entries(inputs)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}\n`)
    .join("");

describe("spec check at preview", () => {
  beforeAll(async () => {
    await emulator.control.reset();
    await environmentTemplate(proton, "vpc", ["1.0"], { bundle: { inputs: RULES } });
    await serviceTemplate(proton, "web", ["1.0"], [{ templateName: "vpc", majorVersion: "1" }], {
      pipeline: true,
      bundle: { inputs: RULES, pipeline: RULES },
    });
    const good = environmentSpec({ count: 1 });
    await proton.send(
      new CreateEnvironmentCommand({
        name: "dev",
        templateName: "vpc",
        templateMajorVersion: "1",
        protonServiceRoleArn: ROLE,
        spec: good,
      }),
    );
    await waitUntilEnvironmentDeployed(waiterFor(proton), { name: "dev" });
    await proton.send(
      new CreateServiceCommand({
        name: "svc",
        templateName: "web",
        templateMajorVersion: "1",
        ...REPOSITORY,
        spec: serviceSpec([{ name: "frontend", environment: "dev", inputs: { count: 1 } }], { count: 1 }),
      }),
    );
    await waitUntilServiceCreated(waiterFor(proton), { name: "svc" });
  });

  const kinds: [string, keyof typeof providers, (inputs: Bag) => Bag, string][] = [
    [
      "Environment",
      "Environment",
      (i) => ({
        name: "stage",
        templateName: "vpc",
        templateMajorVersion: "1",
        protonServiceRoleArn: ROLE,
        spec: environmentSpec(i),
      }),
      "spec.spec",
    ],
    [
      "Service",
      "Service",
      (i) => ({
        name: "svc2",
        templateName: "web",
        templateMajorVersion: "1",
        ...REPOSITORY,
        spec: serviceSpec([{ name: "frontend", environment: "dev", inputs: i }], { count: 1 }),
      }),
      "spec.instances[frontend].spec",
    ],
    [
      "ServiceInstance",
      "ServiceInstance",
      (i) => ({ serviceName: "svc", name: "frontend", environmentName: "dev", spec: yaml(i) }),
      "spec",
    ],
    ["ServicePipeline", "ServicePipeline", (i) => ({ serviceName: "svc", spec: yaml(i) }), "spec"],
  ];

  describe.each(kinds)("%s", (_kind, provider, args, where) => {
    it("accepts a fitting spec", async () => {
      expect(
        (await new Driven(providers[provider]).check({ ...settings(emulator), ...args({ count: 2 }) }))
          .failures,
      ).toEqual([]);
    });
    it.each(CASES)("refuses %s, naming the spec path and the rule", async (_case, specInputs, expected) => {
      const { failures } = await new Driven(providers[provider]).check({
        ...settings(emulator),
        ...args(specInputs),
      });
      expect(failures).toHaveLength(1);
      expect(failures[0].property).toBe("spec");
      expect(failures[0].reason.startsWith(`${where}.`)).toBe(true);
      expect(failures[0].reason).toMatch(expected);
      expect(failures[0].reason).toMatch(/against the schema of template version (vpc|web):1.0$/);
    });
  });

  it("the pipeline section of a Service's creation spec is checked too", async () => {
    const { failures } = await new Driven(providers.Service).check({
      ...settings(emulator),
      name: "svc3",
      templateName: "web",
      templateMajorVersion: "1",
      ...REPOSITORY,
      spec: serviceSpec([{ name: "frontend", environment: "dev", inputs: { count: 1 } }], { count: 0 }),
    });
    expect(failures.map((f) => f.reason)).toEqual([
      expect.stringMatching(/^spec.pipeline.count: must be >= 1; got 0 \(rule: minimum\)/),
    ]);
  });

  it("a version created in the same program: unknown at preview, checked when up knows it", async () => {
    const environment = new Driven(providers.Environment);
    const spec = environmentSpec({ count: 1, colour: "blue" });
    const base = {
      ...settings(emulator),
      name: "later",
      templateName: "vpc",
      protonServiceRoleArn: ROLE,
      spec,
    };
    const unknown = { templateMajorVersion: UNKNOWN, templateMinorVersion: UNKNOWN };
    expect((await environment.check({ ...base, ...unknown })).failures).toEqual([]);
    await emulator.control.clearCalls();
    const { failures } = await environment.check({
      ...base,
      templateMajorVersion: "1",
      templateMinorVersion: "0",
    });
    expect(failures[0].reason).toMatch(/^spec.spec.colour: is not an input/);
    // One Get read the schema; nothing was created or deployed.
    const { calls, counts } = await emulator.control.calls();
    expect(calls).toEqual([]);
    expect(counts).toEqual({ GetEnvironmentTemplateVersion: 1 });
  });

  it("a version not registered yet is left to Proton (nothing to check against)", async () => {
    const source = await uploadBundle(proton, "x.tar.gz", { kind: "environment", spec: { inputs: RULES } });
    expect(source.s3.key).toBe("x.tar.gz");
    const { failures } = await new Driven(providers.Environment).check({
      ...settings(emulator),
      name: "ghost",
      templateName: "vpc",
      templateMajorVersion: "7",
      protonServiceRoleArn: ROLE,
      spec: environmentSpec({ nope: 1 }),
    });
    expect(failures).toEqual([]);
  });
});
