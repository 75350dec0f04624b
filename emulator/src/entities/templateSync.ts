/**
 * Template sync configurations, and what a push does to them: each `{template}/v{major}/` directory
 * under the configured subdirectory whose contents changed registers a version (a new minor of an
 * existing major, or minor 0 of a new one), DRAFT once registered, REGISTRATION_FAILED when the bundle
 * is unusable or a minor's schema is not backward compatible with the earlier minors of its major.
 */
import type {
  CreateTemplateSyncConfigInput,
  CreateTemplateSyncConfigOutput,
  DeleteTemplateSyncConfigInput,
  DeleteTemplateSyncConfigOutput,
  GetTemplateSyncConfigInput,
  GetTemplateSyncConfigOutput,
  GetTemplateSyncStatusInput,
  GetTemplateSyncStatusOutput,
  UpdateTemplateSyncConfigInput,
  UpdateTemplateSyncConfigOutput,
} from "@aws-sdk/client-proton";
import { parseDocument } from "yaml";
import { arnResource } from "../arn";
import { rememberDeletion, replayDeletion } from "../deletions";
import { conflict, notFound, validation } from "../errors";
import type { OperationContext, OperationTable } from "../operations";
import {
  gitSyncOf,
  templateSyncKey,
  type RepositoryProvider,
  type Revision,
  type SyncHistory,
  type TemplateSyncConfigRecord,
  type TemplateType,
  type Tree,
} from "./gitSync.records";
import {
  addEvent,
  assertLinked,
  digestOf,
  filesUnder,
  historyView,
  isOpen,
  revisionOf,
  sameRepository,
  settleAttempt,
  startAttempt,
  type Push,
} from "./syncAttempts";
import { incompatibility, readBundle } from "./syncBundle";
import { VERSIONS_PER_TEMPLATE_QUOTA } from "./templates";
import {
  compareNumeric,
  maxOf,
  templatesOf,
  versionId,
  versionsOf,
  type TemplateKind,
  type TemplateRecord,
  type TemplateVersionRecord,
} from "./templates.records";
import { defined } from "./views";

/** The work kind templates.ts settles registrations with (target `kind/name/major.minor`). */
const REGISTER = "templateVersion.register";
/** Service template bundles name their compatible environment templates here (`name:major` entries). */
export const REGISTRATION_FILE = ".template-registration.yaml";

const kindOf = (type: TemplateType): TemplateKind => (type === "ENVIRONMENT" ? "environment" : "service");
const label = (c: { templateType: TemplateType; templateName: string }) =>
  `${c.templateType.toLowerCase()} template ${c.templateName}`;

/** How sync-registered versions describe themselves, so their origin can be read back. */
export const syncedDescription = (push: Push) =>
  `Synced from ${push.provider}:${push.repository}@${push.commit.sha} (branch ${push.branch})`;

const view = (c: TemplateSyncConfigRecord) =>
  defined({
    templateName: c.templateName,
    templateType: c.templateType,
    repositoryProvider: c.repositoryProvider,
    repositoryName: c.repositoryName,
    branch: c.branch,
    subdirectory: c.subdirectory,
  });

type ConfigInput = CreateTemplateSyncConfigInput & UpdateTemplateSyncConfigInput;

/** The config's members from a (validated) Create/Update input, after checking what it names exists. */
function configOf(ctx: OperationContext, input: ConfigInput) {
  const templateType = input.templateType as TemplateType;
  const templateName = input.templateName as string;
  const provider = input.repositoryProvider as RepositoryProvider;
  const repositoryName = input.repositoryName as string;
  // The operations model no not-found error: what the request names must exist, or it is invalid.
  assertLinked(ctx, provider, repositoryName);
  if (!templatesOf(ctx.partition, kindOf(templateType))[templateName])
    throw validation(`The ${templateType.toLowerCase()} template ${templateName} does not exist.`);
  return defined({
    templateName,
    templateType,
    repositoryProvider: provider,
    repositoryName,
    branch: input.branch as string,
    subdirectory: input.subdirectory,
  });
}

