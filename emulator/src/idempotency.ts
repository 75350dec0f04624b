/**
 * clientToken handling: a retry with the same token and the same parameters gets the original result;
 * the same token with different parameters is refused. Tokens are remembered for eight hours.
 */
import { conflict, validation } from "./errors";
import { defineSlice, type JsonValue, type Millis, type Partition } from "./store";

interface IdempotencyRecord {
  fingerprint: string;
  result: JsonValue;
  expiresAt: Millis;
}

/** Keyed by `${operation}:${clientToken}`. */
const tokens = defineSlice<Record<string, IdempotencyRecord>>("idempotency", () => ({}));

export const TOKEN_TTL_MS = 8 * 60 * 60 * 1000;

/** JSON with sorted keys, so two equal inputs fingerprint the same whatever their member order. */
export function fingerprint(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(fingerprint).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([k, v]) => v !== undefined && k !== "clientToken")
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${fingerprint(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function idempotent<T extends JsonValue>(
  partition: Partition,
  now: Millis,
  operation: string,
  token: string | undefined,
  input: object,
  run: () => T,
): T {
  if (!token) return run();
  const remembered = tokens.of(partition);
  for (const [key, record] of Object.entries(remembered)) if (record.expiresAt <= now) delete remembered[key];
  const key = `${operation}:${token}`;
  const print = fingerprint(input);
  const previous = remembered[key];
  if (previous) {
    if (previous.fingerprint !== print)
      throw validation(
        `Idempotent parameter mismatch: the clientToken ${token} was already used with other parameters for ${operation}.`,
      );
    return previous.result as T;
  }
  const result = run();
  remembered[key] = { fingerprint: print, result, expiresAt: now + TOKEN_TTL_MS };
  return result;
}

/**
 * The idempotent creates without a client token (CreateEnvironmentTemplate, CreateServiceTemplate,
 * CreateEnvironment, CreateService): the fingerprint of the request that created a resource, by ARN,
 * until the resource is first modified (`markModified`). Kept beside the records, never in them, so no
 * view can answer it.
 */
const creations = defineSlice<Record<string, string>>("creations", () => ({}));

/** Remembers the request that created `arn` (on the create's success). */
export function rememberCreation(partition: Partition, arn: string, input: object): void {
  creations.of(partition)[arn] = fingerprint(input);
}

/** A successful mutation of `arn` since its creation: a retried create now conflicts. */
export function markModified(partition: Partition, arn: string): void {
  delete creations.of(partition)[arn];
}

/**
 * A create meeting a resource of the same name (`what`, e.g. "environment dev"): modified since its
 * creation, ConflictException; created by the same parameters, the `existing` answer (nothing else is
 * done); else ValidationException (IdempotentParameterMismatch). Messages echo no parameter.
 */
export function replayCreation<T>(
  partition: Partition,
  arn: string,
  input: object,
  what: string,
  existing: () => T,
): T {
  const print = creations.of(partition)[arn];
  if (print === undefined) throw conflict(`The ${what} already exists and was modified since its creation.`);
  if (print !== fingerprint(input))
    throw validation(
      `Idempotent parameter mismatch: the ${what} already exists, created with other parameters.`,
    );
  return existing();
}
