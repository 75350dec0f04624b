/**
 * Environment account connections. The ENVIRONMENT account requests one (PENDING); the MANAGEMENT
 * account accepts (CONNECTED) or rejects (REJECTED) it. Both accounts see the connection (each partition
 * keeps a copy: see environmentAccountConnection.records.ts); a third account sees nothing
 * (ResourceNotFoundException).
 */
import type {
  AcceptEnvironmentAccountConnectionInput,
  AcceptEnvironmentAccountConnectionOutput,
  CreateEnvironmentAccountConnectionInput,
  CreateEnvironmentAccountConnectionOutput,
  DeleteEnvironmentAccountConnectionInput,
  DeleteEnvironmentAccountConnectionOutput,
  EnvironmentAccountConnection,
  EnvironmentAccountConnectionSummary,
  GetEnvironmentAccountConnectionInput,
  GetEnvironmentAccountConnectionOutput,
  ListEnvironmentAccountConnectionsInput,
  ListEnvironmentAccountConnectionsOutput,
  RejectEnvironmentAccountConnectionInput,
  RejectEnvironmentAccountConnectionOutput,
  UpdateEnvironmentAccountConnectionInput,
  UpdateEnvironmentAccountConnectionOutput,
} from "@aws-sdk/client-proton";
import { arnResource } from "../arn";
import { rememberDeletion, replayDeletion } from "../deletions";
import { accessDenied, conflict, validation } from "../errors";
import type { EntityModule, OperationContext } from "../operations";
import { paginate, sortByKey } from "../pagination";
import {
  connectionsOf,
  findConnection,
  forgetConnection,
  saveConnection,
  type EnvironmentAccountConnectionRecord,
  type EnvironmentAccountConnectionStatus,
} from "./environmentAccountConnection.records";
import { environmentsOf } from "./environment.records";
import { date } from "./deployment";
import { omit } from "./views";

type Side = "ENVIRONMENT_ACCOUNT" | "MANAGEMENT_ACCOUNT";

const accountOn: Record<Side, (record: EnvironmentAccountConnectionRecord) => string> = {
  ENVIRONMENT_ACCOUNT: (record) => record.environmentAccountId,
  MANAGEMENT_ACCOUNT: (record) => record.managementAccountId,
};

/** The connection, refusing (AccessDeniedException) a call only its other side may make. */
function connectionOf(ctx: OperationContext, id: string, side: Side): EnvironmentAccountConnectionRecord {
  const record = findConnection(ctx, id);
  if (accountOn[side](record) !== ctx.accountId) {
    const who = side === "ENVIRONMENT_ACCOUNT" ? "environment" : "management";
    throw accessDenied(`Only the ${who} account of environment account connection ${record.id} can do this.`);
  }
  return record;
}

/**
 * The connection an environment in the caller's (management) account may use: CONNECTED, managed by
 * the caller and made for that environment.
 */
export function usableConnection(
  ctx: OperationContext,
  id: string,
  environmentName: string,
): EnvironmentAccountConnectionRecord {
  const record = findConnection(ctx, id);
  if (record.managementAccountId !== ctx.accountId) {
    throw validation(`The environment account connection ${id} is not managed by account ${ctx.accountId}.`);
  }
  if (record.environmentName !== environmentName) {
    throw validation(
      `The environment account connection ${id} is for environment ${record.environmentName}.`,
    );
  }
  if (record.status !== "CONNECTED") {
    throw validation(`The environment account connection ${id} is ${record.status}, not CONNECTED.`);
  }
  return record;
}

function view(record: EnvironmentAccountConnectionRecord): EnvironmentAccountConnection {
  return {
    id: record.id,
    arn: record.arn,
    managementAccountId: record.managementAccountId,
    environmentAccountId: record.environmentAccountId,
    roleArn: record.roleArn,
    environmentName: record.environmentName,
    requestedAt: date(record.requestedAt),
    lastModifiedAt: date(record.lastModifiedAt),
    status: record.status,
    componentRoleArn: record.componentRoleArn,
    codebuildRoleArn: record.codebuildRoleArn,
  };
}

const summary = (record: EnvironmentAccountConnectionRecord): EnvironmentAccountConnectionSummary =>
  omit(view(record), "codebuildRoleArn");

function create(
  ctx: OperationContext,
  input: CreateEnvironmentAccountConnectionInput,
): CreateEnvironmentAccountConnectionOutput {
  const managementAccountId = input.managementAccountId as string;
  const environmentName = input.environmentName as string;
  const id = ctx.idempotent(input.clientToken, input, () => {
    if (managementAccountId === ctx.accountId) {
      throw validation("The management account must be another account than the environment account.");
    }
    if (input.roleArn === undefined && input.codebuildRoleArn === undefined) {
      throw validation("Either roleArn or codebuildRoleArn is required.");
    }
    const existing = Object.values(connectionsOf(ctx.partition)).find(
      (record) =>
        record.environmentAccountId === ctx.accountId &&
        record.managementAccountId === managementAccountId &&
        record.environmentName === environmentName,
    );
    if (existing) {
      throw conflict(
        `Environment account connection ${existing.id} already connects this account to environment ` +
          `${environmentName} of account ${managementAccountId}.`,
      );
    }
    const newId = ctx.newId();
    const now = ctx.now();
    const record: EnvironmentAccountConnectionRecord = {
      id: newId,
      arn: ctx.arn(arnResource.environmentAccountConnection(newId)),
      environmentAccountId: ctx.accountId,
      environmentName,
      managementAccountId,
      roleArn: input.roleArn,
      codebuildRoleArn: input.codebuildRoleArn,
      componentRoleArn: input.componentRoleArn,
      status: "PENDING",
      requestedAt: now,
      lastModifiedAt: now,
    };
    saveConnection(ctx, record);
    ctx.tags.register(record.arn, input.tags);
    return newId;
  });
  return { environmentAccountConnection: view(findConnection(ctx, id)) };
}

