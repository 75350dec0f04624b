/**
 * The provider object handed to Pulumi. Pulumi serializes it into every resource's state
 * (`__provider`), so it must stay tiny: it captures only the kind string, and each method requires
 * the bundled implementation at run time (resolved from the program's node_modules by the
 * dynamic-provider host) and dispatches by kind. No client, credentials or module graph is captured.
 */
import type * as pulumi from "@pulumi/pulumi";

type Method = "check" | "diff" | "create" | "read" | "update" | "delete";
export type FullProvider = Required<Pick<pulumi.dynamic.ResourceProvider, Method>>;

const shims = new Map<string, pulumi.dynamic.ResourceProvider>();

function shim(kind: string): pulumi.dynamic.ResourceProvider {
  const load = (): FullProvider =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily on purpose (see above)
    (require("pulumi-aws-proton/dist/provider") as { providers: Record<string, FullProvider> }).providers[
      kind
    ];
  return {
    check: (olds, news) => load().check(olds, news),
    diff: (id, olds, news) => load().diff(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read(id, props),
    update: (id, olds, news) => load().update(id, olds, news),
    delete: (id, props) => load().delete(id, props),
  };
}

/** One shim per kind, so Pulumi serializes each only once per program run. */
export function dynamicProvider(kind: string): pulumi.dynamic.ResourceProvider {
  let provider = shims.get(kind);
  if (!provider) {
    provider = shim(kind);
    shims.set(kind, provider);
  }
  return provider;
}
