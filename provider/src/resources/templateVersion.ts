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
import { clientToken, createOnce } from "../core/clientToken";
import type { OperationContext } from "../core/context";
import { errorFacts, PartialFailure, ProtonStateError } from "../core/errors";
import { withRetry, type RetryDecision } from "../core/retry";
import { defineResource, toState, type ResourceSchema } from "../core/resource";
import { readTags, reconcileTags, toTagList } from "../core/tags";
import { GONE } from "../core/wait";
import { compact } from "../core/values";
import {
  EnvironmentTemplateVersionSchema,
  ServiceTemplateVersionSchema,
  type EnvironmentTemplateVersionInputs,
  type ServiceTemplateVersionInputs,
} from "../generated/schema";
import { environmentTemplateApi, serviceTemplateApi, type TemplateApi } from "./template";

const SIBLINGS_FIRST = /recommended/i;

/** Retry classification for deleting a version: only "delete the other versions first" is retried. */
export function waitForSiblings(error: unknown): { decision: RetryDecision; reason: string } {
  const facts = errorFacts(error);
  return facts.name === "ConflictException" && SIBLINGS_FIRST.test(facts.message)
    ? { decision: "retry", reason: "recommended version goes last" }
    : { decision: "fail", reason: "not a sibling-order conflict" };
}

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
  const waitForRegistration = (ctx: OperationContext, key: VersionKey) =>
    ctx.waitFor({
      description: `${api.kind} "${versionId(key)}" registration`,
      poll: () => ctx.find(`Get${api.kind}`, (c) => api.get(c, key)),
      status: (v) => String(v?.status),
      succeeded: ["DRAFT", "PUBLISHED"],
      failed: ["REGISTRATION_FAILED"],
      statusMessage: (v) => v?.statusMessage,
    });

  const remove = async (ctx: OperationContext, key: VersionKey) => {
    const deleteCall = () => ctx.call(`Delete${api.kind}`, (c) => api.delete(c, key));
    try {
      await deleteCall();
    } catch (error) {
      if (waitForSiblings(error).decision !== "retry") throw error;
      // Proton deletes a recommended version last. Pulumi deletes newer versions (dependents) before
      // older ones, so waiting alone could deadlock: demote this one to DRAFT (it stops being
      // recommended), then delete. If Proton refuses the demotion, siblings deleted concurrently
      // still unblock the bounded retry.
      ctx.log(
        `${api.kind} "${versionId(key)}" is the recommended version: demoting it to DRAFT before deleting`,
      );
      await ctx
        .call(`Update${api.kind}`, (c) => api.update(c, { ...key, status: "DRAFT" }))
        .catch(() => undefined);
      await withRetry(
        deleteCall,
        ctx.settings,
        (_e, attempt) =>
          ctx.log(`${api.kind} "${versionId(key)}": other versions still exist (attempt ${attempt})`),
        waitForSiblings,
      );
    }
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
      const created = await createOnce({
        token: clientToken(api.kind, { owner: inputs.owner, request }),
        create: (token) =>
          ctx.call(`Create${api.kind}`, (c) => api.create(c, { ...request, clientToken: token })),
        exists: async (detail) =>
          detail !== undefined &&
          (await ctx.find(`Get${api.kind}`, (c) => api.get(c, keyOf(detail)))) !== undefined,
        replayedDeleted: async () =>
          (await ctx.find(`Get${api.template.kind}`, (c) => api.template.get(c, request.templateName))) !==
          undefined,
      });
      if (!created) throw new Error(`Create${api.kind} returned no version`);
      const key = keyOf(created);
      const id = versionId(key);
      // From here on the version exists: any failure keeps it in the state (partial failure),
      // except a failed registration, which is useless and deleted so the next attempt starts clean.
      const partial = async (error: unknown, step: string) =>
        new PartialFailure(
          id,
          { ...inputs, ...((await liveState(ctx, api, key).catch(() => undefined)) ?? key) },
          [`${step} failed: ${(error as Error).message}`],
        );
      try {
        await waitForRegistration(ctx, key);
      } catch (error) {
        if (error instanceof ProtonStateError && error.status === "REGISTRATION_FAILED") {
          await remove(ctx, key).catch(() => undefined);
          throw error;
        }
        throw await partial(error, "waiting for registration");
      }
      if (inputs.status === "PUBLISHED") {
        try {
          await ctx.call(`Update${api.kind}`, (c) => api.update(c, { ...key, status: "PUBLISHED" }));
        } catch (error) {
          throw await partial(error, "publishing");
        }
      }
      const live = await liveState(ctx, api, key);
      if (!live) throw new Error(`${api.kind} "${id}" vanished right after creation`);
      return { id, outs: live };
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
  const tags = await readTags(ctx, detail.arn);
  return toState({ ...detail, tags }) as TemplateVersionState;
}
