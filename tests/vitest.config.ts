import { defineConfig } from "vitest/config";

// Unit tests of the load generator's own pieces. The e2e suite runs under Playwright, not here.
export default defineConfig({
  test: { name: "tests", include: ["load/**/*.test.ts"], testTimeout: 30_000, hookTimeout: 60_000 },
});
