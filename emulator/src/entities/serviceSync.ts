/**
 * Service sync: a service's proton-ops file (`sync: services: <service>: <instance>: { branch, spec }`)
 * in a linked repository says which spec file deploys each instance. A push that changes an instance's
 * ops entry or spec file deploys it (CURRENT_VERSION with that spec; an instance the service lacks is
 * added with the template's recommended version). A failed sync deployment, and a change made to a
 * synced instance outside sync, raise a sync blocker; while one is active the instance (or, for a
 * service-wide blocker from an unreadable ops file, the whole service) is not synced, and
 * UpdateServiceSyncBlocker resolves it and syncs the latest commit again.
 */
import type {
  CreateServiceSyncConfigInput,
  CreateServiceSyncConfigOutput,
  DeleteServiceSyncConfigInput,
  DeleteServiceSyncConfigOutput,
  GetServiceInstanceSyncStatusInput,
  GetServiceInstanceSyncStatusOutput,
  GetServiceSyncBlockerSummaryInput,
  GetServiceSyncBlockerSummaryOutput,
  GetServiceSyncConfigInput,
  GetServiceSyncConfigOutput,
  UpdateServiceSyncBlockerInput,
  UpdateServiceSyncBlockerOutput,
  UpdateServiceSyncConfigInput,
  UpdateServiceSyncConfigOutput,
} from "@aws-sdk/client-proton";
import { parseDocument } from "yaml";
import { rememberDeletion, replayDeletion } from "../deletions";
import { conflict, notFound, ProtonError, validation } from "../errors";
import { markModified } from "../idempotency";
import type { OperationContext, OperationTable, Settler } from "../operations";
import { sortByKey } from "../pagination";
import { catalogOf, createTarget, currentTarget, isBusy, startDeployment, templateOf } from "./deployment";
import { deploymentsOf } from "./deployment.records";
import {
  GIT_HOST_PARTITION,
  gitSyncOf,
  headOf,
  hostedRepositoriesOf,
  repositoryKey,
  type HostedRepository,
  type RepositoryProvider,
  type ServiceSyncConfigRecord,
  type SyncAttempt,
  type SyncBlockerRecord,
  type SyncHistory,
} from "./gitSync.records";
import { findService, servicesOf } from "./service.records";
import { checkPlacement, createInstance, instanceKind } from "./serviceInstance";
import { allInstancesOf, instanceKey } from "./serviceInstance.records";
import { parseServiceSpec } from "./serviceSpec";
import {
  addEvent,
  assertLinked,
  digestOf,
  historyView,
  isOpen,
  revisionOf,
  sameRepository,
  settleAttempt,
  startAttempt,
  type Push,
} from "./syncAttempts";
import { defined } from "./views";

const RECONCILE = "serviceSync.reconcile";

const view = (c: ServiceSyncConfigRecord) => ({
  serviceName: c.serviceName,
  repositoryProvider: c.repositoryProvider,
  repositoryName: c.repositoryName,
  branch: c.branch,
  filePath: c.filePath,
});

type ConfigInput = CreateServiceSyncConfigInput & UpdateServiceSyncConfigInput;

function configOf(ctx: OperationContext, input: ConfigInput) {
  const provider = input.repositoryProvider as RepositoryProvider;
  const repositoryName = input.repositoryName as string;
  const serviceName = input.serviceName as string;
  // The operations model no not-found error: what the request names must exist, or it is invalid.
  assertLinked(ctx, provider, repositoryName);
  if (!servicesOf(ctx.partition)[serviceName]) throw validation(`The service ${serviceName} does not exist.`);
  return {
    serviceName,
    repositoryProvider: provider,
    repositoryName,
    branch: input.branch as string,
    filePath: input.filePath as string,
  };
}

/** The service's sync configuration; one whose service is gone went with it. */
function configFor(ctx: OperationContext, serviceName: string): ServiceSyncConfigRecord | undefined {
  const slice = gitSyncOf(ctx.partition);
  const config = slice.serviceSyncs[serviceName];
  if (config && !servicesOf(ctx.partition)[serviceName]) {
    forget(ctx, serviceName);
    return undefined;
  }
  return config;
}

function findConfig(ctx: OperationContext, serviceName: string): ServiceSyncConfigRecord {
  const config = configFor(ctx, serviceName);
  if (!config) throw notFound(`The service ${serviceName} has no service sync configuration.`);
  return config;
}

