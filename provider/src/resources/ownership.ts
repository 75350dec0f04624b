/**
 * Recognising what this stack created. Environments and services have no clientToken, so a `pulumi up`
 * killed between CreateEnvironment and the state write leaves a resource the next run would collide
 * with. Every create therefore carries an owner tag (`<project>/<stack>/<logical name>`, the `owner`
 * input every SDK class sends); a same-named resource carrying our owner tag is adopted, anything else
 * is refused unless the program imports it (`importId`, handled by the core's adopt).
 */
import { ProtonStateError } from "../core/errors";
import type { CommonInputs, OperationContext } from "../core/context";
import { readTags, type TagMap } from "../core/tags";
import { REFUSED } from "./deployable";

export const OWNER_TAG = "pulumi-aws-proton:owner";

export function withOwnerTag(tags: TagMap | undefined, owner: string | undefined): TagMap {
  return { ...(tags ?? {}), ...(owner ? { [OWNER_TAG]: owner } : {}) };
}

/** The user's tags: the owner tag is the provider's bookkeeping, never drift. */
export function userTags(tags: TagMap): TagMap {
  const { [OWNER_TAG]: _owner, ...rest } = tags;
  return rest;
}

/** The user's tags on a live resource (none when it has no ARN yet). */
export async function readUserTags(ctx: OperationContext, arn: string | undefined): Promise<TagMap> {
  return userTags(await readTags(ctx, arn));
}

/**
 * Throws unless an existing same-named resource is this resource's own (an interrupted run of this
 * stack created it). Explicit imports (`importId`) never get here: the core adopts those.
 */
export function assertAdoptable(what: string, id: string, liveTags: TagMap, inputs: CommonInputs): void {
  const owner = liveTags[OWNER_TAG];
  if (owner !== undefined && owner === inputs.owner) return;
  throw new ProtonStateError(
    `${what} already exists and was not created by this stack` +
      (owner ? ` (it belongs to ${owner})` : "") +
      `; to manage it here, declare it with the resource option { import: "${id}" }`,
    REFUSED,
  );
}
