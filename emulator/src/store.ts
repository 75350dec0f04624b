/**
 * Emulator state: one partition per (account, region), a queue of pending asynchronous work, and the
 * test-control knobs. Timestamps are epoch milliseconds so the state round-trips through JSON unchanged.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export type Millis = number;
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type TemplateKind = "environment" | "service";
export type TemplateVersionStatus =
  | "REGISTRATION_IN_PROGRESS"
  | "REGISTRATION_FAILED"
  | "DRAFT"
  | "PUBLISHED";
export type DeploymentStatus =
  | "IN_PROGRESS"
  | "FAILED"
  | "SUCCEEDED"
  | "DELETE_IN_PROGRESS"
  | "DELETE_FAILED"
  | "DELETE_COMPLETE"
  | "CANCELLING"
  | "CANCELLED";
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
export type EnvironmentAccountConnectionStatus = "PENDING" | "CONNECTED" | "REJECTED";

export interface RepositoryBranch {
  arn: string;
  provider: "GITHUB" | "GITHUB_ENTERPRISE" | "BITBUCKET";
  name: string;
  branch: string;
}

export interface CompatibleEnvironmentTemplate {
  templateName: string;
  majorVersion: string;
}

export interface TemplateVersionRecord {
  templateName: string;
  majorVersion: string;
  minorVersion: string;
  arn: string;
  status: TemplateVersionStatus;
  statusMessage?: string;
  description?: string;
  schema?: string;
  source: { bucket: string; key: string };
  createdAt: Millis;
  lastModifiedAt: Millis;
  /** Service templates only. */
  compatibleEnvironmentTemplates?: CompatibleEnvironmentTemplate[];
  supportedComponentSources?: string[];
}

export interface TemplateRecord {
  kind: TemplateKind;
  name: string;
  arn: string;
  description?: string;
  displayName?: string;
  encryptionKey?: string;
  /** Environment templates: `provisioning`; service templates: `pipelineProvisioning`. */
  provisioning?: "CUSTOMER_MANAGED";
  pipelineProvisioning?: "CUSTOMER_MANAGED";
  createdAt: Millis;
  lastModifiedAt: Millis;
  /** Keyed by `${major}.${minor}`. */
  versions: Record<string, TemplateVersionRecord>;
}

/** Fields every deployable (environment, service instance, service pipeline) shares. */
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

export type ServicePipelineRecord = DeploymentFields & { arn: string };

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
}

export interface ServiceInstanceRecord extends DeploymentFields {
  name: string;
  arn: string;
  serviceName: string;
  environmentName: string;
  lastClientRequestToken?: string;
}

export interface AccountSettingsRecord {
  pipelineServiceRoleArn?: string;
  pipelineCodebuildRoleArn?: string;
  pipelineProvisioningRepository?: RepositoryBranch;
}

export interface IdempotencyRecord {
  fingerprint: string;
  result: JsonValue;
  expiresAt: Millis;
}

export interface Partition {
  accountId: string;
  region: string;
  templates: Record<TemplateKind, Record<string, TemplateRecord>>;
  environments: Record<string, EnvironmentRecord>;
  /** Held in the environment account's partition; the management account reads it via partitionFor. */
  environmentAccountConnections: Record<string, EnvironmentAccountConnectionRecord>;
  services: Record<string, ServiceRecord>;
  /** Keyed by instanceKey(serviceName, instanceName). */
  serviceInstances: Record<string, ServiceInstanceRecord>;
  accountSettings: AccountSettingsRecord;
  /** Every taggable resource the partition holds, by ARN (an empty object when it has no tags). */
  tags: Record<string, Record<string, string>>;
  /** Keyed by `${operation}:${clientToken}`. */
  idempotency: Record<string, IdempotencyRecord>;
}

export type WorkOutcome = "SUCCEEDED" | "FAILED";

/** One asynchronous transition (registration, deployment, deletion) that settles at `settlesAt`. */
export interface PendingWork {
  seq: number;
  accountId: string;
  region: string;
  /** Settler that applies it, e.g. "templateVersion.register" or "environment.deploy". */
  kind: string;
  /** Key of the record the work applies to (entity-defined). */
  target: string;
  settlesAt: Millis;
  outcome: WorkOutcome;
  message?: string;
  data?: JsonValue;
}

export interface EmulatorState {
  version: 1;
  partitions: Record<string, Partition>;
  pending: PendingWork[];
  nextSeq: number;
  /** Resource name or ARN -> failure message for its next deployment/registration. */
  failNext: Record<string, string>;
  deploymentMs: number;
}

export const instanceKey = (serviceName: string, instanceName: string) => `${serviceName}/${instanceName}`;

