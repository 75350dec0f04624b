/**
 * Git sync: linked repositories, template and service sync configurations, sync attempts and blockers
 * (per account and region), and the simulated Git host the control route pushes to (one for the whole
 * emulator, kept in a partition of its own). Records, slices and finders only.
 */
import { notFound } from "../errors";
import type { OperationContext } from "../operations";
import { defineSlice, type Millis, type Partition } from "../store";

export type RepositoryProvider = "GITHUB" | "GITHUB_ENTERPRISE" | "BITBUCKET";
export type TemplateType = "ENVIRONMENT" | "SERVICE";
export type SyncType = "TEMPLATE_SYNC" | "SERVICE_SYNC";

/** `GITHUB:org/repo`: how records and the Git host key a repository. */
export const repositoryKey = (provider: string, name: string) => `${provider}:${name}`;

export interface RepositoryRecord {
  provider: RepositoryProvider;
  name: string;
  arn: string;
  connectionArn: string;
  encryptionKey?: string;
}

/** The model's Revision: a commit of a branch, and the directory (or file's directory) that was synced. */
export interface Revision {
  repositoryProvider: RepositoryProvider;
  repositoryName: string;
  branch: string;
  directory: string;
  sha: string;
}

export interface SyncEvent {
  type: string;
  event: string;
  time: Millis;
  externalId?: string;
}

export type ResourceSyncStatus = "INITIATED" | "IN_PROGRESS" | "SUCCEEDED" | "FAILED";

/** One ResourceSyncAttempt (a template major version's, or a service instance's). */
export interface SyncAttempt {
  startedAt: Millis;
  status: ResourceSyncStatus;
  target: string;
  initialRevision: Revision;
  targetRevision: Revision;
  events: SyncEvent[];
  /** Digest of what it syncs (directory contents, or ops entry + spec): the same again -> no new attempt. */
  digest?: string;
  /** Template sync: the version registered (`major.minor`). */
  versionId?: string;
  /** Service sync: the deployment started, and the spec to deploy once the instance is free. */
  deploymentId?: string;
  spec?: string;
}

/** Sync history of one target: what the latest push asked for, the latest attempt, the latest success. */
export interface SyncHistory {
  desiredState?: Revision;
  latestSync?: SyncAttempt;
  latestSuccessfulSync?: SyncAttempt;
  /** Service sync: the deployment (or `deleted`) a manual-change blocker was already raised for. */
  blockedChange?: string;
}

export interface TemplateSyncConfigRecord {
  templateName: string;
  templateType: TemplateType;
  repositoryProvider: RepositoryProvider;
  repositoryName: string;
  branch: string;
  subdirectory?: string;
  /** By major version. */
  majors: Record<string, SyncHistory>;
}

export interface ServiceSyncConfigRecord {
  serviceName: string;
  repositoryProvider: RepositoryProvider;
  repositoryName: string;
  branch: string;
  filePath: string;
  /** By instance name. */
  instances: Record<string, SyncHistory>;
}

export interface SyncBlockerRecord {
  id: string;
  type: "AUTOMATED";
  status: "ACTIVE" | "RESOLVED";
  serviceName: string;
  serviceInstanceName?: string;
  createdAt: Millis;
  createdReason: string;
  contexts: { key: string; value: string }[];
  resolvedAt?: Millis;
  resolvedReason?: string;
}

/** One repository-level sync (a push reaching the sync configs of one type on one branch). */
export interface RepositorySyncRecord {
  startedAt: Millis;
  status: "INITIATED" | "IN_PROGRESS" | "SUCCEEDED" | "FAILED" | "QUEUED";
  events: SyncEvent[];
}

interface GitSyncSlice {
  repositories: Record<string, RepositoryRecord>;
  /** `ENVIRONMENT:name` / `SERVICE:name`. */
  templateSyncs: Record<string, TemplateSyncConfigRecord>;
  serviceSyncs: Record<string, ServiceSyncConfigRecord>;
  blockers: Record<string, SyncBlockerRecord>;
  /** `repositoryKey|branch|syncType` -> the latest repository sync. */
  repositorySyncs: Record<string, RepositorySyncRecord>;
  /** The queued service sync reconciliation, if one is queued (one at a time). */
  reconcileSeq?: number;
}

const gitSync = defineSlice<GitSyncSlice>("gitSync", () => ({
  repositories: {},
  templateSyncs: {},
  serviceSyncs: {},
  blockers: {},
  repositorySyncs: {},
}));

export const gitSyncOf = (partition: Partition): GitSyncSlice => gitSync.of(partition);

export function findRepository(ctx: OperationContext, provider: string, name: string): RepositoryRecord {
  const record = gitSyncOf(ctx.partition).repositories[repositoryKey(provider, name)];
  if (!record) throw notFound(`The repository ${name} (${provider}) is not linked.`);
  return record;
}

export const templateSyncKey = (type: string, name: string) => `${type}:${name}`;
export const repositorySyncKey = (provider: string, name: string, branch: string, type: SyncType) =>
  `${repositoryKey(provider, name)}|${branch}|${type}`;

// --- The simulated Git host --------------------------------------------------------------------------

/** Path -> file content: a commit's whole tree. */
export type Tree = Record<string, string>;

export interface CommitRecord {
  sha: string;
  parent?: string;
  branch: string;
  message?: string;
  time: Millis;
  tree: Tree;
}

export interface HostedRepository {
  /** Branch -> head commit. */
  branches: Record<string, string>;
  commits: Record<string, CommitRecord>;
}

/** The Git host is outside Proton: one for the emulator, in a partition no account signs as. */
export const GIT_HOST_PARTITION = { accountId: "git-host", region: "global" } as const;

const gitHost = defineSlice<Record<string, HostedRepository>>("gitHost", () => ({}));

export const hostedRepositoriesOf = (partition: Partition) => gitHost.of(partition);

/** The head tree of a branch (empty when the branch has no commit). */
export function headOf(host: HostedRepository | undefined, branch: string): CommitRecord | undefined {
  const sha = host?.branches[branch];
  return sha === undefined ? undefined : host?.commits[sha];
}
