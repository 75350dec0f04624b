/**
 * ServiceInstance: one deployment of a service into an environment. It adopts an instance the
 * service's creation spec listed, or adds one by re-specifying the service with it (UpdateService
 * "lists the instances to add and to keep"); its `spec` is the instance's own inputs, and each change
 * deploys this instance only, with the deploymentType from the table. Removing it re-specifies the
 * service without it (Proton has no DeleteServiceInstance); the last instance of a service stays
 * until the service goes, as Proton requires one.
 */
import {
  GetServiceInstanceCommand,
  ListServiceInstancesCommand,
  UpdateServiceCommand,
  UpdateServiceInstanceCommand,
  type ServiceInstance,
} from "@aws-sdk/client-proton";
import { nameRule, type Rule } from "../core/check";
import { clientToken } from "../core/clientToken";
import type { OperationContext } from "../core/context";
import type { PropertyTable } from "../core/diff";
import { errorFacts, operationError, present, ProtonStateError } from "../core/errors";
import { preferSpelling } from "../core/deploymentType";
import { defineResource, toState, type ResourceInputs } from "../core/resource";
import { readTags, reconcileTags, type TagMap } from "../core/tags";
import { compact } from "../core/values";
import {
  deploy,
  DEPLOYMENT_PROPERTIES,
  DEPLOYMENT_RULES,
  recordingFailure,
  REFUSED,
  waitForDeployment,
  waitUntilGone,
  withDeploymentRules,
  type Deployable,
  type DeployedState,
} from "./deployable";
import { getService, waitForService } from "./service";
import {
  inputsOf,
  instanceEntries,
  instanceSection,
  pipelineSection,
  serviceSpec,
  type InstanceEntry,
} from "./serviceSpec";

export interface ServiceInstanceInputs extends ResourceInputs {
  name?: string;
  serviceName?: string;
  /** Where a new instance runs; an adopted instance must already run there. */
  environmentName?: string;
  /** This instance's inputs (YAML mapping: the `spec:` of its entry in a service spec). */
  spec?: string;
  templateMajorVersion?: string;
  templateMinorVersion?: string;
  tags?: TagMap;
}

export type ServiceInstanceState = ServiceInstanceInputs & DeployedState & Record<string, unknown>;

/** The live instance with `spec` narrowed to its own inputs; `serviceSpec` is Proton's whole document. */
type LiveInstance = ServiceInstance & DeployedState & { serviceSpec?: string };

const rules: Rule[] = [
  nameRule("name"),
  nameRule("serviceName"),
  nameRule("environmentName"),
  ...DEPLOYMENT_RULES,
  { property: "tags", type: "tags" },
];

const properties: PropertyTable = {
  name: { onChange: "replace" },
  serviceName: { onChange: "replace" },
  // An instance never moves between environments.
  environmentName: { onChange: "replace" },
  ...DEPLOYMENT_PROPERTIES,
  tags: { onChange: "update" },
};

export const instanceId = (serviceName: string, name: string) => `${serviceName}/${name}`;

function parseId(id: string): { serviceName: string; name: string } {
  const [serviceName, name] = id.split("/");
  return { serviceName, name };
}

async function getInstance(
  ctx: OperationContext,
  serviceName: string,
  name: string,
): Promise<LiveInstance | undefined> {
  const found = await ctx.find("GetServiceInstance", (c) =>
    c.send(new GetServiceInstanceCommand({ serviceName, name })),
  );
  const detail = found?.serviceInstance;
  if (!detail) return undefined;
  return { ...detail, spec: instanceSection(detail.spec, name), serviceSpec: detail.spec } as LiveInstance;
}

function instanceTarget(ctx: OperationContext, serviceName: string, name: string): Deployable<LiveInstance> {
  return {
    what: `ServiceInstance "${instanceId(serviceName, name)}"`,
    get: () => getInstance(ctx, serviceName, name),
    update: (request, current) => {
      const spec =
        request.spec === undefined
          ? undefined
          : serviceSpec([
              { name, environment: String(current.environmentName), inputs: inputsOf(request.spec) },
            ]);
      // Replays only a retry of this very attempt: a later attempt follows another deployment id.
      const token = clientToken("UpdateServiceInstance", {
        serviceName,
        name,
        ...request,
        after: current.lastAttemptedDeploymentId,
      });
      return ctx.call("UpdateServiceInstance", (c) =>
        c.send(
          new UpdateServiceInstanceCommand(
            compact({ serviceName, name, ...request, spec, clientToken: token }),
          ),
        ),
      );
    },
  };
}

async function toInstanceState(
  ctx: OperationContext,
  live: LiveInstance | undefined,
  previousSpec?: unknown,
): Promise<ServiceInstanceState | undefined> {
  if (!live) return undefined;
  const tags = await readTags(ctx, live.arn);
  return toState({ ...live, spec: preferSpelling(live.spec, previousSpec), tags }) as ServiceInstanceState;
}

