/** Service instances: the record, its partition slice and finders. */
import { notFound } from "../errors";
import type { OperationContext } from "../operations";
import { defineSlice, type Partition } from "../store";
import type { DeploymentFields } from "./deployment.records";

export interface ServiceInstanceRecord extends DeploymentFields {
  name: string;
  arn: string;
  serviceName: string;
  environmentName: string;
  lastClientRequestToken?: string;
}

/** Instance names are unique per service only. */
export const instanceKey = (serviceName: string, instanceName: string) => `${serviceName}/${instanceName}`;

const instances = defineSlice<Record<string, ServiceInstanceRecord>>("serviceInstances", () => ({}));

/** The partition's service instances, by instanceKey. */
export const allInstancesOf = (partition: Partition) => instances.of(partition);

export const instancesOf = (partition: Partition, serviceName: string): ServiceInstanceRecord[] =>
  Object.values(allInstancesOf(partition)).filter((instance) => instance.serviceName === serviceName);

export function findInstance(
  ctx: OperationContext,
  serviceName: string,
  name: string,
): ServiceInstanceRecord {
  const record = allInstancesOf(ctx.partition)[instanceKey(serviceName, name)];
  if (!record) throw notFound(`The service instance ${name} of service ${serviceName} was not found.`);
  return record;
}
