/**
 * The package must be self-contained: the bundled provider may import only Node built-ins and this
 * package's declared dependencies, and must implement every resource class the SDK exports.
 */
import { builtinModules } from "node:module";
import * as path from "node:path";
import { buildSync, type BuildOptions } from "esbuild";
import * as sdk from "./index";

const packageDir = path.join(__dirname, "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build's own CommonJS config
const config = require(path.join(packageDir, "bundle.config.js")) as BuildOptions;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { dependencies } = require(path.join(packageDir, "package.json")) as {
  dependencies: Record<string, string>;
};

const packageOf = (specifier: string) =>
  specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0];

describe("bundled provider (dist/provider.js)", () => {
  const result = buildSync({ ...config, write: false, metafile: true, sourcemap: false, logLevel: "silent" });
  const output = result.outputFiles.find((f) => f.path.endsWith("provider.js"));

  it("imports nothing but Node built-ins and the package's declared dependencies", () => {
    const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
    const undeclared = imports.filter(
      (p) => !builtinModules.includes(p.replace(/^node:/, "")) && !(packageOf(p) in dependencies),
    );
    expect(imports).toContain("@aws-sdk/client-proton");
    expect(undeclared).toEqual([]);
    // The provider's own code is inside the bundle, not imported.
    expect(imports.some((p) => p.includes("provider/src"))).toBe(false);
  });

  it("implements every resource class the SDK exports, with the full provider interface", () => {
    const module = { exports: {} as { providers?: Record<string, Record<string, unknown>> } };
    // Evaluated the way the dynamic-provider host loads it: CommonJS, dependencies from node_modules.
    new Function("module", "exports", "require", output?.text ?? "")(module, module.exports, require);
    const providers = module.exports.providers ?? {};
    const classes = Object.entries(sdk)
      .filter(([, value]) => typeof value === "function" && "get" in value)
      .map(([name]) => name);
    expect(classes.length).toBeGreaterThanOrEqual(5);
    for (const kind of classes) {
      expect(Object.keys(providers)).toContain(kind);
      for (const method of ["check", "diff", "create", "read", "update", "delete"]) {
        expect(typeof providers[kind][method]).toBe("function");
      }
    }
  });
});
