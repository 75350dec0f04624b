/**
 * The plugin flavour registers what the provider plugin serves: `proton:index:<Kind>` custom resources
 * with the program's arguments only (the plugin derives the rest), a `proton` provider whose non-string
 * arguments travel as JSON like every Pulumi SDK sends them, invokes of `proton:index:<function>`, and
 * enum values the code of `pulumi import` names. The dynamic flavour is untouched.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as dynamic from "../index";
import * as proton from "./index";
import { resourceOptions } from "./resource";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}
const registered: Registered[] = [];
const invoked: { token: string; inputs: Record<string, unknown> }[] = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => {
        invoked.push({ token: args.token, inputs: args.inputs });
        return { name: args.inputs.name, arn: "arn:aws:proton:eu-west-1:123456789012:environment/x" };
      },
    },
    "proj",
    "dev",
  );
});

const resolved = <T>(output: pulumi.Output<T>) => new Promise<T>((done) => output.apply(done));

describe("pulumi-aws-proton/plugin", () => {
  it("registers custom resources of the plugin with the program's arguments only", async () => {
    const env = new proton.Environment("dev", {
      templateName: "vpc",
      templateMajorVersion: "1",
      spec: "proton: EnvironmentSpec\n",
    });
    await resolved(env.urn);
    expect(registered.find((r) => r.name === "dev")).toEqual({
      type: "proton:index:Environment",
      name: "dev",
      inputs: { templateName: "vpc", templateMajorVersion: "1", spec: "proton: EnvironmentSpec\n" },
    });
    expect(proton.Environment.isInstance(env)).toBe(true);
    expect(proton.Service.isInstance(env)).toBe(false);
  });

  it("has a Provider whose non-string arguments are sent as JSON", async () => {
    const eu = new proton.Provider("eu", { region: "eu-west-1", pollIntervalMs: 200 });
    await resolved(eu.urn);
    expect(registered.find((r) => r.name === "eu")).toMatchObject({
      type: "pulumi:providers:proton",
      inputs: { region: "eu-west-1", pollIntervalMs: "200" },
    });
    expect(proton.Provider.isInstance(eu)).toBe(true);
  });

  it("runs read functions as invokes of the plugin", async () => {
    const answer = await proton.getEnvironment({ name: "x" });
    expect(invoked.at(-1)).toEqual({ token: "proton:index:getEnvironment", inputs: { name: "x" } });
    expect(answer.arn).toMatch(/:environment\/x$/);
  });

  it("asks the engine for the plugin version it was generated with", () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as {
      version: string;
    };
    expect(resourceOptions(undefined).version).toBe(version);
  });

  it("has enum values, named as the code `pulumi import` generates names them", () => {
    expect(proton.TemplateVersionTargetStatus.Published).toBe("PUBLISHED");
    expect(proton.RepositoryProvider.GithubEnterprise).toBe("GITHUB_ENTERPRISE");
  });

  it("leaves the dynamic classes as they are", async () => {
    const template = new dynamic.EnvironmentTemplate("dyn", {});
    await resolved(template.urn);
    expect(registered.find((r) => r.name === "dyn")?.type).toBe(
      "pulumi-nodejs:dynamic/proton:EnvironmentTemplate",
    );
  });
});
