import { backoffDelay, classifyError, RETRY_RULES, withRetry, type RetryDecision } from "./retry";

/** Builds errors shaped like the AWS SDK's (name, $metadata) and Node's (code). */
function sdkError(name: string, message: string, httpStatusCode?: number): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
}
function netError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

const cases: [string, unknown, RetryDecision][] = [
  ["throttling (the model's 429)", sdkError("ThrottlingException", "Rate exceeded", 429), "retry"],
  ["too many requests", sdkError("TooManyRequestsException", "slow down", 429), "retry"],
  ["bare 429", sdkError("Unknown", "", 429), "retry"],
  ["internal server error", sdkError("InternalServerException", "boom", 500), "retry"],
  ["unmodelled 500", sdkError("UnknownError", "", 500), "retry"],
  ["503", sdkError("ServiceUnavailable", "", 503), "retry"],
  ["connection reset", netError("ECONNRESET"), "retry"],
  ["connection refused", netError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1"), "retry"],
  ["socket hang up (Node's code)", netError("ECONNRESET", "socket hang up"), "retry"],
  ["a message alone decides nothing", new Error("socket hang up"), "fail"],
  ["timeout", sdkError("TimeoutError", "Connection timed out after 1000 ms"), "retry"],
  [
    "wrapped network cause",
    Object.assign(new Error("fetch failed"), { cause: { code: "ECONNRESET" } }),
    "retry",
  ],
  // Conflicts are never retried on their wording: the caller reads the resource (CallOptions.recover).
  [
    "conflict: deployment in progress",
    sdkError("ConflictException", "Environment env1 has a deployment IN_PROGRESS", 409),
    "fail",
  ],
  ["bare 409", sdkError("Unknown", "", 409), "fail"],
  ["throttling by name, whatever the status", sdkError("ThrottlingException", "Rate exceeded", 400), "retry"],
  [
    "conflict: still has versions",
    sdkError("ConflictException", "The template vpc still has versions; delete them first.", 409),
    "fail",
  ],
  ["conflict: already exists", sdkError("ConflictException", "Template web already exists", 409), "fail"],
  [
    "conflict: has versions",
    sdkError("ConflictException", "Template has versions, delete them first", 409),
    "fail",
  ],
  ["validation", sdkError("ValidationException", "name is too long", 400), "fail"],
  [
    "validation mentioning a timeout",
    sdkError("ValidationException", "timeout must be positive", 400),
    "fail",
  ],
  ["not found", sdkError("ResourceNotFoundException", "no such template", 404), "fail"],
  ["access denied", sdkError("AccessDeniedException", "denied", 403), "fail"],
  ["quota", sdkError("ServiceQuotaExceededException", "too many", 402), "fail"],
  ["unclassified", new Error("something odd"), "fail"],
  ["non-error value", "a string", "fail"],
];

describe("retry classification table", () => {
  it.each(cases.map(([label, error, decision]) => ({ label, error, decision })))(
    "$label → $decision",
    ({ error, decision }) => {
      expect(classifyError(error).decision).toBe(decision);
    },
  );

  it("gives every rule a reason and an outcome", () => {
    for (const rule of RETRY_RULES) {
      expect(rule.reason.length).toBeGreaterThan(0);
      expect(["retry", "fail"]).toContain(rule.decision);
    }
  });
});

describe("withRetry", () => {
  const fast = { maxRetries: 3, retryMinDelayMs: 1, retryMaxDelayMs: 2 };

  it("retries retryable errors and returns the eventual result", async () => {
    let calls = 0;
    const result = await withRetry(async () => {
      calls += 1;
      if (calls < 3) throw sdkError("ThrottlingException", "Rate exceeded", 429);
      return "ok";
    }, fast);
    expect(result).toBe("ok");
    expect(calls).toBe(3);
  });

  it("never retries a validation error and rethrows it unchanged", async () => {
    let calls = 0;
    const error = sdkError("ValidationException", "bad", 400);
    await expect(
      withRetry(async () => {
        calls += 1;
        throw error;
      }, fast),
    ).rejects.toBe(error);
    expect(calls).toBe(1);
  });

  it("stops after maxRetries", async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls += 1;
        throw netError("ECONNRESET");
      }, fast),
    ).rejects.toThrow("ECONNRESET");
    expect(calls).toBe(fast.maxRetries + 1);
  });
});

describe("withRetry events", () => {
  const fast = { maxRetries: 2, retryMinDelayMs: 100, retryMaxDelayMs: 400 };
  const noSleep = async () => undefined;

  it("announces each retry with its delay, and the final failure with the attempts made", async () => {
    const retries: [number, number][] = [];
    let gaveUp: number | undefined;
    await expect(
      withRetry(
        async () => {
          throw netError("ECONNRESET");
        },
        fast,
        {
          retrying: (_e, attempt, _reason, delayMs) => retries.push([attempt, delayMs]),
          gaveUp: (_e, attempts) => (gaveUp = attempts),
        },
        noSleep,
      ),
    ).rejects.toThrow("ECONNRESET");
    // Only attempts that will be retried are announced: 1 and 2 (of 3).
    expect(retries.map(([attempt]) => attempt)).toEqual([1, 2]);
    expect(retries[0][1]).toBeGreaterThanOrEqual(100);
    expect(retries[0][1]).toBeLessThanOrEqual(200);
    expect(retries[1][1]).toBeGreaterThanOrEqual(200);
    expect(retries[1][1]).toBeLessThanOrEqual(400);
    expect(gaveUp).toBe(3);
  });

  it("retries a final error only when recover resolved it from state", async () => {
    const conflict = sdkError("ConflictException", "busy", 409);
    let calls = 0;
    const result = await withRetry(
      async () => {
        if (++calls === 1) throw conflict;
        return "sent";
      },
      fast,
      { recover: async (error) => error === conflict },
      noSleep,
    );
    expect(result).toBe("sent");
    const refused = withRetry(
      async () => {
        throw conflict;
      },
      fast,
      { recover: async () => false },
      noSleep,
    );
    await expect(refused).rejects.toBe(conflict);
  });
});

describe("backoffDelay", () => {
  it("doubles from the first delay, one to two times the base, capped at the longest", () => {
    const settings = { maxRetries: 8, retryMinDelayMs: 500, retryMaxDelayMs: 30_000 };
    expect(backoffDelay(1, settings, () => 0)).toBe(500);
    expect(backoffDelay(1, settings, () => 1)).toBe(1000);
    expect(backoffDelay(4, settings, () => 0)).toBe(4000);
    expect(backoffDelay(4, settings, () => 0.5)).toBe(6000);
    expect(backoffDelay(12, settings, () => 0)).toBe(30_000);
  });
});