function get(
  ctx: OperationContext,
  input: GetEnvironmentAccountConnectionInput,
): GetEnvironmentAccountConnectionOutput {
  return { environmentAccountConnection: view(findConnection(ctx, input.id as string)) };
}

function update(
  ctx: OperationContext,
  input: UpdateEnvironmentAccountConnectionInput,
): UpdateEnvironmentAccountConnectionOutput {
  const record = connectionOf(ctx, input.id as string, "ENVIRONMENT_ACCOUNT");
  if (record.status === "REJECTED")
    throw conflict(`The environment account connection ${record.id} was rejected.`);
  const updated: EnvironmentAccountConnectionRecord = {
    ...record,
    roleArn: input.roleArn ?? record.roleArn,
    componentRoleArn: input.componentRoleArn ?? record.componentRoleArn,
    codebuildRoleArn: input.codebuildRoleArn ?? record.codebuildRoleArn,
    lastModifiedAt: ctx.now(),
  };
  saveConnection(ctx, updated);
  return { environmentAccountConnection: view(updated) };
}

function deleteConnection(
  ctx: OperationContext,
  input: DeleteEnvironmentAccountConnectionInput,
): DeleteEnvironmentAccountConnectionOutput {
  const id = input.id as string;
  if (!connectionsOf(ctx.partition)[id])
    return replayDeletion(ctx, ctx.arn(arnResource.environmentAccountConnection(id)), () =>
      findConnection(ctx, id),
    );
  const record = connectionOf(ctx, id, "ENVIRONMENT_ACCOUNT");
  // Allowed even while an environment uses it: Proton then can't manage that environment's resources.
  forgetConnection(ctx, record);
  ctx.tags.drop(record.arn);
  const output = { environmentAccountConnection: view(record) };
  rememberDeletion(ctx, record.arn, output);
  return output;
}

/** Accept/Reject: the statuses each may start from; the target status itself is accepted as a retry. */
const decisions: Record<"CONNECTED" | "REJECTED", readonly EnvironmentAccountConnectionStatus[]> = {
  CONNECTED: ["PENDING"],
  REJECTED: ["PENDING", "CONNECTED"],
};

function decide(ctx: OperationContext, id: string, status: "CONNECTED" | "REJECTED") {
  const record = connectionOf(ctx, id, "MANAGEMENT_ACCOUNT");
  if (record.status === status) return { environmentAccountConnection: view(record) };
  if (!decisions[status].includes(record.status)) {
    throw conflict(
      `The environment account connection ${id} is ${record.status}; it can't become ${status}.`,
    );
  }
  if (status === "REJECTED") {
    const user = Object.values(environmentsOf(ctx.partition)).find(
      (env) => env.environmentAccountConnectionId === id,
    );
    if (user) throw conflict(`The environment account connection ${id} is used by environment ${user.name}.`);
  }
  const updated = { ...record, status, lastModifiedAt: ctx.now() };
  saveConnection(ctx, updated);
  return { environmentAccountConnection: view(updated) };
}

const accept = (
  ctx: OperationContext,
  input: AcceptEnvironmentAccountConnectionInput,
): AcceptEnvironmentAccountConnectionOutput => decide(ctx, input.id as string, "CONNECTED");

const reject = (
  ctx: OperationContext,
  input: RejectEnvironmentAccountConnectionInput,
): RejectEnvironmentAccountConnectionOutput => decide(ctx, input.id as string, "REJECTED");

function list(
  ctx: OperationContext,
  input: ListEnvironmentAccountConnectionsInput,
): ListEnvironmentAccountConnectionsOutput {
  const side = input.requestedBy as Side;
  const matches = Object.values(connectionsOf(ctx.partition)).filter(
    (record) =>
      accountOn[side](record) === ctx.accountId &&
      (input.environmentName === undefined || record.environmentName === input.environmentName) &&
      (input.statuses === undefined || input.statuses.includes(record.status)),
  );
  const key = (record: EnvironmentAccountConnectionRecord) => record.id;
  const page = paginate(sortByKey(matches, key), input, key);
  return { environmentAccountConnections: page.items.map(summary), nextToken: page.nextToken };
}

export const environmentAccountConnection: EntityModule = {
  operations: {
    CreateEnvironmentAccountConnection: create,
    GetEnvironmentAccountConnection: get,
    UpdateEnvironmentAccountConnection: update,
    DeleteEnvironmentAccountConnection: deleteConnection,
    AcceptEnvironmentAccountConnection: accept,
    RejectEnvironmentAccountConnection: reject,
    ListEnvironmentAccountConnections: list,
  },
};
