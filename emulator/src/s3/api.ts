/**
 * The S3 REST API subset template bundles need, on the emulator's own port: CreateBucket, HeadBucket,
 * PutObject, GetObject, HeadObject, DeleteObject and ListObjectsV2, path-style (`/bucket/key`) or
 * virtual-hosted under `*.localhost`. A SigV4 `Authorization` header is required (not verified) and
 * names the caller's account as for Proton; a bucket answers its owner only. Anything else answers
 * S3's `NotImplemented`. Errors are S3's XML error documents with S3's codes and statuses.
 */
import { createHash, randomUUID } from "node:crypto";
import type * as http from "node:http";
import * as zlib from "node:zlib";
import { authenticate, type Caller } from "../auth";
import type { CallLog } from "../callLog";
import type { OperationName } from "../model";
import type { Store } from "../store";
import { bucketsSlice, findBucket, type BucketRecord, type ObjectRecord } from "./buckets.records";

/** Largest object body accepted (template bundles are small; the state file holds them). */
export const MAX_OBJECT_BYTES = 50 * 1024 * 1024;

export interface S3Deps {
  store: Store;
  calls: CallLog;
  defaults: { accountId: string; region: string };
  now(): number;
}

interface Reply {
  status: number;
  headers?: Record<string, string | number>;
  body?: Buffer | string;
}

class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c] as string,
  );
const element = (name: string, value: string | number | boolean) =>
  `<${name}>${escapeXml(String(value))}</${name}>`;
const XML = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

function errorReply(error: S3Error, requestId: string, head: boolean): Reply {
  const body =
    XML +
    `<Error>${element("Code", error.code)}${element("Message", error.message)}` +
    Object.entries(error.extra)
      .map(([k, v]) => element(k, v))
      .join("") +
    `${element("RequestId", requestId)}</Error>`;
  // HEAD answers carry no body: the status (and S3's error code header) tell the client.
  return {
    status: error.status,
    headers: { "content-type": "application/xml", "x-amz-error-code": error.code },
    body: head ? undefined : body,
  };
}

const noSuchBucket = (bucket: string) =>
  new S3Error(404, "NoSuchBucket", "The specified bucket does not exist", { BucketName: bucket });

/** S3's general-purpose bucket naming rules. */
function checkBucketName(name: string): void {
  const valid =
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes("..") &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !name.startsWith("xn--") &&
    !name.endsWith("-s3alias");
  if (!valid)
    throw new S3Error(400, "InvalidBucketName", "The specified bucket is not valid.", { BucketName: name });
}

