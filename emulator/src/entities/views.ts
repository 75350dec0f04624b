/** Helpers shared by the entities' output views. */

/** `value` without `keys`: a List operation's summary is its entity view minus some members. */
export function omit<T extends object, K extends keyof T>(value: T, ...keys: K[]): Omit<T, K> {
  const rest = { ...value };
  for (const key of keys) delete rest[key];
  return rest;
}

/** `value` without its undefined members (records keep only what is set). */
export const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
