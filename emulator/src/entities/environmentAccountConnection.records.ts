/**
 * Environment account connections: the record, its partition slice and finders. Both accounts see a
 * connection, so it is kept in the partitions of both (the environment account's and the management
 * account's); `saveConnection` and `forgetConnection` are the only writers and keep the copies identical,
 * so each side finds it by id in its own partition.
 */
import { notFound } from "../errors";
import type { OperationContext } from "../operations";
import { defineSlice, type Millis, type Partition } from "../store";

export type EnvironmentAccountConnectionStatus = "PENDING" | "CONNECTED" | "REJECTED";

export interface EnvironmentAccountConnectionRecord {
  id: string;
  arn: string;
  environmentAccountId: string;
  environmentName: string;
  managementAccountId: string;
  roleArn?: string;
  codebuildRoleArn?: string;
  componentRoleArn?: string;
  status: EnvironmentAccountConnectionStatus;
  requestedAt: Millis;
  lastModifiedAt: Millis;
}

const connections = defineSlice<Record<string, EnvironmentAccountConnectionRecord>>(
  "environmentAccountConnections",
  () => ({}),
);

/** The connections a partition's account is a party to, by id. */
export const connectionsOf = (partition: Partition) => connections.of(partition);

const parties = (record: EnvironmentAccountConnectionRecord) => [
  record.environmentAccountId,
  record.managementAccountId,
];

export function saveConnection(ctx: OperationContext, record: EnvironmentAccountConnectionRecord): void {
  for (const account of parties(record)) connectionsOf(ctx.partitionFor(account))[record.id] = { ...record };
}

export function forgetConnection(ctx: OperationContext, record: EnvironmentAccountConnectionRecord): void {
  for (const account of parties(record)) delete connectionsOf(ctx.partitionFor(account))[record.id];
}

/** A connection the caller is a party to, or ResourceNotFoundException. */
export function findConnection(ctx: OperationContext, id: string): EnvironmentAccountConnectionRecord {
  const record = connectionsOf(ctx.partition)[id];
  if (!record) throw notFound(`The environment account connection ${id} was not found.`);
  return record;
}