function findConfig(ctx: OperationContext, type: string, name: string): TemplateSyncConfigRecord {
  const config = gitSyncOf(ctx.partition).templateSyncs[templateSyncKey(type, name)];
  if (!config)
    throw notFound(`The ${type.toLowerCase()} template ${name} has no template sync configuration.`);
  return config;
}

/** A config whose registrations are still running can't change (one sync per template at a time). */
function assertQuiet(ctx: OperationContext, config: TemplateSyncConfigRecord): void {
  refreshTemplateSyncs(ctx);
  if (Object.values(config.majors).some((h) => isOpen(h.latestSync)))
    throw conflict(`A template sync of ${label(config)} is in progress.`);
}

/** CreateTemplateSyncConfig is idempotent: the same configuration again answers it; another conflicts. */
function create(ctx: OperationContext, input: CreateTemplateSyncConfigInput): CreateTemplateSyncConfigOutput {
  const wanted = configOf(ctx, input);
  const configs = gitSyncOf(ctx.partition).templateSyncs;
  const key = templateSyncKey(wanted.templateType, wanted.templateName);
  const existing = configs[key];
  if (existing) {
    if (digestOf(view(existing)) === digestOf(wanted)) return { templateSyncConfig: view(existing) };
    throw conflict(`The ${label(wanted)} already has a template sync configuration.`);
  }
  configs[key] = { ...wanted, majors: {} };
  return { templateSyncConfig: view(configs[key]) };
}

function update(ctx: OperationContext, input: UpdateTemplateSyncConfigInput): UpdateTemplateSyncConfigOutput {
  const config = findConfig(ctx, input.templateType as string, input.templateName as string);
  const wanted = configOf(ctx, input);
  assertQuiet(ctx, config);
  // Every member is given (subdirectory included: absent means the whole repository).
  Object.assign(config, wanted);
  if (wanted.subdirectory === undefined) delete config.subdirectory;
  return { templateSyncConfig: view(config) };
}

const deletionKey = (type: string, name: string) => `template-sync-config/${type}/${name}`;

function remove(ctx: OperationContext, input: DeleteTemplateSyncConfigInput): DeleteTemplateSyncConfigOutput {
  const type = input.templateType as string;
  const name = input.templateName as string;
  const configs = gitSyncOf(ctx.partition).templateSyncs;
  const config = configs[templateSyncKey(type, name)];
  if (!config) return replayDeletion(ctx, deletionKey(type, name), () => findConfig(ctx, type, name));
  assertQuiet(ctx, config);
  delete configs[templateSyncKey(type, name)];
  const output = { templateSyncConfig: view(config) };
  rememberDeletion(ctx, deletionKey(type, name), output);
  return output;
}

function status(ctx: OperationContext, input: GetTemplateSyncStatusInput): GetTemplateSyncStatusOutput {
  const config = findConfig(ctx, input.templateType as string, input.templateName as string);
  refreshTemplateSyncs(ctx);
  return historyView(config.majors[input.templateVersion as string]);
}

export const templateSyncOperations: OperationTable = {
  CreateTemplateSyncConfig: create,
  GetTemplateSyncConfig: (
    ctx: OperationContext,
    input: GetTemplateSyncConfigInput,
  ): GetTemplateSyncConfigOutput => ({
    templateSyncConfig: view(findConfig(ctx, input.templateType as string, input.templateName as string)),
  }),
  UpdateTemplateSyncConfig: update,
  DeleteTemplateSyncConfig: remove,
  GetTemplateSyncStatus: status,
};

// --- Pushes --------------------------------------------------------------------------------------------

/** `templates/` for subdirectory "./templates/" or "/templates"; "" for none. */
const normalized = (subdirectory: string | undefined) => {
  const trimmed = (subdirectory ?? "").replace(/^\.?\/+/, "").replace(/\/+$/, "");
  return trimmed === "" || trimmed === "." ? "" : `${trimmed}/`;
};

