/**
 * Proton's best-effort backward-compatibility check of a new minor version's schema against an earlier
 * minor of the same major: every spec the earlier schema accepts must still be accepted, so a
 * developer moving to the new minor has nothing new to provide. Incompatible: an input type or an
 * input removed, a new required input without a default (or a default dropped from a required one),
 * a changed type (integer -> number widens and is allowed), and any narrowed rule (an enum losing
 * values or appearing, a bound added or tightened, a pattern added or changed).
 */
import type { InputProperty, InputSection, InputType, TemplateSchema } from "./schema";
import { SECTION_KEYS } from "./schema";

export interface CompatibilityProblem {
  /** Line in the new schema file where the change shows (the input, its type, or the input type). */
  line?: number;
  message: string;
}

const LOWER = ["minimum", "minLength", "minItems"] as const;
const UPPER = ["maximum", "maxLength", "maxItems"] as const;

function propertyChanges(where: string, before: InputProperty, after: InputProperty): string[] {
  const changes: string[] = [];
  if (before.type !== after.type && !(before.type === "integer" && after.type === "number"))
    return [`${where} changed type from ${before.type} to ${after.type}`];
  if (after.enum !== undefined) {
    if (before.enum === undefined) changes.push(`${where} now has an enum`);
    else {
      const lost = before.enum.filter(
        (v) => !after.enum?.some((w) => JSON.stringify(w) === JSON.stringify(v)),
      );
      if (lost.length > 0)
        changes.push(`${where} no longer allows ${lost.map((v) => JSON.stringify(v)).join(", ")}`);
    }
  }
  for (const key of LOWER) {
    const [a, b] = [before[key], after[key]];
    if (b !== undefined && (a === undefined || b > a))
      changes.push(`${where} ${key} raised to ${b}${a === undefined ? "" : ` from ${a}`}`);
  }
  for (const key of UPPER) {
    const [a, b] = [before[key], after[key]];
    if (b !== undefined && (a === undefined || b < a))
      changes.push(`${where} ${key} lowered to ${b}${a === undefined ? "" : ` from ${a}`}`);
  }
  if (after.exclusiveMinimum && !before.exclusiveMinimum && after.minimum !== undefined)
    changes.push(`${where} minimum became exclusive`);
  if (after.exclusiveMaximum && !before.exclusiveMaximum && after.maximum !== undefined)
    changes.push(`${where} maximum became exclusive`);
  if (after.multipleOf !== undefined && after.multipleOf !== before.multipleOf)
    changes.push(`${where} multipleOf changed to ${after.multipleOf}`);
  if (after.uniqueItems && !before.uniqueItems) changes.push(`${where} now requires unique items`);
  if (after.pattern !== undefined && after.pattern !== before.pattern)
    changes.push(`${where} pattern ${before.pattern === undefined ? "added" : "changed"} (${after.pattern})`);
  if (before.items && after.items)
    changes.push(...propertyChanges(`${where} items`, before.items, after.items));
  return changes;
}

function typeChanges(before: InputType, after: InputType): CompatibilityProblem[] {
  const problems: CompatibilityProblem[] = [];
  for (const [name, property] of Object.entries(before.properties)) {
    const next = after.properties[name];
    if (!next) {
      problems.push({ line: after.line, message: `input "${name}" of ${before.name} was removed` });
      continue;
    }
    for (const change of propertyChanges(`input "${name}"`, property, next))
      problems.push({ line: next.line, message: change });
    const wasRequired = before.required.includes(name) && property.default === undefined;
    if (after.required.includes(name) && next.default === undefined && !wasRequired)
      problems.push({ line: next.line, message: `input "${name}" became required without a default` });
  }
  for (const [name, property] of Object.entries(after.properties)) {
    if (!before.properties[name] && after.required.includes(name) && property.default === undefined)
      problems.push({ line: property.line, message: `new input "${name}" is required and has no default` });
  }
  return problems;
}

/** Why `after` (a new minor) is not backward compatible with `before` (an earlier minor); none: it is. */
export function compatibilityProblems(before: TemplateSchema, after: TemplateSchema): CompatibilityProblem[] {
  const problems: CompatibilityProblem[] = [];
  for (const section of Object.keys(SECTION_KEYS) as InputSection[]) {
    const [old, next] = [before.inputTypes[section], after.inputTypes[section]];
    if (old && !next) problems.push({ message: `schema.${SECTION_KEYS[section]} was removed` });
    else if (old && next) problems.push(...typeChanges(old, next));
    else if (!old && next && next.required.some((name) => next.properties[name].default === undefined))
      problems.push({
        line: next.line,
        message: `schema.${SECTION_KEYS[section]} was added with required inputs`,
      });
  }
  return problems;
}
