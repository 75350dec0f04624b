/**
 * Local validation from a rules table, so `pulumi preview` fails before any API call. Each failure
 * names the property (dotted path) it is about.
 */
import { parseDocument } from "yaml";
import { containsUnknown, getPath, type PropertyBag } from "./values";

export type ValueType =
  | "string"
  | "number"
  | "integer"
  | "boolean"
  | "object"
  | "stringList"
  | "objectList"
  | "tags";

export interface Rule {
  /** Dotted path into the inputs, e.g. `source.s3.bucket`. For `objectList`, `list[].member` checks each item. */
  property: string;
  type: ValueType;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  /** Applies to strings and to each item of a stringList. */
  pattern?: RegExp;
  /** Human description of `pattern`, used in the failure reason. */
  patternHint?: string;
  oneOf?: readonly (string | number | boolean)[];
  minItems?: number;
  maxItems?: number;
  /** The string must parse as YAML (specs, manifests). */
  yaml?: boolean;
  /** The YAML must be a mapping (an empty document counts as an empty mapping). */
  yamlMapping?: boolean;
  /** The mapping's `proton:` key must name this schema (`EnvironmentSpec`, `ServiceSpec`). */
  protonSchema?: string;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

/** Proton resource names: letters/digits first, then letters, digits, `-` and `_`. */
export const NAME_PATTERN = /^[0-9A-Za-z]+[0-9A-Za-z_-]*$/;
export const NAME_HINT = "letters, digits, '-' and '_', starting with a letter or digit";
/** Major/minor version strings: `0` or a number without leading zeros. */
export const VERSION_PATTERN = /^(0|[1-9][0-9]*)$/;
export const VERSION_HINT = "a whole number without leading zeros, e.g. 1";
export const ARN_PATTERN = /^arn:(aws|aws-cn|aws-us-gov):[\w-]+:[\w-]*:\d*:.+$/;

/** A required Proton resource name: 1-100 characters of NAME_PATTERN. */
export const nameRule = (property: string): Rule => ({
  property,
  type: "string",
  required: true,
  minLength: 1,
  maxLength: 100,
  pattern: NAME_PATTERN,
  patternHint: NAME_HINT,
});

/** A template major or minor version string. */
export const versionRule = (property: string, required = false): Rule => ({
  property,
  type: "string",
  ...(required ? { required } : {}),
  pattern: VERSION_PATTERN,
  patternHint: VERSION_HINT,
});

/** An ARN of `what`, e.g. "an IAM role". */
export const arnRule = (property: string, what = "an IAM role"): Rule => ({
  property,
  type: "string",
  pattern: ARN_PATTERN,
  patternHint: `must be ${what} ARN`,
});

/** Repository providers Proton accepts (environment and pipeline provisioning repositories). */
export const REPOSITORY_PROVIDERS = ["GITHUB", "GITHUB_ENTERPRISE", "BITBUCKET"] as const;

/** AWS tag limits. */
export const TAG_LIMITS = { maxTags: 50, maxKeyLength: 128, maxValueLength: 256 } as const;

const isSet = (value: unknown) => value !== undefined && value !== null;

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return "list";
  return value === null ? "null" : typeof value;
}

function checkString(rule: Rule, path: string, value: string): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const fail = (reason: string) => failures.push({ property: path, reason });
  if (rule.minLength !== undefined && value.length < rule.minLength)
    fail(`must be at least ${rule.minLength} characters (got ${value.length})`);
  if (rule.maxLength !== undefined && value.length > rule.maxLength)
    fail(`must be at most ${rule.maxLength} characters (got ${value.length})`);
  if (rule.pattern && !rule.pattern.test(value))
    fail(`${JSON.stringify(value)} is invalid: ${rule.patternHint ?? `must match ${rule.pattern}`}`);
  if (rule.oneOf && !rule.oneOf.includes(value))
    fail(`${JSON.stringify(value)} is not one of ${rule.oneOf.join(", ")}`);
  if (rule.yaml || rule.yamlMapping || rule.protonSchema) failures.push(...checkYaml(rule, path, value));
  return failures;
}

/** What a YAML document's top level is, as failure reasons name it. */
function yamlShape(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null || value === undefined) return "empty";
  return typeof value === "object" ? "a mapping" : `a scalar (${JSON.stringify(value)})`;
}

/** Proton parses specs as YAML documents: a mapping, naming its schema where Proton requires one. */
function checkYaml(rule: Rule, path: string, value: string): CheckFailure[] {
  const doc = parseDocument(value);
  if (doc.errors.length > 0) {
    return [{ property: path, reason: `is not valid YAML: ${doc.errors[0].message.split("\n")[0]}` }];
  }
  const parsed: unknown = doc.toJS();
  const shape = yamlShape(parsed);
  const mappingRequired = rule.yamlMapping || rule.protonSchema !== undefined;
  const emptyAllowed = !rule.protonSchema;
  if (mappingRequired && shape !== "a mapping" && !(shape === "empty" && emptyAllowed)) {
    return [{ property: path, reason: `must be a YAML mapping (got ${shape})` }];
  }
  const declared = (parsed as Record<string, unknown> | null)?.proton;
  if (rule.protonSchema && declared !== rule.protonSchema) {
    const got = declared === undefined ? "no proton key" : `proton: ${String(declared)}`;
    return [{ property: path, reason: `must declare "proton: ${rule.protonSchema}" (got ${got})` }];
  }
  return [];
}

