import { ProtonError } from "./errors";
import { decodeToken, encodeToken, paginate, sortByKey } from "./pagination";

const items = sortByKey(["delta", "alpha", "echo", "charlie", "bravo"], (s) => s);
const key = (s: string) => s;

test("walks every item once, in order, page by page", () => {
  const seen: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = paginate(items, { maxResults: 2, nextToken }, key);
    expect(page.items.length).toBeLessThanOrEqual(2);
    seen.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  expect(seen).toEqual(["alpha", "bravo", "charlie", "delta", "echo"]);
});

test("the last page has no token; an exact fit has no empty trailing page", () => {
  expect(paginate(items, { maxResults: 5 }, key)).toEqual({ items });
  expect(paginate(items, {}, key).nextToken).toBeUndefined();
});

test("tokens resume after the last key, so inserts and deletes between pages do not shift results", () => {
  const first = paginate(items, { maxResults: 2 }, key);
  const changed = sortByKey(["aardvark", "alpha", "charlie", "delta", "echo"], key); // bravo deleted, aardvark added
  expect(paginate(changed, { maxResults: 2, nextToken: first.nextToken }, key).items).toEqual([
    "charlie",
    "delta",
  ]);
});

test("tokens are opaque base64 matching the API's NextToken pattern", () => {
  const token = encodeToken("some key/with:chars");
  expect(token).toMatch(/^[A-Za-z0-9+=/]+$/);
  expect(decodeToken(token)).toBe("some key/with:chars");
});

test.each(["bm90LWEtdG9rZW4=", "!!!", "cGVtMTp4"])(
  "a token the emulator did not issue (%s) is a ValidationException",
  (token) => {
    const attempt = () => paginate(items, { nextToken: token === "cGVtMTp4" ? token + "A" : token }, key);
    expect(attempt).toThrow(ProtonError);
    expect(attempt).toThrow(/nextToken/);
  },
);
