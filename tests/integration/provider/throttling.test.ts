/**
 * Many resources under one throttled account, through the real SDK against the emulator: the
 * resources of one provider process share one client and one rate limiter per connection settings,
 * so they back off together and all complete instead of exhausting their retries independently.
 */
import { ListEnvironmentsCommand } from "@aws-sdk/client-proton";
import { providers } from "../../../provider/src";
import { sharedConnection } from "../../../provider/src/core/client";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";
import { environmentSpec, environmentTemplate, ROLE } from "../emulator/deployableFixtures";
import { Driven, useAccounts } from "./deployableSupport";

let emulator: TestEmulator;

beforeAll(async () => {
  useAccounts();
  emulator = await startTestEmulator({ deploymentMs: 200 });
  await environmentTemplate(emulator.client(), "vpc", ["1.0"]);
});
afterAll(() => emulator.stop());

it("30 environments created at once under a 5 requests/s account all succeed, sharing one limiter", async () => {
  const connection = { endpoint: emulator.url, region: "us-east-1" };
  // Few retries with short backoff: on their own, 30 resources would keep the account saturated and
  // some would run out of attempts; the shared limiter paces them all below the account's rate.
  const operation = {
    pollIntervalMs: 1000,
    timeoutMs: 60_000,
    maxRetries: 4,
    retryMinDelayMs: 100,
    retryMaxDelayMs: 400,
  };
  await emulator.control.setFaults({ throttleAboveRps: 5 });
  const environments = Array.from({ length: 30 }, () => new Driven(providers.Environment));
  const results = await Promise.allSettled(
    environments.map((env, i) =>
      env.create({
        connection,
        operation,
        owner: `proj/stack/env-${i}`,
        name: `env-${i}`,
        templateName: "vpc",
        templateMajorVersion: "1",
        spec: environmentSpec(),
        protonServiceRoleArn: ROLE,
      }),
    ),
  );
  await emulator.control.setFaults({});
  expect(results.filter((r) => r.status === "rejected")).toEqual([]);
  expect(environments.every((env) => env.outs.deploymentStatus === "SUCCEEDED")).toBe(true);
  const listed = await emulator.client().send(new ListEnvironmentsCommand({}));
  expect(listed.environments).toHaveLength(30);
  // The limiter learned the account's rate: it paces at a few requests/second, not unlimited.
  expect(sharedConnection(connection).limiter.currentRate).toBeLessThan(10);
}, 120_000);
