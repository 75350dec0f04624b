/** AWS JSON 1.0 wire format: content type, `X-Amz-Target` routing, bodies, timestamps and error envelopes. */
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { ProtonError, serialization, unknownOperation } from "./errors";
import { isOperationName, model, type OperationName } from "./model";

export const TARGET_PREFIX = `${model.metadata.targetPrefix}.`;
export const CONTENT_TYPE = `application/x-amz-json-${model.metadata.jsonVersion}`;

/** Whether the request is AWS JSON 1.0 (parameters such as `; charset=utf-8` are allowed). */
export function isJsonRequest(headers: IncomingHttpHeaders): boolean {
  const type = headers["content-type"];
  return typeof type === "string" && type.split(";")[0].trim().toLowerCase() === CONTENT_TYPE;
}

/** The modelled operation the target names, else UnknownOperationException. */
export function operationOf(headers: IncomingHttpHeaders): OperationName {
  const target = headers["x-amz-target"];
  const name =
    typeof target === "string" && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : "";
  if (!isOperationName(name)) throw unknownOperation(`Unknown operation ${String(target ?? "")}`.trim());
  return name;
}

export function parseBody(raw: string): unknown {
  if (raw.trim() === "") return {};
  try {
    return JSON.parse(raw);
  } catch {
    throw serialization("Malformed JSON request body.");
  }
}

/** Dates become epoch seconds (fractional), as the JSON protocol's default timestamp format. */
function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key];
  return original instanceof Date ? original.getTime() / 1000 : value;
}

export const serialize = (output: unknown) => JSON.stringify(output ?? {}, replacer);

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    "content-type": CONTENT_TYPE,
    "content-length": Buffer.byteLength(body),
    "x-amzn-requestid": randomUUID(),
    ...headers,
  });
  res.end(body);
}

export const sendOutput = (res: ServerResponse, output: unknown) => send(res, 200, serialize(output));

export function sendError(res: ServerResponse, error: ProtonError) {
  send(res, error.status, JSON.stringify({ __type: error.code, message: error.message }), {
    "x-amzn-errortype": error.code,
  });
}

/**
 * A request that isn't AWS JSON 1.0 reaches no operation: AWS front ends answer 404 with a bare
 * `<UnknownOperationException/>` (not JSON, which the caller did not speak).
 */
export function sendUnroutable(res: ServerResponse) {
  const body = "<UnknownOperationException/>\n";
  res.writeHead(404, { "content-length": Buffer.byteLength(body), "x-amzn-requestid": randomUUID() });
  res.end(body);
}

/** A body over the limit: 413 without reading the rest, and the connection closed (it still carries it). */
export function sendTooLarge(res: ServerResponse) {
  res.writeHead(413, { "content-length": 0, connection: "close", "x-amzn-requestid": randomUUID() });
  res.end();
}
