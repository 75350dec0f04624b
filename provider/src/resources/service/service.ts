/**
 * Service: created from a service template version with a spec that lists its first instances and
 * its pipeline inputs. After creation Proton deploys instances and the pipeline separately, so the
 * service's `spec`, `templateMajorVersion` and `templateMinorVersion` only seed the creation: later
 * edits to them are not changes of the Service. ServiceInstance and ServicePipeline resources own
 * what runs afterwards (see provider/README.md, "Services, instances and pipelines").
 */
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  GetServiceCommand,
  ListServiceInstancesCommand,
  UpdateServiceCommand,
  type Service,
} from "@aws-sdk/client-proton";
import { arnRule, type Rule } from "../../core/check";
import type { OperationContext } from "../../core/context";
import { present, ProtonStateError } from "../../core/errors";
import { defineResource, toState } from "../../core/resource";
import { reconcileTags } from "../../core/tags";
import { GONE } from "../../core/wait";
import { compact } from "../../core/values";
import { ServiceSchema, type ServiceInputs } from "../../generated/schema";
import { BUSY_STATUSES } from "../deployable";
import { claimExisting, creationRequest, FROM_TEMPLATE_RULES, ownedTags } from "../fromTemplate";
import { readUserTags } from "../ownership";
import { serviceSpecTarget, withSpecCheck } from "../specCheck";

export type ServiceState = ServiceInputs & Record<string, unknown>;

const SERVICE_CREATE_FAILED = [
  "CREATE_FAILED",
  "CREATE_FAILED_CLEANUP_COMPLETE",
  "CREATE_FAILED_CLEANUP_FAILED",
];

const rules: Rule[] = [
  ...FROM_TEMPLATE_RULES,
  arnRule("repositoryConnectionArn", "a CodeStar connection"),
  { property: "repositoryId", type: "string", minLength: 1, maxLength: 200 },
  { property: "branchName", type: "string", minLength: 1, maxLength: 200 },
];

const serviceResource = defineResource<ServiceInputs, ServiceState>({
  schema: ServiceSchema,
  rules,
  // They only seed the creation; instances and the pipeline carry what runs afterwards.
  creationOnly: ["spec", "templateMajorVersion", "templateMinorVersion"],
  uniqueBy: ["name"],
  autoName: { property: "name", maxLength: 100 },
  describe: (bag, id) => String(bag.name ?? id ?? "(unnamed)"),
  create,
  read: (ctx, id) => serviceState(ctx, id),
  async update(ctx, id, olds, news, changed) {
    if (changed.includes("description")) await updateDescription(ctx, id, news);
    if (changed.includes("tags")) await reconcileTags(ctx, String(olds.arn), olds.tags, news.tags);
    return present(await serviceState(ctx, id), `Service "${id}"`, "disappeared during update");
  },
  delete: (ctx, id) => deleteService(ctx, id),
});

async function create(ctx: OperationContext, inputs: ServiceInputs) {
  const name = inputs.name as string;
  const existing = await findService(ctx, name);
  if (existing) {
    // Ours from an interrupted run, or an explicit import: take it over as it is.
    const how = "adopting the existing service";
    const liveTags = await claimExisting(ctx, `Service "${name}"`, existing.arn, inputs, how);
    const service = await waitForService(ctx, name);
    if (SERVICE_CREATE_FAILED.includes(service.status ?? "")) {
      // A failed creation can only be deleted; do that and create again below.
      await deleteService(ctx, name);
    } else {
      if ((existing.description ?? "") !== (inputs.description ?? ""))
        await updateDescription(ctx, name, inputs);
      if (existing.arn) await reconcileTags(ctx, existing.arn, liveTags, inputs.tags);
      return { id: name, outs: (await serviceState(ctx, name)) as ServiceState };
    }
  }
  await ctx.call("CreateService", (c) =>
    c.send(
      new CreateServiceCommand(
        compact({
          ...creationRequest(inputs),
          repositoryConnectionArn: inputs.repositoryConnectionArn,
          repositoryId: inputs.repositoryId,
          branchName: inputs.branchName,
          tags: ownedTags(inputs),
        }),
      ),
    ),
  );
  const service = await waitForService(ctx, name);
  if (service.status !== "ACTIVE") {
    // Nothing of a failed service can be updated: clean it up so the next `up` starts afresh.
    const reason = `Service "${name}" creation ended in ${service.status}: ${service.statusMessage ?? "no message"}`;
    ctx.log(`${reason}; deleting it`);
    await deleteService(ctx, name);
    throw new ProtonStateError(reason, String(service.status));
  }
  const state = await serviceState(ctx, name);
  return { id: name, outs: present(state, `Service "${name}"`, "vanished right after creation") };
}

