/** Tag/Untag/ListTagsForResource for any resource ARN the emulator holds (see TagOps.register). */
import type {
  ListTagsForResourceInput,
  ListTagsForResourceOutput,
  TagResourceInput,
  TagResourceOutput,
  UntagResourceInput,
  UntagResourceOutput,
} from "@aws-sdk/client-proton";
import { parseArn } from "../arn";
import { accessDenied, notFound, validation } from "../errors";
import { markModified } from "../idempotency";
import type { EntityModule, OperationContext } from "../operations";
import { paginate } from "../pagination";
import { tagsOf } from "../tagging";

export const MAX_TAGS = 50;

/** The tag map of a resource the caller owns; another account's ARN is AccessDenied, else NotFound. */
function tagMap(ctx: OperationContext, resourceArn: string): Record<string, string> {
  const arn = parseArn(resourceArn);
  if (arn && arn.accountId !== ctx.accountId)
    throw accessDenied(`Account ${ctx.accountId} is not authorized to access ${resourceArn}.`);
  const tags =
    arn?.service === "proton" ? tagsOf(ctx.partitionFor(arn.accountId, arn.region), resourceArn) : undefined;
  if (!tags) throw notFound(`The resource ${resourceArn} was not found.`);
  return tags;
}

/** A tag change modifies the resource: a retry of the create that made it now conflicts. */
function tagsChanged(ctx: OperationContext, resourceArn: string): void {
  const arn = parseArn(resourceArn);
  if (arn) markModified(ctx.partitionFor(arn.accountId, arn.region), resourceArn);
}

function tagResource(ctx: OperationContext, input: TagResourceInput): TagResourceOutput {
  const tags = tagMap(ctx, input.resourceArn as string);
  const merged = { ...tags };
  for (const { key, value } of input.tags ?? []) merged[key as string] = value as string;
  if (Object.keys(merged).length > MAX_TAGS)
    throw validation(
      `A resource can have at most ${MAX_TAGS} tags; this request would leave ${Object.keys(merged).length}.`,
    );
  Object.assign(tags, merged);
  tagsChanged(ctx, input.resourceArn as string);
  return {};
}

function untagResource(ctx: OperationContext, input: UntagResourceInput): UntagResourceOutput {
  const tags = tagMap(ctx, input.resourceArn as string);
  for (const key of input.tagKeys ?? []) delete tags[key];
  tagsChanged(ctx, input.resourceArn as string);
  return {};
}

function listTags(ctx: OperationContext, input: ListTagsForResourceInput): ListTagsForResourceOutput {
  const tags = tagMap(ctx, input.resourceArn as string);
  const entries = Object.entries(tags)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => ({ key, value }));
  const page = paginate(entries, input, (tag) => tag.key);
  return { tags: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

export const tags: EntityModule = {
  operations: { TagResource: tagResource, UntagResource: untagResource, ListTagsForResource: listTags },
};
