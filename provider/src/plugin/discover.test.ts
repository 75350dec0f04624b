/**
 * discover's table covers every resource the provider has, and turns summaries into a `pulumi import
 * --file` document with unique names in the table's order. The API side runs end to end
 * (tests/e2e/discover.test.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { OperationContext } from "../core/context";
import { providers } from "..";
import { discover, DISCOVERY, type DiscoveryRow } from "./discover";

const schema = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "schema.json"), "utf8")) as {
  resources: Record<string, unknown>;
};

describe("the discovery table", () => {
  it("has one row for every resource kind of the provider (a new resource needs its row)", () => {
    expect(DISCOVERY.map((r) => r.kind).sort()).toEqual(Object.keys(providers).sort());
  });

  it("names only resources of the schema", () => {
    for (const row of DISCOVERY) expect(Object.keys(schema.resources)).toContain(`proton:index:${row.kind}`);
  });
});

describe("discover", () => {
  const ctx = { connection: { region: "eu-west-1" } } as unknown as OperationContext;
  const row = (kind: string, names: string[], after?: string): DiscoveryRow => ({
    kind,
    label: kind.toLowerCase(),
    list: async (_ctx, listed) => [
      ...names.map((name) => ({ name })),
      ...(after ? (listed.get(after) ?? []).map((s) => ({ name: `${String(s.name)}-child` })) : []),
    ],
    identify: (s, region) => ({ id: `${region}/${String(s.name)}`, name: String(s.name) }),
  });

  it("lists the kinds it is given in the table's order, later rows seeing earlier ones, names unique", async () => {
    const lines: string[] = [];
    const rows = [
      row("EnvironmentTemplate", ["web"]),
      row("ServiceTemplate", ["web"], "EnvironmentTemplate"),
      row("Skipped", ["x"]),
    ];
    const { document, counts } = await discover(
      ctx,
      new Set(["EnvironmentTemplate", "ServiceTemplate"]),
      (label, count) => lines.push(`${label}: ${count}`),
      rows,
    );
    expect(document.resources).toEqual([
      { type: "proton:index:EnvironmentTemplate", name: "web", id: "eu-west-1/web" },
      { type: "proton:index:ServiceTemplate", name: "web-ServiceTemplate", id: "eu-west-1/web" },
      { type: "proton:index:ServiceTemplate", name: "web-child", id: "eu-west-1/web-child" },
    ]);
    expect(counts).toEqual([
      ["environmenttemplate", 1],
      ["servicetemplate", 2],
    ]);
    expect(lines).toEqual(["environmenttemplate: 1", "servicetemplate: 2"]);
  });
});
