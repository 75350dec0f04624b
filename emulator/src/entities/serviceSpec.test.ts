import { ProtonError } from "../errors";
import { outputsOf, parseEnvironmentSpec, parseServiceSpec } from "./serviceSpec";

const refusal = (parse: () => unknown): string => {
  try {
    parse();
  } catch (error) {
    if (error instanceof ProtonError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error("expected a refusal");
};

describe("parseServiceSpec", () => {
  it("reads instances, their inputs and the pipeline section", () => {
    const spec = parseServiceSpec(
      [
        "proton: ServiceSpec",
        "pipeline:",
        "  image: nginx",
        "instances:",
        "  - name: front-dev",
        "    environment: dev",
        "    spec:",
        "      port: 80",
        "  - name: front-prod",
        "    environment: prod",
      ].join("\n"),
    );
    expect(spec).toEqual({
      pipeline: { image: "nginx" },
      instances: [
        { name: "front-dev", environment: "dev", inputs: { port: 80 } },
        { name: "front-prod", environment: "prod", inputs: {} },
      ],
    });
  });

  it("has no pipeline when the section is absent or empty", () => {
    const base = "proton: ServiceSpec\ninstances:\n  - name: a\n    environment: e\n";
    expect(parseServiceSpec(base).pipeline).toBeUndefined();
    expect(parseServiceSpec(`${base}pipeline:\n`).pipeline).toBeUndefined();
  });

  it.each([
    ["invalid YAML", "proton: ServiceSpec\ninstances: [", /not valid YAML/],
    ["a scalar document", "just text", /YAML mapping/],
    ["the wrong kind", "proton: EnvironmentSpec\ninstances: []", /proton: ServiceSpec/],
    ["no instances", "proton: ServiceSpec\n", /at least one instance/],
    ["an empty instance list", "proton: ServiceSpec\ninstances: []", /at least one instance/],
    ["an instance that is not a mapping", "proton: ServiceSpec\ninstances: [x]", /instances\[0\]/],
    [
      "an instance without environment",
      "proton: ServiceSpec\ninstances:\n  - name: a\n",
      /instances\[0\]\.environment/,
    ],
    [
      "a bad instance name",
      "proton: ServiceSpec\ninstances:\n  - name: -bad\n    environment: e\n",
      /instances\[0\]\.name/,
    ],
    [
      "instance inputs that are a list",
      "proton: ServiceSpec\ninstances:\n  - name: a\n    environment: e\n    spec: [1]\n",
      /instances\[0\]\.spec/,
    ],
    [
      "a duplicate instance",
      "proton: ServiceSpec\ninstances:\n  - {name: a, environment: e}\n  - {name: a, environment: f}\n",
      /'a' more than once/,
    ],
    [
      "a pipeline that is not a mapping",
      "proton: ServiceSpec\npipeline: 3\ninstances:\n  - {name: a, environment: e}\n",
      /'pipeline'/,
    ],
  ])("refuses %s with a ValidationException", (_case, text, message) => {
    const refused = refusal(() => parseServiceSpec(text));
    expect(refused).toMatch(/^ValidationException: /);
    expect(refused).toMatch(message);
  });
});

describe("parseEnvironmentSpec", () => {
  it("returns the spec inputs", () => {
    expect(parseEnvironmentSpec("proton: EnvironmentSpec\nspec:\n  vpc: 10.0.0.0/16\n")).toEqual({
      vpc: "10.0.0.0/16",
    });
    expect(parseEnvironmentSpec("proton: EnvironmentSpec\n")).toEqual({});
  });

  it.each([
    ["the wrong kind", "proton: ServiceSpec\n"],
    ["no kind", "spec:\n  a: 1\n"],
    ["inputs that are a scalar", "proton: EnvironmentSpec\nspec: 3\n"],
  ])("refuses %s", (_case, text) => {
    expect(refusal(() => parseEnvironmentSpec(text))).toMatch(/^ValidationException: /);
  });
});

describe("outputsOf", () => {
  it("stringifies non-string inputs", () => {
    expect(outputsOf({ a: "x", b: 2, c: [1, 2] })).toEqual([
      { key: "a", valueString: "x" },
      { key: "b", valueString: "2" },
      { key: "c", valueString: "[1,2]" },
    ]);
  });
});
