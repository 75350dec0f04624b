/**
 * Deterministic client tokens: a retried or re-run create with the same inputs replays instead of
 * creating a duplicate. Proton remembers tokens for hours, so a token can also replay a create whose
 * resource was deleted since; `createOnce` detects that and creates again with a fresh token.
 */
import { createHash, randomUUID } from "node:crypto";
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
  /** Whether what the create returned still exists (a Get). */
  exists: (result: R) => Promise<boolean>;
}

export async function createOnce<R>(options: CreateOnceOptions<R>): Promise<R> {
  const result = await options.create(options.token);
  if (await options.exists(result)) return result;
  // The token replayed a create whose resource has since been deleted.
  return options.create(randomUUID());
}
