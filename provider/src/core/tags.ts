/** Tags as a `{ key: value }` map in Pulumi, a `[{ key, value }]` list in Proton. */
import {
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type Tag,
} from "@aws-sdk/client-proton";
import type { OperationContext } from "./context";

export type TagMap = Record<string, string>;

export function toTagList(tags: TagMap | undefined): Tag[] | undefined {
  const entries = Object.entries(tags ?? {});
  return entries.length > 0 ? entries.map(([key, value]) => ({ key, value })) : undefined;
}

export function fromTagList(tags: readonly Tag[] | undefined): TagMap {
  return Object.fromEntries((tags ?? []).map((t) => [t.key ?? "", t.value ?? ""]));
}

/** What TagResource/UntagResource must send to turn `olds` into `news`. */
export function tagChanges(
  olds: TagMap | undefined,
  news: TagMap | undefined,
): { set: TagMap; remove: string[] } {
  const before = olds ?? {};
  const after = news ?? {};
  const set = Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k] !== v));
  const remove = Object.keys(before).filter((k) => !(k in after));
  return { set, remove };
}

export async function reconcileTags(
  ctx: OperationContext,
  resourceArn: string,
  olds: TagMap | undefined,
  news: TagMap | undefined,
): Promise<void> {
  const { set, remove } = tagChanges(olds, news);
  if (remove.length > 0) {
    await ctx.call("UntagResource", (c) =>
      c.send(new UntagResourceCommand({ resourceArn, tagKeys: remove })),
    );
  }
  const tags = toTagList(set);
  if (tags) await ctx.call("TagResource", (c) => c.send(new TagResourceCommand({ resourceArn, tags })));
}

/** Live tags, following pagination (none for a resource without an ARN yet). */
export async function readTags(ctx: OperationContext, resourceArn: string | undefined): Promise<TagMap> {
  if (!resourceArn) return {};
  const all: Tag[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ctx.call("ListTagsForResource", (c) =>
      c.send(new ListTagsForResourceCommand({ resourceArn, nextToken })),
    );
    all.push(...(page.tags ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return fromTagList(all);
}
