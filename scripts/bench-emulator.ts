/**
 * Emulator throughput benchmark (not a test): starts the emulator in its own process, prepares an
 * environment template (and an environment when the emulator serves them), then drives Get calls with
 * the real SDK over loopback keep-alive connections and prints requests/second per operation.
 * The SDK (signing, middleware) costs more CPU per call than the emulator, so the load comes from
 * several worker threads, each with its own client.
 *
 *   npx ts-node --transpile-only scripts/bench-emulator.ts [--seconds 5] [--concurrency 32] [--workers CPUs-1]
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import { Agent, request } from "node:http";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import {
  CreateEnvironmentCommand,
  CreateEnvironmentTemplateCommand,
  CreateEnvironmentTemplateVersionCommand,
  GetEnvironmentCommand,
  GetEnvironmentTemplateCommand,
  ProtonClient,
  UpdateEnvironmentTemplateVersionCommand,
  waitUntilEnvironmentDeployed,
  waitUntilEnvironmentTemplateVersionRegistered,
} from "@aws-sdk/client-proton";
import { NodeHttpHandler } from "@smithy/node-http-handler";

interface Job {
  url: string;
  operation: string;
  /** Hand-built signed-looking requests instead of the SDK: measures the emulator alone. */
  raw: boolean;
  seconds: number;
  concurrency: number;
}
interface Tally {
  count: number;
  errors: number;
  elapsed: number;
}
const root = path.join(__dirname, "..");

/** The built CLI when present, else the TypeScript source through ts-node. */
function startEmulatorProcess(): Promise<{ url: string; stop(): void }> {
  const built = path.join(root, "emulator/dist/cli.js");
  const args = fs.existsSync(built)
    ? [built]
    : ["-r", "ts-node/register/transpile-only", path.join(root, "emulator/src/cli.ts")];
  const child = spawn(process.execPath, [...args, "--port", "0", "--deployment-ms", "50"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(chunk.toString());
      if (url) resolve({ url: url[0], stop: () => child.kill("SIGTERM") });
    });
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
}

function clientFor(url: string, sockets: number): { client: ProtonClient; close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const client = new ProtonClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "123456789012", secretAccessKey: "bench" },
    requestHandler: new NodeHttpHandler({ httpAgent: agent }),
  });
  return { client, close: () => (client.destroy(), agent.destroy()) };
}

/** The Get calls under test, by operation name. */
const calls: Record<string, (client: ProtonClient) => Promise<unknown>> = {
  GetEnvironmentTemplate: (client) => client.send(new GetEnvironmentTemplateCommand({ name: "bench" })),
  GetEnvironment: (client) => client.send(new GetEnvironmentCommand({ name: "bench-env" })),
};

/** Request bodies of the same calls, for raw mode. */
const rawBodies: Record<string, string> = {
  GetEnvironmentTemplate: JSON.stringify({ name: "bench" }),
  GetEnvironment: JSON.stringify({ name: "bench-env" }),
};

