/**
 * Re-specifying a service: how ServiceInstance adds and removes instances (Proton has no
 * Create/DeleteServiceInstance for a service's own instances: UpdateService "lists the instances to
 * add and to keep"). The engine adds and removes a stack's instances in parallel, all through one
 * provider process; each re-spec reads the instance list and writes it whole, so re-specs of one
 * service run one at a time here, and a change by someone else in between (a conflict) means: read
 * again.
 */
import { ListServiceInstancesCommand, UpdateServiceCommand } from "@aws-sdk/client-proton";
import type { OperationContext } from "../../core/context";
import { errorFacts } from "../../core/errors";
import { waitForService } from "./service";
import { inputsOf, instanceEntries, pipelineSection, serviceSpec, type InstanceEntry } from "./serviceSpec";
import { findInstance } from "./serviceInstance";

/** What a re-spec does to the instance list; undefined: nothing to do. */
export type SpecChange = (entries: InstanceEntry[]) => InstanceEntry[] | undefined;

/** Conflicts in a row after which a re-spec gives up (someone keeps changing the service). */
const MAX_CONFLICTS = 20;

const queue = new Map<string, Promise<unknown>>();

async function exclusively<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const run = (queue.get(key) ?? Promise.resolve()).catch(() => undefined).then(fn);
  queue.set(key, run);
  try {
    return await run;
  } finally {
    if (queue.get(key) === run) queue.delete(key);
  }
}

/**
 * Re-specifies the service with the instances `change` returns and waits until Proton has applied
 * it. Answers whether an UpdateService was sent.
 */
export async function respecService(
  ctx: OperationContext,
  serviceName: string,
  change: SpecChange,
): Promise<boolean> {
  const { endpoint, region, profile, roleArn } = ctx.connection;
  const key = JSON.stringify([endpoint, region, profile, roleArn, serviceName]);
  return exclusively(key, () => respecOnce(ctx, serviceName, change));
}

async function respecOnce(ctx: OperationContext, serviceName: string, change: SpecChange): Promise<boolean> {
  for (let conflicts = 0; ; conflicts++) {
    const service = await waitForService(ctx, serviceName);
    const entries = change(await currentEntries(ctx, serviceName));
    if (entries === undefined) return false;
    const pipeline = inputsOf(pipelineSection(service.pipeline?.spec ?? service.spec) ?? "");
    const spec = serviceSpec(entries, service.pipeline ? pipeline : undefined);
    try {
      await ctx.call("UpdateService", (c) => c.send(new UpdateServiceCommand({ name: serviceName, spec })));
      await waitForService(ctx, serviceName);
      return true;
    } catch (error) {
      if (errorFacts(error).name !== "ConflictException" || conflicts >= MAX_CONFLICTS) throw error;
    }
  }
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
      const live = await findInstance(ctx, serviceName, String(summary.name));
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
