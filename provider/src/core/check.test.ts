import { checkRules, NAME_HINT, NAME_PATTERN, refineRules, VERSION_PATTERN, type Rule } from "./check";
import { UNKNOWN } from "./values";

const rules: Rule[] = [
  {
    property: "name",
    type: "string",
    required: true,
    minLength: 1,
    maxLength: 10,
    pattern: NAME_PATTERN,
    patternHint: NAME_HINT,
  },
  { property: "majorVersion", type: "string", pattern: VERSION_PATTERN },
  { property: "status", type: "string", oneOf: ["DRAFT", "PUBLISHED"] },
  { property: "spec", type: "string", yaml: true },
  { property: "source.s3.bucket", type: "string", required: true },
  { property: "sources", type: "stringList", oneOf: ["DIRECTLY_DEFINED"], maxItems: 1 },
  { property: "compat", type: "objectList", minItems: 1 },
  { property: "compat[].majorVersion", type: "string", required: true, pattern: VERSION_PATTERN },
  { property: "tags", type: "tags" },
  { property: "retries", type: "integer" },
];

const valid = { name: "web", source: { s3: { bucket: "b" } } };

/** [label, inputs, expected failing properties] */
const cases: [string, Record<string, unknown>, string[]][] = [
  ["minimal valid inputs", valid, []],
  ["missing name", { ...valid, name: undefined }, ["name"]],
  ["name too long", { ...valid, name: "a".repeat(11) }, ["name"]],
  ["name starting with a dash", { ...valid, name: "-web" }, ["name"]],
  ["name with a space", { ...valid, name: "my web" }, ["name"]],
  ["name of the wrong type", { ...valid, name: 42 }, ["name"]],
  ["name unknown during preview", { ...valid, name: UNKNOWN }, []],
  ["version with leading zero", { ...valid, majorVersion: "01" }, ["majorVersion"]],
  ["version not a number", { ...valid, majorVersion: "1.0" }, ["majorVersion"]],
  ["version zero", { ...valid, majorVersion: "0" }, []],
  ["status outside the enum", { ...valid, status: "RETIRED" }, ["status"]],
  ["valid YAML", { ...valid, spec: "proton: EnvironmentSpec\nspec:\n  a: 1\n" }, []],
  ["invalid YAML", { ...valid, spec: "a: [1, 2\nb: }" }, ["spec"]],
  ["missing nested member", { name: "web", source: { s3: {} } }, ["source.s3.bucket"]],
  // Members of an object are checked when it is given; a required object fails its own rule.
  ["missing parent of nested member", { name: "web" }, []],
  ["list item outside the enum", { ...valid, sources: ["GIT"] }, ["sources[0]"]],
  ["too many list items", { ...valid, sources: ["DIRECTLY_DEFINED", "DIRECTLY_DEFINED"] }, ["sources"]],
  ["empty object list", { ...valid, compat: [] }, ["compat"]],
  [
    "bad member in an object list",
    { ...valid, compat: [{ majorVersion: "1" }, { majorVersion: "x" }] },
    ["compat[1].majorVersion"],
  ],
  ["missing member in an object list", { ...valid, compat: [{}] }, ["compat[0].majorVersion"]],
  ["valid tags", { ...valid, tags: { team: "core", empty: "" } }, []],
  ["reserved tag prefix", { ...valid, tags: { "aws:owner": "x" } }, ["tags.aws:owner"]],
  ["tag key too long", { ...valid, tags: { ["k".repeat(129)]: "v" } }, [`tags.${"k".repeat(129)}`]],
  ["tag value too long", { ...valid, tags: { k: "v".repeat(257) } }, ["tags.k"]],
  [
    "too many tags",
    { ...valid, tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) },
    ["tags"],
  ],
  ["tags as a list", { ...valid, tags: [{ key: "a", value: "b" }] }, ["tags"]],
  ["a whole number", { ...valid, retries: 3 }, []],
  ["a fraction where a whole number is due", { ...valid, retries: 1.5 }, ["retries"]],
];

describe("check rules table", () => {
  it.each(cases.map(([label, inputs, failing]) => ({ label, inputs, failing })))(
    "$label",
    ({ inputs, failing }) => {
      const failures = checkRules(rules, inputs);
      expect(failures.map((f) => f.property)).toEqual(failing);
      for (const f of failures) expect(f.reason.length).toBeGreaterThan(0);
    },
  );

  it("explains a pattern failure with the hint and the offending value", () => {
    const [failure] = checkRules(rules, { ...valid, name: "my web" });
    expect(failure.reason).toContain(NAME_HINT);
    expect(failure.reason).toContain('"my web"');
  });
});

describe("refineRules", () => {
  const schemaRules: Rule[] = [
    { property: "name", type: "string" },
    { property: "tags", type: "tags" },
  ];

  it("merges a refinement over the schema's rule of the same property and keeps the rest", () => {
    const refined = refineRules(schemaRules, [
      { property: "name", type: "string", required: true, maxLength: 3 },
    ]);
    expect(refined).toEqual([
      { property: "name", type: "string", required: true, maxLength: 3 },
      { property: "tags", type: "tags" },
    ]);
    expect(checkRules(refined, { name: "long" }).map((f) => f.property)).toEqual(["name"]);
  });

  it("adds refinements of properties the schema has no rule for, after the schema's", () => {
    const extra: Rule = { property: "spec", type: "string", yaml: true };
    expect(refineRules(schemaRules, [extra])).toEqual([...schemaRules, extra]);
  });
});
