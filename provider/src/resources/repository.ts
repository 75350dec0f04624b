/**
 * Repository: a repository linked to Proton. Proton has no UpdateRepository, so every member but the
 * tags replaces the link. CreateRepository is idempotent (the same link again answers the existing one),
 * so create writes the owner tag and takes the link only when that tag names this resource.
 */
import {
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  GetRepositoryCommand,
  type RepositoryProvider,
} from "@aws-sdk/client-proton";
import type { Rule } from "../core/check";
import type { OperationContext } from "../core/context";
import { defineResource, toState } from "../core/resource";
import { reconcileTags, readTags, toTagList } from "../core/tags";
import { compact } from "../core/values";
import { RepositorySchema, type RepositoryInputs } from "../generated/schema";
import { assertAdoptable, readUserTags, withOwnerTag } from "./ownership";
import { connectionArnRule, repositoryNameRule } from "./syncConfig";
import { arnRule } from "../core/check";

type RepositoryState = RepositoryInputs & Record<string, unknown>;

const rules: Rule[] = [
  { ...repositoryNameRule("name"), required: true },
  { ...connectionArnRule, required: true },
  arnRule("encryptionKey", "a KMS key"),
];

/** Ids read `provider:name`, e.g. `GITHUB:myorg/myrepo`. */
export const repositoryId = (provider: string, name: string) => `${provider}:${name}`;

export function parseRepositoryId(id: string): { provider: RepositoryProvider; name: string } {
  const match = /^(GITHUB|GITHUB_ENTERPRISE|BITBUCKET):(.+)$/.exec(id);
  if (!match)
    throw new Error(`"${id}" is not a repository id (expected provider:name, e.g. GITHUB:myorg/myrepo)`);
  return { provider: match[1] as RepositoryProvider, name: match[2] };
}

export const repositoryProvider = defineResource<RepositoryInputs, RepositoryState>({
  schema: RepositorySchema,
  rules,
  uniqueBy: ["provider", "name"],
  describe: (bag, id) => id ?? repositoryId(String(bag.provider), String(bag.name)),

  async create(ctx, inputs) {
    const provider = inputs.provider as RepositoryProvider;
    const name = inputs.name as string;
    const id = repositoryId(provider, name);
    const created = await ctx.call("CreateRepository", (c) =>
      c.send(
        new CreateRepositoryCommand(
          compact({
            provider,
            name,
            connectionArn: inputs.connectionArn as string,
            encryptionKey: inputs.encryptionKey,
            tags: toTagList(withOwnerTag(inputs.tags, inputs.owner)),
          }),
        ),
      ),
    );
    // The same link made before (by someone else, or by an interrupted run of this stack) is answered
    // as created: only our own owner tag makes it ours.
    assertAdoptable(`Repository "${id}"`, id, await readTags(ctx, created.repository?.arn), inputs);
    const live = await repositoryState(ctx, id);
    if (!live) throw new Error(`Repository "${id}" vanished right after creation`);
    return { id, outs: live };
  },

  read: (ctx, id) => repositoryState(ctx, id),

  async update(ctx, id, olds, news, changed) {
    if (changed.includes("tags")) await reconcileTags(ctx, String(olds.arn), olds.tags, news.tags);
    const live = await repositoryState(ctx, id);
    if (!live) throw new Error(`Repository "${id}" disappeared during update`);
    return live;
  },

  // Synchronous in Proton; refused (ConflictException, naming the users) while anything uses the link.
  async delete(ctx, id) {
    await ctx.call("DeleteRepository", (c) => c.send(new DeleteRepositoryCommand(parseRepositoryId(id))));
  },
});

async function repositoryState(ctx: OperationContext, id: string): Promise<RepositoryState | undefined> {
  const found = await ctx.find("GetRepository", (c) =>
    c.send(new GetRepositoryCommand(parseRepositoryId(id))),
  );
  if (!found?.repository) return undefined;
  const tags = await readUserTags(ctx, found.repository.arn);
  return toState({ ...found.repository, tags }) as RepositoryState;
}
