import {
  DEPLOYMENT_RULES,
  DeployedTemplate,
  classify,
  decideDeployment,
  preferSpelling,
  specsEqual,
} from "./deploymentType";

const running: DeployedTemplate = {
  deploymentStatus: "SUCCEEDED",
  templateName: "vpc",
  templateMajorVersion: "2",
  templateMinorVersion: "1",
  spec: "proton: EnvironmentSpec\nspec:\n  cidr: 10.0.0.0/16\n",
};
const newSpec = "proton: EnvironmentSpec\nspec:\n  cidr: 10.1.0.0/16\n";

interface Case {
  title: string;
  /** Defaults to `running` (last attempt succeeded). */
  current?: DeployedTemplate;
  desired: DeployedTemplate;
  /** How the change reads, written out by hand: name, major, minor, spec, last attempt. */
  classified: [string, string, string, string, string];
  /** The table row (1-based, as in the README) that must decide it. */
  row: number;
  expected: Record<string, string | undefined>;
}

// Each expected result is written out by hand; the table below is not derived from the rules.
const cases: Case[] = [
  {
    title: "last attempt failed, nothing else changed -> CURRENT_VERSION (redeploy)",
    current: { ...running, deploymentStatus: "FAILED" },
    desired: { ...running },
    classified: ["same", "same", "same", "same", "failed"],
    row: 6,
    expected: { kind: "deploy", deploymentType: "CURRENT_VERSION" },
  },
  {
    title: "last attempt cancelled, minor asked again -> MINOR_VERSION",
    current: { ...running, deploymentStatus: "CANCELLED" },
    desired: { ...running, templateMinorVersion: "2" },
    classified: ["same", "same", "changed", "same", "failed"],
    row: 4,
    expected: {
      kind: "deploy",
      deploymentType: "MINOR_VERSION",
      templateMajorVersion: "2",
      templateMinorVersion: "2",
    },
  },
  {
    title: "metadata only -> NONE",
    desired: { ...running },
    classified: ["same", "same", "same", "same", "succeeded"],
    row: 7,
    expected: { kind: "deploy", deploymentType: "NONE" },
  },
  {
    title: "minor omitted, spec unchanged -> NONE (Proton's pick stays)",
    desired: { ...running, templateMinorVersion: undefined },
    classified: ["same", "same", "same", "same", "succeeded"],
    row: 7,
    expected: { kind: "deploy", deploymentType: "NONE" },
  },
  {
    title: "spec reformatted only -> NONE",
    desired: { ...running, spec: "spec: { cidr: 10.0.0.0/16 }\nproton: EnvironmentSpec\n" },
    classified: ["same", "same", "same", "same", "succeeded"],
    row: 7,
    expected: { kind: "deploy", deploymentType: "NONE" },
  },
  {
    title: "spec changed -> CURRENT_VERSION without versions",
    desired: { ...running, spec: newSpec },
    classified: ["same", "same", "same", "changed", "succeeded"],
    row: 5,
    expected: { kind: "deploy", deploymentType: "CURRENT_VERSION" },
  },
  {
    title: "spec changed, minor omitted -> CURRENT_VERSION",
    desired: { ...running, templateMinorVersion: undefined, spec: newSpec },
    classified: ["same", "same", "same", "changed", "succeeded"],
    row: 5,
    expected: { kind: "deploy", deploymentType: "CURRENT_VERSION" },
  },
  {
    title: "minor raised -> MINOR_VERSION with target minor",
    desired: { ...running, templateMinorVersion: "2" },
    classified: ["same", "same", "changed", "same", "succeeded"],
    row: 4,
    expected: {
      kind: "deploy",
      deploymentType: "MINOR_VERSION",
      templateMajorVersion: "2",
      templateMinorVersion: "2",
    },
  },
  {
    title: "minor lowered with spec change -> MINOR_VERSION",
    desired: { ...running, templateMinorVersion: "0", spec: newSpec },
    classified: ["same", "same", "changed", "changed", "succeeded"],
    row: 4,
    expected: {
      kind: "deploy",
      deploymentType: "MINOR_VERSION",
      templateMajorVersion: "2",
      templateMinorVersion: "0",
    },
  },
  {
    title: "major raised with minor -> MAJOR_VERSION with both",
    desired: { ...running, templateMajorVersion: "3", templateMinorVersion: "0" },
    classified: ["same", "raised", "changed", "same", "succeeded"],
    row: 3,
    expected: {
      kind: "deploy",
      deploymentType: "MAJOR_VERSION",
      templateMajorVersion: "3",
      templateMinorVersion: "0",
    },
  },
  {
    title: "major raised numerically (10 > 2), minor omitted -> MAJOR_VERSION, Proton picks minor",
    desired: { ...running, templateMajorVersion: "10", templateMinorVersion: undefined },
    classified: ["same", "raised", "same", "same", "succeeded"],
    row: 3,
    expected: { kind: "deploy", deploymentType: "MAJOR_VERSION", templateMajorVersion: "10" },
  },
  {
    title: "major lowered -> not in place (templateMajorVersion)",
    desired: { ...running, templateMajorVersion: "1" },
    classified: ["same", "lowered", "same", "same", "succeeded"],
    row: 2,
    expected: { kind: "notInPlace", property: "templateMajorVersion" },
  },
  {
    title: "template renamed -> not in place (templateName)",
    desired: { ...running, templateName: "vpc-v2", templateMajorVersion: "3" },
    classified: ["changed", "raised", "same", "same", "succeeded"],
    row: 1,
    expected: { kind: "notInPlace", property: "templateName" },
  },
];

