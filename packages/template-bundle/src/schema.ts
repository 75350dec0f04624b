/**
 * `schema/schema.yaml`: the OpenAPI 3 subset Proton reads to decide which inputs a spec may carry.
 *
 *   schema:
 *     format: { openapi: "3.0.0" }
 *     environment_input_type: EnvInput        # environment templates
 *     service_input_type: ServiceInput        # service templates, with an optional
 *     pipeline_input_type: PipelineInput      #   pipeline_input_type when the template has a pipeline
 *     types:
 *       EnvInput:
 *         type: object
 *         properties: { name: { type, default, enum, minimum, maximum, minLength, maxLength, pattern, items, ... } }
 *         required: [name]
 *
 * Parsing checks everything the subset allows and names the line of every problem.
 */
import type { Node } from "yaml";
import { defaultProblems } from "./inputs";
import type { BundleProblem } from "./problems";
import { isList, valueOf, YamlFile, type Member } from "./yamlFile";

export const SCHEMA_FILE = "schema/schema.yaml";

export type TemplateKind = "environment" | "service";
/** Which input type of a schema a spec section is checked against. */
export type InputSection = "environment" | "service" | "pipeline";

export const SECTION_KEYS: Record<InputSection, string> = {
  environment: "environment_input_type",
  service: "service_input_type",
  pipeline: "pipeline_input_type",
};

export type PrimitiveType = "string" | "number" | "integer" | "boolean";
export type PropertyType = PrimitiveType | "array";

/** One input: what a spec value must be. */
export interface InputProperty {
  type: PropertyType;
  line: number;
  /** Line of its `default:` (when it has one). */
  defaultLine?: number;
  default?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** Arrays: the type of their items (primitives only). */
  items?: InputProperty;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
}

/** An input type: the inputs of one kind of spec section. */
export interface InputType {
  name: string;
  line: number;
  properties: Record<string, InputProperty>;
  required: string[];
}

export interface TemplateSchema {
  /** The file's text, as Proton returns it in a version's `schema`. */
  text: string;
  /** The input types the schema declares, by the section they apply to. */
  inputTypes: Partial<Record<InputSection, InputType>>;
}

const PRIMITIVES: readonly string[] = ["string", "number", "integer", "boolean"];
/** Keywords the emulator and provider enforce, per property type. */
const KEYWORDS: Record<PropertyType, readonly string[]> = {
  string: ["minLength", "maxLength", "pattern"],
  number: ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"],
  integer: ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"],
  boolean: [],
  array: ["items", "minItems", "maxItems", "uniqueItems"],
};
const COMMON = ["type", "default", "enum"];
/** OpenAPI annotations: accepted and not enforced (they constrain no value). */
const ANNOTATIONS = [
  "title",
  "description",
  "example",
  "format",
  "deprecated",
  "readOnly",
  "writeOnly",
  "externalDocs",
];
const TYPE_KEYWORDS = ["type", "properties", "required", ...ANNOTATIONS];

const COUNTS = ["minLength", "maxLength", "minItems", "maxItems"] as const;
const NUMBERS = ["minimum", "maximum"] as const;
const FLAGS = ["exclusiveMinimum", "exclusiveMaximum", "uniqueItems"] as const;

class SchemaReader {
  constructor(private readonly yaml: YamlFile) {}

