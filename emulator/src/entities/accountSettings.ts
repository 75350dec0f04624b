/** Get/UpdateAccountSettings: the account's pipeline roles and pipeline provisioning repository. */
import type {
  AccountSettings,
  GetAccountSettingsOutput,
  UpdateAccountSettingsInput,
  UpdateAccountSettingsOutput,
} from "@aws-sdk/client-proton";
import { arnResource } from "../arn";
import { validation } from "../errors";
import type { EntityModule, OperationContext } from "../operations";
import type { AccountSettingsRecord } from "../store";

const view = (settings: AccountSettingsRecord): AccountSettings => ({ ...settings });

/** An empty role ARN clears the setting, as the API documents for both role members. */
const roleUpdate = (value: string | undefined, current: string | undefined) =>
  value === undefined ? current : value === "" ? undefined : value;

function update(ctx: OperationContext, input: UpdateAccountSettingsInput): UpdateAccountSettingsOutput {
  if (input.deletePipelineProvisioningRepository && input.pipelineProvisioningRepository)
    throw validation(
      "Set either pipelineProvisioningRepository or deletePipelineProvisioningRepository, not both.",
    );
  const current = ctx.partition.accountSettings;
  const repo = input.pipelineProvisioningRepository;
  const next: AccountSettingsRecord = {
    pipelineServiceRoleArn: roleUpdate(input.pipelineServiceRoleArn, current.pipelineServiceRoleArn),
    pipelineCodebuildRoleArn: roleUpdate(input.pipelineCodebuildRoleArn, current.pipelineCodebuildRoleArn),
    pipelineProvisioningRepository: input.deletePipelineProvisioningRepository
      ? undefined
      : repo
        ? {
            arn: ctx.arn(arnResource.repository(repo.provider as string, repo.name as string)),
            provider: repo.provider as NonNullable<
              AccountSettingsRecord["pipelineProvisioningRepository"]
            >["provider"],
            name: repo.name as string,
            branch: repo.branch as string,
          }
        : current.pipelineProvisioningRepository,
  };
  ctx.partition.accountSettings = Object.fromEntries(
    Object.entries(next).filter(([, v]) => v !== undefined),
  ) as AccountSettingsRecord;
  return { accountSettings: view(ctx.partition.accountSettings) };
}

export const accountSettings: EntityModule = {
  operations: {
    GetAccountSettings: (ctx): GetAccountSettingsOutput => ({
      accountSettings: view(ctx.partition.accountSettings),
    }),
    UpdateAccountSettings: update,
  },
};
