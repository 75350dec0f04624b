/**
 * EnvironmentAccountConnection: requested from the environment account (its `connection` settings
 * act as that account) towards a management account, where EnvironmentAccountConnectionAccepter
 * accepts it. The create is idempotent through a deterministic clientToken.
 */
import {
  CreateEnvironmentAccountConnectionCommand,
  DeleteEnvironmentAccountConnectionCommand,
  GetEnvironmentAccountConnectionCommand,
  ListEnvironmentAccountConnectionsCommand,
  UpdateEnvironmentAccountConnectionCommand,
  type EnvironmentAccountConnection,
} from "@aws-sdk/client-proton";
import { arnRule, nameRule, type Rule } from "../core/check";
import { clientToken, createOnce } from "../core/clientToken";
import type { OperationContext } from "../core/context";
import { errorFacts } from "../core/errors";
import { defineResource, toState } from "../core/resource";
import { readTags, reconcileTags, toTagList } from "../core/tags";
import { compact } from "../core/values";
import {
  EnvironmentAccountConnectionSchema,
  type EnvironmentAccountConnectionInputs as ConnectionInputs,
} from "../generated/schema";
import { OWNER_TAG, readUserTags, withOwnerTag } from "./ownership";

export type ConnectionState = ConnectionInputs & Record<string, unknown>;

const ROLES = ["roleArn", "componentRoleArn", "codebuildRoleArn"] as const;

const rules: readonly Rule[] = [
  {
    property: "managementAccountId",
    type: "string",
    pattern: /^\d{12}$/,
    patternHint: "must be a 12-digit AWS account id",
  },
  nameRule("environmentName"),
  ...ROLES.map((role) => arnRule(role)),
];

/** Every detail field as an output; `connectionId` repeats the id for use as an input elsewhere. */
export function connectionOutputs(detail: EnvironmentAccountConnection): Record<string, unknown> {
  return toState({ ...detail, connectionId: detail.id });
}

async function create(ctx: OperationContext, inputs: ConnectionInputs) {
  const request = compact({
    managementAccountId: inputs.managementAccountId,
    environmentName: inputs.environmentName,
    roleArn: inputs.roleArn,
    componentRoleArn: inputs.componentRoleArn,
    codebuildRoleArn: inputs.codebuildRoleArn,
    tags: toTagList(withOwnerTag(inputs.tags, inputs.owner)),
  });
  const token = clientToken("EnvironmentAccountConnection", { ...request, owner: inputs.owner });
  let id: string | undefined;
  try {
    const created = await createOnce({
      token,
      create: (clientToken) =>
        ctx.call("CreateEnvironmentAccountConnection", (c) =>
          c.send(new CreateEnvironmentAccountConnectionCommand({ ...request, clientToken })),
        ),
      exists: async (result) =>
        (await liveState(ctx, String(result.environmentAccountConnection?.id))) !== undefined,
      // Nothing the create references can be missing: a not-found can only be a replayed deleted one.
      replayedDeleted: async () => true,
    });
    id = created.environmentAccountConnection?.id;
  } catch (error) {
    if (errorFacts(error).name !== "ConflictException") throw error;
    id = await findOwned(ctx, inputs);
    if (!id) throw error;
    ctx.log(`EnvironmentAccountConnection ${id}: adopting the connection this stack requested earlier`);
    await updateRoles(ctx, id, inputs);
  }
  const state = id ? await liveState(ctx, id) : undefined;
  if (!id || !state) throw new Error("the environment account connection vanished right after creation");
  return { id, outs: state };
}

async function updateRoles(ctx: OperationContext, id: string, news: ConnectionInputs): Promise<void> {
  await ctx.call("UpdateEnvironmentAccountConnection", (c) =>
    c.send(
      new UpdateEnvironmentAccountConnectionCommand(
        compact({
          id,
          roleArn: news.roleArn,
          componentRoleArn: news.componentRoleArn,
          codebuildRoleArn: news.codebuildRoleArn,
        }),
      ),
    ),
  );
}

export const environmentAccountConnectionProvider = defineResource<ConnectionInputs, ConnectionState>({
  schema: EnvironmentAccountConnectionSchema,
  rules,
  uniqueBy: ["managementAccountId", "environmentName"],
  describe: (bag, id) => String(id ?? `(for environment ${String(bag.environmentName)})`),
  create,
  read: (ctx, id) => liveState(ctx, id),
  async update(ctx, id, olds, news, changed) {
    if (changed.some((p) => (ROLES as readonly string[]).includes(p))) await updateRoles(ctx, id, news);
    if (changed.includes("tags")) await reconcileTags(ctx, String(olds.arn), olds.tags, news.tags);
    const state = await liveState(ctx, id);
    if (!state) throw new Error(`EnvironmentAccountConnection ${id} disappeared during update`);
    return state;
  },
  async delete(ctx, id) {
    await ctx.call("DeleteEnvironmentAccountConnection", (c) =>
      c.send(new DeleteEnvironmentAccountConnectionCommand({ id })),
    );
  },
});

async function liveState(ctx: OperationContext, id: string): Promise<ConnectionState | undefined> {
  const found = await ctx.find("GetEnvironmentAccountConnection", (c) =>
    c.send(new GetEnvironmentAccountConnectionCommand({ id })),
  );
  const detail = found?.environmentAccountConnection;
  if (!detail) return undefined;
  const tags = await readUserTags(ctx, detail.arn);
  return { ...connectionOutputs(detail), tags } as ConnectionState;
}

/**
 * A connection this stack requested in a run that was interrupted after the token expired: Proton
 * refuses a second one for the same environment, so find ours by its owner tag.
 */
async function findOwned(ctx: OperationContext, inputs: ConnectionInputs): Promise<string | undefined> {
  if (!inputs.owner) return undefined;
  let nextToken: string | undefined;
  do {
    const page = await ctx.call("ListEnvironmentAccountConnections", (c) =>
      c.send(
        new ListEnvironmentAccountConnectionsCommand({
          requestedBy: "ENVIRONMENT_ACCOUNT",
          environmentName: inputs.environmentName,
          nextToken,
        }),
      ),
    );
    for (const summary of page.environmentAccountConnections ?? []) {
      if (summary.managementAccountId !== inputs.managementAccountId || !summary.arn) continue;
      if ((await readTags(ctx, summary.arn))[OWNER_TAG] === inputs.owner) return summary.id;
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return undefined;
}
