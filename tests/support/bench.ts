/**
 * What the benchmark scripts (scripts/bench-*.ts) share: an emulator in its own process, a copy of a
 * program whose `pulumi-aws-proton` is this checkout's SDK or one built from another commit, the
 * engine environment, and small statistics. Nothing here asserts: benchmarks print figures.
 */
import { spawn } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ControlClient } from "../../emulator/src/controlClient";
import { repoRoot, type StackState } from "./engine";
import { buildSdkAt } from "./sdkBuild";

export interface EmulatorProcess {
  url: string;
  control: ControlClient;
  stop(): void;
}

/** The built emulator CLI (`make build`) in its own process, on a free port. */
export function startEmulatorProcess(deploymentMs: number): Promise<EmulatorProcess> {
  const cli = path.join(repoRoot, "emulator", "dist", "cli.js");
  if (!fs.existsSync(cli)) throw new Error("emulator/dist/cli.js is missing: run `make build`");
  const child = spawn(process.execPath, [cli, "--port", "0", "--deployment-ms", String(deploymentMs)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(chunk.toString())?.[0];
      if (url) resolve({ url, control: new ControlClient(url), stop: () => child.kill("SIGTERM") });
    });
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
}

/** `--sdk` values: `current` (this checkout, built by `make build`) or a commit to build. */
export function sdkDir(which: string): string {
  if (which === "current") {
    const sdk = path.join(repoRoot, "sdk", "nodejs");
    if (!fs.existsSync(path.join(sdk, "dist", "provider.js"))) throw new Error("run `make build` first");
    return sdk;
  }
  return buildSdkAt(which, path.join(repoRoot, ".tmp", "bench-sdk", which));
}

/**
 * A fresh copy of a program directory (Pulumi.yaml, index.ts) under .tmp, resolving
 * `pulumi-aws-proton` to `sdk` and everything else from the repository's node_modules.
 */
export function programCopy(sourceDir: string, sdk: string, files: Record<string, string> = {}): string {
  const dir = path.join(repoRoot, ".tmp", "bench", crypto.randomBytes(6).toString("hex"));
  fs.mkdirSync(path.join(dir, "node_modules"), { recursive: true });
  for (const file of ["Pulumi.yaml", "index.ts"]) {
    if (fs.existsSync(path.join(sourceDir, file)))
      fs.copyFileSync(path.join(sourceDir, file), path.join(dir, file));
  }
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  fs.symlinkSync(sdk, path.join(dir, "node_modules", "pulumi-aws-proton"), "dir");
  // The examples pack their bundles from ../templates: the copies find the same directories.
  const templates = path.join(dir, "..", "templates");
  if (!fs.existsSync(templates))
    fs.symlinkSync(path.join(repoRoot, "examples", "templates"), templates, "dir");
  return dir;
}

/** The engine environment for a stack against `endpoint`: default operation settings, one account. */
export function benchEnv(endpoint: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_PROTON: endpoint,
    // Template bundles go to the emulator's S3, on the same port.
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "123456789012",
    AWS_SECRET_ACCESS_KEY: "emulator",
    ...extra,
  };
}

/** A program that registers nothing: what starting the engine, the program and the SDK costs. */
export const EMPTY_PROGRAM = {
  "Pulumi.yaml":
    "name: bench-empty\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n",
  "index.ts": 'import "pulumi-aws-proton";\n',
};

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Bytes of each Proton resource in the state, and of its stored `__provider` values. */
export function stateBytes(state: StackState): { resource: number; provider: number; urn: string }[] {
  return (state.deployment.resources ?? [])
    .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/proton:"))
    .map((r) => ({
      urn: r.urn,
      resource: Buffer.byteLength(JSON.stringify(r)),
      provider:
        Buffer.byteLength(String(r.inputs?.__provider ?? "")) +
        Buffer.byteLength(String(r.outputs?.__provider ?? "")),
    }));
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const value = await fn();
  return { value, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** `--name value` command-line options with defaults. */
export function options<T extends Record<string, string>>(defaults: T): T {
  const result: Record<string, string> = { ...defaults };
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const key = args[i].replace(/^--/, "");
    if (!(key in defaults))
      throw new Error(`unknown option ${args[i]} (known: ${Object.keys(defaults).join(", ")})`);
    result[key] = args[++i];
  }
  return result as T;
}