function forget(ctx: OperationContext, serviceName: string): void {
  const slice = gitSyncOf(ctx.partition);
  delete slice.serviceSyncs[serviceName];
  for (const [id, blocker] of Object.entries(slice.blockers))
    if (blocker.serviceName === serviceName) delete slice.blockers[id];
}

function create(ctx: OperationContext, input: CreateServiceSyncConfigInput): CreateServiceSyncConfigOutput {
  const wanted = configOf(ctx, input);
  const existing = configFor(ctx, wanted.serviceName);
  if (existing) {
    if (digestOf(view(existing)) === digestOf(wanted)) return { serviceSyncConfig: view(existing) };
    throw conflict(`The service ${wanted.serviceName} already has a service sync configuration.`);
  }
  gitSyncOf(ctx.partition).serviceSyncs[wanted.serviceName] = { ...wanted, instances: {} };
  return { serviceSyncConfig: view(wanted as ServiceSyncConfigRecord) };
}

/** One sync of a service at a time: a config can't change while a sync deployment runs. */
function assertQuiet(ctx: OperationContext, config: ServiceSyncConfigRecord): void {
  refreshServiceSyncs(ctx);
  if (Object.values(config.instances).some((h) => isOpen(h.latestSync)))
    throw conflict(`A service sync of service ${config.serviceName} is in progress.`);
}

function update(ctx: OperationContext, input: UpdateServiceSyncConfigInput): UpdateServiceSyncConfigOutput {
  const config = findConfig(ctx, input.serviceName as string);
  const wanted = configOf(ctx, input);
  assertQuiet(ctx, config);
  Object.assign(config, wanted);
  return { serviceSyncConfig: view(config) };
}

const deletionKey = (serviceName: string) => `service-sync-config/${serviceName}`;

function remove(ctx: OperationContext, input: DeleteServiceSyncConfigInput): DeleteServiceSyncConfigOutput {
  const serviceName = input.serviceName as string;
  const config = configFor(ctx, serviceName);
  if (!config) return replayDeletion(ctx, deletionKey(serviceName), () => findConfig(ctx, serviceName));
  assertQuiet(ctx, config);
  forget(ctx, serviceName);
  const output = { serviceSyncConfig: view(config) };
  rememberDeletion(ctx, deletionKey(serviceName), output);
  return output;
}

/** The instance's sync history: it must exist in the service, or have been synced. */
function historyFor(
  ctx: OperationContext,
  serviceName: string,
  instanceName: string,
): SyncHistory | undefined {
  findService(ctx, serviceName);
  const history = configFor(ctx, serviceName)?.instances[instanceName];
  if (!history && !allInstancesOf(ctx.partition)[instanceKey(serviceName, instanceName)])
    throw notFound(`The service instance ${instanceName} of service ${serviceName} was not found.`);
  return history;
}

function instanceStatus(
  ctx: OperationContext,
  input: GetServiceInstanceSyncStatusInput,
): GetServiceInstanceSyncStatusOutput {
  const serviceName = input.serviceName as string;
  findConfig(ctx, serviceName);
  refreshServiceSyncs(ctx);
  return historyView(historyFor(ctx, serviceName, input.serviceInstanceName as string));
}

const blockerView = (b: SyncBlockerRecord) =>
  defined({
    id: b.id,
    type: b.type,
    status: b.status,
    createdAt: new Date(b.createdAt),
    createdReason: b.createdReason,
    contexts: b.contexts.map((c) => ({ ...c })),
    resolvedAt: b.resolvedAt === undefined ? undefined : new Date(b.resolvedAt),
    resolvedReason: b.resolvedReason,
  });

const activeBlockers = (ctx: OperationContext, serviceName: string, instanceName?: string) =>
  Object.values(gitSyncOf(ctx.partition).blockers).filter(
    (b) => b.status === "ACTIVE" && b.serviceName === serviceName && b.serviceInstanceName === instanceName,
  );

/** Service name only: the service-wide blockers; with an instance name: that instance's. */
function blockerSummary(
  ctx: OperationContext,
  input: GetServiceSyncBlockerSummaryInput,
): GetServiceSyncBlockerSummaryOutput {
  const serviceName = input.serviceName as string;
  const instanceName = input.serviceInstanceName;
  if (instanceName === undefined) findService(ctx, serviceName);
  else historyFor(ctx, serviceName, instanceName);
  refreshServiceSyncs(ctx);
  const blockers = sortByKey(activeBlockers(ctx, serviceName, instanceName), (b) => `${b.createdAt}|${b.id}`);
  return {
    serviceSyncBlockerSummary: defined({
      serviceName,
      serviceInstanceName: instanceName,
      latestBlockers: blockers.map(blockerView),
    }),
  };
}

