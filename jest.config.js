// Two projects: "unit" (pure TypeScript, no database) and "integration" (real PostgreSQL,
// Medusa booted by @medusajs/test-utils; run with --runInBand). `npm test` runs both.
const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

const swc = [
  "@swc/jest",
  { jsc: { parser: { syntax: "typescript", decorators: true, tsx: true }, target: "es2021" } },
]

const common = {
  transform: { "^.+\\.[jt]sx?$": swc },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "tsx", "json"],
  modulePathIgnorePatterns: ["<rootDir>/.medusa/", "<rootDir>/dist/", "<rootDir>/.demo/"],
}

module.exports = {
  projects: [
    {
      ...common,
      displayName: "unit",
      testMatch: ["<rootDir>/test/**/*.spec.ts", "<rootDir>/src/**/__tests__/**/*.spec.ts"],
    },
    {
      ...common,
      displayName: "integration",
      testMatch: ["<rootDir>/integration-tests/**/*.spec.ts"],
      setupFiles: ["<rootDir>/integration-tests/setup-env.js"],
      setupFilesAfterEnv: ["<rootDir>/integration-tests/setup.js"],
    },
  ],
}
