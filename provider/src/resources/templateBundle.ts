/**
 * TemplateBundle: a local directory packed into a deterministic tar.gz and uploaded to S3, its
 * `source` output ready for a template version. `check` (so `pulumi preview`) packs the directory and
 * runs the shared bundle checker (packages/template-bundle, the one the emulator registers with): a
 * broken layout, manifest or schema is a check failure naming the file and line. The bundle's SHA-256
 * is an input computed by check, so a changed file is an update; `{sha256}` in the key gives the new
 * bundle a new key, which the versions taking `source` see.
 */
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type BucketLocationConstraint,
} from "@aws-sdk/client-s3";
import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import {
  checkBundleFiles,
  describeProblems,
  packDirectory,
  TarballError,
} from "@pulumi-aws-proton/template-bundle";
import { createProtonClient } from "../core/client";
import type { OperationContext } from "../core/context";
import { defineResource } from "../core/resource";
import { TemplateBundleSchema, type TemplateBundleInputs } from "../generated/schema";

type BundleState = TemplateBundleInputs & {
  sha256: string;
  size: number;
  templateKind: string;
  source: { s3: { bucket: string; key: string } };
} & Record<string, unknown>;

export const DEFAULT_KEY = (logicalName: string) => `bundles/${logicalName}-{sha256}.tar.gz`;

/** The directory as packed: relative paths are the program's (the provider runs in its directory). */
const directoryOf = (inputs: TemplateBundleInputs) => path.resolve(String(inputs.directory));

/**
 * An S3 client with the resource's connection: the region and credential chain of the Proton client
 * (profile, role), the endpoint from `s3Endpoint`, else `AWS_ENDPOINT_URL_S3` (read by the SDK).
 */
export function s3ClientFor(inputs: TemplateBundleInputs): S3Client {
  const proton = createProtonClient(inputs.connection ?? {});
  const endpoint = inputs.s3Endpoint ?? process.env.AWS_ENDPOINT_URL_S3;
  return new S3Client({
    region: proton.config.region,
    credentials: proton.config.credentials,
    // A custom endpoint (the emulator, an S3-compatible store) is addressed path-style.
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
  });
}

/** Packs and checks the directory; throws with every problem (file:line: message). */
export function packBundle(inputs: TemplateBundleInputs) {
  const directory = directoryOf(inputs);
  const packed = packDirectory(directory);
  const { bundle, problems } = checkBundleFiles(packed.files);
  if (!bundle)
    throw new Error(`the template bundle in ${directory} is not valid:\n${describeProblems(problems)}`);
  return { ...packed, kind: bundle.kind };
}

const keyOf = (inputs: TemplateBundleInputs, sha256: string) =>
  String(inputs.key ?? DEFAULT_KEY(String(inputs.autoNamePrefix ?? "bundle"))).replace(/\{sha256\}/g, sha256);

/** Creates a bucket unless its owner already has it (in its region: a location constraint off us-east-1). */
export async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  const region = await s3.config.region();
  try {
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ...(region === "us-east-1"
          ? {}
          : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      }),
    );
  } catch (error) {
    if (!(error instanceof S3ServiceException && error.name === "BucketAlreadyOwnedByYou")) throw error;
  }
}

async function upload(ctx: OperationContext, inputs: TemplateBundleInputs): Promise<BundleState> {
  const packed = packBundle(inputs);
  const bucket = String(inputs.bucket);
  const key = keyOf(inputs, packed.sha256);
  const s3 = s3ClientFor(inputs);
  try {
    if (inputs.createBucket) await ensureBucket(s3, bucket);
    ctx.log(`TemplateBundle: uploading ${packed.bytes.length} bytes to s3://${bucket}/${key}`);
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: packed.bytes, ContentType: "application/gzip" }),
    );
  } finally {
    s3.destroy();
  }
  return {
    ...inputs,
    directory: String(inputs.directory),
    bucket,
    key,
    sha256: packed.sha256,
    size: packed.bytes.length,
    templateKind: packed.kind,
    source: { s3: { bucket, key } },
  };
}

async function removeObject(inputs: TemplateBundleInputs, bucket: string, key: string): Promise<void> {
  const s3 = s3ClientFor(inputs);
  try {
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  } catch (error) {
    if (!(error instanceof S3ServiceException && /NoSuchBucket|NotFound/.test(error.name))) throw error;
  } finally {
    s3.destroy();
  }
}

const base = defineResource<TemplateBundleInputs, BundleState>({
  schema: TemplateBundleSchema,
  describe: (bag, id) => id ?? `s3://${String(bag.bucket)}/${String(bag.key ?? "")}`,
  create: async (ctx, inputs) => {
    const state = await upload(ctx, inputs);
    return { id: `s3://${state.bucket}/${state.key}`, outs: state };
  },
  async read(_ctx, _id, props) {
    const s3 = s3ClientFor(props);
    try {
      await s3.send(new HeadObjectCommand({ Bucket: String(props.bucket), Key: String(props.key) }));
      return props;
    } catch (error) {
      if (error instanceof S3ServiceException && /NotFound|NoSuchKey|NoSuchBucket/.test(error.name))
        return undefined;
      throw error;
    } finally {
      s3.destroy();
    }
  },
  async update(ctx, _id, olds, news) {
    const state = await upload(ctx, news);
    if (olds.key !== state.key) await removeObject(news, String(olds.bucket), String(olds.key));
    return state;
  },
  delete: (_ctx, _id, props) => removeObject(props, String(props.bucket), String(props.key)),
});

export const templateBundleProvider: pulumi.dynamic.ResourceProvider<TemplateBundleInputs, BundleState> = {
  ...base,
  async check(olds, news) {
    const result = await (base.check as NonNullable<typeof base.check>)(olds, news);
    const inputs = result.inputs as TemplateBundleInputs & Record<string, unknown>;
    if (typeof inputs.directory !== "string" || (result.failures ?? []).length > 0) return result;
    try {
      const packed = packBundle(inputs);
      return { ...result, inputs: { ...inputs, sha256: packed.sha256, key: keyOf(inputs, packed.sha256) } };
    } catch (error) {
      const reason =
        error instanceof TarballError
          ? `cannot pack the directory: ${error.message}`
          : (error as Error).message;
      return { ...result, failures: [...(result.failures ?? []), { property: "directory", reason }] };
    }
  },
  async diff(id, olds, news) {
    const result = await (base.diff as NonNullable<typeof base.diff>)(id, olds, news);
    // The bundle's content: a changed file is an update (its key changes too when it holds {sha256}).
    if ((news as Record<string, unknown>).sha256 !== olds.sha256) return { ...result, changes: true };
    return result;
  },
};