function resolveBlocker(
  ctx: OperationContext,
  input: UpdateServiceSyncBlockerInput,
): UpdateServiceSyncBlockerOutput {
  const blocker = gitSyncOf(ctx.partition).blockers[input.id as string];
  if (!blocker) throw notFound(`The service sync blocker ${input.id} was not found.`);
  if (blocker.status === "RESOLVED")
    throw conflict(`The service sync blocker ${blocker.id} is already resolved.`);
  blocker.status = "RESOLVED";
  blocker.resolvedAt = ctx.now();
  blocker.resolvedReason = input.resolvedReason as string;
  // Unblocked: sync the latest commit again (what the blocker held back, or retry what failed).
  const config = configFor(ctx, blocker.serviceName);
  if (config) evaluate(ctx, config, blocker.serviceInstanceName ?? "all");
  return defined({
    serviceName: blocker.serviceName,
    serviceInstanceName: blocker.serviceInstanceName,
    serviceSyncBlocker: blockerView(blocker),
  });
}

export const serviceSyncOperations: OperationTable = {
  CreateServiceSyncConfig: create,
  GetServiceSyncConfig: (
    ctx: OperationContext,
    input: GetServiceSyncConfigInput,
  ): GetServiceSyncConfigOutput => ({
    serviceSyncConfig: view(findConfig(ctx, input.serviceName as string)),
  }),
  UpdateServiceSyncConfig: update,
  DeleteServiceSyncConfig: remove,
  GetServiceInstanceSyncStatus: instanceStatus,
  GetServiceSyncBlockerSummary: blockerSummary,
  UpdateServiceSyncBlocker: resolveBlocker,
};

// --- Pushes and deployments ----------------------------------------------------------------------------

/** Repository paths are relative to its root: `./configuration/proton-ops.yaml` = `configuration/...`. */
const normalizedPath = (path: string) => path.replace(/^(\.?\/)+/, "");
const directoryOf = (path: string) => (path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "/");

interface OpsEntry {
  branch: string;
  spec: string;
}

/** The service's entries of its proton-ops file, or why they can't be read. */
function opsEntries(
  config: ServiceSyncConfigRecord,
  text: string | undefined,
): Record<string, OpsEntry> | string {
  if (text === undefined)
    return `The proton-ops file ${config.filePath} was not found on branch ${config.branch}.`;
  const document = parseDocument(text);
  if (document.errors.length > 0) return `The proton-ops file ${config.filePath} is not valid YAML.`;
  const root = document.toJS() as { sync?: { services?: Record<string, unknown> } } | null;
  const service = root?.sync?.services?.[config.serviceName];
  if (typeof service !== "object" || service === null || Array.isArray(service))
    return `The proton-ops file ${config.filePath} has no sync.services.${config.serviceName} section.`;
  const entries: Record<string, OpsEntry> = {};
  for (const [instance, value] of Object.entries(service as Record<string, unknown>)) {
    const entry = value as { branch?: unknown; spec?: unknown } | null;
    if (typeof entry?.spec !== "string" || (entry.branch !== undefined && typeof entry.branch !== "string"))
      return `The proton-ops file ${config.filePath}: instance ${instance} needs a spec file path (and optionally a branch).`;
    entries[instance] = { branch: (entry.branch as string | undefined) ?? config.branch, spec: entry.spec };
  }
  return entries;
}

const hostOf = (ctx: OperationContext, config: ServiceSyncConfigRecord): HostedRepository | undefined =>
  hostedRepositoriesOf(ctx.partitionFor(GIT_HOST_PARTITION.accountId, GIT_HOST_PARTITION.region))[
    repositoryKey(config.repositoryProvider, config.repositoryName)
  ];

function raiseBlocker(
  ctx: OperationContext,
  serviceName: string,
  instanceName: string | undefined,
  reason: string,
  contexts: Record<string, string | undefined>,
): SyncBlockerRecord {
  const blocker: SyncBlockerRecord = defined({
    id: ctx.newId(),
    type: "AUTOMATED" as const,
    status: "ACTIVE" as const,
    serviceName,
    serviceInstanceName: instanceName,
    createdAt: ctx.now(),
    createdReason: reason,
    contexts: Object.entries({ serviceName, serviceInstanceName: instanceName, ...contexts })
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([key, value]) => ({ key, value })),
  });
  gitSyncOf(ctx.partition).blockers[blocker.id] = blocker;
  return blocker;
}

