/** Account settings: one record per partition (pipeline roles and pipeline provisioning repository). */
import { defineSlice, type Partition } from "../store";
import type { RepositoryBranch } from "./repository";

export interface AccountSettingsRecord {
  pipelineServiceRoleArn?: string;
  pipelineCodebuildRoleArn?: string;
  pipelineProvisioningRepository?: RepositoryBranch;
}

export const accountSettings = defineSlice<AccountSettingsRecord>("accountSettings", () => ({}));

export const accountSettingsOf = (partition: Partition) => accountSettings.of(partition);
