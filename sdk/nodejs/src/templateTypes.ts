/** Argument and output shapes shared by the two template classes. */
import * as pulumi from "@pulumi/pulumi";
import type { CommonArgs } from "./settings";

/** Arguments both template kinds take; each adds its own provisioning member. */
export interface TemplateArgs extends CommonArgs {
  /** Template name: 1-100 letters, digits, `-`, `_`, starting with a letter or digit. Default: `<logical name>-<random>`. Changing it replaces the template. */
  name?: pulumi.Input<string>;
  /** Name shown in the Proton console (1-100 characters). Updated in place. */
  displayName?: pulumi.Input<string>;
  /** Description (up to 500 characters). Updated in place. */
  description?: pulumi.Input<string>;
  /** ARN of the KMS key that encrypts template data. Changing it replaces the template. */
  encryptionKey?: pulumi.Input<string>;
  /** Tags (up to 50; keys 1-128 characters, not starting with `aws:`; values up to 256). Updated in place. */
  tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** Output names of a template kind whose provisioning member is `provisioningMember`. */
export const templateOutputs = (provisioningMember: string): readonly string[] => [
  "name",
  "displayName",
  "description",
  "encryptionKey",
  provisioningMember,
  "tags",
  "arn",
  "createdAt",
  "lastModifiedAt",
  "recommendedVersion",
];

/** The outputs both template kinds expose; each class declares its own provisioning member. */
export abstract class TemplateResource extends pulumi.dynamic.Resource {
  /** Template name. */
  declare public readonly name: pulumi.Output<string>;
  /** Console display name. */
  declare public readonly displayName: pulumi.Output<string | undefined>;
  /** Description. */
  declare public readonly description: pulumi.Output<string | undefined>;
  /** KMS key ARN encrypting template data. */
  declare public readonly encryptionKey: pulumi.Output<string | undefined>;
  /** Tags as Proton reports them. */
  declare public readonly tags: pulumi.Output<{ [key: string]: string } | undefined>;
  /** Template ARN. */
  declare public readonly arn: pulumi.Output<string>;
  /** When the template was created (ISO 8601). */
  declare public readonly createdAt: pulumi.Output<string>;
  /** When the template was last modified (ISO 8601). */
  declare public readonly lastModifiedAt: pulumi.Output<string>;
  /** The recommended (latest published) version, `major.minor`. */
  declare public readonly recommendedVersion: pulumi.Output<string | undefined>;
}
