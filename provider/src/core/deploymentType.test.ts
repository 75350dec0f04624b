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
  expected: Record<string, string | undefined>;
}

// Each expected result is written out by hand; the table below is not derived from the rules.
const cases: Case[] = [
  {
    title: "last attempt failed, nothing else changed -> CURRENT_VERSION (redeploy)",
    current: { ...running, deploymentStatus: "FAILED" },
    desired: { ...running },
    expected: { kind: "deploy", deploymentType: "CURRENT_VERSION" },
  },
  {
    title: "last attempt cancelled, minor asked again -> MINOR_VERSION",
    current: { ...running, deploymentStatus: "CANCELLED" },
    desired: { ...running, templateMinorVersion: "2" },
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
    expected: { kind: "deploy", deploymentType: "NONE" },
  },
  {
    title: "minor omitted, spec unchanged -> NONE (Proton's pick stays)",
    desired: { ...running, templateMinorVersion: undefined },
    expected: { kind: "deploy", deploymentType: "NONE" },
  },
  {
    title: "spec reformatted only -> NONE",
    desired: { ...running, spec: "spec: { cidr: 10.0.0.0/16 }\nproton: EnvironmentSpec\n" },
    expected: { kind: "deploy", deploymentType: "NONE" },
  },
  {
    title: "spec changed -> CURRENT_VERSION without versions",
    desired: { ...running, spec: newSpec },
    expected: { kind: "deploy", deploymentType: "CURRENT_VERSION" },
  },
  {
    title: "spec changed, minor omitted -> CURRENT_VERSION",
    desired: { ...running, templateMinorVersion: undefined, spec: newSpec },
    expected: { kind: "deploy", deploymentType: "CURRENT_VERSION" },
  },
  {
    title: "minor raised -> MINOR_VERSION with target minor",
    desired: { ...running, templateMinorVersion: "2" },
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
    expected: { kind: "deploy", deploymentType: "MAJOR_VERSION", templateMajorVersion: "10" },
  },
  {
    title: "major lowered -> not in place (templateMajorVersion)",
    desired: { ...running, templateMajorVersion: "1" },
    expected: { kind: "notInPlace", property: "templateMajorVersion" },
  },
  {
    title: "template renamed -> not in place (templateName)",
    desired: { ...running, templateName: "vpc-v2", templateMajorVersion: "3" },
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

  it("a rule's pattern matches the classification of each case it decides", () => {
    for (const { current = running, desired } of cases) {
      const c = classify(current, desired);
      const { rule } = decideDeployment(current, desired);
      for (const [k, v] of Object.entries(rule.when)) {
        expect([c[k as keyof typeof c], "*"]).toContain(v);
      }
    }
  });
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
