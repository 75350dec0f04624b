/**
 * Pure diff (no API calls) driven by a per-resource property table (generated from schema.json).
 * Properties missing from the table (`__provider`, connection credentials routing, operation settings,
 * auto-name prefix) never count as changes, so upgrading the package does not touch every resource;
 * `connection.region` is a row of every table (another region is another resource).
 */
import { containsUnknown, getPath, sameValue, type PropertyBag } from "./values";

export type ChangeBehavior = "replace" | "update";

export interface PropertySpec {
  onChange: ChangeBehavior;
  /** Proton picks the value when the input is absent (e.g. a new major version): absence is no change. */
  computedWhenAbsent?: boolean;
}

/** Keys are input names or dotted paths (`connection.region`). */
export type PropertyTable = Readonly<Record<string, PropertySpec>>;

export interface DiffSpec {
  properties: PropertyTable;
  /**
   * Properties whose values must be unique in Proton (a name). A replacement that keeps them
   * unchanged must delete first, or the create would collide with the old resource.
   */
  uniqueBy?: readonly string[];
}

export interface DiffOutcome {
  changes: boolean;
  /** Properties that force a replacement. */
  replaces: string[];
  /** Properties that can be updated in place. */
  updates: string[];
  deleteBeforeReplace: boolean;
}

export function changedProperties(properties: PropertyTable, olds: PropertyBag, news: PropertyBag): string[] {
  return Object.entries(properties)
    .filter(([path, spec]) => {
      const next = getPath(news, path);
      if (spec.computedWhenAbsent && next === undefined) return false;
      return containsUnknown(next) || !sameValue(getPath(olds, path), next);
    })
    .map(([path]) => path);
}

export function diffInputs(spec: DiffSpec, olds: PropertyBag, news: PropertyBag): DiffOutcome {
  const { properties } = spec;
  const changed = changedProperties(properties, olds, news);
  const replaces = changed.filter((p) => properties[p].onChange === "replace");
  const updates = changed.filter((p) => properties[p].onChange === "update");
  const keepsUniqueValues = (spec.uniqueBy ?? []).some((p) => !changed.includes(p));
  return {
    changes: changed.length > 0,
    replaces,
    updates,
    deleteBeforeReplace: replaces.length > 0 && keepsUniqueValues,
  };
}
