/**
 * AccountSettings: the per-account, per-region pipeline settings. There is nothing to create or
 * delete in Proton, so create sets them, delete clears them, and "gone" means nothing is set.
 */
import {
  GetAccountSettingsCommand,
  UpdateAccountSettingsCommand,
  type AccountSettings,
  type RepositoryProvider,
  type UpdateAccountSettingsInput,
} from "@aws-sdk/client-proton";
import { arnRule, REPOSITORY_PROVIDERS, type Rule } from "../core/check";
import type { OperationContext } from "../core/context";
import type { PropertyTable } from "../core/diff";
import { defineResource, type ResourceInputs } from "../core/resource";
import { compact } from "../core/values";

export interface RepositoryBranchInputs {
  provider?: string;
  name?: string;
  branch?: string;
}

export interface AccountSettingsInputs extends ResourceInputs {
  pipelineServiceRoleArn?: string;
  pipelineCodebuildRoleArn?: string;
  pipelineProvisioningRepository?: RepositoryBranchInputs;
}

export type AccountSettingsState = AccountSettingsInputs & Record<string, unknown>;

export const ACCOUNT_SETTINGS_RULES: readonly Rule[] = [
  arnRule("pipelineServiceRoleArn"),
  arnRule("pipelineCodebuildRoleArn"),
  { property: "pipelineProvisioningRepository", type: "object" },
  { property: "pipelineProvisioningRepository.provider", type: "string", oneOf: REPOSITORY_PROVIDERS },
  { property: "pipelineProvisioningRepository.name", type: "string", minLength: 1, maxLength: 100 },
  { property: "pipelineProvisioningRepository.branch", type: "string", minLength: 1, maxLength: 200 },
];

export const ACCOUNT_SETTINGS_PROPERTIES: PropertyTable = {
  pipelineServiceRoleArn: { onChange: "update" },
  pipelineCodebuildRoleArn: { onChange: "update" },
  pipelineProvisioningRepository: { onChange: "update" },
};

const MEMBERS = Object.keys(ACCOUNT_SETTINGS_PROPERTIES);

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
        ? {
            provider: repo.provider as RepositoryProvider,
            name: repo.name ?? "",
            branch: repo.branch ?? "",
          }
        : undefined,
    deletePipelineProvisioningRepository:
      changed.includes("pipelineProvisioningRepository") && !repo ? true : undefined,
  });
}

/** Live settings in input shape; the repository ARN is a separate output so diffs compare like with like. */
function toState(settings: AccountSettings | undefined): AccountSettingsState | undefined {
  const repo = settings?.pipelineProvisioningRepository;
  const state = compact({
    pipelineServiceRoleArn: settings?.pipelineServiceRoleArn || undefined,
    pipelineCodebuildRoleArn: settings?.pipelineCodebuildRoleArn || undefined,
    pipelineProvisioningRepository: repo
      ? { provider: repo.provider, name: repo.name, branch: repo.branch }
      : undefined,
    pipelineProvisioningRepositoryArn: repo?.arn,
  });
  return Object.keys(state).length > 0 ? state : undefined;
}

async function liveState(ctx: OperationContext): Promise<AccountSettingsState | undefined> {
  const out = await ctx.call("GetAccountSettings", (c) => c.send(new GetAccountSettingsCommand({})));
  return toState(out.accountSettings);
}

/** Settings are per account and region; the region names the instance. */
async function settingsId(ctx: OperationContext): Promise<string> {
  return `accountSettings:${await ctx.client.config.region()}`;
}

export const accountSettingsProvider = defineResource<AccountSettingsInputs, AccountSettingsState>({
  kind: "AccountSettings",
  rules: ACCOUNT_SETTINGS_RULES,
  diff: { properties: ACCOUNT_SETTINGS_PROPERTIES },
  inputMembers: MEMBERS,
  describe: (_bag, id) => id ?? "account settings",

  async create(ctx, inputs) {
    await ctx.call("UpdateAccountSettings", (c) =>
      c.send(new UpdateAccountSettingsCommand(settingsRequest(inputs, MEMBERS))),
    );
    return { id: await settingsId(ctx), outs: (await liveState(ctx)) ?? {} };
  },

  // Nothing set means there is nothing for this resource to manage any more.
  read: (ctx) => liveState(ctx),

  async update(ctx, _id, _olds, news, changed) {
    await ctx.call("UpdateAccountSettings", (c) =>
      c.send(new UpdateAccountSettingsCommand(settingsRequest(news, changed))),
    );
    return (await liveState(ctx)) ?? {};
  },

  async delete(ctx) {
    await ctx.call("UpdateAccountSettings", (c) =>
      c.send(new UpdateAccountSettingsCommand(settingsRequest({}, MEMBERS))),
    );
  },
});
