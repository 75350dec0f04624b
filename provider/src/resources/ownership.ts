/**
 * Recognising what this stack created. Environments and services have no clientToken, so a `pulumi up`
 * killed between CreateEnvironment and the state write leaves a resource the next run would collide
 * with. Every create therefore carries an owner tag (`<project>/<stack>/<logical name>`, the `owner`
 * input every SDK class sends); a same-named resource carrying our owner tag is adopted, anything else
 * is refused unless the program imports it (`importId`, handled by the core's adopt).
 */
import { isConflict, isValidation, ProtonStateError } from "../core/errors";
import type { CommonInputs, OperationContext } from "../core/context";
import type { Existing } from "../core/resource";
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

/**
 * Creates first (no existence check that could only answer "not found"). Proton's creates without a
 * clientToken are idempotent: the same request again (this very create retried after its answer was
 * lost) simply succeeds. A same-named resource made otherwise answers ConflictException (it was modified
 * since) or ValidationException (it was created with other parameters, e.g. another owner tag); neither
 * answer's text is trusted: the same-named resource is read (`find`), and if there is one it is adopted
 * through the core's `{ existing }` path when it carries this stack's owner tag (an interrupted run),
 * else refused naming its owner. With no such resource the error is Proton's answer as it is.
 */
export async function createOrAdoptOwn<T>(
  ctx: OperationContext,
  what: string,
  id: string,
  inputs: CommonInputs,
  create: () => Promise<T>,
  find: () => Promise<{ arn?: string } | undefined>,
): Promise<{ created: T } | Existing> {
  try {
    return { created: await create() };
  } catch (error) {
    if (!isConflict(error) && !isValidation(error)) throw error;
    const live = await find();
    // Not a name clash (nothing of that name exists): the refusal is Proton's answer as it is.
    if (!live?.arn) throw error;
    assertAdoptable(what, id, await readTags(ctx, live.arn), inputs);
    ctx.log(`${what}: already exists with this stack's owner tag; adopting it`);
    return { existing: id };
  }
}
