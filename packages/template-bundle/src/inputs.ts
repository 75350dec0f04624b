/**
 * Spec inputs against a schema's input type: the OpenAPI subset translated to JSON Schema (draft-07)
 * and checked by ajv, with defaults applied. Each problem names the input (`desired_count`,
 * `subnets[1]`), the rule (the keyword) and, where there is a list of them, the allowed values.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import type { InputProperty, InputType } from "./schema";

export interface InputProblem {
  /** The input, as a path below the section: `desired_count`, `subnets[1]`. */
  input: string;
  /** The rule broken: a JSON Schema keyword (`required`, `type`, `enum`, `maximum`, `unknown`...). */
  rule: string;
  /** What is wrong, in words, with the allowed values where the rule has them. */
  message: string;
  allowed?: readonly string[];
}

type JsonSchema = Record<string, unknown>;

function propertySchema(property: InputProperty, withDefault: boolean): JsonSchema {
  const schema: JsonSchema = { type: property.type };
  const copy = [
    "enum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
  ] as const;
  for (const key of copy) if (property[key] !== undefined) schema[key] = property[key];
  // OpenAPI 3.0's exclusiveMinimum/Maximum are flags on minimum/maximum; JSON Schema's are the bounds.
  if (property.minimum !== undefined)
    schema[property.exclusiveMinimum ? "exclusiveMinimum" : "minimum"] = property.minimum;
  if (property.maximum !== undefined)
    schema[property.exclusiveMaximum ? "exclusiveMaximum" : "maximum"] = property.maximum;
  if (property.items) schema.items = propertySchema(property.items, false);
  if (withDefault && property.default !== undefined) schema.default = property.default;
  return schema;
}

/** The JSON Schema of an input type: no input beyond its properties; required ones without a default. */
export function toJsonSchema(type: InputType): JsonSchema {
  const properties = Object.fromEntries(
    Object.entries(type.properties).map(([name, property]) => [name, propertySchema(property, true)]),
  );
  // A required input with a default is satisfied by its default (ajv fills defaults before `required`).
  return { type: "object", properties, required: type.required, additionalProperties: false };
}

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true, strictTypes: false });
const compiled = new Map<string, ValidateFunction>();

function validatorOf(type: InputType): ValidateFunction {
  const key = JSON.stringify(toJsonSchema(type));
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(JSON.parse(key));
    if (compiled.size > 200) compiled.clear();
    compiled.set(key, validate);
  }
  return validate;
}

const show = (value: unknown) =>
  typeof value === "string" ? JSON.stringify(value) : String(JSON.stringify(value));
const typeName = (value: unknown) =>
  value === null
    ? "null"
    : Array.isArray(value)
      ? "array"
      : Number.isInteger(value)
        ? "integer"
        : typeof value;

/** `/subnets/1` -> `subnets[1]`. */
function inputPath(instancePath: string, extra?: string): string {
  const parts = instancePath
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (extra !== undefined) parts.push(extra);
  return parts.map((p, i) => (/^\d+$/.test(p) && i > 0 ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

function valueAt(inputs: unknown, instancePath: string): unknown {
  let value = inputs;
  for (const part of instancePath.split("/").slice(1)) value = (value as Record<string, unknown>)?.[part];
  return value;
}

/** The closest name by edit distance, when it is close enough to be a likely misspelling. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const distance = (a: string, b: string) => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let previous = row[0];
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const current = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
        previous = current;
      }
    }
    return row[b.length];
  };
  let best: { name: string; d: number } | undefined;
  for (const candidate of candidates) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    const close = d <= Math.max(2, Math.floor(Math.max(name.length, candidate.length) / 3));
    if (close && (!best || d < best.d)) best = { name: candidate, d };
  }
  return best?.name;
}

function problemOf(error: ErrorObject, inputs: unknown, type: InputType): InputProblem {
  const value = valueAt(inputs, error.instancePath);
  const names = Object.keys(type.properties).sort();
  const params = error.params as Record<string, unknown>;
  const input = inputPath(error.instancePath);
  switch (error.keyword) {
    case "additionalProperties": {
      const unknown = String(params.additionalProperty);
      const guess = closest(unknown, names);
      return {
        input: inputPath(error.instancePath, unknown),
        rule: "unknown input",
        message: `is not an input of ${type.name}${guess ? ` (did you mean "${guess}"?)` : ""}; its inputs are ${names.join(", ")}`,
        allowed: names,
      };
    }
    case "required":
      return {
        input: inputPath(error.instancePath, String(params.missingProperty)),
        rule: "required",
        message: `is required by ${type.name} and has no default`,
      };
    case "type":
      return {
        input,
        rule: "type",
        message: `must be ${String(params.type)}, got ${typeName(value)} ${show(value)}`,
      };
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map((v) => String(v));
      return {
        input,
        rule: "enum",
        message: `must be one of ${allowed.join(", ")}; got ${show(value)}`,
        allowed,
      };
    }
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return {
        input,
        rule: error.keyword,
        message: `must be ${String(params.comparison)} ${String(params.limit)}; got ${show(value)}`,
      };
    case "minLength":
    case "maxLength":
      return {
        input,
        rule: error.keyword,
        message: `must be ${error.keyword === "minLength" ? "at least" : "at most"} ${String(params.limit)} characters long; got ${[...String(value)].length}`,
      };
    case "pattern":
      return {
        input,
        rule: "pattern",
        message: `must match the pattern ${String(params.pattern)}; got ${show(value)}`,
      };
    case "minItems":
    case "maxItems":
      return {
        input,
        rule: error.keyword,
        message: `must have ${error.keyword === "minItems" ? "at least" : "at most"} ${String(params.limit)} items; got ${Array.isArray(value) ? value.length : 0}`,
      };
    case "uniqueItems":
      return {
        input,
        rule: "uniqueItems",
        message: `must not repeat items (items ${String(params.j)} and ${String(params.i)} are equal)`,
      };
    case "multipleOf":
      return {
        input,
        rule: "multipleOf",
        message: `must be a multiple of ${String(params.multipleOf)}; got ${show(value)}`,
      };
    default:
      return { input, rule: error.keyword, message: error.message ?? "is not valid" };
  }
}

/**
 * Checks a section's inputs (a YAML mapping, as parsed) against an input type. Returns the inputs with
 * defaults applied and the problems found (none: the inputs fit).
 */
export function checkInputs(
  type: InputType,
  inputs: Readonly<Record<string, unknown>>,
): { inputs: Record<string, unknown>; problems: InputProblem[] } {
  const copy = structuredClone(inputs) as Record<string, unknown>;
  const validate = validatorOf(type);
  if (validate(copy)) return { inputs: copy, problems: [] };
  const seen = new Set<string>();
  const problems = (validate.errors ?? [])
    .map((error) => problemOf(error, inputs, type))
    .filter((problem) => {
      const key = `${problem.input}\u0000${problem.rule}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  return { inputs: copy, problems };
}

/**
 * A default that breaks its own input's rules is a schema problem (Proton would refuse every spec
 * relying on it): the message for each such property, by property name.
 */
export function defaultProblems(type: InputType): { property: string; message: string }[] {
  const problems: { property: string; message: string }[] = [];
  for (const [name, property] of Object.entries(type.properties)) {
    if (property.default === undefined) continue;
    const single: InputType = {
      name: type.name,
      line: type.line,
      properties: { [name]: { ...property, default: undefined } },
      required: [],
    };
    const found = checkInputs(single, { [name]: property.default }).problems;
    if (found.length > 0) problems.push({ property: name, message: `the default ${found[0].message}` });
  }
  return problems;
}
