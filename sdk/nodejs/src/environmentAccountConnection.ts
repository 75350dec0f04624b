import * as pulumi from "@pulumi/pulumi";
import { dynamicResourceArgs } from "./resourceInputs";
import type { CommonArgs } from "./settings";

export interface EnvironmentAccountConnectionArgs extends CommonArgs {
  /** The management account that will deploy the environment. Changing it replaces the connection. */
  managementAccountId: pulumi.Input<string>;
  /** The environment (in the management account) this connection is for. Changing it replaces the connection. */
  environmentName: pulumi.Input<string>;
  /** Role in this (the environment) account Proton provisions with. Updated in place. */
  roleArn?: pulumi.Input<string>;
  /** Role for directly defined components. Updated in place. */
  componentRoleArn?: pulumi.Input<string>;
  /** Role for CodeBuild-based provisioning. Updated in place. */
  codebuildRoleArn?: pulumi.Input<string>;
  /** Tags (up to 50). Updated in place. */
  tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

const OUTPUTS = [
  "managementAccountId",
  "environmentName",
  "roleArn",
  "componentRoleArn",
  "codebuildRoleArn",
  "tags",
  "connectionId",
  "arn",
  "environmentAccountId",
  "status",
  "requestedAt",
  "lastModifiedAt",
] as const;

/**
 * A connection request from an environment account to a management account. Declare it with
 * `connection` settings that act as the environment account; accept it in the management account
 * with EnvironmentAccountConnectionAccepter. Id: the connection id.
 */
export class EnvironmentAccountConnection extends pulumi.dynamic.Resource {
  declare public readonly managementAccountId: pulumi.Output<string>;
  declare public readonly environmentName: pulumi.Output<string>;
  declare public readonly roleArn: pulumi.Output<string | undefined>;
  declare public readonly componentRoleArn: pulumi.Output<string | undefined>;
  declare public readonly codebuildRoleArn: pulumi.Output<string | undefined>;
  declare public readonly tags: pulumi.Output<{ [key: string]: string } | undefined>;
  /** The connection id (also the resource id), for the accepter and the environment. */
  declare public readonly connectionId: pulumi.Output<string>;
  declare public readonly arn: pulumi.Output<string>;
  declare public readonly environmentAccountId: pulumi.Output<string>;
  /** `PENDING`, `CONNECTED` or `REJECTED`. */
  declare public readonly status: pulumi.Output<string>;
  declare public readonly requestedAt: pulumi.Output<string>;
  declare public readonly lastModifiedAt: pulumi.Output<string>;

  constructor(name: string, args: EnvironmentAccountConnectionArgs, opts?: pulumi.CustomResourceOptions) {
    super(...dynamicResourceArgs("EnvironmentAccountConnection", name, args, OUTPUTS, opts));
  }

  /** Reads an existing connection by id without managing it. */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    opts?: pulumi.CustomResourceOptions,
  ): EnvironmentAccountConnection {
    return new EnvironmentAccountConnection(name, undefined as unknown as EnvironmentAccountConnectionArgs, {
      ...opts,
      id,
    });
  }
}
