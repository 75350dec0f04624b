/**
 * Starts an in-process emulator for a test file and hands out SDK clients bound to it.
 * `client(accountId)` signs with the account id as access key id, which the emulator takes as the caller.
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

/** Fast deployments by default (100 ms) so waiters settle quickly. */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const running = await startEmulator({ deploymentMs: 100, ...options });
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

/** A fresh temporary directory for state files. */
export function tempDir(prefix = "proton-emulator-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Waiter settings for emulator deployments of 50-200 ms (spread into `waitUntil...({ client, ...fastWaiter }, input)`). */
export const fastWaiter = { minDelay: 0.05, maxDelay: 0.2, maxWaitTime: 20 } as const;
