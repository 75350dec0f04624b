/**
 * Environment and service template versions: one module parameterized by kind. Create registers
 * the bundle, waits for registration to settle (a failed registration is deleted and reported with
 * Proton's message), then publishes when asked.
 */
import {
  CreateEnvironmentTemplateVersionCommand,
  CreateServiceTemplateVersionCommand,
  DeleteEnvironmentTemplateVersionCommand,
  DeleteServiceTemplateVersionCommand,
  GetEnvironmentTemplateVersionCommand,
  GetServiceTemplateVersionCommand,
  UpdateEnvironmentTemplateVersionCommand,
  UpdateServiceTemplateVersionCommand,
  type CompatibleEnvironmentTemplateInput,
  type EnvironmentTemplateVersion,
  type ProtonClient,
  type ServiceTemplateSupportedComponentSourceType,
  type ServiceTemplateVersion,
  type Tag,
  type TemplateVersionSourceInput,
  type TemplateVersionStatus,
} from "@aws-sdk/client-proton";
import { nameRule, NAME_HINT, NAME_PATTERN, VERSION_HINT, VERSION_PATTERN, type Rule } from "../core/check";
import { randomUUID } from "node:crypto";
import { clientToken, createOnce } from "../core/clientToken";
import type { OperationContext } from "../core/context";
import { PartialFailure, ProtonStateError } from "../core/errors";
import { defineResource, toState, type ResourceSchema } from "../core/resource";
import { readTags, reconcileTags, toTagList, type TagMap } from "../core/tags";
import { GONE } from "../core/wait";
import { compact } from "../core/values";
import {
  EnvironmentTemplateVersionSchema,
  ServiceTemplateVersionSchema,
  type EnvironmentTemplateVersionInputs,
  type ServiceTemplateVersionInputs,
} from "../generated/schema";
import { environmentTemplateApi, serviceTemplateApi, type TemplateApi } from "./template";

/** Both kinds' inputs: service versions add compatibility and component sources. */
export type TemplateVersionInputs = EnvironmentTemplateVersionInputs & ServiceTemplateVersionInputs;

export type VersionDetail = EnvironmentTemplateVersion | ServiceTemplateVersion;
export type TemplateVersionState = TemplateVersionInputs & Record<string, unknown>;

export interface VersionKey {
  templateName: string;
  majorVersion: string;
  minorVersion: string;
}

interface VersionCreateRequest {
  clientToken: string;
  templateName: string;
  majorVersion?: string;
  description?: string;
  source: TemplateVersionSourceInput;
  tags?: Tag[];
  compatibleEnvironmentTemplates?: CompatibleEnvironmentTemplateInput[];
  supportedComponentSources?: string[];
}

interface VersionUpdateRequest extends VersionKey {
  description?: string;
  status?: TemplateVersionStatus;
  compatibleEnvironmentTemplates?: CompatibleEnvironmentTemplateInput[];
  supportedComponentSources?: string[];
}

/** The SDK calls and extra members that differ between the two kinds. */
export interface TemplateVersionApi {
  kind: "EnvironmentTemplateVersion" | "ServiceTemplateVersion";
  schema: ResourceSchema;
  /** The parent template's API (to tell a replayed token from a missing template). */
  template: TemplateApi;
  /** Proton's limits on members only this kind has. */
  extraRules: readonly Rule[];
  create(c: ProtonClient, request: VersionCreateRequest): Promise<VersionDetail | undefined>;
  get(c: ProtonClient, key: VersionKey): Promise<VersionDetail | undefined>;
  update(c: ProtonClient, request: VersionUpdateRequest): Promise<unknown>;
  /** Publishes the version; answers its detail. */
  publish(c: ProtonClient, key: VersionKey): Promise<VersionDetail | undefined>;
  delete(c: ProtonClient, key: VersionKey): Promise<unknown>;
}

export const environmentTemplateVersionApi: TemplateVersionApi = {
  kind: "EnvironmentTemplateVersion",
  schema: EnvironmentTemplateVersionSchema,
  template: environmentTemplateApi,
  extraRules: [],
  // Environment versions have no compatibility or component members; drop them if given.
  create: async (c, { compatibleEnvironmentTemplates: _c, supportedComponentSources: _s, ...request }) =>
    (await c.send(new CreateEnvironmentTemplateVersionCommand(request))).environmentTemplateVersion,
  get: async (c, key) =>
    (await c.send(new GetEnvironmentTemplateVersionCommand(key))).environmentTemplateVersion,
  update: (c, { compatibleEnvironmentTemplates: _c, supportedComponentSources: _s, ...request }) =>
    c.send(new UpdateEnvironmentTemplateVersionCommand(request)),
  publish: async (c, key) =>
    (await c.send(new UpdateEnvironmentTemplateVersionCommand({ ...key, status: "PUBLISHED" })))
      .environmentTemplateVersion,
  delete: (c, key) => c.send(new DeleteEnvironmentTemplateVersionCommand(key)),
};

type ComponentSources = ServiceTemplateSupportedComponentSourceType[];

