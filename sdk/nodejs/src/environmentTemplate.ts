import * as pulumi from "@pulumi/pulumi";
import { dynamicResourceArgs } from "./resourceInputs";
import type { CommonArgs } from "./settings";

export interface EnvironmentTemplateArgs extends CommonArgs {
  /** Template name: 1-100 letters, digits, `-`, `_`, starting with a letter or digit. Default: `<logical name>-<random>`. Changing it replaces the template. */
  name?: pulumi.Input<string>;
  /** Name shown in the Proton console (1-100 characters). Updated in place. */
  displayName?: pulumi.Input<string>;
  /** Description (up to 500 characters). Updated in place. */
  description?: pulumi.Input<string>;
  /** ARN of the KMS key that encrypts template data. Changing it replaces the template. */
  encryptionKey?: pulumi.Input<string>;
  /** `CUSTOMER_MANAGED` for a template of infrastructure you provision yourself. Changing it replaces the template. */
  provisioning?: pulumi.Input<"CUSTOMER_MANAGED">;
  /** Tags (up to 50; keys 1-128 characters, not starting with `aws:`; values up to 256). Updated in place. */
  tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

const OUTPUTS = [
  "name",
  "displayName",
  "description",
  "encryptionKey",
  "provisioning",
  "tags",
  "arn",
  "createdAt",
  "lastModifiedAt",
  "recommendedVersion",
] as const;

/**
 * An AWS Proton environment template: the named container for environment template versions.
 * Its id is the template name. Deleting it requires its versions to be gone first (Pulumi orders
 * this when versions reference `template.name`). `{ import: name }` adopts an existing template.
 */
export class EnvironmentTemplate extends pulumi.dynamic.Resource {
  /** Template name. */
  declare public readonly name: pulumi.Output<string>;
  /** Console display name. */
  declare public readonly displayName: pulumi.Output<string | undefined>;
  /** Description. */
  declare public readonly description: pulumi.Output<string | undefined>;
  /** KMS key ARN encrypting template data. */
  declare public readonly encryptionKey: pulumi.Output<string | undefined>;
  /** `CUSTOMER_MANAGED` when infrastructure is provisioned outside Proton. */
  declare public readonly provisioning: pulumi.Output<string | undefined>;
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

  constructor(name: string, args?: EnvironmentTemplateArgs, opts?: pulumi.CustomResourceOptions) {
    super(...dynamicResourceArgs("EnvironmentTemplate", name, args, OUTPUTS, opts));
  }

  /** Looks up an existing environment template by name (its id) without managing it. */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    opts?: pulumi.CustomResourceOptions,
  ): EnvironmentTemplate {
    return new EnvironmentTemplate(name, undefined, { ...opts, id });
  }
}
