/** Record of Proton (and S3, as `s3:<Operation>`) calls received, for tests asserting what a client sent. */
import type { OperationName } from "./model";

export interface CallRecord {
  operation: OperationName;
  accountId: string;
  region: string;
  input: unknown;
  /** Epoch milliseconds. */
  time: number;
}

export interface CallReport {
  /** Mutating calls only (every operation not named Get... or List...), in arrival order. */
  calls: CallRecord[];
  /** Every operation received, mutating or not. */
  counts: Partial<Record<OperationName, number>>;
}

/** Reads: Proton's Get* and List*, and S3's (`s3:` prefixed) Get*, Head* and List*. */
export const isReadOnly = (operation: string) => /^(Get|List|s3:(Get|Head|List))/.test(operation);

/** Oldest calls are forgotten past this many, so a long-running demo emulator stays small. */
export const MAX_LOGGED_CALLS = 10_000;

export class CallLog {
  private report: CallReport = { calls: [], counts: {} };

  record(call: CallRecord): void {
    this.report.counts[call.operation] = (this.report.counts[call.operation] ?? 0) + 1;
    if (isReadOnly(call.operation)) return;
    this.report.calls.push(call);
    if (this.report.calls.length > MAX_LOGGED_CALLS) this.report.calls.shift();
  }

  snapshot(): CallReport {
    return { calls: [...this.report.calls], counts: { ...this.report.counts } };
  }

  clear(): void {
    this.report = { calls: [], counts: {} };
  }
}
