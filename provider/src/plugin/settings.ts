/**
 * The plugin's provider configuration (schema.json `config`: `proton:region`, `proton:endpoint`, ...):
 * each key is a member of the schema's ConnectionSettings or OperationSettings, and fills that member
 * wherever a resource's own `connection` / `operation` leaves it unset. What stays unset after that
 * falls back to the AWS and `PROTON_*` environment inside the provider, as on the dynamic path.
 */
import { checkRules, type CheckFailure, type Rule, type ValueType } from "../core/check";
import { isUnknown, sameValue, type PropertyBag } from "../core/values";

interface PropertyShape {
  type?: string;
  replaceOnChanges?: boolean;
}

/** The parts of schema.json the plugin reads. */
export interface PluginSchema {
  name: string;
  version: string;
  config?: { variables?: Record<string, PropertyShape> };
  types: Record<string, { properties?: Record<string, PropertyShape> }>;
  resources: Record<string, { inputProperties: Record<string, PropertyShape> }>;
}

/** The settings groups a resource carries, by input name, and their schema types. */
const GROUPS = { connection: "ConnectionSettings", operation: "OperationSettings" } as const;
type Group = keyof typeof GROUPS;

export type ProviderSettings = Record<Group, PropertyBag>;

export interface ConfigDiff {
  changes: boolean;
  replaces: string[];
  diffs: string[];
}

const definedOnly = (bag: PropertyBag | undefined): PropertyBag | undefined => {
  const entries = Object.entries(bag ?? {}).filter(([, v]) => v !== undefined && v !== null);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
};

export class ProviderConfig {
  /** Config key -> the group it fills and its schema shape. */
  private readonly keys = new Map<string, { group: Group; shape: PropertyShape }>();
  private readonly rules: Rule[] = [];

  constructor(schema: PluginSchema) {
    for (const [key, shape] of Object.entries(schema.config?.variables ?? {})) {
      const group = (Object.keys(GROUPS) as Group[]).find(
        (g) => schema.types[`${schema.name}:index:${GROUPS[g]}`]?.properties?.[key] !== undefined,
      );
      // A config key the resources cannot receive would be silently ignored: refuse the schema instead.
      if (!group) throw new Error(`config ${key} is not a member of ConnectionSettings or OperationSettings`);
      const member = schema.types[`${schema.name}:index:${GROUPS[group]}`].properties?.[key] as PropertyShape;
      this.keys.set(key, { group, shape: { ...shape, replaceOnChanges: member.replaceOnChanges } });
      this.rules.push({ property: key, type: (shape.type ?? "string") as ValueType });
    }
  }

  /**
   * CheckConfig: stack config arrives as strings and the SDKs send non-string provider arguments as
   * JSON, so numbers are parsed before the schema's types are checked. Keys that are not ours (the
   * engine's `version`, ...) pass through untouched.
   */
  check(news: PropertyBag): { inputs: PropertyBag; failures: CheckFailure[] } {
    const inputs: PropertyBag = { ...news };
    for (const [key, { shape }] of this.keys) {
      const value = inputs[key];
      if (typeof value !== "string" || isUnknown(value)) continue;
      if (shape.type === "integer" || shape.type === "number") {
        if (/^-?\d+(\.\d+)?$/.test(value.trim())) inputs[key] = Number(value);
      }
    }
    return { inputs, failures: checkRules(this.rules, inputs) };
  }

  /** Configure: the settings groups from checked (or raw) provider inputs. */
  settings(inputs: PropertyBag): ProviderSettings {
    const checked = this.check(inputs).inputs;
    const settings: ProviderSettings = { connection: {}, operation: {} };
    for (const [key, { group }] of this.keys) {
      const value = checked[key];
      if (value !== undefined && value !== null && value !== "") settings[group][key] = value;
    }
    return settings;
  }

  /** DiffConfig: what changed, replacing where the resources' own member replaces (the region). */
  diff(olds: PropertyBag, news: PropertyBag): ConfigDiff {
    const before = this.check(olds).inputs;
    const after = this.check(news).inputs;
    const diffs = [...this.keys.keys()].filter(
      (key) => isUnknown(after[key]) || !sameValue(before[key], after[key]),
    );
    const replaces = diffs.filter((key) => this.keys.get(key)?.shape.replaceOnChanges);
    return { changes: diffs.length > 0, replaces, diffs };
  }
}

/** `bag` with the provider's settings under its own `connection` / `operation` members. */
export function withSettings(settings: ProviderSettings, bag: PropertyBag): PropertyBag {
  const out = { ...bag };
  for (const group of Object.keys(GROUPS) as Group[]) {
    const layered = definedOnly({ ...settings[group], ...definedOnly(bag[group] as PropertyBag) });
    if (layered) out[group] = layered;
    else delete out[group];
  }
  return out;
}

/**
 * `result` with the resource's own settings (as `own` had them) instead of the layered ones, so the
 * state records what the program said and a provider config change is never a resource diff.
 */
export function withOwnSettings(result: PropertyBag, own: PropertyBag): PropertyBag {
  const out = { ...result };
  for (const group of Object.keys(GROUPS) as Group[]) {
    const mine = definedOnly(own[group] as PropertyBag);
    if (mine) out[group] = mine;
    else delete out[group];
  }
  return out;
}
