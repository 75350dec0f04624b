/**
 * Environment and service templates: one module parameterized by kind. The kinds differ only in
 * their SDK commands and in which provisioning member they carry.
 */
import {
  CreateEnvironmentTemplateCommand,
  CreateServiceTemplateCommand,
  DeleteEnvironmentTemplateCommand,
  DeleteServiceTemplateCommand,
  GetEnvironmentTemplateCommand,
  GetServiceTemplateCommand,
  UpdateEnvironmentTemplateCommand,
  UpdateServiceTemplateCommand,
  type EnvironmentTemplate,
  type ProtonClient,
  type ServiceTemplate,
  type Tag,
} from "@aws-sdk/client-proton";
import { arnRule, nameRule, type Rule } from "../core/check";
import type { OperationContext } from "../core/context";
import { defineResource, type ResourceSchema } from "../core/resource";
import { reconcileTags, toTagList } from "../core/tags";
import { GONE } from "../core/wait";
import { compact } from "../core/values";
import {
  EnvironmentTemplateSchema,
  ServiceTemplateSchema,
  type EnvironmentTemplateInputs,
  type ServiceTemplateInputs,
} from "../generated/schema";
import { createOrAdoptOwn, readUserTags, withOwnerTag } from "./ownership";

export type ProvisioningMember = "provisioning" | "pipelineProvisioning";

/** Both kinds' inputs: they differ only in the provisioning member. */
export type TemplateInputs = EnvironmentTemplateInputs & ServiceTemplateInputs;

export type TemplateDetail = EnvironmentTemplate | ServiceTemplate;
export type TemplateState = TemplateInputs & Record<string, unknown>;

interface TemplateCreateRequest {
  name: string;
  displayName?: string;
  description?: string;
  encryptionKey?: string;
  provisioning?: string;
  tags?: Tag[];
}

/** The SDK calls that differ between the two kinds. */
export interface TemplateApi {
  kind: "EnvironmentTemplate" | "ServiceTemplate";
  schema: ResourceSchema;
  provisioningMember: ProvisioningMember;
  create(c: ProtonClient, request: TemplateCreateRequest): Promise<TemplateDetail | undefined>;
  get(c: ProtonClient, name: string): Promise<TemplateDetail | undefined>;
  update(
    c: ProtonClient,
    request: { name: string; displayName?: string; description?: string },
  ): Promise<unknown>;
  delete(c: ProtonClient, name: string): Promise<unknown>;
}

export const environmentTemplateApi: TemplateApi = {
  kind: "EnvironmentTemplate",
  schema: EnvironmentTemplateSchema,
  provisioningMember: "provisioning",
  create: async (c, { provisioning, ...rest }) =>
    (
      await c.send(
        new CreateEnvironmentTemplateCommand({
          ...rest,
          provisioning: provisioning as EnvironmentTemplate["provisioning"],
        }),
      )
    ).environmentTemplate,
  get: async (c, name) => (await c.send(new GetEnvironmentTemplateCommand({ name }))).environmentTemplate,
  update: (c, request) => c.send(new UpdateEnvironmentTemplateCommand(request)),
  delete: (c, name) => c.send(new DeleteEnvironmentTemplateCommand({ name })),
};

export const serviceTemplateApi: TemplateApi = {
  kind: "ServiceTemplate",
  schema: ServiceTemplateSchema,
  provisioningMember: "pipelineProvisioning",
  create: async (c, { provisioning, ...rest }) =>
    (
      await c.send(
        new CreateServiceTemplateCommand({
          ...rest,
          pipelineProvisioning: provisioning as ServiceTemplate["pipelineProvisioning"],
        }),
      )
    ).serviceTemplate,
  get: async (c, name) => (await c.send(new GetServiceTemplateCommand({ name }))).serviceTemplate,
  update: (c, request) => c.send(new UpdateServiceTemplateCommand(request)),
  delete: (c, name) => c.send(new DeleteServiceTemplateCommand({ name })),
};

