/**
 * Drives the real Pulumi CLI for end-to-end tests: every stack gets its own PULUMI_HOME and `file://`
 * backend under `.tmp/`, so tests never touch the user's Pulumi setup or each other. Results come from the
 * engine's own event log (the stream the Automation API reads), not from scraping console output.
 */
import { execFileSync, spawn } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

export const repoRoot = path.resolve(__dirname, "..", "..");
const toolsBin = path.join(repoRoot, ".tools", "bin");
const pinnedVersion = fs.readFileSync(path.join(repoRoot, ".pulumi.version"), "utf8").trim();

// Engine commands take seconds each (more on a loaded CI machine), far beyond jest's 5 s default per test.
// (Benchmark scripts use this module outside jest.)
if (typeof jest !== "undefined") jest.setTimeout(300_000);

/** A config value; secrets are encrypted by the engine with the stack's passphrase. */
export type ConfigValue = string | { value: string; secret: boolean };

export interface CreateStackOptions {
  /** Directory holding Pulumi.yaml; must be inside the repository so `require` finds the workspace packages. */
  projectDir: string;
  stackName?: string;
  /** Keys without a namespace belong to the project, as with `pulumi config set`. */
  config?: Record<string, ConfigValue>;
  /** Extra environment for every engine command (and so for the program and the dynamic providers). */
  env?: Record<string, string>;
}

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** One planned or executed resource operation, as announced by the engine. */
export interface Step {
  op: string;
  urn: string;
  type: string;
  /** Top-level properties that differ, when the engine computed a diff. */
  diffs: string[];
}

export interface Diagnostic {
  severity: string;
  message: string;
  urn?: string;
}

export interface OperationResult extends CommandResult {
  /** Resource counts per operation, e.g. `{ create: 2 }` or `{ same: 2 }`. */
  changes: Record<string, number>;
  steps: Step[];
  /** Diagnostics at info level and above (debug noise dropped). */
  diagnostics: Diagnostic[];
  /** The stack's outputs as this operation saw them; in a preview, values not yet known are `UNKNOWN`. */
  stackOutputs: Record<string, unknown>;
}

/** The engine's sentinel for a value that is unknown during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface StackState {
  version: number;
  deployment: { resources?: StateResource[]; [key: string]: unknown };
}

export interface EngineStack {
  readonly name: string;
  readonly projectDir: string;
  /** Each operation takes extra CLI flags, e.g. `["--clear-pending-creates"]` or `["--parallel", "128"]`. */
  up(extraArgs?: string[]): Promise<OperationResult>;
  preview(extraArgs?: string[]): Promise<OperationResult>;
  refresh(extraArgs?: string[]): Promise<OperationResult>;
  destroy(extraArgs?: string[]): Promise<OperationResult>;
  /** `pulumi import TYPE NAME ID` without generating code; extra flags go to the CLI as they are. */
  import(type: string, name: string, id: string, extraArgs?: string[]): Promise<OperationResult>;
  outputs(): Promise<Record<string, unknown>>;
  exportState(): Promise<StackState>;
  setConfig(config: Record<string, ConfigValue>): Promise<void>;
  /** Any CLI command in the project directory with this stack's environment; never throws on exit code. */
  run(args: string[]): Promise<CommandResult>;
  /** Removes the stack's temporary home and backend. */
  dispose(): void;
}

/** A failed engine command, with everything it printed and reported. */
export class EngineCommandError extends Error {
  constructor(
    readonly args: string[],
    readonly result: CommandResult & Partial<OperationResult>,
  ) {
    const reported = (result.diagnostics ?? [])
      .filter((d) => d.severity === "error")
      .map((d) => d.message.trim());
    const detail = reported.length > 0 ? reported.join("\n") : result.stderr.trim() || result.stdout.trim();
    super(`pulumi ${args.join(" ")} exited with ${result.exitCode}:\n${detail}`);
    this.name = "EngineCommandError";
  }
}

let resolvedCli: string | undefined;

/** The pinned CLI: `.tools/bin/pulumi` (built by `make pulumi`), else a `pulumi` on PATH of that version. */
export function pulumiCli(): string {
  if (resolvedCli) return resolvedCli;
  const candidates = [path.join(toolsBin, "pulumi"), "pulumi"];
  for (const candidate of candidates) {
    try {
      const version = execFileSync(candidate, ["version"], { encoding: "utf8" }).trim();
      if (version === pinnedVersion) return (resolvedCli = candidate);
    } catch {
      // Not installed here; try the next candidate.
    }
  }
  throw new Error(`Pulumi CLI ${pinnedVersion} not found: run \`make pulumi\` to build it into .tools/bin`);
}

