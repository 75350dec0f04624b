/**
 * The entry points bundled into `pulumi-aws-proton/dist/plugin-server.js`, run by the package's two
 * executables: `pulumi-resource-proton` (the provider plugin the engine starts) and
 * `pulumi-aws-proton discover` (a `pulumi import --file` document of an account's Proton estate).
 */
import { writeFileSync } from "node:fs";
import { createContext } from "../core/context";
import { functions, providers, setProgressLogger } from "../index";
import { discover } from "./discover";
import { engineLogger } from "./log";
import { engineAddress, servePlugin } from "./server";

/** schema.json's text, put here by the bundler (bundle.config.js `define`). */
declare const PROTON_SCHEMA_JSON: string;

/** `pulumi-resource-proton <engine address>`. */
export async function plugin(args: readonly string[]): Promise<void> {
  setProgressLogger(engineLogger(engineAddress(args)));
  await servePlugin({ providers, functions, schema: PROTON_SCHEMA_JSON });
}

const USAGE = `usage: pulumi-aws-proton discover --region REGION [--endpoint URL] [--profile NAME] [--role-arn ARN] [--out FILE]

Lists every Proton entity of the account and region and writes a \`pulumi import --file\` document
(to FILE, or to stdout). Then, in a Pulumi project configured for the same account and region:

  pulumi import --file FILE --out <program file>
`;

const FLAGS: Record<string, string> = {
  "--region": "region",
  "--endpoint": "endpoint",
  "--profile": "profile",
  "--role-arn": "roleArn",
  "--out": "out",
};

function parseFlags(args: readonly string[]): Record<string, string> {
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    const key = FLAGS[flag];
    const value = inline ?? args[++i];
    if (!key || value === undefined) throw new Error(`unexpected argument ${args[i] ?? flag}\n\n${USAGE}`);
    options[key] = value;
  }
  return options;
}

/** `pulumi-aws-proton <command> ...`: the package's command line (today: discover). */
export async function cli(args: readonly string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command !== "discover") {
    process.stderr.write(USAGE);
    return command === undefined || command === "--help" || command === "help" ? 0 : 2;
  }
  const { out, ...connection } = parseFlags(rest);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  setProgressLogger(log);
  const ctx = createContext("discover", connection.region ?? "(default region)", { connection });
  const { document, counts } = await discover(ctx, new Set(Object.keys(providers)), (label, count) =>
    log(`${label}: ${count}`),
  );
  const text = `${JSON.stringify(document, null, 2)}\n`;
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
  const width = Math.max(...counts.map(([label]) => label.length));
  log(`\n${document.resources.length} resources to import:`);
  for (const [label, count] of counts) log(`  ${label.padEnd(width)}  ${count}`);
  if (out) log(`\nnext: pulumi import --file ${out} --out <program file>`);
  return 0;
}
