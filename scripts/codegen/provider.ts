/**
 * What the provider knows about each resource from schema.json alone, generated so nobody types it by
 * hand: the inputs' TypeScript types, the input members a read rebuilds, the output names, the diff
 * table (replace-on-change from the schema, everything else updated in place) and the validation
 * rules the schema implies (types, required inputs, enums, tags). Behaviour the schema cannot say
 * (patterns and lengths, creation-only inputs, API calls) stays in `provider/src/resources`.
 */
import {
  ANY_REF,
  isEnum,
  kindOf,
  type ObjectTypeSpec,
  type PackageSchema,
  type PropertySpec,
  refName,
  type TypeRef,
} from "../schema/model";
import { docLines, GENERATED_HEADER, type GeneratedFiles } from "./files";

export const PROVIDER_GENERATED_DIR = "provider/src/generated";

/**
 * Inputs every resource takes that are settings, not Proton members: the core handles them (a region
 * change replaces, through the nested `replaceOnChanges` of its type), they are no diff rows of their
 * own and a read never rebuilds them from Proton.
 */
export const COMMON_INPUTS: readonly string[] = ["connection", "operation", "importId"];

interface RuleRow {
  property: string;
  type: string;
  required?: boolean;
  oneOf?: readonly (string | number | boolean)[];
}

function typeName(t: TypeRef): string {
  if (t.$ref === ANY_REF) return "unknown";
  if (t.$ref) return refName(t.$ref);
  switch (t.type) {
    case "array":
      return `${typeName(t.items ?? { type: "string" })}[]`;
    case "object":
      return `Record<string, ${typeName(t.additionalProperties ?? { type: "string" })}>`;
    case "integer":
    case "number":
      return "number";
    default:
      return t.type ?? "unknown";
  }
}

class Rules {
  readonly rows: RuleRow[] = [];
  constructor(private readonly schema: PackageSchema) {}

  private objectType(t: TypeRef): ObjectTypeSpec | undefined {
    if (!t.$ref || t.$ref === ANY_REF) return undefined;
    const found = this.schema.types[`proton:index:${refName(t.$ref)}`];
    return found && !isEnum(found) ? found : undefined;
  }

  private enumValues(t: TypeRef): (string | number | boolean)[] | undefined {
    if (!t.$ref || t.$ref === ANY_REF) return undefined;
    const found = this.schema.types[`proton:index:${refName(t.$ref)}`];
    return found && isEnum(found) ? found.enum.map((e) => e.value) : undefined;
  }

  /** One row for `path` and, for object types, rows for their fields (checked when the object is set). */
  add(path: string, name: string, t: PropertySpec, required: boolean, depth = 0): void {
    const row = (type: string, extra: Partial<RuleRow> = {}): void => {
      this.rows.push({ property: path, type, ...(required ? { required } : {}), ...extra });
    };
    const values = this.enumValues(t);
    const object = this.objectType(t);
    if (values) return row(typeof values[0] === "number" ? "number" : "string", { oneOf: values });
    if (object) {
      row("object");
      if (depth < 4)
        for (const [field, spec] of Object.entries(object.properties))
          this.add(`${path}.${field}`, field, spec, (object.required ?? []).includes(field), depth + 1);
      return;
    }
    switch (t.type) {
      case "string":
      case "boolean":
        return row(t.type);
      case "integer":
        return row("integer");
      case "number":
        return row("number");
      case "object":
        // A string map named `tags` is AWS tags, with AWS's limits.
        return row(name === "tags" ? "tags" : "object");
      case "array": {
        const items = t.items ?? { type: "string" };
        const itemObject = this.objectType(items);
        if (!itemObject) {
          const itemValues = this.enumValues(items);
          return row("stringList", itemValues ? { oneOf: itemValues } : {});
        }
        row("objectList");
        for (const [field, spec] of Object.entries(itemObject.properties))
          this.add(`${path}[].${field}`, field, spec, (itemObject.required ?? []).includes(field), depth + 1);
        return;
      }
    }
  }
}

/** Diff rows: replace-on-change inputs replace, the rest update; nested replace-on-change fields too. */
function diffRows(schema: PackageSchema, inputs: Record<string, PropertySpec>, computed: Set<string>) {
  const rows: [string, string][] = [];
  for (const [name, spec] of Object.entries(inputs)) {
    if (!COMMON_INPUTS.includes(name)) {
      const flags = computed.has(name) ? ", computedWhenAbsent: true" : "";
      rows.push([name, `{ onChange: "${spec.replaceOnChanges ? "replace" : "update"}"${flags} }`]);
    }
    const type =
      spec.$ref && spec.$ref !== ANY_REF ? schema.types[`proton:index:${refName(spec.$ref)}`] : undefined;
    if (type && !isEnum(type))
      for (const [field, fieldSpec] of Object.entries(type.properties))
        if (fieldSpec.replaceOnChanges) rows.push([`${name}.${field}`, `{ onChange: "replace" }`]);
  }
  return rows;
}

