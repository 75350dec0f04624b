/** Polls a Get until Proton reports a settled state, logging progress with status and elapsed time. */
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
  pollIntervalMs: number;
  timeoutMs: number;
  log: (message: string) => void;
  /** Injected for tests of the loop itself; defaults to real time. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const GONE = "GONE";

export interface WaitResult<T> {
  value: T | undefined;
  status: string;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitUntilSettled<T>(options: WaitOptions<T>): Promise<WaitResult<T>> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const started = now();
  let lastStatus: string | undefined;
  for (;;) {
    const value = await options.poll();
    const status = value === undefined ? GONE : options.status(value);
    const elapsed = Math.round((now() - started) / 1000);
    if (status !== lastStatus) {
      options.log(`${options.description}: ${status} (${elapsed}s elapsed)`);
      lastStatus = status;
    }
    if (options.succeeded.includes(status)) return { value, status };
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
    if (now() - started + options.pollIntervalMs > options.timeoutMs) {
      throw new ProtonStateError(
        `${options.description}: still ${status} after ${elapsed}s (timeout ${Math.round(options.timeoutMs / 1000)}s)`,
        status,
        true,
      );
    }
    await sleep(options.pollIntervalMs);
  }
}
