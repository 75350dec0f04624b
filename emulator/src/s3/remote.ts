/**
 * `--s3-endpoint URL`: bundles read from any S3-compatible store with the stock S3 client (path-style,
 * the default AWS credential chain of the emulator's process, the caller's region).
 */
import { GetObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import type { ObjectRead, ObjectSource } from "./buckets.records";

const MESSAGES: Record<string, string> = {
  NoSuchBucket: "the bucket does not exist",
  NoSuchKey: "the key does not exist",
  AccessDenied: "access denied",
};

export function remoteObjects(endpoint: string): ObjectSource {
  const fetched = new Map<string, ObjectRead>();
  const clients = new Map<string, S3Client>();
  const clientFor = (region: string) => {
    let client = clients.get(region);
    if (!client) {
      client = new S3Client({ endpoint, region, forcePathStyle: true, maxAttempts: 2 });
      clients.set(region, client);
    }
    return client;
  };
  const id = (accountId: string, bucket: string, key: string) => `${accountId}\u0000${bucket}\u0000${key}`;
  return {
    async prefetch(accountId, region, bucket, key) {
      let read: ObjectRead;
      try {
        const answer = await clientFor(region).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        read = {
          bytes: Buffer.from(
            await (answer.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
          ),
        };
      } catch (error) {
        const code = error instanceof S3ServiceException ? error.name : "RequestFailed";
        read = { code, message: MESSAGES[code] ?? `the S3 request failed (${(error as Error).message})` };
      }
      fetched.set(id(accountId, bucket, key), read);
    },
    read(accountId, bucket, key) {
      const key_ = id(accountId, bucket, key);
      const read = fetched.get(key_);
      fetched.delete(key_);
      return read ?? { code: "NotFetched", message: "the bundle was not fetched before registration" };
    },
  };
}
