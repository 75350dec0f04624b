import * as pulumi from "@pulumi/pulumi";
import { dynamicResourceArgs } from "./resourceInputs";
import { templateOutputs, TemplateResource, type TemplateArgs } from "./templateTypes";

export interface EnvironmentTemplateArgs extends TemplateArgs {
  /** `CUSTOMER_MANAGED` for a template of infrastructure you provision yourself. Changing it replaces the template. */
  provisioning?: pulumi.Input<"CUSTOMER_MANAGED">;
}

const OUTPUTS = templateOutputs("provisioning");

/**
 * An AWS Proton environment template: the named container for environment template versions.
 * Its id is the template name. Deleting it requires its versions to be gone first (Pulumi orders
 * this when versions reference `template.name`). `{ import: name }` adopts an existing template.
 */
export class EnvironmentTemplate extends TemplateResource {
  /** `CUSTOMER_MANAGED` when infrastructure is provisioned outside Proton. */
  declare public readonly provisioning: pulumi.Output<string | undefined>;

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