function renderTypes(schema: PackageSchema): string[] {
  const out: string[] = [];
  for (const token of Object.keys(schema.types).sort()) {
    const t = schema.types[token];
    const name = kindOf(token);
    if (isEnum(t)) {
      out.push(
        ...docLines(t.description),
        `export type ${name} = ${t.enum.map((e) => JSON.stringify(e.value)).join(" | ")};`,
        "",
      );
      continue;
    }
    const required = new Set(t.required ?? []);
    out.push(...docLines(t.description), `export interface ${name} {`);
    for (const [prop, spec] of Object.entries(t.properties))
      out.push(
        ...docLines(spec.description, "  "),
        `  ${prop}${required.has(prop) ? "" : "?"}: ${typeName(spec)};`,
      );
    out.push("}", "");
  }
  return out;
}

function renderResource(schema: PackageSchema, token: string): string[] {
  const kind = kindOf(token);
  const r = schema.resources[token];
  const members = Object.keys(r.inputProperties).filter((n) => !COMMON_INPUTS.includes(n));
  const requiredInputs = new Set(r.requiredInputs ?? []);
  const alwaysSet = new Set(r.required ?? []);
  // Proton picks the value of an optional input it always reports (a new major version, the
  // recommended minor): leaving it out keeps what Proton chose, so its absence is no change.
  const computed = new Set(members.filter((n) => !requiredInputs.has(n) && alwaysSet.has(n)));
  const rules = new Rules(schema);
  for (const [name, spec] of Object.entries(r.inputProperties))
    rules.add(name, name, spec, requiredInputs.has(name));
  const defaults = Object.entries(r.inputProperties).filter(([, spec]) => spec.default !== undefined);

  const out = [`/** The inputs of ${kind}, as its provider sees them (members unset until checked). */`];
  out.push(`export interface ${kind}Inputs extends ResourceInputs {`);
  for (const name of members) {
    const spec = r.inputProperties[name];
    out.push(...docLines(spec.description, "  "), `  ${name}?: ${typeName(spec)};`);
  }
  out.push("}", "");
  out.push(`export const ${kind}Schema: ResourceSchema = {`);
  out.push(`  kind: ${JSON.stringify(kind)},`);
  out.push(`  inputMembers: ${JSON.stringify(members)},`);
  out.push(`  outputs: ${JSON.stringify(Object.keys(r.properties))},`);
  out.push(`  properties: {`);
  for (const [path, row] of diffRows(schema, r.inputProperties, computed))
    out.push(`    ${JSON.stringify(path)}: ${row},`);
  out.push("  },");
  out.push(`  rules: ${JSON.stringify(rules.rows)},`);
  if (defaults.length > 0)
    out.push(`  defaults: ${JSON.stringify(Object.fromEntries(defaults.map(([n, s]) => [n, s.default])))},`);
  out.push("};", "");
  return out;
}

/** A read function: the arguments it passes to Proton (settings aside) and the rules the schema implies. */
function renderFunction(schema: PackageSchema, token: string): string {
  const f = (schema.functions ?? {})[token];
  const inputs = f.inputs?.properties ?? {};
  const required = new Set(f.inputs?.required ?? []);
  const rules = new Rules(schema);
  for (const [name, spec] of Object.entries(inputs)) rules.add(name, name, spec, required.has(name));
  const members = Object.keys(inputs).filter((n) => !COMMON_INPUTS.includes(n));
  return `  ${kindOf(token)}: { token: ${JSON.stringify(token)}, inputMembers: ${JSON.stringify(members)}, rules: ${JSON.stringify(rules.rows)} },`;
}

export function renderProviderSchema(schema: PackageSchema): GeneratedFiles {
  const tokens = Object.keys(schema.resources).sort();
  const functions = Object.keys(schema.functions ?? {}).sort();
  const lines = [
    GENERATED_HEADER,
    'import type { FunctionSchema } from "../core/function";',
    'import type { ResourceInputs, ResourceSchema } from "../core/resource";',
    "",
    ...renderTypes(schema),
    ...tokens.flatMap((token) => renderResource(schema, token)),
    "/** Every resource's schema by kind. */",
    "export const schemas: Readonly<Record<string, ResourceSchema>> = {",
    ...tokens.map((token) => `  ${kindOf(token)}: ${kindOf(token)}Schema,`),
    "};",
    "",
    "/** Every read function's schema by name. */",
    "export const functionSchemas: Readonly<Record<string, FunctionSchema>> = {",
    ...functions.map((token) => renderFunction(schema, token)),
    "};",
    "",
  ];
  return new Map([[`${PROVIDER_GENERATED_DIR}/schema.ts`, lines.join("\n")]]);
}
