/**
 * ServiceSyncConfig: a service's proton-ops file in a linked repository. Repository, branch and file
 * path update in place (UpdateServiceSyncConfig takes every member); the service replaces it.
 */
import {
  CreateServiceSyncConfigCommand,
  DeleteServiceSyncConfigCommand,
  GetServiceSyncConfigCommand,
  UpdateServiceSyncConfigCommand,
  type RepositoryProvider,
} from "@aws-sdk/client-proton";
import { nameRule, type Rule } from "../core/check";
import type { OperationContext } from "../core/context";
import { defineResource, toState } from "../core/resource";
import { ServiceSyncConfigSchema, type ServiceSyncConfigInputs } from "../generated/schema";
import { refuseExisting, SYNC_RULES } from "./syncConfig";

type ServiceSyncConfigState = ServiceSyncConfigInputs & Record<string, unknown>;

const rules: Rule[] = [
  nameRule("serviceName"),
  ...SYNC_RULES,
  { property: "filePath", type: "string", minLength: 1, maxLength: 4096 },
];

const request = (serviceName: string, inputs: ServiceSyncConfigInputs) => ({
  serviceName,
  repositoryProvider: inputs.repositoryProvider as RepositoryProvider,
  repositoryName: inputs.repositoryName as string,
  branch: inputs.branch as string,
  filePath: inputs.filePath as string,
});

export const serviceSyncConfigProvider = defineResource<ServiceSyncConfigInputs, ServiceSyncConfigState>({
  schema: ServiceSyncConfigSchema,
  rules,
  uniqueBy: ["serviceName"],
  describe: (bag, id) => id ?? String(bag.serviceName),

  async create(ctx, inputs) {
    const id = inputs.serviceName as string;
    refuseExisting(`ServiceSyncConfig "${id}"`, id, await serviceSyncConfigState(ctx, id));
    await ctx.call("CreateServiceSyncConfig", (c) =>
      c.send(new CreateServiceSyncConfigCommand(request(id, inputs))),
    );
    const live = await serviceSyncConfigState(ctx, id);
    if (!live) throw new Error(`ServiceSyncConfig "${id}" vanished right after creation`);
    return { id, outs: live };
  },

  read: (ctx, id) => serviceSyncConfigState(ctx, id),

  async update(ctx, id, _olds, news) {
    await ctx.call("UpdateServiceSyncConfig", (c) =>
      c.send(new UpdateServiceSyncConfigCommand(request(id, news))),
    );
    const live = await serviceSyncConfigState(ctx, id);
    if (!live) throw new Error(`ServiceSyncConfig "${id}" disappeared during update`);
    return live;
  },

  async delete(ctx, id) {
    await ctx.call("DeleteServiceSyncConfig", (c) =>
      c.send(new DeleteServiceSyncConfigCommand({ serviceName: id })),
    );
  },
});

async function serviceSyncConfigState(ctx: OperationContext, serviceName: string) {
  const found = await ctx.find("GetServiceSyncConfig", (c) =>
    c.send(new GetServiceSyncConfigCommand({ serviceName })),
  );
  return found?.serviceSyncConfig && (toState(found.serviceSyncConfig) as ServiceSyncConfigState);
}
