/** Assembles the property bag a resource class hands to `pulumi.dynamic.Resource`. */
import type * as pulumi from "@pulumi/pulumi";
import { withoutImport } from "./adoption";
import { dynamicProvider, providerBag } from "./dynamicProvider";
import { commonInputs, type CommonArgs } from "./settings";

/**
 * Inputs plus every output name set to undefined: Pulumi only exposes properties present in the bag.
 * For `get` (opts.id), only output names and settings are sent; the provider reads the rest.
 */
export function resourceInputs(
  logicalName: string,
  args: (CommonArgs & object) | undefined,
  outputNames: readonly string[],
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.Inputs {
  const outputs = Object.fromEntries(outputNames.map((n) => [n, undefined]));
  // `get` (opts.id): no arguments, but the stack's connection settings, so the read finds the resource.
  if (opts?.id) return { ...outputs, ...commonInputs(logicalName, args) };
  const {
    connection: _connection,
    operation: _operation,
    ...own
  } = (args ?? {}) as CommonArgs & Record<string, unknown>;
  // The `import` resource option cannot reach a dynamic provider; it travels as `importId` instead
  // (classes hand the engine their options without `import`: withoutImport).
  const importId = opts?.import !== undefined ? { importId: opts.import } : {};
  return { ...outputs, ...own, ...importId, ...commonInputs(logicalName, args) };
}

/** The type token module: URNs read `pulumi-nodejs:dynamic/proton:<Kind>`. */
export const MODULE = "proton";

/**
 * Everything a resource class hands to `pulumi.dynamic.Resource`'s constructor for `kind`: the
 * dispatching provider, the property bag (whose `__provider` is the one-line module text, see
 * dynamicProvider.ts), the options without `import`, and the type token parts
 * (`pulumi-nodejs:dynamic/proton:<kind>`).
 */
export function dynamicResourceArgs(
  kind: string,
  logicalName: string,
  args: (CommonArgs & object) | undefined,
  outputNames: readonly string[],
  opts: pulumi.CustomResourceOptions | undefined,
): [
  pulumi.dynamic.ResourceProvider,
  string,
  pulumi.Inputs,
  pulumi.CustomResourceOptions | undefined,
  string,
  string,
] {
  return [
    dynamicProvider(kind),
    logicalName,
    providerBag(kind, resourceInputs(logicalName, args, outputNames, opts)),
    withoutImport(opts),
    MODULE,
    kind,
  ];
}
