/** GetResourcesSummary: totals, failures and staleness against each template's recommended version. */
import {
  CreateEnvironmentCommand,
  CreateServiceCommand,
  GetResourcesSummaryCommand,
  waitUntilEnvironmentDeployed,
  waitUntilServiceCreated,
} from "@aws-sdk/client-proton";
import { useEmulator, waiterFor } from "../../support/emulator";
import {
  environmentSpec,
  environmentTemplate,
  REPOSITORY,
  ROLE,
  serviceSpec,
  serviceTemplate,
  until,
} from "./deployableFixtures";

const emulator = useEmulator({ deploymentMs: 50 });
const counts = async () => (await emulator.client().send(new GetResourcesSummaryCommand({}))).counts;

test("an empty account has nothing to count", async () => {
  const none = { total: 0, failed: 0, upToDate: 0, behindMajor: 0, behindMinor: 0 };
  expect(await counts()).toEqual({
    environmentTemplates: { total: 0 },
    serviceTemplates: { total: 0 },
    environments: none,
    serviceInstances: none,
    pipelines: none,
    services: none,
    components: { total: 0, failed: 0 },
  });
});

test("deployed resources are up to date, behind a minor or behind a major of the recommended version", async () => {
  const client = emulator.client();
  // net: 1.0, 2.0, 2.1 (recommended 2.1). api: 1.0, 1.1 on net 2 (recommended 1.1), with a pipeline.
  await environmentTemplate(client, "net", ["1.0", "2.0", "2.1"]);
  await serviceTemplate(client, "api", ["1.0", "1.1"], [{ templateName: "net", majorVersion: "2" }], {
    pipeline: true,
  });
  const environment = async (name: string, major: string, minor: string) => {
    await client.send(
      new CreateEnvironmentCommand({
        name,
        templateName: "net",
        templateMajorVersion: major,
        templateMinorVersion: minor,
        spec: environmentSpec(),
        protonServiceRoleArn: ROLE,
      }),
    );
  };
  await environment("old-major", "1", "0");
  await environment("old-minor", "2", "0");
  await environment("current", "2", "1");
  for (const name of ["old-major", "old-minor", "current"])
    await waitUntilEnvironmentDeployed(waiterFor(client), { name });
  await emulator.control.failNextDeployment({ resourceName: "broken", message: "no capacity" });
  await environment("broken", "2", "1");

  const service = async (name: string, minor: string) => {
    await client.send(
      new CreateServiceCommand({
        name,
        templateName: "api",
        templateMajorVersion: "1",
        templateMinorVersion: minor,
        spec: serviceSpec([{ name: "a", environment: "current" }], { stage: "x" }),
        ...REPOSITORY,
      }),
    );
    await waitUntilServiceCreated(waiterFor(client), { name });
  };
  await service("stale", "0");
  await service("fresh", "1");
  await until(counts, (c) => c?.environments?.failed === 1);

  expect(await counts()).toEqual({
    environmentTemplates: { total: 1 },
    serviceTemplates: { total: 1 },
    environments: { total: 4, failed: 1, upToDate: 2, behindMinor: 1, behindMajor: 1 },
    serviceInstances: { total: 2, failed: 0, upToDate: 1, behindMinor: 1, behindMajor: 0 },
    pipelines: { total: 2, failed: 0, upToDate: 1, behindMinor: 1, behindMajor: 0 },
    services: { total: 2, failed: 0, upToDate: 1, behindMinor: 1, behindMajor: 0 },
    components: { total: 0, failed: 0 },
  });
});
