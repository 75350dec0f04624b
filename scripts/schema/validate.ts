/**
 * Structural checks of schema.json against the rules of the Pulumi package meta-schema that matter here
 * (token shape, property specs, required lists, type references), plus this package's own conventions.
 * Returns one line per problem.
 */
import { ANY_REF, isEnum, PackageSchema, PropertySpec, TypeRef } from "./model";

// Same shape as the meta-schema's token pattern: package:module:Name.
const TOKEN = /^[a-zA-Z][-a-zA-Z0-9_]*:([^0-9][a-zA-Z0-9._/-]*)?:[^0-9][a-zA-Z0-9._/-]*$/;
const PRIMITIVES = new Set(["string", "integer", "number", "boolean"]);

function checkType(schema: PackageSchema, t: TypeRef, where: string, out: string[]): void {
  if (t.$ref === ANY_REF) return;
  if (t.$ref !== undefined) {
    const m = /^#\/types\/(.+)$/.exec(t.$ref);
    if (!m || !schema.types[m[1]]) out.push(`${where}: $ref ${t.$ref} does not name a type of this schema`);
    return;
  }
  if (t.type === "array") {
    if (!t.items) out.push(`${where}: array without items`);
    else checkType(schema, t.items, `${where}[]`, out);
    return;
  }
  if (t.type === "object") {
    if (t.additionalProperties) checkType(schema, t.additionalProperties, `${where}{}`, out);
    return;
  }
  if (!t.type || !PRIMITIVES.has(t.type)) out.push(`${where}: no valid type or $ref`);
}

function checkProperties(
  schema: PackageSchema,
  props: Record<string, PropertySpec> | undefined,
  required: string[] | undefined,
  where: string,
  out: string[],
): void {
  if (!props || typeof props !== "object") {
    out.push(`${where}: missing properties map`);
    return;
  }
  for (const [name, p] of Object.entries(props)) {
    if (!/^[a-z][A-Za-z0-9]*$/.test(name)) out.push(`${where}.${name}: property names are camelCase`);
    if (!p.description) out.push(`${where}.${name}: missing description`);
    if (Boolean(p.replaceOnChanges) !== Boolean(p.willReplaceOnChanges)) {
      out.push(`${where}.${name}: replaceOnChanges and willReplaceOnChanges must agree`);
    }
    checkType(schema, p, `${where}.${name}`, out);
  }
  for (const name of required ?? []) {
    if (!(name in props)) out.push(`${where}: required ${name} is not a property`);
  }
}

export function validateSchema(schema: PackageSchema): string[] {
  const out: string[] = [];
  if (schema.name !== "proton") out.push(`package name is ${schema.name}, expected proton`);
  for (const [token, t] of Object.entries(schema.types ?? {})) {
    if (!TOKEN.test(token) || !token.startsWith("proton:index:")) out.push(`type ${token}: bad token`);
    if (!t.description) out.push(`type ${token}: missing description`);
    if (isEnum(t)) {
      if (!PRIMITIVES.has(t.type) || t.enum.length === 0) out.push(`type ${token}: bad enum`);
    } else if (t.type === "object") {
      checkProperties(schema, t.properties, t.required, `type ${token}`, out);
    } else {
      out.push(`type ${token}: neither an object nor an enum`);
    }
  }
  for (const [token, r] of Object.entries(schema.resources ?? {})) {
    if (!TOKEN.test(token) || !token.startsWith("proton:index:")) out.push(`resource ${token}: bad token`);
    if (!r.description) out.push(`resource ${token}: missing description`);
    checkProperties(schema, r.inputProperties, r.requiredInputs, `${token} input`, out);
    checkProperties(schema, r.properties, r.required, `${token} output`, out);
    // Outputs carry the flag too (Pulumi's codegen reads replaceOnChanges from `properties`).
    for (const [name, p] of Object.entries(r.properties ?? {})) {
      const input = r.inputProperties?.[name];
      if (input && Boolean(input.replaceOnChanges) !== Boolean(p.replaceOnChanges)) {
        out.push(`${token}.${name}: the input and the output disagree on replaceOnChanges`);
      }
    }
  }
  for (const [token, f] of Object.entries(schema.functions ?? {})) {
    if (!TOKEN.test(token) || !token.startsWith("proton:index:")) out.push(`function ${token}: bad token`);
    if (!f.description) out.push(`function ${token}: missing description`);
    checkProperties(schema, f.inputs?.properties ?? {}, f.inputs?.required, `${token} input`, out);
    checkProperties(schema, f.outputs?.properties, f.outputs?.required, `${token} output`, out);
  }
  if (Object.keys(schema.resources ?? {}).length === 0) out.push("no resources");
  return out;
}
