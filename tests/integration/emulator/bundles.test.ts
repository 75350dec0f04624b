/**
 * Template bundles in the emulator: its S3 object API with the stock S3 client, registration reading
 * and checking bundles (each failure with its message), minor-version compatibility, and spec inputs
 * refused against the version's schema on every deploying call.
 */
import {
  CreateEnvironmentCommand,
  CreateEnvironmentTemplateCommand,
  CreateEnvironmentTemplateVersionCommand,
  CreateServiceCommand,
  CreateServiceInstanceCommand,
  CreateServiceTemplateCommand,
  CreateServiceTemplateVersionCommand,
  GetEnvironmentTemplateVersionCommand,
  GetServiceTemplateVersionCommand,
  ListEnvironmentOutputsCommand,
  UpdateEnvironmentCommand,
  UpdateServiceCommand,
  UpdateServiceInstanceCommand,
  UpdateServicePipelineCommand,
  waitUntilEnvironmentDeployed,
  waitUntilServiceCreated,
  type ProtonClient,
} from "@aws-sdk/client-proton";
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import * as zlib from "node:zlib";
import { packEntries } from "@pulumi-aws-proton/template-bundle";
import {
  bundleBytes,
  bundleEntries,
  s3For,
  schemaYaml,
  uploadBundle,
  type BundleSpec,
  type TemplateKind,
} from "../../support/bundles";
import { useEmulator, waiterFor, withEmulator } from "../../support/emulator";
import {
  environmentSpec,
  environmentTemplate,
  REPOSITORY,
  refusal,
  ROLE,
  serviceSpec,
  serviceTemplate,
  until,
} from "./deployableFixtures";

const emulator = useEmulator({ deploymentMs: 20 });
let proton: ProtonClient;
let s3: S3Client;

beforeAll(async () => {
  proton = emulator.client();
  s3 = await s3For(proton);
});
afterAll(() => s3.destroy());

const s3Error = async (call: Promise<unknown>): Promise<string> => {
  try {
    await call;
  } catch (error) {
    if (error instanceof S3ServiceException) return `${error.name} ${error.$metadata.httpStatusCode}`;
    throw error;
  }
  throw new Error("expected the S3 call to fail");
};

