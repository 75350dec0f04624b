/**
 * What the provider plugin's end-to-end tests share: the plugin on PATH (as a user's install puts it),
 * stack config that points the plugin at a started emulator, the call log's deployments, and a stack's
 * inventory in Proton. Programs in another language than Node find the plugin through their
 * Pulumi.yaml (`plugins.providers`), as a fresh clone does.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineStack, OperationResult, StackState } from "./engine";
import { repoRoot } from "./engine";
import { DEFAULT_ACCOUNT, DEFAULT_REGION, type TestEmulator } from "./emulator";

/** The directory holding `pulumi-resource-proton` (and `pulumi-aws-proton`) in this checkout. */
export const pluginBin = path.join(repoRoot, "sdk", "nodejs", "bin");

/** The engine's environment: credentials the emulator accepts (the account is the key id), the plugin on PATH. */
export function pluginEnv(account = DEFAULT_ACCOUNT): Record<string, string> {
  return {
    PATH: [pluginBin, path.join(repoRoot, ".tools", "bin"), process.env.PATH ?? ""].join(path.delimiter),
    AWS_ACCESS_KEY_ID: account,
    AWS_SECRET_ACCESS_KEY: "emulator",
    AWS_REGION: DEFAULT_REGION,
    // Keep a developer's AWS setup out of the plugin.
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_SDK_JS_SUPPRESS_NODEJS_VERSION_WARNING: "1",
  };
}

/** The provider's stack config for the emulator: endpoint, region and short waits (CheckConfig parses them). */
export function pluginConfig(emulator: TestEmulator): Record<string, string> {
  return {
    "proton:endpoint": emulator.url,
    "proton:region": DEFAULT_REGION,
    "proton:pollIntervalMs": "50",
    "proton:retryMinDelayMs": "10",
    "proton:retryMaxDelayMs": "200",
  };
}

/** `<op> <logical name>` of every step that changes a Proton resource (the provider's own steps aside). */
export function changed(result: OperationResult): string[] {
  return result.steps
    .filter(
      (s) => s.op !== "same" && !s.type.startsWith("pulumi:providers:") && s.type !== "pulumi:pulumi:Stack",
    )
    .map((s) => `${s.op} ${s.urn.split("::").pop()}`)
    .sort();
}

/** The deployment each Update call of the call log asked for, since the last clear. */
export async function deployments(emulator: TestEmulator) {
  const { calls } = await emulator.control.calls();
  return calls
    .filter((c) => "deploymentType" in (c.input as object))
    .map((c) => {
      const input = c.input as Record<string, unknown>;
      return {
        operation: c.operation,
        name: String(input.name ?? input.serviceName),
        deploymentType: input.deploymentType,
      };
    });
}

/** The state's Proton resources, of either path (`proton:index:<Kind>`, `pulumi-nodejs:dynamic/proton:<Kind>`). */
export function protonResources(state: StackState) {
  return (state.deployment.resources ?? []).filter((r) =>
    /^(proton:index|pulumi-nodejs:dynamic\/proton):/.test(r.type),
  );
}

/**
 * The stack's config file, which the harness keeps in its work directory (`.tmp/engine/<stack>-<random>/`)
 * and passes to its own operations: commands run through `stack.run` need it too (`--config-file`).
 */
export function configFile(stack: EngineStack): string {
  const root = path.join(repoRoot, ".tmp", "engine");
  const dir = fs.readdirSync(root).find((d) => d.startsWith(`${stack.name}-`));
  if (!dir) throw new Error(`work directory of stack ${stack.name} not found`);
  return path.join(root, dir, `Pulumi.${stack.name}.yaml`);
}

/**
 * A TypeScript project named `name` with an empty program, in a fresh directory under the repository's
 * `.tmp` (so the program resolves pulumi-aws-proton from the repository's node_modules). The caller
 * removes it.
 */
export function emptyTypeScriptProject(name: string): string {
  fs.mkdirSync(path.join(repoRoot, ".tmp"), { recursive: true });
  const dir = fs.mkdtempSync(path.join(repoRoot, ".tmp", `${name}-`));
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n`,
  );
  fs.writeFileSync(path.join(dir, "index.ts"), "");
  return dir;
}
