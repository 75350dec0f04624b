/**
 * In-process emulators for tests, and SDK clients bound to them. `client(accountId)` signs with the
 * account id as access key id, which the emulator takes as the caller.
 */
import { ProtonClient, type ProtonClientConfig } from "@aws-sdk/client-proton";
import * as os from "node:os";
import * as path from "node:path";
import * as fs from "node:fs";
import { startEmulator, type EmulatorOptions } from "../../emulator/src/server";
import { ControlClient } from "../../emulator/src/controlClient";

export const DEFAULT_ACCOUNT = "123456789012";
export const DEFAULT_REGION = "us-east-1";

export interface TestEmulator {
  url: string;
  port: number;
  /** A client acting as `accountId` (default DEFAULT_ACCOUNT); no SDK retries unless `config` says so. */
  client(accountId?: string, config?: Partial<ProtonClientConfig>): ProtonClient;
  control: ControlClient;
  stop(): Promise<void>;
}

/**
 * Fast deployments by default (100 ms) so waiters settle quickly, and every answer checked against the
 * model (`checkOutputs`), so an emulator bug fails the test that meets it.
 */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const running = await startEmulator({ deploymentMs: 100, checkOutputs: true, ...options });
  const clients: ProtonClient[] = [];
  return {
    url: running.url,
    port: running.port,
    client(accountId = DEFAULT_ACCOUNT, config = {}) {
      const client = new ProtonClient({
        endpoint: running.url,
        region: options.region ?? DEFAULT_REGION,
        credentials: { accessKeyId: accountId, secretAccessKey: "emulator" },
        maxAttempts: 1,
        ...config,
      });
      clients.push(client);
      return client;
    },
    control: new ControlClient(running.url),
    async stop() {
      for (const client of clients) client.destroy();
      await running.stop();
    },
  };
}

/**
 * One emulator for a test file: started before all tests, stopped after them and, unless `reset: false`,
 * reset before each test. The handle is usable from the tests and hooks (not at module load).
 */
export function useEmulator(options: EmulatorOptions & { reset?: boolean } = {}): TestEmulator {
  const { reset = true, ...emulatorOptions } = options;
  let running: TestEmulator | undefined;
  const current = (): TestEmulator => {
    if (!running) throw new Error("useEmulator: the emulator starts in beforeAll; use it in tests and hooks");
    return running;
  };
  beforeAll(async () => {
    running = await startTestEmulator(emulatorOptions);
  });
  afterAll(() => running?.stop());
  if (reset) beforeEach(() => current().control.reset());
  return {
    get url() {
      return current().url;
    },
    get port() {
      return current().port;
    },
    client: (accountId, config) => current().client(accountId, config),
    get control() {
      return current().control;
    },
    stop: () => current().stop(),
  };
}

/** Runs `steps` against an emulator of its own (for a test that needs an empty one), then stops it. */
export async function withEmulator<T>(
  steps: (emulator: TestEmulator) => Promise<T>,
  options: EmulatorOptions = {},
): Promise<T> {
  const emulator = await startTestEmulator(options);
  try {
    return await steps(emulator);
  } finally {
    await emulator.stop();
  }
}

/** A fresh temporary directory for state files. */
export function tempDir(prefix = "proton-emulator-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Waiter settings for emulator deployments of 50-200 ms: poll every 50-200 ms, give up after 20 s.
 * Spread into a waiter's first argument, or use `waiterFor(client)`.
 */
export const fastWaiter = { minDelay: 0.05, maxDelay: 0.2, maxWaitTime: 20 } as const;

export const waiterFor = (client: ProtonClient) => ({ client, ...fastWaiter });