describe("S3 object API (the stock client, endpoint only)", () => {
  test("round-trips objects: create bucket, put, head, get, list, delete", async () => {
    await s3.send(new CreateBucketCommand({ Bucket: "round-trip" }));
    const put = await s3.send(new PutObjectCommand({ Bucket: "round-trip", Key: "a/one.txt", Body: "one" }));
    expect(put.ETag).toBe('"f97c5d29941bfb1b2fdab0874906ab82"');
    await s3.send(new PutObjectCommand({ Bucket: "round-trip", Key: "a/two.txt", Body: Buffer.from("two") }));
    await s3.send(
      new PutObjectCommand({ Bucket: "round-trip", Key: "b.txt", Body: "b", ContentType: "text/plain" }),
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket: "round-trip", Key: "b.txt" }));
    expect(head).toMatchObject({ ContentLength: 1, ContentType: "text/plain" });
    const got = await s3.send(new GetObjectCommand({ Bucket: "round-trip", Key: "a/two.txt" }));
    expect(await got.Body!.transformToString()).toBe("two");

    const all = await s3.send(new ListObjectsV2Command({ Bucket: "round-trip" }));
    expect(all.Contents?.map((o) => [o.Key, o.Size])).toEqual([
      ["a/one.txt", 3],
      ["a/two.txt", 3],
      ["b.txt", 1],
    ]);
    const folders = await s3.send(new ListObjectsV2Command({ Bucket: "round-trip", Delimiter: "/" }));
    expect(folders.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["a/"]);
    expect(folders.Contents?.map((o) => o.Key)).toEqual(["b.txt"]);
    const page = await s3.send(new ListObjectsV2Command({ Bucket: "round-trip", MaxKeys: 2 }));
    expect(page).toMatchObject({ IsTruncated: true, KeyCount: 2 });
    const rest = await s3.send(
      new ListObjectsV2Command({
        Bucket: "round-trip",
        MaxKeys: 2,
        ContinuationToken: page.NextContinuationToken,
      }),
    );
    expect(rest.Contents?.map((o) => o.Key)).toEqual(["b.txt"]);

    await s3.send(new DeleteObjectCommand({ Bucket: "round-trip", Key: "b.txt" }));
    expect(await s3Error(s3.send(new GetObjectCommand({ Bucket: "round-trip", Key: "b.txt" })))).toBe(
      "NoSuchKey 404",
    );
    expect(await s3Error(s3.send(new HeadObjectCommand({ Bucket: "round-trip", Key: "b.txt" })))).toBe(
      "NotFound 404",
    );
  });

  test("answers S3's errors: missing bucket, taken name, another account's bucket, bad name, no signature", async () => {
    expect(await s3Error(s3.send(new PutObjectCommand({ Bucket: "nope", Key: "k", Body: "x" })))).toBe(
      "NoSuchBucket 404",
    );
    await s3.send(new CreateBucketCommand({ Bucket: "mine" }));
    await s3.send(new CreateBucketCommand({ Bucket: "mine" })); // us-east-1: the owner's repeat succeeds
    const other = await s3For(emulator.client("210987654321"));
    expect(await s3Error(other.send(new CreateBucketCommand({ Bucket: "mine" })))).toBe(
      "BucketAlreadyExists 409",
    );
    expect(await s3Error(other.send(new GetObjectCommand({ Bucket: "mine", Key: "k" })))).toBe(
      "AccessDenied 403",
    );
    other.destroy();
    expect(await s3Error(s3.send(new CreateBucketCommand({ Bucket: "Bad_Name" })))).toBe(
      "InvalidBucketName 400",
    );
    const anonymous = await fetch(`${emulator.url}/mine/k`);
    expect(anonymous.status).toBe(403);
    expect(await anonymous.text()).toMatch(/<Code>AccessDenied<\/Code>/);
  });

  test("the call log names S3 calls; reads are counted only", async () => {
    await emulator.control.clearCalls();
    await s3.send(new CreateBucketCommand({ Bucket: "logged" }));
    await s3.send(new PutObjectCommand({ Bucket: "logged", Key: "k", Body: "x" }));
    await s3.send(new GetObjectCommand({ Bucket: "logged", Key: "k" }));
    const { calls, counts } = await emulator.control.calls();
    expect(calls.map((c) => c.operation)).toEqual(["s3:CreateBucket", "s3:PutObject"]);
    expect(counts).toMatchObject({ "s3:GetObject": 1 });
  });
});

// ---------------------------------------------------------------------------------------------------
// Registration

type Registered = { status?: string; statusMessage?: string; schema?: string };

async function register(
  kind: TemplateKind,
  name: string,
  source: { s3: { bucket: string; key: string } },
  options: { pipeline?: boolean; majorVersion?: string } = {},
): Promise<Registered> {
  if (kind === "environment") {
    if (!options.majorVersion) await proton.send(new CreateEnvironmentTemplateCommand({ name }));
    const created = await proton.send(
      new CreateEnvironmentTemplateVersionCommand({
        templateName: name,
        source,
        majorVersion: options.majorVersion,
      }),
    );
    const ref = {
      templateName: name,
      majorVersion: created.environmentTemplateVersion!.majorVersion!,
      minorVersion: created.environmentTemplateVersion!.minorVersion!,
    };
    return until(
      async () =>
        (await proton.send(new GetEnvironmentTemplateVersionCommand(ref))).environmentTemplateVersion!,
      (v) => v.status !== "REGISTRATION_IN_PROGRESS",
    );
  }
  if (!options.majorVersion) {
    await proton.send(
      new CreateServiceTemplateCommand({
        name,
        pipelineProvisioning: options.pipeline ? undefined : "CUSTOMER_MANAGED",
      }),
    );
  }
  await environmentTemplate(proton, `${name}-env`, ["1.0"]).catch(() => undefined);
  const created = await proton.send(
    new CreateServiceTemplateVersionCommand({
      templateName: name,
      source,
      majorVersion: options.majorVersion,
      compatibleEnvironmentTemplates: [{ templateName: `${name}-env`, majorVersion: "1" }],
    }),
  );
  const ref = {
    templateName: name,
    majorVersion: created.serviceTemplateVersion!.majorVersion!,
    minorVersion: created.serviceTemplateVersion!.minorVersion!,
  };
  return until(
    async () => (await proton.send(new GetServiceTemplateVersionCommand(ref))).serviceTemplateVersion!,
    (v) => v.status !== "REGISTRATION_IN_PROGRESS",
  );
}

