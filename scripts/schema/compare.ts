/**
 * Compares schema.json with what the SDK classes declare and lists every disagreement as one readable
 * line: a resource, input or output present on one side only, required-ness, types (recursively through
 * object types). Replace-on-change is checked against the provider's behaviour in replaces.ts.
 */
import { ANY_REF, isEnum, kindOf, PackageSchema, PropertySpec, refName, TypeRef } from "./model";
import { SdkProperty, SdkResource, SdkType } from "./sdk";

function describe(t: SdkType): string {
  switch (t.kind) {
    case "enum":
      return `enum(${t.values.join("|")})`;
    case "array":
      return `${describe(t.items)}[]`;
    case "map":
      return `map<${describe(t.values)}>`;
    case "object":
      return `object ${t.name}`;
    case "unsupported":
      return `unsupported type ${t.text}`;
    default:
      return t.kind;
  }
}

function compareType(schema: PackageSchema, spec: TypeRef, sdk: SdkType, where: string, out: string[]): void {
  if (spec.$ref === ANY_REF) {
    if (sdk.kind !== "any") out.push(`${where}: schema.json has Any, the SDK has ${describe(sdk)}`);
    return;
  }
  if (sdk.kind === "any") {
    out.push(`${where}: the SDK has an untyped value, schema.json does not say Any`);
    return;
  }
  if (spec.$ref) {
    const name = refName(spec.$ref);
    const target = schema.types[`proton:index:${name}`];
    if (!target) {
      out.push(`${where}: schema.json refers to missing type ${name}`);
      return;
    }
    if (isEnum(target)) {
      const values = target.enum.map((e) => String(e.value)).sort();
      // A plain string in the SDK accepts every enum value; a literal union must list exactly the same ones.
      if (sdk.kind === "string") return;
      if (sdk.kind !== "enum" || values.join("|") !== sdk.values.join("|")) {
        out.push(
          `${where}: schema.json has enum ${name} (${values.join("|")}), the SDK has ${describe(sdk)}`,
        );
      }
      return;
    }
    if (sdk.kind !== "object") {
      out.push(`${where}: schema.json has object type ${name}, the SDK has ${describe(sdk)}`);
      return;
    }
    compareProperties(
      schema,
      target.properties,
      target.required ?? [],
      sdk.properties,
      `${where} (${name})`,
      out,
    );
    return;
  }
  const expected: Record<string, SdkType["kind"]> = {
    string: "string",
    integer: "number",
    number: "number",
    boolean: "boolean",
    array: "array",
    object: "map",
  };
  const want = expected[spec.type ?? ""];
  if (want !== sdk.kind) {
    out.push(`${where}: schema.json type is ${spec.type}, the SDK has ${describe(sdk)}`);
    return;
  }
  if (spec.type === "array" && sdk.kind === "array")
    compareType(schema, spec.items ?? {}, sdk.items, `${where}[]`, out);
  if (spec.type === "object" && sdk.kind === "map") {
    compareType(schema, spec.additionalProperties ?? { type: "string" }, sdk.values, `${where}{}`, out);
  }
}

function compareProperties(
  schema: PackageSchema,
  specs: Record<string, PropertySpec>,
  required: string[],
  sdk: Record<string, SdkProperty>,
  where: string,
  out: string[],
): void {
  for (const name of Object.keys(specs).sort()) {
    if (!(name in sdk)) out.push(`${where}.${name}: in schema.json, missing from the SDK`);
  }
  for (const name of Object.keys(sdk).sort()) {
    const spec = specs[name];
    if (!spec) {
      out.push(`${where}.${name}: in the SDK, missing from schema.json`);
      continue;
    }
    const schemaRequired = required.includes(name);
    if (schemaRequired === sdk[name].optional) {
      out.push(
        `${where}.${name}: schema.json says ${schemaRequired ? "required" : "optional"}, the SDK says ${
          sdk[name].optional ? "optional" : "required"
        }`,
      );
    }
    compareType(schema, spec, sdk[name].type, `${where}.${name}`, out);
  }
  for (const name of required) {
    if (!(name in specs)) out.push(`${where}: schema.json lists ${name} as required but does not define it`);
  }
}

export function compareSchemaToSdk(schema: PackageSchema, sdk: SdkResource[]): string[] {
  const out: string[] = [];
  const classes = new Map(sdk.map((r) => [r.className, r]));
  const kinds = new Set(Object.keys(schema.resources).map(kindOf));
  for (const kind of [...kinds].sort()) {
    if (!classes.has(kind)) out.push(`${kind}: resource in schema.json, no exported class in the SDK`);
  }
  for (const resource of sdk) {
    const kind = resource.className;
    const spec = schema.resources[`proton:index:${kind}`];
    if (!spec) {
      out.push(`${kind}: class exported by the SDK (${resource.file}), no resource in schema.json`);
      continue;
    }
    compareProperties(
      schema,
      spec.inputProperties,
      spec.requiredInputs ?? [],
      resource.inputs,
      `${kind} input`,
      out,
    );
    compareProperties(schema, spec.properties, spec.required ?? [], resource.outputs, `${kind} output`, out);
  }
  return out;
}
