/**
 * The `import` resource option cannot reach a dynamic provider (the engine's import Read carries no
 * `__provider`, pulumi/pulumi#7534), so every class hands the engine its options without it;
 * `resourceInputs` sends the id as the `importId` input instead, and the provider's create adopts the
 * existing resource with that id and converges it to the arguments.
 */
import type * as pulumi from "@pulumi/pulumi";

/** The options handed to the engine: `import` is carried as an input instead (see above). */
export function withoutImport(
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.CustomResourceOptions | undefined {
  if (opts?.import === undefined) return opts;
  const { import: _import, ...rest } = opts;
  return rest;
}
