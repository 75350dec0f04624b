/**
 * How Environment, Service and EnvironmentAccountConnection recognise what they may adopt.
 *
 * - `owner` (`<project>/<stack>/<logical name>`) is written as a tag on create, so a re-run after an
 *   interrupted `pulumi up` adopts the resource that run created instead of colliding with it.
 * - The `import` resource option cannot reach a dynamic provider (the engine's import Read carries no
 *   `__provider`, pulumi/pulumi#7534), so the class turns it into the `importId` input: the create
 *   adopts the existing resource with that id and converges it to the arguments.
 */
import * as pulumi from "@pulumi/pulumi";

export function adoptionInputs(
  logicalName: string,
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.Inputs {
  if (opts?.id) return {};
  return {
    owner: `${pulumi.getProject()}/${pulumi.getStack()}/${logicalName}`,
    ...(opts?.import !== undefined ? { importId: opts.import } : {}),
  };
}

/** The options handed to the engine: `import` is carried as an input instead (see above). */
export function withoutImport(
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.CustomResourceOptions | undefined {
  if (opts?.import === undefined) return opts;
  const { import: _import, ...rest } = opts;
  return rest;
}
