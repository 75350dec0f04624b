/** The command line: ready line, options, and a clean stop on SIGTERM/SIGINT that keeps the state. */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { CreateEnvironmentTemplateCommand, ProtonClient } from "@aws-sdk/client-proton";
import { tempDir } from "../../support/emulator";

const cli = path.join(__dirname, "../../../emulator/src/cli.ts");

function launch(args: string[]): {
  child: ChildProcess;
  ready: Promise<string>;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", cli, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (url) resolve(url[0]);
    });
    child.once("exit", () => reject(new Error(`emulator exited before ready: ${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, ready, exited };
}

test.each(["SIGTERM", "SIGINT"] as const)(
  "prints a ready line, serves, and flushes state on %s",
  async (signal) => {
    const statePath = path.join(tempDir(), "state.json");
    const run = launch([
      "--port",
      "0",
      "--state",
      statePath,
      "--deployment-ms",
      "50",
      "--region",
      "eu-west-1",
      "--account-id",
      "333333333333",
    ]);
    const url = await run.ready;
    const client = new ProtonClient({
      endpoint: url,
      region: "eu-west-1",
      credentials: { accessKeyId: "AKIDNOTANACCOUNT", secretAccessKey: "x" },
    });
    const out = await client.send(new CreateEnvironmentTemplateCommand({ name: "from-cli" }));
    expect(out.environmentTemplate!.arn).toBe(
      "arn:aws:proton:eu-west-1:333333333333:environment-template/from-cli",
    );
    client.destroy();
    run.child.kill(signal);
    expect(await run.exited).toBe(0);
    const saved = JSON.parse(fs.readFileSync(statePath, "utf8")) as { partitions: Record<string, unknown> };
    expect(Object.keys(saved.partitions)).toEqual(["333333333333:eu-west-1"]);
  },
  30_000,
);

test("bad options exit with status 2 and the usage", async () => {
  const run = launch(["--account-id", "12"]);
  run.ready.catch(() => undefined);
  expect(await run.exited).toBe(2);
}, 30_000);
