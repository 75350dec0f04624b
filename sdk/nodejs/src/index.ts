/**
 * `pulumi-aws-proton`: Pulumi resources for AWS Proton. One class per Proton entity, generated from
 * schema.json into `./generated`; each is a dynamic resource whose implementation ships in this
 * package (`dist/provider.js`).
 */
import type { TemplateVersionTargetStatus } from "./generated";

export * from "./generated";
export type { CommonArgs, ConnectionArgs, OperationArgs } from "./settings";

/** @deprecated The name of a version's target status before the SDK was generated: TemplateVersionTargetStatus. */
export type TemplateVersionStatusArg = TemplateVersionTargetStatus;
