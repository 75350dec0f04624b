/** Template versions that deployed resources still use cannot be deleted (and can once they are gone). */
import {
  CreateEnvironmentCommand,
  CreateServiceCommand,
  DeleteEnvironmentCommand,
  DeleteEnvironmentTemplateCommand,
  DeleteEnvironmentTemplateVersionCommand,
  DeleteServiceCommand,
  DeleteServiceTemplateCommand,
  DeleteServiceTemplateVersionCommand,
  GetEnvironmentCommand,
  UpdateEnvironmentCommand,
  ResourceNotFoundException,
  waitUntilEnvironmentDeployed,
  waitUntilServiceCreated,
  waitUntilServiceDeleted,
  type ProtonClient,
} from "@aws-sdk/client-proton";
import { useEmulator, waiterFor } from "../../support/emulator";
import {
  environmentSpec,
  environmentTemplate,
  FreezableClock,
  refusal,
  ROLE,
  serviceSpec,
  serviceTemplate,
  until,
} from "./deployableFixtures";

const clock = new FreezableClock();
const emulator = useEmulator({ deploymentMs: 50, clock, reset: false });
let client: ProtonClient;

beforeAll(() => {
  client = emulator.client();
});

const envVersion = { templateName: "net", majorVersion: "1", minorVersion: "0" };
const svcVersion = { templateName: "api", majorVersion: "1", minorVersion: "0" };

test("versions in use by environments and service instances are protected until those are deleted", async () => {
  await environmentTemplate(client, "net", ["1.0"]);
  await client.send(
    new CreateEnvironmentCommand({
      name: "prod",
      templateName: "net",
      templateMajorVersion: "1",
      protonServiceRoleArn: ROLE,
      spec: environmentSpec({ size: "small" }),
    }),
  );
  await waitUntilEnvironmentDeployed(waiterFor(client), { name: "prod" });
  expect(await refusal(client.send(new DeleteEnvironmentTemplateVersionCommand(envVersion)))).toMatch(
    /^ConflictException: .*in use by environment prod/,
  );

  await serviceTemplate(client, "api", ["1.0"], [{ templateName: "net", majorVersion: "1" }]);
  await client.send(
    new CreateServiceCommand({
      name: "orders",
      templateName: "api",
      templateMajorVersion: "1",
      spec: serviceSpec([{ name: "one", environment: "prod" }]),
    }),
  );
  await waitUntilServiceCreated(waiterFor(client), { name: "orders" });
  expect(await refusal(client.send(new DeleteServiceTemplateVersionCommand(svcVersion)))).toMatch(
    /^ConflictException: .*service instance orders\/one/,
  );
  expect(await refusal(client.send(new DeleteServiceTemplateCommand({ name: "api" })))).toMatch(
    /still has versions/,
  );

  await client.send(new DeleteServiceCommand({ name: "orders" }));
  await waitUntilServiceDeleted(waiterFor(client), { name: "orders" });
  await client.send(new DeleteServiceTemplateVersionCommand(svcVersion));
  await client.send(new DeleteServiceTemplateCommand({ name: "api" }));

  await client.send(new DeleteEnvironmentCommand({ name: "prod" }));
  await until(
    () =>
      client.send(new GetEnvironmentCommand({ name: "prod" })).then(
        () => false,
        (e: unknown) => e instanceof ResourceNotFoundException,
      ),
    (gone) => gone,
  );
  await client.send(new DeleteEnvironmentTemplateVersionCommand(envVersion));
  await client.send(new DeleteEnvironmentTemplateCommand({ name: "net" }));
});

test("the version a running deployment would roll back to stays protected until the deployment ends", async () => {
  await environmentTemplate(client, "rollback-net", ["1.0", "1.1"]);
  await client.send(
    new CreateEnvironmentCommand({
      name: "rolling",
      templateName: "rollback-net",
      templateMajorVersion: "1",
      templateMinorVersion: "0",
      protonServiceRoleArn: ROLE,
      spec: environmentSpec(),
    }),
  );
  await waitUntilEnvironmentDeployed(waiterFor(client), { name: "rolling" });
  const previous = { templateName: "rollback-net", majorVersion: "1", minorVersion: "0" };
  await clock.frozen(async () => {
    await client.send(new UpdateEnvironmentCommand({ name: "rolling", deploymentType: "MINOR_VERSION" }));
    expect(await refusal(client.send(new DeleteEnvironmentTemplateVersionCommand(previous)))).toMatch(
      /^ConflictException: .*in use by environment rolling/,
    );
  });
  await waitUntilEnvironmentDeployed(waiterFor(client), { name: "rolling" });
  await client.send(new DeleteEnvironmentTemplateVersionCommand(previous));
});
