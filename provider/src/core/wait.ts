/**
 * Polls a Get until Proton reports a settled state, logging progress with status and elapsed time.
 *
 * The schedule: the first poll comes one floor (`POLL_FLOOR_MS`, 1 s) after the request, and each
 * later one after the floor plus 1/30 of the time already waited, never more than the longest
 * interval (`pollIntervalMs`). So a wait ends at most 3.3% plus one floor after what it waits for,
 * and the number of polls grows with the logarithm of the wait (3 for 3 s, 34 for a minute, about
 * 155 for an hour with the 60 s default ceiling) instead of linearly.
 */
import { ProtonStateError } from "./errors";

export interface WaitOptions<T> {
  /** What is being waited for, e.g. `EnvironmentTemplateVersion "web:1.0" registration`. */
  description: string;
  /** One Get; undefined means the resource is gone. */
  poll: () => Promise<T | undefined>;
  /** The status to report and match. */
  status: (current: T | undefined) => string;
  /** Statuses that end the wait successfully. Use "GONE" for "resource no longer exists". */
  succeeded: readonly string[];
  /** Statuses that end the wait with an error. */
  failed: readonly string[];
  /** Proton's explanation for a failed status. */
  statusMessage?: (current: T | undefined) => string | undefined;
  /**
   * What the request that started the work already answered (a Create's detail): judged like a
   * poll, so a wait never begins with a Get that can only say "in progress".
   */
  initial?: T;
  /** The longest time between two polls (the schedule's ceiling). */
  pollIntervalMs: number;
  timeoutMs: number;
  log: (message: string) => void;
  /** Injected for tests of the loop itself; defaults to real time. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const GONE = "GONE";

/** The first poll's delay after the request (or the ceiling, when that is shorter). */
export const POLL_FLOOR_MS = 1000;
/** Each later poll waits the floor plus this fraction of the time already waited. */
export const POLL_FRACTION = 1 / 30;

/** The delay before the next poll when `elapsedMs` have passed since the wait began. */
export function nextPollDelay(elapsedMs: number, ceilingMs: number): number {
  const floor = Math.min(POLL_FLOOR_MS, ceilingMs);
  return Math.min(ceilingMs, floor + Math.round(elapsedMs * POLL_FRACTION));
}

export interface WaitResult<T> {
  value: T | undefined;
  status: string;
  /** Gets this wait made. */
  polls: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitUntilSettled<T>(options: WaitOptions<T>): Promise<WaitResult<T>> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const started = now();
  let lastStatus: string | undefined;
  let polls = 0;
  let value = options.initial;
  let fresh = value !== undefined;
  for (;;) {
    if (!fresh) {
      value = await options.poll();
      polls++;
    }
    fresh = false;
    const status = value === undefined ? GONE : options.status(value);
    const elapsed = Math.round((now() - started) / 1000);
    if (status !== lastStatus) {
      options.log(`${options.description}: ${status} (${elapsed}s elapsed)`);
      lastStatus = status;
    }
    if (options.succeeded.includes(status)) return { value, status, polls };
    if (options.failed.includes(status)) {
      const message = options.statusMessage?.(value);
      throw new ProtonStateError(
        `${options.description} ended in ${status}${message ? `: ${message}` : ""}`,
        status,
      );
    }
    if (status === GONE) {
      throw new ProtonStateError(`${options.description}: the resource disappeared while waiting`, status);
    }
    const delay = nextPollDelay(now() - started, options.pollIntervalMs);
    if (now() - started + delay > options.timeoutMs) {
      throw new ProtonStateError(
        `${options.description}: still ${status} after ${elapsed}s (timeout ${Math.round(options.timeoutMs / 1000)}s)`,
        status,
        true,
      );
    }
    await sleep(delay);
  }
}
