import { parse } from "yaml";
import {
  inputsOf,
  instanceEntries,
  instanceSection,
  pipelineSection,
  serviceSpec,
  withPipeline,
} from "./serviceSpec";

const doc = [
  "proton: ServiceSpec",
  "pipeline:",
  "  image: node:20",
  "instances:",
  "  - name: a",
  "    environment: dev",
  "    spec:",
  "      port: 80",
  "  - name: b",
  "    environment: prod",
  "",
].join("\n");

describe("service spec sections", () => {
  it("reads each instance's entry, with empty inputs when it has no spec", () => {
    expect(instanceEntries(doc)).toEqual([
      { name: "a", environment: "dev", inputs: { port: 80 } },
      { name: "b", environment: "prod", inputs: {} },
    ]);
    expect(parse(instanceSection(doc, "a") as string)).toEqual({ port: 80 });
    expect(instanceSection(doc, "missing")).toBeUndefined();
  });

  it("reads the pipeline section, undefined when absent", () => {
    expect(parse(pipelineSection(doc) as string)).toEqual({ image: "node:20" });
    expect(pipelineSection("proton: ServiceSpec\ninstances: []\n")).toBeUndefined();
  });

  it.each([
    ["not yaml: [", []],
    [undefined, []],
    ["- a list", []],
  ])("tolerates %j", (spec, entries) => {
    expect(instanceEntries(spec)).toEqual(entries);
    expect(pipelineSection(spec)).toBeUndefined();
  });

  it("writes a service spec, with the pipeline only when given", () => {
    const entries = [{ name: "a", environment: "dev", inputs: { port: 81 } }];
    expect(parse(serviceSpec(entries))).toEqual({
      proton: "ServiceSpec",
      instances: [{ name: "a", environment: "dev", spec: { port: 81 } }],
    });
    expect(parse(serviceSpec(entries, { image: "x" })).pipeline).toEqual({ image: "x" });
  });

  it("swaps only the pipeline inputs into an existing spec", () => {
    const swapped = parse(withPipeline(doc, { image: "node:22" }));
    expect(swapped.pipeline).toEqual({ image: "node:22" });
    expect(swapped.instances).toEqual(parse(doc).instances);
  });

  it("parses a section's inputs, empty when none", () => {
    expect(inputsOf("port: 1")).toEqual({ port: 1 });
    expect(inputsOf(undefined)).toEqual({});
    expect(inputsOf("")).toEqual({});
  });
});
