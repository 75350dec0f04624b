/** The base of every resource class, and the property bag it registers. */
import * as pulumi from "@pulumi/pulumi";
import { withoutImport } from "./adoption";
import { providerModuleText } from "./dynamicProvider";
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
  secrets: readonly string[] = [],
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
  // Secret members (schema.json `secret: true`) are secrets from the program on, so the state and
  // preview diffs never show them in clear.
  for (const name of secrets)
    if (own[name] !== undefined) own[name] = pulumi.secret(own[name] as pulumi.Input<unknown>);
  return { ...outputs, ...own, ...importId, ...commonInputs(logicalName, args) };
}

/** The options handed to the engine: without `import`, and with the secret members' outputs marked secret. */
function engineOptions(
  opts: pulumi.CustomResourceOptions | undefined,
  secrets: readonly string[],
): pulumi.CustomResourceOptions | undefined {
  const rest = withoutImport(opts);
  if (secrets.length === 0) return rest;
  const additionalSecretOutputs = [...new Set([...(rest?.additionalSecretOutputs ?? []), ...secrets])];
  return { ...rest, additionalSecretOutputs };
}

/** The type token module: URNs read `pulumi-nodejs:dynamic/proton:<Kind>`. */
export const MODULE = "proton";

/**
 * Every resource class of the dynamic path: a dynamic resource (`pulumi-nodejs:dynamic/proton:<kind>`,
 * served by the engine's dynamic-provider host) whose `__provider` is the one-line module text of
 * dynamicProvider.ts. This is what `pulumi.dynamic.Resource` registers, minus its closure serialization
 * of a provider object, which we would only drop: it loads Pulumi's closure serializer in every program
 * and runs after registration, outliving the program's own work.
 */
export abstract class DynamicResource extends pulumi.CustomResource {
  constructor(
    kind: string,
    logicalName: string,
    args: (CommonArgs & object) | undefined,
    outputNames: readonly string[],
    opts: pulumi.CustomResourceOptions | undefined,
    secrets: readonly string[] = [],
  ) {
    super(
      `pulumi-nodejs:dynamic/${MODULE}:${kind}`,
      logicalName,
      {
        ...resourceInputs(logicalName, args, outputNames, opts, secrets),
        __provider: providerModuleText(kind),
      },
      engineOptions(opts, secrets),
    );
  }
}