/** Creates a stack of the program in `projectDir` on a fresh isolated backend. */
export async function createStack(options: CreateStackOptions): Promise<EngineStack> {
  const projectDir = path.resolve(options.projectDir);
  if (!fs.existsSync(path.join(projectDir, "Pulumi.yaml"))) {
    throw new Error(`${projectDir} has no Pulumi.yaml`);
  }
  const name = options.stackName ?? "test";
  const workDir = path.join(repoRoot, ".tmp", "engine", `${name}-${crypto.randomBytes(6).toString("hex")}`);
  const stateDir = path.join(workDir, "state");
  const homeDir = path.join(workDir, "home");
  const eventsDir = path.join(workDir, "events");
  // Stack config lives here, not in the project directory, so parallel tests never share a Pulumi.<stack>.yaml.
  const configFile = path.join(workDir, `Pulumi.${name}.yaml`);
  for (const dir of [stateDir, homeDir, eventsDir]) fs.mkdirSync(dir, { recursive: true });

  const env = engineEnv(homeDir, stateDir, options.env ?? {});
  const stackArgs = ["--stack", name, "--non-interactive"];
  const configArgs = ["--config-file", configFile];
  let eventLogs = 0;

  const run = (args: string[]) => runCli(args, projectDir, env);
  const runOrThrow = async (args: string[]) => {
    const result = await run(args);
    if (result.exitCode !== 0) throw new EngineCommandError(args, result);
    return result;
  };
  const operation = async (args: string[]): Promise<OperationResult> => {
    const eventLog = path.join(eventsDir, `${++eventLogs}.jsonl`);
    const fullArgs = [...args, ...stackArgs, ...configArgs, "--event-log", eventLog];
    const result = { ...(await run(fullArgs)), ...readEventLog(eventLog) };
    if (result.exitCode !== 0) throw new EngineCommandError(fullArgs, result);
    return result;
  };
  const setConfig = async (config: Record<string, ConfigValue>) => {
    const pairs = Object.entries(config).flatMap(([key, value]) =>
      typeof value === "string"
        ? ["--plaintext", `${key}=${value}`]
        : [value.secret ? "--secret" : "--plaintext", `${key}=${value.value}`],
    );
    if (pairs.length > 0) await runOrThrow(["config", "set-all", ...stackArgs, ...configArgs, ...pairs]);
  };

  await runOrThrow(["stack", "init", name, "--non-interactive"]);
  await setConfig(options.config ?? {});

  const applyFlags = ["--yes", "--skip-preview"];
  return {
    name,
    projectDir,
    up: (extraArgs = []) => operation(["up", ...applyFlags, ...extraArgs]),
    preview: (extraArgs = []) => operation(["preview", ...extraArgs]),
    refresh: (extraArgs = []) => operation(["refresh", ...applyFlags, ...extraArgs]),
    destroy: (extraArgs = []) => operation(["destroy", ...applyFlags, ...extraArgs]),
    import: (type, resourceName, id, extraArgs = []) =>
      operation(["import", type, resourceName, id, ...applyFlags, "--generate-code=false", ...extraArgs]),
    outputs: async () =>
      JSON.parse((await runOrThrow(["stack", "output", "--json", "--show-secrets", ...stackArgs])).stdout),
    exportState: async () =>
      JSON.parse(
        (await runOrThrow(["stack", "export", "--show-secrets", ...stackArgs])).stdout,
      ) as StackState,
    setConfig,
    run,
    dispose: () => fs.rmSync(workDir, { recursive: true, force: true }),
  };
}

/**
 * The engine's environment: inherited PULUMI_* settings are dropped so a developer's login, backend or
 * selected stack cannot leak in; our tools come first on PATH so the engine finds our language host and
 * the dynamic-provider plugin without downloading anything.
 */
function engineEnv(homeDir: string, stateDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith("PULUMI_")),
  );
  return {
    ...inherited,
    PATH: [toolsBin, process.env.PATH ?? ""].join(path.delimiter),
    PULUMI_HOME: homeDir,
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: "engine-test-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    // Unhides --event-log, the structured event stream the Automation API also reads.
    PULUMI_DEBUG_COMMANDS: "true",
    // The root `tsc` already type-checks test programs; the engine only needs them transpiled.
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    NO_COLOR: "1",
    ...extra,
  };
}

function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(pulumiCli(), [...args, "--color", "never"], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", reject);
    child.on("close", (code, signal) =>
      resolve({
        exitCode: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      }),
    );
  });
}

interface StepMetadata {
  op: string;
  urn: string;
  type: string;
  diffs?: string[];
  new?: { outputs?: Record<string, unknown> };
}

interface EngineEvent {
  summaryEvent?: { resourceChanges?: Record<string, number> };
  resourcePreEvent?: { metadata: StepMetadata };
  resOutputsEvent?: { metadata: StepMetadata };
  diagnosticEvent?: { severity: string; message: string; urn?: string };
}

type EventLogResult = Pick<OperationResult, "changes" | "steps" | "diagnostics" | "stackOutputs">;

function readEventLog(file: string): EventLogResult {
  const result: EventLogResult = { changes: {}, steps: [], diagnostics: [], stackOutputs: {} };
  if (!fs.existsSync(file)) return result;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const event = JSON.parse(line) as EngineEvent;
    if (event.summaryEvent) result.changes = event.summaryEvent.resourceChanges ?? {};
    if (event.resourcePreEvent) {
      const { op, urn, type, diffs } = event.resourcePreEvent.metadata;
      result.steps.push({ op, urn, type, diffs: diffs ?? [] });
    }
    const outputs = event.resOutputsEvent?.metadata;
    if (outputs?.type === "pulumi:pulumi:Stack") result.stackOutputs = outputs.new?.outputs ?? {};
    if (event.diagnosticEvent && event.diagnosticEvent.severity !== "debug") {
      const { severity, message, urn } = event.diagnosticEvent;
      result.diagnostics.push({ severity, message, ...(urn ? { urn } : {}) });
    }
  }
  return result;
}
