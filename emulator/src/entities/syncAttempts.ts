/**
 * What template sync and service sync share: the push they react to, revisions, sync attempts (started,
 * then settled with an event), their views, and content digests ("unchanged contents: no sync").
 */
import { createHash } from "node:crypto";
import { validation } from "../errors";
import type { OperationContext } from "../operations";
import {
  gitSyncOf,
  repositoryKey,
  type CommitRecord,
  type HostedRepository,
  type RepositoryProvider,
  type ResourceSyncStatus,
  type Revision,
  type SyncAttempt,
  type SyncEvent,
  type SyncHistory,
} from "./gitSync.records";
import { defined } from "./views";

/** A commit pushed to a linked repository's branch, as the sync of one partition sees it. */
export interface Push {
  provider: RepositoryProvider;
  repository: string;
  branch: string;
  commit: CommitRecord;
  host: HostedRepository;
}

/**
 * Create/Update*SyncConfig model no not-found error: a repository they name that isn't linked makes
 * the request invalid.
 */
export function assertLinked(ctx: OperationContext, provider: string, name: string): void {
  if (!gitSyncOf(ctx.partition).repositories[repositoryKey(provider, name)])
    throw validation(`The repository ${name} (${provider}) is not linked; link it with CreateRepository.`);
}

export const sameRepository = (
  push: Pick<Push, "provider" | "repository">,
  r: { repositoryProvider: string; repositoryName: string },
) => r.repositoryProvider === push.provider && r.repositoryName === push.repository;

export const revisionOf = (
  repository: { repositoryProvider: RepositoryProvider; repositoryName: string },
  branch: string,
  sha: string,
  directory: string,
): Revision => ({
  repositoryProvider: repository.repositoryProvider,
  repositoryName: repository.repositoryName,
  branch,
  directory,
  sha,
});

export function digestOf(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex");
}

/** The files under `prefix`, keyed by their path below it. */
export function filesUnder(tree: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree)
      .filter(([path]) => path.startsWith(prefix))
      .map(([path, content]) => [path.slice(prefix.length), content])
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

/** Starts an attempt towards `targetRevision`; it begins where the last successful sync left off. */
export function startAttempt(
  ctx: OperationContext,
  history: SyncHistory,
  target: string,
  targetRevision: Revision,
  event: string,
): SyncAttempt {
  const attempt: SyncAttempt = {
    startedAt: ctx.now(),
    status: "INITIATED",
    target,
    initialRevision: history.latestSuccessfulSync?.targetRevision ?? targetRevision,
    targetRevision,
    events: [{ type: "SYNC_INITIATED", event, time: ctx.now(), externalId: targetRevision.sha }],
  };
  history.latestSync = attempt;
  return attempt;
}

export function addEvent(attempt: SyncAttempt, type: string, event: string, time: number): void {
  attempt.events.push({ type, event, time, externalId: attempt.targetRevision.sha });
}

/** Ends an attempt; a success becomes the history's latest successful sync. */
export function settleAttempt(
  history: SyncHistory,
  attempt: SyncAttempt,
  status: Extract<ResourceSyncStatus, "SUCCEEDED" | "FAILED">,
  event: string,
  time: number,
): void {
  attempt.status = status;
  addEvent(attempt, status === "SUCCEEDED" ? "SYNC_SUCCEEDED" : "SYNC_FAILED", event, time);
  if (status === "SUCCEEDED") history.latestSuccessfulSync = attempt;
}

export const isOpen = (attempt: SyncAttempt | undefined) =>
  attempt !== undefined && (attempt.status === "INITIATED" || attempt.status === "IN_PROGRESS");

const eventView = (e: SyncEvent) =>
  defined({ type: e.type, event: e.event, time: new Date(e.time), externalId: e.externalId });

const attemptView = (a: SyncAttempt) => ({
  startedAt: new Date(a.startedAt),
  status: a.status,
  target: a.target,
  initialRevision: { ...a.initialRevision },
  targetRevision: { ...a.targetRevision },
  events: a.events.map(eventView),
});

/** GetTemplateSyncStatus / GetServiceInstanceSyncStatus answer. */
export const historyView = (history: SyncHistory | undefined) =>
  defined({
    desiredState: history?.desiredState && { ...history.desiredState },
    latestSync: history?.latestSync && attemptView(history.latestSync),
    latestSuccessfulSync: history?.latestSuccessfulSync && attemptView(history.latestSuccessfulSync),
  });

export { eventView };
