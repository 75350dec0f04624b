/**
 * Derives the emulator's model table (emulator/src/model/proton.generated.json) from AWS's published Proton
 * model: botocore's service-2.json (fetched by fetch.sh into .tools/model) for operations and shapes, and the
 * Smithy httpError traits of the pinned @aws-sdk/client-proton for error statuses (botocore's JSON has none).
 * Only names, types and constraints are kept; documentation text is dropped. Anything in the model this
 * derivation does not know fails it, so a model change can't slip past the emulator unnoticed.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as zlib from "node:zlib";
import type {
  ModelError,
  ModelMember,
  ModelOperation,
  ModelShape,
  ModelTable,
} from "../../emulator/src/model/types";

export const repoRoot = path.join(__dirname, "..", "..");
export const TABLE_PATH = path.join(repoRoot, "emulator/src/model/proton.generated.json");
const API_VERSION = "2020-07-20";
const SDK_PACKAGE = "@aws-sdk/client-proton";

/** The botocore version requirements.txt pins. */
export function pinnedBotocore(root = repoRoot): string {
  const text = fs.readFileSync(path.join(root, "scripts/model/requirements.txt"), "utf8");
  const version = /^botocore==(\S+)/m.exec(text)?.[1];
  if (!version) throw new Error("scripts/model/requirements.txt pins no botocore version");
  return version;
}

type Json = Record<string, unknown>;

export interface ModelSources {
  botocore: string;
  service: Json;
  sdk: { version: string; errors: Record<string, { status: number; fault: string }> };
}

/** Reads the fetched model and the SDK's error traits; says how to get the model when it is missing. */
export function readSources(root = repoRoot): ModelSources {
  const botocore = pinnedBotocore(root);
  const file = path.join(
    root,
    ".tools/model",
    `botocore-${botocore}`,
    "proton",
    API_VERSION,
    "service-2.json.gz",
  );
  if (!fs.existsSync(file))
    throw new Error(`AWS's Proton model is not in ${path.relative(root, file)}: run \`make model\` first.`);
  const service = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString("utf8")) as Json;
  return { botocore, service, sdk: sdkErrors(root) };
}

/**
 * Error statuses from the SDK's schemas: an error schema is an array tagged -3 ([-3, namespace, name,
 * traits, ...]) whose traits carry `error` (client/server) and `httpError` (the status).
 */
function sdkErrors(root: string): ModelSources["sdk"] {
  // Resolved from the repository root, so the SDK is the one package-lock.json pins.
  const load = createRequire(path.join(root, "package.json"));
  const { version } = load(`${SDK_PACKAGE}/package.json`) as { version: string };
  const schemas = load(`${SDK_PACKAGE}/dist-cjs/schemas/schemas_0.js`) as Json;
  const errors: ModelSources["sdk"]["errors"] = {};
  for (const value of Object.values(schemas)) {
    if (!Array.isArray(value) || value[0] !== -3 || value[1] !== "com.amazonaws.proton") continue;
    const [, , name, traits] = value as [number, string, string, { error?: string; httpError?: number }];
    if (typeof traits?.httpError !== "number" || typeof traits.error !== "string")
      throw new Error(`${SDK_PACKAGE} error schema ${name} has no httpError/error traits`);
    errors[name] = { status: traits.httpError, fault: traits.error };
  }
  if (Object.keys(errors).length === 0) throw new Error(`${SDK_PACKAGE} schemas hold no Proton error shapes`);
  return { version, errors };
}

/** Keys of a model shape or member that carry nothing the emulator enforces. */
const IGNORED = new Set(["documentation", "deprecated", "deprecatedMessage", "box"]);

function rejectUnknown(where: string, object: Json, known: readonly string[]): void {
  for (const key of Object.keys(object))
    if (!known.includes(key) && !IGNORED.has(key))
      throw new Error(`${where}: unsupported model key '${key}'`);
}

/** Copies the listed keys that are set (booleans only when true). */
function pick(object: Json, keys: readonly string[]): Json {
  const out: Json = {};
  for (const key of keys) if (object[key] !== undefined && object[key] !== false) out[key] = object[key];
  return out;
}

const ref = (where: string, value: unknown): string => {
  const shape = (value as { shape?: unknown } | undefined)?.shape;
  if (typeof shape !== "string") throw new Error(`${where}: expected a shape reference`);
  return shape;
};

function member(where: string, raw: Json): ModelMember {
  rejectUnknown(where, raw, ["shape", "idempotencyToken"]);
  return { shape: ref(where, raw), ...pick(raw, ["idempotencyToken"]) } as ModelMember;
}

