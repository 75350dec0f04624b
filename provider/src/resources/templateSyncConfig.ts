/**
 * TemplateSyncConfig: a template's versions registered from commits to a linked repository. Repository,
 * branch and subdirectory update in place (UpdateTemplateSyncConfig takes every member); the template
 * replaces it. The versions the sync registers are read, not owned: `syncedVersions` lists them (those
 * whose description says "Synced from", as Proton writes it), no TemplateVersion resource manages them,
 * and delete removes them too unless `retainSyncedVersions` (so the template itself can be deleted).
 */
import {
  CreateTemplateSyncConfigCommand,
  DeleteEnvironmentTemplateVersionCommand,
  DeleteServiceTemplateVersionCommand,
  DeleteTemplateSyncConfigCommand,
  GetTemplateSyncConfigCommand,
  ListEnvironmentTemplateVersionsCommand,
  ListServiceTemplateVersionsCommand,
  UpdateEnvironmentTemplateVersionCommand,
  UpdateServiceTemplateVersionCommand,
  UpdateTemplateSyncConfigCommand,
  type ProtonClient,
  type RepositoryProvider,
  type TemplateType,
  type EnvironmentTemplateVersionSummary as TemplateVersionSummary,
} from "@aws-sdk/client-proton";
import { nameRule, type Rule } from "../core/check";
import type { OperationContext } from "../core/context";
import { errorFacts } from "../core/errors";
import { defineResource, toState } from "../core/resource";
import { compact } from "../core/values";
import { TemplateSyncConfigSchema, type TemplateSyncConfigInputs } from "../generated/schema";
import { refuseExisting, SYNC_RULES } from "./syncConfig";

type TemplateSyncConfigState = TemplateSyncConfigInputs & Record<string, unknown>;

const rules: Rule[] = [
  nameRule("templateName"),
  ...SYNC_RULES,
  { property: "subdirectory", type: "string", minLength: 1, maxLength: 4096 },
];

interface ConfigKey {
  templateName: string;
  templateType: TemplateType;
}

/** Ids read `templateType:templateName`, e.g. `ENVIRONMENT:vpc`. */
export function parseTemplateSyncConfigId(id: string): ConfigKey {
  const match = /^(ENVIRONMENT|SERVICE):(.+)$/.exec(id);
  if (!match)
    throw new Error(
      `"${id}" is not a template sync configuration id (expected ENVIRONMENT:name or SERVICE:name)`,
    );
  return { templateType: match[1] as TemplateType, templateName: match[2] };
}

const request = (key: ConfigKey, inputs: TemplateSyncConfigInputs) =>
  compact({
    ...key,
    repositoryProvider: inputs.repositoryProvider as RepositoryProvider,
    repositoryName: inputs.repositoryName as string,
    branch: inputs.branch as string,
    subdirectory: inputs.subdirectory,
  });

/** How template sync describes the versions it registers (`Synced from <provider>:<repo>@<sha> ...`). */
const SYNCED = /^Synced from \S+@([0-9a-f]+)/;

/** The version calls that differ between the two template types. */
const versionCalls = {
  ENVIRONMENT: {
    list: (c: ProtonClient, templateName: string, nextToken?: string) =>
      c.send(new ListEnvironmentTemplateVersionsCommand({ templateName, nextToken })),
    demote: (c: ProtonClient, key: VersionKey) =>
      c.send(new UpdateEnvironmentTemplateVersionCommand({ ...key, status: "DRAFT" })).then(() => undefined),
    delete: (c: ProtonClient, key: VersionKey) =>
      c.send(new DeleteEnvironmentTemplateVersionCommand(key)).then(() => undefined),
  },
  SERVICE: {
    list: (c: ProtonClient, templateName: string, nextToken?: string) =>
      c.send(new ListServiceTemplateVersionsCommand({ templateName, nextToken })),
    demote: (c: ProtonClient, key: VersionKey) =>
      c.send(new UpdateServiceTemplateVersionCommand({ ...key, status: "DRAFT" })).then(() => undefined),
    delete: (c: ProtonClient, key: VersionKey) =>
      c.send(new DeleteServiceTemplateVersionCommand(key)).then(() => undefined),
  },
} as const;

interface VersionKey {
  templateName: string;
  majorVersion: string;
  minorVersion: string;
}

