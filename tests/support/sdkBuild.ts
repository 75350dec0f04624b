/**
 * The SDK as another commit built it: `git archive` of its SDK and provider sources, compiled with
 * this checkout's node_modules (the same pinned dependencies). Used by the state-compatibility test
 * (state written by an earlier release) and by benchmarks that measure a commit before and after.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const repoRoot = path.resolve(__dirname, "..", "..");

/** Builds `commit`'s SDK into `dir` (once: an existing build there is reused); answers its directory. */
export function buildSdkAt(commit: string, dir: string): string {
  const sdk = path.join(dir, "sdk", "nodejs");
  if (fs.existsSync(path.join(sdk, "dist", "provider.js"))) return sdk;
  fs.mkdirSync(dir, { recursive: true });
  const archive = execFileSync(
    "git",
    ["archive", commit, "sdk/nodejs", "provider/src", "tsconfig.base.json"],
    {
      cwd: repoRoot,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  execFileSync("tar", ["-x", "-C", dir], { input: archive });
  const tsc = require.resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", path.join(sdk, "tsconfig.build.json")], { cwd: sdk });
  execFileSync(process.execPath, ["-e", "require('esbuild').buildSync(require('./bundle.config.js'))"], {
    cwd: sdk,
  });
  return sdk;
}
