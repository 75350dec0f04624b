import * as pulumi from "@pulumi/pulumi";
import { DEPLOYMENT_OUTPUTS, DeployedResource } from "./deployment";
import { dynamicResourceArgs } from "./resourceInputs";
import type { CommonArgs } from "./settings";

export interface ServicePipelineArgs extends CommonArgs {
  /** The service whose pipeline this is. Changing it replaces the resource. */
  serviceName: pulumi.Input<string>;
  /** The pipeline inputs (YAML mapping: the `pipeline:` section of a service spec). A change deploys with `CURRENT_VERSION`. */
  spec?: pulumi.Input<string>;
  /** Major version. Unset: whatever runs. Raising it deploys with `MAJOR_VERSION`; lowering it is refused at preview. */
  templateMajorVersion?: pulumi.Input<string>;
  /** Minor version. Unset: whatever runs. A change deploys with `MINOR_VERSION`. */
  templateMinorVersion?: pulumi.Input<string>;
}

const OUTPUTS = [
  "serviceName",
  "spec",
  "templateMajorVersion",
  "templateMinorVersion",
  "arn",
  "templateName",
  "createdAt",
  ...DEPLOYMENT_OUTPUTS,
  "serviceSpec",
] as const;

/**
 * The pipeline Proton created with a service: this resource adopts it and deploys changes of its
 * inputs and version. Deleting the resource leaves the pipeline to its service. Id: the service name.
 */
export class ServicePipeline extends DeployedResource {
  declare public readonly serviceName: pulumi.Output<string>;
  /** The pipeline inputs as Proton runs them. */
  declare public readonly spec: pulumi.Output<string>;
  /** The whole service spec document Proton keeps for the pipeline. */
  declare public readonly serviceSpec: pulumi.Output<string | undefined>;

  constructor(name: string, args: ServicePipelineArgs, opts?: pulumi.CustomResourceOptions) {
    super(...dynamicResourceArgs("ServicePipeline", name, args, OUTPUTS, opts));
  }

  /** Reads a service's pipeline (id: the service name) without managing it. */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    opts?: pulumi.CustomResourceOptions,
  ): ServicePipeline {
    return new ServicePipeline(name, undefined as unknown as ServicePipelineArgs, { ...opts, id });
  }
}