const upload = (key: string, kind: TemplateKind, spec: BundleSpec = {}) =>
  uploadBundle(proton, key, { kind, spec });

describe("registration reads the bundle", () => {
  test("a good bundle registers, and the version's schema is the schema file's text", async () => {
    const version = await register("environment", "good", await upload("good.tar.gz", "environment"));
    expect(version).toMatchObject({ status: "DRAFT", schema: schemaYaml("environment") });
    const service = await register("service", "good-svc", await upload("svc.tar.gz", "service"), {
      pipeline: true,
    });
    expect(service).toMatchObject({ status: "DRAFT", schema: schemaYaml("service") });
  });

  const broken = (kind: TemplateKind, files: Record<string, string | undefined>, pipeline?: boolean) =>
    bundleBytes(kind, { files, pipeline });

  test.each<[string, TemplateKind, () => Buffer | "no-bucket" | "no-key", RegExp, boolean?]>([
    [
      "a missing bucket",
      "environment",
      () => "no-bucket",
      /s3:\/\/no-such-bucket\/b.tar.gz: the bucket does not exist \(NoSuchBucket\)/,
    ],
    [
      "a missing key",
      "environment",
      () => "no-key",
      /s3:\/\/templates-123456789012\/absent.tar.gz: the key does not exist \(NoSuchKey\)/,
    ],
    [
      "a file that is not gzip",
      "environment",
      () => Buffer.from("just text"),
      /is not valid: \(bundle\): not a gzip file/,
    ],
    [
      "gzip that is not a tar",
      "environment",
      () => zlib.gzipSync(Buffer.from("x".repeat(600))),
      /is not valid: \(bundle\): not a valid tar archive/,
    ],
    [
      "a missing schema/schema.yaml",
      "environment",
      () => broken("environment", { "schema/schema.yaml": undefined }),
      /schema\/schema.yaml: missing from the bundle/,
    ],
    [
      "an unparsable schema",
      "environment",
      () => broken("environment", { "schema/schema.yaml": "schema:\n  types: [\n" }),
      /schema\/schema.yaml:\d+: not valid YAML/,
    ],
    [
      "an input type that does not exist",
      "environment",
      () =>
        broken("environment", {
          "schema/schema.yaml": schemaYaml("environment").replace(
            "environment_input_type: EnvironmentInput",
            "environment_input_type: Missing",
          ),
        }),
      /schema\/schema.yaml:4: schema.environment_input_type: the type "Missing" is not defined under schema.types \(defined: EnvironmentInput\)/,
    ],
    [
      "no infrastructure/manifest.yaml",
      "environment",
      () => broken("environment", { "infrastructure/manifest.yaml": undefined }),
      /infrastructure\/manifest.yaml: missing from the bundle/,
    ],
    [
      "no instance_infrastructure/",
      "service",
      () =>
        broken(
          "service",
          {
            "instance_infrastructure/manifest.yaml": undefined,
            "instance_infrastructure/cloudformation.yaml": undefined,
          },
          false,
        ),
      /instance_infrastructure\/: missing from the bundle/,
    ],
    [
      "a pipeline template whose schema has no pipeline_input_type",
      "service",
      () =>
        packEntries([
          ...bundleEntries("service", { pipeline: false }),
          ...bundleEntries("service").filter((e) => e.path.startsWith("pipeline_")),
        ]),
      /schema: missing "pipeline_input_type": the service template has a pipeline/,
      true,
    ],
    [
      "a template without a pipeline whose schema has pipeline_input_type",
      "service",
      () => packEntries(bundleEntries("service").filter((e) => !e.path.startsWith("pipeline_"))),
      /schema.pipeline_input_type: the service template has no pipeline/,
      false,
    ],
  ])("fails on %s, naming the file and the problem", async (...[, kind, bundle, expected, pipeline]) => {
    const made = bundle();
    const source =
      made === "no-bucket"
        ? { s3: { bucket: "no-such-bucket", key: "b.tar.gz" } }
        : made === "no-key"
          ? { s3: { bucket: "templates-123456789012", key: "absent.tar.gz" } }
          : await uploadBundle(proton, "case.tar.gz", made);
    if (made === "no-key") await upload("other.tar.gz", "environment");
    const version = await register(kind, `t-${kind}`, source, { pipeline });
    expect(version.status).toBe("REGISTRATION_FAILED");
    expect(version.statusMessage).toMatch(expected);
    expect(version.schema).toBeUndefined();
  });

  const withInputs = (inputs: Record<string, unknown>, required?: string[]) => ({
    inputs: { inputs: inputs as Record<string, string>, required },
  });
  const base = {
    port: { type: "integer", minimum: 1, maximum: 100 },
    size: { type: "string", enum: ["s", "m"] },
  };

  test.each<[string, BundleSpec, RegExp | undefined]>([
    ["an optional input added", withInputs({ ...base, extra: "string" }), undefined],
    [
      "a new required input without a default",
      withInputs({ ...base, extra: "string" }, ["extra"]),
      /new input "extra" is required and has no default/,
    ],
    ["a removed input", withInputs({ port: base.port }), /input "size" of EnvironmentInput was removed/],
    [
      "a narrowed type",
      withInputs({ ...base, port: { type: "integer", minimum: 1, maximum: 10 } }),
      /input "port" maximum lowered to 10 from 100/,
    ],
    [
      "a changed type",
      withInputs({ ...base, port: "string" }),
      /input "port" changed type from integer to string/,
    ],
  ])("a new minor version with %s", async (_case, next, expected) => {
    expect(
      (await register("environment", "compat", await upload("1.0.tar.gz", "environment", withInputs(base))))
        .status,
    ).toBe("DRAFT");
    const minor = await register("environment", "compat", await upload("1.1.tar.gz", "environment", next), {
      majorVersion: "1",
    });
    if (expected === undefined) return expect(minor.status).toBe("DRAFT");
    expect(minor.status).toBe("REGISTRATION_FAILED");
    expect(minor.statusMessage).toMatch(
      /^The schema of minor version 1.1 is not backward compatible with 1.0: schema\/schema.yaml:\d+: /,
    );
    expect(minor.statusMessage).toMatch(expected);
    // A new major may change the schema freely.
    const created = await proton.send(
      new CreateEnvironmentTemplateVersionCommand({
        templateName: "compat",
        source: await upload("2.0.tar.gz", "environment", next),
      }),
    );
    expect(created.environmentTemplateVersion!.majorVersion).toBe("2");
    const settled = await until(
      async () =>
        (
          await proton.send(
            new GetEnvironmentTemplateVersionCommand({
              templateName: "compat",
              majorVersion: "2",
              minorVersion: "0",
            }),
          )
        ).environmentTemplateVersion!,
      (v) => v.status !== "REGISTRATION_IN_PROGRESS",
    );
    expect(settled.status).toBe("DRAFT");
  });
});

