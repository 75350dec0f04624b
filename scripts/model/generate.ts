/**
 * `make codegen-model`: rewrites emulator/src/model/proton.generated.json from the pinned model (see
 * derive.ts), formatted as Prettier would so `make lint` stays clean.
 */
import * as fs from "node:fs";
import * as prettier from "prettier";
import { deriveTable, readSources, repoRoot, TABLE_PATH } from "./derive";

async function main() {
  const table = deriveTable(readSources());
  const options = (await prettier.resolveConfig(TABLE_PATH)) ?? {};
  const text = await prettier.format(JSON.stringify(table), { ...options, filepath: TABLE_PATH });
  fs.writeFileSync(TABLE_PATH, text);
  const counts = `${Object.keys(table.operations).length} operations, ${Object.keys(table.shapes).length} shapes`;
  console.log(`model: wrote ${TABLE_PATH.slice(repoRoot.length + 1)} (${counts}, ${table.source.sdk})`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
