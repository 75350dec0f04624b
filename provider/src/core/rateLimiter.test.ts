import { RateLimiter } from "./rateLimiter";

/** A limiter on a virtual clock: sleeping moves time, nothing really waits. */
function virtual() {
  let clock = 0;
  const limiter = new RateLimiter({ now: () => clock, sleep: async (ms) => void (clock += ms) });
  return { limiter, now: () => clock, advance: (ms: number) => void (clock += ms) };
}

describe("RateLimiter", () => {
  it("does not limit until Proton throttles", async () => {
    const { limiter, now } = virtual();
    for (let i = 0; i < 100; i++) await limiter.acquire();
    expect(now()).toBe(0);
    expect(limiter.currentRate).toBe(Infinity);
  });

  it("after a throttle, paces at 0.8 of the rate achieved, and cuts once per burst in flight", async () => {
    const { limiter, now } = virtual();
    const sent: number[] = [];
    for (let i = 0; i < 10; i++) sent.push(await limiter.acquire());
    limiter.throttled(sent[9]);
    expect(limiter.currentRate).toBe(8);
    // The other nine were in flight before the cut: they say nothing about the new rate.
    for (const at of sent.slice(0, 9)) limiter.throttled(at);
    expect(limiter.currentRate).toBe(8);
    const start = now();
    for (let i = 0; i < 16; i++) await limiter.acquire();
    expect(now() - start).toBeGreaterThanOrEqual(1800); // 16 sends at 8/s: about 2 s
  });

  it("raises the rate by about half a request/second per second of successes", async () => {
    const { limiter } = virtual();
    limiter.throttled(await limiter.acquire());
    const base = limiter.currentRate;
    for (let i = 0; i < 40; i++) {
      await limiter.acquire();
      limiter.succeeded();
    }
    expect(limiter.currentRate).toBeGreaterThan(base);
    expect(limiter.currentRate).toBeLessThan(base + 40);
  });

  it("never slows below its minimum rate", async () => {
    const { limiter, advance } = virtual();
    for (let i = 0; i < 20; i++) {
      advance(10_000);
      limiter.throttled(await limiter.acquire());
    }
    expect(limiter.currentRate).toBe(0.5);
  });
});