export function emptyPartition(accountId: string, region: string): Partition {
  return {
    accountId,
    region,
    templates: { environment: {}, service: {} },
    environments: {},
    environmentAccountConnections: {},
    services: {},
    serviceInstances: {},
    accountSettings: {},
    tags: {},
    idempotency: {},
  };
}

export function emptyState(deploymentMs: number): EmulatorState {
  return { version: 1, partitions: {}, pending: [], nextSeq: 1, failNext: {}, deploymentMs };
}

export class StateFileError extends Error {
  constructor(file: string, reason: string) {
    super(`Emulator state file ${file} is unusable: ${reason}. Fix or remove it; it was left untouched.`);
    this.name = "StateFileError";
  }
}

function loadState(file: string): EmulatorState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new StateFileError(file, (err as Error).message);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new StateFileError(file, `not valid JSON (${(err as Error).message})`);
  }
  const state = parsed as Partial<EmulatorState> | null;
  const valid =
    typeof state === "object" &&
    state !== null &&
    state.version === 1 &&
    typeof state.partitions === "object" &&
    state.partitions !== null &&
    Array.isArray(state.pending) &&
    typeof state.nextSeq === "number" &&
    typeof state.failNext === "object" &&
    typeof state.deploymentMs === "number";
  if (!valid) throw new StateFileError(file, "not an emulator state (version 1)");
  return state as EmulatorState;
}

/** Applies one due PendingWork to its partition. */
export type Settle = (work: PendingWork) => void;

export class Store {
  private dirty = false;

  private constructor(
    public state: EmulatorState,
    private readonly file: string | undefined,
  ) {}

  /** Loads `file` when it exists (a corrupt file throws StateFileError), else starts empty. */
  static open(options: { file?: string; deploymentMs: number }): Store {
    const loaded = options.file ? loadState(options.file) : undefined;
    return new Store(loaded ?? emptyState(options.deploymentMs), options.file);
  }

  partition(accountId: string, region: string): Partition {
    const key = `${accountId}:${region}`;
    let partition = this.state.partitions[key];
    if (!partition) {
      partition = emptyPartition(accountId, region);
      this.state.partitions[key] = partition;
    }
    return partition;
  }

  /** Every partition, in creation order (tag lookups and settlers never need more). */
  partitions(): Partition[] {
    return Object.values(this.state.partitions);
  }

  enqueue(work: Omit<PendingWork, "seq">): PendingWork {
    const queued: PendingWork = { ...work, seq: this.state.nextSeq++ };
    this.state.pending.push(queued);
    this.markDirty();
    return queued;
  }

  /** Removes queued work (e.g. a cancelled deployment); true when it was still pending. */
  dequeue(seq: number): boolean {
    const before = this.state.pending.length;
    this.state.pending = this.state.pending.filter((w) => w.seq !== seq);
    const removed = this.state.pending.length !== before;
    if (removed) this.markDirty();
    return removed;
  }

  /** Consumes a fail-next instruction registered for any of `subjects` (names or ARNs). */
  takeFailure(subjects: readonly string[]): string | undefined {
    for (const subject of subjects) {
      const message = this.state.failNext[subject];
      if (message !== undefined) {
        delete this.state.failNext[subject];
        this.markDirty();
        return message;
      }
    }
    return undefined;
  }

  /**
   * Settles all work due at `now`, in (settlesAt, seq) order so replays are deterministic; work that a
   * settler enqueues and that is already due settles in the same pass. Returns how many settled.
   */
  advance(now: Millis, settle: Settle): number {
    let settled = 0;
    for (;;) {
      const due = this.state.pending
        .filter((w) => w.settlesAt <= now)
        .sort((a, b) => a.settlesAt - b.settlesAt || a.seq - b.seq)[0];
      if (!due) return settled;
      this.state.pending = this.state.pending.filter((w) => w.seq !== due.seq);
      settle(due);
      settled++;
      this.markDirty();
    }
  }

  /** Earliest settlesAt of queued work, for the server's wake-up timer. */
  nextDue(): Millis | undefined {
    let next: Millis | undefined;
    for (const w of this.state.pending) if (next === undefined || w.settlesAt < next) next = w.settlesAt;
    return next;
  }

  reset(): void {
    this.state = emptyState(this.state.deploymentMs);
    this.markDirty();
  }

  markDirty(): void {
    this.dirty = true;
  }

  /** Writes the state when it changed: temp file + rename, so a crash never leaves a torn file. */
  flush(): void {
    if (!this.file || !this.dirty) return;
    const tmp = path.join(path.dirname(this.file), `.${path.basename(this.file)}.${process.pid}.tmp`);
    fs.writeFileSync(tmp, JSON.stringify(this.state));
    fs.renameSync(tmp, this.file);
    this.dirty = false;
  }
}
