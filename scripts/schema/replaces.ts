/**
 * Which input changes replace a resource, as the provider actually decides it: for every input path in
 * schema.json (top-level inputs and the fields of their object types) ask the provider's own `diff`
 * whether setting that path alone forces a replacement, and compare with the schema's
 * `replaceOnChanges` flags (a flag on a property covers everything under it).
 */
import { ANY_REF, isEnum, kindOf, PackageSchema, PropertySpec, refName, TypeRef } from "./model";

/** The part of `pulumi.dynamic.ResourceProvider` used here. */
export interface DiffingProvider {
  diff?: (id: string, olds: never, news: never) => Promise<{ replaces?: string[] }>;
}

export interface InputPath {
  path: string;
  /** The schema marks this property, or one it is nested in, as replace-on-change. */
  schemaReplaces: boolean;
  sample: unknown;
  /** Not an object: only leaves are compared, since an object's sample changes all its fields at once. */
  leaf: boolean;
}

/** A non-empty value of the property's type: the provider treats empty maps and lists as unset. */
function sampleFor(schema: PackageSchema, p: TypeRef, depth = 0): unknown {
  if (p.$ref === ANY_REF) return "sample";
  if (p.$ref) {
    const t = schema.types[`proton:index:${refName(p.$ref)}`];
    if (t && isEnum(t)) return t.enum[0].value;
    if (!t || depth > 4) return { sample: "sample" };
    return Object.fromEntries(
      Object.entries(t.properties).map(([k, v]) => [k, sampleFor(schema, v, depth + 1)]),
    );
  }
  switch (p.type) {
    case "integer":
    case "number":
      return 7;
    case "boolean":
      return true;
    case "array":
      return [sampleFor(schema, p.items ?? { type: "string" }, depth + 1)];
    case "object":
      return { sample: sampleFor(schema, p.additionalProperties ?? { type: "string" }, depth + 1) };
    default:
      return "sample";
  }
}

export function inputPaths(schema: PackageSchema, token: string): InputPath[] {
  const out: InputPath[] = [];
  const walk = (props: Record<string, PropertySpec>, prefix: string, inherited: boolean, depth: number) => {
    for (const [name, p] of Object.entries(props)) {
      const path = prefix ? `${prefix}.${name}` : name;
      const schemaReplaces = inherited || p.replaceOnChanges === true;
      const t = p.$ref && p.$ref !== ANY_REF ? schema.types[`proton:index:${refName(p.$ref)}`] : undefined;
      const isObject = t !== undefined && !isEnum(t);
      out.push({ path, schemaReplaces, sample: sampleFor(schema, p), leaf: !isObject });
      if (isObject && depth < 4) walk(t.properties, path, schemaReplaces, depth + 1);
    }
  };
  walk(schema.resources[token].inputProperties, "", false, 0);
  return out;
}

function setPath(path: string, value: unknown): Record<string, unknown> {
  return path.split(".").reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<
    string,
    unknown
  >;
}

/** Per kind, per input path: does the provider replace the resource when only that path changes? */
export async function probeReplacements(
  schema: PackageSchema,
  providers: Readonly<Record<string, DiffingProvider>>,
): Promise<Record<string, Record<string, boolean>>> {
  const result: Record<string, Record<string, boolean>> = {};
  for (const token of Object.keys(schema.resources).sort()) {
    const kind = kindOf(token);
    const provider = providers[kind];
    if (!provider?.diff) continue;
    result[kind] = {};
    for (const { path, sample } of inputPaths(schema, token)) {
      const outcome = await provider.diff("probe-id", {} as never, setPath(path, sample) as never);
      result[kind][path] = (outcome.replaces ?? []).length > 0;
    }
  }
  return result;
}

export function compareReplacements(
  schema: PackageSchema,
  probed: Record<string, Record<string, boolean>>,
): string[] {
  const out: string[] = [];
  for (const token of Object.keys(schema.resources).sort()) {
    const kind = kindOf(token);
    const byPath = probed[kind];
    if (!byPath) {
      out.push(`${kind}: no provider implementation to check replace-on-change against`);
      continue;
    }
    for (const { path, schemaReplaces, leaf } of inputPaths(schema, token)) {
      if (!leaf || byPath[path] === schemaReplaces) continue;
      out.push(
        byPath[path]
          ? `${kind} input.${path}: the provider replaces on change, schema.json does not say so`
          : `${kind} input.${path}: schema.json replaces on change, the provider updates in place`,
      );
    }
  }
  return out;
}
