/** owner and autoNamePrefix from the URN agree with what the dynamic SDK sends for the same resource. */
import * as pulumi from "@pulumi/pulumi";
import { commonInputs } from "../../../sdk/nodejs/src/settings";
import { identityOf, withIdentity, withoutIdentity } from "./identity";

describe("a resource's identity from its URN", () => {
  beforeAll(async () => {
    // No engine: only the project and stack names are needed (no resource is registered).
    await pulumi.runtime.setMocks(
      { newResource: (args) => ({ id: args.name, state: args.inputs }), call: (args) => args.inputs },
      "proj",
      "dev",
    );
  });

  it("is the owner and auto-name prefix the dynamic SDK sends for the same logical name", () => {
    const sent = commonInputs("vpc", undefined);
    expect(identityOf("urn:pulumi:dev::proj::proton:index:EnvironmentTemplate::vpc")).toEqual({
      kind: "EnvironmentTemplate",
      owner: sent.owner,
      autoNamePrefix: sent.autoNamePrefix,
    });
  });

  it.each([
    [
      "a child's URN names its own type last",
      "urn:pulumi:s::p::my:mod:Parent$proton:index:Service::web",
      "Service",
      "p/s/web",
    ],
    ["a name may contain '::'", "urn:pulumi:s::p::proton:index:Environment::a::b", "Environment", "p/s/a::b"],
  ])("%s", (_label, urn, kind, owner) => {
    expect(identityOf(urn)).toMatchObject({ kind, owner });
  });

  it("refuses what is not a resource URN", () => {
    expect(() => identityOf("proton:index:Environment")).toThrow(/not a resource URN/);
  });

  it("is added to a call's bag and never kept in an answer", () => {
    const urn = "urn:pulumi:dev::proj::proton:index:Environment::dev";
    const bag = withIdentity(urn, { name: "x" });
    expect(bag).toEqual({ name: "x", owner: "proj/dev/dev", autoNamePrefix: "dev" });
    expect(withoutIdentity({ ...bag, __provider: "exports.handler = ..." })).toEqual({ name: "x" });
  });
});