async function create(ctx: OperationContext, inputs: ServiceInstanceInputs) {
  const serviceName = inputs.serviceName as string;
  const name = inputs.name as string;
  const id = instanceId(serviceName, name);
  const target = instanceTarget(ctx, serviceName, name);
  const stateOf = async (live: LiveInstance | undefined) => ({
    ...inputs,
    ...(await toInstanceState(ctx, live, inputs.spec)),
  });
  await waitForService(ctx, serviceName);
  const existing = await target.get();
  if (existing) {
    // Listed by the service's creation spec (or added by an interrupted run): adopt and converge.
    if (inputs.environmentName && existing.environmentName !== inputs.environmentName) {
      throw new ProtonStateError(
        `${target.what} already runs in environment ${existing.environmentName}, not ${inputs.environmentName}`,
        REFUSED,
      );
    }
    await recordingFailure(target, id, stateOf, () => deploy(ctx, target, inputs));
    if (existing.arn) await reconcileTags(ctx, existing.arn, await readTags(ctx, existing.arn), inputs.tags);
  } else {
    const entry = { name, environment: inputs.environmentName as string, inputs: inputsOf(inputs.spec) };
    await respecService(ctx, serviceName, (entries) =>
      entries.some((e) => e.name === name) ? undefined : [...entries, entry],
    );
    await recordingFailure(target, id, stateOf, async () => {
      await waitForDeployment(ctx, target);
      // Added instances start on the service's version: move to the one asked for, if any.
      await deploy(ctx, target, inputs);
    });
    const created = await target.get();
    if (created?.arn) await reconcileTags(ctx, created.arn, {}, inputs.tags);
  }
  const state = await toInstanceState(ctx, await target.get(), inputs.spec);
  return { id, outs: present(state, target.what, "vanished right after creation") };
}

/** Every instance of the service as a spec entry, following pagination. */
async function currentEntries(ctx: OperationContext, serviceName: string): Promise<InstanceEntry[]> {
  const entries: InstanceEntry[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ctx.call("ListServiceInstances", (c) =>
      c.send(new ListServiceInstancesCommand({ serviceName, nextToken })),
    );
    for (const summary of page.serviceInstances ?? []) {
      const live = await getInstance(ctx, serviceName, String(summary.name));
      if (!live || live.deploymentStatus === "DELETE_IN_PROGRESS") continue;
      const entry = instanceEntries(live.serviceSpec).find((e) => e.name === summary.name);
      entries.push({
        name: String(summary.name),
        environment: String(summary.environmentName),
        inputs: entry?.inputs ?? {},
      });
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return entries;
}

const isConflict = (error: unknown) => errorFacts(error).name === "ConflictException";

/**
 * One re-spec of a service at a time in this process. The engine adds and removes a stack's instances
 * in parallel, all through this one provider process; each re-spec reads the instance list and writes
 * it whole, so two interleaved ones would drop each other's instance.
 */
const respecQueue = new Map<string, Promise<unknown>>();

async function exclusively<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const run = (respecQueue.get(key) ?? Promise.resolve()).catch(() => undefined).then(fn);
  respecQueue.set(key, run);
  try {
    return await run;
  } finally {
    if (respecQueue.get(key) === run) respecQueue.delete(key);
  }
}

/**
 * Re-specifies the service with the instances `change` returns (undefined: nothing to do), and waits
 * until Proton has applied it. A change by someone else in between (a conflict) means: read again.
 */
async function respecService(
  ctx: OperationContext,
  serviceName: string,
  change: (entries: InstanceEntry[]) => InstanceEntry[] | undefined,
): Promise<boolean> {
  const { endpoint, region, profile, roleArn } = ctx.connection;
  const key = JSON.stringify([endpoint, region, profile, roleArn, serviceName]);
  return exclusively(key, () => respecOnce(ctx, serviceName, change));
}

async function respecOnce(
  ctx: OperationContext,
  serviceName: string,
  change: (entries: InstanceEntry[]) => InstanceEntry[] | undefined,
): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const service = await waitForService(ctx, serviceName);
    const entries = change(await currentEntries(ctx, serviceName));
    if (entries === undefined) return false;
    const pipeline = inputsOf(pipelineSection(service.pipeline?.spec ?? service.spec) ?? "");
    const spec = serviceSpec(entries, service.pipeline ? pipeline : undefined);
    try {
      await ctx.client.send(new UpdateServiceCommand({ name: serviceName, spec }));
      await waitForService(ctx, serviceName);
      return true;
    } catch (error) {
      if (!isConflict(error) || attempt >= 20)
        throw operationError(ctx.kind, ctx.name, "UpdateService", error);
    }
  }
}

async function removeInstance(ctx: OperationContext, serviceName: string, name: string): Promise<void> {
  const target = instanceTarget(ctx, serviceName, name);
  let last = false;
  await respecService(ctx, serviceName, (entries) => {
    if (!entries.some((e) => e.name === name)) return undefined;
    const remaining = entries.filter((e) => e.name !== name);
    last = remaining.length === 0;
    return last ? undefined : remaining;
  });
  if (last) {
    ctx.log(
      `${target.what}: the last instance of a service is removed with the service; leaving it in place`,
    );
    return;
  }
  await waitUntilGone(ctx, target, "removal");
}

export const serviceInstanceProvider = withDeploymentRules(
  defineResource<ServiceInstanceInputs, ServiceInstanceState>({
    kind: "ServiceInstance",
    rules,
    diff: { properties, uniqueBy: ["name"] },
    // Every diffed member is one Proton reports back.
    inputMembers: Object.keys(properties),
    describe: (bag, id) => String(id ?? instanceId(String(bag.serviceName), String(bag.name))),
    create,
    async read(ctx, id, props) {
      const { serviceName, name } = parseId(id);
      return toInstanceState(ctx, await getInstance(ctx, serviceName, name), props.spec);
    },
    async update(ctx, id, olds, news, changed) {
      const { serviceName, name } = parseId(id);
      const target = instanceTarget(ctx, serviceName, name);
      await waitForService(ctx, serviceName);
      await deploy(ctx, target, news);
      if (changed.includes("tags")) await reconcileTags(ctx, String(olds.arn), olds.tags, news.tags);
      const state = await toInstanceState(ctx, await target.get(), news.spec);
      return present(state, target.what, "disappeared during update");
    },
    async delete(ctx, id) {
      const { serviceName, name } = parseId(id);
      if (!(await getService(ctx, serviceName))) return;
      await removeInstance(ctx, serviceName, name);
    },
  }),
  { notInPlace: "replace" },
);
