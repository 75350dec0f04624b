/** Account settings: one record per partition (pipeline roles and pipeline provisioning repository). */
import { defineSlice, type Partition } from "../store";
import type { Provisioning } from "./deployment.records";
import type { RepositoryBranch } from "./repository";

export interface AccountSettingsRecord {
  pipelineServiceRoleArn?: string;
  pipelineCodebuildRoleArn?: string;
  pipelineProvisioningRepository?: RepositoryBranch;
}

export const accountSettings = defineSlice<AccountSettingsRecord>("accountSettings", () => ({}));

export const accountSettingsOf = (partition: Partition) => accountSettings.of(partition);

/** How the account's service pipelines are provisioned: a pipeline provisioning repository makes them self-managed. */
export const pipelineProvisioningOf = (settings: AccountSettingsRecord): Provisioning =>
  settings.pipelineProvisioningRepository !== undefined
    ? "SELF_MANAGED"
    : settings.pipelineServiceRoleArn === undefined && settings.pipelineCodebuildRoleArn !== undefined
      ? "CODEBUILD"
      : "CLOUDFORMATION";
