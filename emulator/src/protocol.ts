/** AWS JSON 1.0 wire format: `X-Amz-Target` routing, bodies, timestamps, and error envelopes. */
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { ProtonError, serialization, unknownOperation } from "./errors";
import { isOperationName, type OperationName } from "./shapes";

export const TARGET_PREFIX = "AwsProton20200720.";
export const CONTENT_TYPE = "application/x-amz-json-1.0";

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

function send(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}) {
  res.writeHead(status, {
    "content-type": CONTENT_TYPE,
    "content-length": Buffer.byteLength(body),
    "x-amzn-requestid": randomUUID(),
    ...extra,
  });
  res.end(body);
}

export const sendOutput = (res: ServerResponse, output: unknown) => send(res, 200, serialize(output));

export function sendError(res: ServerResponse, error: ProtonError) {
  send(res, error.status, JSON.stringify({ __type: error.code, message: error.message }), {
    "x-amzn-errortype": error.code,
  });
}
