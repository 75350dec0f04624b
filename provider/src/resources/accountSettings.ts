/**
 * AccountSettings: the per-account, per-region pipeline settings. There is nothing to create or
 * delete in Proton, so create sets them, delete clears them, and they always exist: a read of
 * settings with nothing set is the resource with nothing set, never "gone".
 */
import {
  GetAccountSettingsCommand,
  UpdateAccountSettingsCommand,
  type AccountSettings,
  type RepositoryProvider,
  type UpdateAccountSettingsInput,
} from "@aws-sdk/client-proton";
import { arnRule, type Rule } from "../core/check";
import type { OperationContext } from "../core/context";
import { defineResource } from "../core/resource";
import { compact } from "../core/values";
import { AccountSettingsSchema, type AccountSettingsInputs } from "../generated/schema";

export type AccountSettingsState = AccountSettingsInputs & Record<string, unknown>;

const rules: readonly Rule[] = [
  arnRule("pipelineServiceRoleArn"),
  arnRule("pipelineCodebuildRoleArn"),
  { property: "pipelineProvisioningRepository.name", type: "string", minLength: 1, maxLength: 100 },
  { property: "pipelineProvisioningRepository.branch", type: "string", minLength: 1, maxLength: 200 },
];

const MEMBERS = AccountSettingsSchema.inputMembers;

/**
 * The request that turns the current settings into `wanted`: an empty string clears a role ARN,
 * `deletePipelineProvisioningRepository` clears the repository (Proton's own conventions).
 */
export function settingsRequest(
  wanted: AccountSettingsInputs,
  changed: readonly string[],
): UpdateAccountSettingsInput {
  const repo = wanted.pipelineProvisioningRepository;
  return compact({
    pipelineServiceRoleArn: changed.includes("pipelineServiceRoleArn")
      ? (wanted.pipelineServiceRoleArn ?? "")
      : undefined,
    pipelineCodebuildRoleArn: changed.includes("pipelineCodebuildRoleArn")
      ? (wanted.pipelineCodebuildRoleArn ?? "")
      : undefined,
    pipelineProvisioningRepository:
      changed.includes("pipelineProvisioningRepository") && repo
        ? { provider: repo.provider as RepositoryProvider, name: repo.name, branch: repo.branch }
        : undefined,
    deletePipelineProvisioningRepository:
      changed.includes("pipelineProvisioningRepository") && !repo ? true : undefined,
  });
}

export const accountSettingsProvider = defineResource<AccountSettingsInputs, AccountSettingsState>({
  schema: AccountSettingsSchema,
  rules,
  describe: (_bag, id) => id ?? "account settings",

  async create(ctx, inputs) {
    await updateSettings(ctx, settingsRequest(inputs, MEMBERS));
    return { id: await settingsId(ctx), outs: await findSettings(ctx) };
  },

  read: (ctx) => findSettings(ctx),

  async update(ctx, _id, _olds, news, changed) {
    await updateSettings(ctx, settingsRequest(news, changed));
    return findSettings(ctx);
  },

  async delete(ctx) {
    await updateSettings(ctx, settingsRequest({}, MEMBERS));
  },
});

function updateSettings(ctx: OperationContext, request: UpdateAccountSettingsInput) {
  return ctx.call("UpdateAccountSettings", (c) => c.send(new UpdateAccountSettingsCommand(request)));
}

/**
 * Live settings in input shape; the repository ARN is a separate output so diffs compare like with
 * like. Every member is present, unset ones as undefined, so a setting cleared outside Pulumi
 * replaces the value the state had (refresh shows it as drift).
 */
function settingsState(settings: AccountSettings | undefined): AccountSettingsState {
  const repo = settings?.pipelineProvisioningRepository;
  return {
    pipelineServiceRoleArn: settings?.pipelineServiceRoleArn || undefined,
    pipelineCodebuildRoleArn: settings?.pipelineCodebuildRoleArn || undefined,
    pipelineProvisioningRepository: repo
      ? { provider: repo.provider, name: repo.name, branch: repo.branch }
      : undefined,
    pipelineProvisioningRepositoryArn: repo?.arn,
  } as AccountSettingsState;
}

/** The account's settings: they always exist, possibly with nothing set. */
async function findSettings(ctx: OperationContext): Promise<AccountSettingsState> {
  const out = await ctx.call("GetAccountSettings", (c) => c.send(new GetAccountSettingsCommand({})));
  return settingsState(out.accountSettings);
}

/** Settings are per account and region; the region names the instance. */
async function settingsId(ctx: OperationContext): Promise<string> {
  return `accountSettings:${await ctx.client.config.region()}`;
}
