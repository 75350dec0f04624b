/** Program-side settings: stack configuration under each resource's own connection/operation arguments. */
import * as pulumi from "@pulumi/pulumi";
import { commonInputs } from "./settings";

const resolve = <T>(value: pulumi.Input<T> | undefined) =>
  new Promise<T | undefined>((done) => pulumi.output(value).apply((v) => done(v as T | undefined)));

beforeAll(async () => {
  // No engine in unit tests: only the project and stack names are needed (no resource is registered).
  await pulumi.runtime.setMocks(
    { newResource: (args) => ({ id: args.name, state: args.inputs }), call: (args) => args.inputs },
    "proj",
    "dev",
  );
  pulumi.runtime.setAllConfig({
    "aws:region": "eu-west-1",
    "aws:profile": "ops",
    "proton:endpoint": "http://localhost:4577",
    "proton:pollIntervalMs": "50",
  });
});

describe("commonInputs", () => {
  it("takes the stack's config when the resource says nothing", async () => {
    const inputs = commonInputs("vpc", undefined);
    expect(await resolve(inputs.connection)).toEqual({
      region: "eu-west-1",
      profile: "ops",
      endpoint: "http://localhost:4577",
    });
    expect(await resolve(inputs.operation)).toEqual({ pollIntervalMs: 50 });
    expect(inputs.autoNamePrefix).toBe("vpc");
    expect(inputs.owner).toBe("proj/dev/vpc");
  });

  it("lets the resource's own settings win, member by member (inputs may be outputs)", async () => {
    const inputs = commonInputs("vpc", {
      connection: { region: pulumi.output("us-west-2"), roleArn: "arn:aws:iam::210987654321:role/deployer" },
      operation: { timeoutMs: 1000 },
    });
    expect(await resolve(inputs.connection)).toEqual({
      region: "us-west-2",
      profile: "ops",
      endpoint: "http://localhost:4577",
      roleArn: "arn:aws:iam::210987654321:role/deployer",
    });
    expect(await resolve(inputs.operation)).toEqual({ pollIntervalMs: 50, timeoutMs: 1000 });
  });
});
