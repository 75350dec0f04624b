import * as pulumi from "@pulumi/pulumi";
import { dynamicResourceArgs } from "./resourceInputs";
import type { CommonArgs } from "./settings";

/** A linked repository and branch for self-managed pipeline provisioning. */
export interface RepositoryBranchArgs {
  /** `GITHUB`, `GITHUB_ENTERPRISE` or `BITBUCKET`. */
  provider: pulumi.Input<"GITHUB" | "GITHUB_ENTERPRISE" | "BITBUCKET">;
  /** Repository name, e.g. `myorg/pipelines`. */
  name: pulumi.Input<string>;
  /** Branch name. */
  branch: pulumi.Input<string>;
}

export interface AccountSettingsArgs extends CommonArgs {
  /** IAM role ARN Proton uses to provision service pipelines (AWS-managed provisioning). Updated in place. */
  pipelineServiceRoleArn?: pulumi.Input<string>;
  /** IAM role ARN for CodeBuild-based provisioning. Updated in place. */
  pipelineCodebuildRoleArn?: pulumi.Input<string>;
  /** Repository for self-managed pipeline provisioning. Updated in place; removing it unlinks it. */
  pipelineProvisioningRepository?: pulumi.Input<RepositoryBranchArgs>;
}

/**
 * AWS Proton account settings for one account and region (declare at most one per
 * account/region). Deleting the resource clears the settings. Id: `accountSettings:<region>`
 * (`{ import: id }` takes over settings made elsewhere).
 */
export class AccountSettings extends pulumi.dynamic.Resource {
  /** Pipeline service role ARN. */
  declare public readonly pipelineServiceRoleArn: pulumi.Output<string | undefined>;
  /** CodeBuild provisioning role ARN. */
  declare public readonly pipelineCodebuildRoleArn: pulumi.Output<string | undefined>;
  /** Linked pipeline provisioning repository. */
  declare public readonly pipelineProvisioningRepository: pulumi.Output<
    { provider: string; name: string; branch: string } | undefined
  >;
  /** ARN of the linked pipeline provisioning repository. */
  declare public readonly pipelineProvisioningRepositoryArn: pulumi.Output<string | undefined>;

  constructor(name: string, args?: AccountSettingsArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      ...dynamicResourceArgs(
        "AccountSettings",
        name,
        args,
        [
          "pipelineServiceRoleArn",
          "pipelineCodebuildRoleArn",
          "pipelineProvisioningRepository",
          "pipelineProvisioningRepositoryArn",
        ],
        opts,
      ),
    );
  }

  /** Reads the account settings (id `accountSettings:<region>`) without managing them. */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    opts?: pulumi.CustomResourceOptions,
  ): AccountSettings {
    return new AccountSettings(name, undefined, { ...opts, id });
  }
}
