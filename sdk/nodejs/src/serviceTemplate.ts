import * as pulumi from "@pulumi/pulumi";
import { dynamicResourceArgs } from "./resourceInputs";
import { templateOutputs, TemplateResource, type TemplateArgs } from "./templateTypes";

export interface ServiceTemplateArgs extends TemplateArgs {
  /** `CUSTOMER_MANAGED` when service pipelines are provisioned outside Proton. Changing it replaces the template. */
  pipelineProvisioning?: pulumi.Input<"CUSTOMER_MANAGED">;
}

const OUTPUTS = templateOutputs("pipelineProvisioning");

/**
 * An AWS Proton service template: the named container for service template versions. Its id is
 * the template name. Its versions must be deleted before it (Pulumi orders this when versions
 * reference `template.name`). `{ import: name }` adopts an existing template.
 */
export class ServiceTemplate extends TemplateResource {
  /** `CUSTOMER_MANAGED` when pipelines are provisioned outside Proton. */
  declare public readonly pipelineProvisioning: pulumi.Output<string | undefined>;

  constructor(name: string, args?: ServiceTemplateArgs, opts?: pulumi.CustomResourceOptions) {
    super(...dynamicResourceArgs("ServiceTemplate", name, args, OUTPUTS, opts));
  }

  /** Looks up an existing service template by name (its id) without managing it. */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    opts?: pulumi.CustomResourceOptions,
  ): ServiceTemplate {
    return new ServiceTemplate(name, undefined, { ...opts, id });
  }
}
