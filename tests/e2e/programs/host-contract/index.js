"use strict";
// Every stack output reflects one thing the language host must pass to the Node.js run script.
const pulumi = require("@pulumi/pulumi");

const config = new pulumi.Config();

// Lets the test check how the host reports a program that exits with its own status code.
const exitWith = config.getNumber("exitWith");
if (exitWith) {
  process.exit(exitWith);
}

module.exports = {
  project: pulumi.getProject(),
  stack: pulumi.getStack(),
  organization: pulumi.getOrganization(),
  rootDirectory: pulumi.getRootDirectory(),
  workingDirectory: process.cwd(),
  nodeArgs: process.execArgv,
  typescript: process.env.PULUMI_NODEJS_TYPESCRIPT || "unset",
  dryRun: pulumi.runtime.isDryRun(),
  plain: config.require("plain"),
  tokenIsSecret: pulumi.runtime.isConfigSecret("host-contract:token"),
  token: config.requireSecret("token"),
};
