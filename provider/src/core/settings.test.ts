import { DEFAULT_OPERATION_SETTINGS, resolveOperationSettings } from "./settings";

describe("operation settings precedence", () => {
  it.each([
    ["defaults", undefined, {}, DEFAULT_OPERATION_SETTINGS.pollIntervalMs],
    ["env var over default", undefined, { PROTON_POLL_INTERVAL_MS: "50" }, 50],
    ["resource setting over env var", { pollIntervalMs: 7 }, { PROTON_POLL_INTERVAL_MS: "50" }, 7],
    [
      "garbage env var ignored",
      undefined,
      { PROTON_POLL_INTERVAL_MS: "soon" },
      DEFAULT_OPERATION_SETTINGS.pollIntervalMs,
    ],
    ["negative ignored", { pollIntervalMs: -1 }, {}, DEFAULT_OPERATION_SETTINGS.pollIntervalMs],
  ])("%s", (_label, explicit, env, expected) => {
    expect(resolveOperationSettings(explicit, env).pollIntervalMs).toBe(expected);
  });

  it("defaults suit AWS: polls at most a minute apart, 60 min waits", () => {
    expect(DEFAULT_OPERATION_SETTINGS).toMatchObject({ pollIntervalMs: 60_000, timeoutMs: 3_600_000 });
  });
});