export const serviceTemplateVersionApi: TemplateVersionApi = {
  kind: "ServiceTemplateVersion",
  schema: ServiceTemplateVersionSchema,
  template: serviceTemplateApi,
  extraRules: [
    { property: "compatibleEnvironmentTemplates", type: "objectList", required: true, minItems: 1 },
    {
      property: "compatibleEnvironmentTemplates[].templateName",
      type: "string",
      required: true,
      maxLength: 100,
      pattern: NAME_PATTERN,
      patternHint: NAME_HINT,
    },
    {
      property: "compatibleEnvironmentTemplates[].majorVersion",
      type: "string",
      required: true,
      maxLength: 20,
      pattern: VERSION_PATTERN,
      patternHint: VERSION_HINT,
    },
  ],
  create: async (c, { compatibleEnvironmentTemplates, supportedComponentSources, ...request }) =>
    (
      await c.send(
        new CreateServiceTemplateVersionCommand({
          ...request,
          compatibleEnvironmentTemplates,
          supportedComponentSources: supportedComponentSources as ComponentSources | undefined,
        }),
      )
    ).serviceTemplateVersion,
  get: async (c, key) => (await c.send(new GetServiceTemplateVersionCommand(key))).serviceTemplateVersion,
  update: (c, { supportedComponentSources, ...request }) =>
    c.send(
      new UpdateServiceTemplateVersionCommand({
        ...request,
        supportedComponentSources: supportedComponentSources as ComponentSources | undefined,
      }),
    ),
  publish: async (c, key) =>
    (await c.send(new UpdateServiceTemplateVersionCommand({ ...key, status: "PUBLISHED" })))
      .serviceTemplateVersion,
  delete: (c, key) => c.send(new DeleteServiceTemplateVersionCommand(key)),
};

export const VERSION_RULES: readonly Rule[] = [
  nameRule("templateName"),
  {
    property: "majorVersion",
    type: "string",
    minLength: 1,
    maxLength: 20,
    pattern: VERSION_PATTERN,
    patternHint: VERSION_HINT,
  },
  {
    property: "source.s3.bucket",
    type: "string",
    required: true,
    minLength: 3,
    maxLength: 63,
    pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
    patternHint: "must be an S3 bucket name",
  },
  { property: "source.s3.key", type: "string", required: true, minLength: 1, maxLength: 1024 },
  { property: "description", type: "string", maxLength: 500 },
];

/** Ids read `templateName:major.minor`. */
export function versionId(key: VersionKey): string {
  return `${key.templateName}:${key.majorVersion}.${key.minorVersion}`;
}

export function parseVersionId(id: string): VersionKey {
  const match = /^(.+):(\d+)\.(\d+)$/.exec(id);
  if (!match) throw new Error(`"${id}" is not a template version id (expected templateName:major.minor)`);
  return { templateName: match[1], majorVersion: match[2], minorVersion: match[3] };
}

function keyOf(detail: VersionDetail): VersionKey {
  return {
    templateName: detail.templateName ?? "",
    majorVersion: detail.majorVersion ?? "",
    minorVersion: detail.minorVersion ?? "",
  };
}

