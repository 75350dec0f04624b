/**
 * Template bundles for tests: a minimal but real bundle (schema, manifest, a CloudFormation file) built
 * in memory with the shared packer, uploaded to the emulator's S3 with the stock S3 client, so
 * registering a version costs one PutObject. `schema` decides the inputs; by default a test bundle
 * declares the optional inputs the suites' specs use (TEST_INPUTS).
 */
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { ProtonClient } from "@aws-sdk/client-proton";
import { packEntries, type PackEntry } from "@pulumi-aws-proton/template-bundle";
import { stringify } from "yaml";
import { ensureBucket } from "../../provider/src/resources/templateBundle";

export type TemplateKind = "environment" | "service";

/** An input: its type name, or its whole OpenAPI property (`{ type: "integer", maximum: 3 }`). */
export type InputSpec = string | Record<string, unknown>;

export interface InputTypeSpec {
  inputs: Record<string, InputSpec>;
  required?: string[];
}

export interface BundleSpec {
  /** The environment's or instances' inputs (default: TEST_INPUTS of the kind). */
  inputs?: InputTypeSpec;
  /** Service templates with a pipeline: its inputs (default TEST_INPUTS.pipeline); false: no pipeline. */
  pipeline?: InputTypeSpec | boolean;
  /** Files to add or replace (path -> content), or remove (path -> undefined). */
  files?: Record<string, string | undefined>;
}

/** Optional inputs the emulator and provider suites' specs use. */
export const TEST_INPUTS: Record<"environment" | "service" | "pipeline", InputTypeSpec> = {
  environment: {
    inputs: {
      cidr: "string",
      vpc: "string",
      vpc_cidr: "string",
      size: "string",
      other: "number",
      zones: "integer",
    },
  },
  service: {
    inputs: {
      unused: "boolean",
      port: "integer",
      image: "string",
      desired_count: "integer",
      size: "integer",
      count: "integer",
      retention: "integer",
    },
  },
  pipeline: {
    inputs: { buildImage: "string", unit_test_command: "string", image: "string", stage: "string" },
  },
};

const property = (spec: InputSpec) => (typeof spec === "string" ? { type: spec } : spec);

const inputType = (spec: InputTypeSpec) => ({
  type: "object",
  properties: Object.fromEntries(Object.entries(spec.inputs).map(([name, p]) => [name, property(p)])),
  ...(spec.required?.length ? { required: spec.required } : {}),
});

/** The text of a schema/schema.yaml for `kind`. */
export function schemaYaml(kind: TemplateKind, spec: BundleSpec = {}): string {
  const main = spec.inputs ?? TEST_INPUTS[kind];
  const pipeline =
    spec.pipeline === true || spec.pipeline === undefined ? TEST_INPUTS.pipeline : spec.pipeline;
  const withPipeline = kind === "service" && pipeline !== false;
  const key = kind === "environment" ? "environment_input_type" : "service_input_type";
  const name = kind === "environment" ? "EnvironmentInput" : "ServiceInput";
  return stringify(
    {
      schema: {
        format: { openapi: "3.0.0" },
        [key]: name,
        ...(withPipeline ? { pipeline_input_type: "PipelineInput" } : {}),
        types: {
          [name]: inputType(main),
          ...(withPipeline ? { PipelineInput: inputType(pipeline as InputTypeSpec) } : {}),
        },
      },
    },
    { aliasDuplicateObjects: false },
  );
}

const MANIFEST = stringify({
  infrastructure: {
    templates: [
      { file: "cloudformation.yaml", rendering_engine: "jinja", template_language: "cloudformation" },
    ],
  },
});
const CLOUDFORMATION = "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n";

/**
 * The files of a minimal bundle. Service bundles get a pipeline unless `spec.pipeline` is false (a
 * template with `pipelineProvisioning: CUSTOMER_MANAGED` needs `pipeline: false`).
 */
export function bundleEntries(kind: TemplateKind, spec: BundleSpec = {}): PackEntry[] {
  const files: Record<string, string | undefined> = { "schema/schema.yaml": schemaYaml(kind, spec) };
  const dirs = kind === "environment" ? ["infrastructure"] : ["instance_infrastructure"];
  if (kind === "service" && spec.pipeline !== false) dirs.push("pipeline_infrastructure");
  for (const dir of dirs) {
    files[`${dir}/manifest.yaml`] = MANIFEST;
    files[`${dir}/cloudformation.yaml`] = CLOUDFORMATION;
  }
  Object.assign(files, spec.files ?? {});
  return Object.entries(files)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([path, content]) => ({ path, content: Buffer.from(content) }));
}

export const bundleBytes = (kind: TemplateKind, spec: BundleSpec = {}): Buffer =>
  packEntries(bundleEntries(kind, spec));

/** An S3 client signing as the Proton client does, against the same endpoint (the emulator's). */
export async function s3For(proton: ProtonClient): Promise<S3Client> {
  const endpoint = await (
    proton.config.endpoint as unknown as () => Promise<{
      protocol: string;
      hostname: string;
      port?: number;
      path: string;
    }>
  )();
  const url = `${endpoint.protocol}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ""}`;
  return new S3Client({
    endpoint: url,
    region: await proton.config.region(),
    credentials: await proton.config.credentials(),
    forcePathStyle: true,
    maxAttempts: 1,
  });
}

/** The test bucket of an account (bucket names are global: one per account). */
export const testBucket = (accountId: string) => `templates-${accountId}`;

/**
 * Uploads a bundle (bytes, or a minimal bundle of `kind`) under `key` in the Proton client's account
 * test bucket, and answers the `source` a CreateXTemplateVersion takes.
 */
export async function uploadBundle(
  proton: ProtonClient,
  key: string,
  bundle: Buffer | { kind: TemplateKind; spec?: BundleSpec },
  bucketName?: string,
): Promise<{ s3: { bucket: string; key: string } }> {
  const s3 = await s3For(proton);
  try {
    const { accessKeyId } = await proton.config.credentials();
    const bucket = bucketName ?? testBucket(/^\d{12}$/.test(accessKeyId) ? accessKeyId : "123456789012");
    await ensureBucket(s3, bucket);
    const body = Buffer.isBuffer(bundle) ? bundle : bundleBytes(bundle.kind, bundle.spec);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    return { s3: { bucket, key } };
  } finally {
    s3.destroy();
  }
}

/**
 * Minimal real bundles under the keys a test program's versions name (`[key, kind]` pairs), in the
 * program's bucket: its registrations read real bundles without the program packing any.
 */
export async function publishBundles(
  proton: ProtonClient,
  bucket: string,
  bundles: readonly (readonly [string, TemplateKind])[],
): Promise<void> {
  for (const [key, kind] of bundles) await uploadBundle(proton, key, { kind }, bucket);
}
