/**
 * A client-side rate limiter shared by every resource that calls Proton with the same connection
 * settings in one provider process. It sends freely until Proton throttles, then paces requests with
 * a token bucket whose rate adapts: cut to 0.8 of the rate actually achieved on a throttle, raised by
 * about 0.5 request/s per second of successes. Many resources under one throttled account so back
 * off together instead of retrying independently and keeping the account saturated. (Measured
 * against the SDK's own adaptive retry mode with scripts/bench-throttle.ts: as reliable, and closer
 * to the account's rate; a deeper cut, 0.5, left a third of the allowance unused.)
 */

export interface RateLimiterOptions {
  /** Lowest rate it slows down to (requests/second). */
  minRate?: number;
  /** Increase per second of successful sending, in requests/second. */
  increasePerSecond?: number;
  /** Factor applied to the achieved rate on a throttle. */
  decrease?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RateLimiter {
  /** Requests/second while limiting; Infinity until the first throttle. */
  private rate = Infinity;
  private tokens = 1;
  private refilledAt = 0;
  /** Sends in the last second, to measure the rate actually achieved. */
  private recentSends: number[] = [];
  private sends = 0;
  /** Sends numbered below this were already in flight when the rate was last cut. */
  private cutAtSend = 0;
  private queue: Promise<void> = Promise.resolve();
  private readonly minRate: number;
  private readonly increasePerSecond: number;
  private readonly decrease: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: RateLimiterOptions = {}) {
    this.minRate = options.minRate ?? 0.5;
    this.increasePerSecond = options.increasePerSecond ?? 0.5;
    this.decrease = options.decrease ?? 0.8;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
  }

  /** The current rate limit in requests/second (Infinity: not limiting). */
  get currentRate(): number {
    return this.rate;
  }

  /** Waits for a send token (in arrival order); answers the send's number, to report back. */
  acquire(): Promise<number> {
    const turn = this.queue.then(() => this.take());
    this.queue = turn.then(() => undefined);
    return turn;
  }

  private async take(): Promise<number> {
    if (this.rate !== Infinity) {
      this.refill();
      if (this.tokens < 1) {
        await this.sleep(Math.ceil(((1 - this.tokens) / this.rate) * 1000));
        this.refill();
      }
      this.tokens -= 1;
    }
    const sentAt = this.now();
    this.recentSends.push(sentAt);
    while (this.recentSends.length > 0 && this.recentSends[0] <= sentAt - 1000) this.recentSends.shift();
    return this.sends++;
  }

  private refill(): void {
    const now = this.now();
    // At most one token banked: no bursts after a quiet spell.
    this.tokens = Math.min(1, this.tokens + ((now - this.refilledAt) / 1000) * this.rate);
    this.refilledAt = now;
  }

  /** Send number `send` (from `acquire`) was throttled. */
  throttled(send: number): void {
    // Requests already in flight when the rate was cut say nothing new about the new rate.
    if (send < this.cutAtSend) return;
    const achieved = Math.max(this.recentSends.length, this.minRate);
    this.rate = Math.max(this.minRate, Math.min(this.rate, achieved) * this.decrease);
    this.tokens = Math.min(this.tokens, 0);
    this.refilledAt = this.now();
    this.cutAtSend = this.sends;
  }

  /** A request succeeded: probe upwards (about `increasePerSecond` per second of sending). */
  succeeded(): void {
    if (this.rate === Infinity) return;
    this.rate += this.increasePerSecond / this.rate;
  }
}