export function templateVersionProvider(api: TemplateVersionApi) {
  const waitForRegistration = (ctx: OperationContext, key: VersionKey, answered?: VersionDetail) =>
    ctx.waitFor({
      ...(answered ? { initial: answered } : {}),
      description: `${api.kind} "${versionId(key)}" registration`,
      poll: () => ctx.find(`Get${api.kind}`, (c) => api.get(c, key)),
      status: (v) => String(v?.status),
      succeeded: ["DRAFT", "PUBLISHED"],
      failed: ["REGISTRATION_FAILED"],
      statusMessage: (v) => v?.statusMessage,
    });

  /**
   * Deletes a version. Proton refuses (ConflictException) while it registers, and deletes a
   * recommended (published) version last; Pulumi deletes newer versions (dependents) before older
   * ones, so waiting alone could deadlock. So a conflict is resolved from the version's state:
   * registering → wait; published → demote it to DRAFT (it stops being recommended) and delete
   * again; anything else (still in use) is final.
   */
  const remove = async (ctx: OperationContext, key: VersionKey) => {
    const recover = async () => {
      const live = await ctx.find(`Get${api.kind}`, (c) => api.get(c, key));
      if (!live) return true; // gone meanwhile: the repeated delete answers not-found, which is success
      if (live.status === "REGISTRATION_IN_PROGRESS") {
        await waitForRegistration(ctx, key).catch(() => undefined);
        return true;
      }
      if (live.status !== "PUBLISHED") return false;
      ctx.log(`${api.kind} "${versionId(key)}" is published: demoting it to DRAFT before deleting`);
      await ctx.call(`Update${api.kind}`, (c) => api.update(c, { ...key, status: "DRAFT" }));
      return true;
    };
    await ctx.call(`Delete${api.kind}`, (c) => api.delete(c, key), { recover });
    await ctx.waitFor({
      description: `${api.kind} "${versionId(key)}" deletion`,
      poll: () => ctx.find(`Get${api.kind}`, (c) => api.get(c, key)),
      status: (v) => String(v?.status),
      succeeded: [GONE],
      failed: [],
    });
  };

  return defineResource<TemplateVersionInputs, TemplateVersionState>({
    schema: api.schema,
    rules: [...VERSION_RULES, ...api.extraRules],
    // Proton never returns a version's source: an imported version has none.
    requiredToCreate: ["source"],
    describe: (bag, id) =>
      id ??
      `${String(bag.templateName)}:${bag.majorVersion === undefined ? "(new major)" : String(bag.majorVersion)}`,

    async create(ctx, inputs) {
      const request = compact({
        templateName: inputs.templateName as string,
        majorVersion: inputs.majorVersion,
        description: inputs.description,
        source: inputs.source as TemplateVersionSourceInput,
        tags: toTagList(inputs.tags),
        compatibleEnvironmentTemplates: inputs.compatibleEnvironmentTemplates,
        supportedComponentSources: inputs.supportedComponentSources,
      });
      const create = (token: string) =>
        ctx.call(`Create${api.kind}`, (c) => api.create(c, { ...request, clientToken: token }));
      let created = await createOnce({
        token: clientToken(api.kind, { owner: inputs.owner, request }),
        create,
        replayedDeleted: async () =>
          (await ctx.find(`Get${api.template.kind}`, (c) => api.template.get(c, request.templateName))) !==
          undefined,
      });
      if (!created) throw new Error(`Create${api.kind} returned no version`);
      let key = keyOf(created);
      // From here on the version exists: any failure keeps it in the state (partial failure),
      // except a failed registration, which is useless and deleted so the next attempt starts clean.
      const partial = async (error: unknown, step: string) =>
        new PartialFailure(
          versionId(key),
          { ...inputs, ...((await liveState(ctx, api, key).catch(() => undefined)) ?? key) },
          [`${step} failed: ${(error as Error).message}`],
        );
      let detail: VersionDetail | undefined;
      try {
        try {
          detail = (await waitForRegistration(ctx, key, created)).value;
        } catch (error) {
          // The token replayed a version deleted since (destroy, then up within Proton's token
          // memory): the registration wait's first Get finds nothing. Create it afresh.
          if (!(error instanceof ProtonStateError) || error.status !== GONE) throw error;
          created = await create(randomUUID());
          if (!created) throw new Error(`Create${api.kind} returned no version`);
          key = keyOf(created);
          detail = (await waitForRegistration(ctx, key, created)).value;
        }
      } catch (error) {
        if (error instanceof ProtonStateError && error.status === "REGISTRATION_FAILED") {
          await remove(ctx, key).catch(() => undefined);
          throw error;
        }
        throw await partial(error, "waiting for registration");
      }
      if (inputs.status === "PUBLISHED") {
        try {
          detail = await ctx.call(`Update${api.kind}`, (c) => api.publish(c, key));
        } catch (error) {
          throw await partial(error, "publishing");
        }
      }
      if (!detail) throw new Error(`${api.kind} "${versionId(key)}" vanished right after creation`);
      // The tags are the ones this create just wrote: reading them back would learn nothing.
      return { id: versionId(key), outs: versionState(detail, inputs.tags ?? {}) };
    },

    read: (ctx, id) => liveState(ctx, api, parseVersionId(id)),

    async update(ctx, id, olds, news, changed) {
      const key = parseVersionId(id);
      const fields = changed.filter((p) => p !== "tags");
      if (fields.length > 0) {
        await ctx.call(`Update${api.kind}`, (c) =>
          api.update(
            c,
            compact({
              ...key,
              description: changed.includes("description") ? (news.description ?? "") : undefined,
              status: changed.includes("status") ? news.status : undefined,
              compatibleEnvironmentTemplates: changed.includes("compatibleEnvironmentTemplates")
                ? news.compatibleEnvironmentTemplates
                : undefined,
              supportedComponentSources: changed.includes("supportedComponentSources")
                ? news.supportedComponentSources
                : undefined,
            }),
          ),
        );
      }
      if (changed.includes("tags")) await reconcileTags(ctx, String(olds.arn), olds.tags, news.tags);
      const live = await liveState(ctx, api, key);
      if (!live) throw new Error(`${api.kind} "${id}" disappeared during update`);
      return live;
    },

    delete: (ctx, id) => remove(ctx, parseVersionId(id)),
  });
}

/** The version with its tags, or undefined when it does not exist. */
async function liveState(
  ctx: OperationContext,
  api: TemplateVersionApi,
  key: VersionKey,
): Promise<TemplateVersionState | undefined> {
  const detail = await ctx.find(`Get${api.kind}`, (c) => api.get(c, key));
  if (!detail) return undefined;
  return versionState(detail, await readTags(ctx, detail.arn));
}

function versionState(detail: VersionDetail, tags: TagMap): TemplateVersionState {
  return toState({ ...detail, tags }) as TemplateVersionState;
}