  property(where: string, member: Member, inItems = false): InputProperty | undefined {
    const members = this.yaml.members(member.value, where, member.line);
    if (!members) return undefined;
    const byKey = new Map(members.map((m) => [m.key, m]));
    const typeMember = byKey.get("type");
    const type = valueOf(typeMember?.value);
    const allowed = inItems ? PRIMITIVES : [...PRIMITIVES, "array"];
    if (typeMember === undefined) {
      this.yaml.problem(member.line, `${where}: missing "type" (one of ${allowed.join(", ")})`);
      return undefined;
    }
    if (typeof type !== "string" || !allowed.includes(type)) {
      const hint =
        type === "object"
          ? " (nested objects are not supported)"
          : inItems && type === "array"
            ? " (arrays of arrays are not supported)"
            : "";
      this.yaml.problem(
        typeMember.line,
        `${where}.type: ${JSON.stringify(type)} is not supported${hint}; use one of ${allowed.join(", ")}`,
      );
      return undefined;
    }
    const property: InputProperty = { type: type as PropertyType, line: member.line };
    const known = [...COMMON, ...ANNOTATIONS, ...KEYWORDS[property.type]];
    let ok = true;
    const bad = (m: Member, message: string) => {
      this.yaml.problem(m.line, `${where}.${m.key}: ${message}`);
      ok = false;
    };
    for (const m of members) {
      const value = valueOf(m.value);
      if (!known.includes(m.key)) {
        bad(
          m,
          `keyword not supported for type ${property.type} (supported: ${[...COMMON, ...KEYWORDS[property.type]].join(", ")})`,
        );
      } else if ((COUNTS as readonly string[]).includes(m.key)) {
        if (!Number.isInteger(value) || (value as number) < 0) bad(m, "must be a non-negative integer");
        else property[m.key as (typeof COUNTS)[number]] = value as number;
      } else if ((NUMBERS as readonly string[]).includes(m.key) || m.key === "multipleOf") {
        if (typeof value !== "number" || !Number.isFinite(value)) bad(m, "must be a number");
        else if (m.key === "multipleOf" && value <= 0) bad(m, "must be greater than 0");
        else property[m.key as "minimum" | "maximum" | "multipleOf"] = value;
      } else if ((FLAGS as readonly string[]).includes(m.key)) {
        if (typeof value !== "boolean") bad(m, "must be true or false (OpenAPI 3.0)");
        else property[m.key as (typeof FLAGS)[number]] = value;
      } else if (m.key === "pattern") {
        if (typeof value !== "string") bad(m, "must be a string");
        else {
          try {
            new RegExp(value, "u");
            property.pattern = value;
          } catch (error) {
            bad(m, `is not a valid regular expression (${(error as Error).message})`);
          }
        }
      } else if (m.key === "enum") {
        if (!isList(m.value) || !Array.isArray(value) || value.length === 0)
          bad(m, "must be a non-empty list");
        else property.enum = value;
      } else if (m.key === "items") {
        if (inItems) bad(m, "arrays of arrays are not supported");
        else {
          const items = this.property(`${where}.items`, m, true);
          if (items) property.items = items;
          else ok = false;
        }
      } else if (m.key === "default") {
        property.default = value;
        property.defaultLine = m.line;
      }
    }
    if (property.type === "array" && !property.items && !byKey.has("items")) {
      this.yaml.problem(member.line, `${where}: an array needs "items" with the type of its elements`);
      ok = false;
    }
    for (const [low, high] of [
      ["minimum", "maximum"],
      ["minLength", "maxLength"],
      ["minItems", "maxItems"],
    ] as const) {
      const [a, b] = [property[low], property[high]];
      if (a !== undefined && b !== undefined && a > b) {
        this.yaml.problem(byKey.get(low)?.line, `${where}: ${low} ${a} is greater than ${high} ${b}`);
        ok = false;
      }
    }
    return ok ? property : undefined;
  }

  inputType(name: string, member: Member): InputType | undefined {
    const where = `types.${name}`;
    const members = this.yaml.members(member.value, where, member.line);
    if (!members) return undefined;
    const byKey = new Map(members.map((m) => [m.key, m]));
    let ok = true;
    for (const m of members) {
      if (!TYPE_KEYWORDS.includes(m.key)) {
        this.yaml.problem(
          m.line,
          `${where}.${m.key}: keyword not supported for an input type (supported: type, properties, required, description)`,
        );
        ok = false;
      }
    }
    const type = byKey.get("type");
    if (valueOf(type?.value) !== "object") {
      this.yaml.problem(type?.line ?? member.line, `${where}.type: an input type must be "type: object"`);
      ok = false;
    }
    const propertiesMember = byKey.get("properties");
    const properties: Record<string, InputProperty> = {};
    const declared = new Set<string>();
    if (!propertiesMember) {
      this.yaml.problem(
        member.line,
        `${where}: missing "properties" (an input type defines at least one input)`,
      );
      ok = false;
    } else {
      const list =
        this.yaml.members(propertiesMember.value, `${where}.properties`, propertiesMember.line) ?? [];
      if (list.length === 0 && isListOrMap(propertiesMember.value)) {
        this.yaml.problem(
          propertiesMember.line,
          `${where}.properties: an input type defines at least one input`,
        );
        ok = false;
      }
      for (const p of list) {
        declared.add(p.key);
        const property = this.property(`${where}.properties.${p.key}`, p);
        if (property) properties[p.key] = property;
        else ok = false;
      }
      if (!isListOrMap(propertiesMember.value)) ok = false;
    }
    const requiredMember = byKey.get("required");
    const required: string[] = [];
    if (requiredMember) {
      const value = valueOf(requiredMember.value);
      if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
        this.yaml.problem(requiredMember.line, `${where}.required: must be a list of input names`);
        ok = false;
      } else {
        for (const name of value as string[]) {
          if (propertiesMember && !declared.has(name)) {
            this.yaml.problem(
              requiredMember.line,
              `${where}.required: "${name}" is not one of its properties`,
            );
            ok = false;
          }
          required.push(name);
        }
      }
    }
    return ok ? { name, line: member.line, properties, required } : undefined;
  }
}

const isListOrMap = (node: Node | null) => node !== null && typeof node === "object" && "items" in node;

/**
 * Parses a schema file of a template of `kind`. Returns the schema, or the problems (each with its
 * line). `pipeline`: whether the service template has a Proton pipeline (then `pipeline_input_type` is
 * required, else refused); undefined accepts either (the bundle alone cannot tell).
 */