test("--s3-endpoint: bundles are read from another S3-compatible store", async () => {
  const source = await upload("remote.tar.gz", "environment");
  // The reading emulator signs its S3 requests with the process's credentials (the default chain).
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: "123456789012", AWS_SECRET_ACCESS_KEY: "emulator" });
  try {
    await withEmulator(
      async (reader) => {
        const client = reader.client();
        await client.send(new CreateEnvironmentTemplateCommand({ name: "remote" }));
        await client.send(new CreateEnvironmentTemplateVersionCommand({ templateName: "remote", source }));
        const missing = { s3: { bucket: source.s3.bucket, key: "gone.tar.gz" } };
        await client.send(
          new CreateEnvironmentTemplateVersionCommand({ templateName: "remote", source: missing }),
        );
        const read = async (majorVersion: string) =>
          until(
            async () =>
              (
                await client.send(
                  new GetEnvironmentTemplateVersionCommand({
                    templateName: "remote",
                    majorVersion,
                    minorVersion: "0",
                  }),
                )
              ).environmentTemplateVersion!,
            (v) => v.status !== "REGISTRATION_IN_PROGRESS",
          );
        expect(await read("1")).toMatchObject({ status: "DRAFT", schema: schemaYaml("environment") });
        expect((await read("2")).statusMessage).toMatch(/gone.tar.gz: the key does not exist \(NoSuchKey\)/);
      },
      { deploymentMs: 20, s3Endpoint: emulator.url },
    );
  } finally {
    for (const [name, value] of [
      ["AWS_ACCESS_KEY_ID", saved.id],
      ["AWS_SECRET_ACCESS_KEY", saved.secret],
    ] as const)
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
  }
});

