import * as pulumi from "@pulumi/pulumi";
import type { RepositoryBranchArgs } from "./accountSettings";
import { DEPLOYMENT_OUTPUTS, DeployedResource, FROM_TEMPLATE_OUTPUTS } from "./deployment";
import { dynamicResourceArgs } from "./resourceInputs";
import type { CommonArgs } from "./settings";

export interface EnvironmentArgs extends CommonArgs {
  /** Environment name. Default: `<logical name>-<random>`. Changing it replaces the environment. */
  name?: pulumi.Input<string>;
  /** Environment template name. Changing it replaces the environment (Proton can't switch templates). */
  templateName: pulumi.Input<string>;
  /** Major version. Raising it deploys with `MAJOR_VERSION`; lowering it replaces the environment. */
  templateMajorVersion: pulumi.Input<string>;
  /** Minor version. Unset: Proton's recommended minor at creation, kept afterwards. A change deploys with `MINOR_VERSION`. */
  templateMinorVersion?: pulumi.Input<string>;
  /** Spec (YAML, `proton: EnvironmentSpec`). A change deploys with `CURRENT_VERSION`. */
  spec: pulumi.Input<string>;
  /** Description. Updated without a deployment (`NONE`). */
  description?: pulumi.Input<string>;
  /** Role Proton provisions with (AWS-managed provisioning in this account). Updated with `NONE`. */
  protonServiceRoleArn?: pulumi.Input<string>;
  /** Environment account connection (provisioning in another account). Updated with `NONE`. */
  environmentAccountConnectionId?: pulumi.Input<string>;
  /** Infrastructure repository (self-managed provisioning). Updated with `NONE`. */
  provisioningRepository?: pulumi.Input<RepositoryBranchArgs>;
  /** Role for directly defined components. Updated with `NONE`. */
  componentRoleArn?: pulumi.Input<string>;
  /** Role for CodeBuild-based provisioning. Updated with `NONE`. */
  codebuildRoleArn?: pulumi.Input<string>;
  /** Tags (up to 50). Updated in place, no deployment. */
  tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

const OUTPUTS = [
  ...FROM_TEMPLATE_OUTPUTS,
  "protonServiceRoleArn",
  "environmentAccountConnectionId",
  "provisioningRepository",
  "componentRoleArn",
  "codebuildRoleArn",
  "tags",
  "arn",
  "createdAt",
  ...DEPLOYMENT_OUTPUTS,
  "environmentAccountId",
  "provisioning",
  "provisioningRepositoryArn",
] as const;

/**
 * An AWS Proton environment. Every update waits for its deployment; the deploymentType follows from
 * what changed (see the provider README). Id: the environment name. `{ import: name }` adopts an
 * existing environment and deploys the arguments onto it.
 */
export class Environment extends DeployedResource {
  declare public readonly name: pulumi.Output<string>;
  declare public readonly spec: pulumi.Output<string>;
  declare public readonly description: pulumi.Output<string | undefined>;
  declare public readonly protonServiceRoleArn: pulumi.Output<string | undefined>;
  declare public readonly environmentAccountConnectionId: pulumi.Output<string | undefined>;
  declare public readonly provisioningRepository: pulumi.Output<
    { provider: string; name: string; branch: string } | undefined
  >;
  declare public readonly componentRoleArn: pulumi.Output<string | undefined>;
  declare public readonly codebuildRoleArn: pulumi.Output<string | undefined>;
  declare public readonly tags: pulumi.Output<{ [key: string]: string } | undefined>;
  /** The account the environment runs in (with an account connection). */
  declare public readonly environmentAccountId: pulumi.Output<string | undefined>;
  declare public readonly provisioning: pulumi.Output<string | undefined>;
  declare public readonly provisioningRepositoryArn: pulumi.Output<string | undefined>;

  constructor(name: string, args: EnvironmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(...dynamicResourceArgs("Environment", name, args, OUTPUTS, opts));
  }

  /** Reads an existing environment by name without managing it. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Environment {
    return new Environment(name, undefined as unknown as EnvironmentArgs, { ...opts, id });
  }
}
