/** Unit and integration tests run in-process; end-to-end tests drive the real engine and are slower. */
const ts = ["ts-jest", { tsconfig: "tsconfig.json", isolatedModules: true }];
const project = (displayName, testMatch, extra = {}) => ({
  displayName,
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ts },
  testMatch,
  ...extra,
});

module.exports = {
  projects: [
    project("unit", ["<rootDir>/{emulator,provider,sdk/nodejs}/src/**/*.test.ts"]),
    project("integration", ["<rootDir>/tests/integration/**/*.test.ts"]),
    project("e2e", ["<rootDir>/tests/e2e/**/*.test.ts"], { slowTestThreshold: 120 }),
  ],
};