function checkTags(path: string, value: object): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const entries = Object.entries(value);
  if (entries.length > TAG_LIMITS.maxTags)
    failures.push({ property: path, reason: `at most ${TAG_LIMITS.maxTags} tags (got ${entries.length})` });
  for (const [key, tagValue] of entries) {
    const at = `${path}.${key}`;
    if (key.length < 1 || key.length > TAG_LIMITS.maxKeyLength)
      failures.push({ property: at, reason: `tag keys must be 1-${TAG_LIMITS.maxKeyLength} characters` });
    if (/^aws:/i.test(key)) failures.push({ property: at, reason: "tag keys must not start with 'aws:'" });
    if (typeof tagValue !== "string") failures.push({ property: at, reason: "tag values must be strings" });
    else if (tagValue.length > TAG_LIMITS.maxValueLength)
      failures.push({
        property: at,
        reason: `tag values must be at most ${TAG_LIMITS.maxValueLength} characters`,
      });
  }
  return failures;
}

const EXPECTED_JS_TYPE: Record<ValueType, string> = {
  string: "string",
  number: "number",
  integer: "number",
  boolean: "boolean",
  object: "object",
  stringList: "list",
  objectList: "list",
  tags: "object",
};

function checkValue(rule: Rule, path: string, value: unknown): CheckFailure[] {
  if (value === undefined || value === null) {
    return rule.required ? [{ property: path, reason: "is required" }] : [];
  }
  // Unknown during preview: validated again once known.
  if (containsUnknown(value)) return [];
  if (typeOf(value) !== EXPECTED_JS_TYPE[rule.type]) {
    return [{ property: path, reason: `must be a ${rule.type} (got ${typeOf(value)})` }];
  }
  if (rule.type === "integer" && !Number.isInteger(value))
    return [{ property: path, reason: `must be a whole number (got ${String(value)})` }];
  if (rule.type === "string") return checkString(rule, path, value as string);
  if (rule.type === "tags") return checkTags(path, value as object);
  if (Array.isArray(value)) {
    const failures: CheckFailure[] = [];
    if (rule.minItems !== undefined && value.length < rule.minItems)
      failures.push({ property: path, reason: `needs at least ${rule.minItems} item(s)` });
    if (rule.maxItems !== undefined && value.length > rule.maxItems)
      failures.push({ property: path, reason: `allows at most ${rule.maxItems} item(s)` });
    if (rule.type === "stringList") {
      value.forEach((item, i) => {
        if (typeof item !== "string")
          failures.push({ property: `${path}[${i}]`, reason: "must be a string" });
        else failures.push(...checkString(rule, `${path}[${i}]`, item));
      });
    }
    return failures;
  }
  return [];
}

/**
 * Rules the schema implies (generated) refined by a resource's own: a refinement of a property merges
 * over its generated rule (lengths, patterns, a stricter `required`), a rule for another property is
 * added. The schema's order is kept, refinements of unknown properties come last.
 */
export function refineRules(base: readonly Rule[], refinements: readonly Rule[] = []): Rule[] {
  const byProperty = new Map(refinements.map((r) => [r.property, r]));
  const merged = base.map((rule) => ({ ...rule, ...byProperty.get(rule.property) }));
  const known = new Set(base.map((r) => r.property));
  return [...merged, ...refinements.filter((r) => !known.has(r.property))];
}

/** `a.b.c` -> `a.b`; undefined for a top-level property. */
const parentOf = (path: string) => (path.includes(".") ? path.slice(0, path.lastIndexOf(".")) : undefined);

/**
 * Applies every rule; `list[].member` paths check that member in each list item. A nested member is
 * checked only when its object is set: an optional object may be left out, and a required one fails
 * its own rule.
 */
export function checkRules(rules: readonly Rule[], inputs: PropertyBag): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const rule of rules) {
    const [listPath, memberPath] = rule.property.split("[].");
    if (memberPath === undefined) {
      const parent = parentOf(rule.property);
      // A parent not given, or still unknown during preview (another resource's output), holds nothing to check.
      const parentValue = parent === undefined ? undefined : getPath(inputs, parent);
      if (parent !== undefined && (!isSet(parentValue) || containsUnknown(parentValue))) continue;
      failures.push(...checkValue(rule, rule.property, getPath(inputs, rule.property)));
      continue;
    }
    const list = getPath(inputs, listPath);
    if (!Array.isArray(list)) continue;
    list.forEach((item, i) => {
      const parent = parentOf(memberPath);
      if (parent !== undefined && !isSet(getPath(item, parent))) return;
      failures.push(...checkValue(rule, `${listPath}[${i}].${memberPath}`, getPath(item, memberPath)));
    });
  }
  return failures;
}
