/** Get/UpdateAccountSettings: the account's pipeline roles and pipeline provisioning repository. */
import type {
  AccountSettings,
  GetAccountSettingsOutput,
  UpdateAccountSettingsInput,
  UpdateAccountSettingsOutput,
} from "@aws-sdk/client-proton";
import { validation } from "../errors";
import type { EntityModule, OperationContext } from "../operations";
import { accountSettings as settings, type AccountSettingsRecord } from "./accountSettings.records";
import { repositoryBranch } from "./repository";

const view = (settings: AccountSettingsRecord): AccountSettings => ({ ...settings });

/** An empty role ARN clears the setting, as the API documents for both role members. */
const roleUpdate = (value: string | undefined, current: string | undefined) =>
  value === undefined ? current : value === "" ? undefined : value;

function update(ctx: OperationContext, input: UpdateAccountSettingsInput): UpdateAccountSettingsOutput {
  if (input.deletePipelineProvisioningRepository && input.pipelineProvisioningRepository)
    throw validation(
      "Set either pipelineProvisioningRepository or deletePipelineProvisioningRepository, not both.",
    );
  const current = settings.of(ctx.partition);
  const repo = input.pipelineProvisioningRepository;
  const next: AccountSettingsRecord = {
    pipelineServiceRoleArn: roleUpdate(input.pipelineServiceRoleArn, current.pipelineServiceRoleArn),
    pipelineCodebuildRoleArn: roleUpdate(input.pipelineCodebuildRoleArn, current.pipelineCodebuildRoleArn),
    pipelineProvisioningRepository: input.deletePipelineProvisioningRepository
      ? undefined
      : repo
        ? repositoryBranch(ctx, repo)
        : current.pipelineProvisioningRepository,
  };
  const kept = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined));
  settings.set(ctx.partition, kept as AccountSettingsRecord);
  return { accountSettings: view(settings.of(ctx.partition)) };
}

export const accountSettings: EntityModule = {
  operations: {
    GetAccountSettings: (ctx): GetAccountSettingsOutput => ({
      accountSettings: view(settings.of(ctx.partition)),
    }),
    UpdateAccountSettings: update,
  },
};
