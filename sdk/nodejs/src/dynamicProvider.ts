/**
 * What Pulumi stores in every resource's state as `__provider` (twice: in the inputs and, added by
 * the dynamic-provider host, in the outputs). It is a module text the host evaluates and whose
 * `handler()` must return the resource provider. Ours is one line that loads the bundled
 * implementation at run time (resolved from the program's node_modules by the host) and picks the
 * kind: about 100 bytes, capturing no client, credentials or module graph.
 *
 * `pulumi.dynamic.Resource` would store its own closure serialization of a provider object instead
 * (2 KB: every method becomes a wrapped function), so the classes register this text themselves
 * (resourceInputs.ts, DynamicResource). State written by earlier versions holds the larger shim; it
 * loads the same bundle (`providers[kind]`), so both keep working.
 */

/** The bundled implementation every `__provider` loads. */
export const PROVIDER_MODULE = "pulumi-aws-proton/dist/provider";

/** The `__provider` text for resources of `kind`. */
export function providerModuleText(kind: string): string {
  return `exports.handler = () => require(${JSON.stringify(PROVIDER_MODULE)}).providers[${JSON.stringify(kind)}];`;
}
