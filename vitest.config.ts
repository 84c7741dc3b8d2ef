import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    // nock patches the process-wide HTTP stack; isolated forks keep suites from sharing interceptors.
    pool: "forks",
    setupFiles: ["test/setup.ts"],
  },
});
