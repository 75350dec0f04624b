/**
 * Injected faults for resilience tests: throttling above a request rate, random HTTP 500s, and dropped
 * connections. Randomness comes from a seeded generator so a test run replays identically.
 */
import type { Millis } from "./store";

export interface FaultSettings {
  /** Requests beyond this many within one clock second get ThrottlingException (0 throttles all). */
  throttleAboveRps?: number;
  /** Probability (0..1) of answering InternalServerException (HTTP 500). */
  faultRate?: number;
  /** Probability (0..1) of destroying the connection without a response. */
  dropRate?: number;
  /** Seed of the generator behind faultRate/dropRate (default 1). */
  seed?: number;
}

export type FaultDecision = "none" | "throttle" | "fault" | "drop";

/** mulberry32: tiny, good enough, deterministic. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private settings: FaultSettings = {};
  private random = generator(1);
  private second = -1;
  private seen = 0;

  configure(settings: FaultSettings): void {
    this.settings = { ...settings };
    this.random = generator(settings.seed ?? 1);
    this.second = -1;
    this.seen = 0;
  }

  current(): FaultSettings {
    return { ...this.settings };
  }

  decide(now: Millis): FaultDecision {
    const { throttleAboveRps, faultRate, dropRate } = this.settings;
    if (throttleAboveRps !== undefined) {
      const second = Math.floor(now / 1000);
      if (second !== this.second) {
        this.second = second;
        this.seen = 0;
      }
      if (++this.seen > throttleAboveRps) return "throttle";
    }
    if (dropRate !== undefined && this.random() < dropRate) return "drop";
    if (faultRate !== undefined && this.random() < faultRate) return "fault";
    return "none";
  }
}
