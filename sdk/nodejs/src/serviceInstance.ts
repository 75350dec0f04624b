import * as pulumi from "@pulumi/pulumi";
import { DEPLOYMENT_OUTPUTS, DeployedResource } from "./deployment";
import { dynamicResourceArgs } from "./resourceInputs";
import type { CommonArgs } from "./settings";

export interface ServiceInstanceArgs extends CommonArgs {
  /** Instance name. Changing it replaces the instance. */
  name: pulumi.Input<string>;
  /** The service. Changing it replaces the instance. */
  serviceName: pulumi.Input<string>;
  /** The environment it runs in. Changing it replaces the instance (Proton never moves one). */
  environmentName: pulumi.Input<string>;
  /** This instance's inputs (YAML mapping: the `spec:` of its entry in a service spec). A change deploys with `CURRENT_VERSION`. */
  spec?: pulumi.Input<string>;
  /** Major version. Unset: whatever runs. Raising it deploys with `MAJOR_VERSION`; lowering it replaces the instance. */
  templateMajorVersion?: pulumi.Input<string>;
  /** Minor version. Unset: whatever runs. A change deploys with `MINOR_VERSION`. */
  templateMinorVersion?: pulumi.Input<string>;
  /** Tags (up to 50). Updated in place, no deployment. */
  tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

const OUTPUTS = [
  "name",
  "serviceName",
  "environmentName",
  "spec",
  "templateMajorVersion",
  "templateMinorVersion",
  "tags",
  "arn",
  "templateName",
  "createdAt",
  "lastClientRequestToken",
  ...DEPLOYMENT_OUTPUTS,
  "serviceSpec",
] as const;

/**
 * One instance of a service in an environment. Adopts an instance the service's creation spec
 * listed, or adds one to the service; each change deploys only this instance. Deleting it removes it
 * from the service (the last instance stays until the service goes). Id: `serviceName/name`.
 */
export class ServiceInstance extends DeployedResource {
  declare public readonly name: pulumi.Output<string>;
  declare public readonly serviceName: pulumi.Output<string>;
  declare public readonly environmentName: pulumi.Output<string>;
  /** This instance's inputs as Proton runs them. */
  declare public readonly spec: pulumi.Output<string>;
  declare public readonly tags: pulumi.Output<{ [key: string]: string } | undefined>;
  declare public readonly lastClientRequestToken: pulumi.Output<string | undefined>;
  /** The whole service spec document Proton keeps for this instance. */
  declare public readonly serviceSpec: pulumi.Output<string | undefined>;

  constructor(name: string, args: ServiceInstanceArgs, opts?: pulumi.CustomResourceOptions) {
    super(...dynamicResourceArgs("ServiceInstance", name, args, OUTPUTS, opts));
  }

  /** Reads an existing instance by id (`serviceName/name`) without managing it. */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    opts?: pulumi.CustomResourceOptions,
  ): ServiceInstance {
    return new ServiceInstance(name, undefined as unknown as ServiceInstanceArgs, { ...opts, id });
  }
}