/** The body of an `aws-chunked` upload (the SDK's streaming checksums), without chunk signatures and trailers. */
function decodeChunked(raw: Buffer): { body: Buffer; trailers: Record<string, string> } {
  const parts: Buffer[] = [];
  const trailers: Record<string, string> = {};
  let offset = 0;
  for (;;) {
    const end = raw.indexOf("\r\n", offset);
    if (end === -1) throw new S3Error(400, "IncompleteBody", "The aws-chunked body ends early.");
    const size = parseInt(raw.subarray(offset, end).toString("latin1").split(";")[0], 16);
    if (!Number.isFinite(size)) throw new S3Error(400, "InvalidRequest", "Malformed aws-chunked body.");
    offset = end + 2;
    if (size === 0) break;
    parts.push(raw.subarray(offset, offset + size));
    offset += size + 2;
  }
  for (const line of raw.subarray(offset).toString("latin1").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { body: Buffer.concat(parts), trailers };
}

const digests: Record<string, (body: Buffer) => string> = {
  "x-amz-checksum-crc32": (body) => {
    const value = Buffer.alloc(4);
    value.writeUInt32BE(zlib.crc32(body) >>> 0);
    return value.toString("base64");
  },
  "x-amz-checksum-sha256": (body) => createHash("sha256").update(body).digest("base64"),
  "x-amz-checksum-sha1": (body) => createHash("sha1").update(body).digest("base64"),
  "content-md5": (body) => createHash("md5").update(body).digest("base64"),
};

/** The object body after transfer encodings, with every checksum the client sent verified. */
function uploadedBody(
  req: http.IncomingMessage,
  raw: Buffer,
): { body: Buffer; checksums: Record<string, string> } {
  const header = (name: string) => {
    const value = req.headers[name];
    return typeof value === "string" ? value : undefined;
  };
  const encodings = (header("content-encoding") ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  let body = raw;
  let trailers: Record<string, string> = {};
  if (encodings.includes("aws-chunked")) ({ body, trailers } = decodeChunked(raw));
  const declared = header("x-amz-decoded-content-length");
  if (declared !== undefined && Number(declared) !== body.length)
    throw new S3Error(
      400,
      "IncompleteBody",
      "The request body is shorter or longer than x-amz-decoded-content-length.",
    );
  const checksums: Record<string, string> = {};
  for (const [name, digest] of Object.entries(digests)) {
    const claimed = trailers[name] ?? header(name);
    if (claimed === undefined) continue;
    if (digest(body) !== claimed) {
      const code = name === "content-md5" ? "BadDigest" : "BadDigest";
      throw new S3Error(400, code, `The ${name} you specified did not match the calculated checksum.`);
    }
    if (name !== "content-md5") checksums[name] = claimed;
  }
  const payloadHash = header("x-amz-content-sha256");
  if (
    payloadHash &&
    /^[0-9a-f]{64}$/.test(payloadHash) &&
    createHash("sha256").update(raw).digest("hex") !== payloadHash
  )
    throw new S3Error(
      400,
      "XAmzContentSHA256Mismatch",
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  return { body, checksums };
}

const objectHeaders = (object: ObjectRecord) => ({
  "content-type": object.contentType ?? "binary/octet-stream",
  "content-length": object.size,
  etag: object.etag,
  "last-modified": new Date(object.lastModified).toUTCString(),
  "accept-ranges": "bytes",
});

/** Keys in S3's order: UTF-8 byte order. */
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

function listObjects(bucket: BucketRecord, query: URLSearchParams): Reply {
  const prefix = query.get("prefix") ?? "";
  const delimiter = query.get("delimiter") ?? "";
  const maxKeysText = query.get("max-keys");
  const maxKeys = maxKeysText === null ? 1000 : Number(maxKeysText);
  if (!Number.isInteger(maxKeys) || maxKeys < 0)
    throw new S3Error(400, "InvalidArgument", "max-keys must be a non-negative integer.");
  const token = query.get("continuation-token");
  let after = query.get("start-after") ?? "";
  if (token !== null) {
    const decoded = Buffer.from(token, "base64url").toString("utf8");
    if (!decoded.startsWith("k:"))
      throw new S3Error(400, "InvalidArgument", "The continuation token provided is incorrect.");
    after = decoded.slice(2);
  }
  const keys = Object.keys(bucket.objects)
    .filter((key) => key.startsWith(prefix) && byteOrder(key, after) > 0)
    .sort(byteOrder);
  const contents: string[] = [];
  const prefixes: string[] = [];
  let last: string | undefined;
  let truncated = false;
  for (const key of keys) {
    const rest = key.slice(prefix.length);
    const cut = delimiter === "" ? -1 : rest.indexOf(delimiter);
    const common = cut === -1 ? undefined : prefix + rest.slice(0, cut + delimiter.length);
    if (common !== undefined && prefixes.includes(common)) continue;
    if (contents.length + prefixes.length >= maxKeys) {
      truncated = true;
      break;
    }
    if (common !== undefined) {
      prefixes.push(common);
      // Resume after every key under this common prefix.
      last = `${common}\u{10FFFF}`;
    } else {
      contents.push(key);
      last = key;
    }
  }
  const object = (key: string) => {
    const o = bucket.objects[key];
    return (
      "<Contents>" +
      element("Key", key) +
      element("LastModified", new Date(o.lastModified).toISOString()) +
      element("ETag", o.etag) +
      element("Size", o.size) +
      element("StorageClass", "STANDARD") +
      "</Contents>"
    );
  };
  const body =
    XML +
    `<ListBucketResult ${NS}>` +
    element("Name", bucket.name) +
    element("Prefix", prefix) +
    (delimiter ? element("Delimiter", delimiter) : "") +
    element("MaxKeys", maxKeys) +
    element("KeyCount", contents.length + prefixes.length) +
    element("IsTruncated", truncated) +
    (token !== null ? element("ContinuationToken", token) : "") +
    (query.get("start-after") !== null ? element("StartAfter", query.get("start-after") as string) : "") +
    (truncated && last !== undefined
      ? element("NextContinuationToken", Buffer.from(`k:${last}`).toString("base64url"))
      : "") +
    contents.map(object).join("") +
    prefixes.map((p) => `<CommonPrefixes>${element("Prefix", p)}</CommonPrefixes>`).join("") +
    "</ListBucketResult>";
  return { status: 200, headers: { "content-type": "application/xml" }, body };
}

/** The bucket and key a request addresses (path-style, or virtual-hosted under *.localhost). */
function address(req: http.IncomingMessage): { bucket: string; key: string; query: URLSearchParams } {
  const url = new URL(req.url ?? "/", "http://s3.local");
  const host = (req.headers.host ?? "").replace(/:\d+$/, "");
  const path = url.pathname.slice(1);
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      throw new S3Error(400, "InvalidURI", "Couldn't parse the specified URI.");
    }
  };
  if (host.endsWith(".localhost"))
    return { bucket: host.slice(0, -".localhost".length), key: decode(path), query: url.searchParams };
  const slash = path.indexOf("/");
  return slash === -1
    ? { bucket: decode(path), key: "", query: url.searchParams }
    : { bucket: decode(path.slice(0, slash)), key: decode(path.slice(slash + 1)), query: url.searchParams };
}

function callerOf(req: http.IncomingMessage, deps: S3Deps): Caller {
  if (typeof req.headers.authorization !== "string" || !req.headers.authorization.startsWith("AWS4-"))
    throw new S3Error(
      403,
      "AccessDenied",
      "Access Denied (the emulator's S3 needs a SigV4 Authorization header)",
    );
  try {
    return authenticate(req.headers, deps.defaults);
  } catch (error) {
    throw new S3Error(400, "AuthorizationHeaderMalformed", (error as Error).message);
  }
}

/** The bucket as its owner sees it; another account's is AccessDenied (no bucket policies here). */
function ownedBucket(deps: S3Deps, caller: Caller, name: string): BucketRecord {
  const bucket = findBucket(deps.store, name);
  if (!bucket) throw noSuchBucket(name);
  if (bucket.owner !== caller.accountId) throw new S3Error(403, "AccessDenied", "Access Denied");
  return bucket;
}

function operationOf(method: string, key: string, query: URLSearchParams): string {
  if (key === "") {
    if (method === "PUT" && [...query.keys()].every((k) => k === "x-id")) return "CreateBucket";
    if (method === "HEAD") return "HeadBucket";
    if (method === "GET" && query.get("list-type") === "2") return "ListObjectsV2";
    return "unsupported";
  }
  const plain = [...query.keys()].every((k) => k === "x-id");
  if (!plain) return "unsupported";
  return (
    (
      { PUT: "PutObject", GET: "GetObject", HEAD: "HeadObject", DELETE: "DeleteObject" } as Record<
        string,
        string
      >
    )[method] ?? "unsupported"
  );
}

function perform(
  deps: S3Deps,
  req: http.IncomingMessage,
  raw: Buffer,
  operation: string,
  caller: Caller,
  bucketName: string,
  key: string,
  query: URLSearchParams,
): Reply {
  switch (operation) {
    case "CreateBucket": {
      checkBucketName(bucketName);
      const constraint =
        /<LocationConstraint>([^<]*)<\/LocationConstraint>/.exec(raw.toString("utf8"))?.[1] ?? "";
      const region = constraint || "us-east-1";
      if (region !== caller.region)
        throw new S3Error(
          400,
          "IllegalLocationConstraintException",
          `The ${constraint ? `${constraint} location constraint` : "unspecified location constraint"} is incompatible for the region specific endpoint this request was sent to (${caller.region}).`,
        );
      const existing = findBucket(deps.store, bucketName);
      if (existing && existing.owner !== caller.accountId)
        throw new S3Error(
          409,
          "BucketAlreadyExists",
          "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
          { BucketName: bucketName },
        );
      // us-east-1 answers an owner's repeated CreateBucket with success, other regions with a conflict.
      if (existing && existing.region !== "us-east-1")
        throw new S3Error(
          409,
          "BucketAlreadyOwnedByYou",
          "Your previous request to create the named bucket succeeded and you already own it.",
          { BucketName: bucketName },
        );
      if (!existing) {
        const partition = deps.store.partition(caller.accountId, region);
        bucketsSlice.of(partition)[bucketName] = {
          name: bucketName,
          owner: caller.accountId,
          region,
          createdAt: deps.now(),
          objects: {},
        };
        deps.store.markDirty();
      }
      return { status: 200, headers: { location: `/${bucketName}` } };
    }
    case "HeadBucket": {
      const bucket = ownedBucket(deps, caller, bucketName);
      return { status: 200, headers: { "x-amz-bucket-region": bucket.region } };
    }
    case "ListObjectsV2":
      return listObjects(ownedBucket(deps, caller, bucketName), query);
    case "PutObject": {
      const bucket = ownedBucket(deps, caller, bucketName);
      if (req.headers["x-amz-copy-source"] !== undefined)
        throw new S3Error(501, "NotImplemented", "CopyObject is not implemented by the emulator.");
      if (Buffer.byteLength(key) > 1024) throw new S3Error(400, "KeyTooLongError", "Your key is too long");
      const { body, checksums } = uploadedBody(req, raw);
      const etag = `"${createHash("md5").update(body).digest("hex")}"`;
      const contentType = req.headers["content-type"];
      bucket.objects[key] = {
        body: body.toString("base64"),
        size: body.length,
        etag,
        ...(typeof contentType === "string" ? { contentType } : {}),
        lastModified: deps.now(),
      };
      deps.store.markDirty();
      return { status: 200, headers: { etag, ...checksums } };
    }
    case "GetObject":
    case "HeadObject": {
      const bucket = ownedBucket(deps, caller, bucketName);
      const object = bucket.objects[key];
      if (!object) throw new S3Error(404, "NoSuchKey", "The specified key does not exist.", { Key: key });
      if (req.headers.range !== undefined)
        throw new S3Error(501, "NotImplemented", "Range requests are not implemented by the emulator.");
      const body = operation === "GetObject" ? Buffer.from(object.body, "base64") : undefined;
      return { status: 200, headers: objectHeaders(object), body };
    }
    case "DeleteObject": {
      const bucket = ownedBucket(deps, caller, bucketName);
      if (bucket.objects[key]) {
        delete bucket.objects[key];
        deps.store.markDirty();
      }
      return { status: 204 };
    }
    default:
      throw new S3Error(
        501,
        "NotImplemented",
        "A header or query you provided implies functionality that is not implemented (the emulator's S3 has CreateBucket, HeadBucket, PutObject, GetObject, HeadObject, DeleteObject and ListObjectsV2).",
      );
  }
}

/** Answers one S3 request whose body (`raw`) has been read. */
export function handleS3(
  deps: S3Deps,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  raw: Buffer,
): void {
  const requestId = randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase();
  const method = req.method ?? "GET";
  let reply: Reply;
  try {
    const { bucket, key, query } = address(req);
    const operation = operationOf(method, key, query);
    const caller = callerOf(req, deps);
    deps.calls.record({
      operation: `s3:${operation}` as OperationName,
      ...caller,
      input: { bucket, ...(key === "" ? {} : { key }) },
      time: deps.now(),
    });
    if (bucket === "")
      throw new S3Error(501, "NotImplemented", "ListBuckets is not implemented by the emulator.");
    reply = perform(deps, req, raw, operation, caller, bucket, key, query);
  } catch (error) {
    if (!(error instanceof S3Error)) throw error;
    reply = errorReply(error, requestId, method === "HEAD");
  }
  const body =
    reply.body === undefined ? undefined : Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body);
  res.writeHead(reply.status, {
    "x-amz-request-id": requestId,
    "x-amz-id-2": requestId,
    ...(body !== undefined ? { "content-length": body.length } : {}),
    ...reply.headers,
  });
  res.end(method === "HEAD" ? undefined : body);
}
