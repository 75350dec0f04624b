/**
 * Deterministic client tokens: a retried or re-run create with the same inputs replays instead of
 * creating a duplicate. Proton remembers tokens for hours, so a token can also replay a create whose
 * resource was deleted since; `createOnce` detects that and creates again with a fresh token.
 */
import { createHash, randomUUID } from "node:crypto";
import { isNotFound } from "./errors";
import { stableStringify } from "./values";

/** Proton's clientToken: up to 64 printable characters. */
export function clientToken(kind: string, identity: unknown): string {
  return createHash("sha256")
    .update(`${kind}\n${stableStringify(identity)}`)
    .digest("hex")
    .slice(0, 64);
}

export interface CreateOnceOptions<R> {
  token: string;
  create: (token: string) => Promise<R>;
  /**
   * Whether what the create returned still exists (a Get). Omitted when the caller's next step
   * reads the resource anyway and handles its absence (e.g. a registration wait).
   */
  exists?: (result: R) => Promise<boolean>;
  /**
   * Whether a not-found answer to the create means "the token replayed a deleted resource" rather
   * than "a referenced resource is missing" (e.g. the parent still exists).
   */
  replayedDeleted: () => Promise<boolean>;
}

/**
 * Creates with the deterministic token. A replay of a since-deleted resource shows up either as
 * a not-found answer to the create itself or as a result that no longer exists: create again
 * with a fresh token.
 */
export async function createOnce<R>(options: CreateOnceOptions<R>): Promise<R> {
  let result: R;
  try {
    result = await options.create(options.token);
  } catch (error) {
    if (!isNotFound(error) || !(await options.replayedDeleted())) throw error;
    return options.create(randomUUID());
  }
  if (!options.exists || (await options.exists(result))) return result;
  return options.create(randomUUID());
}