// ---------------------------------------------------------------------------------------------------
// Spec inputs

const ENV_INPUTS: BundleSpec = {
  inputs: {
    inputs: {
      vpc_cidr: { type: "string", default: "10.0.0.0/16", pattern: "^\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+$" },
      azs: { type: "integer", minimum: 1, maximum: 3 },
      tier: { type: "string", enum: ["dev", "prod"] },
      label: { type: "string", minLength: 2, maxLength: 6 },
    },
    required: ["tier"],
  },
};
const SERVICE_INPUTS: BundleSpec = {
  inputs: {
    inputs: {
      desired_count: { type: "integer", minimum: 1, maximum: 10 },
      port: { type: "integer", default: 80 },
    },
    required: ["desired_count"],
  },
  pipeline: { inputs: { test_command: { type: "string", default: "npm test" } } },
};

describe("specs are checked against the version's schema", () => {
  beforeEach(async () => {
    await environmentTemplate(proton, "vpc", ["1.0"], { bundle: ENV_INPUTS });
    await proton.send(
      new CreateEnvironmentCommand({
        name: "dev",
        templateName: "vpc",
        templateMajorVersion: "1",
        protonServiceRoleArn: ROLE,
        spec: environmentSpec({ tier: "dev" }),
      }),
    );
    await waitUntilEnvironmentDeployed(waiterFor(proton), { name: "dev" });
  });

  const createEnv = (inputs: Record<string, unknown>) =>
    refusal(
      proton.send(
        new CreateEnvironmentCommand({
          name: "bad",
          templateName: "vpc",
          templateMajorVersion: "1",
          protonServiceRoleArn: ROLE,
          spec: environmentSpec(inputs),
        }),
      ),
    );

  test.each([
    [
      "an unknown input",
      { tier: "dev", vpc_cdir: "x" },
      /input "vpc_cdir" is not an input of EnvironmentInput \(did you mean "vpc_cidr"\?\).*\(rule: unknown input\)/,
    ],
    [
      "a missing required input",
      {},
      /input "tier" is required by EnvironmentInput and has no default \(rule: required\)/,
    ],
    [
      "a wrong type",
      { tier: "dev", azs: "two" },
      /input "azs" must be integer, got string "two" \(rule: type\)/,
    ],
    ["a number out of range", { tier: "dev", azs: 9 }, /input "azs" must be <= 3; got 9 \(rule: maximum\)/],
    [
      "a string too long",
      { tier: "dev", label: "much-too-long" },
      /input "label" must be at most 6 characters long; got 13 \(rule: maxLength\)/,
    ],
    [
      "a string breaking the pattern",
      { tier: "dev", vpc_cidr: "ten" },
      /input "vpc_cidr" must match the pattern .* \(rule: pattern\)/,
    ],
    [
      "a value outside the enum",
      { tier: "staging" },
      /input "tier" must be one of dev, prod; got "staging" \(rule: enum\)/,
    ],
  ])(
    "CreateEnvironment refuses %s, naming the environment, the input and the rule",
    async (_case, inputs, expected) => {
      const message = await createEnv(inputs);
      expect(message).toMatch(
        /^ValidationException: The spec of environment bad doesn't fit the schema of template version vpc:1.0: /,
      );
      expect(message).toMatch(expected);
    },
  );

  test("UpdateEnvironment refuses a spec that does not fit; defaults apply to what a deployment renders", async () => {
    const message = await refusal(
      proton.send(
        new UpdateEnvironmentCommand({
          name: "dev",
          deploymentType: "CURRENT_VERSION",
          spec: environmentSpec({ tier: "qa" }),
        }),
      ),
    );
    expect(message).toMatch(
      /^ValidationException: The spec of environment dev .*input "tier" must be one of dev, prod/,
    );
    const outputs = await proton.send(new ListEnvironmentOutputsCommand({ environmentName: "dev" }));
    expect(outputs.outputs).toEqual(
      expect.arrayContaining([
        { key: "tier", valueString: "dev" },
        { key: "vpc_cidr", valueString: "10.0.0.0/16" },
      ]),
    );
  });

  test("services: CreateService, UpdateService, CreateServiceInstance, UpdateServiceInstance, UpdateServicePipeline", async () => {
    await serviceTemplate(proton, "web", ["1.0"], [{ templateName: "vpc", majorVersion: "1" }], {
      pipeline: true,
      bundle: SERVICE_INPUTS,
    });
    const create = (instances: Record<string, unknown>, pipeline?: Record<string, unknown>) =>
      proton.send(
        new CreateServiceCommand({
          name: "svc",
          templateName: "web",
          templateMajorVersion: "1",
          ...REPOSITORY,
          spec: serviceSpec([{ name: "frontend", environment: "dev", inputs: instances }], pipeline),
        }),
      );
    expect(await refusal(create({ desired_count: 0 }))).toMatch(
      /^ValidationException: The spec of service instance frontend doesn't fit the schema of template version web:1.0: input "desired_count" must be >= 1; got 0 \(rule: minimum\)/,
    );
    expect(await refusal(create({ desired_count: 1 }, { test_cmd: "x" }))).toMatch(
      /The spec of the pipeline of service svc .*input "test_cmd" is not an input of PipelineInput \(did you mean "test_command"\?\)/,
    );
    await create({ desired_count: 1 });
    await waitUntilServiceCreated(waiterFor(proton), { name: "svc" });

    const spec = (entries: [string, Record<string, unknown>][], pipeline?: Record<string, unknown>) =>
      serviceSpec(
        entries.map(([name, inputs]) => ({ name, environment: "dev", inputs })),
        pipeline,
      );
    expect(
      await refusal(
        proton.send(
          new UpdateServiceCommand({
            name: "svc",
            spec: spec([
              ["frontend", { desired_count: 1 }],
              ["backend", {}],
            ]),
          }),
        ),
      ),
    ).toMatch(/The spec of service instance backend .*input "desired_count" is required/);
    expect(
      await refusal(
        proton.send(
          new CreateServiceInstanceCommand({
            serviceName: "svc",
            name: "worker",
            spec: spec([["worker", { desired_count: "3" }]]),
          }),
        ),
      ),
    ).toMatch(
      /The spec of service instance worker .*input "desired_count" must be integer, got string "3" \(rule: type\)/,
    );
    expect(
      await refusal(
        proton.send(
          new UpdateServiceInstanceCommand({
            serviceName: "svc",
            name: "frontend",
            deploymentType: "CURRENT_VERSION",
            spec: spec([["frontend", { desired_count: 11 }]]),
          }),
        ),
      ),
    ).toMatch(
      /The spec of service instance frontend .*input "desired_count" must be <= 10; got 11 \(rule: maximum\)/,
    );
    expect(
      await refusal(
        proton.send(
          new UpdateServicePipelineCommand({
            serviceName: "svc",
            deploymentType: "CURRENT_VERSION",
            spec: spec([["frontend", { desired_count: 1 }]], { test_command: 7 }),
          }),
        ),
      ),
    ).toMatch(
      /The spec of the pipeline of service svc .*input "test_command" must be string, got integer 7 \(rule: type\)/,
    );
  });
});
