import * as pulumi from "@pulumi/pulumi";
import { dynamicResourceArgs } from "./resourceInputs";
import type { CommonArgs } from "./settings";

export interface EnvironmentAccountConnectionAccepterArgs extends CommonArgs {
  /** The connection to answer. Changing it replaces the accepter. */
  connectionId: pulumi.Input<string>;
  /** Reject the request instead of accepting it. Accepted → rejected is in place; a rejected connection can't be accepted again. */
  reject?: pulumi.Input<boolean>;
}

const OUTPUTS = [
  "connectionId",
  "reject",
  "arn",
  "managementAccountId",
  "environmentAccountId",
  "environmentName",
  "roleArn",
  "componentRoleArn",
  "codebuildRoleArn",
  "status",
  "requestedAt",
  "lastModifiedAt",
] as const;

/**
 * Accepts (or rejects) an environment account connection in the management account: declare it with
 * `connection` settings that act as the management account. Deleting it rejects the connection.
 * Id: the connection id.
 */
export class EnvironmentAccountConnectionAccepter extends pulumi.dynamic.Resource {
  declare public readonly connectionId: pulumi.Output<string>;
  declare public readonly reject: pulumi.Output<boolean>;
  declare public readonly arn: pulumi.Output<string>;
  declare public readonly managementAccountId: pulumi.Output<string>;
  declare public readonly environmentAccountId: pulumi.Output<string>;
  declare public readonly environmentName: pulumi.Output<string>;
  declare public readonly roleArn: pulumi.Output<string | undefined>;
  declare public readonly componentRoleArn: pulumi.Output<string | undefined>;
  declare public readonly codebuildRoleArn: pulumi.Output<string | undefined>;
  /** `CONNECTED` or `REJECTED`. */
  declare public readonly status: pulumi.Output<string>;
  declare public readonly requestedAt: pulumi.Output<string>;
  declare public readonly lastModifiedAt: pulumi.Output<string>;

  constructor(
    name: string,
    args: EnvironmentAccountConnectionAccepterArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(...dynamicResourceArgs("EnvironmentAccountConnectionAccepter", name, args, OUTPUTS, opts));
  }

  /** Reads a connection's answer by connection id without managing it. */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    opts?: pulumi.CustomResourceOptions,
  ): EnvironmentAccountConnectionAccepter {
    return new EnvironmentAccountConnectionAccepter(
      name,
      undefined as unknown as EnvironmentAccountConnectionAccepterArgs,
      { ...opts, id },
    );
  }
}
