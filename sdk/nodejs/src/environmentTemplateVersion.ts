import * as pulumi from "@pulumi/pulumi";
import { dynamicResourceArgs } from "./resourceInputs";
import { TemplateVersionResource, VERSION_OUTPUTS, type TemplateVersionArgs } from "./templateVersionTypes";

export interface EnvironmentTemplateVersionArgs extends TemplateVersionArgs {
  /** Name of the environment template this version belongs to. Changing it replaces the version. */
  templateName: pulumi.Input<string>;
}

/**
 * A version of an AWS Proton environment template. Create registers the bundle, waits until Proton
 * has validated it (a failed registration is deleted and reported with Proton's reason), then
 * publishes it unless `status` is `DRAFT`. Id: `templateName:major.minor` (`{ import: id }` adopts one).
 */
export class EnvironmentTemplateVersion extends TemplateVersionResource {
  constructor(name: string, args: EnvironmentTemplateVersionArgs, opts?: pulumi.CustomResourceOptions) {
    super(...dynamicResourceArgs("EnvironmentTemplateVersion", name, args, VERSION_OUTPUTS, opts));
  }

  /** Looks up an existing version by id (`templateName:major.minor`) without managing it. */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    opts?: pulumi.CustomResourceOptions,
  ): EnvironmentTemplateVersion {
    return new EnvironmentTemplateVersion(name, undefined as unknown as EnvironmentTemplateVersionArgs, {
      ...opts,
      id,
    });
  }
}
