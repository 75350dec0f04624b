/**
 * The simulated Git host (test control `POST /_emulator/git-push`): a push adds a commit to a branch of
 * a repository (files given are written, `null` deletes one, the rest of the parent's tree is kept) and
 * answers its id. Every account and region that linked the repository then syncs it: template sync
 * configurations watching that branch register versions, service sync configurations deploy instances.
 */
import { createHash } from "node:crypto";
import { createContext, type Clock } from "../operations";
import type { Store } from "../store";
import {
  GIT_HOST_PARTITION,
  gitSyncOf,
  headOf,
  hostedRepositoriesOf,
  repositoryKey,
  repositorySyncKey,
  type CommitRecord,
  type RepositoryProvider,
  type SyncEvent,
  type SyncType,
  type Tree,
} from "./gitSync.records";
import { syncServices } from "./serviceSync";
import type { Push } from "./syncAttempts";
import { refreshSyncs } from "./syncProgress";
import { syncTemplates } from "./templateSync";

export interface PushRequest {
  provider: RepositoryProvider;
  repository: string;
  branch: string;
  /** Path -> new content; `null` deletes the file. */
  files: Record<string, string | null>;
  message?: string;
}

export interface PushReply {
  commitId: string;
  parentCommitId?: string;
  provider: RepositoryProvider;
  repository: string;
  branch: string;
  /** What the push started, per account: `account/region` -> versions registered and instances deployed. */
  syncs: Record<string, { templateVersions: string[]; serviceInstances: string[] }>;
}

const normalized = (path: string) => path.replace(/^(\.?\/)+/, "");

export function gitPush(store: Store, clock: Clock, request: PushRequest): PushReply {
  const host = hostedRepositoriesOf(store.partition(GIT_HOST_PARTITION.accountId, GIT_HOST_PARTITION.region));
  const key = repositoryKey(request.provider, request.repository);
  const hosted = (host[key] ??= { branches: {}, commits: {} });
  const parent = headOf(hosted, request.branch);
  const tree: Tree = { ...(parent?.tree ?? {}) };
  for (const [path, content] of Object.entries(request.files)) {
    if (content === null) delete tree[normalized(path)];
    else tree[normalized(path)] = content;
  }
  const time = clock.now();
  // Deterministic ids: the same pushes in the same order give the same commits.
  const sha = createHash("sha1")
    .update(
      JSON.stringify([
        parent?.sha ?? null,
        request.branch,
        request.message ?? "",
        Object.keys(hosted.commits).length,
        tree,
      ]),
    )
    .digest("hex");
  const commit: CommitRecord = {
    sha,
    ...(parent ? { parent: parent.sha } : {}),
    branch: request.branch,
    ...(request.message === undefined ? {} : { message: request.message }),
    time,
    tree,
  };
  hosted.commits[sha] = commit;
  hosted.branches[request.branch] = sha;
  store.markDirty();

  const push: Push = {
    provider: request.provider,
    repository: request.repository,
    branch: request.branch,
    commit,
    host: hosted,
  };
  const syncs: PushReply["syncs"] = {};
  for (const partition of store.partitions()) {
    if (partition.accountId === GIT_HOST_PARTITION.accountId) continue;
    if (!gitSyncOf(partition).repositories[key]) continue;
    const ctx = createContext(store, clock, "GitPush", partition.accountId, partition.region);
    refreshSyncs(ctx);
    const templateVersions = syncTemplates(ctx, push);
    const serviceInstances = syncServices(ctx, push);
    recordRepositorySync(ctx.partition, push, "TEMPLATE_SYNC", templateVersions, time);
    recordRepositorySync(ctx.partition, push, "SERVICE_SYNC", serviceInstances, time);
    syncs[`${partition.accountId}/${partition.region}`] = { templateVersions, serviceInstances };
  }
  return {
    commitId: sha,
    ...(parent ? { parentCommitId: parent.sha } : {}),
    provider: request.provider,
    repository: request.repository,
    branch: request.branch,
    syncs,
  };
}

/** The repository-level sync of the branch: the commit seen and what it started for that sync type. */
function recordRepositorySync(
  partition: Parameters<typeof gitSyncOf>[0],
  push: Push,
  type: SyncType,
  started: string[],
  time: number,
): void {
  const slice = gitSyncOf(partition);
  const watched =
    type === "TEMPLATE_SYNC"
      ? Object.values(slice.templateSyncs).some(
          (c) =>
            c.repositoryName === push.repository &&
            c.repositoryProvider === push.provider &&
            c.branch === push.branch,
        )
      : Object.values(slice.serviceSyncs).some(
          (c) => c.repositoryName === push.repository && c.repositoryProvider === push.provider,
        );
  if (!watched) return;
  const events: SyncEvent[] = [
    {
      type: "COMMIT_RECEIVED",
      event: `Received commit ${push.commit.sha} on branch ${push.branch}.`,
      time,
      externalId: push.commit.sha,
    },
    ...started.map((target) => ({
      type: "SYNC_STARTED",
      event: `Started syncing ${target}.`,
      time,
      externalId: push.commit.sha,
    })),
  ];
  if (started.length === 0)
    events.push({
      type: "NO_CHANGE",
      event: "Nothing to sync in this commit.",
      time,
      externalId: push.commit.sha,
    });
  slice.repositorySyncs[repositorySyncKey(push.provider, push.repository, push.branch, type)] = {
    startedAt: time,
    status: "SUCCEEDED",
    events,
  };
}