/** The major version directories (`v1/`, `v2/`...) of a template in a tree, by major, with their files. */
function majorsIn(tree: Tree, prefix: string): [string, Tree][] {
  const majors = new Map<string, Tree>();
  for (const [path, content] of Object.entries(tree)) {
    if (!path.startsWith(prefix)) continue;
    const match = /^v(0|[1-9][0-9]{0,19})\/(.+)$/.exec(path.slice(prefix.length));
    if (!match) continue;
    majors.set(match[1], { ...(majors.get(match[1]) ?? {}), [match[2]]: content });
  }
  return [...majors.entries()].sort(([a], [b]) => compareNumeric(a, b));
}

/** Syncs every template sync configuration watching the pushed branch. */
export function syncTemplates(ctx: OperationContext, push: Push): string[] {
  const registered: string[] = [];
  for (const config of Object.values(gitSyncOf(ctx.partition).templateSyncs)) {
    if (!sameRepository(push, config) || config.branch !== push.branch) continue;
    const prefix = `${normalized(config.subdirectory)}${config.templateName}/`;
    for (const [major] of majorsIn(push.commit.tree, prefix)) {
      const files = filesUnder(push.commit.tree, `${prefix}v${major}/`);
      const history: SyncHistory = (config.majors[major] ??= {});
      const revision = revisionOf(config, push.branch, push.commit.sha, `${prefix}v${major}`);
      history.desiredState = revision;
      const digest = digestOf(files);
      // Unchanged since the last successful sync (or the latest attempt): nothing to register.
      if (digest === history.latestSync?.digest || digest === history.latestSuccessfulSync?.digest) continue;
      const id = register(ctx, config, major, files, push, history, digest);
      if (id) registered.push(`${config.templateName}:${id}`);
    }
  }
  return registered;
}

/** The compatible environment templates a service template bundle declares (`name:major` entries). */
function compatibleOf(files: Tree): { templateName: string; majorVersion: string }[] | string {
  const text = files[REGISTRATION_FILE];
  if (text === undefined)
    return `A service template bundle needs ${REGISTRATION_FILE} naming compatible_environments.`;
  const root: unknown = parseDocument(text).toJS();
  const entries = (root as { compatible_environments?: unknown } | null)?.compatible_environments;
  const parsed = Array.isArray(entries)
    ? entries.map((e) =>
        typeof e === "string" ? /^([0-9A-Za-z]+[0-9A-Za-z_-]*):(0|[1-9][0-9]*)$/.exec(e) : null,
      )
    : [];
  if (parsed.length === 0 || parsed.some((m) => m === null))
    return `${REGISTRATION_FILE}: compatible_environments must list entries like "my-env-template:1".`;
  return parsed.map((m) => ({
    templateName: (m as RegExpExecArray)[1],
    majorVersion: (m as RegExpExecArray)[2],
  }));
}

/** Why a version can't be registered from `files` (checked as a registration would), or undefined. */
function problemOf(
  ctx: OperationContext,
  template: TemplateRecord,
  major: string,
  schema: string | undefined,
  compatible: ReturnType<typeof compatibleOf> | undefined,
): string | undefined {
  if (typeof compatible === "string") return compatible;
  for (const c of compatible ?? []) {
    const environment = templatesOf(ctx.partition, "environment")[c.templateName];
    if (!environment || versionsOf(environment, c.majorVersion).length === 0)
      return `compatible_environments: environment template ${c.templateName} has no major version ${c.majorVersion}.`;
  }
  // Proton's best-effort check: a minor must be backward compatible with every earlier minor of its major.
  const earlier = versionsOf(template, major).filter(
    (v): v is TemplateVersionRecord & { schema: string } =>
      v.status !== "REGISTRATION_FAILED" && v.schema !== undefined,
  );
  for (const previous of earlier) {
    const why = schema === undefined ? undefined : incompatibility(previous.schema, schema);
    if (why)
      return `The schema is not backward compatible with version ${versionId(previous.majorVersion, previous.minorVersion)}: ${why}. Register it as a new major version (a new v directory).`;
  }
  return undefined;
}