export function parseTemplateSchema(
  text: string,
  kind: TemplateKind,
  pipeline?: boolean,
  file = SCHEMA_FILE,
): { schema?: TemplateSchema; problems: BundleProblem[] } {
  const yaml = new YamlFile(file, text);
  if (yaml.problems.length > 0) return { problems: yaml.problems };
  const reader = new SchemaReader(yaml);
  const rootMembers = yaml.members(yaml.root, "the file", 1);
  const schemaMember = rootMembers?.find((m) => m.key === "schema");
  if (!rootMembers) return { problems: yaml.problems };
  if (!schemaMember) {
    yaml.problem(1, 'missing the top-level "schema:" mapping');
    return { problems: yaml.problems };
  }
  for (const m of rootMembers)
    if (m.key !== "schema") yaml.problem(m.line, `"${m.key}": unknown top-level key (only "schema")`);
  const members = yaml.members(schemaMember.value, "schema", schemaMember.line);
  if (!members) return { problems: yaml.problems };
  const byKey = new Map(members.map((m) => [m.key, m]));
  const known = ["format", "types", ...Object.values(SECTION_KEYS)];
  for (const m of members)
    if (!known.includes(m.key))
      yaml.problem(m.line, `schema.${m.key}: unknown key (expected ${known.join(", ")})`);

  const format = byKey.get("format");
  const openapi =
    format && yaml.members(format.value, "schema.format", format.line)?.find((m) => m.key === "openapi");
  if (!format) yaml.problem(schemaMember.line, 'schema: missing "format: { openapi: "3.0.0" }"');
  else if (!openapi) yaml.problem(format.line, 'schema.format: missing "openapi: "3.0.0""');
  else if (
    typeof valueOf(openapi.value) !== "string" ||
    !/^3\.0(\.\d+)?$/.test(valueOf(openapi.value) as string)
  )
    yaml.problem(
      openapi.line,
      `schema.format.openapi: must be the string "3.0.0", not ${JSON.stringify(valueOf(openapi.value))}`,
    );

  const wanted: InputSection[] = kind === "environment" ? ["environment"] : ["service", "pipeline"];
  for (const section of Object.keys(SECTION_KEYS) as InputSection[]) {
    const key = SECTION_KEYS[section];
    const m = byKey.get(key);
    if (m && !wanted.includes(section))
      yaml.problem(
        m.line,
        `schema.${key}: not used by ${kind} templates (they take ${wanted.map((s) => SECTION_KEYS[s]).join(" and ")})`,
      );
  }
  const mainKey = SECTION_KEYS[wanted[0]];
  if (!byKey.has(mainKey))
    yaml.problem(schemaMember.line, `schema: missing "${mainKey}" (the name of the ${kind}'s input type)`);
  if (kind === "service" && pipeline === true && !byKey.has(SECTION_KEYS.pipeline))
    yaml.problem(
      schemaMember.line,
      'schema: missing "pipeline_input_type": the service template has a pipeline',
    );
  if (kind === "service" && pipeline === false && byKey.has(SECTION_KEYS.pipeline))
    yaml.problem(
      byKey.get(SECTION_KEYS.pipeline)?.line,
      "schema.pipeline_input_type: the service template has no pipeline (its pipelineProvisioning is CUSTOMER_MANAGED)",
    );

  const typesMember = byKey.get("types");
  const types = new Map<string, Member>();
  if (!typesMember) yaml.problem(schemaMember.line, 'schema: missing "types" (the input types, by name)');
  else
    for (const m of yaml.members(typesMember.value, "schema.types", typesMember.line) ?? [])
      types.set(m.key, m);

  const inputTypes: Partial<Record<InputSection, InputType>> = {};
  for (const section of wanted) {
    const m = byKey.get(SECTION_KEYS[section]);
    if (!m) continue;
    const name = valueOf(m.value);
    if (typeof name !== "string" || name === "") {
      yaml.problem(m.line, `schema.${SECTION_KEYS[section]}: must be the name of a type under schema.types`);
      continue;
    }
    const typeMember = types.get(name);
    if (!typeMember) {
      if (typesMember)
        yaml.problem(
          m.line,
          `schema.${SECTION_KEYS[section]}: the type "${name}" is not defined under schema.types${types.size > 0 ? ` (defined: ${[...types.keys()].join(", ")})` : ""}`,
        );
      continue;
    }
    const type = reader.inputType(name, typeMember);
    if (!type) continue;
    for (const { property, message } of defaultProblems(type))
      yaml.problem(type.properties[property].defaultLine, `types.${name}.properties.${property}: ${message}`);
    inputTypes[section] = type;
  }
  if (yaml.problems.length > 0) return { problems: yaml.problems };
  return { schema: { text, inputTypes }, problems: [] };
}

/** The kind of template a schema is for, from the input type it names (undefined when unclear). */
export function schemaKind(text: string): TemplateKind | undefined {
  const yaml = new YamlFile(SCHEMA_FILE, text);
  const schema = yaml.members(yaml.root, "", 1)?.find((m) => m.key === "schema");
  const keys = (schema && yaml.members(schema.value, "", 1)?.map((m) => m.key)) ?? [];
  const environment = keys.includes(SECTION_KEYS.environment);
  const service = keys.includes(SECTION_KEYS.service) || keys.includes(SECTION_KEYS.pipeline);
  return environment === service ? undefined : environment ? "environment" : "service";
}
