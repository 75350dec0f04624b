/**
 * Injected faults for resilience tests: throttling above a request rate, random HTTP 500s, dropped
 * connections, and lost answers (the request is applied, then the connection dies before the response).
 * Randomness comes from a seeded generator so a test run replays identically.
 */
import type { Millis } from "./store";

export interface FaultSettings {
  /** Requests beyond this many within one clock second get ThrottlingException (0 throttles all). */
  throttleAboveRps?: number;
  /** Probability (0..1) of answering InternalServerException (HTTP 500). */
  faultRate?: number;
  /** Probability (0..1) of destroying the connection without a response (the request is not applied). */
  dropRate?: number;
  /** Probability (0..1) of applying the request, then destroying the connection before the response. */
  lostAnswerRate?: number;
  /** Seed of the generator behind the rates (default 1). */
  seed?: number;
}

export type FaultDecision = "none" | "throttle" | "fault" | "drop" | "lose";

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
    const { throttleAboveRps, faultRate, dropRate, lostAnswerRate } = this.settings;
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
    // Drawn last and only when set: settings without it draw exactly as they did before it existed.
    if (lostAnswerRate !== undefined && this.random() < lostAnswerRate) return "lose";
    return "none";
  }
}
