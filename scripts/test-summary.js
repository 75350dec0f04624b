#!/usr/bin/env node
// Prints the one-line verdict `N passed, N failed` from a jest --json results file (the last line of
// `make test` and CI). A test file that fails to run at all (compile error, crash in a hook outside a
// test) has no failed test of its own, so it counts as one failure: otherwise it would vanish from the count.
"use strict";
const fs = require("node:fs");

const file = process.argv[2];
if (!file || !fs.existsSync(file)) {
  console.log("jest produced no results (it did not run or crashed; see the output above)");
  console.log("0 passed, 0 failed");
  process.exit(1);
}
const results = JSON.parse(fs.readFileSync(file, "utf8"));
const passed = results.numPassedTests;
const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || !results.success ? 1 : 0);
