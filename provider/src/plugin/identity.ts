/**
 * What the dynamic SDK sends every resource besides its arguments (`owner`, `autoNamePrefix`), derived
 * here from the URN the engine passes with each call, so owner tags, client tokens and auto-names agree
 * between the two paths. The plugin never stores them: each call derives them again.
 */
import type { PropertyBag } from "../core/values";

/** The inputs the plugin adds to every call and strips from every answer. */
export const DERIVED_INPUTS = ["owner", "autoNamePrefix"] as const;

/** The dynamic provider's state key: never written by the plugin, dropped if a caller sends it. */
const SERIALIZED_PROVIDER = "__provider";

export interface ResourceIdentity {
  /** `Environment` for `proton:index:Environment`. */
  kind: string;
  /** `<project>/<stack>/<logical name>`, as the dynamic SDK's `commonInputs` sends it. */
  owner: string;
  /** The logical name. */
  autoNamePrefix: string;
}

/**
 * `urn:pulumi:<stack>::<project>::<parent types$>type::<name>`. The name is everything after the
 * third `::` (names may contain `::`); the type is the last `$`-separated part of the type segment.
 */
export function identityOf(urn: string): ResourceIdentity {
  const parts = urn.split("::");
  if (parts.length < 4 || !parts[0].startsWith("urn:pulumi:")) throw new Error(`not a resource URN: ${urn}`);
  const stack = parts[0].slice("urn:pulumi:".length);
  const project = parts[1];
  const type = parts[2].split("$").pop() as string;
  const name = parts.slice(3).join("::");
  return {
    kind: type.split(":").pop() as string,
    owner: `${project}/${stack}/${name}`,
    autoNamePrefix: name,
  };
}

/** `bag` with the derived inputs of `urn`, as the dynamic path's state would carry them. */
export function withIdentity(urn: string, bag: PropertyBag): PropertyBag {
  const { owner, autoNamePrefix } = identityOf(urn);
  return { ...bag, owner, autoNamePrefix };
}

/** `bag` without what the plugin derives per call (and without a stray serialized provider). */
export function withoutIdentity(bag: PropertyBag): PropertyBag {
  const out = { ...bag };
  for (const key of [...DERIVED_INPUTS, SERIALIZED_PROVIDER]) delete out[key];
  return out;
}
