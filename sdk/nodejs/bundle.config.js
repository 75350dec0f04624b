/**
 * esbuild options that bundle the provider implementation (provider/src) into dist/provider.js.
 * Every npm dependency stays external: they are exactly this package's declared dependencies, so an
 * install from the folder or a tarball brings them, and the dynamic-provider host resolves them from
 * the program's node_modules.
 */
const path = require("node:path");
const { dependencies } = require("./package.json");

module.exports = {
  entryPoints: [path.join(__dirname, "..", "..", "provider", "src", "index.ts")],
  outfile: path.join(__dirname, "dist", "provider.js"),
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: true,
  external: Object.keys(dependencies).flatMap((name) => [name, `${name}/*`]),
  logLevel: "warning",
};