/** Syncs the service sync configurations the pushed branch concerns; answers the instances it deploys. */
export function syncServices(ctx: OperationContext, push: Push): string[] {
  const synced: string[] = [];
  for (const config of Object.values(gitSyncOf(ctx.partition).serviceSyncs)) {
    if (!sameRepository(push, config) || !configFor(ctx, config.serviceName)) continue;
    synced.push(...evaluate(ctx, config, undefined, push.branch));
  }
  return synced;
}

/**
 * Compares what the repository holds now with what was last synced, and syncs what changed. `force`
 * re-syncs an instance (or "all") even when unchanged (a resolved blocker); `branch` limits the pass to
 * instances that branch concerns (the ops file's branch concerns them all).
 */
function evaluate(
  ctx: OperationContext,
  config: ServiceSyncConfigRecord,
  force?: string,
  branch?: string,
): string[] {
  const host = hostOf(ctx, config);
  const opsCommit = headOf(host, config.branch);
  if (!host || !opsCommit) return [];
  const entries = opsEntries(config, opsCommit.tree[normalizedPath(config.filePath)]);
  const serviceWide = activeBlockers(ctx, config.serviceName);
  if (typeof entries === "string") {
    const concerned = branch === undefined || branch === config.branch;
    if (concerned && !serviceWide.some((b) => b.createdReason === entries))
      raiseBlocker(ctx, config.serviceName, undefined, entries, { commitId: opsCommit.sha });
    return [];
  }
  if (serviceWide.length > 0) return [];
  const synced: string[] = [];
  for (const [name, entry] of Object.entries(entries)) {
    if (branch !== undefined && branch !== config.branch && branch !== entry.branch) continue;
    const specCommit = headOf(host, entry.branch);
    const specPath = normalizedPath(entry.spec);
    const spec = specCommit?.tree[specPath];
    const history: SyncHistory = (config.instances[name] ??= {});
    const sha = specCommit?.sha ?? opsCommit.sha;
    history.desiredState = revisionOf(config, entry.branch, sha, directoryOf(specPath));
    const digest = digestOf({ entry, spec });
    const forced = force === "all" || force === name;
    if (!forced && digest === history.latestSync?.digest) continue;
    if (activeBlockers(ctx, config.serviceName, name).length > 0) continue;
    const attempt = startAttempt(
      ctx,
      history,
      name,
      history.desiredState,
      `Syncing service instance ${name} from ${entry.spec} at commit ${sha}.`,
    );
    attempt.digest = digest;
    if (spec === undefined) {
      settleAttempt(
        history,
        attempt,
        "FAILED",
        `The spec file ${entry.spec} was not found on branch ${entry.branch}.`,
        ctx.now(),
      );
      continue;
    }
    attempt.spec = spec;
    deployAttempt(ctx, config, name, history, attempt);
    synced.push(`${config.serviceName}/${name}`);
  }
  return synced;
}

/** Starts the attempt's deployment, unless the service or the instance is busy (then it waits). */
function deployAttempt(
  ctx: OperationContext,
  config: ServiceSyncConfigRecord,
  name: string,
  history: SyncHistory,
  attempt: SyncAttempt,
): void {
  const service = servicesOf(ctx.partition)[config.serviceName];
  const record = allInstancesOf(ctx.partition)[instanceKey(config.serviceName, name)];
  const spec = attempt.spec as string;
  if (!service || /IN_PROGRESS$/.test(service.status) || (record && isBusy(record)))
    return scheduleReconcile(ctx);
  try {
    const entry = parseServiceSpec(spec).instances.find((instance) => instance.name === name);
    if (!entry) throw validation(`The spec file has no entry for service instance ${name}.`);
    if (record) {
      if (entry.environment !== record.environmentName)
        throw validation(
          `Service instance ${name} runs in environment ${record.environmentName}; it can't move.`,
        );
      startDeployment(ctx, record, instanceKind.ref(ctx, record), { ...currentTarget(record), spec });
    } else {
      const template = templateOf(ctx, "service", service.templateName);
      const catalog = catalogOf(template);
      const major = catalog.recommendedMajor();
      if (major === undefined)
        throw validation(`The service template ${template.name} has no published version.`);
      const target = createTarget(catalog, major, undefined, spec);
      checkPlacement(
        ctx,
        template.versions[`${target.templateMajorVersion}.${target.templateMinorVersion}`],
        entry.environment,
      );
      createInstance(ctx, service, entry, target);
    }
  } catch (error) {
    if (!(error instanceof ProtonError)) throw error;
    settleAttempt(history, attempt, "FAILED", error.message, ctx.now());
    return;
  }
  markModified(ctx.partition, service.arn);
  const deployed = allInstancesOf(ctx.partition)[instanceKey(config.serviceName, name)];
  attempt.status = "IN_PROGRESS";
  attempt.deploymentId = deployed.lastAttemptedDeploymentId;
  addEvent(attempt, "DEPLOYMENT_STARTED", `Deployment ${String(attempt.deploymentId)} started.`, ctx.now());
  scheduleReconcile(ctx);
}