async function updateDescription(ctx: OperationContext, name: string, inputs: ServiceInputs): Promise<void> {
  await waitForService(ctx, name);
  await ctx.call("UpdateService", (c) =>
    // Proton clears a description given as an empty string.
    c.send(new UpdateServiceCommand({ name, description: inputs.description ?? "" })),
  );
  await waitForService(ctx, name);
}

async function deleteService(ctx: OperationContext, name: string): Promise<void> {
  await waitForService(ctx, name);
  await ctx.waitFor({
    description: `Service "${name}" (waiting for instance and pipeline deployments)`,
    poll: async () => {
      const service = await findService(ctx, name);
      return service && ((await childrenBusy(ctx, service)) ? "BUSY" : "IDLE");
    },
    status: (v) => v ?? GONE,
    succeeded: ["IDLE", GONE],
    failed: [],
  });
  await ctx.call("DeleteService", (c) => c.send(new DeleteServiceCommand({ name })));
  await ctx.waitFor({
    description: `Service "${name}" deletion`,
    poll: () => findService(ctx, name),
    status: (s) => s?.status ?? GONE,
    succeeded: [GONE],
    failed: ["DELETE_FAILED"],
    statusMessage: (s) => s?.statusMessage,
  });
}

/**
 * Live details plus every output. Proton's current service spec is `liveSpec`: `spec` stays what the
 * program created the service with, so instance changes never show as the service's drift.
 */
async function serviceState(ctx: OperationContext, name: string): Promise<ServiceState | undefined> {
  const service = await findService(ctx, name);
  if (!service) return undefined;
  const { spec: liveSpec, ...rest } = service;
  const tags = await readUserTags(ctx, service.arn);
  return toState({ ...rest, liveSpec, tags }) as ServiceState;
}

/** The service, or undefined when it does not exist. */
export async function findService(ctx: OperationContext, name: string): Promise<Service | undefined> {
  return (await ctx.find("GetService", (c) => c.send(new GetServiceCommand({ name }))))?.service;
}

/** Whether an instance or the pipeline is mid-deployment (Proton refuses DeleteService then). */
async function childrenBusy(ctx: OperationContext, service: Service): Promise<boolean> {
  if (BUSY_STATUSES.includes(service.pipeline?.deploymentStatus ?? "")) return true;
  let nextToken: string | undefined;
  do {
    const page = await ctx.call("ListServiceInstances", (c) =>
      c.send(new ListServiceInstancesCommand({ serviceName: service.name, nextToken })),
    );
    if ((page.serviceInstances ?? []).some((i) => BUSY_STATUSES.includes(i.deploymentStatus ?? "")))
      return true;
    nextToken = page.nextToken;
  } while (nextToken);
  return false;
}

/** Waits until the service accepts changes (its own, or its instances' and pipeline's). */
export async function waitForService(ctx: OperationContext, name: string): Promise<Service> {
  const { value } = await ctx.waitFor({
    description: `Service "${name}"`,
    poll: () => findService(ctx, name),
    status: (s) => s?.status ?? GONE,
    succeeded: [
      "ACTIVE",
      "UPDATE_FAILED",
      "UPDATE_FAILED_CLEANUP_COMPLETE",
      "UPDATE_COMPLETE_CLEANUP_FAILED",
      "UPDATE_FAILED_CLEANUP_FAILED",
      ...SERVICE_CREATE_FAILED,
    ],
    failed: [],
  });
  return value as Service;
}

/** The spec is checked against the version's schema at preview (specCheck.ts). */
export const serviceProvider = withSpecCheck(serviceResource, "Service", serviceSpecTarget);
