// `pulumi-aws-proton/plugin` (see src/plugin/index.ts). A file here rather than an `exports` map, so
// every existing path into the package (the `dist/provider` that dynamic resources' state requires)
// stays reachable, and TypeScript's classic `node` module resolution finds the types.
module.exports = require("./dist/plugin");
