import {
  AcceptEnvironmentAccountConnectionCommand,
  CreateEnvironmentAccountConnectionCommand,
  CreateEnvironmentCommand,
  DeleteEnvironmentAccountConnectionCommand,
  GetEnvironmentAccountConnectionCommand,
  GetEnvironmentCommand,
  ListEnvironmentAccountConnectionsCommand,
  ListTagsForResourceCommand,
  paginateListEnvironmentAccountConnections,
  RejectEnvironmentAccountConnectionCommand,
  UpdateEnvironmentAccountConnectionCommand,
  UpdateEnvironmentCommand,
  waitUntilEnvironmentDeployed,
  type CreateEnvironmentAccountConnectionInput,
  type CreateEnvironmentInput,
  type EnvironmentAccountConnection,
  type ProtonClient,
  type UpdateEnvironmentInput,
} from "@aws-sdk/client-proton";
import { useEmulator, waiterFor, withEmulator } from "../../support/emulator";
import { environmentSpec, environmentTemplate, refusal } from "./deployableFixtures";

const MANAGEMENT = "111111111111";
const ENVIRONMENT = "222222222222";
const OTHER = "333333333333";
const ENV_ROLE = `arn:aws:iam::${ENVIRONMENT}:role/proton-env`;

const emulator = useEmulator({ reset: false });
let management: ProtonClient;
let environmentAccount: ProtonClient;
let other: ProtonClient;

beforeAll(async () => {
  management = emulator.client(MANAGEMENT);
  environmentAccount = emulator.client(ENVIRONMENT);
  other = emulator.client(OTHER);
  await environmentTemplate(management, "env-tpl", ["1.0"]);
});

async function request(
  environmentName: string,
  extra: Partial<CreateEnvironmentAccountConnectionInput> = {},
): Promise<EnvironmentAccountConnection> {
  const created = await environmentAccount.send(
    new CreateEnvironmentAccountConnectionCommand({
      managementAccountId: MANAGEMENT,
      environmentName,
      roleArn: ENV_ROLE,
      ...extra,
    }),
  );
  return created.environmentAccountConnection as EnvironmentAccountConnection;
}

const getAs = async (client: ProtonClient, id: string) =>
  (await client.send(new GetEnvironmentAccountConnectionCommand({ id }))).environmentAccountConnection;

const accept = (id: string, client = management) =>
  client.send(new AcceptEnvironmentAccountConnectionCommand({ id }));
const reject = (id: string, client = management) =>
  client.send(new RejectEnvironmentAccountConnectionCommand({ id }));

/** CreateEnvironment in the management account, provisioned as `provisioning` says. */
const createEnvironment = (name: string, provisioning: Partial<CreateEnvironmentInput>) =>
  management.send(
    new CreateEnvironmentCommand({
      name,
      templateName: "env-tpl",
      templateMajorVersion: "1",
      spec: environmentSpec(),
      ...provisioning,
    }),
  );

/** UpdateEnvironment in the management account without a deployment (NONE). */
const updateWithoutDeployment = (name: string, change: Partial<UpdateEnvironmentInput>) =>
  management.send(new UpdateEnvironmentCommand({ name, deploymentType: "NONE", ...change }));

