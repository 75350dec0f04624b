/**
 * esbuild options that bundle the provider implementation (provider/src) into dist/provider.js, which
 * the dynamic resources load at run time, and the provider plugin and the discover command
 * (provider/src/plugin) into dist/plugin-server.js, with schema.json's text built in (the plugin
 * serves it). Every npm dependency stays external: they are exactly this package's declared
 * dependencies, so an install from the folder or a tarball brings them, and the dynamic-provider host
 * resolves them from the program's node_modules.
 */
const fs = require("node:fs");
const path = require("node:path");
const { dependencies } = require("./package.json");

const root = path.join(__dirname, "..", "..");

module.exports = {
  entryPoints: {
    provider: path.join(root, "provider", "src", "index.ts"),
    "plugin-server": path.join(root, "provider", "src", "plugin", "main.ts"),
  },
  outdir: path.join(__dirname, "dist"),
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: true,
  external: Object.keys(dependencies).flatMap((name) => [name, `${name}/*`]),
  define: { PROTON_SCHEMA_JSON: JSON.stringify(fs.readFileSync(path.join(root, "schema.json"), "utf8")) },
  logLevel: "warning",
};
