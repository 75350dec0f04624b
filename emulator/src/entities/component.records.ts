/**
 * Components (directly defined): the record, its partition slice and finders, and who holds on to a
 * component (the service instance it is attached to, the environment it lives in). Environments,
 * services and service instances refuse to go while a component holds on to them.
 */
import { notFound } from "../errors";
import type { OperationContext } from "../operations";
import { defineSlice, type Millis, type Partition } from "../store";
import { deploymentsOf, type DeploymentProgress } from "./deployment.records";

/** The IaC engine a component's manifest names: CloudFormation (Proton provisions) or Terraform (self-managed). */
export type ComponentEngine = "CLOUDFORMATION" | "TERRAFORM";

export interface ComponentRecord extends DeploymentProgress {
  name: string;
  arn: string;
  description?: string;
  environmentName: string;
  /** Set together with serviceInstanceName while the component is attached. */
  serviceName?: string;
  serviceInstanceName?: string;
  serviceSpec?: string;
  templateFile: string;
  manifest: string;
  /** Internal: the engine the manifest names (UpdateComponent cannot change the manifest). */
  engine: ComponentEngine;
  lastModifiedAt: Millis;
  lastClientRequestToken?: string;
}

const components = defineSlice<Record<string, ComponentRecord>>("components", () => ({}));

/** The partition's components, by name. */
export const componentsOf = (partition: Partition) => components.of(partition);

export function findComponent(ctx: OperationContext, name: string): ComponentRecord {
  const record = componentsOf(ctx.partition)[name];
  if (!record) throw notFound(`The component ${name} was not found.`);
  return record;
}

export interface Attachment {
  serviceName: string;
  serviceInstanceName: string;
}

/**
 * The service instances a component holds on to: the one it is attached to now and, while a deployment
 * runs that a failure or cancellation would roll back, the one of its last success.
 */
export function attachmentsOf(partition: Partition, record: ComponentRecord): Attachment[] {
  const success =
    record.lastSucceededDeploymentId === undefined
      ? undefined
      : deploymentsOf(partition)[record.lastSucceededDeploymentId]?.targetState.component;
  return [record, ...(success ? [success] : [])].flatMap(({ serviceName, serviceInstanceName }) =>
    serviceName && serviceInstanceName ? [{ serviceName, serviceInstanceName }] : [],
  );
}

/** Components holding on to the service's instances (to `instanceName` only, when given). */
export function componentsAttachedTo(
  partition: Partition,
  serviceName: string,
  instanceName?: string,
): { component: ComponentRecord; attachment: Attachment }[] {
  return Object.values(componentsOf(partition)).flatMap((component) =>
    attachmentsOf(partition, component)
      .filter(
        (a) =>
          a.serviceName === serviceName &&
          (instanceName === undefined || a.serviceInstanceName === instanceName),
      )
      .slice(0, 1)
      .map((attachment) => ({ component, attachment })),
  );
}

/** Components associated with an environment (attached to its instances or not). */
export const componentsIn = (partition: Partition, environmentName: string): ComponentRecord[] =>
  Object.values(componentsOf(partition)).filter((c) => c.environmentName === environmentName);
