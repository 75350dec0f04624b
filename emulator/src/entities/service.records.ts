/**
 * Services and their pipelines (a pipeline is embedded in its service's record): the records, their
 * partition slice and finders. Service instances and pipelines find their service here.
 */
import { conflict, notFound } from "../errors";
import type { OperationContext } from "../operations";
import { defineSlice, type Millis, type Partition } from "../store";
import type { DeploymentFields } from "./deployment.records";

export type ServiceStatus =
  | "CREATE_IN_PROGRESS"
  | "CREATE_FAILED_CLEANUP_IN_PROGRESS"
  | "CREATE_FAILED_CLEANUP_COMPLETE"
  | "CREATE_FAILED_CLEANUP_FAILED"
  | "CREATE_FAILED"
  | "ACTIVE"
  | "DELETE_IN_PROGRESS"
  | "DELETE_FAILED"
  | "UPDATE_IN_PROGRESS"
  | "UPDATE_FAILED_CLEANUP_IN_PROGRESS"
  | "UPDATE_FAILED_CLEANUP_COMPLETE"
  | "UPDATE_FAILED_CLEANUP_FAILED"
  | "UPDATE_FAILED"
  | "UPDATE_COMPLETE_CLEANUP_FAILED";

/** What a create/update changed, so its settlement knows which children decide the outcome. */
export interface ServiceWork {
  operation: "create" | "update";
  added: string[];
  removed: string[];
  pipeline: boolean;
}

export type ServicePipelineRecord = DeploymentFields & { arn: string; serviceName: string };

export interface ServiceRecord {
  name: string;
  arn: string;
  description?: string;
  templateName: string;
  /** Internal: the template version the service was created or last updated against. */
  templateMajorVersion: string;
  templateMinorVersion: string;
  spec: string;
  status: ServiceStatus;
  statusMessage?: string;
  repositoryConnectionArn?: string;
  repositoryId?: string;
  branchName?: string;
  pipeline?: ServicePipelineRecord;
  createdAt: Millis;
  lastModifiedAt: Millis;
  /** Internal: queued work for the service itself (create/update/delete). */
  pendingSeq?: number;
  /** Internal: a create/update whose self-managed children have not reported yet (reconcileService). */
  awaiting?: ServiceWork;
}

const services = defineSlice<Record<string, ServiceRecord>>("services", () => ({}));

/** The partition's services, by name. */
export const servicesOf = (partition: Partition) => services.of(partition);

export function findService(ctx: OperationContext, name: string): ServiceRecord {
  const service = servicesOf(ctx.partition)[name];
  if (!service) throw notFound(`The service ${name} was not found.`);
  return service;
}

/** Service statuses during which its instances and pipeline can't be changed on their own. */
const serviceBusy: ReadonlySet<ServiceStatus> = new Set([
  "CREATE_IN_PROGRESS",
  "UPDATE_IN_PROGRESS",
  "DELETE_IN_PROGRESS",
]);

/** The service, refusing when it is being created, updated or deleted. */
export function quietService(ctx: OperationContext, name: string): ServiceRecord {
  const service = findService(ctx, name);
  if (serviceBusy.has(service.status)) {
    throw conflict(`The service ${name} can't be changed while its status is ${service.status}.`);
  }
  return service;
}
