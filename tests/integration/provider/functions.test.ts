/** The read functions against the emulator: what each answers, argument checks and named errors. */
import { GetEnvironmentCommand } from "@aws-sdk/client-proton";
import { functions } from "../../../provider/src";
import { functionSchemas } from "../../../provider/src/generated/schema";
import { environmentProvider } from "../../../provider/src/resources/environment";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";
import { environmentSpec, environmentTemplate, ROLE } from "../emulator/deployableFixtures";
import { Driven, settings, useAccounts } from "./deployableSupport";

let emulator: TestEmulator;

beforeAll(async () => {
  useAccounts();
  emulator = await startTestEmulator({ deploymentMs: 50 });
  await environmentTemplate(emulator.client(), "vpc", ["1.0"]);
  await new Driven(environmentProvider).create({
    ...settings(emulator),
    name: "dev",
    templateName: "vpc",
    templateMajorVersion: "1",
    spec: environmentSpec({ cidr: "10.0.0.0/16" }),
    protonServiceRoleArn: ROLE,
  });
});
afterAll(() => emulator.stop());

const connection = () => settings(emulator);

describe("read functions", () => {
  it("has an implementation for every function of the schema", () => {
    expect(Object.keys(functions).sort()).toEqual(Object.keys(functionSchemas).sort());
  });

  it("getEnvironment answers Proton's detail, flattened, timestamps as ISO strings", async () => {
    const env = await functions.getEnvironment({ ...connection(), name: "dev" });
    const live = (await emulator.client().send(new GetEnvironmentCommand({ name: "dev" }))).environment;
    expect(env).toMatchObject({
      name: "dev",
      arn: live?.arn,
      templateName: "vpc",
      templateMajorVersion: "1",
      templateMinorVersion: "0",
      deploymentStatus: "SUCCEEDED",
      createdAt: live?.createdAt?.toISOString(),
    });
  });

  it("list functions follow every page", async () => {
    const { environments } = await functions.listEnvironments({ ...connection() });
    expect((environments as { name: string }[]).map((e) => e.name)).toEqual(["dev"]);
    const { outputs } = await functions.listEnvironmentOutputs({ ...connection(), environmentName: "dev" });
    expect(outputs).toEqual(expect.arrayContaining([expect.objectContaining({ key: "cidr" })]));
  });

  it("deployments: listDeployments names the environment's deployment, getDeployment reads it with its states", async () => {
    const env = await functions.getEnvironment({ ...connection(), name: "dev" });
    const { deployments } = await functions.listDeployments({ ...connection(), environmentName: "dev" });
    const ids = (deployments as { id: string }[]).map((d) => d.id);
    expect(ids).toContain(env.lastSucceededDeploymentId);
    const deployment = await functions.getDeployment({
      ...connection(),
      id: env.lastSucceededDeploymentId,
      environmentName: "dev",
    });
    expect(deployment).toMatchObject({
      id: env.lastSucceededDeploymentId,
      targetArn: env.arn,
      targetResourceType: "ENVIRONMENT",
      deploymentStatus: "SUCCEEDED",
      targetState: { environment: { templateName: "vpc", templateMajorVersion: "1" } },
    });
  });

  it("getResourcesSummary counts the environment and its template", async () => {
    const { counts } = (await functions.getResourcesSummary({ ...connection() })) as {
      counts: Record<string, { total: number; upToDate?: number }>;
    };
    expect(counts.environments).toMatchObject({ total: 1, upToDate: 1 });
    expect(counts.environmentTemplates).toMatchObject({ total: 1 });
  });

  it("refuses missing or mistyped arguments before calling Proton, naming the function and the argument", async () => {
    await emulator.control.clearCalls();
    await expect(functions.getEnvironment({ ...connection() })).rejects.toThrow(
      "getEnvironment: name is required",
    );
    await expect(functions.getEnvironment({ ...connection(), name: 7 })).rejects.toThrow(
      "getEnvironment: name must be a string",
    );
    expect((await emulator.control.calls()).counts).toEqual({});
  });

  it("names the function, the call and Proton's error when the resource does not exist", async () => {
    await expect(functions.getEnvironment({ ...connection(), name: "nope" })).rejects.toThrow(
      /getEnvironment "nope": GetEnvironment failed: ResourceNotFoundException/,
    );
  });
});
