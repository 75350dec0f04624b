/** Environment account connections across two accounts, each resource acting as its own account. */
import { GetEnvironmentAccountConnectionCommand } from "@aws-sdk/client-proton";
import { environmentProvider } from "../../../provider/src/resources/environment";
import { environmentAccountConnectionProvider } from "../../../provider/src/resources/environmentAccountConnection";
import { environmentAccountConnectionAccepterProvider } from "../../../provider/src/resources/environmentAccountConnectionAccepter";
import { DEFAULT_ACCOUNT, startTestEmulator, type TestEmulator } from "../../support/emulator";
import { environmentSpec, environmentTemplate } from "../emulator/deployableFixtures";
import { Driven, failure, sent, settings, useAccounts, type Bag } from "./deployableSupport";

const MANAGEMENT = DEFAULT_ACCOUNT;
const ENVIRONMENT_ACCOUNT = "210987654321";
const ROLE = `arn:aws:iam::${ENVIRONMENT_ACCOUNT}:role/proton-env`;

let emulator: TestEmulator;

beforeAll(async () => {
  useAccounts(ENVIRONMENT_ACCOUNT);
  emulator = await startTestEmulator({ deploymentMs: 50 });
});
afterAll(() => emulator.stop());
beforeEach(async () => {
  await emulator.control.reset();
  await environmentTemplate(emulator.client(MANAGEMENT), "vpc", ["1.0"]);
  await emulator.control.clearCalls();
});

const request = (overrides: Bag = {}): Bag => ({
  ...settings(emulator, ENVIRONMENT_ACCOUNT),
  managementAccountId: MANAGEMENT,
  environmentName: "prod",
  roleArn: ROLE,
  tags: { purpose: "prod" },
  owner: "proj/stack/conn",
  ...overrides,
});

const status = async (id: string, account: string) =>
  (await emulator.client(account).send(new GetEnvironmentAccountConnectionCommand({ id })))
    .environmentAccountConnection?.status;

describe("environment account connections", () => {
  it("requests from the environment account, accepts in the management account, deploys an environment there", async () => {
    const connection = new Driven(environmentAccountConnectionProvider);
    const outs = await connection.create(request());
    expect(outs).toMatchObject({
      connectionId: connection.id,
      status: "PENDING",
      environmentAccountId: ENVIRONMENT_ACCOUNT,
      managementAccountId: MANAGEMENT,
      tags: { purpose: "prod" },
    });
    const [created] = await sent(emulator, "CreateEnvironmentAccountConnection");
    expect(created).toMatchObject({ clientToken: expect.any(String) });

    // A re-run of an interrupted create replays the same token: same connection, no duplicate.
    const rerun = new Driven(environmentAccountConnectionProvider);
    await rerun.create(request());
    expect(rerun.id).toBe(connection.id);

    const accepter = new Driven(environmentAccountConnectionAccepterProvider);
    const accepted = await accepter.create({ ...settings(emulator), connectionId: connection.id });
    expect(accepted).toMatchObject({ status: "CONNECTED", environmentAccountId: ENVIRONMENT_ACCOUNT });
    expect((await sent(emulator, "AcceptEnvironmentAccountConnection"))[0]).toEqual({ id: connection.id });
    expect(await connection.refresh()).toMatchObject({ status: "CONNECTED" });

    const env = new Driven(environmentProvider);
    const envOuts = await env.create({
      ...settings(emulator),
      name: "prod",
      templateName: "vpc",
      templateMajorVersion: "1",
      spec: environmentSpec({ cidr: "10.0.0.0/16" }),
      environmentAccountConnectionId: connection.id,
    });
    expect(envOuts).toMatchObject({
      deploymentStatus: "SUCCEEDED",
      environmentAccountId: ENVIRONMENT_ACCOUNT,
    });

    // Role change from the environment account.
    const newRole = `arn:aws:iam::${ENVIRONMENT_ACCOUNT}:role/proton-env-2`;
    expect(await connection.diff(request({ roleArn: newRole }))).toMatchObject({
      changes: true,
      replaces: [],
    });
    await connection.update(request({ roleArn: newRole }));
    expect(connection.outs.roleArn).toBe(newRole);
    expect(await connection.diff(request({ environmentName: "other" }))).toMatchObject({
      replaces: ["environmentName"],
    });

    // Destroy in dependency order: environment, accepter (rejects), connection.
    await env.delete();
    await accepter.delete();
    expect(await status(connection.id, MANAGEMENT)).toBe("REJECTED");
    await connection.delete();
    await expect(status(connection.id, ENVIRONMENT_ACCOUNT)).rejects.toThrow(/not found/);
    expect(await connection.refresh()).toBeUndefined();
  });

  it("rejects on request and refuses at preview to accept a rejected connection", async () => {
    const connection = new Driven(environmentAccountConnectionProvider);
    await connection.create(request());
    const accepter = new Driven(environmentAccountConnectionAccepterProvider);
    const outs = await accepter.create({ ...settings(emulator), connectionId: connection.id, reject: true });
    expect(outs).toMatchObject({ status: "REJECTED", reject: true });
    const { failures } = await accepter.check({
      ...settings(emulator),
      connectionId: connection.id,
      reject: false,
    });
    expect(failures).toEqual([
      { property: "reject", reason: expect.stringMatching(/can't be accepted again/) },
    ]);
  });

  it("refuses a connection request from the management account itself", async () => {
    const connection = new Driven(environmentAccountConnectionProvider);
    const error = await failure(connection.create(request(settings(emulator))));
    expect(error.message).toMatch(/ValidationException: The management account must be another account/);
  });
});