/** Proton's limits on the members both kinds share (types, enums and tags come from the schema). */
export const TEMPLATE_RULES: readonly Rule[] = [
  nameRule("name"),
  { property: "displayName", type: "string", minLength: 1, maxLength: 100 },
  { property: "description", type: "string", maxLength: 500 },
  arnRule("encryptionKey", "a KMS key"),
];

export function templateProvider(api: TemplateApi) {
  const member = api.provisioningMember;

  /** Sends only what changed: Update<Kind> for display name/description, Tag/Untag for tags. */
  async function converge(
    ctx: OperationContext,
    id: string,
    olds: TemplateState,
    news: TemplateInputs,
    changed: readonly string[],
  ): Promise<TemplateState> {
    const editable = changed.filter((p) => p === "displayName" || p === "description");
    if (editable.length > 0) {
      await ctx.call(`Update${api.kind}`, (c) =>
        api.update(
          c,
          compact({
            name: id,
            // Proton cannot clear a display name (min length 1): removing it keeps the current one.
            displayName: changed.includes("displayName") ? news.displayName : undefined,
            // Proton clears a description given as an empty string.
            description: changed.includes("description") ? (news.description ?? "") : undefined,
          }),
        ),
      );
    }
    if (changed.includes("tags")) await reconcileTags(ctx, String(olds.arn), olds.tags, news.tags);
    const live = await liveState(ctx, api, id);
    if (!live) throw new Error(`${api.kind} "${id}" disappeared during update`);
    return live;
  }

  return defineResource<TemplateInputs, TemplateState>({
    schema: api.schema,
    rules: TEMPLATE_RULES,
    uniqueBy: ["name"],
    autoName: { property: "name", maxLength: 100 },
    describe: (bag, id) => String(bag.name ?? id ?? "(unnamed)"),

    async create(ctx, inputs) {
      const name = inputs.name as string;
      const outcome = await createOrAdoptOwn(
        ctx,
        `${api.kind} "${name}"`,
        name,
        inputs,
        () =>
          ctx.call(`Create${api.kind}`, (c) =>
            api.create(
              c,
              compact({
                name,
                displayName: inputs.displayName,
                description: inputs.description,
                encryptionKey: inputs.encryptionKey,
                provisioning: inputs[member],
                // Templates take no clientToken: the owner tag lets a re-run recognise its own create.
                tags: toTagList(withOwnerTag(inputs.tags, inputs.owner)),
              }),
            ),
          ),
        () => ctx.find(`Get${api.kind}`, (c) => api.get(c, name)),
      );
      if ("existing" in outcome) return outcome;
      if (!outcome.created) throw new Error(`Create${api.kind} returned no template`);
      // The tags are the ones this create just wrote: reading them back would learn nothing.
      return { id: name, outs: { ...outcome.created, tags: inputs.tags ?? {} } as TemplateState };
    },

    read: (ctx, id) => liveState(ctx, api, id),

    update: (ctx, id, olds, news, changed) => converge(ctx, id, olds, news, changed),

    async delete(ctx, id) {
      await ctx.call(`Delete${api.kind}`, (c) => api.delete(c, id));
      await ctx.waitFor({
        description: `${api.kind} "${id}" deletion`,
        poll: () => ctx.find(`Get${api.kind}`, (c) => api.get(c, id)),
        status: () => "DELETING",
        succeeded: [GONE],
        failed: [],
      });
    },
  });
}

/** The template with its user tags, or undefined when it does not exist. */
async function liveState(
  ctx: OperationContext,
  api: TemplateApi,
  name: string,
): Promise<TemplateState | undefined> {
  const detail = await ctx.find(`Get${api.kind}`, (c) => api.get(c, name));
  if (!detail) return undefined;
  // The owner tag is the provider's bookkeeping, never the user's tags (nor drift).
  const tags = await readUserTags(ctx, detail.arn);
  return { ...detail, tags } as TemplateState;
}
