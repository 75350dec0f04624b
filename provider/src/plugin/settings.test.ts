/** The provider's configuration, read from schema.json, layered under each resource's own settings. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ProviderConfig, withOwnSettings, withSettings, type PluginSchema } from "./settings";

const schema = JSON.parse(
  readFileSync(join(__dirname, "..", "..", "..", "schema.json"), "utf8"),
) as PluginSchema;
const config = new ProviderConfig(schema);

describe("provider config", () => {
  it("has one key per member of ConnectionSettings and OperationSettings, and the Provider takes them all", () => {
    const members = ["ConnectionSettings", "OperationSettings"].flatMap((t) =>
      Object.keys(schema.types[`proton:index:${t}`].properties ?? {}),
    );
    expect(Object.keys(schema.config?.variables ?? {}).sort()).toEqual(members.sort());
    const provider = (schema as unknown as { provider: { inputProperties: object } }).provider;
    expect(Object.keys(provider.inputProperties).sort()).toEqual(members.sort());
  });

  it("CheckConfig parses numbers sent as text (stack config, SDKs' JSON) and checks types", () => {
    expect(
      config.check({ pollIntervalMs: "50", endpoint: "http://localhost:4577", version: "0.1.0" }),
    ).toEqual({
      inputs: { pollIntervalMs: 50, endpoint: "http://localhost:4577", version: "0.1.0" },
      failures: [],
    });
    expect(config.check({ pollIntervalMs: "soon", region: 3 }).failures).toEqual([
      { property: "region", reason: "must be a string (got number)" },
      { property: "pollIntervalMs", reason: "must be a integer (got string)" },
    ]);
  });

  it("Configure groups the settings as resources carry them", () => {
    expect(config.settings({ region: "eu-west-1", maxRetries: "2", roleArn: "" })).toEqual({
      connection: { region: "eu-west-1" },
      operation: { maxRetries: 2 },
    });
  });

  it("DiffConfig replaces on a new region (another region holds other resources) and updates otherwise", () => {
    expect(config.diff({ region: "us-east-1" }, { region: "eu-west-1" })).toEqual({
      changes: true,
      replaces: ["region"],
      diffs: ["region"],
    });
    expect(
      config.diff({ endpoint: "a", pollIntervalMs: 50 }, { endpoint: "b", pollIntervalMs: "50" }),
    ).toEqual({
      changes: true,
      replaces: [],
      diffs: ["endpoint"],
    });
    expect(config.diff({ region: "us-east-1" }, { region: "us-east-1" }).changes).toBe(false);
  });
});

describe("settings precedence", () => {
  const provider = {
    connection: { region: "eu-west-1", endpoint: "http://e" },
    operation: { pollIntervalMs: 50 },
  };

  it("a resource's own member wins, the provider's fills what it leaves unset", () => {
    expect(withSettings(provider, { name: "x", connection: { region: "us-west-2" } })).toEqual({
      name: "x",
      connection: { region: "us-west-2", endpoint: "http://e" },
      operation: { pollIntervalMs: 50 },
    });
  });

  it("leaves what neither sets to the environment (no empty groups)", () => {
    expect(withSettings({ connection: {}, operation: {} }, { name: "x" })).toEqual({ name: "x" });
  });

  it("the state keeps the resource's own settings only", () => {
    const called = withSettings(provider, { name: "x", connection: { profile: "ops" } });
    expect(withOwnSettings({ ...called, arn: "a" }, { connection: { profile: "ops" } })).toEqual({
      name: "x",
      arn: "a",
      connection: { profile: "ops" },
    });
  });
});
