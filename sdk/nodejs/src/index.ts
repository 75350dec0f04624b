/**
 * `pulumi-aws-proton`: Pulumi resources for AWS Proton. One class per Proton entity; each is a
 * dynamic resource whose implementation ships in this package (`dist/provider.js`).
 */
export type { CommonArgs, ConnectionArgs, OperationArgs } from "./settings";
export type { TemplateVersionSourceArgs, TemplateVersionStatusArg } from "./templateVersionTypes";
export * from "./environmentTemplate";
export * from "./environmentTemplateVersion";
export * from "./serviceTemplate";
export * from "./serviceTemplateVersion";
export * from "./accountSettings";
export * from "./environment";
export * from "./environmentAccountConnection";
export * from "./environmentAccountConnectionAccepter";
export * from "./service";
export * from "./serviceInstance";
export * from "./servicePipeline";
