/** Unit and integration tests run in-process; end-to-end tests drive the real engine and are slower. */
const ts = ["ts-jest", { tsconfig: "tsconfig.json", isolatedModules: true }];
const project = (displayName, testMatch, extra = {}) => ({
  displayName,
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ts },
  testMatch,
  // The shared workspace package runs from its sources, like everything else under test.
  moduleNameMapper: {
    "^@pulumi-aws-proton/template-bundle$": "<rootDir>/packages/template-bundle/src/index.ts",
  },
  ...extra,
});

module.exports = {
  projects: [
    project("unit", ["<rootDir>/{emulator,provider,sdk/nodejs,packages/template-bundle}/src/**/*.test.ts"]),
    project("integration", ["<rootDir>/tests/integration/**/*.test.ts"]),
    project("e2e", ["<rootDir>/tests/e2e/**/*.test.ts"], { slowTestThreshold: 120 }),
  ],
};
