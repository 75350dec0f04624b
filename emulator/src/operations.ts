/**
 * The operation registry and the context handlers run in. Each entity module exports an `EntityModule`:
 * `operations` (Proton operation name -> handler) and `settlers` (PendingWork.kind -> function that
 * applies due asynchronous work). Handlers receive input already validated against the model.
 */
import { randomUUID } from "node:crypto";
import { buildArn } from "./arn";
import { idempotent } from "./idempotency";
import type { ObjectRead, ObjectSource } from "./s3/buckets.records";
import type { JsonValue, Millis, Partition, PendingWork, Store, WorkOutcome } from "./store";
import { dropTags, registerTags } from "./tagging";

export interface TagOps {
  /** Registers a taggable resource (call on create), optionally with its initial tags. */
  register(arn: string, tags?: ReadonlyArray<{ key?: string; value?: string }>): void;
  /** Forgets a resource and its tags (call when it is finally deleted). */
  drop(arn: string): void;
}

export interface ScheduleRequest {
  /** Settler to run, e.g. "environment.deploy". */
  kind: string;
  /** Record key the settler resolves, e.g. the environment name. */
  target: string;
  /** Names/ARNs a test may have asked to fail via /_emulator/fail-next-deployment. */
  subjects: readonly string[];
  /** Forces a failure regardless of test control (e.g. an unusable template source). */
  failWith?: string;
  data?: JsonValue;
}

export interface OperationContext {
  readonly operation: string;
  readonly accountId: string;
  readonly region: string;
  /** The caller's partition. */
  readonly partition: Partition;
  /** Another account's partition (same region by default); created empty when unseen. */
  partitionFor(accountId: string, region?: string): Partition;
  /** Epoch milliseconds. */
  now(): Millis;
  /** Current delay for newly scheduled work (test control can change it). */
  deploymentMs(): number;
  /** `arn:aws:proton:<region>:<account>:<resource>` for the caller (see arn.ts for resource parts). */
  arn(resource: string): string;
  readonly tags: TagOps;
  /** Runs `create` once per clientToken (see idempotency.ts); absent token -> always runs. */
  idempotent<T extends JsonValue>(token: string | undefined, input: object, create: () => T): T;
  /** Queues asynchronous work settling after the deployment delay; the outcome is decided now. */
  schedule(request: ScheduleRequest): PendingWork;
  /** Drops queued work (cancellation); true when it had not settled yet. */
  unschedule(seq: number): boolean;
  newId(): string;
  /** Reads an S3 object as Proton would, in the caller's account (template bundles). */
  readObject(bucket: string, key: string): ObjectRead;
}

/** Handlers take a typed input (SDK input types work) and return a JSON-able output (Dates allowed). */
export type Handler<I = never, O = unknown> = (ctx: OperationContext, input: I) => O;
/** `never` input: any handler, whatever its input type, fits the table (inputs are validated upstream). */
export type OperationTable = Readonly<Record<string, Handler<never, unknown>>>;
export type Settler = (ctx: OperationContext, work: PendingWork) => void;

export interface EntityModule {
  operations: OperationTable;
  settlers?: Readonly<Record<string, Settler>>;
}

export interface Clock {
  now(): Millis;
}

export const systemClock: Clock = { now: () => Date.now() };

export class Registry {
  readonly operations = new Map<string, Handler<unknown, unknown>>();
  readonly settlers = new Map<string, Settler>();

  constructor(modules: readonly EntityModule[]) {
    for (const module of modules) {
      for (const [name, handler] of Object.entries(module.operations)) {
        if (this.operations.has(name)) throw new Error(`operation ${name} registered twice`);
        this.operations.set(name, handler as Handler<unknown, unknown>);
      }
      for (const [kind, settler] of Object.entries(module.settlers ?? {})) {
        if (this.settlers.has(kind)) throw new Error(`settler ${kind} registered twice`);
        this.settlers.set(kind, settler);
      }
    }
  }
}

export function createContext(
  store: Store,
  clock: Clock,
  operation: string,
  accountId: string,
  region: string,
  objects?: ObjectSource,
): OperationContext {
  const partition = store.partition(accountId, region);
  return {
    operation,
    accountId,
    region,
    partition,
    partitionFor: (otherAccount, otherRegion = region) => store.partition(otherAccount, otherRegion),
    now: () => clock.now(),
    deploymentMs: () => store.state.deploymentMs,
    arn: (resource) => buildArn(region, accountId, resource),
    tags: {
      register: (arn, tags) => registerTags(partition, arn, tags),
      drop: (arn) => dropTags(partition, arn),
    },
    idempotent: (token, input, create) => idempotent(partition, clock.now(), operation, token, input, create),
    schedule(request) {
      const requested = store.takeFailure(request.subjects);
      const message = request.failWith ?? requested;
      const outcome: WorkOutcome = message === undefined ? "SUCCEEDED" : "FAILED";
      return store.enqueue({
        accountId,
        region,
        kind: request.kind,
        target: request.target,
        settlesAt: clock.now() + store.state.deploymentMs,
        outcome,
        ...(message === undefined ? {} : { message }),
        ...(request.data === undefined ? {} : { data: request.data }),
      });
    },
    unschedule: (seq) => store.dequeue(seq),
    newId: () => randomUUID(),
    readObject(bucket, key) {
      if (!objects) throw new Error(`${operation} cannot read S3 objects`);
      return objects.read(accountId, bucket, key);
    },
  };
}

/** Applies all due work through the registered settlers (run before every request and on a timer). */
export function advance(store: Store, clock: Clock, registry: Registry): number {
  return store.advance(clock.now(), (work) => {
    const settler = registry.settlers.get(work.kind);
    if (!settler) throw new Error(`no settler registered for pending work kind ${work.kind}`);
    settler(createContext(store, clock, `settle:${work.kind}`, work.accountId, work.region), work);
  });
}
