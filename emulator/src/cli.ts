#!/usr/bin/env node
/**
 * `proton-emulator --port 4577 [--host] [--state FILE] [--deployment-ms N] [--region] [--account-id]
 * [--s3-endpoint URL]`
 */
import { parseArgs } from "node:util";
import { startEmulator, type EmulatorOptions } from "./server";

const usage =
  "usage: proton-emulator [--port 4577] [--host 127.0.0.1] [--state FILE] [--deployment-ms 2000] [--region us-east-1] [--account-id 123456789012] [--s3-endpoint URL]";

function integer(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new Error(`--${name} must be a non-negative integer, got ${text}`);
  return Number(text);
}

export function parseCommandLine(argv: string[]): EmulatorOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "4577" },
      host: { type: "string" },
      state: { type: "string" },
      "deployment-ms": { type: "string" },
      region: { type: "string" },
      "account-id": { type: "string" },
      "s3-endpoint": { type: "string" },
    },
    strict: true,
  });
  const accountId = values["account-id"];
  if (accountId !== undefined && !/^\d{12}$/.test(accountId))
    throw new Error("--account-id must be 12 digits");
  return {
    port: integer("port", values.port),
    host: values.host,
    statePath: values.state,
    deploymentMs: integer("deployment-ms", values["deployment-ms"]),
    region: values.region,
    accountId,
    s3Endpoint: values["s3-endpoint"],
  };
}

async function main() {
  let options: EmulatorOptions;
  try {
    options = parseCommandLine(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    process.exit(2);
  }
  const emulator = await startEmulator(options);
  console.log(`Proton emulator listening on ${emulator.url}`);
  const shutdown = (signal: string) => {
    emulator.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`emulator: error while stopping on ${signal}`, err);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
