/**
 * What template sync reads from a `{template}/v{major}/` directory: the bundle's layout, its
 * `schema/schema.yaml`, and Proton's best-effort check that a new minor version's schema is backward
 * compatible with the earlier minors of its major. Deliberately minimal (the S3 bundle checker is
 * another module's): a manifest must exist, the schema must be a YAML mapping under `schema:`, and the
 * input types it names are compared property by property.
 */
import { parseDocument } from "yaml";
import type { TemplateKind } from "./templates.records";
import type { Tree } from "./gitSync.records";

type Mapping = Record<string, unknown>;
const isMapping = (value: unknown): value is Mapping =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The infrastructure manifest each kind's bundle must have (Proton's bundle layout). */
const MANIFESTS: Record<TemplateKind, string> = {
  environment: "infrastructure/manifest.yaml",
  service: "instance_infrastructure/manifest.yaml",
};
export const SCHEMA_FILE = "schema/schema.yaml";

/** The schema text of a bundle, or why the bundle can't be registered. */
export function readBundle(kind: TemplateKind, files: Tree): { schema: string } | { problem: string } {
  if (files[MANIFESTS[kind]] === undefined)
    return { problem: `The template bundle has no ${MANIFESTS[kind]}.` };
  const schema = files[SCHEMA_FILE];
  if (schema === undefined) return { problem: `The template bundle has no ${SCHEMA_FILE}.` };
  const problem = schemaProblem(schema);
  return problem === undefined ? { schema } : { problem };
}

function parseSchema(text: string): Mapping | undefined {
  const document = parseDocument(text);
  if (document.errors.length > 0) return undefined;
  const root: unknown = document.toJS();
  return isMapping(root) && isMapping(root.schema) ? root.schema : undefined;
}

function schemaProblem(text: string): string | undefined {
  const schema = parseSchema(text);
  if (!schema) return `${SCHEMA_FILE} is not a YAML mapping with a 'schema:' section.`;
  for (const [member, type] of inputTypes(schema))
    if (!isMapping(typesOf(schema)[type]))
      return `${SCHEMA_FILE}: ${member} names ${type}, which 'types:' does not define.`;
  return undefined;
}

const INPUT_TYPE_MEMBERS = ["environment_input_type", "service_input_type", "pipeline_input_type"];

const typesOf = (schema: Mapping): Mapping => (isMapping(schema.types) ? schema.types : {});

function inputTypes(schema: Mapping): [string, string][] {
  return INPUT_TYPE_MEMBERS.filter((member) => typeof schema[member] === "string").map((member) => [
    member,
    schema[member] as string,
  ]);
}

interface InputType {
  properties: Mapping;
  required: string[];
}

function inputTypeOf(schema: Mapping, member: string): InputType | undefined {
  const name = schema[member];
  if (typeof name !== "string") return undefined;
  const type = typesOf(schema)[name];
  if (!isMapping(type)) return undefined;
  return {
    properties: isMapping(type.properties) ? type.properties : {},
    required: Array.isArray(type.required) ? type.required.filter((r) => typeof r === "string") : [],
  };
}

/**
 * Why `next` is not backward compatible with `previous`, or undefined when it is: an input section
 * removed, an input removed or retyped, or a new required input without a default.
 */
export function incompatibility(previous: string, next: string): string | undefined {
  const before = parseSchema(previous);
  const after = parseSchema(next);
  if (!before || !after) return undefined;
  for (const member of INPUT_TYPE_MEMBERS) {
    const old = inputTypeOf(before, member);
    if (!old) continue;
    const now = inputTypeOf(after, member);
    if (!now) return `the schema no longer has ${member}`;
    for (const [input, definition] of Object.entries(old.properties)) {
      const current = now.properties[input];
      if (current === undefined) return `input ${input} was removed`;
      const typeOf = (d: unknown) => (isMapping(d) ? d.type : undefined);
      if (typeOf(current) !== typeOf(definition)) return `input ${input} changed its type`;
    }
    for (const input of now.required) {
      const definition = now.properties[input];
      const hasDefault = isMapping(definition) && definition.default !== undefined;
      if (!old.required.includes(input) && !hasDefault)
        return `input ${input} is newly required and has no default`;
    }
  }
  return undefined;
}
