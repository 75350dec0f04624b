import { model } from ".";
import { compilePattern, translatePattern, UnsupportedPattern } from "./pattern";

const patternOf = (shape: string): RegExp => {
  const found = model.shapes[shape];
  if (found?.type !== "string" || found.pattern === undefined) throw new Error(`${shape} has no pattern`);
  return compilePattern(found.pattern);
};

test("every pattern in the model compiles", () => {
  const patterns = Object.entries(model.shapes).flatMap(([name, shape]) =>
    shape.type === "string" && shape.pattern !== undefined ? [[name, shape.pattern]] : [],
  );
  expect(patterns.length).toBeGreaterThan(10);
  for (const [, pattern] of patterns) expect(compilePattern(pattern)).toBeInstanceOf(RegExp);
});

test.each([
  // (^$)|... : the empty string is the alternative that clears a role.
  ["RoleArnOrEmptyString", "", true],
  ["RoleArnOrEmptyString", "arn:aws:iam::123456789012:role/path/to/r-1", true],
  ["RoleArnOrEmptyString", " ", false],
  // Not anchored: the model means "contains org/repo", and says so.
  ["RepositoryName", "org/repo", true],
  ["RepositoryName", "  org/repo  !", true],
  ["RepositoryName", "no-slash", false],
  // The model's unescaped `.` matches any character between the two parts: kept as the model says,
  // and under `u` an astral character is one character.
  ["FullTemplateVersionNumber", "1.0", true],
  ["FullTemplateVersionNumber", "1x0", true],
  ["FullTemplateVersionNumber", "1😀0", true],
  ["FullTemplateVersionNumber", "01.0", false],
  // `$` is the very end: no trailing line break (Java's `$` would allow one).
  ["ResourceName", "env-1_a", true],
  ["ResourceName", "env\n", false],
  ["ResourceName", "-env", false],
  // `\d` is ASCII only.
  ["AwsAccountId", "123456789012", true],
  ["AwsAccountId", "١٢٣٤٥٦٧٨٩٠١٢", false],
  // `[a-z0-9-\.]`: a range, a literal dash and an escaped dot in one class.
  ["S3Bucket", "my-bucket.v2", true],
  ["S3Bucket", "My-Bucket", false],
  ["ClientToken", "!~ok", true],
  ["ClientToken", "with space", false],
])("%s %j -> %s", (shape, value, matches) => {
  expect(patternOf(shape).test(value)).toBe(matches);
});

test("escapes u mode refuses outside a class become the plain character; class escapes stay", () => {
  expect(translatePattern("a\\-b[\\-_]\\_\\@")).toBe("a-b[\\-_]_@");
  expect(compilePattern("^a\\-b$").test("a-b")).toBe(true);
});

test.each(["\\Aabc\\z", "\\p{Alpha}+", "(?i)abc", "(?<=a)b", "a*+", "[a[b]]", "[a-z&&[^e]]", "[]a]", "a\\"])(
  "%s is refused, not guessed at",
  (pattern) => {
    expect(() => compilePattern(pattern)).toThrow(UnsupportedPattern);
  },
);
