/** Argument and output shapes shared by the two template version classes. */
import * as pulumi from "@pulumi/pulumi";
import type { CommonArgs } from "./settings";

/** Where Proton reads the template bundle (a `.tar.gz`) from. */
export interface TemplateVersionSourceArgs {
  s3: pulumi.Input<{
    /** S3 bucket name (3-63 characters). */
    bucket: pulumi.Input<string>;
    /** Object key of the bundle (1-1024 characters). */
    key: pulumi.Input<string>;
  }>;
}

/** `DRAFT` keeps the version unavailable to environments/services; `PUBLISHED` makes it usable. */
export type TemplateVersionStatusArg = "DRAFT" | "PUBLISHED";

/** Output names both version kinds expose (every field of Proton's version detail). */
export const VERSION_OUTPUTS = [
  "templateName",
  "majorVersion",
  "minorVersion",
  "recommendedMinorVersion",
  "source",
  "description",
  "status",
  "statusMessage",
  "tags",
  "arn",
  "createdAt",
  "lastModifiedAt",
  "schema",
] as const;

/** Arguments both version kinds take; each adds the template it belongs to (and its own members). */
export interface TemplateVersionArgs extends CommonArgs {
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

/** The outputs both version kinds expose (VERSION_OUTPUTS). */
export abstract class TemplateVersionResource extends pulumi.dynamic.Resource {
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
}
