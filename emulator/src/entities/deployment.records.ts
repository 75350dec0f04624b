/** What every deployable (environment, service instance, service pipeline) records about its deployments. */
import type { Millis } from "../store";

export type DeploymentStatus =
  | "IN_PROGRESS"
  | "FAILED"
  | "SUCCEEDED"
  | "DELETE_IN_PROGRESS"
  | "DELETE_FAILED"
  | "DELETE_COMPLETE"
  | "CANCELLING"
  | "CANCELLED";

/** Fields every deployable shares. */
export interface DeploymentFields {
  templateName: string;
  templateMajorVersion: string;
  templateMinorVersion: string;
  deploymentStatus: DeploymentStatus;
  deploymentStatusMessage?: string;
  spec?: string;
  createdAt: Millis;
  lastDeploymentAttemptedAt: Millis;
  lastDeploymentSucceededAt: Millis;
  lastAttemptedDeploymentId?: string;
  lastSucceededDeploymentId?: string;
  /** Internal: the queued work (PendingWork.seq) this record is waiting on, if any. */
  pendingSeq?: number;
  /** Internal: what was last deployed successfully, to roll back to when a deployment fails. */
  lastSucceeded?: { templateMajorVersion: string; templateMinorVersion: string; spec?: string };
}
