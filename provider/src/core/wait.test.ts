import { ProtonStateError } from "./errors";
import { GONE, waitUntilSettled, type WaitOptions } from "./wait";

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
    const { options, lines, polls } = scripted(["IN_PROGRESS", "IN_PROGRESS", "DONE"]);
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
    const { options, polls } = scripted(["IN_PROGRESS"], { pollIntervalMs: 1000, timeoutMs: 5000 });
    const error = (await waitUntilSettled(options).catch((e: unknown) => e)) as ProtonStateError;
    expect(error.timedOut).toBe(true);
    expect(error.message).toMatch(/still IN_PROGRESS after \d+s \(timeout 5s\)/);
    expect(polls()).toBe(6); // at t = 0, 1, ..., 5 s; a 7th would start past the budget
  });
});