/** Per model type: the keys it may carry and how they become the table's shape. */
const shapeRules: Record<string, { keys: readonly string[]; derive(name: string, raw: Json): ModelShape }> = {
  string: {
    keys: ["min", "max", "pattern", "enum", "sensitive"],
    derive: (_name, raw) => ({
      type: "string",
      ...pick(raw, ["min", "max", "pattern", "enum", "sensitive"]),
    }),
  },
  ...Object.fromEntries(
    ["integer", "long", "float", "double"].map((type) => [
      type,
      {
        keys: ["min", "max"],
        derive: (_name: string, raw: Json) => ({ type, ...pick(raw, ["min", "max"]) }),
      },
    ]),
  ),
  boolean: { keys: [], derive: () => ({ type: "boolean" }) },
  timestamp: { keys: [], derive: () => ({ type: "timestamp" }) },
  list: {
    keys: ["member", "min", "max", "sensitive"],
    derive: (name, raw) => ({
      type: "list",
      member: ref(`${name}.member`, raw.member),
      ...pick(raw, ["min", "max", "sensitive"]),
    }),
  },
  map: {
    keys: ["key", "value", "min", "max", "sensitive"],
    derive: (name, raw) => ({
      type: "map",
      key: ref(`${name}.key`, raw.key),
      value: ref(`${name}.value`, raw.value),
      ...pick(raw, ["min", "max", "sensitive"]),
    }),
  },
  structure: {
    keys: ["members", "required", "union", "sensitive", "exception", "fault", "retryable"],
    derive: (name, raw) => ({
      type: "structure",
      members: Object.fromEntries(
        Object.entries((raw.members ?? {}) as Record<string, Json>).map(([key, value]) => [
          key,
          member(`${name}.${key}`, value),
        ]),
      ),
      ...pick(raw, ["required", "union", "sensitive", "exception"]),
    }),
  },
};

function shape(name: string, raw: Json): ModelShape {
  const rule = shapeRules[String(raw.type)];
  if (!rule) throw new Error(`shape ${name}: unsupported type ${String(raw.type)}`);
  rejectUnknown(`shape ${name}`, raw, ["type", ...rule.keys]);
  return rule.derive(name, raw);
}

function operation(name: string, raw: Json): ModelOperation {
  rejectUnknown(`operation ${name}`, raw, ["name", "http", "input", "output", "errors", "idempotent"]);
  return {
    input: ref(`${name}.input`, raw.input),
    output: ref(`${name}.output`, raw.output),
    errors: ((raw.errors ?? []) as unknown[]).map((error) => ref(`${name}.errors`, error)),
    ...pick(raw, ["idempotent"]),
  } as ModelOperation;
}

function error(name: string, raw: Json, sdk: ModelSources["sdk"]): ModelError {
  const traits = sdk.errors[name];
  if (!traits) throw new Error(`the model's error ${name} has no httpError trait in ${SDK_PACKAGE}`);
  const fault = raw.fault === true ? "server" : "client";
  if (traits.fault !== fault)
    throw new Error(`error ${name}: the model says ${fault}, ${SDK_PACKAGE} says ${traits.fault}`);
  return { status: traits.status, fault, ...pick(raw, ["retryable"]) } as ModelError;
}

export function deriveTable(sources: ModelSources): ModelTable {
  const { service, sdk } = sources;
  const metadata = service.metadata as Json;
  const shapes = service.shapes as Record<string, Json>;
  const operations = service.operations as Record<string, Json>;
  return {
    "//": `Generated by scripts/model/generate.ts (make codegen-model) from botocore ${sources.botocore} and ${SDK_PACKAGE} ${sdk.version}. Do not edit.`,
    source: { botocore: sources.botocore, sdk: `${SDK_PACKAGE} ${sdk.version}` },
    metadata: pick(metadata, [
      "apiVersion",
      "protocol",
      "jsonVersion",
      "targetPrefix",
    ]) as ModelTable["metadata"],
    operations: Object.fromEntries(
      Object.entries(operations).map(([name, raw]) => [name, operation(name, raw)]),
    ),
    errors: Object.fromEntries(
      Object.entries(shapes)
        .filter(([, raw]) => raw.exception === true)
        .map(([name, raw]) => [name, error(name, raw, sdk)]),
    ),
    shapes: Object.fromEntries(Object.entries(shapes).map(([name, raw]) => [name, shape(name, raw)])),
  };
}

/** Where two JSON values differ, as `path: committed X, model Y` lines (at most `limit`). */
export function differences(committed: unknown, derived: unknown, limit = 20, at = "table"): string[] {
  const out: string[] = [];
  const walk = (a: unknown, b: unknown, where: string) => {
    if (out.length >= limit) return;
    const objects = typeof a === "object" && a !== null && typeof b === "object" && b !== null;
    if (objects && Array.isArray(a) === Array.isArray(b)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const key of keys) walk((a as Json)[key], (b as Json)[key], `${where}.${key}`);
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      out.push(
        `${where}: committed ${JSON.stringify(a) ?? "nothing"}, model ${JSON.stringify(b) ?? "nothing"}`,
      );
    }
  };
  walk(committed, derived, at);
  return out;
}
