import * as pulumi from "@pulumi/pulumi";
import { dynamicResourceArgs } from "./resourceInputs";
import { TemplateVersionResource, VERSION_OUTPUTS, type TemplateVersionArgs } from "./templateVersionTypes";

/** An environment template major version that services built from this version may run in. */
export interface CompatibleEnvironmentTemplateArgs {
  /** Environment template name. */
  templateName: pulumi.Input<string>;
  /** Its major version, e.g. `"1"`. */
  majorVersion: pulumi.Input<string>;
}

export interface ServiceTemplateVersionArgs extends TemplateVersionArgs {
  /** Name of the service template this version belongs to. Changing it replaces the version. */
  templateName: pulumi.Input<string>;
  /** Environment templates this version is compatible with (at least one). Updated in place. */
  compatibleEnvironmentTemplates: pulumi.Input<pulumi.Input<CompatibleEnvironmentTemplateArgs>[]>;
  /** Component sources service instances may attach (`DIRECTLY_DEFINED`). Updated in place. */
  supportedComponentSources?: pulumi.Input<pulumi.Input<"DIRECTLY_DEFINED">[]>;
}

/**
 * A version of an AWS Proton service template. Create registers the bundle, waits until Proton has
 * validated it (a failed registration is deleted and reported with Proton's reason), then publishes
 * it unless `status` is `DRAFT`. Id: `templateName:major.minor` (`{ import: id }` adopts one).
 */
export class ServiceTemplateVersion extends TemplateVersionResource {
  /** Compatible environment template major versions. */
  declare public readonly compatibleEnvironmentTemplates: pulumi.Output<
    { templateName: string; majorVersion: string }[]
  >;
  /** Supported component sources. */
  declare public readonly supportedComponentSources: pulumi.Output<string[] | undefined>;

  constructor(name: string, args: ServiceTemplateVersionArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      ...dynamicResourceArgs(
        "ServiceTemplateVersion",
        name,
        args,
        [...VERSION_OUTPUTS, "compatibleEnvironmentTemplates", "supportedComponentSources"],
        opts,
      ),
    );
  }

  /** Looks up an existing version by id (`templateName:major.minor`) without managing it. */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    opts?: pulumi.CustomResourceOptions,
  ): ServiceTemplateVersion {
    return new ServiceTemplateVersion(name, undefined as unknown as ServiceTemplateVersionArgs, {
      ...opts,
      id,
    });
  }
}
