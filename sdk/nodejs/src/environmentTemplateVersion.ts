import * as pulumi from "@pulumi/pulumi";
import { dynamicResourceArgs } from "./resourceInputs";
import type { CommonArgs } from "./settings";
import {
  VERSION_OUTPUTS,
  type TemplateVersionSourceArgs,
  type TemplateVersionStatusArg,
} from "./templateVersionTypes";

export interface EnvironmentTemplateVersionArgs extends CommonArgs {
  /** Name of the environment template this version belongs to. Changing it replaces the version. */
  templateName: pulumi.Input<string>;
  /** Major version to add a minor version to (e.g. `"1"`); absent → Proton creates a new major version. Changing it replaces the version. */
  majorVersion?: pulumi.Input<string>;
  /** Template bundle in S3. Changing it registers a new version (replacement). */
  source: pulumi.Input<TemplateVersionSourceArgs>;
  /** Description (up to 500 characters). Updated in place. */
  description?: pulumi.Input<string>;
  /** `PUBLISHED` (default) or `DRAFT`. Publishing a draft is an in-place update; Proton cannot unpublish. */
  status?: pulumi.Input<TemplateVersionStatusArg>;
  /** Tags (up to 50). Updated in place. */
  tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/**
 * A version of an AWS Proton environment template. Create registers the bundle, waits until Proton
 * has validated it (a failed registration is deleted and reported with Proton's reason), then
 * publishes it unless `status` is `DRAFT`. Id: `templateName:major.minor` (`{ import: id }` adopts one).
 */
export class EnvironmentTemplateVersion extends pulumi.dynamic.Resource {
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
