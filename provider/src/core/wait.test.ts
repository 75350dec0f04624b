import { ProtonStateError } from "./errors";
import { GONE, nextPollDelay, POLL_FLOOR_MS, waitUntilSettled, type WaitOptions } from "./wait";

/** A scripted sequence of Get answers on a virtual clock: no real time passes. */
function scripted(
  statuses: (string | undefined)[],
  overrides: Partial<WaitOptions<{ status: string }>> = {},
) {
  let clock = 0;
  let polls = 0;
  const lines: string[] = [];
  const options: WaitOptions<{ status: string }> = {
    description: 'Thing "x" registration',
    poll: async () => {
      const status = statuses[Math.min(polls++, statuses.length - 1)];
      return status === undefined ? undefined : { status };
    },
    status: (v) => String(v?.status),
    succeeded: ["DONE", GONE],
    failed: ["FAILED"],
    statusMessage: () => "bundle unreadable",
    pollIntervalMs: 1000,
    timeoutMs: 10_000,
    log: (line) => lines.push(line),
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
    ...overrides,
  };
  return { options, lines, polls: () => polls };
}

describe("waitUntilSettled", () => {
  it("polls until a succeeded status and logs each status change with elapsed time", async () => {
    const { options, lines, polls } = scripted(["IN_PROGRESS", "IN_PROGRESS", "DONE"], {
      pollIntervalMs: 1000,
      timeoutMs: 10_000,
    });
    await expect(waitUntilSettled(options)).resolves.toMatchObject({ status: "DONE" });
    expect(polls()).toBe(3);
    expect(lines).toEqual([
      'Thing "x" registration: IN_PROGRESS (0s elapsed)',
      'Thing "x" registration: DONE (2s elapsed)',
    ]);
  });

  it("fails on a failed status with Proton's message", async () => {
    const { options } = scripted(["IN_PROGRESS", "FAILED"]);
    const error = await waitUntilSettled(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtonStateError);
    expect((error as ProtonStateError).message).toBe(
      'Thing "x" registration ended in FAILED: bundle unreadable',
    );
    expect((error as ProtonStateError).status).toBe("FAILED");
  });

  it("treats a vanished resource as success only when GONE is a succeeded status", async () => {
    await expect(waitUntilSettled(scripted([undefined]).options)).resolves.toMatchObject({ status: GONE });
    const notExpected = scripted([undefined], { succeeded: ["DONE"] });
    await expect(waitUntilSettled(notExpected.options)).rejects.toThrow("disappeared while waiting");
  });

  it("times out after the configured budget, marking the error as a timeout", async () => {
    const { options, polls } = scripted(["IN_PROGRESS"], { pollIntervalMs: 250, timeoutMs: 5000 });
    const error = (await waitUntilSettled(options).catch((e: unknown) => e)) as ProtonStateError;
    expect(error.timedOut).toBe(true);
    expect(error.message).toMatch(/still IN_PROGRESS after \d+s \(timeout 5s\)/);
    expect(polls()).toBe(21); // at t = 0, 0.25, ..., 5 s; a 22nd would start past the budget
  });

  it("judges the request's own answer first, so no Get repeats what the Create said", async () => {
    const { options, polls } = scripted(["DONE"], { initial: { status: "IN_PROGRESS" } });
    await expect(waitUntilSettled(options)).resolves.toMatchObject({ status: "DONE", polls: 1 });
    expect(polls()).toBe(1);
    const settled = scripted(["DONE"], { initial: { status: "DONE" } });
    await expect(waitUntilSettled(settled.options)).resolves.toMatchObject({ polls: 0 });
  });
});

/** Runs a wait on a virtual clock for work that settles `durationMs` after the wait starts. */
async function scheduleFor(durationMs: number, pollIntervalMs = 60_000) {
  let clock = 0;
  const { polls } = await waitUntilSettled({
    description: "work",
    initial: { done: false },
    poll: async () => ({ done: clock >= durationMs }),
    status: (v) => (v?.done ? "DONE" : "IN_PROGRESS"),
    succeeded: ["DONE"],
    failed: [],
    pollIntervalMs,
    timeoutMs: 10 * 3_600_000,
    log: () => undefined,
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
  });
  return { lagMs: clock - durationMs, polls };
}

describe("poll schedule", () => {
  it("polls first one floor after the request, then after the floor plus 1/30 of the time waited, up to the ceiling", () => {
    expect(nextPollDelay(0, 60_000)).toBe(POLL_FLOOR_MS);
    expect(nextPollDelay(3_000, 60_000)).toBe(POLL_FLOOR_MS + 100);
    expect(nextPollDelay(30_000, 60_000)).toBe(POLL_FLOOR_MS + 1_000);
    expect(nextPollDelay(3_600_000, 60_000)).toBe(60_000);
    // A ceiling below the floor is a fixed interval (tests and emulators set 50 ms).
    expect(nextPollDelay(10_000, 50)).toBe(50);
    expect(nextPollDelay(10_000, 200)).toBe(200);
  });

  it.each([1_000, 3_000, 10_000, 60_000, 600_000, 3_600_000])(
    "a %d ms deployment: the wait ends within 10%% plus one floor after it, in O(log) polls",
    async (durationMs) => {
      const { lagMs, polls } = await scheduleFor(durationMs);
      expect(lagMs).toBeLessThanOrEqual(0.1 * durationMs + POLL_FLOOR_MS);
      // Logarithmic growth: 3 s takes 3 polls, a minute 34, an hour ~155 (a fixed 1 s poll: 3600).
      expect(polls).toBeLessThanOrEqual(50 * Math.log10(durationMs / POLL_FLOOR_MS) + 2);
    },
  );

  it("makes fewer polls for a minute than a fixed 1 s poll would", async () => {
    expect((await scheduleFor(60_000)).polls).toBeLessThan(60);
  });

  it("with a ceiling, never waits longer than it between polls", async () => {
    const { lagMs } = await scheduleFor(3_600_000, 10_000);
    expect(lagMs).toBeLessThanOrEqual(10_000);
  });
});