export const templateSyncConfigProvider = defineResource<TemplateSyncConfigInputs, TemplateSyncConfigState>({
  schema: TemplateSyncConfigSchema,
  rules,
  uniqueBy: ["templateName"],
  describe: (bag, id) => id ?? `${String(bag.templateType)}:${String(bag.templateName)}`,

  async create(ctx, inputs) {
    const key = {
      templateName: inputs.templateName as string,
      templateType: inputs.templateType as TemplateType,
    };
    const id = `${key.templateType}:${key.templateName}`;
    refuseExisting(`TemplateSyncConfig "${id}"`, id, await findConfig(ctx, key));
    await ctx.call("CreateTemplateSyncConfig", (c) =>
      c.send(new CreateTemplateSyncConfigCommand(request(key, inputs))),
    );
    const live = await configState(ctx, id);
    if (!live) throw new Error(`TemplateSyncConfig "${id}" vanished right after creation`);
    return { id, outs: live };
  },

  read: (ctx, id) => configState(ctx, id),

  async update(ctx, id, _olds, news, changed) {
    const key = parseTemplateSyncConfigId(id);
    if (changed.some((p) => p !== "retainSyncedVersions"))
      await ctx.call("UpdateTemplateSyncConfig", (c) =>
        c.send(new UpdateTemplateSyncConfigCommand(request(key, news))),
      );
    const live = await configState(ctx, id);
    if (!live) throw new Error(`TemplateSyncConfig "${id}" disappeared during update`);
    return live;
  },

  async delete(ctx, id, props) {
    const key = parseTemplateSyncConfigId(id);
    await ctx.call("DeleteTemplateSyncConfig", (c) => c.send(new DeleteTemplateSyncConfigCommand(key)));
    if (props.retainSyncedVersions !== true) await deleteSyncedVersions(ctx, key);
  },
});

async function findConfig(ctx: OperationContext, key: ConfigKey) {
  return (await ctx.find("GetTemplateSyncConfig", (c) => c.send(new GetTemplateSyncConfigCommand(key))))
    ?.templateSyncConfig;
}

async function configState(ctx: OperationContext, id: string): Promise<TemplateSyncConfigState | undefined> {
  const key = parseTemplateSyncConfigId(id);
  const config = await findConfig(ctx, key);
  if (!config) return undefined;
  const syncedVersions = (await syncedVersionsOf(ctx, key)).map((v) => ({
    majorVersion: v.majorVersion,
    minorVersion: v.minorVersion,
    status: v.status,
    sha: SYNCED.exec(v.description ?? "")?.[1],
  }));
  // A subdirectory Proton no longer reports was cleared: undefined overrides the old state's value.
  return {
    ...(toState({ ...config, syncedVersions }) as TemplateSyncConfigState),
    subdirectory: config.subdirectory,
  };
}

/** The template's versions template sync registered, oldest first (none once the template is gone). */
async function syncedVersionsOf(ctx: OperationContext, key: ConfigKey): Promise<TemplateVersionSummary[]> {
  const calls = versionCalls[key.templateType];
  const all: TemplateVersionSummary[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ctx.find(
      `List${key.templateType === "ENVIRONMENT" ? "Environment" : "Service"}TemplateVersions`,
      (c) => calls.list(c, key.templateName, nextToken),
    );
    all.push(...(page?.templateVersions ?? []));
    nextToken = page?.nextToken;
  } while (nextToken);
  return all.filter((v) => SYNCED.test(v.description ?? ""));
}

/**
 * Deletes the versions the sync registered, newest first, until none is left: one still registering or
 * used by a deployment (being deleted in the same run, typically) is tried again at the next poll; a
 * published one Proton keeps as recommended is demoted to DRAFT first.
 */
async function deleteSyncedVersions(ctx: OperationContext, key: ConfigKey): Promise<void> {
  const calls = versionCalls[key.templateType];
  const stem = key.templateType === "ENVIRONMENT" ? "Environment" : "Service";
  const pass = async () => {
    const left = (await syncedVersionsOf(ctx, key)).reverse();
    let remaining = 0;
    for (const v of left) {
      const versionKey = {
        templateName: key.templateName,
        majorVersion: v.majorVersion as string,
        minorVersion: v.minorVersion as string,
      };
      try {
        await ctx.call(`Delete${stem}TemplateVersion`, (c) => calls.delete(c, versionKey));
      } catch (error) {
        const { name, message } = errorFacts(error);
        if (name === "ResourceNotFoundException") continue;
        if (name !== "ConflictException") throw error;
        if (/recommended/i.test(message))
          await ctx
            .call(`Update${stem}TemplateVersion`, (c) => calls.demote(c, versionKey))
            .catch(() => undefined);
        remaining++;
      }
    }
    return { remaining };
  };
  await ctx.waitFor({
    description: `TemplateSyncConfig "${key.templateType}:${key.templateName}" deleting its synced versions`,
    poll: pass,
    status: (p) => (p?.remaining === 0 ? "DELETED" : `${String(p?.remaining)} LEFT`),
    succeeded: ["DELETED"],
    failed: [],
  });
}
