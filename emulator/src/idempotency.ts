/**
 * clientToken handling: a retry with the same token and the same parameters gets the original result;
 * the same token with different parameters is refused. Tokens are remembered for eight hours.
 */
import { validation } from "./errors";
import type { JsonValue, Millis, Partition } from "./store";

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
  for (const [key, record] of Object.entries(partition.idempotency))
    if (record.expiresAt <= now) delete partition.idempotency[key];
  const key = `${operation}:${token}`;
  const print = fingerprint(input);
  const previous = partition.idempotency[key];
  if (previous) {
    if (previous.fingerprint !== print)
      throw validation(
        `The clientToken ${token} was already used with different parameters for ${operation}.`,
      );
    return previous.result as T;
  }
  const result = run();
  partition.idempotency[key] = { fingerprint: print, result, expiresAt: now + TOKEN_TTL_MS };
  return result;
}