/** One queued reconciliation at a time, after the deployment delay (it settles after the deployments). */
function scheduleReconcile(ctx: OperationContext): void {
  const slice = gitSyncOf(ctx.partition);
  // With no deployment delay, work queued by the reconciliation itself would be due at once, forever.
  if (
    slice.reconcileSeq !== undefined ||
    (ctx.operation === `settle:${RECONCILE}` && ctx.deploymentMs() === 0)
  )
    return;
  slice.reconcileSeq = ctx.schedule({ kind: RECONCILE, target: "", subjects: [] }).seq;
}

/**
 * Settles service sync attempts from their deployments, starts those that waited for a busy instance,
 * and raises a blocker for a failed sync deployment or for a change made to a synced instance outside
 * sync (another deployment, or the instance removed). Answers whether anything still waits.
 */
export function refreshServiceSyncs(ctx: OperationContext): boolean {
  let waiting = false;
  for (const serviceName of Object.keys(gitSyncOf(ctx.partition).serviceSyncs)) {
    const config = configFor(ctx, serviceName);
    if (!config) continue;
    for (const [name, history] of Object.entries(config.instances)) {
      const attempt = history.latestSync;
      if (attempt?.status === "INITIATED" && attempt.spec !== undefined)
        deployAttempt(ctx, config, name, history, attempt);
      if (attempt?.status === "IN_PROGRESS") {
        const deployment = deploymentsOf(ctx.partition)[attempt.deploymentId as string];
        const status = deployment?.deploymentStatus;
        if (status === "SUCCEEDED")
          settleAttempt(
            history,
            attempt,
            "SUCCEEDED",
            `Deployment ${deployment.id} succeeded.`,
            deployment.completedAt ?? ctx.now(),
          );
        else if (status === "FAILED" || status === "CANCELLED" || !deployment) {
          const message = `Deployment ${attempt.deploymentId} of service instance ${name} ${status === "CANCELLED" ? "was cancelled" : "failed"}${deployment?.deploymentStatusMessage ? `: ${deployment.deploymentStatusMessage}` : "."}`;
          settleAttempt(history, attempt, "FAILED", message, deployment?.completedAt ?? ctx.now());
          raiseBlocker(ctx, serviceName, name, message, {
            deploymentId: attempt.deploymentId,
            commitId: attempt.targetRevision.sha,
          });
        }
      }
      if (isOpen(history.latestSync)) waiting = true;
      else detectManualChange(ctx, serviceName, name, history);
    }
  }
  return waiting;
}

function detectManualChange(
  ctx: OperationContext,
  serviceName: string,
  name: string,
  history: SyncHistory,
): void {
  const synced = history.latestSync?.deploymentId;
  if (synced === undefined) return;
  const record = allInstancesOf(ctx.partition)[instanceKey(serviceName, name)];
  const change = record ? record.lastAttemptedDeploymentId : "deleted";
  if (change === synced || change === undefined || change === history.blockedChange) return;
  history.blockedChange = change;
  raiseBlocker(
    ctx,
    serviceName,
    name,
    record
      ? `Service instance ${name} was updated outside service sync (deployment ${change}); syncing would override it.`
      : `Service instance ${name} was deleted outside service sync.`,
    { deploymentId: record ? change : undefined },
  );
}

const settleReconcile: Settler = (ctx) => {
  const slice = gitSyncOf(ctx.partition);
  delete slice.reconcileSeq;
  if (refreshServiceSyncs(ctx)) scheduleReconcile(ctx);
};

export const serviceSyncSettlers = { [RECONCILE]: settleReconcile };
