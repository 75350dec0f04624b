/** Argument and output shapes shared by the two template version classes. */
import type * as pulumi from "@pulumi/pulumi";

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
