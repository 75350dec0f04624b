import * as pulumi from "@pulumi/pulumi";
import { FROM_TEMPLATE_OUTPUTS } from "./deployment";
import { dynamicResourceArgs } from "./resourceInputs";
import type { CommonArgs } from "./settings";

export interface ServiceArgs extends CommonArgs {
  /** Service name. Default: `<logical name>-<random>`. Changing it replaces the service. */
  name?: pulumi.Input<string>;
  /** Service template name. Changing it replaces the service. */
  templateName: pulumi.Input<string>;
  /** Major version the service is created with. Creation only: instances and the pipeline carry their own versions. */
  templateMajorVersion: pulumi.Input<string>;
  /** Minor version the service is created with (unset: recommended). Creation only. */
  templateMinorVersion?: pulumi.Input<string>;
  /**
   * Creation spec (YAML, `proton: ServiceSpec`): the first instances and the pipeline inputs. Creation
   * only: later edits are not changes of the Service; use ServiceInstance and ServicePipeline.
   */
  spec: pulumi.Input<string>;
  /** Description. Updated in place. */
  description?: pulumi.Input<string>;
  /** Source connection ARN for the pipeline. Changing it replaces the service. */
  repositoryConnectionArn?: pulumi.Input<string>;
  /** Source repository (`org/repo`) for the pipeline. Changing it replaces the service. */
  repositoryId?: pulumi.Input<string>;
  /** Source branch for the pipeline. Changing it replaces the service. */
  branchName?: pulumi.Input<string>;
  /** Tags (up to 50). Updated in place. */
  tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

const OUTPUTS = [
  ...FROM_TEMPLATE_OUTPUTS,
  "repositoryConnectionArn",
  "repositoryId",
  "branchName",
  "tags",
  "arn",
  "status",
  "statusMessage",
  "createdAt",
  "lastModifiedAt",
  "pipeline",
  "liveSpec",
] as const;

/**
 * An AWS Proton service. Its spec seeds the instances and the pipeline at creation; afterwards
 * ServiceInstance and ServicePipeline resources own them (see the provider README). A failed
 * creation is deleted and reported. Id: the service name.
 */
export class Service extends pulumi.dynamic.Resource {
  declare public readonly name: pulumi.Output<string>;
  declare public readonly templateName: pulumi.Output<string>;
  declare public readonly templateMajorVersion: pulumi.Output<string>;
  declare public readonly templateMinorVersion: pulumi.Output<string | undefined>;
  /** The creation spec, as given. */
  declare public readonly spec: pulumi.Output<string>;
  declare public readonly description: pulumi.Output<string | undefined>;
  declare public readonly repositoryConnectionArn: pulumi.Output<string | undefined>;
  declare public readonly repositoryId: pulumi.Output<string | undefined>;
  declare public readonly branchName: pulumi.Output<string | undefined>;
  declare public readonly tags: pulumi.Output<{ [key: string]: string } | undefined>;
  declare public readonly arn: pulumi.Output<string>;
  /** `ACTIVE`, or the failed/in-progress status Proton reports. */
  declare public readonly status: pulumi.Output<string>;
  declare public readonly statusMessage: pulumi.Output<string | undefined>;
  declare public readonly createdAt: pulumi.Output<string>;
  declare public readonly lastModifiedAt: pulumi.Output<string>;
  /** The pipeline's details, when the template provides one. */
  declare public readonly pipeline: pulumi.Output<{ [key: string]: unknown } | undefined>;
  /** The service spec Proton holds now (instances added and removed since creation included). */
  declare public readonly liveSpec: pulumi.Output<string>;

  constructor(name: string, args: ServiceArgs, opts?: pulumi.CustomResourceOptions) {
    super(...dynamicResourceArgs("Service", name, args, OUTPUTS, opts));
  }

  /** Reads an existing service by name without managing it. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Service {
    return new Service(name, undefined as unknown as ServiceArgs, { ...opts, id });
  }
}
