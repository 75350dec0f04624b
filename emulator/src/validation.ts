/**
 * Validates a parsed JSON body against shapes.ts the way AWS front ends do: wrong JSON types and unknown
 * members are SerializationExceptions; constraint violations are collected into one ValidationException
 * ("N validation error(s) detected: Value 'x' at 'path' failed to satisfy constraint: ...").
 */
import { serialization, validation } from "./errors";
import { operationInputs, shapes, type OperationName, type Shape } from "./shapes";

const patterns = new Map<string, RegExp>();
const regex = (pattern: string) => {
  let compiled = patterns.get(pattern);
  if (!compiled) {
    compiled = new RegExp(pattern, "u");
    patterns.set(pattern, compiled);
  }
  return compiled;
};

const jsonType = (value: unknown) =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value;

const expectedJsonType: Record<Shape["type"], string> = {
  string: "string",
  integer: "number",
  boolean: "boolean",
  list: "array",
  structure: "object",
  union: "object",
};

class Collector {
  readonly problems: string[] = [];
  add(path: string, value: unknown, sensitive: boolean, constraint: string) {
    const shown =
      sensitive || value === undefined ? "" : ` ${value === null ? "null" : `'${String(value)}'`}`;
    this.problems.push(`Value${shown} at '${path}' failed to satisfy constraint: Member must ${constraint}`);
  }
}

function lookup(name: string): Shape {
  const shape = shapes[name];
  if (!shape) throw new Error(`shapes.ts has no shape ${name}`);
  return shape;
}

function checkLength(
  c: Collector,
  path: string,
  value: unknown,
  size: number,
  shape: Shape,
  sensitive: boolean,
) {
  if (shape.type !== "string" && shape.type !== "list") return;
  if (shape.min !== undefined && size < shape.min)
    c.add(path, value, sensitive, `have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && size > shape.max)
    c.add(path, value, sensitive, `have length less than or equal to ${shape.max}`);
}

function visit(c: Collector, path: string, value: unknown, shapeName: string): void {
  const shape = lookup(shapeName);
  const actual = jsonType(value);
  if (actual !== expectedJsonType[shape.type] || (shape.type === "integer" && !Number.isInteger(value)))
    throw serialization(`Unexpected ${actual} at '${path}': expected ${shape.type} (${shapeName}).`);
  switch (shape.type) {
    case "string": {
      const text = value as string;
      const sensitive = shape.sensitive === true;
      checkLength(c, path, text, [...text].length, shape, sensitive);
      if (shape.pattern !== undefined && !regex(shape.pattern).test(text))
        c.add(path, text, sensitive, `satisfy regular expression pattern: ${shape.pattern}`);
      if (shape.enum && !shape.enum.includes(text))
        c.add(path, text, sensitive, `satisfy enum value set: [${shape.enum.join(", ")}]`);
      return;
    }
    case "integer": {
      const n = value as number;
      if (shape.min !== undefined && n < shape.min)
        c.add(path, n, false, `have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && n > shape.max)
        c.add(path, n, false, `have value less than or equal to ${shape.max}`);
      return;
    }
    case "boolean":
      return;
    case "list": {
      const items = value as unknown[];
      checkLength(c, path, undefined, items.length, shape, true);
      items.forEach((item, i) => visit(c, `${path}.${i + 1}.member`, item, shape.member));
      return;
    }
    case "structure":
    case "union": {
      const object = value as Record<string, unknown>;
      const prefix = path === "" ? "" : `${path}.`;
      for (const key of Object.keys(object))
        if (!Object.hasOwn(shape.members, key))
          throw serialization(`Unrecognized field '${prefix}${key}' (not a member of ${shapeName}).`);
      if (shape.type === "structure")
        for (const required of shape.required ?? [])
          if (object[required] === undefined || object[required] === null)
            c.add(`${prefix}${required}`, null, false, "not be null");
      const set = Object.entries(object).filter(([, v]) => v !== undefined && v !== null);
      if (shape.type === "union" && set.length !== 1)
        c.add(path, undefined, true, `have exactly one of [${Object.keys(shape.members).join(", ")}] set`);
      for (const [key, member] of set) visit(c, `${prefix}${key}`, member, shape.members[key]);
      return;
    }
  }
}

/** Throws SerializationException or ValidationException; returns when `body` fits the operation. */
export function validateInput(operation: OperationName, body: unknown): void {
  const c = new Collector();
  visit(c, "", body, operationInputs[operation]);
  if (c.problems.length === 0) return;
  const n = c.problems.length;
  throw validation(`${n} validation error${n === 1 ? "" : "s"} detected: ${c.problems.join("; ")}`);
}