function rawCaller(
  url: string,
  operation: string,
  sockets: number,
): { call(): Promise<unknown>; close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const { hostname, port } = new URL(url);
  const body = rawBodies[operation];
  const headers = {
    "content-type": "application/x-amz-json-1.0",
    "x-amz-target": `AwsProton20200720.${operation}`,
    authorization:
      "AWS4-HMAC-SHA256 Credential=123456789012/20260101/us-east-1/proton/aws4_request, SignedHeaders=host, Signature=0",
  };
  const call = () =>
    new Promise<void>((resolve, reject) => {
      const req = request({ hostname, port, method: "POST", path: "/", agent, headers }, (res) => {
        res.resume();
        res.on("end", () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      });
      req.on("error", reject);
      req.end(body);
    });
  return { call, close: () => agent.destroy() };
}

/** Creates the resources the calls read; returns the operations that can run. */
async function prepare(client: ProtonClient): Promise<string[]> {
  const waiter = { client, minDelay: 0.05, maxDelay: 0.2, maxWaitTime: 30 };
  const version = { templateName: "bench", majorVersion: "1", minorVersion: "0" };
  await client.send(new CreateEnvironmentTemplateCommand({ name: "bench" }));
  await client.send(
    new CreateEnvironmentTemplateVersionCommand({
      templateName: "bench",
      source: { s3: { bucket: "bench", key: "t" } },
    }),
  );
  await waitUntilEnvironmentTemplateVersionRegistered(waiter, version);
  await client.send(new UpdateEnvironmentTemplateVersionCommand({ ...version, status: "PUBLISHED" }));
  const operations = ["GetEnvironmentTemplate"];
  try {
    await client.send(
      new CreateEnvironmentCommand({
        name: "bench-env",
        templateName: "bench",
        templateMajorVersion: "1",
        protonServiceRoleArn: "arn:aws:iam::123456789012:role/proton",
        spec: "proton: EnvironmentSpec\nspec:\n  size: small\n",
      }),
    );
    await waitUntilEnvironmentDeployed(waiter, { name: "bench-env" });
    operations.push("GetEnvironment");
  } catch (err) {
    console.log(`(GetEnvironment skipped: ${(err as Error).message})`);
  }
  return operations;
}

async function drive(job: Job): Promise<Tally> {
  const sdk = job.raw ? undefined : clientFor(job.url, job.concurrency);
  const raw = job.raw ? rawCaller(job.url, job.operation, job.concurrency) : undefined;
  const call = sdk ? () => calls[job.operation](sdk.client) : (raw as ReturnType<typeof rawCaller>).call;
  const close = () => (sdk ?? raw)?.close();
  let count = 0;
  let errors = 0;
  const start = process.hrtime.bigint();
  const deadline = Date.now() + job.seconds * 1000;
  const loop = async () => {
    while (Date.now() < deadline) {
      try {
        await call();
        count++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, loop));
  close();
  return { count, errors, elapsed: Number(process.hrtime.bigint() - start) / 1e9 };
}

/** Runs `job` on `workers` threads at once and sums their tallies. */
async function driveInWorkers(job: Job, workers: number): Promise<Tally> {
  const boot = `require("ts-node").register({ transpileOnly: true }); require(${JSON.stringify(__filename)});`;
  const tallies = await Promise.all(
    Array.from(
      { length: workers },
      () =>
        new Promise<Tally>((resolve, reject) => {
          const worker = new Worker(__filename.endsWith(".ts") ? boot : __filename, {
            eval: __filename.endsWith(".ts"),
            workerData: job,
          });
          worker.once("message", (tally: Tally) => resolve(tally));
          worker.once("error", reject);
        }),
    ),
  );
  return tallies.reduce((sum, t) => ({
    count: sum.count + t.count,
    errors: sum.errors + t.errors,
    elapsed: Math.max(sum.elapsed, t.elapsed),
  }));
}

async function main() {
  const { values } = parseArgs({
    options: {
      seconds: { type: "string", default: "5" },
      concurrency: { type: "string", default: "32" },
      workers: { type: "string", default: String(Math.max(1, os.cpus().length - 1)) },
    },
  });
  const workers = Number(values.workers);
  const emulator = await startEmulatorProcess();
  const setup = clientFor(emulator.url, 4);
  try {
    const operations = await prepare(setup.client);
    for (const operation of operations) {
      for (const raw of [false, true]) {
        const job = {
          url: emulator.url,
          operation,
          raw,
          seconds: Number(values.seconds),
          concurrency: Number(values.concurrency),
        };
        await driveInWorkers({ ...job, seconds: 1 }, workers); // warm-up: JIT and connection pools
        const { count, errors, elapsed } = await driveInWorkers(job, workers);
        console.log(
          `${operation} ${raw ? "(raw HTTP, emulator only)" : "(AWS SDK)"}: ${Math.round(count / elapsed)} requests/s ` +
            `(${count} in ${elapsed.toFixed(1)} s, ${errors} errors, ${workers} workers x ${job.concurrency} in flight)`,
        );
      }
    }
  } finally {
    setup.close();
    emulator.stop();
  }
}

if (isMainThread) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
} else {
  drive(workerData as Job).then((tally) => parentPort?.postMessage(tally));
}
