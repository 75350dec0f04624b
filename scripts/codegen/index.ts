/**
 * `make codegen`: everything generated from schema.json — the Node.js SDK surface, dynamic
 * (sdk/nodejs/src/generated) and plugin flavour (sdk/nodejs/src/plugin/generated), the provider's schema tables (provider/src/generated), the resource
 * reference (docs/reference.md) and the README's generated sections. `--check` writes nothing and exits 1 naming each stale file (the unit suite runs
 * the same comparison, so CI fails on a stale generated file).
 */
import { readFileSync } from "fs";
import { join } from "path";
import { loadSchema, repoRoot, type PackageSchema } from "../schema/model";
import { renderReference, spliceReadme } from "../schema/reference";
import { formatted, staleFiles, writeFiles, type GeneratedFiles } from "./files";
import { PLUGIN_SDK_GENERATED_DIR, renderNodePluginSdk, renderNodeSdk, SDK_GENERATED_DIR } from "./nodejs";
import { PROVIDER_GENERATED_DIR, renderProviderSchema } from "./provider";

/** Folders whose every file is generated (a file no generator produces any more is removed). */
export const GENERATED_DIRS: readonly string[] = [
  SDK_GENERATED_DIR,
  PLUGIN_SDK_GENERATED_DIR,
  PROVIDER_GENERATED_DIR,
];

/** Every generated file, formatted, from `schema`. */
export function generate(schema: PackageSchema = loadSchema()): GeneratedFiles {
  const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
  return formatted(
    new Map([
      ...renderNodeSdk(schema),
      ...renderNodePluginSdk(schema),
      ...renderProviderSchema(schema),
      ["README.md", spliceReadme(readme, schema)],
      ["docs/reference.md", renderReference(schema)],
    ]),
  );
}

export function staleGenerated(schema?: PackageSchema): string[] {
  return staleFiles(generate(schema), GENERATED_DIRS);
}

if (require.main === module) {
  if (process.argv.includes("--check")) {
    const stale = staleGenerated();
    if (stale.length > 0) {
      console.error(`stale generated files (run \`make codegen\`):\n  ${stale.join("\n  ")}`);
      process.exit(1);
    }
    console.log("generated files match schema.json");
  } else {
    const changed = writeFiles(generate(), GENERATED_DIRS);
    console.log(changed.length > 0 ? `regenerated: ${changed.join(", ")}` : "generated files were current");
  }
}
