/**
 * What Pulumi stores in every resource's state as `__provider` (twice: in the inputs and, added by
 * the dynamic-provider host, in the outputs). It is a module text the host evaluates and whose
 * `handler()` must return the resource provider. Ours is one line that loads the bundled
 * implementation at run time (resolved from the program's node_modules by the host) and picks the
 * kind: about 100 bytes, capturing no client, credentials or module graph.
 *
 * `pulumi.dynamic.Resource` would store its own closure serialization of a provider object instead
 * (2 KB: every method becomes a wrapped function), so `providerBag` gives it a property bag whose
 * `__provider` keeps this text (see there). State written by earlier versions holds the larger shim;
 * it loads the same bundle (`providers[kind]`), so both keep working.
 */
import type * as pulumi from "@pulumi/pulumi";

/** The bundled implementation every `__provider` loads. */
export const PROVIDER_MODULE = "pulumi-aws-proton/dist/provider";

/** The `__provider` text for resources of `kind`. */
export function providerModuleText(kind: string): string {
  return `exports.handler = () => require(${JSON.stringify(PROVIDER_MODULE)}).providers[${JSON.stringify(kind)}];`;
}

type Method = "check" | "diff" | "create" | "read" | "update" | "delete";
export type FullProvider = Required<Pick<pulumi.dynamic.ResourceProvider, Method>>;

const shims = new Map<string, pulumi.dynamic.ResourceProvider>();

/**
 * The provider object `pulumi.dynamic.Resource` is constructed with: it dispatches to the bundled
 * implementation like the module text does. Its serialization is never stored (see `providerBag`).
 */
export function dynamicProvider(kind: string): pulumi.dynamic.ResourceProvider {
  let provider = shims.get(kind);
  if (!provider) {
    const load = (): FullProvider =>
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily on purpose (see above)
      (require(PROVIDER_MODULE) as { providers: Record<string, FullProvider> }).providers[kind];
    provider = {
      check: (olds, news) => load().check(olds, news),
      diff: (id, olds, news) => load().diff(id, olds, news),
      create: (inputs) => load().create(inputs),
      read: (id, props) => load().read(id, props),
      update: (id, olds, news) => load().update(id, olds, news),
      delete: (id, props) => load().delete(id, props),
    };
    shims.set(kind, provider);
  }
  return provider;
}

/**
 * `props` with `__provider` fixed to this kind's module text. `pulumi.dynamic.Resource` first checks
 * that the bag has no `__provider` (so it reads as unset until then), then assigns its own closure
 * serialization (which is dropped), then registers the bag, reading `__provider` as the text.
 */
export function providerBag(kind: string, props: pulumi.Inputs): pulumi.Inputs {
  const text = providerModuleText(kind);
  let assigned = false;
  return Object.defineProperty(props, "__provider", {
    enumerable: true,
    configurable: true,
    get: () => (assigned ? text : undefined),
    set: () => {
      assigned = true;
    },
  });
}
