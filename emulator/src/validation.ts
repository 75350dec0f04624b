/**
 * Values checked against the model's shapes (model/): Proton inputs the way AWS front ends check them, and,
 * when the emulator runs with `checkOutputs`, the emulator's own outputs. Each shape compiles once into a
 * checker (per direction and sensitivity), so a request costs a walk over its members and nothing more.
 *
 * Inputs: a wrong JSON type or an unknown member is a SerializationException (unknown members are refused
 * where AWS might ignore them: a misspelt member fails here instead of silently doing nothing); constraint
 * violations (required, length, pattern, range, enum, union, list/map size) are collected into one
 * ValidationException: "N validation error(s) detected: Value 'x' at 'path' failed to satisfy constraint:
 * Member must ...". Echoed values are cut to a short prefix; sensitive ones are never shown.
 * Outputs: members, required members, types and enums; lengths and patterns constrain callers, not answers.
 */
import { serialization, validation } from "./errors";
import { model, shapeNamed, type ModelShape, type OperationName } from "./model";
import { compilePattern } from "./model/pattern";

type Direction = "input" | "output";
/** Adds problems for `value` at `path` (the empty path is the top level). */
type Check = (problems: string[], path: string, value: unknown) => void;

/** Longest prefix of a value a ValidationException echoes. */
export const ECHO_LIMIT = 64;

const jsonType = (value: unknown) =>
  value === null ? "null" : Array.isArray(value) ? "array" : value instanceof Date ? "Date" : typeof value;

/** Code points, as the model's length constraints count them (cheap when there are no surrogates). */
const codePoints = (text: string) => (/[\uD800-\uDFFF]/.test(text) ? [...text].length : text.length);

function echo(value: unknown): string {
  const text = String(value);
  if (codePoints(text) <= ECHO_LIMIT) return text;
  return `${[...text].slice(0, ECHO_LIMIT).join("")}...`;
}

function violation(path: string, value: unknown, sensitive: boolean, constraint: string): string {
  const shown = sensitive || value === undefined ? "" : value === null ? " null" : ` '${echo(value)}'`;
  return `Value${shown} at '${path}' failed to satisfy constraint: Member must ${constraint}`;
}

const child = (path: string, key: string) => (path === "" ? key : `${path}.${key}`);

/** What each direction does where they differ. */
interface Rules {
  /** Constraints beyond type, required, enum and union. */
  constraints: boolean;
  /** A value of the wrong type: inputs throw, outputs report. */
  wrongType(problems: string[], path: string, value: unknown, expected: string, shape: string): void;
  unknownMember(problems: string[], path: string, shape: string): void;
  /** JSON timestamps are epoch seconds; handlers answer with Dates. */
  isTimestamp(value: unknown): boolean;
  required(path: string): string;
}

const rules: Record<Direction, Rules> = {
  input: {
    constraints: true,
    wrongType: (_problems, path, value, expected, shape) => {
      throw serialization(`Unexpected ${jsonType(value)} at '${path}': expected ${expected} (${shape}).`);
    },
    unknownMember: (_problems, path, shape) => {
      throw serialization(`Unrecognized field '${path}' (not a member of ${shape}).`);
    },
    isTimestamp: (value) => typeof value === "number" && Number.isFinite(value),
    required: (path) => violation(path, null, false, "not be null"),
  },
  output: {
    constraints: false,
    wrongType: (problems, path, value, expected) =>
      problems.push(`${path || "output"} is a ${jsonType(value)}, not a ${expected}`),
    unknownMember: (problems, path, shape) => problems.push(`${path} is not a member of ${shape}`),
    isTimestamp: (value) => value instanceof Date && !Number.isNaN(value.getTime()),
    required: (path) => `${path} is required but missing`,
  },
};

const isSet = (value: unknown) => value !== undefined && value !== null;

function sizeChecks(shape: { min?: number; max?: number }, noun: "length" | "value") {
  const { min, max } = shape;
  return (problems: string[], path: string, value: unknown, size: number, sensitive: boolean) => {
    if (min !== undefined && size < min)
      problems.push(violation(path, value, sensitive, `have ${noun} greater than or equal to ${min}`));
    if (max !== undefined && size > max)
      problems.push(violation(path, value, sensitive, `have ${noun} less than or equal to ${max}`));
  };
}

class Compiler {
  private readonly checks = new Map<string, Check>();

  constructor(private readonly rules: Rules) {}

  /** The checker of a shape; members of a sensitive shape are sensitive too. */
  of(name: string, sensitive = false): Check {
    const key = `${name}\u0000${sensitive}`;
    const known = this.checks.get(key);
    if (known) return known;
    // Registered before compiling, so a recursive shape refers to itself through this stub.
    const slot: { check?: Check } = {};
    this.checks.set(key, (problems, path, value) => (slot.check as Check)(problems, path, value));
    slot.check = this.compile(name, shapeNamed(name), sensitive);
    this.checks.set(key, slot.check);
    return slot.check;
  }

