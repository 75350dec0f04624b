/**
 * List pagination: pages follow a caller-supplied stable order; the token is an opaque encoding of the
 * last key returned, so items created between pages never shift or repeat what the caller sees.
 */
import { validation } from "./errors";

export const DEFAULT_PAGE_SIZE = 100;
const PREFIX = "pem1:";

export interface PageRequest {
  maxResults?: number;
  nextToken?: string;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export const encodeToken = (lastKey: string) => Buffer.from(PREFIX + lastKey, "utf8").toString("base64");

export function decodeToken(token: string): string {
  const text = Buffer.from(token, "base64").toString("utf8");
  if (!text.startsWith(PREFIX) || Buffer.from(text, "utf8").toString("base64") !== token)
    throw validation("The nextToken is not valid.");
  return text.slice(PREFIX.length);
}

/** `items` must already be sorted by `keyOf` ascending (string comparison) and keys must be unique. */
export function paginate<T>(items: readonly T[], request: PageRequest, keyOf: (item: T) => string): Page<T> {
  const size = request.maxResults ?? DEFAULT_PAGE_SIZE;
  const after = request.nextToken === undefined ? undefined : decodeToken(request.nextToken);
  const start = after === undefined ? 0 : items.findIndex((item) => keyOf(item) > after);
  const rest = start < 0 ? [] : items.slice(start);
  const page = rest.slice(0, size);
  return rest.length > size
    ? { items: page, nextToken: encodeToken(keyOf(page[page.length - 1])) }
    : { items: page };
}

/** Sorts by key with plain code-unit comparison, the order paginate expects. */
export function sortByKey<T>(items: Iterable<T>, keyOf: (item: T) => string): T[] {
  return [...items].sort((a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

/** A number as a key that sorts numerically (epoch milliseconds fit in 16 digits). */
export const paddedNumber = (value: number) => String(value).padStart(16, "0");

/**
 * Reverses the code-unit order of ASCII keys (names, statuses, padded numbers) so a descending list can
 * page with `paginate`: each unit is complemented and a maximal terminator makes a prefix sort after its
 * extensions.
 */
export const descendingKey = (key: string) =>
  [...key].map((unit) => String.fromCharCode(0xffff - unit.charCodeAt(0))).join("") + "\uffff";
