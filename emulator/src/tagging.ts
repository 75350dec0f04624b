/**
 * Which resources a partition holds tags for: every taggable resource is registered on create (with its
 * initial tags) and dropped on its final delete, which is what makes Tag/Untag/ListTagsForResource know it.
 */
import { defineSlice, type Partition } from "./store";

const tags = defineSlice<Record<string, Record<string, string>>>("tags", () => ({}));

/** The tags of a resource the partition holds, by ARN (undefined when it holds no such resource). */
export const tagsOf = (partition: Partition, arn: string): Record<string, string> | undefined =>
  tags.of(partition)[arn];

export function registerTags(
  partition: Partition,
  arn: string,
  initial: ReadonlyArray<{ key?: string; value?: string }> = [],
): void {
  const map: Record<string, string> = {};
  for (const { key, value } of initial) if (key !== undefined) map[key] = value ?? "";
  tags.of(partition)[arn] = map;
}

export function dropTags(partition: Partition, arn: string): void {
  delete tags.of(partition)[arn];
}
