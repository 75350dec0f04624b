import { setProgressLogger } from "../core/context";
import { UNKNOWN } from "../core/values";
import { environmentProvider } from "./environment";

const deployed = {
  name: "dev",
  templateName: "vpc",
  templateMajorVersion: "1",
  templateMinorVersion: "0",
  spec: "proton: EnvironmentSpec\nspec:\n  cidr: 10.0.0.0/16\n",
  description: "dev",
  protonServiceRoleArn: "arn:aws:iam::123456789012:role/proton",
  deploymentStatus: "SUCCEEDED",
};

describe("preview names the deployment Proton will run", () => {
  let lines: string[];
  beforeEach(() => {
    lines = [];
    setProgressLogger((line) => lines.push(line));
  });

  it.each([
    [
      { spec: "proton: EnvironmentSpec\nspec:\n  cidr: 10.1.0.0/16\n" },
      "CURRENT_VERSION (current template version)",
    ],
    [{ templateMinorVersion: "1" }, "MINOR_VERSION (template version 1.1)"],
    [{ templateMajorVersion: "2", templateMinorVersion: "0" }, "MAJOR_VERSION (template version 2.0)"],
    [
      { templateMajorVersion: "2", templateMinorVersion: undefined },
      "MAJOR_VERSION (major version 2, its recommended minor)",
    ],
    [{ description: "dev, edited" }, "NONE (metadata only, no deployment)"],
  ])("%j -> %s", async (change, plan) => {
    const result = await environmentProvider.diff!("dev", deployed, { ...deployed, ...change });
    expect(result.changes).toBe(true);
    expect(lines).toEqual([`dev: planned deploymentType ${plan}`]);
  });

  it("says the type is decided at update while the target version is unknown", async () => {
    const result = await environmentProvider.diff!("dev", deployed, {
      ...deployed,
      templateMinorVersion: UNKNOWN,
    });
    expect(result.changes).toBe(true);
    expect(lines).toEqual(["dev: deploymentType decided at update, once the template version is known"]);
  });

  it("says nothing when nothing changes, or when the change is a replacement", async () => {
    expect((await environmentProvider.diff!("dev", deployed, { ...deployed })).changes).toBe(false);
    const lowered = await environmentProvider.diff!(
      "dev",
      { ...deployed, templateMajorVersion: "2" },
      deployed,
    );
    expect(lowered.replaces).toContain("templateMajorVersion");
    expect(lines).toEqual([]);
  });
});
