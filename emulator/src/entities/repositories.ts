/**
 * Linked repositories (CreateRepository...) and what Proton reports per repository: its sync
 * definitions and the latest repository-level sync of a branch.
 */
import type {
  CreateRepositoryInput,
  CreateRepositoryOutput,
  DeleteRepositoryInput,
  DeleteRepositoryOutput,
  GetRepositoryInput,
  GetRepositoryOutput,
  GetRepositorySyncStatusInput,
  GetRepositorySyncStatusOutput,
  ListRepositoriesInput,
  ListRepositoriesOutput,
  ListRepositorySyncDefinitionsInput,
  ListRepositorySyncDefinitionsOutput,
  RepositorySyncDefinition,
} from "@aws-sdk/client-proton";
import { arnResource } from "../arn";
import { rememberDeletion, replayDeletion } from "../deletions";
import { conflict } from "../errors";
import type { OperationContext, OperationTable } from "../operations";
import { paginate, sortByKey } from "../pagination";
import { accountSettingsOf } from "./accountSettings.records";
import { environmentsOf } from "./environment.records";
import {
  findRepository,
  gitSyncOf,
  repositoryKey,
  repositorySyncKey,
  type RepositoryProvider,
  type RepositoryRecord,
  type SyncType,
} from "./gitSync.records";
import { eventView } from "./syncAttempts";
import { refreshSyncs } from "./syncProgress";
import { defined } from "./views";

const view = (r: RepositoryRecord) =>
  defined({
    arn: r.arn,
    provider: r.provider,
    name: r.name,
    connectionArn: r.connectionArn,
    encryptionKey: r.encryptionKey,
  });

/**
 * CreateRepository is idempotent (the model says so, and it takes no client token): linking an already
 * linked repository with the same connection and key answers it; with others it is a ConflictException.
 */
function create(ctx: OperationContext, input: CreateRepositoryInput): CreateRepositoryOutput {
  const provider = input.provider as RepositoryProvider;
  const name = input.name as string;
  const repositories = gitSyncOf(ctx.partition).repositories;
  const existing = repositories[repositoryKey(provider, name)];
  if (existing) {
    if (existing.connectionArn === input.connectionArn && existing.encryptionKey === input.encryptionKey)
      return { repository: view(existing) };
    throw conflict(
      `The repository ${name} (${provider}) is already linked with another connection or encryption key.`,
    );
  }
  const record: RepositoryRecord = defined({
    provider,
    name,
    arn: ctx.arn(arnResource.repository(provider, name)),
    connectionArn: input.connectionArn as string,
    encryptionKey: input.encryptionKey,
  });
  repositories[repositoryKey(provider, name)] = record;
  ctx.tags.register(record.arn, input.tags);
  return { repository: view(record) };
}

/** What still uses a linked repository: sync configurations, self-managed environments, account settings. */
function usersOf(ctx: OperationContext, record: RepositoryRecord): string[] {
  const slice = gitSyncOf(ctx.partition);
  const same = (r: { repositoryProvider: string; repositoryName: string }) =>
    r.repositoryProvider === record.provider && r.repositoryName === record.name;
  const linked = (branch?: { arn: string }) => branch?.arn === record.arn;
  return [
    ...Object.values(slice.templateSyncs)
      .filter(same)
      .map(
        (c) =>
          `the template sync configuration of ${c.templateType.toLowerCase()} template ${c.templateName}`,
      ),
    ...Object.values(slice.serviceSyncs)
      .filter(same)
      .map((c) => `the service sync configuration of service ${c.serviceName}`),
    ...Object.values(environmentsOf(ctx.partition))
      .filter((e) => linked(e.provisioningRepository))
      .map((e) => `environment ${e.name}`),
    ...(linked(accountSettingsOf(ctx.partition).pipelineProvisioningRepository)
      ? ["the account settings"]
      : []),
  ];
}

function remove(ctx: OperationContext, input: DeleteRepositoryInput): DeleteRepositoryOutput {
  const provider = input.provider as string;
  const name = input.name as string;
  const repositories = gitSyncOf(ctx.partition).repositories;
  const record = repositories[repositoryKey(provider, name)];
  if (!record)
    return replayDeletion(ctx, ctx.arn(arnResource.repository(provider, name)), () =>
      findRepository(ctx, provider, name),
    );
  const users = usersOf(ctx, record);
  if (users.length > 0)
    throw conflict(`The repository ${name} (${provider}) is in use by ${users.join(", ")}.`);
  delete repositories[repositoryKey(provider, name)];
  ctx.tags.drop(record.arn);
  const output = { repository: view(record) };
  rememberDeletion(ctx, record.arn, output);
  return output;
}

function list(ctx: OperationContext, input: ListRepositoriesInput): ListRepositoriesOutput {
  const key = (r: RepositoryRecord) => repositoryKey(r.provider, r.name);
  const page = paginate(sortByKey(Object.values(gitSyncOf(ctx.partition).repositories), key), input, key);
  return defined({
    repositories: page.items.map((r) => ({
      arn: r.arn,
      provider: r.provider,
      name: r.name,
      connectionArn: r.connectionArn,
    })),
    nextToken: page.nextToken,
  });
}

/**
 * The repository's sync configurations of one type: template syncs (parent and target: the template),
 * service syncs (parent and target: the service; directory: the proton-ops file). One page (the model's
 * EmptyNextToken); a repository that isn't linked has none (the operation models no not-found error).
 */
function listSyncDefinitions(
  ctx: OperationContext,
  input: ListRepositorySyncDefinitionsInput,
): ListRepositorySyncDefinitionsOutput {
  const slice = gitSyncOf(ctx.partition);
  const same = (r: { repositoryProvider: string; repositoryName: string }) =>
    r.repositoryProvider === input.repositoryProvider && r.repositoryName === input.repositoryName;
  const definitions: RepositorySyncDefinition[] =
    (input.syncType as SyncType) === "TEMPLATE_SYNC"
      ? Object.values(slice.templateSyncs)
          .filter(same)
          .map((c) => ({
            branch: c.branch,
            directory: c.subdirectory ?? "/",
            parent: c.templateName,
            target: c.templateName,
          }))
      : Object.values(slice.serviceSyncs)
          .filter(same)
          .map((c) => ({
            branch: c.branch,
            directory: c.filePath,
            parent: c.serviceName,
            target: c.serviceName,
          }));
  return { syncDefinitions: sortByKey(definitions, (d) => `${d.parent}|${d.branch}`) };
}

function syncStatus(
  ctx: OperationContext,
  input: GetRepositorySyncStatusInput,
): GetRepositorySyncStatusOutput {
  const provider = input.repositoryProvider as string;
  const name = input.repositoryName as string;
  findRepository(ctx, provider, name);
  refreshSyncs(ctx);
  const key = repositorySyncKey(provider, name, input.branch as string, input.syncType as SyncType);
  const sync = gitSyncOf(ctx.partition).repositorySyncs[key];
  if (!sync) return {};
  return {
    latestSync: {
      startedAt: new Date(sync.startedAt),
      status: sync.status,
      events: sync.events.map(eventView),
    },
  };
}

export const repositoryOperations: OperationTable = {
  CreateRepository: create,
  GetRepository: (ctx: OperationContext, input: GetRepositoryInput): GetRepositoryOutput => ({
    repository: view(findRepository(ctx, input.provider as string, input.name as string)),
  }),
  DeleteRepository: remove,
  ListRepositories: list,
  ListRepositorySyncDefinitions: listSyncDefinitions,
  GetRepositorySyncStatus: syncStatus,
};