  private compile(name: string, shape: ModelShape, inherited: boolean): Check {
    const { rules } = this;
    const sensitive = inherited || ("sensitive" in shape && shape.sensitive === true);
    const typed = (expected: string, test: (value: unknown) => boolean, then?: Check): Check => {
      return (problems, path, value) => {
        if (!test(value)) return rules.wrongType(problems, path, value, expected, name);
        then?.(problems, path, value);
      };
    };
    switch (shape.type) {
      case "string": {
        const length = rules.constraints && (shape.min !== undefined || shape.max !== undefined);
        const bounds = sizeChecks(shape, "length");
        const pattern =
          rules.constraints && shape.pattern !== undefined ? compilePattern(shape.pattern) : undefined;
        const allowed = shape.enum && new Set(shape.enum);
        const values = shape.enum?.join(", ");
        return typed(
          "string",
          (v) => typeof v === "string",
          (problems, path, value) => {
            const text = value as string;
            if (length) bounds(problems, path, text, codePoints(text), sensitive);
            if (pattern && !pattern.test(text))
              problems.push(
                violation(path, text, sensitive, `satisfy regular expression pattern: ${shape.pattern}`),
              );
            if (allowed && !allowed.has(text))
              problems.push(violation(path, text, sensitive, `satisfy enum value set: [${values}]`));
          },
        );
      }
      case "integer":
      case "long":
      case "float":
      case "double": {
        const whole = shape.type === "integer" || shape.type === "long";
        const bounds = rules.constraints ? sizeChecks(shape, "value") : undefined;
        return typed(
          shape.type,
          (v) => typeof v === "number" && (whole ? Number.isInteger(v) : Number.isFinite(v)),
          bounds && ((problems, path, value) => bounds(problems, path, value, value as number, sensitive)),
        );
      }
      case "boolean":
        return typed("boolean", (v) => typeof v === "boolean");
      case "timestamp":
        return typed("timestamp", rules.isTimestamp);
      case "list": {
        const item = this.of(shape.member, sensitive);
        const bounds = rules.constraints ? sizeChecks(shape, "length") : undefined;
        return typed("list", Array.isArray, (problems, path, value) => {
          const items = value as unknown[];
          // The size is reported without the list itself.
          bounds?.(problems, path, undefined, items.length, true);
          items.forEach((entry, i) => item(problems, `${path}.${i + 1}.member`, entry));
        });
      }
      case "map": {
        const keyCheck = this.of(shape.key, sensitive);
        const valueCheck = this.of(shape.value, sensitive);
        const bounds = rules.constraints ? sizeChecks(shape, "length") : undefined;
        return typed("map", isObject, (problems, path, value) => {
          const entries = Object.entries(value as object).filter(([, v]) => v !== undefined);
          bounds?.(problems, path, undefined, entries.length, true);
          for (const [key, entry] of entries) {
            keyCheck(problems, path, key);
            valueCheck(problems, child(path, key), entry);
          }
        });
      }
      case "structure":
        return typed("structure", isObject, this.structure(name, shape, sensitive));
    }
  }

  private structure(name: string, shape: ModelShape & { type: "structure" }, sensitive: boolean): Check {
    const { rules } = this;
    const members = new Map(
      Object.entries(shape.members).map(([key, member]) => [key, this.of(member.shape, sensitive)] as const),
    );
    const required = shape.required ?? [];
    const union = shape.union === true ? Object.keys(shape.members).join(", ") : undefined;
    return (problems, path, value) => {
      const object = value as Record<string, unknown>;
      for (const key of required) if (!isSet(object[key])) problems.push(rules.required(child(path, key)));
      let set = 0;
      for (const key in object) {
        const member = members.get(key);
        const entry = object[key];
        if (!member) {
          if (entry !== undefined) rules.unknownMember(problems, child(path, key), name);
        } else if (isSet(entry)) {
          set++;
          member(problems, child(path, key), entry);
        }
      }
      if (union !== undefined && set !== 1)
        problems.push(violation(path, undefined, true, `have exactly one of [${union}] set`));
    };
  }
}

function isObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

const compilers: Record<Direction, Compiler> = {
  input: new Compiler(rules.input),
  output: new Compiler(rules.output),
};

/** Each operation's input checker, so a request costs one map lookup before the walk. */
const inputChecks = new Map<OperationName, Check>();

/** Throws SerializationException or ValidationException; returns when `body` fits the operation's input. */
export function validateInput(operation: OperationName, body: unknown): void {
  let check = inputChecks.get(operation);
  if (!check) {
    check = compilers.input.of(model.operations[operation].input);
    inputChecks.set(operation, check);
  }
  const problems: string[] = [];
  check(problems, "", body);
  if (problems.length === 0) return;
  const n = problems.length;
  throw validation(`${n} validation error${n === 1 ? "" : "s"} detected: ${problems.join("; ")}`);
}

/**
 * Whether a value found outside the request's JSON (e.g. a name inside a spec document) satisfies a model
 * shape's constraints, so such rules are the model's too.
 */
export function satisfies(shape: string, value: unknown): boolean {
  const problems: string[] = [];
  try {
    compilers.input.of(shape)(problems, "value", value);
  } catch {
    return false; // a value of the wrong type
  }
  return problems.length === 0;
}

/** How an emulator answer departs from the operation's output shape (empty when it fits). */
export function outputProblems(operation: OperationName, output: unknown): string[] {
  const problems: string[] = [];
  compilers.output.of(model.operations[operation].output)(problems, "", output);
  return problems;
}
