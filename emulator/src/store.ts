/**
 * Emulator state: one partition per (account, region), a queue of pending asynchronous work, and the
 * test-control knobs; persisted as JSON. Generic: entities declare what a partition holds (defineSlice).
 * Timestamps are epoch milliseconds so the state round-trips through JSON unchanged.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export type Millis = number;
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * One account's state in one region. The store knows nothing of its contents: each entity declares its
 * slice (`defineSlice`), with its record types and finders, in its own module (entities/*.records.ts).
 */
export interface Partition {
  readonly accountId: string;
  readonly region: string;
  [slice: string]: unknown;
}

/** A named part of every partition (an entity's records), created empty on first use. */
export interface Slice<T> {
  readonly key: string;
  of(partition: Partition): T;
  /** Replaces the slice (for slices that are one record rather than a map of them). */
  set(partition: Partition, value: T): void;
}

const sliceKeys = new Set<string>(["accountId", "region"]);

export function defineSlice<T extends object>(key: string, empty: () => T): Slice<T> {
  if (sliceKeys.has(key)) throw new Error(`partition slice ${key} is declared twice`);
  sliceKeys.add(key);
  return {
    key,
    of(partition) {
      const existing = partition[key] as T | undefined;
      if (existing !== undefined) return existing;
      const created = empty();
      partition[key] = created;
      return created;
    },
    set(partition, value) {
      partition[key] = value;
    },
  };
}

export type WorkOutcome = "SUCCEEDED" | "FAILED";

/** One asynchronous transition (registration, deployment, deletion) that settles at `settlesAt`. */
export interface PendingWork {
  seq: number;
  accountId: string;
  region: string;
  /** Settler that applies it, e.g. "templateVersion.register" or "environment.deploy". */
  kind: string;
  /** Key of the record the work applies to (entity-defined). */
  target: string;
  settlesAt: Millis;
  outcome: WorkOutcome;
  message?: string;
  data?: JsonValue;
}

/** Bumped when a record changes meaning; an older file is refused rather than misread. */
export const STATE_VERSION = 2;

export interface EmulatorState {
  version: typeof STATE_VERSION;
  partitions: Record<string, Partition>;
  pending: PendingWork[];
  nextSeq: number;
  /** Resource name or ARN -> failure message for its next deployment/registration. */
  failNext: Record<string, string>;
  deploymentMs: number;
}

export function emptyState(deploymentMs: number): EmulatorState {
  return { version: STATE_VERSION, partitions: {}, pending: [], nextSeq: 1, failNext: {}, deploymentMs };
}

export class StateFileError extends Error {
  constructor(file: string, reason: string) {
    super(`Emulator state file ${file} is unusable: ${reason}. Fix or remove it; it was left untouched.`);
    this.name = "StateFileError";
  }
}

function loadState(file: string): EmulatorState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new StateFileError(file, (err as Error).message);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new StateFileError(file, `not valid JSON (${(err as Error).message})`);
  }
  const state = parsed as Partial<EmulatorState> | null;
  const valid =
    typeof state === "object" &&
    state !== null &&
    state.version === STATE_VERSION &&
    typeof state.partitions === "object" &&
    state.partitions !== null &&
    Array.isArray(state.pending) &&
    typeof state.nextSeq === "number" &&
    typeof state.failNext === "object" &&
    typeof state.deploymentMs === "number";
  if (!valid) throw new StateFileError(file, `not an emulator state (version ${STATE_VERSION})`);
  return state as EmulatorState;
}

/** Applies one due PendingWork to its partition. */
export type Settle = (work: PendingWork) => void;

export class Store {
  private dirty = false;

  private constructor(
    public state: EmulatorState,
    private readonly file: string | undefined,
  ) {}

  /** Loads `file` when it exists (a corrupt file throws StateFileError), else starts empty. */
  static open(options: { file?: string; deploymentMs: number }): Store {
    const loaded = options.file ? loadState(options.file) : undefined;
    return new Store(loaded ?? emptyState(options.deploymentMs), options.file);
  }

  partition(accountId: string, region: string): Partition {
    const key = `${accountId}:${region}`;
    let partition = this.state.partitions[key];
    if (!partition) {
      partition = { accountId, region };
      this.state.partitions[key] = partition;
    }
    return partition;
  }

  /** Every partition, in creation order (tag lookups and settlers never need more). */
  partitions(): Partition[] {
    return Object.values(this.state.partitions);
  }

  enqueue(work: Omit<PendingWork, "seq">): PendingWork {
    const queued: PendingWork = { ...work, seq: this.state.nextSeq++ };
    this.state.pending.push(queued);
    this.markDirty();
    return queued;
  }

  /** Removes queued work (e.g. a cancelled deployment); true when it was still pending. */
  dequeue(seq: number): boolean {
    const before = this.state.pending.length;
    this.state.pending = this.state.pending.filter((w) => w.seq !== seq);
    const removed = this.state.pending.length !== before;
    if (removed) this.markDirty();
    return removed;
  }

  /** Consumes a fail-next instruction registered for any of `subjects` (names or ARNs). */
  takeFailure(subjects: readonly string[]): string | undefined {
    for (const subject of subjects) {
      const message = this.state.failNext[subject];
      if (message !== undefined) {
        delete this.state.failNext[subject];
        this.markDirty();
        return message;
      }
    }
    return undefined;
  }

  /**
   * Settles all work due at `now`, in (settlesAt, seq) order so replays are deterministic; work that a
   * settler enqueues and that is already due settles in the same pass. Returns how many settled.
   */
  advance(now: Millis, settle: Settle): number {
    let settled = 0;
    for (;;) {
      const due = this.state.pending
        .filter((w) => w.settlesAt <= now)
        .sort((a, b) => a.settlesAt - b.settlesAt || a.seq - b.seq)[0];
      if (!due) return settled;
      this.state.pending = this.state.pending.filter((w) => w.seq !== due.seq);
      settle(due);
      settled++;
      this.markDirty();
    }
  }

  /** Earliest settlesAt of queued work, for the server's wake-up timer. */
  nextDue(): Millis | undefined {
    let next: Millis | undefined;
    for (const w of this.state.pending) if (next === undefined || w.settlesAt < next) next = w.settlesAt;
    return next;
  }

  reset(): void {
    this.state = emptyState(this.state.deploymentMs);
    this.markDirty();
  }

  markDirty(): void {
    this.dirty = true;
  }

  /** Writes the state when it changed: temp file + rename, so a crash never leaves a torn file. */
  flush(): void {
    if (!this.file || !this.dirty) return;
    const tmp = path.join(path.dirname(this.file), `.${path.basename(this.file)}.${process.pid}.tmp`);
    fs.writeFileSync(tmp, JSON.stringify(this.state));
    fs.renameSync(tmp, this.file);
    this.dirty = false;
  }
}
