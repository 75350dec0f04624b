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
import { isConflict, present, ProtonStateError } from "../../core/errors";
import { defineResource, toState, type CreateOutcome } from "../../core/resource";
import { reconcileTags, type TagMap } from "../../core/tags";
import { GONE } from "../../core/wait";
import { compact } from "../../core/values";
import { ServiceSchema, type ServiceInputs } from "../../generated/schema";
import { BUSY_STATUSES } from "../deployable";
import { creationRequest, fromTemplateRules, ownedTags } from "../fromTemplate";
import { createOrAdoptOwn, readUserTags } from "../ownership";
import { serviceSpecTarget, withSpecCheck } from "../specCheck";

export type ServiceState = ServiceInputs & Record<string, unknown>;

const SERVICE_CREATE_FAILED = [
  "CREATE_FAILED",
  "CREATE_FAILED_CLEANUP_COMPLETE",
  "CREATE_FAILED_CLEANUP_FAILED",
];

const rules: Rule[] = [
  ...fromTemplateRules("ServiceSpec"),
  arnRule("repositoryConnectionArn", "a CodeStar connection"),
  { property: "repositoryId", type: "string", minLength: 1, maxLength: 200 },
  { property: "branchName", type: "string", minLength: 1, maxLength: 200 },
];

const serviceResource = defineResource<ServiceInputs, ServiceState>({
  schema: ServiceSchema,
  rules,
  // They only seed the creation; instances and the pipeline carry what runs afterwards.
  creationOnly: ["spec", "templateMajorVersion", "templateMinorVersion"],
  requiredToCreate: ["spec", "templateMajorVersion"],
  uniqueBy: ["name"],
  autoName: { property: "name", maxLength: 100 },
  describe: (bag, id) => String(bag.name ?? id ?? "(unnamed)"),
  create,
  read: async (ctx, id, props) => {
    const service = await findService(ctx, id);
    const state = await serviceState(ctx, service);
    // An import has no creation inputs: it takes what Proton runs (both are creation-only, never diffed).
    if (state && props.spec === undefined) state.spec = service?.spec;
    if (state && props.templateMajorVersion === undefined && service?.pipeline)
      state.templateMajorVersion = service.pipeline.templateMajorVersion;
    return state;
  },
  async update(ctx, id, olds, news, changed) {
    let service = changed.includes("description") ? await updateDescription(ctx, id, news) : undefined;
    if (changed.includes("tags")) await reconcileTags(ctx, String(olds.arn), olds.tags, news.tags);
    service ??= await findService(ctx, id);
    const state = await serviceState(ctx, service, (changed.includes("tags") ? news.tags : olds.tags) ?? {});
    return present(state, `Service "${id}"`, "disappeared during update");
  },
  delete: (ctx, id) => deleteService(ctx, id),
});

async function create(ctx: OperationContext, inputs: ServiceInputs): Promise<CreateOutcome<ServiceState>> {
  const name = inputs.name as string;
  const what = `Service "${name}"`;
  const outcome = await createOrAdoptOwn(
    ctx,
    what,
    name,
    inputs,
    () =>
      ctx.call("CreateService", (c) =>
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
      ),
    () => findService(ctx, name),
  );
  if ("existing" in outcome) {
    // Ours (an interrupted run, or this create retried after a lost answer): let it settle. The core
    // then adopts it, unless its creation failed: such a service can only be deleted and made again.
    const service = await waitForService(ctx, name);
    if (!SERVICE_CREATE_FAILED.includes(service.status ?? "")) return outcome;
    await deleteService(ctx, name);
    return create(ctx, inputs);
  }
  const service = await waitForService(ctx, name, outcome.created.service);
  if (service.status !== "ACTIVE") {
    // Nothing of a failed service can be updated: clean it up so the next `up` starts afresh.
    const reason = `${what} creation ended in ${service.status}: ${service.statusMessage ?? "no message"}`;
    ctx.log(`${reason}; deleting it`);
    await deleteService(ctx, name);
    throw new ProtonStateError(reason, String(service.status));
  }
  // The tags are the ones this create just wrote: reading them back would learn nothing.
  return { id: name, outs: present(await serviceState(ctx, service, inputs.tags ?? {}), what, "vanished") };
}

/** For a call Proton refuses while the service or its children are busy: wait, then send again. */
function retryWhenServiceIdle(ctx: OperationContext, name: string) {
  return async (error: unknown): Promise<boolean> => {
    if (!isConflict(error)) return false;
    const service = await findService(ctx, name);
    if (!service) return false;
    const busy = BUSY_SERVICE_STATUSES.includes(service.status ?? "") || (await childrenBusy(ctx, service));
    if (busy) await waitForIdleFamily(ctx, name);
    return busy;
  };
}

async function updateDescription(
  ctx: OperationContext,
  name: string,
  inputs: ServiceInputs,
): Promise<Service> {
  await waitForService(ctx, name);
  const answer = await ctx.call(
    "UpdateService",
    // Proton clears a description given as an empty string.
    (c) => c.send(new UpdateServiceCommand({ name, description: inputs.description ?? "" })),
    { recover: retryWhenServiceIdle(ctx, name) },
  );
  return waitForService(ctx, name, answer.service);
}

/** Waits until the service and its instances and pipeline are idle (Proton refuses DeleteService otherwise). */
async function waitForIdleFamily(ctx: OperationContext, name: string): Promise<void> {
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
}

async function deleteService(ctx: OperationContext, name: string): Promise<void> {
  await waitForIdleFamily(ctx, name);
  const answer = await ctx.call("DeleteService", (c) => c.send(new DeleteServiceCommand({ name })), {
    recover: retryWhenServiceIdle(ctx, name),
  });
  await ctx.waitFor({
    description: `Service "${name}" deletion`,
    poll: () => findService(ctx, name),
    status: (s) => s?.status ?? GONE,
    succeeded: [GONE],
    failed: ["DELETE_FAILED"],
    statusMessage: (s) => s?.statusMessage,
    ...(answer.service ? { initial: answer.service } : {}),
  });
}

/**
 * Live details plus every output. Proton's current service spec is `liveSpec`: `spec` stays what the
 * program created the service with, so instance changes never show as the service's drift.
 */
async function serviceState(
  ctx: OperationContext,
  service: Service | undefined,
  knownTags?: TagMap,
): Promise<ServiceState | undefined> {
  if (!service) return undefined;
  const { spec: liveSpec, ...rest } = service;
  const tags = knownTags ?? (await readUserTags(ctx, service.arn));
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

/** Statuses in which Proton refuses changes to the service itself. */
const BUSY_SERVICE_STATUSES = ["CREATE_IN_PROGRESS", "UPDATE_IN_PROGRESS", "DELETE_IN_PROGRESS"];

/**
 * Waits until the service accepts changes (its own, or its instances' and pipeline's). `answered`:
 * what the request that started the work returned, judged first.
 */
export async function waitForService(
  ctx: OperationContext,
  name: string,
  answered?: Service,
): Promise<Service> {
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
    ...(answered ? { initial: answered } : {}),
  });
  return value as Service;
}

/** The spec is checked against the version's schema at preview (specCheck.ts). */
export const serviceProvider = withSpecCheck(serviceResource, "Service", serviceSpecTarget);
