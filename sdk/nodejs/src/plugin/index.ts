/**
 * `pulumi-aws-proton/plugin`: the same resources and read functions as `pulumi-aws-proton`, served by
 * the provider plugin `pulumi-resource-proton` (type tokens `proton:index:<Kind>`) instead of dynamic
 * providers. This is the module the code of `pulumi import` names (schema.json
 * `language.nodejs.packageName`), and what TypeScript programs use alongside Python, Go or YAML ones.
 */
export * from "./generated";
