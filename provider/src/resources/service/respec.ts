/**
 * Re-specifying a service: how ServiceInstance adds and removes instances (Proton has no
 * Create/DeleteServiceInstance for a service's own instances: UpdateService "lists the instances to
 * add and to keep"). The engine adds and removes a stack's instances in parallel, all through one
 * provider process; each re-spec reads the instance list and writes it whole. So re-specs of one
 * service run one at a time here, and every change queued while one runs goes into the next
 * UpdateService together: adding k instances costs at most two UpdateService calls, not k. A change by
 * someone else in between (a conflict) means: wait for the service, read again.
 */
import { ListServiceInstancesCommand, UpdateServiceCommand, type Service } from "@aws-sdk/client-proton";
import { connectionKey } from "../../core/client";
import { answerWasLost, type OperationContext } from "../../core/context";
import { isConflict } from "../../core/errors";
import { waitForService } from "./service";
import { inputsOf, instanceEntries, pipelineSection, serviceSpec, type InstanceEntry } from "./serviceSpec";
import { findInstance } from "./serviceInstance";

/** What a re-spec does to the instance list; undefined: nothing to do. */
export type SpecChange = (entries: InstanceEntry[]) => InstanceEntry[] | undefined;

interface Queued {
  change: SpecChange;
  done: (sent: boolean) => void;
  failed: (error: unknown) => void;
}

/** Changes waiting for the next UpdateService of a service, and whether one is running. */
const queues = new Map<string, Queued[]>();

/**
 * Re-specifies the service with the instances `change` returns (together with every other change
 * queued for it) and waits until Proton has applied it. Answers whether `change` was sent.
 */
export function respecService(
  ctx: OperationContext,
  serviceName: string,
  change: SpecChange,
): Promise<boolean> {
  const key = `${connectionKey(ctx.connection)}/${serviceName}`;
  return new Promise((done, failed) => {
    const queued = queues.get(key);
    if (queued) return void queued.push({ change, done, failed });
    const queue: Queued[] = [{ change, done, failed }];
    queues.set(key, queue);
    void drain(ctx, serviceName, key, queue);
  });
}

async function drain(
  ctx: OperationContext,
  serviceName: string,
  key: string,
  queue: Queued[],
): Promise<void> {
  while (queue.length > 0) {
    const batch = queue.splice(0);
    try {
      const sent = await respecOnce(
        ctx,
        serviceName,
        batch.map((q) => q.change),
      );
      batch.forEach((q, i) => q.done(sent[i]));
    } catch (error) {
      for (const q of batch) q.failed(error);
    }
  }
  queues.delete(key);
}

/** One UpdateService with every change applied in order; answers which changes did something. */
async function respecOnce(
  ctx: OperationContext,
  serviceName: string,
  changes: SpecChange[],
): Promise<boolean[]> {
  let service = await waitForService(ctx, serviceName);
  for (let conflicts = 0; ; conflicts++) {
    let entries = await currentEntries(ctx, serviceName);
    const changed = changes.map((change) => {
      const next = change(entries);
      if (next) entries = next;
      return next !== undefined;
    });
    if (!changed.includes(true)) return changed;
    const spec = serviceSpec(entries, pipelineInputs(service));
    // Applied if every change is no change any more (an answer lost after Proton took the re-spec).
    const applied = async () => {
      const now = await currentEntries(ctx, serviceName);
      return changes.every((change) => change(now) === undefined);
    };
    try {
      const answer = await ctx.call(
        "UpdateService",
        (c) => c.send(new UpdateServiceCommand({ name: serviceName, spec })),
        { applied },
      );
      await waitForService(ctx, serviceName, answer.service);
      return changed;
    } catch (error) {
      if (answerWasLost(error)) {
        await waitForService(ctx, serviceName);
        return changed;
      }
      // The service is busy (someone else's change, or ours whose answer was lost): wait for it and
      // read its instances again; what is already applied is then no change.
      if (!isConflict(error) || conflicts >= ctx.settings.maxRetries) throw error;
      service = await waitForService(ctx, serviceName);
    }
  }
}

/** The pipeline inputs the re-spec keeps (undefined for a service without a pipeline). */
function pipelineInputs(service: Service) {
  if (!service.pipeline) return undefined;
  return inputsOf(pipelineSection(service.pipeline.spec ?? service.spec) ?? "");
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
      if (summary.deploymentStatus === "DELETE_IN_PROGRESS") continue;
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
