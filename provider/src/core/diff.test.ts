import { diffInputs, type DiffSpec } from "./diff";
import { UNKNOWN } from "./values";

const spec: DiffSpec = {
  properties: {
    name: { onChange: "replace" },
    source: { onChange: "replace" },
    majorVersion: { onChange: "replace", computedWhenAbsent: true },
    description: { onChange: "update" },
    tags: { onChange: "update" },
    // Every generated table has this row (from ConnectionSettings.region's replaceOnChanges).
    "connection.region": { onChange: "replace" },
  },
  uniqueBy: ["name"],
};

const old = {
  __provider: "exports.handler = old",
  name: "web",
  majorVersion: "2",
  source: { s3: { bucket: "b", key: "k1" } },
  description: "first",
  tags: { team: "core" },
  connection: { region: "us-east-1", profile: "dev", endpoint: "http://localhost:1" },
  operation: { pollIntervalMs: 10 },
  autoNamePrefix: "web",
  arn: "arn:aws:proton:us-east-1:123456789012:environment-template/web",
  createdAt: "2026-01-01T00:00:00.000Z",
};

/** [label, change to the new inputs, changes, replaces, deleteBeforeReplace] */
const cases: [string, Record<string, unknown>, boolean, string[], boolean][] = [
  ["identical inputs", {}, false, [], false],
  ["a new provider (package upgrade)", { __provider: "exports.handler = new" }, false, [], false],
  [
    "another profile, role or endpoint",
    { connection: { region: "us-east-1", profile: "prod", endpoint: "http://x" } },
    false,
    [],
    false,
  ],
  ["other operation settings", { operation: { pollIntervalMs: 5000 } }, false, [], false],
  ["another auto-name prefix", { autoNamePrefix: "renamed" }, false, [], false],
  ["description edited", { description: "second" }, true, [], false],
  ["description removed", { description: undefined }, true, [], false],
  ["tags edited", { tags: { team: "web" } }, true, [], false],
  ["all tags removed", { tags: {} }, true, [], false],
  ["source changed", { source: { s3: { bucket: "b", key: "k2" } } }, true, ["source"], true],
  ["source key order only", { source: { s3: { key: "k1", bucket: "b" } } }, false, [], false],
  ["name changed", { name: "web2" }, true, ["name"], false],
  [
    "name and source changed",
    { name: "web2", source: { s3: { bucket: "b", key: "k2" } } },
    true,
    ["name", "source"],
    false,
  ],
  ["region changed", { connection: { region: "eu-west-1" } }, true, ["connection.region"], true],
  ["computed major version left out", { majorVersion: undefined }, false, [], false],
  ["major version set to another", { majorVersion: "3" }, true, ["majorVersion"], true],
  ["source unknown during preview", { source: UNKNOWN }, true, ["source"], true],
  ["description unknown during preview", { description: UNKNOWN }, true, [], false],
];

describe("diff property table", () => {
  it.each(
    cases.map(([label, change, changes, replaces, dbr]) => ({ label, change, changes, replaces, dbr })),
  )("$label", ({ change, changes, replaces, dbr }) => {
    const news = { ...old, ...change };
    const outcome = diffInputs(spec, old, news);
    expect(outcome.changes).toBe(changes);
    expect(outcome.replaces).toEqual(replaces);
    expect(outcome.deleteBeforeReplace).toBe(dbr);
  });

  it("treats tags {} and no tags as the same (Proton has no empty-vs-absent distinction)", () => {
    expect(diffInputs(spec, { ...old, tags: undefined }, { ...old, tags: {} }).changes).toBe(false);
  });
});
