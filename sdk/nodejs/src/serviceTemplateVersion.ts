import * as pulumi from "@pulumi/pulumi";
import { dynamicResourceArgs } from "./resourceInputs";
import type { CommonArgs } from "./settings";
import {
  VERSION_OUTPUTS,
  type TemplateVersionSourceArgs,
  type TemplateVersionStatusArg,
} from "./templateVersionTypes";

/** An environment template major version that services built from this version may run in. */
export interface CompatibleEnvironmentTemplateArgs {
  /** Environment template name. */
  templateName: pulumi.Input<string>;
  /** Its major version, e.g. `"1"`. */
  majorVersion: pulumi.Input<string>;
}

export interface ServiceTemplateVersionArgs extends CommonArgs {
  /** Name of the service template this version belongs to. Changing it replaces the version. */
  templateName: pulumi.Input<string>;
  /** Major version to add a minor version to (e.g. `"1"`); absent → Proton creates a new major version. Changing it replaces the version. */
  majorVersion?: pulumi.Input<string>;
  /** Template bundle in S3. Changing it registers a new version (replacement). */
  source: pulumi.Input<TemplateVersionSourceArgs>;
  /** Environment templates this version is compatible with (at least one). Updated in place. */
  compatibleEnvironmentTemplates: pulumi.Input<pulumi.Input<CompatibleEnvironmentTemplateArgs>[]>;
  /** Component sources service instances may attach (`DIRECTLY_DEFINED`). Updated in place. */
  supportedComponentSources?: pulumi.Input<pulumi.Input<"DIRECTLY_DEFINED">[]>;
  /** Description (up to 500 characters). Updated in place. */
  description?: pulumi.Input<string>;
  /** `PUBLISHED` (default) or `DRAFT`. Publishing a draft is an in-place update; Proton cannot unpublish. */
  status?: pulumi.Input<TemplateVersionStatusArg>;
  /** Tags (up to 50). Updated in place. */
  tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/**
 * A version of an AWS Proton service template. Create registers the bundle, waits until Proton has
 * validated it (a failed registration is deleted and reported with Proton's reason), then publishes
 * it unless `status` is `DRAFT`. Id: `templateName:major.minor` (`{ import: id }` adopts one).
 */
export class ServiceTemplateVersion extends pulumi.dynamic.Resource {
  /** Template name. */
  declare public readonly templateName: pulumi.Output<string>;
  /** Major version (chosen by Proton when not given). */
  declare public readonly majorVersion: pulumi.Output<string>;
  /** Minor version assigned by Proton. */
  declare public readonly minorVersion: pulumi.Output<string>;
  /** Recommended minor version of this major version. */
  declare public readonly recommendedMinorVersion: pulumi.Output<string | undefined>;
  /** The bundle location this version was registered from. */
  declare public readonly source: pulumi.Output<{ s3: { bucket: string; key: string } }>;
  /** Compatible environment template major versions. */
  declare public readonly compatibleEnvironmentTemplates: pulumi.Output<
    { templateName: string; majorVersion: string }[]
  >;
  /** Supported component sources. */
  declare public readonly supportedComponentSources: pulumi.Output<string[] | undefined>;
  /** Description. */
  declare public readonly description: pulumi.Output<string | undefined>;
  /** `DRAFT`, `PUBLISHED`, `REGISTRATION_IN_PROGRESS` or `REGISTRATION_FAILED`. */
  declare public readonly status: pulumi.Output<string>;
  /** Proton's explanation of the status. */
  declare public readonly statusMessage: pulumi.Output<string | undefined>;
  /** Tags as Proton reports them. */
  declare public readonly tags: pulumi.Output<{ [key: string]: string } | undefined>;
  /** Version ARN. */
  declare public readonly arn: pulumi.Output<string>;
  /** When the version was created (ISO 8601). */
  declare public readonly createdAt: pulumi.Output<string>;
  /** When the version was last modified (ISO 8601). */
  declare public readonly lastModifiedAt: pulumi.Output<string>;
  /** The schema (input parameters) of the bundle, as Proton parsed it. */
  declare public readonly schema: pulumi.Output<string | undefined>;

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