describe("decideDeployment", () => {
  it.each(cases)("$title", ({ current = running, desired, expected }) => {
    const decision = decideDeployment(current, desired);
    const picked = Object.fromEntries(Object.keys(expected).map((k) => [k, (decision as never)[k]]));
    expect(picked).toEqual(expected);
    if (decision.kind === "deploy") {
      // Version parameters travel only when the type needs them.
      const keys = ["templateMajorVersion", "templateMinorVersion"].filter((k) => k in decision);
      expect(keys).toEqual(Object.keys(expected).filter((k) => k.startsWith("template")));
    } else {
      expect(decision.reason).toMatch(/Proton/);
    }
  });

  it("every rule of the table is exercised by a case", () => {
    const hit = new Set(
      cases.map(({ current = running, desired }) => decideDeployment(current, desired).rule),
    );
    expect(DEPLOYMENT_RULES.filter((r) => !hit.has(r))).toEqual([]);
  });

  // Independent of the table's own matching: the classification and the deciding row are written
  // out by hand per case, so reordering, widening or dropping a row fails here.
  it.each(cases)(
    "$title: classified and decided by the expected row",
    ({ current = running, desired, classified, row }) => {
      const { name, major, minor, spec, last } = classify(current, desired);
      expect([name, major, minor, spec, last]).toEqual(classified);
      expect(DEPLOYMENT_RULES.indexOf(decideDeployment(current, desired).rule) + 1).toBe(row);
    },
  );
});

describe("specsEqual", () => {
  it.each([
    ["a: 1\nb: 2\n", "b: 2\na: 1", true],
    ["a: 1", "a: 2", false],
    ["a: [1, 2]", "a:\n  - 1\n  - 2\n", true],
    [undefined, "a: 1", false],
    ["a: [", "a: [", true],
  ])("%j vs %j -> %s", (a, b, equal) => {
    expect(specsEqual(a, b)).toBe(equal);
  });
});

describe("preferSpelling", () => {
  it("keeps the program's spelling when Proton's says the same", () => {
    expect(preferSpelling("port: 80\n", "{ port: 80 }")).toBe("{ port: 80 }");
    expect(preferSpelling("port: 81\n", "{ port: 80 }")).toBe("port: 81\n");
    expect(preferSpelling("port: 80\n", undefined)).toBe("port: 80\n");
  });
});
