/** Value helpers shared by check and diff: Pulumi's unknown sentinel, dotted paths and structural equality. */

/** The string Pulumi substitutes for values not yet known during `preview`. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type PropertyBag = Record<string, unknown>;

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** Reads `a.b.c` from a nested object; undefined when any step is missing. */
export function getPath(bag: unknown, path: string): unknown {
  let current: unknown = bag;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as PropertyBag)[key];
  }
  return current;
}

/** True when the value or anything nested inside it is still unknown. */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** Empty maps, empty lists, null and undefined all mean "not set" to Proton. */
export function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.values(value as PropertyBag).every((v) => v === undefined);
  return false;
}

/** Structural equality that treats "not set" forms as equal and ignores key order. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    if (Array.isArray(a) || Array.isArray(b)) return false;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameValue((a as PropertyBag)[k], (b as PropertyBag)[k]));
  }
  return a === b;
}

/** Deterministic JSON (sorted keys, undefined dropped), used for hashing inputs. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as PropertyBag)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Drops undefined members so requests and state stay minimal. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