/** Registers the version a changed directory asks for; answers its id, or undefined when none was made. */
function register(
  ctx: OperationContext,
  config: TemplateSyncConfigRecord,
  major: string,
  files: Tree,
  push: Push,
  history: SyncHistory,
  digest: string,
): string | undefined {
  const kind = kindOf(config.templateType);
  const attempt = startAttempt(
    ctx,
    history,
    config.templateName,
    history.desiredState as Revision,
    `Syncing ${label(config)} major version ${major} from commit ${push.commit.sha}.`,
  );
  attempt.digest = digest;
  const template = templatesOf(ctx.partition, kind)[config.templateName];
  const existing = template ? versionsOf(template) : [];
  const refusal = !template
    ? `The ${label(config)} no longer exists.`
    : existing.length >= VERSIONS_PER_TEMPLATE_QUOTA
      ? `The ${label(config)} has reached the quota of ${VERSIONS_PER_TEMPLATE_QUOTA} versions.`
      : undefined;
  if (refusal || !template) {
    settleAttempt(history, attempt, "FAILED", refusal as string, ctx.now());
    return undefined;
  }
  const inMajor = versionsOf(template, major);
  const minor =
    inMajor.length === 0 ? "0" : String(BigInt(maxOf(inMajor.map((v) => v.minorVersion)) as string) + 1n);
  const bundle = readBundle(kind, files);
  const schema = "schema" in bundle ? bundle.schema : undefined;
  const compatible = kind === "service" ? compatibleOf(files) : undefined;
  const problem = "problem" in bundle ? bundle.problem : problemOf(ctx, template, major, schema, compatible);
  const id = versionId(major, minor);
  const now = ctx.now();
  const arn = ctx.arn(
    kind === "environment"
      ? arnResource.environmentTemplateVersion(template.name, major, minor)
      : arnResource.serviceTemplateVersion(template.name, major, minor),
  );
  const version: TemplateVersionRecord = defined({
    templateName: template.name,
    majorVersion: major,
    minorVersion: minor,
    arn,
    status: "REGISTRATION_IN_PROGRESS" as const,
    description: syncedDescription(push),
    schema,
    createdAt: now,
    lastModifiedAt: now,
    compatibleEnvironmentTemplates: kind === "service" && Array.isArray(compatible) ? compatible : undefined,
    supportedComponentSources: undefined,
  });
  template.versions[id] = version;
  ctx.tags.register(arn);
  ctx.schedule({
    kind: REGISTER,
    target: `${kind}/${template.name}/${id}`,
    subjects: [template.name, arn],
    failWith: problem,
  });
  attempt.status = "IN_PROGRESS";
  attempt.target = `${template.name}:${id}`;
  attempt.versionId = id;
  addEvent(attempt, "REGISTRATION_STARTED", `Registering version ${id} of ${label(config)}.`, now);
  return id;
}

/** Settles template sync attempts whose registration has finished (Get*Status and pushes call it). */
export function refreshTemplateSyncs(ctx: OperationContext): void {
  for (const config of Object.values(gitSyncOf(ctx.partition).templateSyncs)) {
    const template = templatesOf(ctx.partition, kindOf(config.templateType))[config.templateName];
    for (const history of Object.values(config.majors)) {
      const attempt = history.latestSync;
      if (!attempt || !isOpen(attempt) || attempt.versionId === undefined) continue;
      const version = template?.versions[attempt.versionId];
      if (!version)
        settleAttempt(history, attempt, "FAILED", `Version ${attempt.versionId} was deleted.`, ctx.now());
      else if (version.status === "DRAFT" || version.status === "PUBLISHED")
        settleAttempt(
          history,
          attempt,
          "SUCCEEDED",
          `Registered version ${attempt.versionId}.`,
          version.lastModifiedAt,
        );
      else if (version.status === "REGISTRATION_FAILED")
        settleAttempt(
          history,
          attempt,
          "FAILED",
          `Registration of version ${attempt.versionId} failed: ${version.statusMessage ?? "unknown reason"}`,
          version.lastModifiedAt,
        );
    }
  }
}
