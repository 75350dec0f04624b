/**
 * What a retried delete answers, as the API reference's "Ensuring Idempotency" describes it.
 * - Idempotent deletes (templates, template versions, environment account connections): a retry after
 *   the delete succeeds with the deleted resource's metadata while the emulator remembers it, then with
 *   an empty response.
 * - Asynchronous idempotent deletes (environments, services): during DELETE_IN_PROGRESS the entity
 *   answers the detail itself; once the deletion completed, a retry gets an empty response.
 * The metadata (the first answer, as it was) is remembered for REMEMBER_METADATA_MS, the eight hours
 * Proton documents for recognising client-token retries; that a resource was deleted is remembered until
 * the state is reset, so a delete of something that never existed is still ResourceNotFoundException.
 * Keyed by the resource's ARN, in the partition that deleted it.
 */
import { internal } from "./errors";
import type { OperationContext } from "./operations";
import { defineSlice, type JsonValue, type Millis } from "./store";

export const REMEMBER_METADATA_MS = 8 * 60 * 60 * 1000;

interface Deletion {
  at: Millis;
  /** The delete's answer, Dates stored as { $date: millis } so it round-trips through the state file. */
  answer?: JsonValue;
}

const deletions = defineSlice<Record<string, Deletion>>("deletions", () => ({}));

const DATE = "$date";

function freeze(value: unknown): JsonValue {
  if (value instanceof Date) return { [DATE]: value.getTime() };
  if (Array.isArray(value)) return value.map(freeze);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, freeze(v)]),
    );
  return value as JsonValue;
}

function thaw(value: JsonValue): unknown {
  if (Array.isArray(value)) return value.map(thaw);
  if (value && typeof value === "object") {
    const date = value[DATE];
    if (typeof date === "number" && Object.keys(value).length === 1) return new Date(date);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, thaw(v)]));
  }
  return value;
}

/** Records that `arn` was deleted; `answer` is what the delete answered (omit it for async deletes). */
export function rememberDeletion(ctx: OperationContext, arn: string, answer?: unknown): void {
  const known = deletions.of(ctx.partition);
  const now = ctx.now();
  for (const deletion of Object.values(known))
    if (deletion.answer !== undefined && now - deletion.at >= REMEMBER_METADATA_MS) delete deletion.answer;
  known[arn] = answer === undefined ? { at: now } : { at: now, answer: freeze(answer) };
}

/**
 * The answer to a delete of `arn`, which no longer exists: the remembered answer, or an empty one. A
 * resource that was never deleted here gets `missing()`, which must throw (its finder's NotFound).
 */
export function replayDeletion<O extends object>(
  ctx: OperationContext,
  arn: string,
  missing: () => unknown,
): O {
  const deletion = deletions.of(ctx.partition)[arn];
  if (!deletion) {
    missing();
    throw internal(`replayDeletion: ${arn} exists after all`);
  }
  const fresh = deletion.answer !== undefined && ctx.now() - deletion.at < REMEMBER_METADATA_MS;
  return (fresh ? thaw(deletion.answer as JsonValue) : {}) as O;
}
