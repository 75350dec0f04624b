/**
 * Deployments: what every deployable (environment, service instance, service pipeline, component)
 * records about its deployments, and the Deployment records themselves (the model's Deployment shape),
 * with their partition slice and finders.
 */
import { notFound } from "../errors";
import type { OperationContext } from "../operations";
import { defineSlice, type Millis, type Partition } from "../store";

export type DeploymentStatus =
  | "IN_PROGRESS"
  | "FAILED"
  | "SUCCEEDED"
  | "DELETE_IN_PROGRESS"
  | "DELETE_FAILED"
  | "DELETE_COMPLETE"
  | "CANCELLING"
  | "CANCELLED";

/** Fields every deployable shares (components too): its current deployment and the ids of its last ones. */
export interface DeploymentProgress {
  deploymentStatus: DeploymentStatus;
  deploymentStatusMessage?: string;
  createdAt: Millis;
  lastDeploymentAttemptedAt: Millis;
  /** Absent until a first success where the model allows it (components). */
  lastDeploymentSucceededAt?: Millis;
  /** The Deployment record of the latest attempt (set once the first deployment starts). */
  lastAttemptedDeploymentId?: string;
  /** The Deployment record of the latest success: what a failure or cancellation rolls back to. */
  lastSucceededDeploymentId?: string;
  /** Internal: the queued work (PendingWork.seq) this record is waiting on, if any. */
  pendingSeq?: number;
}

/** A deployable deployed from a template version (environments, service instances, pipelines). */
export interface DeploymentFields extends DeploymentProgress {
  templateName: string;
  templateMajorVersion: string;
  templateMinorVersion: string;
  spec?: string;
  lastDeploymentSucceededAt: Millis;
}

/**
 * Who provisions a deployable, which decides how its deployments end and what they provision:
 * CLOUDFORMATION (a Proton service role or an environment account connection), CODEBUILD (a CodeBuild
 * role), SELF_MANAGED (a provisioning repository: ends by notification), CUSTOMER_MANAGED (a template
 * whose infrastructure the customer provisions).
 */
export type Provisioning = "CLOUDFORMATION" | "CODEBUILD" | "SELF_MANAGED" | "CUSTOMER_MANAGED";

export type DeploymentTargetType = "ENVIRONMENT" | "SERVICE_INSTANCE" | "SERVICE_PIPELINE" | "COMPONENT";

/** A template version and spec: the members the model's Environment/ServiceInstance/ServicePipelineState share. */
export interface VersionState {
  templateName: string;
  templateMajorVersion: string;
  templateMinorVersion: string;
  spec?: string;
  /** Service instances: the environment's and the pipeline's last successful deployments at the time. */
  lastSuccessfulEnvironmentDeploymentId?: string;
  lastSuccessfulServicePipelineDeploymentId?: string;
}

/** The model's ComponentState: a component's attachment, service spec and IaC file. */
export interface ComponentState {
  serviceName?: string;
  serviceInstanceName?: string;
  serviceSpec?: string;
  templateFile?: string;
}

/** The model's DeploymentState union: one member, named after the target's type. */
export type DeploymentState = Partial<
  Record<"environment" | "serviceInstance" | "servicePipeline", VersionState>
> & { component?: ComponentState };

export interface OutputRecord {
  key: string;
  valueString: string;
}

export interface ProvisionedResourceRecord {
  name: string;
  identifier: string;
  provisioningEngine: "CLOUDFORMATION" | "TERRAFORM";
}

export interface DeploymentRecord {
  id: string;
  arn: string;
  targetArn: string;
  targetResourceType: DeploymentTargetType;
  targetResourceCreatedAt: Millis;
  environmentName: string;
  serviceName?: string;
  serviceInstanceName?: string;
  componentName?: string;
  deploymentStatus: DeploymentStatus;
  deploymentStatusMessage?: string;
  createdAt: Millis;
  lastModifiedAt: Millis;
  completedAt?: Millis;
  /** What the target ran when the deployment started (absent for its first). */
  initialState?: DeploymentState;
  targetState: DeploymentState;
  /** The target's last attempted and last successful deployments when this one started. */
  lastAttemptedDeploymentId?: string;
  lastSucceededDeploymentId?: string;
  /** Internal: what the deployment produced (List*Outputs, List*ProvisionedResources answer from it). */
  outputs: OutputRecord[];
  provisionedResources: ProvisionedResourceRecord[];
}

const deployments = defineSlice<Record<string, DeploymentRecord>>("deployments", () => ({}));

/** The partition's deployments, by id. */
export const deploymentsOf = (partition: Partition) => deployments.of(partition);

export function findDeployment(ctx: OperationContext, id: string): DeploymentRecord {
  const deployment = deploymentsOf(ctx.partition)[id];
  if (!deployment) throw notFound(`The deployment ${id} was not found.`);
  return deployment;
}
