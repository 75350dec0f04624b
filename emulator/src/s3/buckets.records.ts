/**
 * S3 buckets and objects, as the emulator keeps them for template bundles: each bucket in its owner's
 * partition (account, bucket region), names unique across all of them as S3's are. Bodies are base64
 * in the state, so objects persist with `--state` like every other record.
 */
import { defineSlice, type Millis, type Store } from "../store";

export interface ObjectRecord {
  /** Base64 of the body. */
  body: string;
  size: number;
  /** The quoted MD5 of the body, as S3 answers it for a single-part upload. */
  etag: string;
  contentType?: string;
  lastModified: Millis;
}

export interface BucketRecord {
  name: string;
  owner: string;
  region: string;
  createdAt: Millis;
  objects: Record<string, ObjectRecord>;
}

export const bucketsSlice = defineSlice<Record<string, BucketRecord>>("s3Buckets", () => ({}));

/** The bucket with this name, in whichever partition owns it. */
export function findBucket(store: Store, name: string): BucketRecord | undefined {
  for (const partition of store.partitions()) {
    const bucket = (partition[bucketsSlice.key] as Record<string, BucketRecord> | undefined)?.[name];
    if (bucket) return bucket;
  }
  return undefined;
}

/** What reading one object came to: its bytes, or the S3 error code and a sentence. */
export type ObjectRead = { bytes: Buffer } | { code: string; message: string };

/**
 * Where Proton reads bundles from: the emulator's own S3, or (`--s3-endpoint`) any S3-compatible store,
 * fetched before the request's handler runs (handlers are synchronous).
 */
export interface ObjectSource {
  /** Fetches what `read` will need (a no-op for the emulator's own S3). */
  prefetch(accountId: string, region: string, bucket: string, key: string): Promise<void>;
  read(accountId: string, bucket: string, key: string): ObjectRead;
}

/** The emulator's own S3: the caller must own the bucket (no bucket policies are modelled). */
export function localObjects(store: Store): ObjectSource {
  return {
    prefetch: async () => undefined,
    read(accountId, bucketName, key) {
      const bucket = findBucket(store, bucketName);
      if (!bucket) return { code: "NoSuchBucket", message: "the bucket does not exist" };
      if (bucket.owner !== accountId)
        return { code: "AccessDenied", message: `the bucket belongs to account ${bucket.owner}` };
      const object = bucket.objects[key];
      if (!object) return { code: "NoSuchKey", message: "the key does not exist" };
      return { bytes: Buffer.from(object.body, "base64") };
    },
  };
}
