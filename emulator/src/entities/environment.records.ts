/** Environments: the record, its partition slice and finders. */
import { notFound } from "../errors";
import type { OperationContext } from "../operations";
import { defineSlice, type Partition } from "../store";
import type { DeploymentFields, Provisioning } from "./deployment.records";
import type { RepositoryBranch } from "./repository";

export interface EnvironmentRecord extends DeploymentFields {
  name: string;
  arn: string;
  description?: string;
  protonServiceRoleArn?: string;
  environmentAccountConnectionId?: string;
  environmentAccountId?: string;
  provisioning?: "CUSTOMER_MANAGED";
  provisioningRepository?: RepositoryBranch;
  componentRoleArn?: string;
  codebuildRoleArn?: string;
}

const environments = defineSlice<Record<string, EnvironmentRecord>>("environments", () => ({}));

/** The partition's environments, by name. */
export const environmentsOf = (partition: Partition) => environments.of(partition);

export function findEnvironment(ctx: OperationContext, name: string): EnvironmentRecord {
  const record = environmentsOf(ctx.partition)[name];
  if (!record) throw notFound(`The environment ${name} was not found.`);
  return record;
}

/** How an environment is provisioned (first match); its service instances are provisioned the same way. */
const provisioningRules: readonly [(record: EnvironmentRecord) => boolean, Provisioning][] = [
  [(record) => record.provisioningRepository !== undefined, "SELF_MANAGED"],
  [(record) => record.provisioning === "CUSTOMER_MANAGED", "CUSTOMER_MANAGED"],
  [
    (record) =>
      record.protonServiceRoleArn !== undefined || record.environmentAccountConnectionId !== undefined,
    "CLOUDFORMATION",
  ],
  [() => true, "CODEBUILD"],
];

export const provisioningOf = (record: EnvironmentRecord): Provisioning =>
  (provisioningRules.find(([applies]) => applies(record)) as (typeof provisioningRules)[number])[1];