describe("environment account connections across two accounts", () => {
  it("is requested by the environment account and accepted by the management account", async () => {
    const requested = await request("remote", { tags: [{ key: "team", value: "platform" }] });
    expect(requested).toMatchObject({
      arn: `arn:aws:proton:us-east-1:${ENVIRONMENT}:environment-account-connection/${requested.id}`,
      environmentAccountId: ENVIRONMENT,
      managementAccountId: MANAGEMENT,
      environmentName: "remote",
      roleArn: ENV_ROLE,
      status: "PENDING",
    });
    expect(requested.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const id = requested.id as string;

    // Both parties see it; nobody else does.
    expect(await getAs(management, id)).toEqual(requested);
    expect(await refusal(getAs(other, id))).toMatch(/^ResourceNotFoundException/);

    // Only a CONNECTED connection can carry an environment.
    expect(await refusal(createEnvironment("remote", { environmentAccountConnectionId: id }))).toMatch(
      /^ValidationException: .*PENDING/,
    );

    // Only the management account decides.
    expect(await refusal(accept(id, environmentAccount))).toMatch(/^AccessDeniedException/);
    const accepted = await accept(id);
    expect(accepted.environmentAccountConnection?.status).toBe("CONNECTED");
    expect((await accept(id)).environmentAccountConnection?.status).toBe("CONNECTED");
    expect((await getAs(environmentAccount, id))?.status).toBe("CONNECTED");

    const tags = await environmentAccount.send(
      new ListTagsForResourceCommand({ resourceArn: requested.arn }),
    );
    expect(tags.tags).toEqual([{ key: "team", value: "platform" }]);
  });

  it("lets the management account provision the environment through a CONNECTED connection", async () => {
    const id = (await request("hosted")).id as string;
    await accept(id);
    expect(await refusal(createEnvironment("not-hosted", { environmentAccountConnectionId: id }))).toMatch(
      /^ValidationException: .*environment hosted/,
    );

    const created = await createEnvironment("hosted", { environmentAccountConnectionId: id });
    expect(created.environment).toMatchObject({
      environmentAccountConnectionId: id,
      environmentAccountId: ENVIRONMENT,
    });
    await waitUntilEnvironmentDeployed(waiterFor(management), { name: "hosted" });

    // A connection in use can't be rejected; the environment can't switch to a role.
    expect(await refusal(reject(id))).toMatch(/^ConflictException: .*used by environment hosted/);
    expect(
      await refusal(
        updateWithoutDeployment("hosted", { protonServiceRoleArn: `arn:aws:iam::${MANAGEMENT}:role/proton` }),
      ),
    ).toMatch(/^ValidationException/);

    // The environment account replaces the connection; the environment moves to the new one.
    await environmentAccount.send(new DeleteEnvironmentAccountConnectionCommand({ id }));
    const replacement = (await request("hosted")).id as string;
    expect(
      await refusal(updateWithoutDeployment("hosted", { environmentAccountConnectionId: replacement })),
    ).toMatch(/^ValidationException: .*PENDING/);
    await accept(replacement);
    const moved = await updateWithoutDeployment("hosted", { environmentAccountConnectionId: replacement });
    expect(moved.environment).toMatchObject({
      environmentAccountConnectionId: replacement,
      environmentAccountId: ENVIRONMENT,
      deploymentStatus: "SUCCEEDED",
    });
  });

  it("refuses to connect an environment that has no connection", async () => {
    const id = (await request("plain")).id as string;
    await accept(id);
    await createEnvironment("plain", {
      protonServiceRoleArn: `arn:aws:iam::${MANAGEMENT}:role/proton`,
    });
    await waitUntilEnvironmentDeployed(waiterFor(management), { name: "plain" });
    expect(await refusal(updateWithoutDeployment("plain", { environmentAccountConnectionId: id }))).toMatch(
      /^ValidationException: .*isn't associated/,
    );
    expect(
      (await management.send(new GetEnvironmentCommand({ name: "plain" }))).environment,
    ).not.toHaveProperty("environmentAccountConnectionId");
  });

  it("is rejected for good", async () => {
    const id = (await request("refused")).id as string;
    expect(await refusal(reject(id, environmentAccount))).toMatch(/^AccessDeniedException/);
    expect((await reject(id)).environmentAccountConnection?.status).toBe("REJECTED");
    expect((await reject(id)).environmentAccountConnection?.status).toBe("REJECTED");
    expect(await refusal(accept(id))).toMatch(/^ConflictException/);
    expect(
      await refusal(
        environmentAccount.send(new UpdateEnvironmentAccountConnectionCommand({ id, roleArn: ENV_ROLE })),
      ),
    ).toMatch(/^ConflictException/);
  });

  it("is updated and deleted by the environment account only", async () => {
    const id = (await request("changing")).id as string;
    const newRole = `arn:aws:iam::${ENVIRONMENT}:role/proton-env-2`;
    expect(
      await refusal(management.send(new UpdateEnvironmentAccountConnectionCommand({ id, roleArn: newRole }))),
    ).toMatch(/^AccessDeniedException/);
    const updated = await environmentAccount.send(
      new UpdateEnvironmentAccountConnectionCommand({ id, roleArn: newRole, componentRoleArn: newRole }),
    );
    expect(updated.environmentAccountConnection).toMatchObject({
      roleArn: newRole,
      componentRoleArn: newRole,
    });
    expect((await getAs(management, id))?.roleArn).toBe(newRole);

    expect(await refusal(management.send(new DeleteEnvironmentAccountConnectionCommand({ id })))).toMatch(
      /^AccessDeniedException/,
    );
    const deleted = await environmentAccount.send(new DeleteEnvironmentAccountConnectionCommand({ id }));
    expect(deleted.environmentAccountConnection?.id).toBe(id);
    expect(await refusal(getAs(environmentAccount, id))).toMatch(/^ResourceNotFoundException/);
    expect(await refusal(getAs(management, id))).toMatch(/^ResourceNotFoundException/);
  });

  it("allows one connection per environment account, management account and environment", async () => {
    const first = await request("unique", { clientToken: "token-1" });
    // A retry with the same client token returns the same connection.
    expect((await request("unique", { clientToken: "token-1" })).id).toBe(first.id);
    expect(await refusal(request("unique"))).toMatch(/^ConflictException/);
    // Another environment account may connect to the same environment name.
    const fromOther = await other.send(
      new CreateEnvironmentAccountConnectionCommand({
        managementAccountId: MANAGEMENT,
        environmentName: "unique",
        roleArn: ENV_ROLE,
      }),
    );
    expect(fromOther.environmentAccountConnection?.environmentAccountId).toBe(OTHER);
  });

  it.each<[string, Partial<CreateEnvironmentAccountConnectionInput>, RegExp]>([
    ["a connection to the same account", { managementAccountId: ENVIRONMENT }, /^ValidationException/],
    ["a connection without any role", { roleArn: undefined }, /^ValidationException: .*roleArn/],
    [
      "a management account id that is not 12 digits",
      { managementAccountId: "1234" },
      /^ValidationException/,
    ],
  ])("refuses %s", async (_case, extra, expected) => {
    expect(await refusal(request("refusals", extra))).toMatch(expected);
  });

  it("lists connections from each side, filtered and paged", async () => {
    await withEmulator(async (fresh) => {
      const env = fresh.client(ENVIRONMENT);
      const mgmt = fresh.client(MANAGEMENT);
      const ids: string[] = [];
      for (const name of ["a", "b", "c"]) {
        const created = await env.send(
          new CreateEnvironmentAccountConnectionCommand({
            managementAccountId: MANAGEMENT,
            environmentName: name,
            roleArn: ENV_ROLE,
          }),
        );
        ids.push(created.environmentAccountConnection?.id as string);
      }
      await mgmt.send(new AcceptEnvironmentAccountConnectionCommand({ id: ids[1] }));

      const list = async (
        client: ProtonClient,
        requestedBy: "MANAGEMENT_ACCOUNT" | "ENVIRONMENT_ACCOUNT",
        extra = {},
      ) =>
        (
          await client.send(new ListEnvironmentAccountConnectionsCommand({ requestedBy, ...extra }))
        ).environmentAccountConnections?.map((connection) => connection.environmentName);
      expect((await list(mgmt, "MANAGEMENT_ACCOUNT"))?.sort()).toEqual(["a", "b", "c"]);
      expect(await list(mgmt, "ENVIRONMENT_ACCOUNT")).toEqual([]);
      expect((await list(env, "ENVIRONMENT_ACCOUNT"))?.sort()).toEqual(["a", "b", "c"]);
      expect(await list(env, "MANAGEMENT_ACCOUNT")).toEqual([]);
      expect(await list(mgmt, "MANAGEMENT_ACCOUNT", { statuses: ["CONNECTED"] })).toEqual(["b"]);
      expect(await list(env, "ENVIRONMENT_ACCOUNT", { environmentName: "c" })).toEqual(["c"]);

      const paged: string[] = [];
      for await (const page of paginateListEnvironmentAccountConnections(
        { client: mgmt, pageSize: 2 },
        { requestedBy: "MANAGEMENT_ACCOUNT" },
      )) {
        expect(page.environmentAccountConnections?.length).toBeLessThanOrEqual(2);
        paged.push(
          ...(page.environmentAccountConnections ?? []).map((connection) => connection.id as string),
        );
      }
      expect(paged.sort()).toEqual([...ids].sort());
    });
  });
});
